"""Trusted devices ("ingat perangkat ini"): after a second factor a user
may have the browser remembered for ``ckanext.satudata.otp.remember_days``.

The browser keeps a signed cookie (one per account) naming a row of
``satudata_trusted_device``; the row is what makes it trusted, so the
user, a password change or "keluar dari semua perangkat" can revoke it.
The cookie holds no secret: only the ids, signed with the site's key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from flask import Response, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ckanext.satudata.accounts import client, config
from ckanext.satudata.accounts.model import trusted_device_table as table

SALT = "satudata-trusted-device"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(tk.config.get("SECRET_KEY")), salt=SALT)


def cookie_name(user_id: str) -> str:
    return "satudata_device_" + hashlib.sha256(user_id.encode()).hexdigest()[:12]


def remember(response: Response, user_id: str) -> str:
    """Trust the current browser for ``user_id``: a row and its cookie on
    ``response``; the row's id (the caller commits)."""
    days = config.remember_days()
    device_id = str(uuid.uuid4())
    now = _now()
    model.Session.execute(sa.insert(table).values(
        id=device_id, user_id=user_id, created=now,
        expires=now + dt.timedelta(days=days), ip=client.ip(),
        user_agent=client.user_agent(),
    ))
    response.set_cookie(
        cookie_name(user_id), _serializer().dumps({"u": user_id, "d": device_id}),
        max_age=days * 86400, httponly=True, secure=request.is_secure,
        samesite="Lax", path="/",
    )
    return device_id


def trusted(user_id: str) -> str | None:
    """The id of the trusted-device row the current browser proves for
    ``user_id``, or ``None``."""
    days = config.remember_days()
    value = request.cookies.get(cookie_name(user_id))
    if not days or not value:
        return None
    try:
        data = _serializer().loads(value, max_age=days * 86400)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user_id:
        return None
    now = _now()
    row = model.Session.execute(sa.select(table.c.id).where(
        table.c.id == str(data.get("d")), table.c.user_id == user_id,
        table.c.revoked.is_(None), table.c.expires > now,
    )).first()
    if row is None:
        return None
    model.Session.execute(sa.update(table).where(table.c.id == row.id)
                          .values(last_used=now))
    return row.id


def listed(user_id: str) -> list[dict[str, Any]]:
    """The devices ``user_id`` trusts now, newest first."""
    rows = model.Session.execute(sa.select(table).where(
        table.c.user_id == user_id, table.c.revoked.is_(None),
        table.c.expires > _now(),
    ).order_by(table.c.created.desc())).mappings()
    return [dict(row) for row in rows]


def revoke(user_id: str, device_id: str | None = None) -> int:
    """Stop trusting one device of ``user_id`` (or all); how many (the
    caller commits)."""
    query = sa.update(table).where(table.c.user_id == user_id,
                                   table.c.revoked.is_(None))
    if device_id is not None:
        query = query.where(table.c.id == device_id)
    return model.Session.execute(query.values(revoked=_now())).rowcount or 0
