"""Auth functions of the change requests (rules in :mod:`..access`).

The producer's steps carry ``auth_sysadmins_check``: a sysadmin is walidata,
and the walidata approve requests; they do not make them (unless they are
also a member of the OPD)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata.changes import access, store
from ckanext.satudata.indicators import api as indicators

__all__ = [
    "satudata_change_request_approve",
    "satudata_change_request_create",
    "satudata_change_request_delete",
    "satudata_change_request_document",
    "satudata_change_request_list",
    "satudata_change_request_reject",
    "satudata_change_request_show",
    "satudata_change_request_upload_approval",
    "satudata_revision_list",
]


def _refuse(text: str) -> AuthResult:
    return {"success": False, "msg": text}


def _request(data_dict: DataDict | None) -> dict[str, Any] | None:
    ref = (data_dict or {}).get("id")
    if not isinstance(ref, str) or not ref or len(ref) > 100:
        return None
    found = store.get(ref)
    return found if found and found["status"] != "deleted" else None


def _producer_step(context: Context, data_dict: DataDict | None) -> AuthResult:
    request = _request(data_dict)
    if request is None:
        raise tk.ObjectNotFound(tk._("Change request not found"))
    if not access.is_producer(context.get("user"), request["organization_id"]):
        return _refuse(tk._(
            "Only the operators and the verifikator of the dataset's"
            " organization may do this"))
    return {"success": True}


def _reviewer_step(context: Context, data_dict: DataDict | None) -> AuthResult:
    if not access.is_reviewer(context.get("user")):
        return _refuse(tk._("Only walidata may approve or reject a change request"))
    return {"success": True}


def _reader(context: Context, data_dict: DataDict | None) -> AuthResult:
    request = _request(data_dict)
    if request is None:
        raise tk.ObjectNotFound(tk._("Change request not found"))
    if not access.may_read(context.get("user"), request):
        return _refuse(tk._(
            "Only the dataset's organization, the walidata and the pembina may"
            " see this change request"))
    return {"success": True}


@tk.auth_sysadmins_check
def satudata_change_request_create(context: Context, data_dict: DataDict | None
                                   ) -> AuthResult:
    """Operators and the verifikator of the dataset's organization."""
    package = indicators.package_or_none((data_dict or {}).get("id"))
    if package is None:
        return _refuse(tk._("Dataset not found"))
    if not access.produces(context.get("user"), package):
        return _refuse(tk._(
            "Only the operators and the verifikator of the dataset's"
            " organization may ask to change its published values"))
    return {"success": True}


@tk.auth_sysadmins_check
def satudata_change_request_upload_approval(context: Context,
                                            data_dict: DataDict | None
                                            ) -> AuthResult:
    """The producer of the request's dataset."""
    return _producer_step(context, data_dict)


@tk.auth_sysadmins_check
def satudata_change_request_delete(context: Context, data_dict: DataDict | None
                                   ) -> AuthResult:
    """The producer of the request's dataset."""
    return _producer_step(context, data_dict)


def satudata_change_request_approve(context: Context, data_dict: DataDict | None
                                    ) -> AuthResult:
    """Walidata."""
    return _reviewer_step(context, data_dict)


def satudata_change_request_reject(context: Context, data_dict: DataDict | None
                                   ) -> AuthResult:
    """Walidata."""
    return _reviewer_step(context, data_dict)


def satudata_change_request_show(context: Context, data_dict: DataDict | None
                                 ) -> AuthResult:
    """The dataset's organization (operators, verifikator), walidata, pembina."""
    return _reader(context, data_dict)


def satudata_change_request_document(context: Context, data_dict: DataDict | None
                                     ) -> AuthResult:
    """Whoever may see the request."""
    return _reader(context, data_dict)


def satudata_change_request_list(context: Context, data_dict: DataDict | None
                                 ) -> AuthResult:
    """Operators and verifikators (their OPDs' requests), walidata and
    pembina (every request)."""
    user = context.get("user")
    if access.reads_all(user) or access.readable_organizations(user):
        return {"success": True}
    return _refuse(tk._(
        "Only the producers, the walidata and the pembina may list change requests"))


@tk.auth_allow_anonymous_access
def satudata_revision_list(context: Context, data_dict: DataDict | None
                           ) -> AuthResult:
    """Whoever may see the dataset (the history of a terbuka dataset is public)."""
    try:
        tk.check_access("package_show", dict(context),
                        {"id": (data_dict or {}).get("id")})
    except tk.NotAuthorized:
        return _refuse(tk._("You may not see this dataset"))
    return {"success": True}
