"""Validation schemas of the workflow actions (applied with CKAN's
``ckan.logic.validate`` decorator)."""

from __future__ import annotations

from typing import Any

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator, ValidatorFactory

from ckanext.satudata.validation import (
    ignore_empty,
    optional_ref,
    package_ref,
    ref,
    revision,
    satudata_ref,
)


def satudata_refs(value: Any) -> Any:
    """Each of a list of ids (see ``validation.satudata_ref``)."""
    for item in value if isinstance(value, list) else []:
        satudata_ref(item)
    return value


def _natural_number(validator: Validator) -> Validator:
    """CKAN's ``natural_number_validator``, blank text read as missing (it
    compared None with 0: a 500); a ``default`` follows it."""

    def natural_number(value: Any, context: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return validator(value, context)

    return natural_number


#: How many notifications ``satudata_notification_list`` gives by default.
LIMIT_DEFAULT = 20


@validator_args
def move(
    unicode_safe: Validator,
    default: ValidatorFactory,
    satudata_note: Validator,
) -> Schema:
    return {
        **package_ref(),
        "period": ref(),
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
def checks() -> Schema:
    return {**package_ref(), "period": ref()}


def published_show() -> Schema:
    return {**package_ref(), "period": [ignore_empty, *optional_ref()[1:]]}


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
        "limit": [default(LIMIT_DEFAULT), _natural_number(natural_number_validator),
                  default(LIMIT_DEFAULT), satudata_notification_limit],
        "offset": [default(0), _natural_number(natural_number_validator),
                   default(0), satudata_notification_offset],
        "unread_only": [default(False), boolean_validator],
    }


@validator_args
def notification_show() -> Schema:
    return {"id": ref()}


@validator_args
def notification_read(
    ignore_missing: Validator,
    convert_to_list_if_string: Validator,
    list_of_strings: Validator,
    default: ValidatorFactory,
    boolean_validator: Validator,
) -> Schema:
    return {
        "ids": [ignore_missing, convert_to_list_if_string, list_of_strings,
                satudata_refs],
        "all": [default(False), boolean_validator],
    }
