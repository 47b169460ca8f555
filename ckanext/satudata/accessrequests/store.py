"""Reading and writing the access request tables (SQLAlchemy Core on CKAN's
session: the caller's transaction, committed by the action)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.satudata.accessrequests.model import (
    download_table,
    file_table,
    item_table,
    request_table,
    stage_table,
    token_table,
)
from ckanext.satudata.accessrequests.stages import CODES
from ckanext.satudata.rows import Row, like, new_id, now
from ckanext.satudata.rows import every as _all
from ckanext.satudata.rows import one as _one

__all__ = ["Row", "new_id", "now"]

table = request_table


# ---- requests ------------------------------------------------------------------

def find(ref: str, lock: bool = False) -> Row | None:
    """The request whose id or number (``AD-2026-00001``) is ``ref``."""
    if not isinstance(ref, str) or not ref:
        return None
    by_number = ref.upper().startswith("AD-")
    column = table.c.number if by_number else table.c.id
    statement = sa.select(table).where(column == (ref.upper() if by_number else ref))
    if lock:
        statement = statement.with_for_update()
    return _one(statement)


def insert(**values: Any) -> None:
    model.Session.execute(table.insert().values(**values))


def update(request_id: str, **values: Any) -> None:
    model.Session.execute(table.update().where(table.c.id == request_id)
                          .values(**values))


def search(*, institution_ids: list[str] | None = None,
           dataset_ids: list[str] | None = None,
           status: str | None = None, stage: str | None = None,
           q: str | None = None) -> list[Row]:
    """Requests matching the filters, newest first.

    :param institution_ids: only those of these institutions
    :param dataset_ids: only those asking for one of these datasets
    :param q: words in the number, the letter number or a dataset's title
    """
    statement = sa.select(table)
    if institution_ids is not None:
        statement = statement.where(table.c.institution_id.in_(institution_ids))
    if dataset_ids is not None:
        statement = statement.where(table.c.id.in_(
            sa.select(item_table.c.request_id)
            .where(item_table.c.dataset_id.in_(dataset_ids))))
    if status:
        statement = statement.where(table.c.status == status)
    if stage:
        statement = statement.where(table.c.stage == stage)
    for word in (q or "").split()[:10]:
        pattern = like(word)
        statement = statement.where(sa.or_(
            table.c.number.ilike(pattern, escape="\\"),
            table.c.letter_number.ilike(pattern, escape="\\"),
            table.c.id.in_(sa.select(item_table.c.request_id).where(
                item_table.c.dataset_title.ilike(pattern, escape="\\")))))
    return _all(statement.order_by(table.c.created.desc(), table.c.id))


# ---- items ---------------------------------------------------------------------

def insert_item(**values: Any) -> str:
    values.setdefault("id", new_id())
    model.Session.execute(item_table.insert().values(**values))
    return values["id"]


def items(request_id: str) -> list[Row]:
    return _all(sa.select(item_table).where(item_table.c.request_id == request_id)
                .order_by(item_table.c.position))


def item(item_id: str) -> Row | None:
    return _one(sa.select(item_table).where(item_table.c.id == item_id))


def update_item(item_id: str, **values: Any) -> None:
    model.Session.execute(item_table.update().where(item_table.c.id == item_id)
                          .values(**values))


# ---- stages --------------------------------------------------------------------

def insert_stage(request_id: str, stage: str, started: Any, **values: Any) -> str:
    values.setdefault("pauses", [])
    stage_id = new_id()
    model.Session.execute(stage_table.insert().values(
        id=stage_id, request_id=request_id, stage=stage, started=started,
        **values))
    return stage_id


def update_stage(stage_id: str, **values: Any) -> None:
    model.Session.execute(stage_table.update().where(stage_table.c.id == stage_id)
                          .values(**values))


def stages(request_id: str) -> list[Row]:
    """The request's stage rows in the DTSEN order (then by start)."""
    rows = _all(sa.select(stage_table).where(stage_table.c.request_id == request_id)
                .order_by(stage_table.c.started, stage_table.c.id))
    return sorted(rows, key=lambda row: (row["started"], CODES.index(row["stage"])
                                         if row["stage"] in CODES else 99))


def open_stage(request_id: str) -> Row | None:
    return _one(sa.select(stage_table).where(
        stage_table.c.request_id == request_id,
        stage_table.c.finished.is_(None)).order_by(stage_table.c.started.desc()))


# ---- files ---------------------------------------------------------------------

def insert_file(**values: Any) -> str:
    values.setdefault("id", new_id())
    model.Session.execute(file_table.insert().values(**values))
    return values["id"]


def files(request_id: str, kind: str | None = None) -> list[Row]:
    statement = sa.select(file_table).where(file_table.c.request_id == request_id)
    if kind:
        statement = statement.where(file_table.c.kind == kind)
    return _all(statement.order_by(file_table.c.created, file_table.c.id))


def file(row_id: str) -> Row | None:
    return _one(sa.select(file_table).where(file_table.c.id == row_id))


def delete_file(row_id: str) -> None:
    model.Session.execute(file_table.delete().where(file_table.c.id == row_id))


# ---- tokens and downloads ------------------------------------------------------

def insert_token(**values: Any) -> str:
    values.setdefault("id", new_id())
    model.Session.execute(token_table.insert().values(**values))
    return values["id"]


def token_by_digest(digest: str, lock: bool = False) -> Row | None:
    statement = sa.select(token_table).where(token_table.c.digest == digest)
    if lock:
        statement = statement.with_for_update()
    return _one(statement)


def tokens(request_id: str) -> list[Row]:
    return _all(sa.select(token_table).where(token_table.c.request_id == request_id)
                .order_by(token_table.c.created.desc()))


def update_token(token_id: str, **values: Any) -> None:
    model.Session.execute(token_table.update().where(token_table.c.id == token_id)
                          .values(**values))


def revoke_tokens(request_id: str, when: Any) -> None:
    """Revoke every token of the request still unrevoked."""
    model.Session.execute(token_table.update().where(
        token_table.c.request_id == request_id, token_table.c.revoked.is_(None))
        .values(revoked=when))


def insert_download(**values: Any) -> str:
    values.setdefault("id", new_id())
    model.Session.execute(download_table.insert().values(**values))
    return values["id"]


def downloads(*, request_id: str | None = None, user_id: str | None = None,
              institution_id: str | None = None, q: str | None = None,
              since: Any = None, until: Any = None, limit: int | None = None
              ) -> list[Row]:
    """Downloads, newest first, with the request's number and
    institution and the item's dataset."""
    statement = (
        sa.select(download_table, table.c.number, table.c.institution_id,
                  table.c.bast_number, item_table.c.dataset_id,
                  item_table.c.dataset_title, item_table.c.level)
        .join(table, table.c.id == download_table.c.request_id)
        .join(item_table, item_table.c.id == download_table.c.item_id)
    )
    if request_id:
        statement = statement.where(download_table.c.request_id == request_id)
    if user_id:
        statement = statement.where(download_table.c.user_id == user_id)
    if institution_id:
        statement = statement.where(table.c.institution_id == institution_id)
    for word in (q or "").split()[:10]:
        pattern = like(word)
        statement = statement.where(sa.or_(*(
            column.ilike(pattern, escape="\\") for column in (
                table.c.number, table.c.bast_number, item_table.c.dataset_title,
                download_table.c.ip, download_table.c.sha256))))
    if since is not None:
        statement = statement.where(download_table.c.downloaded >= since)
    if until is not None:
        statement = statement.where(download_table.c.downloaded < until)
    statement = statement.order_by(download_table.c.downloaded.desc(),
                                   download_table.c.id)
    if limit:
        statement = statement.limit(limit)
    return _all(statement)
