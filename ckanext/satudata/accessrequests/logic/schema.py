"""Schemas of the access request actions."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema

from ckanext.satudata.accessrequests import rules, stages
from ckanext.satudata.validation import (
    one_of,
    optional_ref,
    optional_text,
    ref,
    required_text,
    whole_number,
)

FORMATS = ("csv", "xlsx", "json", "xml")
#: Most datasets (tema) one request names, and variables per dataset.
MAX_ITEMS = 20
MAX_VARIABLES = 500


def _v(name: str) -> Any:
    return tk.get_validator(name)


def names(value: Any) -> list[str]:
    """A list of names from a JSON body (a list), a form (a JSON list or
    comma-separated text) or repeated form fields."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError as error:
                raise tk.Invalid(tk._("Give a list")) from error
        else:
            value = [part.strip() for part in text.split(",") if part.strip()]
    if not isinstance(value, list | tuple) or not all(
            isinstance(item, str) and 0 < len(item) <= 200 for item in value):
        raise tk.Invalid(tk._("Give a list of names"))
    if len(value) > MAX_VARIABLES:
        raise tk.Invalid(tk._("At most {max} variables").format(max=MAX_VARIABLES))
    return list(dict.fromkeys(value))


def flag(value: Any) -> bool:
    """A yes/no field (``true``, ``on``, ``1``…); anything else is a
    validation error."""
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    try:
        return tk.asbool(value)
    except (ValueError, TypeError, AttributeError) as error:
        raise tk.Invalid(tk._("Give yes or no")) from error


def item() -> Schema:
    return {
        "dataset_id": required_text(100),
        "variables": [_v("not_missing"), names],
        "notes": optional_text(2000),
        "format": [_v("not_empty"), one_of(FORMATS)],
    }


def access_request_create() -> Schema:
    return {
        "letter_number": required_text(100),
        "purpose": optional_text(4000),
        "agree": [_v("default")(False), flag],
        "items": item(),
    }


def access_request_ref() -> Schema:
    return {"id": ref()}


def access_request_list() -> Schema:
    return {
        "status": [_v("ignore_missing"), one_of((rules.DIPROSES, rules.DIKEMBALIKAN,
                                                 rules.SELESAI, rules.DITOLAK))],
        "stage": [_v("ignore_missing"), one_of(stages.CODES)],
        "q": optional_text(200),
        "institution_id": optional_ref(),
        "mine": [_v("default")(False), flag],
    }


def access_request_advance() -> Schema:
    return {"id": ref(), "stage": [_v("not_empty"), one_of(stages.CODES)],
            "comment": optional_text(2000),
            "identity_approved": [_v("default")(False), flag]}


def access_request_return() -> Schema:
    return {"id": ref(), "stage": [_v("not_empty"), one_of(stages.CODES)],
            "note": optional_text(2000)}


def access_request_reject() -> Schema:
    return {"id": ref(), "reason": optional_text(2000)}


def access_request_resubmit() -> Schema:
    return {"id": ref(), "comment": optional_text(2000),
            "letter_number": optional_text(100),
            **{field: [_v("ignore_missing")] for field in (
                "kak", "sk", "peraturan", "lainnya")}}


def access_request_extract() -> Schema:
    return {"id": ref(), "remove": [_v("ignore_missing")]}


def access_request_bast_document() -> Schema:
    return {"id": ref(), "bast_number": optional_text(100)}


def access_request_note() -> Schema:
    return {"id": ref(), "note": optional_text(2000)}


def access_request_comment() -> Schema:
    return {"id": ref(), "comment": optional_text(2000)}


def access_request_download() -> Schema:
    return {"id": ref(), "item_id": required_text(100),
            "token": optional_text(200), "include_content": [
                _v("default")(False), flag]}


def download_log_list() -> Schema:
    return {
        "request_id": optional_ref(),
        "user_id": optional_ref(),
        "institution_id": optional_ref(),
        "q": optional_text(200),
        "since": [_v("ignore_missing"), _v("isodate")],
        "until": [_v("ignore_missing"), _v("isodate")],
        "limit": [_v("default")(1000), whole_number(1, 100000)],
    }
