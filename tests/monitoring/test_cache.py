"""The figures are cached across requests and processes (Redis) and
follow every change at once (the version bump of a refresh)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import helpers

from tests.indicators.support import as_user
from tests.monitoring.support import CELL, build

pytestmark = [
    pytest.mark.usefixtures("with_plugins", "clean_datastore"),
    pytest.mark.ckan_config("ckanext.satudata.monitoring.cache_seconds", "3600"),
]


@pytest.fixture
def statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    engine = model.meta.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    yield seen
    sa.event.remove(engine, "before_cursor_execute", record)


def _summary(user: dict[str, Any]) -> dict[str, Any]:
    return helpers.call_action("satudata_monitoring_summary", as_user(user),
                               window="2024")


def test_cached_then_invalidated(statements: list[str]) -> None:
    found = build()
    walidata = found["walidata"]
    first = _summary(walidata)
    statements.clear()
    again = _summary(walidata)
    assert again == first
    assert not [s for s in statements if "satudata_monitoring_period" in s]

    dinkes = found["dinkes"]
    before = next(row for row in first["organizations"] if row["name"] == "dinkes")
    helpers.call_action("satudata_submission_save", as_user(dinkes["operator"]),
                        id=dinkes["dataset"]["id"], period="2024-S2",
                        values={CELL: {"perempuan": 7}})
    after = next(row for row in _summary(walidata)["organizations"]
                 if row["name"] == "dinkes")
    assert (before["filled"], after["filled"]) == (1, 2)
    assert after["fill_rate"] == 100.0
