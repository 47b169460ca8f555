"""Template helpers of the calendar plugin."""

from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk
from babel.dates import format_date

__all__ = ["satudata_calendar_day"]


def satudata_calendar_day(value: str | dt.date | None) -> str:
    """A day with its weekday in the page's language: ``2026-08-17`` →
    "Senin, 17 Agustus 2026"."""
    if not value:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    locale = str(tk.h.lang() or "id").replace("-", "_")
    try:
        return format_date(day, format="full", locale=locale)
    except ValueError:
        return day.isoformat()
