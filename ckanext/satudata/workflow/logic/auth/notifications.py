"""Auth of the notifications: everyone logged in has their own, and only
their own; the reminder run is for sysadmins."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.workflow import store

AuthResult = dict[str, Any]


def satudata_notification_list(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    # The list holds the caller's own notifications only.
    return {"success": bool(context.get("user"))}


def _own(user: model.User | None, ids: list[str]) -> AuthResult:
    if user is None:
        return {"success": False, "msg": tk._("Log in first")}
    owners = store.notification_owners(ids)
    if any(owners.get(i) != user.id for i in ids):
        return {"success": False, "msg": tk._("This is not your notification")}
    return {"success": True}


@tk.auth_sysadmins_check  # sysadmins too see only their own
def satudata_notification_show(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    found = (data_dict or {}).get("id")
    return _own(model.User.get(context.get("user") or ""),
                [str(found)] if found else [])


def _ids(data_dict: dict[str, Any]) -> list[str]:
    ids = (data_dict or {}).get("ids") or []
    if isinstance(ids, str):
        ids = [ids]
    return [str(i) for i in ids] if isinstance(ids, list) else []


@tk.auth_sysadmins_check
def satudata_notification_read(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return _own(model.User.get(context.get("user") or ""), _ids(data_dict))


def satudata_reminder_send(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    # sysadmins only (CKAN lets them through before this is asked)
    return {"success": False, "msg": tk._("Only sysadmins may send the reminders")}
