"""Nomor Permohonan: ``PD-<year>-<5 digits>``, a sequence per year (the
year of filing, in the portal's zone).

Race-safe: a transaction-level advisory lock per year serialises the
filings of one year until their transactions end, so two requests filed at
the same moment get consecutive numbers (and the unique index on
``number`` backs it). A rolled-back filing leaves no gap.
"""

from __future__ import annotations

import datetime as dt
import zlib

import sqlalchemy as sa
from ckan import model

from ckanext.satudata.calendar import api as calendar
from ckanext.satudata.datarequests.model import request_table

PREFIX = "PD"
DIGITS = 5


def _lock_key(year: int) -> int:
    return zlib.crc32(f"satudata_data_request_number:{year}".encode())


def format_number(year: int, sequence: int) -> str:
    return f"{PREFIX}-{year}-{sequence:0{DIGITS}d}"


def next_number(when: dt.datetime) -> str:
    """The next number of ``when``'s year, in the caller's transaction
    (which holds the year's lock until it ends)."""
    year = calendar.local_date(when).year
    model.Session.execute(sa.select(sa.func.pg_advisory_xact_lock(_lock_key(year))))
    prefix = f"{PREFIX}-{year}-"
    last = model.Session.execute(
        sa.select(sa.func.max(sa.cast(
            sa.func.substr(request_table.c.number, len(prefix) + 1), sa.Integer)))
        .where(request_table.c.number.like(prefix + "%"))
    ).scalar()
    sequence = int(last) + 1 if last else 1
    return format_number(year, sequence)
