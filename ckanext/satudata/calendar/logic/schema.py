"""Schemas of the calendar plugin's actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema

from ckanext.satudata.calendar.logic import validators
from ckanext.satudata.validation import ref, whole_number


def _v(name: str) -> Any:
    return tk.get_validator(name)


def holiday_list() -> Schema:
    return {"year": [_v("ignore_missing"),
                     whole_number(validators.YEAR_MIN, validators.YEAR_MAX)]}


def holiday_create() -> Schema:
    return {
        "day": [_v("not_empty"), validators.satudata_calendar_day],
        # no unicode_safe: it would turn a list or an object into its text
        "name": [_v("not_empty"), validators.satudata_calendar_name],
    }


def holiday_delete() -> Schema:
    return {"id": ref()}
