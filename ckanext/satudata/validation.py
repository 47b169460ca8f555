"""Schema pieces shared by the actions of every satudata plugin (the
schemas themselves are in each plugin's ``logic/schema.py``; actions apply
them with CKAN's ``ckan.logic.validate`` decorator)."""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
import lokal
from ckan.lib.navl.dictization_functions import StopOnError, missing

Schema = dict[str, Any]


def _v(name: str) -> Any:
    return tk.get_validator(name)


def ignore_empty(key: Any, data: dict[Any, Any], errors: dict[Any, list[str]],
                 context: Any) -> None:
    """CKAN's ``ignore_empty`` for a single value: an empty value is left
    out, a list or an object is an error naming the field. (CKAN's lets an
    empty list through: navl puts every empty list of the input back after
    validation, so the action read ``[]`` as the value: a 500.)"""
    value = data.get(key)
    if isinstance(value, (list, dict)):
        errors[key].append(tk._("Give a single value, not a list"))
        raise StopOnError
    if value is missing or not value:
        data.pop(key, None)
        raise StopOnError


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


#: Longest id, name, period or token an action looks up (ids are 36
#: characters, names at most 100, tokens 32).
REF_MAX = 200


def satudata_ref(value: Any) -> Any:
    """Text to look up: without NUL characters (PostgreSQL refuses them,
    a 500 before) and at most 200 characters."""
    if isinstance(value, str) and ("\x00" in value or len(value) > REF_MAX):
        raise tk.Invalid(tk._("Not a valid id, name or code"))
    return value


def ref() -> list[Any]:
    """A required id, name or code (to look something up)."""
    return [_v("not_empty"), _v("unicode_safe"), satudata_ref]


def optional_ref() -> list[Any]:
    """An optional id, name or code."""
    return [_v("ignore_missing"), _v("unicode_safe"), satudata_ref]


def whole_number(low: int, high: int) -> Any:
    """A validator: a whole number from ``low`` to ``high`` (text of digits
    too, as a form sends it); anything else is a validation error, never a
    500."""

    def whole_number(value: Any) -> int:
        text = str(value).strip() if isinstance(value, (int, str)) else ""
        if isinstance(value, bool) or not re.fullmatch(r"[0-9]{1,12}", text):
            raise tk.Invalid(tk._("Give a whole number"))
        number = int(text)
        if not low <= number <= high:
            raise tk.Invalid(tk._("Give a number from {low} to {high}").format(
                low=low, high=high))
        return number

    return whole_number


def package_ref() -> Schema:
    """The required ``id`` (or name) of a dataset."""
    return {"id": ref()}


def check_refs(data_dict: Any, required: tuple[str, ...] = (),
               optional: tuple[str, ...] = (),
               lists: tuple[str, ...] = ()) -> None:
    """For the core actions our plugins chain (no schema of ours runs
    before them): refuse ids that are no text (numbers, lists, objects),
    hold NUL characters or are too long, and lists of ids that are not
    lists of such texts, with a validation error naming the field, where
    CKAN answered 500. ``required`` must be given, ``optional`` may."""
    if not isinstance(data_dict, dict):
        raise tk.ValidationError({"data": [tk._("Not a dictionary")]})
    errors: dict[str, list[str]] = {}
    for key in (*required, *optional):
        value = data_dict.get(key)
        if value is None or value == "":
            if key in required:
                errors[key] = [tk._("Missing value")]
            continue
        if not isinstance(value, str):
            errors[key] = [tk._("Not a valid id, name or code")]
            continue
        try:
            satudata_ref(value)
        except tk.Invalid as invalid:
            errors[key] = [invalid.error]
    for key in lists:
        value = data_dict.get(key)
        if not isinstance(value, list) or not all(
            isinstance(item, str) and "\x00" not in item and len(item) <= REF_MAX
            for item in value
        ):
            errors[key] = [tk._("Give a list of ids")]
    if errors:
        raise tk.ValidationError(errors)


def _text(limit: int) -> Any:
    """Text of at most ``limit`` characters, stripped (``None`` → ``""``).
    A refusal stops the field's later validators (``email_validator`` must
    not see a list)."""

    def short(key: Any, data: dict[Any, Any], errors: dict[Any, list[str]],
              context: Any) -> None:
        value = data.get(key)
        if value is None:
            data[key] = ""
            return
        if not isinstance(value, str):
            problem = tk._("Must be text")
        elif "\x00" in value:
            problem = tk._("Not a valid id, name or code")
        elif len(value.strip()) > limit:
            problem = tk._("At most {max} characters").format(max=limit)
        else:
            data[key] = value.strip()
            return
        errors[key].append(problem)
        raise StopOnError

    return short


def optional_text(limit: int) -> list[Any]:
    """Validators of an optional text field of at most ``limit`` characters."""
    return [_v("ignore_missing"), _text(limit)]


def required_text(limit: int) -> list[Any]:
    """Validators of a required text field of at most ``limit`` characters."""
    return [_v("not_empty"), _text(limit), _v("not_empty")]


def phone(value: Any) -> Any:
    """An Indonesian phone number (``lokal.parse_phone``), kept in E.164
    (``+62…``)."""
    if not isinstance(value, str) or len(value) > 40:
        raise tk.Invalid(tk._("Not a valid Indonesian phone number"))
    parsed = lokal.parse_phone(value)
    if not parsed.valid or not parsed.e164:
        raise tk.Invalid(tk._("Not a valid Indonesian phone number"))
    return parsed.e164


def one_of(values: tuple[str, ...]) -> Any:
    """A validator: ``value`` must be one of ``values``."""

    def one_of(value: Any) -> Any:
        if value not in values:
            raise tk.Invalid(tk._("Choose one of: {values}").format(
                values=", ".join(values)))
        return value

    return one_of


#: The keys of a dataset that CKAN's ``package_create``/``update`` iterate
#: as lists of objects.
DATASET_RECORDS = ("groups", "tags", "resources", "extras")
#: The keys it looks up as ids, names or codes.
DATASET_REFS = ("id", "name", "owner_org", "type")


def check_dataset_shape(data_dict: Any) -> None:
    """For a chained ``package_create``/``package_update``: refuse, with a
    validation error naming the field, the shapes CKAN's own action
    answers with a 500 (an ``id``, ``owner_org`` or ``type`` that is no
    text, ``groups`` that is no list of objects, NUL in any text)."""
    check_refs(data_dict, optional=DATASET_REFS)
    errors: dict[str, list[str]] = {}
    for key in DATASET_RECORDS:
        if key in data_dict and not (
            isinstance(data_dict[key], list)
            and all(isinstance(item, dict) for item in data_dict[key])
        ):
            text = tk._("Give a list of objects")
            # CKAN's ValidationError reads the tag errors as [{"name": [...]}]
            errors[key] = [{"name": [text]}] if key == "tags" else [text]  # type: ignore[list-item]
    for key, value in data_dict.items():
        if isinstance(value, str) and "\x00" in value:
            errors[key] = [tk._("Must not contain NUL characters")]
    if errors:
        raise tk.ValidationError(errors)
