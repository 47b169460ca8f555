"""Request numbers ``<PREFIX>-<year>-<5 digits>``: a sequence per prefix
and year (the year of filing, in the portal's zone), shared by the data
requests (``PD-``) and the access requests (``AD-``).

Race-safe: a transaction-level advisory lock per prefix and year
serialises the filings of one year until their transactions end, so two
requests filed at the same moment get consecutive numbers (and a unique
index on the number column backs it). A rolled-back filing leaves no gap.
"""

from __future__ import annotations

import zlib

import sqlalchemy as sa
from ckan import model

DIGITS = 5


def _lock_key(prefix: str, year: int) -> int:
    return zlib.crc32(f"satudata_number:{prefix}:{year}".encode())


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:0{DIGITS}d}"


def next_number(column: sa.Column, prefix: str, year: int) -> str:
    """The next number of ``prefix`` in ``year`` among the values of
    ``column``, in the caller's transaction (which holds the lock until it
    ends)."""
    model.Session.execute(sa.select(sa.func.pg_advisory_xact_lock(
        _lock_key(prefix, year))))
    start = f"{prefix}-{year}-"
    last = model.Session.execute(
        sa.select(sa.func.max(sa.cast(
            sa.func.substr(column, len(start) + 1), sa.Integer)))
        .where(column.like(start + "%"))
    ).scalar()
    return format_number(prefix, year, int(last) + 1 if last else 1)
