"""Sessions of logged-in users: ended everywhere at once, ended when idle.

CKAN keeps its session in a signed cookie, so a session cannot be deleted
on the server. Instead every login stamps the session with its time
(``satudata_login_at``) and each account has a moment before which every
session is void (``satudata_account.sessions_after``): "keluar dari semua
perangkat", a password change, a deactivation move that moment to now.
:func:`check` runs on every request (``IAuthenticator.identify``).

A session without the stamp (e.g. restored from a Flask-Login "remember
me" cookie of an older login) is void too. API-token requests carry no
session and are not affected: tokens are revoked on their own.
"""

from __future__ import annotations

import datetime as dt
import time

import sqlalchemy as sa
from ckan import model
from ckan.common import session
from sqlalchemy.dialects.postgresql import insert

from ckanext.satudata.accounts.model import account_table as table

LOGIN_AT = "satudata_login_at"
SEEN = "satudata_seen"
STAFF = "satudata_staff"
SEEN_RESOLUTION = 60  # seconds: the last-seen stamp is refreshed at most this often


def sessions_after(user_id: str) -> float | None:
    found = model.Session.execute(
        sa.select(table.c.sessions_after).where(table.c.user_id == user_id)
    ).scalar()
    return found.timestamp() if found else None


def end_all(user_id: str) -> None:
    """Void every session of ``user_id`` started before now (the caller
    commits)."""
    when = dt.datetime.now(dt.timezone.utc)
    model.Session.execute(
        insert(table).values(user_id=user_id, sessions_after=when)
        .on_conflict_do_update(index_elements=[table.c.user_id],
                               set_={"sessions_after": when})
    )


def stamp(staff: bool) -> None:
    """Mark the current session as started now (after ``login_user``). The
    stamp is a little later than an ``end_all`` in the same second."""
    moment = time.time() + 0.001
    session[LOGIN_AT] = moment
    session[SEEN] = moment
    session[STAFF] = staff


def on_login(sender: object, user: object, **extra: object) -> None:
    """Flask-Login's ``user_logged_in``: every ``login_user`` stamps the
    session, ours after the code and core's after a registration alike."""
    from ckanext.satudata.accounts import policy

    if isinstance(user, model.User):
        stamp(policy.is_staff(user))


def connect() -> None:
    """Subscribe :func:`on_login` (once; blinker ignores a repeat)."""
    from flask_login import user_logged_in

    user_logged_in.connect(on_login, weak=False)


def restamp() -> None:
    """Keep the current session after :func:`end_all` ended the others
    (a password changed by its owner)."""
    session[LOGIN_AT] = time.time() + 0.001


def otp_opt_in(user_id: str) -> bool:
    return bool(model.Session.execute(
        sa.select(table.c.otp_opt_in).where(table.c.user_id == user_id)
    ).scalar())


def set_otp_opt_in(user_id: str, value: bool) -> None:
    model.Session.execute(
        insert(table).values(user_id=user_id, otp_opt_in=value)
        .on_conflict_do_update(index_elements=[table.c.user_id],
                               set_={"otp_opt_in": value})
    )


def void_reason(user_id: str, idle_seconds: int) -> str | None:
    """Why the current session of ``user_id`` is no longer valid
    (``"ended"``, ``"idle"``) or ``None``; refreshes the last-seen stamp."""
    login_at = session.get(LOGIN_AT)
    if not isinstance(login_at, (int, float)):
        return "ended"
    after = sessions_after(user_id)
    if after is not None and login_at < after:
        return "ended"
    now = time.time()
    seen = session.get(SEEN) or login_at
    if idle_seconds and session.get(STAFF) and now - seen > idle_seconds:
        return "idle"
    if now - seen >= SEEN_RESOLUTION:
        session[SEEN] = now
    return None
