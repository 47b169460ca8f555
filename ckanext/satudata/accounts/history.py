"""The login history ("Aktivitas Pengguna"): one row per login, failed
login, code sent, lockout, unlock, logout, password change, token created
or revoked, session ended, account created or deactivated.

:func:`record` is the only writer; it commits on its own session-bound
connection only when asked (``commit=True``), so that an event of a
refused login is kept although the request rolls back nothing else.

:func:`count`, :func:`events` and :func:`items` read it (for the action
``satudata_login_history_list`` and the CSV file); :func:`prune` and
:func:`prune_if_due` apply the retention
(``ckanext.satudata.login_history_days``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from ckan import model

from ckanext.satudata.accounts import client, config, keys
from ckanext.satudata.accounts.model import login_event_table as table
from ckanext.satudata.config import display_zone
from ckanext.satudata.messages import N_, message

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


# -- reading the history ---------------------------------------------------------

#: Each kind's name as shown ("Jenis Aktivitas"), translated where shown.
KIND_LABELS = {
    "login": N_("Login"),
    "login_failed": N_("Failed login"),
    "code_sent": N_("Login code sent"),
    "code_failed": N_("Wrong login code"),
    "lockout": N_("Account locked"),
    "unlock": N_("Account unlocked"),
    "logout": N_("Logout"),
    "password_changed": N_("Password changed"),
    "password_reset_requested": N_("Password reset requested"),
    "token_created": N_("API token created"),
    "token_revoked": N_("API token revoked"),
    "sessions_ended": N_("Signed out on every device"),
    "account_created": N_("Account created"),
    "account_deactivated": N_("Account deactivated"),
    "device_revoked": N_("Trusted device forgotten"),
}
OUTCOME_LABELS = {
    "success": N_("Succeeded"),
    "failure": N_("Failed"),
    "info": N_("Information"),
}
#: The time zone of the date filters and of the times in the CSV file
#: when ``ckan.display_timezone`` names none.
#: Redis key of :func:`prune_if_due` and how long it lasts.
PRUNED_KEY = ("history", "pruned")
PRUNE_EVERY_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Filters:
    """Which events to read; every field narrows (``None``: any).

    ``user_id`` is an account; ``login`` is the login typed for an unknown
    account (compared without case); ``since`` and ``until`` are days of
    :func:`zone`, both included.
    """

    user_id: str | None = None
    login: str | None = None
    kind: str | None = None
    outcome: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def zone() -> ZoneInfo:
    """The zone of the dates of the history (see
    :func:`ckanext.satudata.config.display_zone`)."""
    return display_zone()


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=zone())


def _conditions(filters: Filters) -> list[Any]:
    found: list[Any] = []
    if filters.user_id is not None:
        found.append(table.c.user_id == filters.user_id)
    if filters.login is not None:
        found.append(sa.func.lower(table.c.login) == filters.login.lower())
    if filters.kind is not None:
        found.append(table.c.kind == filters.kind)
    if filters.outcome is not None:
        found.append(table.c.outcome == filters.outcome)
    if filters.since is not None:
        found.append(table.c.created >= _day_start(filters.since))
    if filters.until is not None:
        found.append(table.c.created
                     < _day_start(filters.until + dt.timedelta(days=1)))
    return found


def count(filters: Filters) -> int:
    """How many events match ``filters``."""
    query = sa.select(sa.func.count()).select_from(table).where(*_conditions(filters))
    return int(model.Session.execute(query).scalar() or 0)


def events(filters: Filters, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """The events matching ``filters``, newest first, as rows (dicts)."""
    query = (sa.select(table).where(*_conditions(filters))
             .order_by(table.c.created.desc(), table.c.id.desc())
             .limit(limit).offset(offset))
    return [dict(row) for row in model.Session.execute(query).mappings()]


def describe(kind: str, outcome: str, detail: dict[str, Any] | None,
             known_account: bool = True) -> str:
    """A sentence telling what happened, in the current language
    ("Berhasil masuk", "Gagal masuk: kata sandi salah")."""
    detail = detail or {}
    reason = str(detail.get("reason") or "")
    by = str(detail.get("by") or "")
    if kind == "login":
        return message({
            "trusted device": N_("Logged in from a trusted device"),
            "password and code": N_("Logged in with a password and a login code"),
        }.get(str(detail.get("method") or ""), N_("Logged in")))
    if kind == "login_failed":
        if not known_account:
            return message(N_("Login failed: unknown account"))
        return message({
            "password": N_("Login failed: wrong password"),
            "locked": N_("Login failed: the account is locked"),
            "throttled": N_("Login failed: too many attempts from this address"),
        }.get(reason, N_("Login failed")))
    if kind == "code_sent":
        if outcome == "success":
            return message(N_("Login code sent"))
        if reason == "hourly limit":
            return message(N_("Login code not sent: too many codes this hour"))
        return message(N_("Login code could not be sent by e-mail"))
    if kind == "code_failed":
        return message({
            "wrong": N_("Login refused: wrong code"),
            "used_up": N_("Login refused: too many wrong codes"),
        }.get(reason, N_("Login code refused")))
    if kind == "lockout":
        return message(N_("Account temporarily locked after failed attempts"))
    if kind == "logout":
        return message({
            "idle": N_("Signed out after a period of inactivity"),
            "ended": N_("Session ended on request"),
        }.get(reason, N_("Logged out")))
    if kind in ("token_created", "token_revoked") and detail.get("name"):
        return message(N_('API token "{name}" created') if kind == "token_created"
                       else N_('API token "{name}" revoked'),
                       {"name": str(detail["name"])})
    if by and kind in ("unlock", "sessions_ended", "device_revoked", "account_created",
                       "account_deactivated"):
        return message(N_("{activity} by {user}"),
                       {"activity": kind_label(kind), "user": by})
    return kind_label(kind)


def kind_label(kind: str) -> str:
    """The kind's name in the current language."""
    return message(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def outcome_label(outcome: str) -> str:
    """The outcome's name in the current language."""
    return message(OUTCOME_LABELS[outcome]) if outcome in OUTCOME_LABELS else outcome


def local_time(when: dt.datetime) -> str:
    """``when`` in :func:`zone` as ``25-08-2025 10:05:42``."""
    return when.astimezone(zone()).strftime("%d-%m-%Y %H:%M:%S")


def items(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` of :func:`events` as the action gives them: the account's
    name and display name, labels and sentence in the current language."""
    user_ids = {row["user_id"] for row in rows if row["user_id"]}
    users = {
        user.id: user for user in
        model.Session.query(model.User).filter(model.User.id.in_(user_ids))
    } if user_ids else {}
    found = []
    for row in rows:
        user = users.get(row["user_id"] or "")
        detail = row["detail"] if isinstance(row["detail"], dict) else {}
        found.append({
            "id": row["id"],
            "created": row["created"].isoformat(),
            "created_local": local_time(row["created"]),
            "kind": row["kind"],
            "kind_label": kind_label(row["kind"]),
            "outcome": row["outcome"],
            "outcome_label": outcome_label(row["outcome"]),
            "ip": row["ip"],
            "user_agent": row["user_agent"],
            "user_id": row["user_id"],
            "user_name": user.name if user else None,
            "user_display_name": user.display_name if user else None,
            "login": row["login"],
            "detail": detail,
            "text": describe(row["kind"], row["outcome"], detail,
                             known_account=bool(row["user_id"])),
        })
    return found


def prune_if_due(force: bool = False) -> int | None:
    """Apply the retention (:func:`prune` with
    ``ckanext.satudata.login_history_days``) at most once a day; how many
    events went, ``None`` when it was not due.

    "Due" is a Redis key (:data:`PRUNED_KEY`) set for 24 hours when it was
    absent: the first caller after it expires prunes, everyone else
    skips at the cost of one Redis command. Called by the history pages
    (every visit of "Aktivitas Pengguna" or the walidata's page) and by
    ``ckan satudata-accounts prune-history`` (``force``: always prune, and
    start the 24 hours again), which a cron job may run daily.
    """
    redis = keys.redis()
    name = keys.key(*PRUNED_KEY)
    if force:
        redis.set(name, now().isoformat(), ex=PRUNE_EVERY_SECONDS)
    elif not redis.set(name, now().isoformat(), ex=PRUNE_EVERY_SECONDS, nx=True):
        return None
    return prune(config.login_history_days())
