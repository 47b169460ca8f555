"""Validation schemas of the workflow actions (applied with CKAN's
``ckan.logic.validate`` decorator)."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator, ValidatorFactory

from ckanext.satudata.validation import package_ref, revision

#: How many notifications ``satudata_notification_list`` gives by default.
LIMIT_DEFAULT = 20


@validator_args
def move(
    not_empty: Validator,
    unicode_safe: Validator,
    default: ValidatorFactory,
    satudata_note: Validator,
) -> Schema:
    return {
        **package_ref(),
        "period": [not_empty, unicode_safe],
        "note": [default(""), unicode_safe, satudata_note],
        "revision": revision(),
    }


@validator_args
def move_return(
    default: ValidatorFactory,
    satudata_cell_notes: Validator,
    ignore_missing: Validator,
    isodate: Validator,
) -> Schema:
    return {
        **move(),
        "cell_notes": [default({}), satudata_cell_notes],
        "deadline": [ignore_missing, isodate],
    }


@validator_args
def checks(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {**package_ref(), "period": [not_empty, unicode_safe]}


@validator_args
def published_show(ignore_empty: Validator, unicode_safe: Validator) -> Schema:
    return {**package_ref(), "period": [ignore_empty, unicode_safe]}


def published_records() -> Schema:
    return package_ref()


@validator_args
def notification_list(
    default: ValidatorFactory,
    natural_number_validator: Validator,
    satudata_notification_limit: Validator,
    satudata_notification_offset: Validator,
    boolean_validator: Validator,
) -> Schema:
    return {
        "limit": [default(LIMIT_DEFAULT), natural_number_validator,
                  satudata_notification_limit],
        "offset": [default(0), natural_number_validator,
                   satudata_notification_offset],
        "unread_only": [default(False), boolean_validator],
    }


@validator_args
def notification_show(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def notification_read(
    ignore_missing: Validator,
    convert_to_list_if_string: Validator,
    list_of_strings: Validator,
    default: ValidatorFactory,
    boolean_validator: Validator,
) -> Schema:
    return {
        "ids": [ignore_missing, convert_to_list_if_string, list_of_strings],
        "all": [default(False), boolean_validator],
    }
