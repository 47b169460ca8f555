"""Nomor Permohonan of an access request: ``AD-<year>-<5 digits>``, a
sequence per year (the year of filing, in the portal's zone), race-safe
(``yearly_numbers``)."""

from __future__ import annotations

import datetime as dt

from ckanext.satudata import yearly_numbers
from ckanext.satudata.accessrequests.model import request_table
from ckanext.satudata.calendar import api as calendar

PREFIX = "AD"


def next_number(when: dt.datetime) -> str:
    """The next number of ``when``'s year, in the caller's transaction."""
    return yearly_numbers.next_number(
        request_table.c.number, PREFIX, calendar.local_date(when).year)
