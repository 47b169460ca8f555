"""Rows of the institution tables (SQLAlchemy Core, in the caller's
transaction); the only module that writes them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.satudata.institutions.model import institution_table as table
from ckanext.satudata.institutions.model import person_table as people
from ckanext.satudata.rows import Row, every, new_id, now, one

__all__ = ["Row", "get", "insert", "institutions", "new_id", "now", "people_of",
           "person_by_user", "replace_people", "update"]

#: What a list may be ordered by.
STATUSES = ("diajukan", "ditolak", "disetujui")


def get(institution_id: str, lock: bool = False) -> Row | None:
    if not isinstance(institution_id, str) or not institution_id:
        return None
    query = sa.select(table).where(table.c.id == institution_id)
    return one(query.with_for_update() if lock else query)


def insert(row: dict[str, Any]) -> None:
    model.Session.execute(sa.insert(table).values(**row))


def update(institution_id: str, **values: Any) -> None:
    model.Session.execute(sa.update(table).where(table.c.id == institution_id)
                          .values(modified=now(), **values))


def institutions(status: str | None = None, limit: int = 100, offset: int = 0
                 ) -> tuple[int, list[Row]]:
    """How many, and one page of institutions (newest first)."""
    query = sa.select(table)
    count = sa.select(sa.func.count()).select_from(table)
    if status:
        query = query.where(table.c.status == status)
        count = count.where(table.c.status == status)
    total = model.Session.execute(count).scalar() or 0
    return total, every(query.order_by(table.c.created.desc(), table.c.id)
                        .limit(limit).offset(offset))


def people_of(institution_id: str) -> list[Row]:
    return every(sa.select(people).where(people.c.institution_id == institution_id)
                 .order_by(people.c.position))


def replace_people(institution_id: str, rows: list[dict[str, Any]]) -> None:
    model.Session.execute(sa.delete(people).where(
        people.c.institution_id == institution_id))
    for position, row in enumerate(rows, start=1):
        model.Session.execute(sa.insert(people).values(
            id=new_id(), institution_id=institution_id, position=position, **row))


def link_person(person_id: str, user_id: str) -> None:
    model.Session.execute(sa.update(people).where(people.c.id == person_id)
                          .values(user_id=user_id))


def person_by_user(user_id: str) -> Row | None:
    """The approved institution's person row of a CKAN account."""
    return one(
        sa.select(people).join(table, table.c.id == people.c.institution_id)
        .where(people.c.user_id == user_id, table.c.status == "disetujui")
        .order_by(people.c.position).limit(1))
