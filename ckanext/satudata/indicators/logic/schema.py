"""Validation schemas of the indicator actions (applied with CKAN's
``ckan.logic.validate`` decorator)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator, ValidatorFactory

from ckanext.satudata.validation import (
    REF_MAX,
    optional_ref,
    package_ref,
    ref,
    revision,
)

#: Most row codes a survey link may name (a region breakdown has a few
#: hundred desa/kelurahan).
ROW_CODES_MAX = 5000


def satudata_row_codes(value: Any) -> list[str] | None:
    """Breakdown row codes: a list of texts (one text is a list of one);
    empty means every row. Anything else was a 500 before (``[{}]``)."""
    if value in (None, "", []):
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or len(value) > ROW_CODES_MAX or not all(
        isinstance(code, str) and code and "\x00" not in code
        and len(code) <= REF_MAX for code in value
    ):
        raise tk.Invalid(tk._("Give a list of row codes"))
    return value


@validator_args
def period_ref(
    not_empty: Validator, unicode_safe: Validator, ignore_missing: Validator
) -> Schema:
    return {
        **package_ref(),
        "period": ref(),
        "token": optional_ref(),
    }


@validator_args
def structure_update(
    not_empty: Validator,
    not_missing: Validator,
    unicode_safe: Validator,
    ignore_missing: Validator,
    default: ValidatorFactory,
) -> Schema:
    return {
        **package_ref(),
        "components": [not_missing],
        "breakdown": [default({"type": "none"})],
        "granularity": [not_empty, unicode_safe],
        "first_period": [not_empty, unicode_safe],
        "totals": [ignore_missing],
    }


@validator_args
def due_list(
    ignore_missing: Validator,
    unicode_safe: Validator,
    default: ValidatorFactory,
    boolean_validator: Validator,
) -> Schema:
    return {
        "organization": optional_ref(),
        "include_drafts": [default(False), boolean_validator],
    }


@validator_args
def submission_save(
    ignore_missing: Validator, unicode_safe: Validator, default: ValidatorFactory
) -> Schema:
    return {
        **period_ref(),
        "values": [default({})],
        "kode_referensi": [ignore_missing, unicode_safe],
        "sumber_data": [ignore_missing, unicode_safe],
        "revision": revision(),
        "surveyor_name": [ignore_missing, unicode_safe],
    }


@validator_args
def submission_import(
    not_missing: Validator, ignore_missing: Validator, unicode_safe: Validator
) -> Schema:
    return {
        **period_ref(),
        "upload": [not_missing],
        "revision": revision(),
        "surveyor_name": [ignore_missing, unicode_safe],
    }


@validator_args
def import_show(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator
) -> Schema:
    return {
        "id": ref(),
        "token": optional_ref(),
    }


@validator_args
def survey_link_create(
    not_empty: Validator,
    ignore_missing: Validator,
    unicode_safe: Validator,
    isodate: Validator,
) -> Schema:
    return {
        **package_ref(),
        "period": ref(),
        "label": [not_empty, unicode_safe],
        "rows": [ignore_missing, satudata_row_codes],
        "expires": [not_empty, isodate],
    }


@validator_args
def survey_link_list(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {**package_ref(), "period": optional_ref()}


@validator_args
def survey_link_revoke() -> Schema:
    return {"id": ref()}


@validator_args
def survey_link_show() -> Schema:
    return {"token": ref()}
