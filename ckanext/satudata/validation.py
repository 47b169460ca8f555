"""Schema pieces shared by the actions of every satudata plugin (the
schemas themselves are in each plugin's ``logic/schema.py``; actions apply
them with CKAN's ``ckan.logic.validate`` decorator)."""

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


def package_ref() -> Schema:
    """The required ``id`` (or name) of a dataset."""
    return {"id": [_v("not_empty"), _v("unicode_safe")]}
