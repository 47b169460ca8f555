"""Validation schemas of the notification actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

Schema = dict[str, Any]
LIMIT_DEFAULT = 20


def _v(name: str) -> Any:
    return tk.get_validator(name)


def notification_list() -> Schema:
    return {
        "limit": [_v("default")(LIMIT_DEFAULT), _v("natural_number_validator"),
                  _v("satudata_notification_limit")],
        "offset": [_v("default")(0), _v("natural_number_validator")],
        "unread_only": [_v("default")(False), _v("boolean_validator")],
    }


def notification_show() -> Schema:
    return {"id": [_v("not_empty"), _v("unicode_safe")]}


def notification_read() -> Schema:
    return {
        "ids": [_v("ignore_missing"), _v("convert_to_list_if_string"),
                _v("list_of_strings")],
        "all": [_v("default")(False), _v("boolean_validator")],
    }


def reminder_send() -> Schema:
    return {}
