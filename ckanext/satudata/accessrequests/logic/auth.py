"""Auth functions of the access requests (the rules are in :mod:`..rules`).

A request that does not exist raises ``ObjectNotFound``; one the user may
not read or act on is refused (``NotAuthorized``). The institution's steps
carry ``auth_sysadmins_check``: a sysadmin is walidata, not a member of the
institution."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata.accessrequests import rules, stages, store
from ckanext.satudata.institutions import api as institutions

__all__ = [
    "satudata_access_request_advance",
    "satudata_access_request_bast_approve",
    "satudata_access_request_bast_document",
    "satudata_access_request_bast_return",
    "satudata_access_request_bast_upload",
    "satudata_access_request_create",
    "satudata_access_request_download",
    "satudata_access_request_extract",
    "satudata_access_request_list",
    "satudata_access_request_reject",
    "satudata_access_request_resubmit",
    "satudata_access_request_return",
    "satudata_access_request_show",
    "satudata_access_request_token_issue",
    "satudata_download_log_list",
]

OK: AuthResult = {"success": True}


def _refuse(text: str) -> AuthResult:
    return {"success": False, "msg": text}


def _request(data_dict: DataDict | None) -> dict[str, Any]:
    ref = (data_dict or {}).get("id")
    found = store.find(ref) if isinstance(ref, str) and 0 < len(ref) <= 100 and (
        "\x00" not in ref) else None
    if found is None:
        raise tk.ObjectNotFound(tk._("Access request not found"))
    return found


def _viewer(context: Context) -> rules.Viewer:
    return rules.viewer(context.get("user") or None)


def _member_step(context: Context, data_dict: DataDict | None) -> AuthResult:
    who = _viewer(context)
    if not rules.is_member(who, _request(data_dict)):
        return _refuse(tk._("Only the users of the requesting institution may do"
                            " this with an access request"))
    return OK


def _mover_step(context: Context, data_dict: DataDict | None,
                stage: str | None = None) -> AuthResult:
    who = _viewer(context)
    request = _request(data_dict)
    code = stage or (data_dict or {}).get("stage") or request["stage"]
    if code not in stages.CODES or not rules.moves(who, code, store.items(
            request["id"])):
        return _refuse(tk._("You may not move this stage of the access request"))
    return OK


@tk.auth_sysadmins_check
def satudata_access_request_create(context: Context, data_dict: DataDict | None
                                   ) -> AuthResult:
    """A user of an approved institution whose profile (logo, address) is
    complete."""
    who = _viewer(context)
    if who.institution_id is None:
        return _refuse(tk._("Only the users of a registered and approved"
                            " institution may request restricted data"))
    if not institutions.profile_complete(who.institution_id):
        return _refuse(tk._("Complete your institution's profile (logo and"
                            " address) before the first access request"))
    return OK


def satudata_access_request_show(context: Context, data_dict: DataDict | None
                                 ) -> AuthResult:
    """The institution's users, walidata, pembina and the staff of an OPD
    producing a requested dataset."""
    who = _viewer(context)
    request = _request(data_dict)
    if not rules.may_read(who, request, store.items(request["id"])):
        return _refuse(tk._("You may not see this access request"))
    return OK


def satudata_access_request_list(context: Context, data_dict: DataDict | None
                                 ) -> AuthResult:
    """Any logged-in user (each sees the requests they may read)."""
    if _viewer(context).user_id is None:
        return _refuse(tk._("Log in first"))
    return OK


def satudata_access_request_advance(context: Context, data_dict: DataDict | None
                                    ) -> AuthResult:
    """Who moves the stage (``movers``; the walidata always)."""
    return _mover_step(context, data_dict)


def satudata_access_request_return(context: Context, data_dict: DataDict | None
                                   ) -> AuthResult:
    """Who moves the stage (``movers``; the walidata always)."""
    return _mover_step(context, data_dict)


def satudata_access_request_reject(context: Context, data_dict: DataDict | None
                                   ) -> AuthResult:
    """The walidata (a request of any stage, while it is being handled)."""
    _request(data_dict)
    if not _viewer(context).walidata:
        return _refuse(tk._("Only the walidata may reject an access request"))
    return OK


@tk.auth_sysadmins_check
def satudata_access_request_resubmit(context: Context, data_dict: DataDict | None
                                     ) -> AuthResult:
    """The institution's users."""
    return _member_step(context, data_dict)


def satudata_access_request_extract(context: Context, data_dict: DataDict | None
                                    ) -> AuthResult:
    """Who moves Pengolahan Data (the walidata by default)."""
    return _mover_step(context, data_dict, stages.PENGOLAHAN_DATA)


@tk.auth_sysadmins_check
def satudata_access_request_bast_document(context: Context,
                                          data_dict: DataDict | None) -> AuthResult:
    """The institution's users."""
    return _member_step(context, data_dict)


@tk.auth_sysadmins_check
def satudata_access_request_bast_upload(context: Context, data_dict: DataDict | None
                                        ) -> AuthResult:
    """The institution's users."""
    return _member_step(context, data_dict)


def satudata_access_request_bast_approve(context: Context,
                                         data_dict: DataDict | None) -> AuthResult:
    """Who moves Verifikasi BAST (the walidata by default)."""
    return _mover_step(context, data_dict, stages.VERIFIKASI_BAST)


def satudata_access_request_bast_return(context: Context, data_dict: DataDict | None
                                        ) -> AuthResult:
    """Who moves Verifikasi BAST (the walidata by default)."""
    return _mover_step(context, data_dict, stages.VERIFIKASI_BAST)


@tk.auth_sysadmins_check
def satudata_access_request_token_issue(context: Context, data_dict: DataDict | None
                                        ) -> AuthResult:
    """The institution's users (a token for themselves)."""
    return _member_step(context, data_dict)


@tk.auth_sysadmins_check
def satudata_access_request_download(context: Context, data_dict: DataDict | None
                                     ) -> AuthResult:
    """The institution's users (with their own token)."""
    return _member_step(context, data_dict)


def satudata_download_log_list(context: Context, data_dict: DataDict | None
                               ) -> AuthResult:
    """Walidata and pembina; any logged-in user for their own downloads
    (``user_id`` = themselves)."""
    who = _viewer(context)
    if who.reads_all:
        return OK
    asked = (data_dict or {}).get("user_id")
    if who.user_id is not None and asked and asked in (who.user_id, context.get(
            "user")):
        return OK
    return _refuse(tk._("Only walidata and pembina may read the download log"))
