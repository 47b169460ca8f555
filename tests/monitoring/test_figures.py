"""The figures against the hand-made fixture of :mod:`.support`: exact."""

from __future__ import annotations

from typing import Any

import pytest

from ckanext.satudata.monitoring import facts, figures, window
from tests.monitoring.support import TODAY, build

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")

YEAR = window.parse("2024")


@pytest.fixture
def fixture() -> dict[str, Any]:
    found = build()
    facts.refresh(None, today=TODAY)
    return found


def _row(rows: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(row for row in rows if row["name"] == name)


def test_per_opd(fixture: dict[str, Any]) -> None:
    assert YEAR is not None
    result = figures.organizations(YEAR, None, TODAY)
    rows = result["organizations"]
    d = _row(rows, "disdukcapil")
    assert {key: d[key] for key in (
        "datasets", "structured", "due", "filled", "submitted", "verified",
        "published", "fill_rate", "verified_rate", "deadline_passed", "on_time",
        "late", "overdue", "compliance_rate", "max_days_late", "returns",
        "cell_notes", "changes_approved", "verify_median", "verify_max",
        "publish_median", "publish_max", "light", "rank")} == {
        "datasets": 1, "structured": 1, "due": 2, "filled": 2, "submitted": 1,
        "verified": 1, "published": 1, "fill_rate": 100.0, "verified_rate": 50.0,
        "deadline_passed": 2, "on_time": 1, "late": 0, "overdue": 1,
        "compliance_rate": 50.0, "max_days_late": 27, "returns": 1,
        "cell_notes": 1, "changes_approved": 0, "verify_median": 2.0,
        "verify_max": 2, "publish_median": 3.0, "publish_max": 3,
        "light": "green", "rank": 1}
    k = _row(rows, "dinkes")
    assert {key: k[key] for key in (
        "due", "filled", "published", "fill_rate", "verified_rate", "on_time",
        "late", "overdue", "compliance_rate", "max_days_late", "returns",
        "verify_median", "publish_median", "light", "rank")} == {
        "due": 2, "filled": 1, "published": 1, "fill_rate": 50.0,
        "verified_rate": 50.0, "on_time": 0, "late": 1, "overdue": 1,
        "compliance_rate": 0.0, "max_days_late": 27, "returns": 0,
        "verify_median": 1.0, "publish_median": 2.0, "light": "amber", "rank": 2}
    total = result["total"]
    assert (total["due"], total["filled"], total["fill_rate"], total["verified_rate"],
            total["overdue"], total["late"], total["missing_days_total"],
            total["verify_median"]) == (4, 3, 75.0, 50.0, 2, 1, 54, 1.5)
    # only diskominfo/bps own no dataset: they are not OPDs in the ranking
    assert [row["name"] for row in rows] == ["disdukcapil", "dinkes"]


def test_per_urusan_and_scope(fixture: dict[str, Any]) -> None:
    assert YEAR is not None
    sectors = figures.sectors(YEAR, None, TODAY)
    assert [(row["code"], row["fill_rate"]) for row in sectors] == [
        ("2.12", 100.0), ("1.02", 50.0)]
    only = figures.organizations(YEAR, [fixture["dinkes"]["organization"]["id"]],
                                 TODAY)
    assert [row["name"] for row in only["organizations"]] == ["dinkes"]
    assert only["total"]["due"] == 2


def test_windows_and_trend(fixture: dict[str, Any]) -> None:
    first = window.parse("2024-S1")
    assert first is not None
    result = figures.organizations(first, None, TODAY)
    assert (result["total"]["due"], result["total"]["published"],
            result["total"]["on_time"], result["total"]["late"]) == (2, 2, 1, 1)
    points = figures.trend(window.trend(window.parse("2024-S2") or first, 3),
                           None, TODAY)
    assert [(p["window"], p["due"], p["fill_rate"]) for p in points] == [
        ("2023-S2", 0, None), ("2024-S1", 2, 100.0), ("2024-S2", 2, 50.0)]


def test_problems(fixture: dict[str, Any]) -> None:
    assert YEAR is not None
    rows = figures.problems(YEAR, None, TODAY)
    assert [(row["organization"], row["period"], row["kind"], row["days_late"])
            for row in rows] == [
        ("dinkes", "2024-S1", "late", 4),
        ("disdukcapil", "2024-S1", "returned", 0),
        ("dinkes", "2024-S2", "overdue", 27),
        ("disdukcapil", "2024-S2", "overdue", 27),
    ]
