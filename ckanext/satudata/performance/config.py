"""Typed access to the options of the performance pages
(``performance/config_declaration.yaml``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

PREFIX = "ckanext.satudata.performance."
MAX_MONTHS = 36


def cache_seconds() -> int:
    """Seconds the computed figures live in Redis (0: not cached)."""
    return max(0, int(tk.config.get(PREFIX + "cache_seconds") or 0))


def statistics_months() -> int:
    """Months of the series on /statistik (1 to 36)."""
    months = int(tk.config.get(PREFIX + "statistics_months") or 12)
    return min(MAX_MONTHS, max(1, months))
