"""Auth functions of the institution accounts.

Registering is open to anybody (a correction only with the valid link's
token); reading one institution to the walidata, the pembina and its own
users (or with the correction token); the list to the walidata and the
pembina; approving and rejecting to the walidata (a sysadmin is
walidata); changing the profile to the institution's own users and the
walidata."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata.institutions import present, registration, store

__all__ = [
    "satudata_institution_approve",
    "satudata_institution_list",
    "satudata_institution_register",
    "satudata_institution_reject",
    "satudata_institution_show",
    "satudata_institution_update",
]

OK: AuthResult = {"success": True}


def _refuse(text: str) -> AuthResult:
    return {"success": False, "msg": text}


def _institution(data_dict: DataDict | None) -> dict[str, Any]:
    ref = (data_dict or {}).get("id")
    found = store.get(ref) if isinstance(ref, str) and 0 < len(ref) <= 100 and (
        "\x00" not in ref) else None
    if found is None:
        raise tk.ObjectNotFound(tk._("Institution not found"))
    return found


def _who(context: Context) -> present.Viewer:
    return present.viewer(context.get("user") or None)


@tk.auth_allow_anonymous_access
def satudata_institution_register(context: Context, data_dict: DataDict | None
                                  ) -> AuthResult:
    """Anybody; correcting a rejected registration (``registration_id``)
    only with the token of its link, unexpired."""
    ref = (data_dict or {}).get("registration_id")
    if ref:
        row = _institution({"id": ref})
        if not registration.token_valid(row, (data_dict or {}).get("token")):
            return _refuse(tk._("The correction link is not valid or has expired"))
    return OK


@tk.auth_allow_anonymous_access
def satudata_institution_show(context: Context, data_dict: DataDict | None
                              ) -> AuthResult:
    """Walidata, pembina, the institution's own users, or the holder of
    the correction link."""
    row = _institution(data_dict)
    who = _who(context)
    if who.walidata or who.pembina or who.institution_id == row["id"]:
        return OK
    if registration.token_valid(row, (data_dict or {}).get("token")):
        return OK
    return _refuse(tk._("You may not see this institution"))


def satudata_institution_list(context: Context, data_dict: DataDict | None
                              ) -> AuthResult:
    """Walidata and pembina."""
    who = _who(context)
    if who.walidata or who.pembina:
        return OK
    return _refuse(tk._("Only walidata and pembina may list the institutions"))


def _walidata(context: Context, data_dict: DataDict | None) -> AuthResult:
    _institution(data_dict)
    if _who(context).walidata:
        return OK
    return _refuse(tk._("Only walidata may decide on an institution's registration"))


def satudata_institution_approve(context: Context, data_dict: DataDict | None
                                 ) -> AuthResult:
    """Walidata."""
    return _walidata(context, data_dict)


def satudata_institution_reject(context: Context, data_dict: DataDict | None
                                ) -> AuthResult:
    """Walidata."""
    return _walidata(context, data_dict)


def satudata_institution_update(context: Context, data_dict: DataDict | None
                                ) -> AuthResult:
    """The institution's own users and the walidata."""
    row = _institution(data_dict)
    who = _who(context)
    if who.walidata or (who.institution_id is not None
                        and who.institution_id == row["id"]):
        return OK
    return _refuse(tk._("Only the institution's users may change its profile"))
