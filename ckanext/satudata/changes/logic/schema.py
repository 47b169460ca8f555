"""Schemas of the change request actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema

from ckanext.satudata.changes import statuses
from ckanext.satudata.validation import optional_ref, ref, revision, whole_number


def _v(name: str) -> Any:
    return tk.get_validator(name)


def _status(value: Any) -> Any:
    if value not in statuses.LISTED:
        raise tk.Invalid(tk._("Unknown status: use one of {statuses}").format(
            statuses=", ".join(statuses.LISTED)))
    return value


def _text(limit: int) -> list[Any]:
    def short(value: Any) -> Any:
        if isinstance(value, str) and len(value) > limit:
            raise tk.Invalid(tk._("At most {max} characters").format(max=limit))
        return value

    return [_v("ignore_missing"), _v("unicode_safe"), short]


def change_request_create() -> Schema:
    return {
        "id": ref(),
        "period": ref(),
        "cells": [_v("ignore_missing")],
        "upload": [_v("ignore_missing")],
        "reason": _text(500),
        "revision": revision(),
    }


def change_request_ref() -> Schema:
    return {"id": ref()}


def change_request_upload() -> Schema:
    return {"id": ref(), "upload": [_v("not_missing")]}


def change_request_approve() -> Schema:
    return {"id": ref(),
            "confirm_errors": [_v("default")(False), _v("boolean_validator")]}


def change_request_reject() -> Schema:
    return {"id": ref(),
            "note": [_v("not_empty"), _v("unicode_safe"), *_text(2000)[2:]]}


def change_request_list() -> Schema:
    return {
        "organization": optional_ref(),
        "package": optional_ref(),
        "period": optional_ref(),
        "status": [_v("ignore_missing"), _v("unicode_safe"), _status],
        "limit": [_v("default")(50), whole_number(0, 1000)],
        "offset": [_v("default")(0), whole_number(0, 10**9)],
    }


def revision_list() -> Schema:
    return {"id": ref(), "period": optional_ref()}
