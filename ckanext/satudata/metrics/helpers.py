"""Template helpers of the system page: numbers, durations, times and the
chart geometry, in the current language and the portal's time zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import ckan.plugins.toolkit as tk
from flask_babel import format_date, format_datetime, format_decimal, format_timedelta

from ckanext.satudata.config import display_zone
from ckanext.satudata.metrics import chart

DASH = "\u2013"  # en dash: no figure


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {
        "satudata_metrics_percent": percent,
        "satudata_metrics_seconds": seconds,
        "satudata_metrics_duration": duration,
        "satudata_metrics_bytes": size,
        "satudata_metrics_number": number,
        "satudata_metrics_hour": hour,
        "satudata_metrics_day": day,
        "satudata_metrics_time": moment,
        "satudata_metrics_chart": bars,
    }


def percent(share: float | None) -> str:
    """0.99951 → ``99,95 %`` (Indonesian)."""
    if share is None:
        return DASH
    return f"{format_decimal(share * 100, format='#,##0.00')} %"


def seconds(value: float | None) -> str:
    """A response time: milliseconds below a second, else seconds."""
    if value is None:
        return DASH
    if value < 1:
        return f"{format_decimal(round(value * 1000), format='#,##0')} ms"
    return f"{format_decimal(value, format='#,##0.00')} s"


def duration(value: float | None) -> str:
    """A lag or a wait in words (``5 menit``); ``0`` for none."""
    if value is None:
        return DASH
    if value < 1:
        return "0"
    return format_timedelta(dt.timedelta(seconds=value), threshold=1.1)


def size(value: int | None) -> str:
    return DASH if value is None else tk.h.localised_filesize(int(value))


def number(value: int | float | None) -> str:
    return DASH if value is None else format_decimal(value)


def _local(iso: str | None) -> dt.datetime | None:
    if not iso:
        return None
    found = dt.datetime.fromisoformat(iso)
    if found.tzinfo is None:
        found = found.replace(tzinfo=dt.timezone.utc)
    return found.astimezone(display_zone())


def hour(iso: str | None) -> str:
    """The start of an hour in the portal's zone: ``4 Des 13.00``."""
    found = _local(iso)
    return DASH if found is None else format_datetime(
        found.replace(tzinfo=None), "d MMM HH.mm", rebase=False)


def moment(iso: str | None) -> str:
    """A date and time in the portal's zone."""
    found = _local(iso)
    return DASH if found is None else format_datetime(
        found.replace(tzinfo=None), "d MMM yyyy HH.mm", rebase=False)


def day(iso: str | None) -> str:
    """A day: ``Kam, 4 Des``."""
    if not iso:
        return DASH
    return format_date(dt.date.fromisoformat(iso), "EEE, d MMM")


def bars(hourly: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return chart.bars([(item["requests"], item["errors"]) for item in hourly])
