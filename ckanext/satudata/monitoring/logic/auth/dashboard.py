"""Auth functions of the monitoring: the walidata and the pembina see
every OPD's figures, an OPD's operators and verifikator their own; the
refresh is the walidata's. Institution users, other users and anonymous
get nothing (the public pages have their own actions)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles
from ckanext.satudata.monitoring import scope

__all__ = [
    "satudata_monitoring_organization",
    "satudata_monitoring_refresh",
    "satudata_monitoring_summary",
]

OK: AuthResult = {"success": True}


def satudata_monitoring_summary(context: Context, data_dict: DataDict | None
                                ) -> AuthResult:
    user = context.get("user") or None
    if scope.organizations_of(user) != []:
        return OK
    return {"success": False,
            "msg": tk._(
                "Only the walidata, the pembina and OPD staff see the monitoring")}


def satudata_monitoring_organization(context: Context, data_dict: DataDict | None
                                     ) -> AuthResult:
    user = context.get("user") or None
    ref = str((data_dict or {}).get("id") or "")
    found = scope.organization(ref) if ref else None
    if found is not None and scope.may_see(user, found.id):
        return OK
    if found is None and scope.sees_all(user):
        return OK  # the action answers "not found"
    return {"success": False, "msg": tk._("Not allowed to see this OPD's monitoring")}


def satudata_monitoring_refresh(context: Context, data_dict: DataDict | None
                                ) -> AuthResult:
    return roles.walidata_only(
        context, tk._("Only the walidata may refresh the figures"))
