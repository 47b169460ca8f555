"""Schemas of the accounts plugin's actions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey, Schema

from ckanext.satudata.accounts import history

_ = tk.get_validator


def account_ref() -> Schema:
    """An account by id or name (default: the caller)."""
    return {"user": [_("ignore_missing"), _("unicode_safe")]}


def account_unlock() -> Schema:
    return {"id": [_("not_empty"), _("unicode_safe")]}


def account_security_update() -> Schema:
    return {"otp_opt_in": [_("not_missing"), _("boolean_validator")]}


def trusted_device_revoke() -> Schema:
    return {
        "user": [_("ignore_missing"), _("unicode_safe")],
        "device_id": [_("ignore_missing"), _("unicode_safe")],
    }


# -- login history ---------------------------------------------------------------

#: Most events ``satudata_login_history_list`` gives at once.
HISTORY_LIMIT_MAX = 1000
#: Events it gives when not told.
HISTORY_LIMIT_DEFAULT = 50
#: Largest offset (the database's OFFSET is a bigint).
HISTORY_OFFSET_MAX = 2**31 - 1


def _whole_number(low: int, high: int) -> Any:
    """A validator: a whole number from ``low`` to ``high`` (text of digits
    too, as a form sends it)."""

    def whole_number(value: Any) -> int:
        text = str(value).strip() if isinstance(value, (int, str)) else ""
        if isinstance(value, bool) or not re.fullmatch(r"[0-9]{1,12}", text):
            raise tk.Invalid(tk._("Give a whole number"))
        number = int(text)
        if not low <= number <= high:
            raise tk.Invalid(tk._("Give a number from {low} to {high}").format(
                low=low, high=high))
        return number

    return whole_number


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
    return {
        "user": [_("ignore_empty"), _("unicode_safe")],
        "kind": [_("ignore_empty"), _("unicode_safe"), history_kind],
        "outcome": [_("ignore_empty"), _("unicode_safe"), history_outcome],
        "since": [_("ignore_empty"), history_day],
        "until": [_("ignore_empty"), history_day, history_until],
        "limit": [_("default")(HISTORY_LIMIT_DEFAULT),
                  _whole_number(1, HISTORY_LIMIT_MAX)],
        "offset": [_("default")(0), _whole_number(0, HISTORY_OFFSET_MAX)],
    }


def staff_create() -> Schema:
    """A staff account on an assignment letter (``letter``: the PDF)."""
    return {
        "name": [_("not_empty"), _("unicode_safe"), _("strip_value"),
                 _("name_validator")],
        "fullname": [_("not_empty"), _("unicode_safe"), _("strip_value")],
        "email": [_("not_empty"), _("unicode_safe"), _("strip_value"),
                  _("email_validator")],
        "organization": [_("not_empty"), _("unicode_safe")],
        "role": [_("not_empty"), _("unicode_safe")],
        "letter_number": [_("not_empty"), _("unicode_safe"), _("strip_value")],
        "letter_date": [_("not_empty"), _("isodate")],
        "letter": [_("ignore_missing")],
    }


def staff_assignment_list() -> Schema:
    return {
        "organization": [_("ignore_missing"), _("unicode_safe")],
        "user": [_("ignore_missing"), _("unicode_safe")],
    }


def account_deactivate() -> Schema:
    return {"id": [_("not_empty"), _("unicode_safe")]}
