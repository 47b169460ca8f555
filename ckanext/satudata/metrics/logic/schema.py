"""Schemas of the metrics plugin's actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema

from ckanext.satudata.metrics.summary import MAX_HOURS


def _v(name: str) -> Any:
    return tk.get_validator(name)


def _hours(value: Any) -> Any:
    # not an integer: int_validator has said so already
    if isinstance(value, int) and not 1 <= value <= MAX_HOURS:
        raise tk.Invalid(tk._("Must be between 1 and {maximum}").format(
            maximum=MAX_HOURS))
    return value


def metrics_summary() -> Schema:
    return {"hours": [_v("ignore_missing"), _v("int_validator"), _hours]}
