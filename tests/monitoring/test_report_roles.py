"""Every periodic report action and every role: the walidata (and an
active sysadmin, who is walidata) create, change, generate, finalise and
delete; the walidata and the pembina read; everybody else is refused
with nothing changed. A portal without figures is enough here (the
figures are tested in test_report_files.py)."""

from __future__ import annotations

from typing import Any

import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.satudata.monitoring import window
from ckanext.satudata.monitoring.report import service
from tests.indicators.support import as_user
from tests.monitoring.report_support import report_rows, stored_files

pytestmark = [
    pytest.mark.usefixtures("with_plugins", "clean_db"),
    pytest.mark.ckan_config("ckanext.satudata.monitoring.cache_seconds", "0"),
]

ROLES = ("anonymous", "public", "operator", "verifikator", "other_verifikator",
         "walidata", "pembina", "sysadmin")
WRITERS = {"walidata", "sysadmin"}
READERS = {"walidata", "pembina", "sysadmin"}


@pytest.fixture
def people() -> dict[str, Any]:
    walidata = factories.User(name="walidata")
    factories.Organization(name="diskominfo", users=[
        {"name": walidata["name"], "capacity": "editor"}])
    pembina = factories.User(name="pembina")
    factories.Organization(name="bps", users=[
        {"name": pembina["name"], "capacity": "member"}])
    operator = factories.User(name="operator")
    verifikator = factories.User(name="verifikator")
    other = factories.User(name="verifikator-lain")
    factories.Organization(name="dinkes", users=[
        {"name": operator["name"], "capacity": "editor"},
        {"name": verifikator["name"], "capacity": "admin"}])
    factories.Organization(name="disdik", users=[
        {"name": other["name"], "capacity": "admin"}])
    return {"anonymous": None, "public": factories.User(name="warga"),
            "operator": operator, "verifikator": verifikator,
            "other_verifikator": other, "walidata": walidata, "pembina": pembina,
            "sysadmin": factories.Sysadmin(name="admin-portal")}


def _draft(period: str, **texts: str) -> dict[str, Any]:
    found = window.parse(period)
    assert found is not None
    row = service.create(found, "walidata")
    if texts:
        service.update_texts(row["id"], texts)
    return service.as_dict(service._get(row["id"]))


def _call(action: str, user: dict[str, Any] | None, **data: Any) -> Any:
    try:
        return helpers.call_action(action, as_user(user), **data)
    except helpers.logic.NotAuthorized:
        return "refused"


def _state() -> tuple[Any, Any]:
    return report_rows(), stored_files()


def test_create(people: dict[str, Any]) -> None:
    for number, role in enumerate(ROLES):
        period = f"2025-{number + 1:02d}"
        before = _state()
        result = _call("satudata_monitoring_report_create", people[role], window=period)
        if role in WRITERS:
            assert result["status"] == "draft" and result["window"] == period, role
            assert result["target_percent"] == 80
        else:
            assert result == "refused", role
            assert _state() == before, role
    # one draft per period
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action("satudata_monitoring_report_create",
                            as_user(people["walidata"]), window="2025-06")
    assert "window" in error.value.error_dict
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action("satudata_monitoring_report_create",
                            as_user(people["walidata"]), window="2025-13")
    assert "window" in error.value.error_dict


def test_update(people: dict[str, Any]) -> None:
    report = _draft("2025")
    for role in ROLES:
        before = _state()
        result = _call("satudata_monitoring_report_update", people[role],
                       id=report["id"], rekomendasi=f"oleh {role}")
        if role in WRITERS:
            assert result["rekomendasi"] == f"oleh {role}", role
            assert result["rencana"] == "", role  # left out: kept
        else:
            assert result == "refused", role
            assert _state() == before, role


def test_generate(people: dict[str, Any]) -> None:
    report = _draft("2025")
    earlier: set[str] = set()
    for role in ROLES:
        before = _state()
        result = _call("satudata_monitoring_report_generate", people[role],
                       id=report["id"], background=False)
        if role in WRITERS:
            assert result["pdf"] and result["xlsx"] and result["generated"], role
            assert result["job"]["status"] == "done"
            now = {result["pdf"]["id"], result["xlsx"]["id"]}
            assert not now & earlier  # the files replaced ...
            assert set(stored_files()) == now  # ... and the earlier ones removed
            earlier = now
        else:
            assert result == "refused", role
            assert _state() == before, role


def test_finalise(people: dict[str, Any]) -> None:
    reports = {role: _draft(f"2025-Q{number}", rekomendasi="Rekomendasi.",
                            rencana="Rencana.")
               for number, role in enumerate(("walidata", "sysadmin"), 1)}
    for role in ROLES:
        report = reports.get(role, reports["walidata"])
        before = _state()
        result = _call("satudata_monitoring_report_finalise", people[role],
                       id=report["id"])
        if role in WRITERS:
            assert result["status"] == "final" and result["number"], role
            assert result["finalised_by"] == model.User.get(
                people[role]["name"]).display_name, role
        else:
            assert result == "refused", role
            assert _state() == before, role


def test_finalise_needs_both_texts(people: dict[str, Any]) -> None:
    walidata = people["walidata"]
    report = _draft("2025")
    before = _state()
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action("satudata_monitoring_report_finalise", as_user(walidata),
                            id=report["id"])
    errors = error.value.error_dict
    assert set(errors) == {"rekomendasi", "rencana"}
    assert "Rekomendasi" in errors["rekomendasi"][0]
    assert "Rencana Tindak Lanjut" in errors["rencana"][0]
    assert _state() == before
    # blanks are no text
    helpers.call_action("satudata_monitoring_report_update", as_user(walidata),
                        id=report["id"], rekomendasi="Tingkatkan pendampingan OPD.",
                        rencana="   ")
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action("satudata_monitoring_report_finalise", as_user(walidata),
                            id=report["id"])
    assert set(error.value.error_dict) == {"rencana"}
    helpers.call_action("satudata_monitoring_report_update", as_user(walidata),
                        id=report["id"], rencana="Bimbingan teknis triwulan I.")
    # never generated: the figures are computed when it is finalised
    final = helpers.call_action("satudata_monitoring_report_finalise",
                                as_user(walidata), id=report["id"])
    assert final["status"] == "final" and final["pdf"] and final["xlsx"]
    shown = helpers.call_action("satudata_monitoring_report_show",
                                as_user(walidata), id=report["id"])
    assert shown["figures"]["window"]["id"] == "2025" and shown["tables"]


def test_delete(people: dict[str, Any]) -> None:
    reports = {role: _draft(f"2025-Q{number}")
               for number, role in enumerate(("walidata", "sysadmin"), 1)}
    for role in ROLES:
        report = reports.get(role, reports["walidata"])
        before = _state()
        result = _call("satudata_monitoring_report_delete", people[role],
                       id=report["id"])
        if role in WRITERS:
            assert result is None, role
            with pytest.raises(helpers.logic.NotFound):
                helpers.call_action("satudata_monitoring_report_show",
                                    as_user(people["walidata"]), id=report["id"])
        else:
            assert result == "refused", role
            assert _state() == before, role


def test_show_and_list(people: dict[str, Any]) -> None:
    draft = _draft("2025")
    final = _draft("2024", rekomendasi="R.", rencana="T.")
    service.finalise(final["id"], "walidata")
    for role in ROLES:
        before = _state()
        shown = _call("satudata_monitoring_report_show", people[role], id=draft["id"])
        listed = _call("satudata_monitoring_report_list", people[role])
        if role in READERS:
            assert shown["id"] == draft["id"], role
            assert [item["window"] for item in listed["results"]] == ["2024", "2025"]
            assert listed["count"] == 2
        else:
            assert shown == listed == "refused", role
        assert _state() == before, role
