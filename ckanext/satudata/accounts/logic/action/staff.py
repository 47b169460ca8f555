"""Action functions of the accounts plugin: staff accounts created on an
assignment letter (surat tugas), their assignments, and accounts
deactivated (CKAN's ``user_delete`` chained: tokens, sessions and trusted
devices end with the account)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata.accounts import staff
from ckanext.satudata.accounts.logic import schema
from ckanext.satudata.actions import chained_action
from ckanext.satudata.validation import check_refs

__all__ = [
    "satudata_account_deactivate",
    "satudata_staff_assignment_list",
    "satudata_staff_create",
    "user_delete",
]


@validate(schema.staff_create)
def satudata_staff_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Create an OPD staff member's account and role on their assignment
    letter (walidata only), and e-mail them a link to set their password.

    When an active account already has ``email`` it is given the role
    instead (and told so by e-mail); ``name`` and ``fullname`` are then
    not used. Nothing is created when any field is refused.

    :param name: the new account's username (lowercase letters, digits,
        ``-`` and ``_``)
    :type name: string
    :param fullname: the person's full name
    :type fullname: string
    :param email: the person's e-mail address
    :type email: string
    :param organization: id or name of the OPD (not the walidata's or the
        pembina's organization)
    :type organization: string
    :param role: ``operator`` (CKAN editor), ``verifikator`` (admin) or
        ``surveyor`` (member)
    :type role: string
    :param letter_number: number of the assignment letter
    :type letter_number: string
    :param letter_date: date of the letter (YYYY-MM-DD)
    :type letter_date: string
    :param letter: the letter, a PDF (a file upload, multipart), of at most
        ``ckanext.satudata.staff_letter_max_kb`` and 10 pages, without
        JavaScript or embedded files
    :type letter: file
    :returns: the assignment, with ``user_name``, ``created_account``
        (false when an existing account got the role) and ``email_sent``
    :rtype: dictionary
    """
    tk.check_access("satudata_staff_create", context, data_dict)
    return staff.create(context, data_dict)


@validate(schema.staff_assignment_list)
@tk.side_effect_free
def satudata_staff_assignment_list(
    context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """The assignment letters staff accounts were created or given a role
    on, newest first (the walidata; the verifikator of an OPD for that
    OPD).

    :param organization: id or name of an OPD (optional; required for a
        verifikator)
    :type organization: string
    :param user: id or name of an account (optional)
    :type user: string
    :rtype: list of dictionaries
    """
    tk.check_access("satudata_staff_assignment_list", context, data_dict)
    organization_id = user_id = None
    if data_dict.get("organization"):
        organization = model.Group.get(data_dict["organization"])
        if organization is None or not organization.is_organization:
            raise tk.ObjectNotFound(tk._("Organization not found"))
        organization_id = organization.id
    if data_dict.get("user"):
        user = model.User.get(data_dict["user"])
        if user is None:
            raise tk.ObjectNotFound(tk._("User not found"))
        user_id = user.id
    return staff.assignments(organization_id, user_id)


@validate(schema.account_deactivate)
def satudata_account_deactivate(context: Context, data_dict: DataDict) -> None:
    """Deactivate an account (walidata; not a sysadmin's, not one's own):
    CKAN's ``user_delete``, which also revokes its API tokens and ends its
    sessions and trusted devices.

    :param id: id or name of the account
    :type id: string
    """
    tk.check_access("satudata_account_deactivate", context, data_dict)
    user = model.User.get(data_dict["id"])
    if user is None or user.state == "deleted":
        raise tk.ObjectNotFound(tk._("User not found"))
    tk.get_action("user_delete")(
        Context(user=context["user"], ignore_auth=True), {"id": user.id},
    )


@chained_action
def user_delete(up_func: Any, context: Context, data_dict: DataDict) -> None:
    """Delete (deactivate) a user (CKAN's ``user_delete``; only sysadmins,
    or the walidata through ``satudata_account_deactivate``). Their API
    tokens are revoked and their sessions and trusted devices end.

    :param id: the id or name of the user to delete
    :type id: string
    """
    check_refs(data_dict, required=("id",))
    user = model.User.get(data_dict["id"])
    up_func(context, data_dict)
    if user is not None:
        staff.deactivated(user.id, context.get("user"))
