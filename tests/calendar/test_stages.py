"""The stage engine with a fixed clock: due dates, working days taken,
remaining and Terlambat for the stages of the SOP Permohonan Data bagi
Instansi (Diskominfo Kota Malang): Diterima 1, Surat Pengantar 1,
Ditindaklanjuti 1, Penyampaian/Penolakan 5, Data balikan 30 working days;
pauses ("Menunggu kelengkapan") stop the clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import lokal
import pytest

from ckanext.satudata.calendar import api as calendar
from ckanext.satudata.calendar.api import Pause, Stage, StageRecord

pytestmark = pytest.mark.usefixtures("calendar_db")

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")

STAGES = (
    Stage("diterima", "Received", "walidata", 1),
    Stage("surat_pengantar", "Covering letter", "walidata", 1),
    Stage("ditindaklanjuti", "Followed up", "produsen", 1),
    Stage("penyampaian", "Data delivered or refused", "walidata", 5),
    Stage("data_balikan", "Feedback data", "pemohon", 30),
)
DITERIMA, PENGANTAR, TINDAK_LANJUT, PENYAMPAIAN, BALIKAN = STAGES


def at(text: str) -> dt.datetime:
    """A moment in Jakarta: ``2026-05-29 15:00``."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=WIB)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ---- a request filed on Friday before Hari Lahir Pancasila (Monday 1 June) ---

FILED = at("2026-05-29 15:00")  # Friday afternoon
RECEIVED = StageRecord("diterima", started=FILED)


@pytest.mark.parametrize(("now", "taken", "remaining", "overdue"), [
    ("2026-05-29 16:00", 0, 1, False),   # the same afternoon
    ("2026-05-30 10:00", 0, 1, False),   # Saturday
    ("2026-06-01 10:00", 0, 1, False),   # Monday: Hari Lahir Pancasila
    ("2026-06-02 16:59", 1, 0, False),   # Tuesday: the due date
    ("2026-06-03 08:00", 2, -1, True),   # Wednesday morning: Terlambat
    ("2026-06-08 08:00", 5, -4, True),
])
def test_an_open_stage_as_of_a_fixed_clock(now, taken, remaining, overdue):
    timing = calendar.timing(DITERIMA, RECEIVED, now=at(now))
    assert timing.due == d("2026-06-02")
    assert (timing.taken, timing.remaining, timing.overdue) == (
        taken, remaining, overdue)
    assert calendar.overdue(DITERIMA, RECEIVED, now=at(now)) is overdue


def test_the_sop_stages_one_after_another():
    """Each stage starts when the previous one finished; every one on time
    but the delivery, two days late; then 30 working days of data balikan
    across 1 Muharam (Tuesday 16 June)."""
    received = StageRecord("diterima", FILED, finished=at("2026-06-02 10:00"),
                           actor="walidata", comment="Berkas lengkap")
    letter = StageRecord("surat_pengantar", received.finished,
                         finished=at("2026-06-03 14:00"), actor="walidata")
    followed = StageRecord("ditindaklanjuti", letter.finished,
                           finished=at("2026-06-04 09:00"), actor="operator")
    delivered = StageRecord("penyampaian", followed.finished,
                            finished=at("2026-06-15 11:00"), actor="walidata")
    feedback = StageRecord("data_balikan", delivered.finished)
    expected = [
        (DITERIMA, received, "2026-06-02", 1, False),
        (PENGANTAR, letter, "2026-06-03", 1, False),
        (TINDAK_LANJUT, followed, "2026-06-04", 1, False),
        # from Thursday 4 June: 5, 8, 9, 10, 11 June
        (PENYAMPAIAN, delivered, "2026-06-11", 7, True),
    ]
    for stage, record, due, taken, late in expected:
        timing = calendar.timing(stage, record)  # finished: no clock needed
        assert (timing.due, timing.taken, timing.overdue) == (
            d(due), taken, late), stage.code
    assert calendar.remaining(PENYAMPAIAN, delivered) == -2
    # 30 working days from Monday 15 June, 1 Muharam excluded
    due = calendar.due_date(BALIKAN, feedback)
    assert due == d("2026-07-28") == lokal.add_working_days(d("2026-06-15"), 30)
    assert not calendar.overdue(BALIKAN, feedback, now=at("2026-07-28 23:59"))
    assert calendar.overdue(BALIKAN, feedback, now=at("2026-07-29 00:00"))


def test_filed_on_friday_before_cuti_bersama_and_imlek():
    record = StageRecord("diterima", at("2026-02-13 15:00"))
    # Monday 16 February is cuti bersama, Tuesday 17 Imlek
    assert calendar.due_date(DITERIMA, record) == d("2026-02-18")
    assert not calendar.overdue(DITERIMA, record, now=at("2026-02-18 16:00"))
    assert calendar.overdue(DITERIMA, record, now=at("2026-02-19 08:00"))


def test_filed_on_a_weekend_counts_from_monday():
    record = StageRecord("diterima", at("2026-01-10 09:00"))  # Saturday
    assert calendar.day_zero(record.started) == d("2026-01-12")
    assert calendar.due_date(DITERIMA, record) == d("2026-01-13")
    assert calendar.taken(record, now=at("2026-01-12 17:00")) == 0


def test_the_weekend_after_a_friday_due_date_is_already_late():
    """Due at the end of Friday: on Saturday the deadline has passed
    (Terlambat) though no further working day was spent."""
    record = StageRecord("diterima", at("2026-01-08 10:00"))  # Thursday
    assert calendar.due_date(DITERIMA, record) == d("2026-01-09")
    saturday = at("2026-01-10 10:00")
    assert calendar.remaining(DITERIMA, record, now=saturday) == 0
    assert calendar.overdue(DITERIMA, record, now=saturday)


# ---- pauses: "Menunggu kelengkapan" stops the clock ------------------------

DELIVERY_START = at("2026-06-04 09:00")  # Thursday; due 11 June without pause
WAITING = Pause(at("2026-06-08 11:00"), at("2026-06-10 09:00"), "Menunggu kelengkapan")


def test_a_pause_pushes_the_due_date_by_its_working_days():
    record = StageRecord("penyampaian", DELIVERY_START, pauses=(WAITING,))
    # 9 and 10 June stood still (8 June counts: the clock ran until 11:00)
    assert calendar.paused_days(record, now=at("2026-06-15 16:00")) == 2
    assert calendar.due_date(PENYAMPAIAN, record) == d("2026-06-15")
    on_time = calendar.timing(PENYAMPAIAN, record, now=at("2026-06-15 16:00"))
    assert (on_time.taken, on_time.remaining, on_time.overdue) == (5, 0, False)
    # Tuesday 16 June is 1 Muharam: Wednesday is the next working day
    late = calendar.timing(PENYAMPAIAN, record, now=at("2026-06-17 08:00"))
    assert (late.taken, late.remaining, late.overdue) == (6, -1, True)


def test_a_stage_waiting_for_documents_is_never_late():
    record = StageRecord("penyampaian", DELIVERY_START,
                         pauses=(Pause(at("2026-06-08 11:00")),))
    assert record.waiting
    soon = calendar.timing(PENYAMPAIAN, record, now=at("2026-06-10 12:00"))
    assert (soon.taken, soon.paused, soon.due) == (2, 2, d("2026-06-15"))
    # two weeks later, still waiting: the clock still stands at 2 days
    later = calendar.timing(PENYAMPAIAN, record, now=at("2026-06-20 10:00"))
    assert (later.taken, later.paused, later.overdue, later.waiting) == (
        2, 8, False, True)
    assert later.due == d("2026-06-24")
    with pytest.raises(ValueError):
        calendar.due_date(PENYAMPAIAN, record)  # an open pause needs now


def test_a_pause_ended_by_the_stage_ending():
    record = StageRecord("penyampaian", DELIVERY_START,
                         finished=at("2026-06-12 10:00"),
                         pauses=(Pause(at("2026-06-08 11:00")),))
    assert not record.waiting
    # paused 9-12 June; worked 5 and 8 June
    timing = calendar.timing(PENYAMPAIAN, record, now=at("2026-07-01 10:00"))
    assert (timing.taken, timing.paused, timing.overdue) == (2, 4, False)


def test_pauses_on_a_weekend_or_overlapping_count_once():
    weekend = Pause(at("2026-06-06 09:00"), at("2026-06-07 18:00"))
    overlapping = (WAITING, Pause(at("2026-06-09 08:00"), at("2026-06-11 08:00")))
    assert calendar.paused_days(StageRecord(
        "penyampaian", DELIVERY_START, finished=at("2026-06-19 10:00"),
        pauses=(weekend,))) == 0
    # 9, 10 and 11 June
    record = StageRecord("penyampaian", DELIVERY_START,
                         finished=at("2026-06-19 10:00"), pauses=overlapping)
    assert calendar.paused_days(record) == 3
    assert calendar.due_date(PENYAMPAIAN, record) == d("2026-06-17")


# ---- definitions ------------------------------------------------------------

def test_an_open_stage_needs_now():
    with pytest.raises(ValueError):
        calendar.taken(RECEIVED)
    with pytest.raises(ValueError):
        calendar.overdue(DITERIMA, RECEIVED)
    # its due date does not (no pause is open)
    assert calendar.due_date(DITERIMA, RECEIVED) == d("2026-06-02")


def test_a_stage_without_a_limit_is_never_late():
    stage = Stage("arsip", "Archived", "walidata")
    record = StageRecord("arsip", FILED)
    timing = calendar.timing(stage, record, now=at("2027-06-01 10:00"))
    assert (timing.due, timing.remaining, timing.overdue) == (None, None, False)
    assert timing.taken > 200


def test_limits_come_from_configuration():
    configured = calendar.with_limits(
        STAGES, "diterima=2, penyampaian=10\ndata_balikan=0")
    assert [stage.limit for stage in configured] == [2, 1, 1, 10, 0]
    assert [stage.code for stage in configured] == [stage.code for stage in STAGES]
    assert calendar.with_limits(STAGES, {"surat_pengantar": 3})[1].limit == 3
    assert calendar.with_limits(STAGES, "") == STAGES
    assert calendar.stage_by_code(configured, "penyampaian").limit == 10
    with pytest.raises(ValueError, match="Unknown stage: diproses"):
        calendar.with_limits(STAGES, "diproses=2")
    with pytest.raises(ValueError, match="code=working days"):
        calendar.with_limits(STAGES, "diterima:2")
    with pytest.raises(ValueError):
        Stage("diterima", "Received", "walidata", -1)


def test_timing_as_json():
    timing = calendar.timing(DITERIMA, RECEIVED, now=at("2026-06-03 08:00"))
    assert timing.as_dict() == {
        "stage": "diterima", "limit": 1, "started": "2026-05-29", "finished": None,
        "taken": 2, "paused": 0, "due": "2026-06-02", "remaining": -1,
        "overdue": True, "waiting": False,
    }
    with pytest.raises(ValueError):
        calendar.timing(PENGANTAR, RECEIVED, now=at("2026-06-03 08:00"))
