"""Auth functions of indicator entry.

Writing structures and values, and reading drafts and their history, is
for operators of the dataset's organization (CKAN editor or admin) and
walidata (see :mod:`.roles`). A live survey link opens one dataset and
period to whoever holds its token, for showing and writing its rows only.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import roles
from ckanext.satudata.indicators import lookup, store

AuthResult = dict[str, Any]


def _refuse(message: str | None = None) -> AuthResult:
    return {"success": False, "msg": message or tk._(
        "Only operators of this dataset's organization and walidata may do this"
    )}


def _writer(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    package = lookup.package_or_none((data_dict or {}).get("id"))
    if package is None:
        return _refuse(tk._("Dataset not found"))
    if roles.can_write(context.get("user"), package):
        return {"success": True}
    return _refuse()


def _writer_or_link(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    data_dict = data_dict or {}
    token = data_dict.get("token")
    if token:
        package = lookup.package_or_none(data_dict.get("id"))
        if package and lookup.survey_link(token, package.id, data_dict.get("period")):
            return {"success": True}
        return _refuse(tk._("This survey link is not valid: it has expired or been"
                            " revoked, or it is for another dataset or period"))
    return _writer(context, data_dict)


@tk.auth_allow_anonymous_access
def satudata_structure_show(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    # The structure is metadata: whoever may read the dataset may read it.
    package = lookup.package_or_none((data_dict or {}).get("id"))
    if package is None:
        return _refuse(tk._("Dataset not found"))
    # Walidata by membership of the walidata organization fill every
    # dataset, private ones included, without being able to read them
    # through CKAN's own permissions.
    if roles.can_write(context.get("user"), package):
        return {"success": True}
    try:
        tk.check_access("package_show", context, {"id": package.id})
    except tk.NotAuthorized:
        return _refuse(tk._("Dataset not found"))
    return {"success": True}


def satudata_structure_update(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return _writer(context, data_dict)


def satudata_due_list(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    # Everyone logged in: the list holds only the datasets they may fill.
    return {"success": bool(context.get("user"))}


@tk.auth_allow_anonymous_access
def satudata_submission_show(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return _writer_or_link(context, data_dict)


@tk.auth_allow_anonymous_access
def satudata_submission_save(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return _writer_or_link(context, data_dict)


@tk.auth_allow_anonymous_access
def satudata_submission_import(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return _writer_or_link(context, data_dict)


def satudata_submission_history(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return _writer(context, data_dict)


@tk.auth_allow_anonymous_access
def satudata_import_show(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    found = store.get_import(str((data_dict or {}).get("id") or ""))
    if found is None:
        return _refuse(tk._("Import not found"))
    token = (data_dict or {}).get("token")
    if token:
        live = lookup.survey_link(token, found["package_id"], found["period"])
        if live and live["id"] == found["survey_link_id"]:
            return {"success": True}
        return _refuse(tk._("This survey link is not valid: it has expired or been"
                            " revoked, or it is for another dataset or period"))
    return _writer(context, {"id": found["package_id"]})


def satudata_survey_link_create(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return _writer(context, data_dict)


def satudata_survey_link_list(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return _writer(context, data_dict)


def satudata_survey_link_revoke(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    found = store.link(str((data_dict or {}).get("id") or ""))
    if found is None:
        return _refuse(tk._("Survey link not found"))
    return _writer(context, {"id": found["package_id"]})


def satudata_period_list(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return _writer(context, data_dict)


@tk.auth_allow_anonymous_access
def satudata_survey_link_show(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    if lookup.survey_link((data_dict or {}).get("token")):
        return {"success": True}
    return _refuse(tk._("This survey link is not valid: it has expired or been"
                        " revoked"))
