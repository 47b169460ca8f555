"""Action functions of the accounts plugin: passwords (core's
``user_create`` and ``user_update`` with the password rules; a changed
password ends the account's other sessions)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import schema as core_schema
from ckan.types import Context, DataDict, Schema

from ckanext.satudata.accounts import passwords
from ckanext.satudata.actions import chained_action
from ckanext.satudata.validation import check_refs

__all__ = ["user_create", "user_update"]

_UNSET = object()


@contextmanager
def _rules(context: Context, default: Callable[[], Schema]) -> Iterator[None]:
    """The context's schema (or ``default``) with the password rules while
    core's action runs; the context is given back as it came, so that a
    context used again for another action does not keep a user schema."""
    before = context.get("schema", _UNSET)
    context["schema"] = passwords.with_rules(
        before if isinstance(before, dict) and before else default())
    try:
        yield
    finally:
        if before is _UNSET:
            context.pop("schema", None)
        else:
            context["schema"] = before  # type: ignore[typeddict-item]


#: Fields of a user that core's validators expect as text (a list or an
#: object there was a 500 in core).
TEXT_FIELDS = ("name", "email", "fullname", "about", "password", "password1",
               "password2", "old_password")


def _check_text(data_dict: DataDict) -> None:
    """Refuse non-text fields, and NUL characters (PostgreSQL refuses
    them: core's name and e-mail lookups answered 500)."""
    errors = {key: [tk._("Must be text")] for key in TEXT_FIELDS
              if data_dict.get(key) is not None
              and not isinstance(data_dict[key], str)}
    errors.update({key: [tk._("Contains a character that is not allowed")]
                   for key in TEXT_FIELDS
                   if key not in errors and isinstance(data_dict.get(key), str)
                   and "\x00" in data_dict[key]})
    if errors:
        raise tk.ValidationError(errors)


@chained_action
def user_create(next_action: Any, context: Context, data_dict: DataDict) -> Any:
    """Core's ``user_create``; the password must follow the password rules
    (at least ``ckanext.satudata.password.min_length`` characters with a
    lower-case and an upper-case letter, a digit and a special character,
    and not common or easily guessed). Every other parameter is core's.

    :param name: the name of the new user
    :type name: string
    :param email: the e-mail address of the new user
    :type email: string
    :param password: the password of the new user
    :type password: string
    :param fullname: the full name of the new user (optional)
    :type fullname: string
    :returns: the new user
    :rtype: dictionary
    """
    _check_text(data_dict)
    with _rules(context, core_schema.default_user_schema):
        return next_action(context, data_dict)


@chained_action
def user_update(next_action: Any, context: Context, data_dict: DataDict) -> Any:
    """Core's ``user_update``; a new password must follow the password
    rules, and once it is changed every session of the account ends (the
    owner's own browser session, when the owner changed it, stays), its
    trusted devices are forgotten and the change is recorded in the login
    history. Every other parameter is core's.

    :param id: the name or id of the user to update
    :type id: string
    :param email: the user's e-mail address
    :type email: string
    :param password: the new password (optional)
    :type password: string
    :returns: the updated user
    :rtype: dictionary
    """
    check_refs(data_dict, required=("id",))
    _check_text(data_dict)
    user = model.User.get(data_dict["id"])
    before = user.password if user is not None else None
    with _rules(context, core_schema.default_update_user_schema):
        result = next_action(context, data_dict)
    if user is not None and user.password != before:
        passwords.changed(user.id, context)
    return result
