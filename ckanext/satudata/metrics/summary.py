"""The figures of the walidata's page ``/pemantauan/sistem`` (and of the
action ``satudata_metrics_summary``): availability and volume per hour
and per day, response times per route, queues, search index, storage and
database."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from ckanext.satudata.config import display_zone
from ckanext.satudata.metrics import buckets, store, system
from ckanext.satudata.metrics import config as metrics_config

#: Hours of the per-hour figures by default, and at most.
DEFAULT_HOURS = 24
MAX_HOURS = 168
#: Days of the per-day availability.
DAYS = 7
#: Routes listed as the slowest.
SLOWEST = 10


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _share(good: int, total: int) -> float | None:
    return None if total <= 0 else round(good / total, 6)


def figures_of(figures: store.Figures, route: str) -> dict[str, Any]:
    """Requests, 5xx, availability and latency of one route (``*``: the
    per-hour totals)."""
    requests = figures.count(route)
    errors = figures.count(route, "5xx")
    counts = figures.buckets.get(route, [0] * buckets.SIZE)
    counted = sum(counts)
    total_seconds = figures.sums.get(route, 0.0)
    return {
        "requests": requests,
        "errors": errors,
        "client_errors": figures.count(route, "4xx"),
        "availability": _share(requests - errors, requests),
        "p50": _seconds(buckets.quantile(0.5, counts)),
        "p95": _seconds(buckets.quantile(0.95, counts)),
        "mean": _seconds(total_seconds / counted) if counted else None,
    }


def _iso_hour(hour: int) -> str:
    return dt.datetime.fromtimestamp(hour * 3600, dt.timezone.utc).isoformat()


def _day_hours(now: float, zone: dt.tzinfo) -> list[tuple[dt.date, int]]:
    """(local day, hour) of every hour of the last ``DAYS`` local days,
    today included, up to the current hour."""
    today = dt.datetime.fromtimestamp(now, zone).date()
    first = dt.datetime.combine(today - dt.timedelta(days=DAYS - 1), dt.time.min,
                                tzinfo=zone)
    current = store.hour_of(now)
    return [(dt.datetime.fromtimestamp(hour * 3600, zone).date(), hour)
            for hour in range(store.hour_of(first.timestamp()), current + 1)]


def requests(hours: int, now: float | None = None) -> dict[str, Any]:
    """The request figures of the last ``hours`` hours (per hour, per
    route) and of the last ``DAYS`` days (per day). Raises
    ``redis.RedisError`` when Redis does not answer."""
    now = time.time() if now is None else now
    current = store.hour_of(now)
    recent = list(range(current - hours + 1, current + 1))
    day_hours = _day_hours(now, display_zone())
    totals = store.totals_per_hour(sorted({*recent, *(h for _d, h in day_hours)}))

    hourly = []
    period = store.Figures()
    for hour in recent:
        found = totals.get(hour) or store.Figures()
        period.add(found)
        hourly.append({"hour": hour, "start": _iso_hour(hour),
                       **figures_of(found, store.ALL)})

    days: dict[dt.date, store.Figures] = {}
    for day, hour in day_hours:
        days.setdefault(day, store.Figures()).add(totals.get(hour) or store.Figures())
    daily = [{"day": day.isoformat(), **figures_of(found, store.ALL)}
             for day, found in sorted(days.items())]

    detail = store.Figures()
    for found in store.per_hour(recent).values():
        detail.add(found)
    routes = []
    for route in detail.routes():
        methods: dict[str, int] = {}
        for (r, method, _s), count in detail.requests.items():
            if r == route:
                methods[method] = methods.get(method, 0) + count
        routes.append({"route": route, "methods": dict(sorted(methods.items())),
                       **figures_of(detail, route)})
    routes.sort(key=lambda item: (-item["requests"], item["route"]))
    slowest = sorted((item for item in routes if item["p95"] is not None),
                     key=lambda item: (-item["p95"], -(item["mean"] or 0),
                                       item["route"]))[:SLOWEST]
    return {
        "period": figures_of(period, store.ALL),
        "hourly": hourly,
        "daily": daily,
        "routes": routes,
        "slowest": slowest,
    }


def summary(hours: int = DEFAULT_HOURS, now: float | None = None) -> dict[str, Any]:
    """Every figure of the page; a part that cannot be read is ``None``
    (``requests_available`` false for the request figures)."""
    now = time.time() if now is None else now
    found = system.safely("request figures", lambda: requests(hours, now))
    database = system.safely("database size", system.database_size)
    return {
        "generated": dt.datetime.fromtimestamp(now, dt.timezone.utc).isoformat(),
        "hours": hours,
        "recording": metrics_config.enabled(),
        "requests_available": found is not None,
        **(found or {"period": None, "hourly": [], "daily": [], "routes": [],
                     "slowest": []}),
        "queues": system.safely("job queues", lambda: system.queues(now)),
        "search": system.safely("search index", system.search_index),
        "datasets": system.safely("datasets", system.datasets),
        "storage": system.safely("storage", system.storage),
        "database": None if database is None else {"size_bytes": database},
    }
