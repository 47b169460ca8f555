from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.satudata.validation import satudata_ref


@validator_args
def vocabulary_show(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def wilayah_show(
    not_empty: Validator,
    unicode_safe: Validator,
    ignore_missing: Validator,
    boolean_validator: Validator,
) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "include_children": [ignore_missing, boolean_validator],
    }


@validator_args
def daftar_data(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {
        "organization": [ignore_missing, unicode_safe, satudata_ref],
        "dataset": [ignore_missing, unicode_safe, satudata_ref],
    }
