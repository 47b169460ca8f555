"""Rows of the plugins' own tables, read through CKAN's session
(SQLAlchemy Core, in the caller's transaction): the small kit every
plugin's ``store`` module starts from."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ckan import model

#: One row as a plain dictionary (column name → value).
Row = dict[str, Any]


def now() -> dt.datetime:
    """The time now, in UTC (what the ``timestamptz`` columns keep)."""
    return dt.datetime.now(dt.timezone.utc)


def new_id() -> str:
    """A new row id (a UUID as text)."""
    return str(uuid.uuid4())


def one(statement: Any) -> Row | None:
    """The first row ``statement`` selects (or returns), or ``None``."""
    found = model.Session.execute(statement).mappings().first()
    return dict(found) if found else None


def every(statement: Any) -> list[Row]:
    """Every row ``statement`` selects, in its order."""
    return [dict(row) for row in model.Session.execute(statement).mappings()]


def like(word: str) -> str:
    """An ``ILIKE`` pattern matching ``word`` anywhere, its ``%``, ``_`` and
    ``\\`` taken literally (use with ``escape="\\"``)."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace(
        "_", "\\_") + "%"
