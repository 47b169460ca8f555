"""Rows of ``satudata_monitoring_report`` (the only module writing them)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.satudata.monitoring.model import report_table
from ckanext.satudata.rows import Row, every, one

DRAFT, FINAL = "draft", "final"
STATUSES = (DRAFT, FINAL)
#: The generation job's states (``job_status``; ``None``: never queued).
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"

t = report_table


def insert(**values: Any) -> None:
    model.Session.execute(t.insert().values(**values))


def get(report_id: str, lock: bool = False) -> Row | None:
    """A report, ``lock``: ``SELECT … FOR UPDATE`` until the commit."""
    statement = sa.select(t).where(t.c.id == report_id)
    if lock:
        statement = statement.with_for_update()
    return one(statement)


def draft_of(window: str) -> Row | None:
    """The draft of ``window``, if there is one (at most one: an index)."""
    return one(sa.select(t).where(t.c.window == window, t.c.status == DRAFT))


def update(report_id: str, **values: Any) -> None:
    model.Session.execute(t.update().where(t.c.id == report_id).values(**values))


def delete(report_id: str) -> None:
    model.Session.execute(t.delete().where(t.c.id == report_id))


def search(status: str | None = None, window: str | None = None,
           limit: int = 20, offset: int = 0) -> tuple[int, list[Row]]:
    """``(count, rows)``: newest first, without the figures."""
    columns = [column for column in t.c if column.name != "figures"]
    statement = sa.select(*columns)
    counted = sa.select(sa.func.count()).select_from(t)
    for condition in ((t.c.status == status) if status else None,
                      (t.c.window == window) if window else None):
        if condition is not None:
            statement = statement.where(condition)
            counted = counted.where(condition)
    count = model.Session.execute(counted).scalar() or 0
    rows = every(statement.order_by(
        sa.func.coalesce(t.c.finalised, t.c.created).desc(), t.c.id)
        .limit(limit).offset(offset))
    return int(count), rows
