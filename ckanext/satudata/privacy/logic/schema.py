"""Schemas of the personal-data guard's actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema

from ckanext.satudata.privacy.scanning import STATUSES
from ckanext.satudata.validation import (
    ignore_empty,
    optional_ref,
    ref,
    required_text,
    whole_number,
)


def _v(name: str) -> Any:
    return tk.get_validator(name)


def _status(value: Any) -> Any:
    if value not in STATUSES:
        raise tk.Invalid(tk._("Choose one of: {values}").format(
            values=", ".join(STATUSES)))
    return value


def subject() -> Schema:
    """A resource (``id``), or a dataset's period (``id`` and ``period``)."""
    return {"id": ref(), "period": optional_ref()}


def scan_show() -> Schema:
    return subject()


def rescan() -> Schema:
    return subject()


def confirm() -> Schema:
    return {**subject(), "note": required_text(2000)}


def scan_list() -> Schema:
    return {
        "status": [_v("ignore_missing"), ignore_empty, _status],
        "held": [_v("ignore_missing"), _v("boolean_validator")],
        "limit": [_v("ignore_missing"), ignore_empty, whole_number(0, 1000)],
        "offset": [_v("ignore_missing"), ignore_empty,
                   whole_number(0, 1_000_000)],
    }
