"""Auth of the login and account-security actions: a user manages their
own account; the walidata unlocks accounts and may end anyone's
sessions."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles

__all__ = [
    "satudata_account_security_show",
    "satudata_account_security_update",
    "satudata_account_unlock",
    "satudata_locked_account_list",
    "satudata_sessions_end",
    "satudata_trusted_device_revoke",
]


def _walidata(context: Context) -> AuthResult:
    return roles.walidata_only(context, tk._("Only the walidata can do this"))


def _self_or_walidata(context: Context, data_dict: DataDict) -> AuthResult:
    caller = model.User.get(context.get("user") or "")
    if caller is None:
        return {"success": False, "msg": tk._("Log in first")}
    target = data_dict.get("user")
    if not target or target in (caller.id, caller.name) or roles.is_walidata(caller):
        return {"success": True}
    return {"success": False,
            "msg": tk._("You can only manage your own account")}


def satudata_account_unlock(context: Context, data_dict: DataDict) -> AuthResult:
    return _walidata(context)


def satudata_locked_account_list(context: Context, data_dict: DataDict) -> AuthResult:
    return _walidata(context)


def satudata_account_security_show(context: Context, data_dict: DataDict) -> AuthResult:
    return _self_or_walidata(context, data_dict)


def satudata_sessions_end(context: Context, data_dict: DataDict) -> AuthResult:
    return _self_or_walidata(context, data_dict)


def satudata_trusted_device_revoke(context: Context, data_dict: DataDict) -> AuthResult:
    return _self_or_walidata(context, data_dict)


def satudata_account_security_update(context: Context,
                                     data_dict: DataDict) -> AuthResult:
    if model.User.get(context.get("user") or "") is None:
        return {"success": False, "msg": tk._("Log in first")}
    return {"success": True}
