"""Auth functions of the accounts plugin: history. Every logged-in user
reads their own login history; the walidata reads everyone's."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles

__all__ = ["satudata_login_history_list"]


def satudata_login_history_list(context: Context, data_dict: DataDict) -> AuthResult:
    """The caller's own events (no ``user``, or the caller's id, name or
    e-mail); anyone's, or all (walidata)."""
    caller = model.User.get(context.get("user") or "")
    if caller is None or caller.state != "active":
        return {"success": False, "msg": tk._("Log in first")}
    target = data_dict.get("user")
    own = (caller.id, caller.name, caller.email or caller.id)
    if not target or target in own or roles.is_walidata(caller):
        return {"success": True}
    return {"success": False,
            "msg": tk._("You can only see the activity of your own account")}
