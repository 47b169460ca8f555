"""Reading and writing the change request tables (SQLAlchemy Core on
CKAN's session: the caller's transaction, committed by the action)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.satudata.changes import statuses
from ckanext.satudata.changes.model import change_request_table, event_table
from ckanext.satudata.rows import Row, new_id, now
from ckanext.satudata.rows import every as _all
from ckanext.satudata.rows import one as _one

table = change_request_table


__all__ = ["new_id", "now"]  # and the functions below


def get(request_id: str, lock: bool = False) -> Row | None:
    statement = sa.select(table).where(table.c.id == request_id)
    if lock:
        statement = statement.with_for_update()
    return _one(statement)


def open_request(package_id: str, period: str) -> Row | None:
    """The period's request still in progress, if any."""
    return _one(sa.select(table).where(
        table.c.package_id == package_id, table.c.period == period,
        table.c.status.in_(statuses.OPEN),
    ))


def insert(**values: Any) -> None:
    model.Session.execute(table.insert().values(**values))


def update(request_id: str, **values: Any) -> None:
    model.Session.execute(table.update().where(table.c.id == request_id)
                          .values(**values))


def record_event(**values: Any) -> None:
    model.Session.execute(event_table.insert().values(
        id=new_id(), timestamp=now(), **values))


def events(request_id: str) -> list[Row]:
    return _all(sa.select(event_table).where(event_table.c.request_id == request_id)
                .order_by(event_table.c.timestamp))


def _filtered(statement: Any, *, organization_ids: list[str] | None,
              package_id: str | None, status: str | None,
              period: str | None) -> Any:
    if organization_ids is not None:
        statement = statement.where(table.c.organization_id.in_(organization_ids))
    if package_id:
        statement = statement.where(table.c.package_id == package_id)
    if period:
        statement = statement.where(table.c.period == period)
    if status:
        statement = statement.where(table.c.status == status)
    else:
        statement = statement.where(table.c.status.in_(statuses.LISTED))
    return statement


def search(*, organization_ids: list[str] | None = None,
           package_id: str | None = None, status: str | None = None,
           period: str | None = None, limit: int = 50, offset: int = 0,
           ) -> tuple[int, list[Row]]:
    """Requests matching the filters (``organization_ids`` None: every
    OPD), newest first; and how many match."""
    filters = {"organization_ids": organization_ids, "package_id": package_id,
               "status": status, "period": period}
    count = model.Session.execute(_filtered(
        sa.select(sa.func.count()).select_from(table), **filters)).scalar_one()
    rows = _all(_filtered(sa.select(table), **filters)
                .order_by(table.c.created.desc(), table.c.id)
                .limit(limit).offset(offset))
    return count, rows


def waiting_per_organization() -> dict[str, int]:
    """``{organization id: requests waiting for approval}``."""
    return {row[0]: row[1] for row in model.Session.execute(
        sa.select(table.c.organization_id, sa.func.count())
        .where(table.c.status == statuses.WAITING_APPROVAL)
        .group_by(table.c.organization_id))}


def approved(package_id: str, period: str | None = None) -> list[Row]:
    """The approved requests of a dataset (a period), newest first: its
    revision history."""
    statement = sa.select(table).where(table.c.package_id == package_id,
                                       table.c.status == statuses.DONE)
    if period:
        statement = statement.where(table.c.period == period)
    return _all(statement.order_by(table.c.decided.desc()))


def revised_periods(package_id: str) -> dict[str, dt.datetime]:
    """``{period: when its last change was approved}``."""
    return {row[0]: row[1] for row in model.Session.execute(
        sa.select(table.c.period, sa.func.max(table.c.decided))
        .where(table.c.package_id == package_id, table.c.status == statuses.DONE)
        .group_by(table.c.period))}


def approved_counts(package_ids: list[str]) -> dict[tuple[str, str], int]:
    """``{(package_id, period): approved change requests}`` of
    ``package_ids`` (corrections after publication)."""
    if not package_ids:
        return {}
    return {(row[0], row[1]): row[2] for row in model.Session.execute(
        sa.select(table.c.package_id, table.c.period, sa.func.count())
        .where(table.c.package_id.in_(package_ids), table.c.status == statuses.DONE)
        .group_by(table.c.package_id, table.c.period))}
