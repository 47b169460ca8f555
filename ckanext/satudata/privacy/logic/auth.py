"""Auth functions of the personal-data guard: a scan is read and started
again by the editors of its dataset (operator and verifikator of its OPD)
and the walidata; the list and the confirmation are the walidata's. The
pembina, other OPDs, institution users and anonymous get nothing."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles
from ckanext.satudata.privacy import lookup, scanning

__all__ = [
    "resource_show",
    "satudata_privacy_confirm",
    "satudata_privacy_rescan",
    "satudata_privacy_scan_list",
    "satudata_privacy_scan_show",
]

OK: AuthResult = {"success": True}


def _editors(context: Context, data_dict: DataDict | None, refusal: str
             ) -> AuthResult:
    user = context.get("user") or None
    if roles.is_walidata(user):
        return OK
    try:
        target = lookup.target(data_dict)
    except tk.ObjectNotFound:
        return {"success": False, "msg": refusal}
    if roles.can_write(user, target.package):
        return OK
    return {"success": False, "msg": refusal}


def _walidata(context: Context, refusal: str) -> AuthResult:
    return roles.walidata_only(context, refusal)


def satudata_privacy_scan_show(context: Context, data_dict: DataDict | None
                               ) -> AuthResult:
    """The dataset's editors and the walidata."""
    return _editors(context, data_dict, tk._(
        "Only the dataset's editors and the walidata may see its"
        " personal-data check"))


def satudata_privacy_rescan(context: Context, data_dict: DataDict | None
                            ) -> AuthResult:
    """The dataset's editors and the walidata."""
    return _editors(context, data_dict, tk._(
        "Only the dataset's editors and the walidata may check it again"))


def satudata_privacy_scan_list(context: Context, data_dict: DataDict | None
                               ) -> AuthResult:
    """The walidata."""
    return _walidata(context, tk._(
        "Only the walidata may list the personal-data checks"))


def satudata_privacy_confirm(context: Context, data_dict: DataDict | None
                             ) -> AuthResult:
    """The walidata."""
    return _walidata(context, tk._(
        "Only the walidata may release data held for personal data"))


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def resource_show(next_auth: Any, context: Context, data_dict: DataDict | None
                  ) -> AuthResult:
    """Core's rule, plus: a held upload of a terbuka dataset (personal data
    found, not confirmed) is read only by the dataset's editors and the
    walidata. Downloads, DataStore reads (``datastore_search``…) and
    previews all ask ``resource_show``."""
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    ref = (data_dict or {}).get("id") or (data_dict or {}).get("resource_id")
    resource = model.Resource.get(ref) if isinstance(ref, str) and ref else None
    if resource is None or not scanning.held_resource(resource):
        return result
    user = context.get("auth_user_obj") or model.User.get(context.get("user") or "")
    if user is not None and roles.can_write(user, resource.package):
        return result
    return {"success": False, "msg": tk._(
        "This file is held: personal data was found in it and the walidata"
        " have not released it yet")}
