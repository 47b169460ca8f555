"""Working-day arithmetic with fixed 2026 dates (the SKB 3 Menteri of 2026
in ``lokal``): weekends, libur nasional and cuti bersama are days off; day
0 of a moment is its day when working, else the next working day; an
``n``-working-day limit ends at the end of the ``n``-th working day after
day 0. No regional holiday here (see test_actions.py)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import lokal
import pytest

from ckanext.satudata.calendar import api as calendar

pytestmark = pytest.mark.usefixtures("calendar_db")

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(("day", "working"), [
    ("2026-01-02", True),     # Friday
    ("2026-01-03", False),    # Saturday
    ("2026-01-04", False),    # Sunday
    ("2026-01-01", False),    # Tahun Baru (libur nasional, Thursday)
    ("2026-01-16", False),    # Isra Mikraj (libur nasional, Friday)
    ("2026-06-01", False),    # Hari Lahir Pancasila (Monday)
    ("2026-02-16", False),    # cuti bersama Imlek (Monday)
    ("2026-12-24", False),    # cuti bersama Natal (Thursday)
    ("2026-03-25", True),     # the first working day after Idulfitri
    ("2026-06-02", True),
])
def test_is_working_day(day, working):
    assert calendar.is_working_day(d(day)) is working
    assert calendar.is_working_day(day) is working


@pytest.mark.parametrize(("start", "n", "due"), [
    # day 0: the day itself when working
    ("2026-01-05", 0, "2026-01-05"),
    # ... else the next working day (Saturday -> Monday)
    ("2026-01-10", 0, "2026-01-12"),
    ("2026-01-10", 1, "2026-01-13"),
    # Friday, 1 working day: the end of Monday
    ("2026-01-09", 1, "2026-01-12"),
    # Thursday before Isra Mikraj (Friday 16 January): Monday
    ("2026-01-15", 1, "2026-01-19"),
    # Friday before Hari Lahir Pancasila (Monday 1 June): Tuesday
    ("2026-05-29", 1, "2026-06-02"),
    # Friday before Proklamasi (Monday 17 August): Tuesday
    ("2026-08-14", 1, "2026-08-18"),
    # Friday before cuti bersama Imlek (Monday 16 Feb) and Imlek (Tuesday)
    ("2026-02-13", 1, "2026-02-18"),
    # across Nyepi and Idulfitri (18-24 March: cuti bersama and libur)
    ("2026-03-16", 5, "2026-03-30"),
    ("2026-03-17", 1, "2026-03-25"),
    # Kenaikan Yesus Kristus (Thursday) and its cuti bersama (Friday)
    ("2026-05-13", 1, "2026-05-18"),
    # the year's end: cuti bersama and Natal, then 2027's Tahun Baru
    ("2026-12-23", 1, "2026-12-28"),
    ("2026-12-31", 1, "2027-01-04"),
    # a month of working days (the 30-day data balikan)
    ("2026-01-05", 30, "2026-02-19"),
])
def test_add_working_days(start, n, due):
    assert calendar.add_working_days(d(start), n) == d(due)
    assert calendar.working_days_between(d(start), d(due)) == n


def test_a_friday_afternoon_request_is_due_at_the_end_of_the_next_working_day():
    filed = dt.datetime(2026, 5, 29, 15, 0, tzinfo=WIB)  # Friday 15:00 WIB
    assert calendar.add_working_days(filed, 1) == d("2026-06-02")
    # the same moment in UTC (08:00) is the same day in Jakarta
    in_utc = filed.astimezone(dt.timezone.utc)
    assert calendar.add_working_days(in_utc, 1) == d("2026-06-02")
    # 23:30 UTC on Thursday is already Friday 06:30 in Jakarta
    late = dt.datetime(2026, 5, 28, 23, 30, tzinfo=dt.timezone.utc)
    assert calendar.local_date(late) == d("2026-05-29")
    assert calendar.add_working_days(late, 1) == d("2026-06-02")


@pytest.mark.parametrize(("start", "end", "taken"), [
    ("2026-01-05", "2026-01-05", 0),   # same day
    ("2026-01-09", "2026-01-12", 1),   # Friday to Monday
    ("2026-01-09", "2026-01-11", 0),   # Friday to Sunday
    ("2026-01-10", "2026-01-12", 0),   # Saturday counts from Monday
    ("2026-01-12", "2026-01-09", 0),   # the end before the start
    ("2026-03-17", "2026-03-31", 5),   # across Idulfitri
    # 261 weekdays, 21 of them holidays; day 0 is 2 January (not counted)
    ("2026-01-01", "2026-12-31", 239),
])
def test_working_days_between(start, end, taken):
    assert calendar.working_days_between(d(start), d(end)) == taken


@pytest.mark.parametrize(("start", "end"), [
    ("2026-01-05", "2026-12-31"), ("2026-03-02", "2026-04-30"),
    ("2026-12-01", "2027-03-31"), ("2027-05-03", "2027-06-30"),
])
def test_working_days_agree_with_lokal(start, end):
    """Without regional holidays, a year's count is lokal's (which counts
    both ends; day 0 here is a working day, not counted)."""
    assert calendar.working_days_between(d(start), d(end)) + 1 == (
        lokal.count_working_days(d(start), d(end)))
    assert calendar.is_working_day(d(start))


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError):
        calendar.add_working_days(d("2026-01-05"), -1)
    with pytest.raises(ValueError):
        calendar.add_working_days(d("2026-01-05"), True)


@pytest.mark.ckan_config("ckanext.satudata.calendar.cuti_bersama_off", "false")
@pytest.mark.usefixtures("ckan_config")
def test_cuti_bersama_are_working_days_when_configured_so():
    assert calendar.is_working_day(d("2026-02-16"))  # cuti bersama Imlek
    assert not calendar.is_working_day(d("2026-02-17"))  # Imlek itself
    assert calendar.add_working_days(d("2026-02-13"), 1) == d("2026-02-16")
    # Wednesday 18 and Friday 20 March (cuti bersama) count; Nyepi does not
    assert calendar.add_working_days(d("2026-03-16"), 5) == d("2026-03-24")
    cuti = [item for item in calendar.holidays(2026)
            if item["kind"] == calendar.CUTI_BERSAMA]
    assert cuti and not any(item["day_off"] for item in cuti)


def test_holidays_of_a_year():
    found = calendar.holidays(2026)
    assert [item["day"] for item in found] == sorted(item["day"] for item in found)
    assert {"day": "2026-08-17", "name": "Proklamasi Kemerdekaan",
            "kind": calendar.NATIONAL, "day_off": True, "id": None}.items() <= next(
        item for item in found if item["day"] == "2026-08-17").items()
    kinds = {item["day"]: item["kind"] for item in found}
    assert kinds["2026-02-16"] == calendar.CUTI_BERSAMA
    assert len(found) == 25
    assert calendar.national_known(2026) and calendar.national_known(2027)


def test_a_year_without_national_data_has_weekends_only():
    assert not calendar.national_known(2031)
    assert calendar.holidays(2031) == []
    # 1 January 2031 is a Wednesday: no holiday is known, so a working day
    assert calendar.is_working_day(d("2031-01-01"))
    assert calendar.add_working_days(d("2031-01-03"), 1) == d("2031-01-06")
