"""Per-IP limits on login, login codes, password resets and registration
(fixed windows of ``ckanext.satudata.throttle.window_minutes``), so that
nobody can lock or mail-bomb other people's accounts at will."""

from __future__ import annotations

from ckanext.satudata.accounts import client, config, keys

KINDS = ("login", "code", "reset", "register")


def _name(kind: str, who: str | None) -> str:
    return keys.key("throttle", kind, keys.digest(client.ip() if who is None else who))


def hit(kind: str, who: str | None = None) -> bool:
    """Count one request of ``kind`` from ``who`` (default: the client's IP
    address); whether it is within the limit."""
    assert kind in KINDS, kind
    name = _name(kind, who)
    redis = keys.redis()
    count = redis.incr(name)
    if count == 1:
        redis.expire(name, config.throttle_window_seconds())
    return count <= config.throttle_limit(kind)


def minutes_left(kind: str, who: str | None = None) -> int:
    """Whole minutes (at least 1) until ``who`` may try ``kind`` again."""
    name = _name(kind, who)
    ttl = keys.redis().ttl(name)
    return max(1, -(-max(ttl, 0) // 60))


def per_account(kind: str, user_id: str, limit: int, seconds: int) -> bool:
    """Count one ``kind`` e-mail to ``user_id``; whether it is within
    ``limit`` per ``seconds`` (e.g. reset links per hour)."""
    name = keys.key("account", kind, user_id)
    redis = keys.redis()
    count = redis.incr(name)
    if count == 1:
        redis.expire(name, seconds)
    return count <= limit
