"""Login codes: 6 digits, valid ``ckanext.satudata.otp.code_minutes``,
``ckanext.satudata.otp.attempts`` entries, a cooldown before another is
sent, and at most ``ckanext.satudata.otp.codes_per_hour`` per account.

Only an HMAC of the code (keyed with the site's ``SECRET_KEY``) is kept,
in Redis; the code itself exists only in the e-mail.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import ckan.plugins.toolkit as tk

from ckanext.satudata.accounts import config, keys, throttle

DIGITS = 6


class Cooldown(Exception):
    """A code was sent less than the cooldown ago."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class TooMany(Exception):
    """The account had the most codes an hour allows."""


def _name(user_id: str) -> str:
    return keys.key("otp", user_id)


def _digest(user_id: str, code: str) -> str:
    secret = str(tk.config.get("SECRET_KEY") or tk.config.get("beaker.session.secret"))
    return hmac.new(secret.encode(), f"{user_id}:{code}".encode(),
                    hashlib.sha256).hexdigest()


def cooldown_left(user_id: str) -> int:
    """Seconds until another code may be sent to ``user_id``."""
    sent = keys.redis().hget(_name(user_id), "sent")
    if not sent:
        return 0
    left = float(sent) + config.otp_resend_seconds() - time.time()
    return max(int(left + 0.999), 0)


def live(user_id: str) -> bool:
    """Whether ``user_id`` has a code that can still be entered."""
    found = keys.redis().hmget(_name(user_id), "digest", "expires")
    return bool(found[0]) and float(found[1] or 0) >= time.time()


def issue(user_id: str, resend: bool = True) -> str:
    """A new code for ``user_id`` (replacing any earlier one).

    :param resend: asked with "kirim ulang": the cooldown applies. A new
        login gets a new code at once unless its last code still works.
    :raises Cooldown: the previous code was sent too recently
    :raises TooMany: the hourly limit of the account is reached
    """
    left = cooldown_left(user_id)
    if left and (resend or live(user_id)):
        raise Cooldown(left)
    if not throttle.per_account("otp", user_id, config.otp_codes_per_hour(), 3600):
        raise TooMany()
    code = f"{secrets.randbelow(10 ** DIGITS):0{DIGITS}d}"
    now = time.time()
    name = _name(user_id)
    redis = keys.redis()
    pipe = redis.pipeline()
    pipe.delete(name)
    pipe.hset(name, mapping={
        "digest": _digest(user_id, code), "sent": now,
        "expires": now + config.otp_code_seconds(), "attempts": 0,
    })
    pipe.expire(name, max(config.otp_code_seconds(), config.otp_resend_seconds()) + 60)
    pipe.execute()
    return code


def verify(user_id: str, code: str) -> tuple[str, int]:
    """Check ``code``: (``ok``, 0), (``wrong``, entries left), (``expired``,
    0), (``used_up``, 0: too many wrong entries, the code is void) or
    (``missing``, 0: no code was sent or it is gone)."""
    name = _name(user_id)
    redis = keys.redis()
    found = redis.hgetall(name)
    if not found or not found.get(b"digest"):
        return "missing", 0
    if float(found[b"expires"]) < time.time():
        redis.hdel(name, "digest")
        return "expired", 0
    # counted before comparing, atomically: parallel guesses cannot
    # share one attempt
    attempts = redis.hincrby(name, "attempts", 1)
    allowed = config.otp_attempts()
    if attempts > allowed:
        redis.hdel(name, "digest")
        return "used_up", 0
    cleaned = "".join(ch for ch in code if ch.isdigit())
    if hmac.compare_digest(found[b"digest"].decode(), _digest(user_id, cleaned)):
        redis.delete(name)
        return "ok", 0
    if attempts >= allowed:
        redis.hdel(name, "digest")  # keeps "sent": the cooldown still holds
        return "used_up", 0
    return "wrong", allowed - attempts


def discard(user_id: str) -> None:
    keys.redis().hdel(_name(user_id), "digest")
