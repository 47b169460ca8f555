"""Validation shared by the actions of every satudata plugin."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

Schema = dict[str, Any]


def _v(name: str) -> Any:
    return tk.get_validator(name)


#: Largest revision a client may send (``satudata_import.revision`` and
#: ``satudata_submission.revision`` are ``integer`` columns).
REVISION_MAX = 2**31 - 1


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
