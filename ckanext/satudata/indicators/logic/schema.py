"""Validation schemas of the indicator actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.validation import (  # noqa: F401  (re-exported)
    REVISION_MAX,
    Schema,
    package_ref,
    revision,
    validated,
)


def _v(name: str) -> Any:
    return tk.get_validator(name)


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
