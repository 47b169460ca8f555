"""Schemas of the accounts plugin's actions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey, Schema

from ckanext.satudata.accounts import history
from ckanext.satudata.validation import ignore_empty, optional_ref, ref, whole_number

v = tk.get_validator


def account_ref() -> Schema:
    """An account by id or name (default: the caller)."""
    return {"user": optional_ref()}


def account_unlock() -> Schema:
    return {"id": ref()}


def account_security_update() -> Schema:
    return {"otp_opt_in": [v("not_missing"), v("boolean_validator")]}


def trusted_device_revoke() -> Schema:
    return {
        "user": optional_ref(),
        "device_id": optional_ref(),
    }


# -- login history ---------------------------------------------------------------

#: Most events ``satudata_login_history_list`` gives at once.
HISTORY_LIMIT_MAX = 1000
#: Events it gives when not told.
HISTORY_LIMIT_DEFAULT = 50
#: Largest offset (the database's OFFSET is a bigint).
HISTORY_OFFSET_MAX = 2**31 - 1


def history_day(value: Any) -> dt.date:
    """A day written ``YYYY-MM-DD`` (as a date field sends it)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day: dt.date | None = value
    else:
        text = value.strip() if isinstance(value, str) else ""
        day = None
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                day = None
    if day is None or not 1900 <= day.year <= 9998:
        raise tk.Invalid(tk._("Give a date as YYYY-MM-DD"))
    return day


def history_until(key: FlattenKey, data: FlattenDataDict,
                  errors: FlattenErrorDict, context: Context) -> None:
    """The last day is not before the first (``since``)."""
    since, until = data.get(("since",)), data.get(key)
    if (isinstance(since, dt.date) and isinstance(until, dt.date)
            and until < since):
        errors[key].append(tk._("The end date is before the start date"))


def history_kind(value: Any) -> str:
    if value not in history.KINDS:
        raise tk.Invalid(tk._("Unknown activity type"))
    return value


def history_outcome(value: Any) -> str:
    if value not in history.OUTCOMES:
        raise tk.Invalid(tk._("Unknown outcome"))
    return value


def login_history_list() -> Schema:
    """Filters and page of ``satudata_login_history_list``."""
    # tk.get_validator by its name: ``_(...)`` would be taken for a message
    # by the catalogue's extraction
    validator = tk.get_validator
    unicode_safe = validator("unicode_safe")
    default = validator("default")
    return {
        "user": [ignore_empty, unicode_safe],
        "kind": [ignore_empty, unicode_safe, history_kind],
        "outcome": [ignore_empty, unicode_safe, history_outcome],
        "since": [ignore_empty, history_day],
        "until": [ignore_empty, history_day, history_until],
        "limit": [default(HISTORY_LIMIT_DEFAULT), whole_number(1, HISTORY_LIMIT_MAX)],
        "offset": [default(0), whole_number(0, HISTORY_OFFSET_MAX)],
    }


def staff_create() -> Schema:
    """A staff account on an assignment letter (``letter``: the PDF)."""
    v = tk.get_validator  # by name: ``_(...)`` would be taken for a message
    text = [v("unicode_safe"), v("strip_value")]
    return {
        "name": [v("not_empty"), *text, v("name_validator")],
        "fullname": [v("not_empty"), *text],
        "email": [v("not_empty"), *text, v("email_validator")],
        "organization": ref(),
        "role": [v("not_empty"), v("unicode_safe")],
        "letter_number": [v("not_empty"), *text],
        "letter_date": [v("not_empty"), v("isodate")],
        "letter": [v("ignore_missing")],
    }


def staff_assignment_list() -> Schema:
    return {
        "organization": optional_ref(),
        "user": optional_ref(),
    }


def account_deactivate() -> Schema:
    return {"id": ref()}
