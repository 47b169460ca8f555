"""Typed access to the monitoring plugin's options
(``monitoring/config_declaration.yaml``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

PREFIX = "ckanext.satudata.monitoring."


def target_fill_rate() -> int:
    return min(100, max(0, int(tk.config.get(PREFIX + "target_fill_rate"))))


def warning_fill_rate() -> int:
    value = int(tk.config.get(PREFIX + "warning_fill_rate"))
    return min(target_fill_rate(), max(0, value))


def cache_seconds() -> int:
    return max(0, int(tk.config.get(PREFIX + "cache_seconds")))


def trend_windows() -> int:
    return min(24, max(2, int(tk.config.get(PREFIX + "trend_windows"))))
