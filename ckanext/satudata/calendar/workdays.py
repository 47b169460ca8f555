"""Working-day arithmetic: weekends, national holidays and cuti bersama
(``lokal``) and the regional holidays of the walidata are days off.

The convention, as an SOP limit of "1 hari kerja" reads:

- **day 0** of a moment is its own day when that is a working day, else
  the next working day (a request filed on Saturday counts as filed on
  Monday);
- ``add_working_days(day, n)`` is the ``n``-th working day after day 0,
  and a limit of ``n`` working days ends at the *end* of that day: filed on
  Friday at 15:00 with a 1-working-day limit, the request is due at the
  end of Monday (or of the next working day, when Monday is a holiday);
- ``working_days_between(start, end)`` counts the working days after day 0
  of ``start`` up to and including the day of ``end``: a stage started and
  finished on the same day took 0 working days, one started on Friday and
  finished on Monday took 1. It is the inverse of the above:
  ``working_days_between(d, add_working_days(d, n)) == n``.

A moment is a ``date``, a ``datetime`` or ISO text; an aware ``datetime``
counts as its date in the portal's zone (``ckan.display_timezone``,
Asia/Jakarta), a naive one as the date it shows.
"""

from __future__ import annotations

import datetime as dt

from ckanext.satudata.calendar import holidays
from ckanext.satudata.config import display_zone

Moment = dt.date | dt.datetime | str

#: Days without a working day after which the calendar gives up (every day
#: of ten years a holiday is a mistake, not a calendar).
_HORIZON = 3660


def local_date(moment: Moment) -> dt.date:
    """The calendar day of ``moment`` in the portal's zone.

    :raises ValueError: text that is no ISO date or date and time
    """
    if isinstance(moment, str):
        text = moment.strip()
        moment = (dt.date.fromisoformat(text) if len(text) == 10
                  else dt.datetime.fromisoformat(text))
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(display_zone())
        return moment.date()
    if isinstance(moment, dt.date):
        return moment
    raise ValueError(f"Not a date: {moment!r}")


def is_working_day(moment: Moment) -> bool:
    """Whether the day of ``moment`` is a working day: not a Saturday or
    Sunday, not a libur nasional, not a cuti bersama (unless
    ``ckanext.satudata.calendar.cuti_bersama_off`` is false), not a
    regional holiday."""
    day = local_date(moment)
    if day.weekday() >= 5:
        return False
    if day in holidays.national_days_off(day.year):
        return False
    return day not in holidays.regional_days()


def _next_working(day: dt.date) -> dt.date:
    """The first working day after ``day``."""
    for _ in range(_HORIZON):
        day += dt.timedelta(days=1)
        if is_working_day(day):
            return day
    raise RuntimeError(f"No working day within {_HORIZON} days after {day}")


def day_zero(moment: Moment) -> dt.date:
    """Day 0 of ``moment``: its day when that is a working day, else the
    next working day."""
    day = local_date(moment)
    return day if is_working_day(day) else _next_working(day)


def add_working_days(moment: Moment, n: int) -> dt.date:
    """The ``n``-th working day after day 0 of ``moment`` (``n`` ≥ 0; for 0,
    day 0 itself): the last day of a limit of ``n`` working days that
    starts at ``moment``.

    :raises ValueError: a negative ``n``
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"Give a whole number of working days, 0 or more: {n!r}")
    day = day_zero(moment)
    for _ in range(n):
        day = _next_working(day)
    return day


def working_days_between(start: Moment, end: Moment) -> int:
    """The working days after day 0 of ``start`` up to and including the
    day of ``end`` (0 when ``end`` is not after day 0): how many working
    days a stage from ``start`` to ``end`` took."""
    return len(working_days_in(start, end))


def working_days_in(start: Moment, end: Moment) -> list[dt.date]:
    """The working days :func:`working_days_between` counts, in order."""
    first = day_zero(start)
    last = local_date(end)
    found = []
    day = first + dt.timedelta(days=1)
    while day <= last:
        if is_working_day(day):
            found.append(day)
        day += dt.timedelta(days=1)
    return found
