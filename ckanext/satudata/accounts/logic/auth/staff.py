"""Auth functions of the accounts plugin: staff accounts created on an
assignment letter, and accounts deactivated."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles
from ckanext.satudata.accounts import staff

__all__ = [
    "satudata_account_deactivate",
    "satudata_staff_assignment_list",
    "satudata_staff_create",
    "satudata_staff_letter_download",
]


def _walidata_only(context: Context) -> AuthResult:
    return roles.walidata_only(
        context, tk._("Only the walidata may manage staff accounts."))


def satudata_staff_create(context: Context, data_dict: DataDict) -> AuthResult:
    """The walidata."""
    return _walidata_only(context)


def satudata_staff_letter_download(context: Context,
                                   data_dict: DataDict) -> AuthResult:
    """The walidata."""
    return _walidata_only(context)


def satudata_staff_assignment_list(context: Context,
                                   data_dict: DataDict) -> AuthResult:
    """The walidata; the verifikator (admin) of the OPD asked for."""
    user = context.get("user")
    if roles.is_walidata(user):
        return {"success": True}
    organization = model.Group.get(data_dict.get("organization") or "")
    if organization is not None and roles.capacity_in(user, organization.id) == "admin":
        return {"success": True}
    return {"success": False, "msg": tk._(
        "Only the walidata, or the verifikator of this OPD, may see its "
        "assignment letters.")}


@tk.auth_sysadmins_check  # the rule holds for sysadmins too
def satudata_account_deactivate(context: Context,
                                data_dict: DataDict) -> AuthResult:
    """The walidata, for any account but a sysadmin's and their own."""
    user = context.get("user")
    if not roles.is_walidata(user):
        return _walidata_only(context)
    target = model.User.get(data_dict.get("id") or "")
    if target is None or staff.can_deactivate(user, target):
        return {"success": True}  # an unknown account: the action says so
    return {"success": False, "msg": tk._(
        "A sysadmin's account or your own cannot be deactivated here.")}
