"""Reading and writing the data request tables (SQLAlchemy Core on CKAN's
session: the caller's transaction, committed by the action).

:func:`expand` gives the dictionary of a request that the steps, the
letters (``letters.issue``) and the notifications (``notify.step``) get:

- ``id``, ``number`` (``PD-2026-00001``), ``status``;
- ``requester_id`` and ``requester`` (``{"id", "name", "fullname",
  "email"}``, ``None`` for a deleted user), ``requester_kind``
  (``perorangan`` | ``instansi``), ``institution``, ``contact_name``,
  ``contact_email``, ``contact_phone`` (E.164, ``+62…``);
- ``datasets`` (list of ``{"id", "name", "title"}``), ``description``,
  ``variables``, ``period``, ``regions`` (official codes), ``format``
  (``csv`` | ``xlsx`` | ``json``), ``purpose``;
- ``organization_id`` and ``organization`` (``{"id", "name", "title"}``
  of the OPD it was forwarded to, ``None`` before), ``response`` (the
  OPD's answer ``{"kind": "answered"|"declined", "reason", "links":
  [{"dataset", "resource"}]}`` or ``None``), ``reason`` (why it was
  rejected or cancelled), ``balikan_due`` (a date or ``None``);
- ``files``: the request's files (``id``, ``file_id``, ``kind``, ``name``,
  ``size``, ``content_type``, ``uploaded_by``, ``created``);
- ``created``, ``modified`` (timezone-aware datetimes).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.satudata.datarequests.model import (
    download_table,
    file_table,
    request_table,
    stage_table,
)
from ckanext.satudata.rows import Row, like, new_id, now
from ckanext.satudata.rows import every as _all
from ckanext.satudata.rows import one as _one

table = request_table


# ---- requests ------------------------------------------------------------------

def get(request_id: str, lock: bool = False) -> Row | None:
    statement = sa.select(table).where(table.c.id == request_id)
    if lock:
        statement = statement.with_for_update()
    return _one(statement)


def find(ref: str, lock: bool = False) -> Row | None:
    """The request whose id or number (``PD-2026-00001``) is ``ref``."""
    if not isinstance(ref, str) or not ref:
        return None
    column = table.c.number if ref.upper().startswith("PD-") else table.c.id
    value = ref.upper() if column is table.c.number else ref
    statement = sa.select(table).where(column == value)
    if lock:
        statement = statement.with_for_update()
    return _one(statement)


def insert(**values: Any) -> None:
    model.Session.execute(table.insert().values(**values))


def update(request_id: str, **values: Any) -> None:
    model.Session.execute(table.update().where(table.c.id == request_id)
                          .values(**values))


def of_requester(user_id: str, statuses: tuple[str, ...] | None = None
                 ) -> list[Row]:
    statement = sa.select(table).where(table.c.requester_id == user_id)
    if statuses:
        statement = statement.where(table.c.status.in_(statuses))
    return _all(statement)


def search(*, requester_id: str | None = None,
           organization_ids: list[str] | None = None,
           readable: tuple[str, list[str]] | None = None,
           status: str | None = None, q: str | None = None) -> list[Row]:
    """Requests matching the filters, newest first.

    :param requester_id: only this requester's
    :param organization_ids: only those forwarded to these OPDs
    :param readable: ``(user id, OPD ids)``: only those the user filed or
        that were forwarded to one of the OPDs
    :param q: words in the number, the description, the variables, the
        purpose, the institution or the contact's name
    """
    statement = sa.select(table)
    if requester_id:
        statement = statement.where(table.c.requester_id == requester_id)
    if organization_ids is not None:
        statement = statement.where(table.c.organization_id.in_(organization_ids))
    if readable is not None:
        user_id, opds = readable
        statement = statement.where(sa.or_(
            table.c.requester_id == user_id, table.c.organization_id.in_(opds)))
    if status:
        statement = statement.where(table.c.status == status)
    for word in (q or "").split()[:10]:
        pattern = like(word)
        statement = statement.where(sa.or_(*(
            column.ilike(pattern, escape="\\") for column in (
                table.c.number, table.c.description, table.c.variables,
                table.c.purpose, table.c.institution, table.c.contact_name))))
    return _all(statement.order_by(table.c.created.desc(), table.c.id))


def filed_between(start: dt.date, end: dt.date,
                  organization_ids: list[str] | None = None) -> list[Row]:
    """Requests filed from the day before ``start`` to the day after
    ``end`` (UTC: the caller keeps those whose day in the portal's zone
    falls in the window), of ``organization_ids`` when given."""
    since = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(),
                                tzinfo=dt.timezone.utc)
    until = dt.datetime.combine(end + dt.timedelta(days=2), dt.time(),
                                tzinfo=dt.timezone.utc)
    statement = sa.select(table).where(table.c.created >= since,
                                       table.c.created < until)
    if organization_ids is not None:
        statement = statement.where(table.c.organization_id.in_(organization_ids))
    return _all(statement.order_by(table.c.created, table.c.id))


# ---- stages --------------------------------------------------------------------

#: The SOP's order of the stages (rows started at the same moment).
ORDER = ("diajukan", "diterima", "surat_pengantar", "ditindaklanjuti",
         "penyampaian", "penolakan", "data_balikan", "selesai")


def _in_order(rows: list[Row]) -> list[Row]:
    def key(row: Row) -> tuple[Any, int]:
        index = ORDER.index(row["stage"]) if row["stage"] in ORDER else len(ORDER)
        return row["started"], index

    return sorted(rows, key=key)


def stages(request_id: str) -> list[Row]:
    return _in_order(_all(sa.select(stage_table)
                          .where(stage_table.c.request_id == request_id)))


def stages_of(request_ids: list[str]) -> dict[str, list[Row]]:
    found: dict[str, list[Row]] = {request_id: [] for request_id in request_ids}
    if not request_ids:
        return found
    for row in _in_order(_all(sa.select(stage_table)
                              .where(stage_table.c.request_id.in_(request_ids)))):
        found[row["request_id"]].append(row)
    return found


def open_stage(request_id: str) -> Row | None:
    """The stage still open (at most one)."""
    return _one(sa.select(stage_table).where(
        stage_table.c.request_id == request_id, stage_table.c.finished.is_(None))
        .order_by(stage_table.c.started.desc()))


def insert_stage(request_id: str, stage: str, started: dt.datetime, *,
                 finished: dt.datetime | None = None, actor_id: str | None = None,
                 comment: str = "", document_id: str | None = None) -> str:
    stage_id = new_id()
    model.Session.execute(stage_table.insert().values(
        id=stage_id, request_id=request_id, stage=stage, started=started,
        finished=finished, actor_id=actor_id, comment=comment, pauses=[],
        document_id=document_id))
    return stage_id


def update_stage(stage_id: str, **values: Any) -> None:
    model.Session.execute(stage_table.update().where(stage_table.c.id == stage_id)
                          .values(**values))


# ---- files ---------------------------------------------------------------------

def files(request_id: str) -> list[Row]:
    return _all(sa.select(file_table).where(file_table.c.request_id == request_id)
                .order_by(file_table.c.created, file_table.c.kind, file_table.c.id))


def get_file(request_id: str, file_id: str) -> Row | None:
    return _one(sa.select(file_table).where(file_table.c.request_id == request_id,
                                            file_table.c.id == file_id))


def insert_file(**values: Any) -> str:
    file_id = new_id()
    model.Session.execute(file_table.insert().values(id=file_id, **values))
    return file_id


def record_download(request_id: str, file_id: str, user_id: str) -> None:
    model.Session.execute(download_table.insert().values(
        id=new_id(), request_id=request_id, file_id=file_id, user_id=user_id,
        downloaded=now()))


def downloads(request_id: str) -> list[Row]:
    return _all(sa.select(download_table)
                .where(download_table.c.request_id == request_id)
                .order_by(download_table.c.downloaded))


# ---- the request's dictionary ----------------------------------------------------

def _user(user_id: str | None) -> dict[str, Any] | None:
    user = model.User.get(user_id) if user_id else None
    if user is None:
        return None
    return {"id": user.id, "name": user.name, "fullname": user.fullname or "",
            "email": user.email or ""}


def organization(organization_id: str | None) -> dict[str, Any] | None:
    group = model.Group.get(organization_id) if organization_id else None
    if group is None:
        return None
    return {"id": group.id, "name": group.name, "title": group.title or group.name}


def expand_datasets(ids: list[str]) -> list[dict[str, Any]]:
    found = []
    for package_id in ids or []:
        package = model.Package.get(package_id)
        found.append({"id": package_id, "name": package.name if package else "",
                      "title": (package.title or package.name) if package else ""})
    return found


def expand(row: Row) -> Row:
    """The request's dictionary (see the module's docstring)."""
    return {
        **row,
        "requester": _user(row["requester_id"]),
        "datasets": expand_datasets(row.get("datasets") or []),
        "regions": list(row.get("regions") or []),
        "organization": organization(row.get("organization_id")),
        "files": files(row["id"]),
    }
