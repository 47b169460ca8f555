"""Redis keys of the accounts plugin (throttles, locks, login codes), all
under the site's id so that sites sharing a Redis do not meet."""

from __future__ import annotations

import hashlib

from ckan.lib.redis import connect_to_redis
from redis import Redis

from ckanext.satudata.config import site_id


def redis() -> Redis:
    return connect_to_redis()


def key(*parts: str) -> str:
    return ":".join((site_id(), "satudata", *parts))


def digest(text: str) -> str:
    """A stable short digest of untrusted text (a typed login, an IP
    address) for use in a key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
