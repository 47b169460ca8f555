"""Validators of the calendar plugin's actions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.calendar.holidays import NAME_MAX

#: The years a holiday may fall in.
YEAR_MIN, YEAR_MAX = 2000, 2100


def satudata_calendar_day(value: Any) -> dt.date:
    """A day written ``YYYY-MM-DD`` (a date object too), that exists, in
    the years :data:`YEAR_MIN` to :data:`YEAR_MAX`."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        text = value.strip() if isinstance(value, str) else ""
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise tk.Invalid(tk._("Give a date as YYYY-MM-DD"))
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            raise tk.Invalid(tk._("This date does not exist")) from None
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise tk.Invalid(tk._("Give a date in the years {low} to {high}").format(
            low=YEAR_MIN, high=YEAR_MAX))
    return value


def satudata_calendar_name(value: Any) -> str:
    """A holiday's name: text of one line, at most :data:`NAME_MAX`
    characters, spaces tidied."""
    if not isinstance(value, str):
        raise tk.Invalid(tk._("Must be text"))
    text = " ".join(value.split())
    if not text or "\x00" in text:
        raise tk.Invalid(tk._("Missing value"))
    if len(text) > NAME_MAX:
        raise tk.Invalid(tk._("At most {max} characters").format(max=NAME_MAX))
    return text
