"""Request figures (``monitoring/requests.py``): data requests and access
requests filed in a window, per OPD, made through the real actions at
frozen moments and counted at a given ``now``, with their exact numbers.

Data requests, window August 2026, counted on Thursday 20 August:

- R1 (filed Mon 3 Aug) forwarded to disdukcapil, answered the same day;
- R2 (Mon 3 Aug) forwarded to disdukcapil and never answered: its
  follow-up stage (1 working day) is overdue;
- R3 (Tue 4 Aug) rejected the same day, never forwarded;
- R4 (Tue 4 Aug) accepted only on Mon 10 Aug (its check took 4 working
  days of 1), then forwarded to dinkes and answered: answered late;
- R5 (Wed 5 Aug) cancelled by the requester;
- R6 (Fri 31 July): before the window;
- R7 (Wed 19 Aug) waiting for the walidata's check, within its limit.

Access requests, window September 2026, counted on Wednesday 30
September (limit: 12 working days):

- A1 (Tue 1 Sep) for a dataset of disdukcapil and one of dinkes,
  delivered the same day;
- A2 (Tue 1 Sep) whose technical verification took until 29 September,
  then delivered: late;
- A3 (Wed 2 Sep) returned to the institution at once (a pause: not late);
- A4 (Thu 3 Sep) still in technical verification: past the limit;
- A5 (Mon 31 Aug): before the window.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.satudata.monitoring import api as monitoring
from ckanext.satudata.testing import sdi_fields
from tests.accessrequests import support as access
from tests.datarequests import support as data

WIB = dt.timezone(dt.timedelta(hours=7))


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=WIB)


# ---- data requests -----------------------------------------------------------------

AUGUST = (dt.date(2026, 8, 1), dt.date(2026, 8, 31))


def _forward_and_answer(people: dict[str, Any], ref: str, organization: str,
                        operator: str) -> None:
    data.call(people, "walidata", "forward", id=ref, organization=organization,
              comment="Mohon data")
    data.call(people, operator, "respond", id=ref,
              files=data.Upload(data.CSV, "data.csv"))
    data.call(people, "walidata", "deliver", id=ref, comment="Terlampir")


@pytest.fixture
def data_requests(freezer: Any) -> dict[str, Any]:
    people = data.make_people()
    disdukcapil = people["organization"]["name"]
    dinkes = people["other_organization"]["name"]
    found: dict[str, Any] = {"people": people}

    freezer.move_to(at("2026-07-31"))
    found["R6"] = data.create(people)["id"]
    freezer.move_to(at("2026-08-03"))
    r1 = found["R1"] = data.create(people)["id"]
    data.call(people, "walidata", "accept", id=r1)
    _forward_and_answer(people, r1, disdukcapil, "operator")
    r2 = found["R2"] = data.create(people)["id"]
    data.call(people, "walidata", "accept", id=r2)
    data.call(people, "walidata", "forward", id=r2, organization=disdukcapil)
    freezer.move_to(at("2026-08-04"))
    r3 = found["R3"] = data.create(people)["id"]
    data.call(people, "walidata", "reject", id=r3, reason="Data tidak tersedia")
    r4 = found["R4"] = data.create(people)["id"]
    freezer.move_to(at("2026-08-05"))
    r5 = found["R5"] = data.create(people)["id"]
    data.call(people, "requester", "cancel", id=r5, reason="Tidak jadi")
    freezer.move_to(at("2026-08-10"))
    data.call(people, "walidata", "accept", id=r4)
    data.call(people, "walidata", "forward", id=r4, organization=dinkes)
    data.call(people, "other_operator", "respond", id=r4,
              files=data.Upload(data.CSV, "data.csv"))
    data.call(people, "walidata", "deliver", id=r4)
    freezer.move_to(at("2026-08-19"))
    found["R7"] = data.create(people)["id"]
    freezer.move_to(at("2026-08-20", 12))
    return found


def _counts(found: monitoring.DataRequestCounts) -> tuple[int, ...]:
    return (found.received, found.answered, found.answered_in_time, found.late,
            found.rejected, found.in_progress, found.cancelled)


@pytest.mark.usefixtures("clean_db", "with_plugins")
def test_data_requests_per_opd_and_window(data_requests: dict[str, Any]) -> None:
    people = data_requests["people"]
    figures = monitoring.data_request_figures(*AUGUST, now=at("2026-08-20", 12))
    #                  received answered in-time late rejected in-progress cancelled
    assert _counts(figures.total) == (6, 3, 2, 2, 1, 2, 1)
    assert figures.total.answered_late == 1
    assert figures.total.percent_in_time == 67
    assert _counts(figures.not_forwarded) == (3, 1, 1, 0, 1, 1, 1)
    by_opd = {o.name: _counts(o.counts) for o in figures.organizations}
    assert by_opd == {"disdukcapil": (2, 1, 1, 1, 0, 1, 0),
                      "dinkes": (1, 1, 0, 1, 0, 0, 0)}
    assert [o.organization_id for o in figures.organizations] == sorted(
        (people["other_organization"]["id"], people["organization"]["id"]),
        key=lambda i: model.Group.get(i).title.casefold())
    shown = figures.as_dict()
    assert shown["start"] == "2026-08-01" and shown["end"] == "2026-08-31"
    assert shown["total"] == {
        "received": 6, "answered": 3, "answered_in_time": 2, "late": 2,
        "rejected": 1, "in_progress": 2, "cancelled": 1, "answered_late": 1,
        "percent_in_time": 67}
    assert {o["name"]: o["received"] for o in shown["organizations"]} == {
        "disdukcapil": 2, "dinkes": 1}

    # some OPDs, other windows
    now = at("2026-08-20", 12)
    dinkes = monitoring.data_request_figures(
        *AUGUST, [people["other_organization"]["id"]], now=now)
    assert _counts(dinkes.total) == (1, 1, 0, 1, 0, 0, 0)
    assert _counts(dinkes.not_forwarded) == (0,) * 7
    assert [o.name for o in dinkes.organizations] == ["dinkes"]
    # one day: R3 and R4 (R4 was still waiting on 4 August, but is counted
    # as it stands now)
    day = monitoring.data_request_figures(dt.date(2026, 8, 4), dt.date(2026, 8, 4),
                                          now=now)
    assert _counts(day.total) == (2, 2, 1, 1, 1, 0, 0)
    # July: R6, still waiting for the walidata's check, long overdue
    july = monitoring.data_request_figures(dt.date(2026, 7, 1), dt.date(2026, 7, 31),
                                           now=now)
    assert _counts(july.total) == (1, 0, 0, 1, 0, 1, 0)
    # R7 counted on the day it was filed: not late yet
    filed = monitoring.data_request_figures(dt.date(2026, 8, 19),
                                            dt.date(2026, 8, 19), now=now)
    assert _counts(filed.total) == (1, 0, 0, 0, 0, 1, 0)
    assert filed.total.percent_in_time is None


# ---- access requests ---------------------------------------------------------------

SEPTEMBER = (dt.date(2026, 9, 1), dt.date(2026, 9, 30))


def _second_dataset(people: dict[str, Any]) -> dict[str, Any]:
    """A terbatas level 2 dataset of another OPD, its table in the DataStore."""
    organization = factories.Organization(name="dinkes")
    dataset = factories.Dataset(
        name="pasien-rawat-inap", title="Pasien Rawat Inap",
        owner_org=organization["id"],
        **sdi_fields(keterbukaan="terbatas", level_akses="2"))
    resource = factories.Resource(package_id=dataset["id"], name="Data mikro",
                                  url="", url_type="datastore")
    helpers.call_action(
        "datastore_create", access.site(), resource_id=resource["id"], force=True,
        fields=[{"id": "Umur", "type": "int4"}], records=[{"Umur": 40}])
    people["other_organization"] = organization
    return dataset


def _file(people: dict[str, Any], *datasets: dict[str, Any]) -> str:
    return access.call(
        people, "institution_user", "access_request_create",
        letter_number="005/123/BAPPEDA/2026", purpose="Kajian", agree=True,
        items=[{"dataset_id": d["id"], "variables": ["Umur"], "notes": "",
                "format": "csv"} for d in datasets],
        **access.attachments())["number"]


def _deliver(people: dict[str, Any], ref: str, first: bool = True) -> None:
    """Every stage by the walidata, the extracts built: a level 2 request is
    delivered at once after the quality check."""
    stages = ["verifikasi_teknis", "verifikasi_substansi", "verifikasi_koordinator"]
    for stage in stages if first else stages[1:]:
        access.call(people, "walidata", "access_request_advance", id=ref, stage=stage)
    access.run_jobs()
    access.call(people, "walidata", "access_request_extract", id=ref)
    access.run_jobs()
    for stage in ("pengolahan_data", "cek_kualitas"):
        shown = access.call(people, "walidata", "access_request_advance", id=ref,
                            stage=stage)
    assert shown["status"] == "selesai"


def _access_counts(found: monitoring.AccessRequestCounts) -> tuple[int, ...]:
    return (found.received, found.delivered, found.delivered_in_time, found.late,
            found.returned, found.in_progress, found.rejected)


@pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins", "mailbox")
def test_access_requests_per_opd(freezer: Any) -> None:
    people = access.people_with_data(level="2")
    first, second = people["dataset"], _second_dataset(people)
    freezer.move_to(at("2026-08-31"))
    _file(people, first)
    freezer.move_to(at("2026-09-01"))
    a1 = _file(people, first, second)
    _deliver(people, a1)
    a2 = _file(people, first)
    freezer.move_to(at("2026-09-02"))
    a3 = _file(people, first)
    access.call(people, "walidata", "access_request_return", id=a3,
                stage="verifikasi_teknis", note="KAK belum ditandatangani")
    freezer.move_to(at("2026-09-03"))
    _file(people, first)
    a5 = _file(people, first)
    access.call(people, "walidata", "access_request_reject", id=a5,
                reason="Bukan data terbatas yang dikelola daerah")
    freezer.move_to(at("2026-09-29"))
    access.call(people, "walidata", "access_request_advance", id=a2,
                stage="verifikasi_teknis")
    _deliver(people, a2, first=False)
    now = at("2026-09-30", 12)
    freezer.move_to(now)

    figures = monitoring.access_request_figures(*SEPTEMBER, now=now)
    #                     received delivered in-time late returned in-progress rejected
    assert _access_counts(figures.total) == (5, 2, 1, 2, 1, 1, 1)
    assert figures.total.percent_in_time == 50
    by_opd = {o.name: _access_counts(o.counts) for o in figures.organizations}
    assert by_opd == {"disdukcapil": (5, 2, 1, 2, 1, 1, 1),
                      "dinkes": (1, 1, 1, 0, 0, 0, 0)}
    shown = figures.as_dict()
    assert shown["total"] == {"received": 5, "delivered": 2, "delivered_in_time": 1,
                              "late": 2, "returned": 1, "in_progress": 1,
                              "rejected": 1, "percent_in_time": 50}
    dinkes = monitoring.access_request_figures(
        *SEPTEMBER, [people["other_organization"]["id"]], now=now)
    assert _access_counts(dinkes.total) == (1, 1, 1, 0, 0, 0, 0)
    assert [o.name for o in dinkes.organizations] == ["dinkes"]
    august = monitoring.access_request_figures(dt.date(2026, 8, 1),
                                               dt.date(2026, 8, 31), now=now)
    assert _access_counts(august.total) == (1, 0, 0, 1, 0, 1, 0)
    # A4 counted the day after it was filed: within the limit
    early = monitoring.access_request_figures(dt.date(2026, 9, 3),
                                              dt.date(2026, 9, 3), now=at("2026-09-04"))
    assert _access_counts(early.total) == (2, 0, 0, 0, 0, 1, 1)
