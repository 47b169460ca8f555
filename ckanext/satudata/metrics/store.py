"""The request figures in Redis, shared by every worker process and web
container that uses the same Redis (``ckan.redis.url``).

Keys (``<site>`` is ``ckan.site_id``, so portals sharing a Redis do not
mix), each a hash with the fields ``r\\t<route>\\t<method>\\t<status>``
(requests), ``d\\t<route>\\t<bucket>`` (requests per latency bucket,
:mod:`buckets`) and ``s\\t<route>`` (sum of the durations, seconds):

- ``satudata:metrics:<site>:all`` — since the figures began (the counters
  of /metrics);
- ``satudata:metrics:<site>:hour:<n>`` — hour ``n`` (hours since the Unix
  epoch, UTC), kept ``retention_days`` (the walidata's page);
- ``satudata:metrics:<site>:total:<n>`` — the same hour for all routes
  together (route and method ``*``): the 7-day availability reads only
  these small hashes.

Recording is one pipelined round trip per request; a Redis error is
logged and recording pauses for a moment, the request never fails."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterable

import ckan.plugins.toolkit as tk
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from ckanext.satudata.config import site_id
from ckanext.satudata.metrics import buckets
from ckanext.satudata.metrics import config as metrics_config

log = logging.getLogger(__name__)

PREFIX = "satudata:metrics:"
#: Route and method of the per-hour totals.
ALL = "*"
#: Seconds Redis may take to connect or answer before a request gives up
#: recording (a Redis that hangs must not hang the portal).
TIMEOUT = 0.5
#: Seconds recording pauses after a Redis error.
PAUSE = 30.0

_pools: dict[str, redis.ConnectionPool] = {}
_paused_until = 0.0


def client_for(url: str) -> redis.Redis:
    """A client of the Redis at ``url`` with short timeouts and one
    immediate retry (a pooled connection that went stale is replaced;
    redis-py's default retries with backoff would hold a request for
    seconds when Redis is down): one pool per URL and process (redis-py
    makes a new one after a fork)."""
    pool = _pools.get(url)
    if pool is None:
        pool = _pools[url] = redis.ConnectionPool.from_url(
            url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT,
            retry=Retry(NoBackoff(), 1))
    return redis.Redis(connection_pool=pool)


def connect() -> redis.Redis:
    """A client of ``ckan.redis.url``, CKAN's Redis (:func:`client_for`)."""
    return client_for(str(tk.config.get("ckan.redis.url")))


def prefix() -> str:
    return f"{PREFIX}{site_id()}:"


def hour_of(timestamp: float) -> int:
    """Hours since the Unix epoch (UTC) of a timestamp."""
    return int(timestamp // 3600)


def _fields(route: str, method: str, status: str, position: int
            ) -> tuple[str, str, str]:
    return (f"r\t{route}\t{method}\t{status}", f"d\t{route}\t{position}",
            f"s\t{route}")


def record(route: str, method: str, status: str, seconds: float,
           now: float | None = None) -> bool:
    """Count one request; ``False`` when it could not be recorded."""
    global _paused_until
    clock = time.monotonic()
    if clock < _paused_until:
        return False
    now = time.time() if now is None else now
    hour = hour_of(now)
    position = buckets.index(seconds)
    keep = metrics_config.retention_days() * 86400 + 3600
    base = prefix()
    try:
        pipe = connect().pipeline(transaction=False)
        for key, route_, method_ in ((f"{base}all", route, method),
                                     (f"{base}hour:{hour}", route, method),
                                     (f"{base}total:{hour}", ALL, ALL)):
            requests, bucket, total = _fields(route_, method_, status, position)
            pipe.hincrby(key, requests, 1)
            pipe.hincrby(key, bucket, 1)
            pipe.hincrbyfloat(key, total, seconds)
            if key != f"{base}all":
                pipe.expire(key, keep)
        pipe.execute()
    except Exception as error:  # never break a request
        _paused_until = clock + PAUSE
        log.warning("Request figures not recorded for %d s (Redis: %s)",
                    PAUSE, error)
        return False
    return True


def resume() -> None:
    """Record again at once (after a pause for a Redis error)."""
    global _paused_until
    _paused_until = 0.0


@dataclasses.dataclass
class Figures:
    """Requests per (route, method, status class), latency bucket counts
    and duration sums per route."""

    requests: dict[tuple[str, str, str], int] = dataclasses.field(default_factory=dict)
    buckets: dict[str, list[int]] = dataclasses.field(default_factory=dict)
    sums: dict[str, float] = dataclasses.field(default_factory=dict)

    def add(self, other: Figures) -> Figures:
        for key, count in other.requests.items():
            self.requests[key] = self.requests.get(key, 0) + count
        for route, counts in other.buckets.items():
            buckets.add(self.buckets.setdefault(route, [0] * buckets.SIZE), counts)
        for route, seconds in other.sums.items():
            self.sums[route] = self.sums.get(route, 0.0) + seconds
        return self

    def routes(self) -> set[str]:
        return {route for route, _m, _s in self.requests} | set(self.buckets)

    def count(self, route: str | None = None, status: str | None = None) -> int:
        return sum(n for (r, _m, s), n in self.requests.items()
                   if (route is None or r == route)
                   and (status is None or s == status))


def parse(raw: dict[bytes, bytes] | dict[str, str]) -> Figures:
    """A hash of this module's fields → :class:`Figures` (unknown fields
    are skipped)."""
    figures = Figures()
    for key, value in raw.items():
        field = key.decode() if isinstance(key, bytes) else key
        text = value.decode() if isinstance(value, bytes) else value
        kind, _, rest = field.partition("\t")
        parts = rest.split("\t")
        try:
            if kind == "r" and len(parts) == 3:
                figures.requests[(parts[0], parts[1], parts[2])] = int(text)
            elif kind == "d" and len(parts) == 2:
                position = int(parts[1])
                if 0 <= position < buckets.SIZE:
                    counts = figures.buckets.setdefault(parts[0], [0] * buckets.SIZE)
                    counts[position] = int(text)
            elif kind == "s" and len(parts) == 1:
                figures.sums[parts[0]] = float(text)
        except ValueError:
            continue
    return figures


def all_time() -> Figures:
    """Every request since the figures began (raises ``redis.RedisError``)."""
    return parse(connect().hgetall(f"{prefix()}all"))


def _hours(kind: str, hours: Iterable[int]) -> dict[int, Figures]:
    wanted = list(hours)
    if not wanted:
        return {}
    pipe = connect().pipeline(transaction=False)
    for hour in wanted:
        pipe.hgetall(f"{prefix()}{kind}:{hour}")
    return {hour: parse(raw) for hour, raw in zip(wanted, pipe.execute(), strict=True)}


def per_hour(hours: Iterable[int]) -> dict[int, Figures]:
    """Each hour's figures per route (raises ``redis.RedisError``)."""
    return _hours("hour", hours)


def totals_per_hour(hours: Iterable[int]) -> dict[int, Figures]:
    """Each hour's figures for all routes together (route ``*``)."""
    return _hours("total", hours)


def clear() -> int:
    """Delete this site's figures (tests, or a fresh start); the number of
    keys deleted."""
    client = connect()
    keys = list(client.scan_iter(match=f"{prefix()}*", count=500))
    if keys:
        client.delete(*keys)
    return len(keys)
