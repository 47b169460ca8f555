"""Document numbers: a pattern filled with a sequence counted per kind,
organization and year (``satudata_document_sequence``).

:func:`next_seq` takes the next value with one ``INSERT … ON CONFLICT DO
UPDATE … RETURNING``: PostgreSQL makes a second transaction asking for the
same kind, organization and year wait until the first one ends, so two
documents never get the same number, and a rolled-back issue gives its
number back. The row stays locked until the caller commits.
"""

from __future__ import annotations

import datetime as dt
import string

from ckan import model
from sqlalchemy.dialects.postgresql import insert

from ckanext.satudata.documents.config import NUMBER_FIELDS
from ckanext.satudata.documents.model import sequence_table

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                "XI", "XII")


def roman_month(month: int) -> str:
    """``1`` → ``I`` … ``12`` → ``XII`` (the month in letter numbers)."""
    if not 1 <= int(month) <= 12:
        raise ValueError(f"no month {month}")
    return ROMAN_MONTHS[int(month) - 1]


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot number documents, or ``None``."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(pattern)
                  if name is not None]
    except ValueError as error:
        return str(error)
    unknown = sorted({name for name in fields if name not in NUMBER_FIELDS})
    if unknown:
        return f"unknown field(s) {', '.join(unknown)}; use {', '.join(NUMBER_FIELDS)}"
    if "seq" not in fields:
        return "it has no {seq}: every document would get the same number"
    try:
        fill(pattern, 1, "ORG", "kind", dt.date(2000, 1, 1))
    except (ValueError, TypeError, KeyError) as error:
        return str(error)
    return None


def fill(pattern: str, seq: int, org: str, kind: str, day: dt.date) -> str:
    """``pattern`` with its fields filled."""
    return pattern.format(seq=seq, org=org, kind=kind, month=day.month,
                          roman_month=roman_month(day.month), year=day.year)


def next_seq(kind: str, organization_id: str, year: int) -> int:
    """The next number of ``kind`` for ``organization_id`` (``""``: the
    portal's own) in ``year``, in the caller's transaction."""
    statement = insert(sequence_table).values(
        kind=kind, organization_id=organization_id, year=year, last=1,
    )
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "organization_id", "year"],
        set_={"last": sequence_table.c["last"] + 1},
    ).returning(sequence_table.c["last"])
    return int(model.Session.execute(statement).scalar_one())
