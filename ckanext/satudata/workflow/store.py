"""Reading and writing the workflow tables (SQLAlchemy Core on CKAN's
session: the caller's transaction, committed by the action)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.satudata.rows import Row, new_id, now
from ckanext.satudata.rows import every as _all
from ckanext.satudata.rows import one as _one
from ckanext.satudata.workflow.model import (
    notification_table,
    publication_table,
    transition_table,
)

# ---- transitions ---------------------------------------------------------

def record_transition(**values: Any) -> str:
    transition_id = new_id()
    model.Session.execute(transition_table.insert().values(
        id=transition_id, timestamp=now(), **values
    ))
    return transition_id


def transitions(submission_id: str) -> list[Row]:
    return _all(sa.select(transition_table).where(
        transition_table.c.submission_id == submission_id
    ).order_by(transition_table.c.timestamp.desc()))


def last_transitions(submission_ids: list[str], to_state: str) -> dict[str, Row]:
    """Per submission, its newest transition into ``to_state``."""
    if not submission_ids:
        return {}
    ranked = sa.select(
        transition_table,
        sa.func.row_number().over(
            partition_by=transition_table.c.submission_id,
            order_by=transition_table.c.timestamp.desc(),
        ).label("rank"),
    ).where(
        transition_table.c.submission_id.in_(submission_ids),
        transition_table.c.to_state == to_state,
    ).subquery()
    rows = _all(sa.select(ranked).where(ranked.c.rank == 1))
    return {row["submission_id"]: row for row in rows}


def last_submitter(submission_id: str) -> str | None:
    found = _one(sa.select(transition_table.c.user_id).where(
        transition_table.c.submission_id == submission_id,
        transition_table.c.action == "submit",
    ).order_by(transition_table.c.timestamp.desc()).limit(1))
    return found["user_id"] if found else None


# ---- notifications -------------------------------------------------------

def create_notification(**values: Any) -> str:
    notification_id = new_id()
    model.Session.execute(notification_table.insert().values(
        id=notification_id, created=now(), **values
    ))
    return notification_id


def notifications(user_id: str, limit: int, offset: int = 0,
                  unread_only: bool = False) -> list[Row]:
    statement = sa.select(notification_table).where(
        notification_table.c.user_id == user_id
    )
    if unread_only:
        statement = statement.where(notification_table.c.read.is_(None))
    return _all(statement.order_by(notification_table.c.created.desc())
                .limit(limit).offset(offset))


def notification(notification_id: str) -> Row | None:
    return _one(sa.select(notification_table).where(
        notification_table.c.id == notification_id
    ))


def unread_count(user_id: str) -> int:
    return model.Session.execute(sa.select(sa.func.count()).where(
        notification_table.c.user_id == user_id,
        notification_table.c.read.is_(None),
    )).scalar_one()


def mark_read(user_id: str, ids: list[str] | None) -> int:
    statement = notification_table.update().where(
        notification_table.c.user_id == user_id,
        notification_table.c.read.is_(None),
    )
    if ids is not None:
        statement = statement.where(notification_table.c.id.in_(ids))
    return model.Session.execute(statement.values(read=now())).rowcount


def mark_emailed(notification_id: str) -> None:
    model.Session.execute(notification_table.update().where(
        notification_table.c.id == notification_id
    ).values(emailed=now()))


def notified_since(user_id: str, kind: str, since: dt.datetime) -> bool:
    return model.Session.execute(sa.select(notification_table.c.id).where(
        notification_table.c.user_id == user_id,
        notification_table.c.kind == kind,
        notification_table.c.created >= since,
    ).limit(1)).first() is not None


def notification_count(user_id: str, unread_only: bool = False) -> int:
    statement = sa.select(sa.func.count()).where(
        notification_table.c.user_id == user_id
    )
    if unread_only:
        statement = statement.where(notification_table.c.read.is_(None))
    return model.Session.execute(statement).scalar_one()


def notification_owners(ids: list[str]) -> dict[str, str]:
    """``{notification id: user id}`` of those of ``ids`` that exist."""
    if not ids:
        return {}
    rows = model.Session.execute(sa.select(
        notification_table.c.id, notification_table.c.user_id,
    ).where(notification_table.c.id.in_(ids)))
    return {row.id: row.user_id for row in rows}


def claim_email(notification_id: str) -> Row | None:
    """Mark the notification e-mailed unless it already is; the row when
    this call marked it (so that of two jobs only one sends it)."""
    return _one(notification_table.update().where(
        notification_table.c.id == notification_id,
        notification_table.c.emailed.is_(None),
    ).values(emailed=now()).returning(*notification_table.c))


def release_email(notification_id: str) -> None:
    """Undo :func:`claim_email` (sending failed: a later job may retry)."""
    model.Session.execute(notification_table.update().where(
        notification_table.c.id == notification_id
    ).values(emailed=None))


def lock_reminders() -> None:
    """Serialize reminder runs until the end of the transaction (two runs
    at once must not both remind the same user)."""
    model.Session.execute(sa.select(sa.func.pg_advisory_xact_lock(
        sa.func.hashtext("satudata_reminder")
    )))


# ---- publications --------------------------------------------------------

def publication(package_id: str) -> Row | None:
    return _one(sa.select(publication_table).where(
        publication_table.c.package_id == package_id
    ))


def publication_of_resource(resource_id: str) -> Row | None:
    """The publication whose DataStore resource is ``resource_id``."""
    return _one(sa.select(publication_table).where(
        publication_table.c.resource_id == resource_id
    ))


def lock_publication(package_id: str) -> None:
    """Hold the publication of ``package_id`` until the transaction ends
    (a transaction-level advisory lock: the row may not exist yet)."""
    model.Session.execute(
        sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
        {"key": f"satudata_publication:{package_id}"},
    )


def save_publication(package_id: str, resource_id: str,
                     fields: list[dict[str, Any]]) -> None:
    if publication(package_id) is None:
        model.Session.execute(publication_table.insert().values(
            package_id=package_id, resource_id=resource_id, fields=fields,
            modified=now(),
        ))
    else:
        model.Session.execute(publication_table.update().where(
            publication_table.c.package_id == package_id
        ).values(resource_id=resource_id, fields=fields, modified=now()))


def notification_exists(kind: str, data: dict[str, Any],
                        user_id: str | None = None) -> bool:
    """Whether a notification of ``kind`` whose data hold ``data``
    (JSONB containment) exists, for ``user_id`` when given."""
    statement = sa.select(notification_table.c.id).where(
        notification_table.c.kind == kind,
        notification_table.c.data.contains(data),
    )
    if user_id is not None:
        statement = statement.where(notification_table.c.user_id == user_id)
    return model.Session.execute(statement.limit(1)).first() is not None



def moves(package_ids: list[str]) -> list[Row]:
    """Every move of the submissions of ``package_ids``, oldest first:
    submission, action, when, and how many cell notes it carried (the
    monitoring figures: times to verify and publish, returns)."""
    if not package_ids:
        return []
    t = transition_table
    notes = sa.literal_column(
        "(SELECT count(*) FROM jsonb_each(satudata_transition.cell_notes)"
        " AS r(k, v), jsonb_object_keys(r.v) AS c)"
    )
    return _all(sa.select(
        t.c.submission_id, t.c.package_id, t.c.period, t.c.action,
        t.c.timestamp, notes.label("cell_notes"),
    ).where(t.c.package_id.in_(package_ids)).order_by(t.c.timestamp))
