from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def search_status(ignore_missing: Validator, boolean_validator: Validator) -> Schema:
    return {"list_missing": [ignore_missing, boolean_validator],
            "check_counts": [ignore_missing, boolean_validator]}
