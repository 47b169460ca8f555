"""What other plugins may use of the accounts plugin: per-IP limits (the
same Redis counters as the login and registration throttles)."""

from __future__ import annotations

from ckanext.satudata.accounts import client, keys

__all__ = ["client_ip", "ip_limit_hit", "ip_limit_reset"]


def client_ip() -> str:
    """The current request's client address (empty outside a request)."""
    return client.ip()


def ip_limit_hit(kind: str, limit: int, seconds: int) -> bool:
    """Count one ``kind`` request from the client's IP address in a fixed
    window of ``seconds``; whether it is within ``limit``. Outside a
    request (CLI, background job) nothing is counted and it is allowed."""
    address = client.ip()
    if not address:
        return True
    name = keys.key("throttle", "api", kind, keys.digest(address))
    redis = keys.redis()
    count = redis.incr(name)
    if count == 1:
        redis.expire(name, seconds)
    return count <= limit


def ip_limit_reset(kind: str, address: str) -> None:
    """Forget the counter of ``kind`` for ``address`` (tests, support)."""
    keys.redis().delete(keys.key("throttle", "api", kind, keys.digest(address)))
