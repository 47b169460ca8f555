"""The login history ("Aktivitas Pengguna"): one row per login, failed
login, code sent, lockout, unlock, logout, password change, token created
or revoked, session ended, account created or deactivated.

:func:`record` is the only writer; it commits on its own session-bound
connection only when asked (``commit=True``), so that an event of a
refused login is kept although the request rolls back nothing else.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.satudata.accounts import client
from ckanext.satudata.accounts.model import login_event_table as table

KINDS = (
    "login", "login_failed", "code_sent", "code_failed", "lockout", "unlock",
    "logout", "password_changed", "password_reset_requested", "token_created",
    "token_revoked", "sessions_ended", "account_created", "account_deactivated",
    "device_revoked",
)
OUTCOMES = ("success", "failure", "info")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def record(kind: str, outcome: str, user_id: str | None = None, login: str = "",
           detail: dict[str, Any] | None = None, commit: bool = False) -> str:
    """Add an event (with the current request's IP and user agent); its id.

    :param kind: one of :data:`KINDS`
    :param outcome: ``success``, ``failure`` or ``info``
    :param user_id: the account it is about (``None`` when the typed login
        matches no account)
    :param login: what was typed as the login, only kept for a login that
        matched no account (cut to 100 characters)
    :param commit: commit at once (used where the request itself changes
        nothing, e.g. a refused login)
    """
    assert kind in KINDS, kind
    assert outcome in OUTCOMES, outcome
    event_id = str(uuid.uuid4())
    model.Session.execute(sa.insert(table).values(
        id=event_id, user_id=user_id, login=(login or "")[:100] if not user_id else "",
        kind=kind, outcome=outcome, ip=client.ip(), user_agent=client.user_agent(),
        detail=detail or {}, created=now(),
    ))
    if commit:
        model.Session.commit()
    return event_id


def prune(days: int) -> int:
    """Delete events older than ``days``; how many."""
    cutoff = now() - dt.timedelta(days=days)
    result = model.Session.execute(sa.delete(table).where(table.c.created < cutoff))
    model.Session.commit()
    return result.rowcount or 0
