"""The calendar plugin's public module: the only one other plugins import.

Working days (weekends, libur nasional, cuti bersama and the walidata's
regional holidays are days off) and stages with deadlines (see
``docs/calendar.md``)::

    from ckanext.satudata.calendar import api as calendar
    from ckanext.satudata.messages import N_

    STAGES = (
        calendar.Stage("diterima", N_("Received"), "walidata", 1),
        calendar.Stage("penyampaian", N_("Data delivered"), "produsen", 5),
    )
    record = calendar.StageRecord("diterima", started=filed_at)
    calendar.due_date(STAGES[0], record)               # a date
    calendar.overdue(STAGES[0], record, now=now)       # Terlambat?
    calendar.timing(STAGES[0], record, now=now).as_dict()

Working days follow one convention (:mod:`.workdays`): day 0 of a moment
is its day when that is a working day, else the next working day;
``add_working_days(day, n)`` is the ``n``-th working day after day 0, the
last day of an ``n``-working-day limit (filed on Friday at 15:00 with a
limit of 1 working day: due at the end of Monday);
``working_days_between(start, end)`` counts the working days after day 0
of ``start`` up to and including the day of ``end``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ckanext.satudata.calendar import holidays as _holidays
from ckanext.satudata.calendar import stages as _stages
from ckanext.satudata.calendar import workdays as _workdays

__all__ = [
    "CUTI_BERSAMA", "KIND_LABELS", "NATIONAL", "REGIONAL", "Moment", "Pause",
    "Stage", "StageRecord", "Timing", "add_working_days", "day_zero",
    "due_date", "holidays", "is_working_day", "local_date", "national_known",
    "overdue", "parse_limits", "paused_days", "record_of", "remaining", "stage_by_code",
    "taken", "timing", "with_limits", "working_days_between",
]

NATIONAL = _holidays.NATIONAL
CUTI_BERSAMA = _holidays.CUTI_BERSAMA
REGIONAL = _holidays.REGIONAL
KIND_LABELS = _holidays.KIND_LABELS

Moment = _workdays.Moment
local_date = _workdays.local_date
day_zero = _workdays.day_zero
national_known = _holidays.national_known

Stage = _stages.Stage
StageRecord = _stages.StageRecord
Pause = _stages.Pause
Timing = _stages.Timing
parse_limits = _stages.parse_limits
with_limits = _stages.with_limits
stage_by_code = _stages.stage_by_code
paused_days = _stages.paused_days
taken = _stages.taken
due_date = _stages.due_date
overdue = _stages.overdue
remaining = _stages.remaining
timing = _stages.timing
record_of = _stages.record_of


def is_working_day(day: Moment) -> bool:
    """Whether ``day`` (a date, a datetime — taken in the portal's zone —
    or ``YYYY-MM-DD``) is a working day: not a weekend, not a libur
    nasional, not a cuti bersama (unless
    ``ckanext.satudata.calendar.cuti_bersama_off`` is false), not a
    regional holiday."""
    return _workdays.is_working_day(day)


def add_working_days(day: Moment, n: int) -> dt.date:
    """The ``n``-th working day after day 0 of ``day`` (``n`` ≥ 0; day 0 is
    ``day`` when it is a working day, else the next working day): the last
    day of a limit of ``n`` working days starting at ``day``.

    :raises ValueError: a negative ``n``
    """
    return _workdays.add_working_days(day, n)


def working_days_between(start: Moment, end: Moment) -> int:
    """The working days after day 0 of ``start`` up to and including the
    day of ``end`` (0 when ``end`` is not later): how many working days a
    stage took. ``working_days_between(d, add_working_days(d, n)) == n``."""
    return _workdays.working_days_between(start, end)


def holidays(year: int) -> list[dict[str, Any]]:
    """The holidays of ``year`` by day: libur nasional and cuti bersama
    (the SKB 3 Menteri, from ``lokal``; none for a year it does not know,
    see :func:`national_known`) and regional holidays. Each has ``id``
    (regional only), ``day`` (``YYYY-MM-DD``), ``name``, ``kind``
    (:data:`NATIONAL`, :data:`CUTI_BERSAMA` or :data:`REGIONAL`),
    ``kind_label`` (translated) and ``day_off``."""
    return _holidays.for_year(year)
