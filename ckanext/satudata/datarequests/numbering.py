"""Nomor Permohonan: ``PD-<year>-<5 digits>``, a sequence per year (the
year of filing, in the portal's zone), race-safe (``yearly_numbers``)."""

from __future__ import annotations

import datetime as dt

from ckanext.satudata import yearly_numbers
from ckanext.satudata.calendar import api as calendar
from ckanext.satudata.datarequests.model import request_table

PREFIX = "PD"


def format_number(year: int, sequence: int) -> str:
    return yearly_numbers.format_number(PREFIX, year, sequence)


def next_number(when: dt.datetime) -> str:
    """The next number of ``when``'s year, in the caller's transaction
    (which holds the year's lock until it ends)."""
    return yearly_numbers.next_number(
        request_table.c.number, PREFIX, calendar.local_date(when).year)
