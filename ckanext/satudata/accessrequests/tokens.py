"""Download tokens of a delivered access request (DTSEN "Cek Token").

A token is a random string (``secrets.token_urlsafe``) shown once, in the
e-mail to the user it is issued to; only its SHA-256 is stored. It is bound
to one request and one user, and valid until ``token_days`` (5) days after
issue or ``token_downloads`` (3) downloads, whichever comes first. Issuing
a new one revokes the user's earlier tokens of that request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.accessrequests import config, store
from ckanext.satudata.messages import N_

INVALID = N_("The token is not valid for this request. Check the token in the"
             " e-mail, or ask for a new one.")
EXPIRED = N_("The token has expired. Ask for a new one.")
USED_UP = N_("The token has been used for every download it allows. Ask for a"
             " new one.")
REVOKED = N_("The token was replaced by a newer one: use the newest e-mail.")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(request_id: str, user_id: str, now: dt.datetime
          ) -> tuple[str, dict[str, Any]]:
    """A new token for ``user_id`` on the request (the user's earlier ones
    revoked), in the caller's transaction: the token itself (to e-mail, never
    stored) and its row."""
    for row in store.tokens(request_id):
        if row["user_id"] == user_id and row["revoked"] is None:
            store.update_token(row["id"], revoked=now)
    token = secrets.token_urlsafe(24)
    values = {"request_id": request_id, "user_id": user_id, "digest": digest(token),
              "created": now, "expires": now + dt.timedelta(days=config.token_days()),
              "max_uses": config.token_downloads(), "uses": 0, "revoked": None}
    values["id"] = store.insert_token(**values)
    return token, values


def valid(row: dict[str, Any], now: dt.datetime) -> bool:
    return (row["revoked"] is None and row["expires"] > now
            and row["uses"] < row["max_uses"])


def use(token: str, request_id: str, user_id: str, now: dt.datetime) -> dict[str, Any]:
    """Count one download with ``token`` (locked until the transaction
    ends): its row after the count.

    :raises ckan.plugins.toolkit.ValidationError: ``token``: another
        request's or user's, unknown, revoked, expired or used up
    """
    text = (token or "").strip() if isinstance(token, str) else ""
    row = store.token_by_digest(digest(text), lock=True) if text else None
    if row is None or row["request_id"] != request_id or row["user_id"] != user_id:
        raise tk.ValidationError({"token": [tk._(INVALID)]})
    if row["revoked"] is not None:
        raise tk.ValidationError({"token": [tk._(REVOKED)]})
    if row["expires"] <= now:
        raise tk.ValidationError({"token": [tk._(EXPIRED)]})
    if row["uses"] >= row["max_uses"]:
        raise tk.ValidationError({"token": [tk._(USED_UP)]})
    store.update_token(row["id"], uses=row["uses"] + 1)
    return {**row, "uses": row["uses"] + 1}


def public(row: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """What may be shown of a token: never its digest."""
    return {"id": row["id"], "user_id": row["user_id"],
            "created": row["created"].isoformat(),
            "expires": row["expires"].isoformat(), "uses": row["uses"],
            "max_uses": row["max_uses"],
            "revoked": row["revoked"].isoformat() if row["revoked"] else None,
            "valid": valid(row, now)}
