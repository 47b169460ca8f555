"""Schemas of the monitoring actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema

from ckanext.satudata.monitoring import window as windows
from ckanext.satudata.validation import optional_ref, ref


def _v(name: str) -> Any:
    return tk.get_validator(name)


def satudata_monitoring_window(value: Any) -> str:
    """A period id naming the window (``2026``, ``2026-S2``, ``2026-Q3``,
    ``2026-07``); empty: this year."""
    if value in (None, "") or value is tk.missing:
        return windows.current_year().id
    found = windows.parse(value if isinstance(value, str) else "")
    if found is None:
        raise tk.Invalid(tk._(
            "Give a period such as 2026, 2026-S2, 2026-Q3 or 2026-07"))
    return found.id


def summary() -> Schema:
    return {"window": [_v("ignore_missing"), satudata_monitoring_window],
            "organization": optional_ref()}


def organization() -> Schema:
    return {"id": ref(),
            "window": [_v("ignore_missing"), satudata_monitoring_window]}


def refresh() -> Schema:
    return {"background": [_v("default")(True), _v("boolean_validator")]}
