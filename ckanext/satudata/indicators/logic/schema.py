"""Validation schemas of the indicator actions (applied with CKAN's
``ckan.logic.validate`` decorator)."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator, ValidatorFactory

from ckanext.satudata.validation import package_ref, revision


@validator_args
def period_ref(
    not_empty: Validator, unicode_safe: Validator, ignore_missing: Validator
) -> Schema:
    return {
        **package_ref(),
        "period": [not_empty, unicode_safe],
        "token": [ignore_missing, unicode_safe],
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
        "organization": [ignore_missing, unicode_safe],
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
        "id": [not_empty, unicode_safe],
        "token": [ignore_missing, unicode_safe],
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
        "period": [not_empty, unicode_safe],
        "label": [not_empty, unicode_safe],
        "rows": [ignore_missing],
        "expires": [not_empty, isodate],
    }


@validator_args
def survey_link_list(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {**package_ref(), "period": [ignore_missing, unicode_safe]}


@validator_args
def survey_link_revoke(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def survey_link_show(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"token": [not_empty, unicode_safe]}
