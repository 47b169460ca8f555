"""Belum diisi: the due periods of the datasets a user fills, oldest first,
overdue after the configured number of days; and the periods of one
dataset (satudata_period_list)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from ckanext.satudata.testing import sdi_fields

from .support import POPULATION, as_user

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")


def _semesters_ended(first_year: int, today: dt.date) -> list[tuple[str, dt.date]]:
    """(id, last day) of every semester from ``first_year`` S1 ended before today."""
    found = []
    for year in range(first_year, today.year + 1):
        for index, end in ((1, dt.date(year, 6, 30)), (2, dt.date(year, 12, 31))):
            if end < today:
                found.append((f"{year}-S{index}", end))
    return found


def _months_back(today: dt.date, count: int) -> list[tuple[str, dt.date]]:
    """(id, last day) of the ``count`` months before today's, oldest first."""
    months = []
    first_of_month = today.replace(day=1)
    for _ in range(count):
        end = first_of_month - dt.timedelta(days=1)
        months.append((f"{end.year}-{end.month:02d}", end))
        first_of_month = end.replace(day=1)
    return list(reversed(months))


def _due(user: Any, **data: Any) -> list[dict[str, Any]]:
    return helpers.call_action("satudata_due_list", as_user(user), **data)


def _save(user: Any, dataset: dict[str, Any], period: str) -> None:
    helpers.call_action(
        "satudata_submission_save", as_user(user), id=dataset["id"], period=period,
        values={"33.74.01": {"perempuan": 1}},
    )


@pytest.fixture
def two_opds(structured: dict[str, Any]) -> dict[str, Any]:
    """The conftest OPD (semester dataset from 2024-S1) and Dinas Sosial with
    a monthly dataset of the last four months, a dataset without structure
    and a deleted one."""
    opd = structured
    other = factories.User(name="operator-dinsos")
    organization = factories.Organization(
        name="dinas-sosial", title="Dinas Sosial",
        users=[{"name": other["name"], "capacity": "editor"}],
    )
    months = _months_back(dt.date.today(), 4)
    monthly = factories.Dataset(
        name="penerima-bansos", title="Penerima Bantuan Sosial",
        owner_org=organization["id"], **sdi_fields(),
    )
    helpers.call_action(
        "satudata_structure_update", as_user(other), id=monthly["id"], **{
            **POPULATION, "granularity": "bulanan", "first_period": months[0][0],
        },
    )
    factories.Dataset(name="tanpa-struktur", owner_org=organization["id"],
                      **sdi_fields())
    deleted = factories.Dataset(name="dihapus", owner_org=organization["id"],
                                **sdi_fields())
    helpers.call_action("satudata_structure_update", as_user(other),
                        id=deleted["id"], **POPULATION)
    helpers.call_action("package_delete", {"user": other["name"]}, id=deleted["id"])
    return {**opd, "other": other, "other_organization": organization,
            "monthly": monthly, "months": months}


def test_due_periods_oldest_first(two_opds):
    today = dt.date.today()
    due = _due(two_opds["operator"])
    expected = _semesters_ended(2024, today)
    assert [item["period"] for item in due] == [period for period, _ in expected]
    assert [item["period_end"] for item in due] == [
        end.isoformat() for _, end in expected
    ]
    first = due[0]
    assert first["package_name"] == "penduduk-kecamatan"
    assert first["package_id"] == two_opds["dataset"]["id"]
    assert first["title"] == "Jumlah Penduduk Menurut Jenis Kelamin"
    assert first["organization"] == "disdukcapil"
    assert first["period_label"] == "2024 Semester 1"
    assert first["status"] == "belum_diisi"
    # the current semester has not ended: it is not due yet
    current = f"{today.year}-S{1 if today.month <= 6 else 2}"
    assert current not in {item["period"] for item in due}


@pytest.mark.ckan_config("ckanext.satudata.fill_deadline_days", "45")
def test_overdue_after_the_deadline(two_opds):
    today = dt.date.today()
    due = _due(two_opds["other"])
    assert [item["period"] for item in due] == [m for m, _ in two_opds["months"]]
    for item, (_, end) in zip(due, two_opds["months"], strict=True):
        deadline = end + dt.timedelta(days=45)
        assert item["deadline"] == deadline.isoformat()
        assert item["overdue"] is (today > deadline), item
    # four and three months back are always past 45 days; last month never
    assert [item["overdue"] for item in due][:2] == [True, True]
    assert due[-1]["overdue"] is False


@pytest.mark.ckan_config("ckanext.satudata.fill_deadline_days", "0")
def test_overdue_the_day_after_the_end_with_no_grace(two_opds):
    due = _due(two_opds["other"])
    assert due and all(item["overdue"] for item in due)
    assert all(item["deadline"] == item["period_end"] for item in due)


@pytest.mark.ckan_config("ckanext.satudata.fill_deadline_days", "36500")
def test_nothing_overdue_with_a_long_deadline(two_opds):
    due = _due(two_opds["operator"])
    assert due and not any(item["overdue"] for item in due)


def test_a_saved_draft_removes_the_period_unless_include_drafts(two_opds):
    operator = two_opds["operator"]
    _save(operator, two_opds["dataset"], "2024-S2")
    periods = [item["period"] for item in _due(operator)]
    assert "2024-S2" not in periods
    assert "2024-S1" in periods
    with_drafts = _due(operator, include_drafts=True)
    statuses = {item["period"]: item["status"] for item in with_drafts}
    assert statuses["2024-S2"] == "draft"
    assert statuses["2024-S1"] == "belum_diisi"
    assert [item["period"] for item in with_drafts] == [
        period for period, _ in _semesters_ended(2024, dt.date.today())
    ]


def test_another_opds_datasets_never_appear(two_opds):
    mine = {item["package_name"] for item in _due(two_opds["operator"])}
    assert mine == {"penduduk-kecamatan"}
    mine = {item["package_name"] for item in _due(two_opds["operator"],
                                                  include_drafts=True)}
    assert mine == {"penduduk-kecamatan"}
    theirs = {item["package_name"] for item in _due(two_opds["other"])}
    assert theirs == {"penerima-bansos"}
    # a plain member fills nothing, neither does the pembina
    assert _due(two_opds["member"]) == []
    pembina = factories.User()
    factories.Organization(name="bps", users=[{"name": pembina["name"],
                                               "capacity": "member"}])
    assert _due(pembina) == []


def test_walidata_sees_every_opd(two_opds):
    sysadmin = factories.Sysadmin()
    staff = factories.User()
    factories.Organization(name="diskominfo", users=[{"name": staff["name"],
                                                      "capacity": "editor"}])
    expected = len(_due(two_opds["operator"])) + len(_due(two_opds["other"]))
    for walidata in (sysadmin, staff):
        due = _due(walidata)
        assert {item["package_name"] for item in due} == {
            "penduduk-kecamatan", "penerima-bansos",
        }
        assert len(due) == expected
        ends = [item["period_end"] for item in due]
        assert ends == sorted(ends)


def test_organization_filter(two_opds):
    walidata = factories.Sysadmin()
    only_dinsos = _due(walidata, organization="dinas-sosial")
    assert {item["organization"] for item in only_dinsos} == {"dinas-sosial"}
    assert only_dinsos == _due(two_opds["other"])
    by_id = _due(walidata, organization=two_opds["organization"]["id"])
    assert by_id == _due(two_opds["operator"])
    # an operator filtering on another OPD gets nothing
    assert _due(two_opds["operator"], organization="dinas-sosial") == []
    assert _due(two_opds["operator"], organization="disdukcapil") == _due(
        two_opds["operator"]
    )


def test_organization_filter_unknown(two_opds, api):
    with pytest.raises(tk.ObjectNotFound):
        _due(two_opds["operator"], organization="tidak-ada")
    body = api.call("satudata_due_list", two_opds["operator"], status=404,
                    organization="tidak-ada")
    # translated in the portal's catalogue
    assert "Organisasi tidak ditemukan" in body["error"]["message"]


def test_due_list_through_the_api(two_opds, api):
    body = api.call("satudata_due_list", two_opds["operator"], include_drafts=True)
    assert body["result"] == _due(two_opds["operator"], include_drafts=True)
    api.call("satudata_due_list", None, status=403)


def test_period_list(two_opds):
    operator = two_opds["operator"]
    _save(operator, two_opds["dataset"], "2024-S1")
    periods = helpers.call_action("satudata_period_list", as_user(operator),
                                  id=two_opds["dataset"]["name"])
    today = dt.date.today()
    ended = [period for period, _ in _semesters_ended(2024, today)]
    current = f"{today.year}-S{1 if today.month <= 6 else 2}"
    assert [p["id"] for p in periods] == [current, *reversed(ended)]
    assert periods[0]["due"] is False
    assert all(p["due"] for p in periods[1:])
    states = {p["id"]: p["state"] for p in periods}
    assert states["2024-S1"] == "draft"
    assert states["2024-S2"] == "belum_diisi"
    assert periods[-1]["label"] == "2024 Semester 1"
    assert periods[-1]["start"] == "2024-01-01"
    assert periods[-1]["end"] == "2024-06-30"
