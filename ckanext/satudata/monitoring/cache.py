"""Computed figures kept in Redis, invalidated by a version number.

Every refresh of the fact table (a period moved, a value saved, a dataset
changed, the daily job) bumps ``satudata:monitoring:<site>:version``; a
cached entry's key holds the version it was computed at and today's
date, so a change is seen at once by every web process and a new day
(periods falling due) starts afresh. ``cache_seconds`` only bounds how
long the figures of an unchanged portal live (request and use figures
have no version of their own: they are at most that old).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from ckan import model
from ckan.lib.redis import connect_to_redis

from ckanext.satudata import config as site
from ckanext.satudata.monitoring import config

log = logging.getLogger(__name__)


def _prefix() -> str:
    return f"satudata:monitoring:{site.site_id()}:"


def version() -> int:
    try:
        return int(connect_to_redis().get(_prefix() + "version") or 0)
    except Exception:  # Redis down: compute, never fail the page
        log.warning("monitoring cache: Redis unavailable", exc_info=True)
        return -1


#: Marks a session whose commit must invalidate the figures again.
_PENDING = "satudata_monitoring_bump"


def bump() -> None:
    """Invalidate every cached figure (all processes): at once, and again
    when the caller's transaction commits. Figures another web process
    computed in between still read the rows from before the commit; the
    second bump makes sure they are never served."""
    _increment()
    session = model.Session()
    if session.in_transaction():
        session.info[_PENDING] = True
        if not sa.event.contains(session, "after_commit", _committed):
            sa.event.listen(session, "after_commit", _committed)


def _committed(session: Any) -> None:
    if session.info.pop(_PENDING, False):
        _increment()


def _increment() -> None:
    try:
        connect_to_redis().incr(_prefix() + "version")
    except Exception:
        log.warning("monitoring cache: could not invalidate", exc_info=True)


def cached(name: str, args: dict[str, Any], compute: Callable[[], Any],
           today: dt.date | None = None) -> Any:
    """``compute()``'s JSON-able result, from the cache when there."""
    seconds = config.cache_seconds()
    current = version()
    if not seconds or current < 0:
        return compute()
    day = (today or dt.date.today()).isoformat()
    digest = hashlib.sha256(
        json.dumps(args, sort_keys=True, default=str).encode()
    ).hexdigest()[:32]
    key = f"{_prefix()}{current}:{day}:{name}:{digest}"
    redis = connect_to_redis()
    try:
        found = redis.get(key)
    except Exception:
        found = None
    if found is not None:
        return json.loads(found)
    value = compute()
    try:
        redis.set(key, json.dumps(value, default=str), ex=seconds)
    except Exception:
        log.warning("monitoring cache: could not store", exc_info=True)
    return value
