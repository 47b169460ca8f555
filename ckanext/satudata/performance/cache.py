"""The computed figures of the public pages, kept in Redis for
``cache_seconds`` (shared by every web process; 0: not kept).

A key names the site, a version (bumped by :func:`invalidate` when the
walidata mark or change a performance indicator), what was computed, its
arguments and today's date (a new day starts afresh: "this month" and
"this year" move). Redis being down never fails a page: the figures are
computed instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

from ckan.lib.redis import connect_to_redis

from ckanext.satudata import config as site
from ckanext.satudata.performance import config

log = logging.getLogger(__name__)


def _prefix() -> str:
    return f"satudata:performance:{site.site_id()}:"


def invalidate() -> None:
    """Forget every cached figure (all processes)."""
    try:
        connect_to_redis().incr(_prefix() + "version")
    except Exception:
        log.warning("performance cache: could not invalidate", exc_info=True)


def key(name: str, args: dict[str, Any], today: dt.date, version: int) -> str:
    digest = hashlib.sha256(
        json.dumps(args, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return f"{_prefix()}{version}:{today.isoformat()}:{name}:{digest}"


def cached(name: str, args: dict[str, Any], compute: Callable[[], Any],
           today: dt.date | None = None) -> Any:
    """``compute()``'s JSON-able result, from Redis when it is there."""
    seconds = config.cache_seconds()
    if not seconds:
        return compute()
    try:
        redis = connect_to_redis()
        version = int(redis.get(_prefix() + "version") or 0)
        found_key = key(name, args, today or dt.date.today(), version)
        found = redis.get(found_key)
    except Exception:  # Redis down: compute, never fail the page
        log.warning("performance cache: Redis unavailable", exc_info=True)
        return compute()
    if found is not None:
        return json.loads(found)
    value = compute()
    try:
        redis.set(found_key, json.dumps(value, default=str), ex=seconds)
    except Exception:
        log.warning("performance cache: could not store", exc_info=True)
    return value
