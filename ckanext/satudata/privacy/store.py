"""Rows of ``satudata_privacy_scan`` (only this plugin writes them).

Every function works on CKAN's session unless given another ``session``
(the publication guard records its scan in a transaction of its own, so
that the finding stays when the publication is refused)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from ckan import model
from sqlalchemy.dialects.postgresql import insert

from ckanext.satudata.privacy.model import scan_table
from ckanext.satudata.rows import Row, new_id, now

__all__ = ["Row", "new_id", "now"]


def _session(session: Any) -> Any:
    return session if session is not None else model.Session


def _one(statement: Any, session: Any = None) -> Row | None:
    found = _session(session).execute(statement).mappings().first()
    return dict(found) if found else None


def ensure(kind: str, package_id: str, subject: str, marker: str, *,
           resource_id: str | None = None, period: str | None = None,
           label: str = "", requested_by: str | None = None,
           session: Any = None) -> Row:
    """The scan of ``subject`` at ``marker``, made pending when new. Waits
    for a transaction that is making the same one (the unique key)."""
    _session(session).execute(insert(scan_table).values(
        id=new_id(), kind=kind, package_id=package_id, resource_id=resource_id,
        period=period, subject=subject, marker=marker, label=label,
        status="pending", findings=[], requested_by=requested_by,
        created=now(),
    ).on_conflict_do_nothing(constraint="satudata_privacy_scan_subject_marker"))
    found = at_marker(subject, marker, session=session)
    assert found is not None
    return found


def at_marker(subject: str, marker: str, lock: bool = False,
              session: Any = None) -> Row | None:
    statement = sa.select(scan_table).where(
        scan_table.c.subject == subject, scan_table.c.marker == marker)
    if lock:
        statement = statement.with_for_update()
    return _one(statement, session)


def get(scan_id: str, lock: bool = False, session: Any = None) -> Row | None:
    statement = sa.select(scan_table).where(scan_table.c.id == scan_id)
    if lock:
        statement = statement.with_for_update()
    return _one(statement, session)


def latest(subject: str) -> Row | None:
    """The newest scan of ``subject``."""
    return _one(sa.select(scan_table).where(scan_table.c.subject == subject)
                .order_by(scan_table.c.created.desc()).limit(1))


def latest_of_resources(resource_ids: list[str]) -> dict[str, Row]:
    """Resource id → its newest scan, for those that have one."""
    if not resource_ids:
        return {}
    found: dict[str, Row] = {}
    rows = model.Session.execute(
        sa.select(scan_table).where(scan_table.c.subject.in_(resource_ids))
        .order_by(scan_table.c.created.desc())
    ).mappings()
    for row in rows:
        found.setdefault(row["subject"], dict(row))
    return found


def update(scan_id: str, session: Any = None, **values: Any) -> None:
    _session(session).execute(
        sa.update(scan_table).where(scan_table.c.id == scan_id).values(**values))


def listing(limit: int, offset: int, status: str | None = None
            ) -> tuple[int, list[Row]]:
    """The newest scan of every subject (in ``status`` when given), newest
    first, and how many."""
    newest = (
        sa.select(scan_table,
                  sa.func.row_number().over(
                      partition_by=scan_table.c.subject,
                      order_by=scan_table.c.created.desc()).label("rank"))
        .subquery()
    )
    current_rows = sa.select(newest).where(newest.c.rank == 1)
    if status:
        current_rows = current_rows.where(newest.c.status == status)
    current = current_rows.subquery()
    total = model.Session.execute(
        sa.select(sa.func.count()).select_from(current)).scalar_one()
    rows = model.Session.execute(
        sa.select(current).order_by(current.c.created.desc())
        .limit(limit).offset(offset)
    ).mappings()
    return total, [{k: v for k, v in row.items() if k != "rank"} for row in rows]
