"""Validation schemas of the workflow actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.validation import package_ref, revision

Schema = dict[str, Any]


def _v(name: str) -> Any:
    return tk.get_validator(name)


def move() -> Schema:
    return {
        **package_ref(),
        "period": [_v("not_empty"), _v("unicode_safe")],
        "note": [_v("default")(""), _v("unicode_safe"), _v("satudata_note")],
        "revision": revision(),
    }


def move_return() -> Schema:
    return {
        **move(),
        "cell_notes": [_v("default")({}), _v("satudata_cell_notes")],
        "deadline": [_v("ignore_missing"), _v("isodate")],
    }


def queue_list() -> Schema:
    return {}


def checks() -> Schema:
    return {
        **package_ref(),
        "period": [_v("not_empty"), _v("unicode_safe")],
    }
