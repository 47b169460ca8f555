"""Validation schemas of the indicator actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

Schema = dict[str, Any]


#: Largest revision a client may send (``satudata_import.revision`` and
#: ``satudata_submission.revision`` are ``integer`` columns).
REVISION_MAX = 2**31 - 1


def _v(name: str) -> Any:
    return tk.get_validator(name)


def _revision(value: Any, context: Any) -> int | None:
    number = _v("int_validator")(value, context)
    if number is not None and not 0 <= number <= REVISION_MAX:
        raise tk.Invalid(tk._("Invalid integer"))
    return number


def revision() -> list[Any]:
    """The optional ``revision`` a client read (conflict detection)."""
    return [_v("ignore_missing"), _revision]


def validated(
    data_dict: dict[str, Any], schema: Schema, context: Any
) -> dict[str, Any]:
    """``data_dict`` validated against ``schema``; ValidationError on errors
    (every action of the satudata plugins validates through this)."""
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def package_ref() -> Schema:
    return {"id": [_v("not_empty"), _v("unicode_safe")]}


def period_ref() -> Schema:
    return {
        **package_ref(),
        "period": [_v("not_empty"), _v("unicode_safe")],
        "token": [_v("ignore_missing"), _v("unicode_safe")],
    }


def structure_update() -> Schema:
    return {
        **package_ref(),
        "components": [_v("not_missing")],
        "breakdown": [_v("default")({"type": "none"})],
        "granularity": [_v("not_empty"), _v("unicode_safe")],
        "first_period": [_v("not_empty"), _v("unicode_safe")],
        "totals": [_v("ignore_missing")],
    }


def due_list() -> Schema:
    return {
        "organization": [_v("ignore_missing"), _v("unicode_safe")],
        "include_drafts": [_v("default")(False), _v("boolean_validator")],
    }


def submission_save() -> Schema:
    return {
        **period_ref(),
        "values": [_v("default")({})],
        "kode_referensi": [_v("ignore_missing"), _v("unicode_safe")],
        "sumber_data": [_v("ignore_missing"), _v("unicode_safe")],
        "revision": revision(),
        "surveyor_name": [_v("ignore_missing"), _v("unicode_safe")],
    }


def submission_import() -> Schema:
    return {
        **period_ref(),
        "upload": [_v("not_missing")],
        "revision": revision(),
        "surveyor_name": [_v("ignore_missing"), _v("unicode_safe")],
    }


def import_show() -> Schema:
    return {
        "id": [_v("not_empty"), _v("unicode_safe")],
        "token": [_v("ignore_missing"), _v("unicode_safe")],
    }


def survey_link_create() -> Schema:
    return {
        **package_ref(),
        "period": [_v("not_empty"), _v("unicode_safe")],
        "label": [_v("not_empty"), _v("unicode_safe")],
        "rows": [_v("ignore_missing")],
        "expires": [_v("not_empty"), _v("isodate")],
    }


def survey_link_list() -> Schema:
    return {**package_ref(), "period": [_v("ignore_missing"), _v("unicode_safe")]}


def survey_link_revoke() -> Schema:
    return {"id": [_v("not_empty"), _v("unicode_safe")]}


def survey_link_show() -> Schema:
    return {"token": [_v("not_empty"), _v("unicode_safe")]}
