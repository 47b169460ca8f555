"""The holiday actions by every role, through the action layer and the
HTTP Action API: everybody (anonymous too) lists a year's holidays; only
the walidata (a sysadmin counting as walidata) add and delete regional
holidays, and a refusal writes nothing. A regional holiday added through
the action moves the working-day arithmetic at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import helpers

from ckanext.satudata.calendar import api as calendar
from ckanext.satudata.calendar.api import Stage, StageRecord
from tests.indicators.support import Api, as_user

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

ROLES = ("anonymous", "public", "operator", "verifikator", "other_operator",
         "pembina", "walidata", "sysadmin")
KEEPERS = frozenset({"walidata", "sysadmin"})
HARI_JADI = {"day": "2026-04-01", "name": "Hari Jadi Kota Malang"}


def _user(people: dict[str, Any], role: str) -> dict[str, Any] | None:
    return None if role == "anonymous" else people[role]


def _rows() -> list[tuple[Any, ...]]:
    """Every stored regional holiday (equal before and after: nothing
    written)."""
    return [tuple(row) for row in model.Session.execute(sa.text(
        "SELECT id, day, name, created_by FROM satudata_holiday ORDER BY day"))]


def _create(who: dict[str, Any] | None, **data: Any) -> dict[str, Any]:
    return helpers.call_action("satudata_holiday_create", as_user(who), **data)


def _errors(raised: pytest.ExceptionInfo[tk.ValidationError]) -> dict[str, Any]:
    return raised.value.error_dict


@pytest.fixture
def walidata() -> dict[str, Any]:
    """A walidata (editor of the walidata organization), without the rest
    of ``people``."""
    from ckan.tests import factories

    user = factories.User(name="walidata")
    factories.Organization(name="diskominfo", users=[
        {"name": user["name"], "capacity": "editor"}])
    return user


def test_every_role_lists_the_holidays(people):
    for role in ROLES:
        found = helpers.call_action("satudata_holiday_list",
                                    as_user(_user(people, role)), year=2026)
        assert found["year"] == 2026 and found["national_known"] is True, role
        assert len(found["holidays"]) == 25, role
        assert {"day": "2026-06-01", "name": "Hari Lahir Pancasila",
                "kind": "libur_nasional", "day_off": True}.items() <= (
            found["holidays"][19].items()), role


def _refused(people: dict[str, Any], role: str) -> None:
    """``role`` may neither add nor delete: nothing written."""
    who = _user(people, role)
    with pytest.raises(tk.NotAuthorized):
        _create(who, **HARI_JADI)
    assert _rows() == [], role
    # someone allowed adds one, which the role may not delete either
    created = _create(people["walidata"], **HARI_JADI)
    before = _rows()
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("satudata_holiday_delete", as_user(who), id=created["id"])
    assert _rows() == before and len(before) == 1, role
    helpers.call_action("satudata_holiday_delete", as_user(people["walidata"]),
                        id=created["id"])


def _allowed(people: dict[str, Any], role: str) -> None:
    """``role`` adds a regional holiday, everybody sees it, ``role``
    deletes it."""
    who = _user(people, role)
    assert who is not None
    created = _create(who, **HARI_JADI)
    account = model.User.get(who["name"])
    assert created == {
        "id": created["id"], "day": "2026-04-01", "name": "Hari Jadi Kota Malang",
        "kind": "regional", "kind_label": created["kind_label"], "day_off": True,
        "created": created["created"], "created_by": account.id,
    }
    assert _rows() == [(created["id"], dt.date(2026, 4, 1), "Hari Jadi Kota Malang",
                        account.id)]
    listed = helpers.call_action("satudata_holiday_list", as_user(None), year=2026)
    regional = [item for item in listed["holidays"] if item["kind"] == "regional"]
    assert [(item["id"], item["day"], item["name"]) for item in regional] == [
        (created["id"], "2026-04-01", "Hari Jadi Kota Malang")]
    helpers.call_action("satudata_holiday_delete", as_user(who), id=created["id"])
    assert _rows() == []


def test_only_walidata_keep_regional_holidays(people):
    """Each role in turn, from an empty table (each allowed cycle ends by
    deleting what it added)."""
    for role in ROLES:
        if role in KEEPERS:
            _allowed(people, role)
        else:
            _refused(people, role)


def test_the_http_api_refuses_and_allows(app, people):
    api = Api(app)
    assert api.call("satudata_holiday_list", None, year=2027)["result"]["year"] == 2027
    default = api.call("satudata_holiday_list", None)["result"]
    assert default["year"] == calendar.local_date(dt.datetime.now(dt.timezone.utc)).year
    for refused in (None, people["public"], people["operator"], people["pembina"]):
        api.call("satudata_holiday_create", refused, status=403, **HARI_JADI)
    assert _rows() == []
    created = api.call("satudata_holiday_create", people["walidata"],
                       **HARI_JADI)["result"]
    api.call("satudata_holiday_delete", people["operator"], status=403,
             id=created["id"])
    assert len(_rows()) == 1
    api.call("satudata_holiday_delete", people["sysadmin"], id=created["id"])
    assert _rows() == []


#: Invalid parameters of satudata_holiday_create and the field refused.
INVALID = [
    ({"name": "Hari Jadi"}, "day"),
    ({"day": "2026-04-01"}, "name"),
    ({"day": "2026-04-01", "name": "   "}, "name"),
    ({"day": "2026-04-01", "name": "x" * 201}, "name"),
    ({"day": "01-04-2026", "name": "Hari Jadi"}, "day"),
    ({"day": "2026-02-30", "name": "Hari Jadi"}, "day"),
    ({"day": "1999-04-01", "name": "Hari Jadi"}, "day"),
    ({"day": 20260401, "name": "Hari Jadi"}, "day"),
    ({"day": ["2026-04-01"], "name": "Hari Jadi"}, "day"),
    ({"day": "2026-04-01", "name": {"id": "Hari Jadi"}}, "name"),
]


def test_invalid_holidays_are_refused_naming_the_field(walidata):
    for data, field in INVALID:
        with pytest.raises(tk.ValidationError) as raised:
            _create(walidata, **data)
        assert field in _errors(raised), data
        assert _rows() == [], data
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("satudata_holiday_list", as_user(None), year="20x6")
    assert "year" in _errors(raised)


def test_a_day_already_off_is_refused_with_its_name(walidata):
    with pytest.raises(tk.ValidationError) as raised:
        _create(walidata, day="2026-08-17", name="Hari Jadi")
    assert "Proklamasi Kemerdekaan" in _errors(raised)["day"][0]
    with pytest.raises(tk.ValidationError) as raised:
        _create(walidata, day="2026-02-16", name="Hari Jadi")  # cuti bersama
    assert "Tahun Baru Imlek 2577 Kongzili" in _errors(raised)["day"][0]
    _create(walidata, **HARI_JADI)
    with pytest.raises(tk.ValidationError) as raised:
        _create(walidata, day="2026-04-01", name="Hari lain")
    assert "Hari Jadi Kota Malang" in _errors(raised)["day"][0]
    assert [row[2] for row in _rows()] == ["Hari Jadi Kota Malang"]


@pytest.mark.ckan_config("ckanext.satudata.calendar.cuti_bersama_off", "false")
@pytest.mark.usefixtures("ckan_config")
def test_a_cuti_bersama_working_day_may_become_a_regional_holiday(walidata):
    assert calendar.is_working_day("2026-02-16")
    _create(walidata, day="2026-02-16", name="Cuti bersama daerah")
    assert not calendar.is_working_day("2026-02-16")
    assert calendar.add_working_days("2026-02-13", 1) == dt.date(2026, 2, 18)


def test_names_are_tidied(walidata):
    created = _create(walidata, day="2026-05-02", name="  Hari Jadi\n Kota  ")
    assert created["name"] == "Hari Jadi Kota"


def test_deleting_a_missing_holiday(walidata):
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("satudata_holiday_delete", as_user(walidata),
                            id="no-such-holiday")
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("satudata_holiday_delete", as_user(walidata))
    assert "id" in _errors(raised)


def test_a_regional_holiday_moves_the_deadlines(walidata):
    """Filed on Tuesday 31 March: 1 working day ends on Wednesday 1 April,
    until the walidata make it Hari Jadi Kota; with Good Friday (3 April)
    a 2-day limit then ends on Monday 6 April."""
    stage = Stage("diterima", "Received", "walidata", 2)
    record = StageRecord("diterima", dt.datetime(2026, 3, 31, 10, 0))
    assert calendar.add_working_days("2026-03-31", 1) == dt.date(2026, 4, 1)
    assert calendar.due_date(stage, record) == dt.date(2026, 4, 2)
    created = _create(walidata, **HARI_JADI)
    assert not calendar.is_working_day("2026-04-01")
    assert calendar.add_working_days("2026-03-31", 1) == dt.date(2026, 4, 2)
    assert calendar.due_date(stage, record) == dt.date(2026, 4, 6)
    assert calendar.working_days_between("2026-03-31", "2026-04-06") == 2
    assert [item["name"] for item in calendar.holidays(2026)
            if item["kind"] == calendar.REGIONAL] == ["Hari Jadi Kota Malang"]
    helpers.call_action("satudata_holiday_delete", as_user(walidata),
                        id=created["id"])
    assert calendar.add_working_days("2026-03-31", 1) == dt.date(2026, 4, 1)


def test_a_holiday_added_in_another_request_is_seen(app, walidata):
    assert calendar.is_working_day("2026-04-01")  # read and cached here
    Api(app).call("satudata_holiday_create", walidata, **HARI_JADI)
    assert not calendar.is_working_day("2026-04-01")


def test_a_rolled_back_holiday_is_forgotten(walidata):
    context = {**as_user(walidata), "defer_commit": True}
    helpers.call_action("satudata_holiday_create", context, **HARI_JADI)
    assert not calendar.is_working_day("2026-04-01")  # read within the transaction
    model.Session.rollback()
    assert _rows() == []
    assert calendar.is_working_day("2026-04-01")
