"""Account lockout: after ``ckanext.satudata.lockout.attempts`` failed
logins or wrong codes in a row an account is locked for
``ckanext.satudata.lockout.minutes``.

The lock is keyed on the account, so its name and its e-mail address are
locked alike. A typed login that matches no account is counted and locked
the same way under its own key: the answers never reveal whether an
account exists.
"""

from __future__ import annotations

from ckan import model

from ckanext.satudata.accounts import config, keys


def key_for(user: model.User | None, typed: str = "") -> str:
    if user is not None:
        return f"user:{user.id}"
    return f"login:{keys.digest(typed.strip().lower())}"


def _lock(key: str) -> str:
    return keys.key("lock", key)


def _fails(key: str) -> str:
    return keys.key("fails", key)


def seconds_left(key: str) -> int:
    """Seconds the lock of ``key`` still holds (0: not locked)."""
    return max(keys.redis().ttl(_lock(key)), 0)


def minutes_left(key: str) -> int:
    return max(1, -(-seconds_left(key) // 60))


def fail(key: str) -> bool:
    """Count one failure of ``key``; whether it locked the account now."""
    redis = keys.redis()
    name = _fails(key)
    count = redis.incr(name)
    redis.expire(name, config.lockout_seconds())
    if count >= config.lockout_attempts():
        redis.set(_lock(key), "1", ex=config.lockout_seconds())
        redis.delete(name)
        return True
    return False


def succeed(key: str) -> None:
    """A complete login: the failures in a row start again from 0."""
    keys.redis().delete(_fails(key))


def unlock(user_id: str) -> bool:
    """Lift the lock of account ``user_id`` (and its count of failures);
    whether it was locked."""
    key = f"user:{user_id}"
    was_locked = seconds_left(key) > 0
    keys.redis().delete(_lock(key), _fails(key), keys.key("otp", user_id))
    return was_locked


def is_locked(user_id: str) -> bool:
    return seconds_left(f"user:{user_id}") > 0


def locked_user_ids() -> list[str]:
    """Ids of the accounts locked now."""
    prefix = keys.key("lock", "user:")
    return sorted(name.decode()[len(prefix):] if isinstance(name, bytes)
                  else name[len(prefix):]
                  for name in keys.redis().scan_iter(match=prefix + "*"))
