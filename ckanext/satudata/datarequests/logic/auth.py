"""Auth functions of the data requests (the rules are in :mod:`..rules`).

A request that does not exist raises ``ObjectNotFound``; one the user may
not read or act on is refused (``NotAuthorized``), whoever asks. The
requester's and the OPD's steps carry ``auth_sysadmins_check``: a sysadmin
is walidata, and the walidata do not take them."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata.datarequests import api, config, downloads, rules, store
from ckanext.satudata.messages import N_, message

__all__ = [
    "satudata_data_request_accept",
    "satudata_data_request_balikan_accept",
    "satudata_data_request_balikan_upload",
    "satudata_data_request_cancel",
    "satudata_data_request_create",
    "satudata_data_request_deliver",
    "satudata_data_request_file_download",
    "satudata_data_request_forward",
    "satudata_data_request_list",
    "satudata_data_request_reject",
    "satudata_data_request_respond",
    "satudata_data_request_show",
    "satudata_data_request_update",
]

OK: AuthResult = {"success": True}


def _refuse(text: str) -> AuthResult:
    return {"success": False, "msg": text}


def _request(data_dict: DataDict | None) -> dict[str, Any]:
    ref = (data_dict or {}).get("id")
    found = store.find(ref) if isinstance(ref, str) and 0 < len(ref) <= 100 and (
        "\x00" not in ref) else None
    if found is None:
        raise tk.ObjectNotFound(tk._("Data request not found"))
    return found


def _viewer(context: Context) -> rules.Viewer:
    return rules.viewer(context.get("user") or None)


def _login(who: rules.Viewer) -> AuthResult | None:
    if not who.logged_in:
        return _refuse(tk._("Log in first"))
    return None


def _walidata_step(context: Context, data_dict: DataDict | None) -> AuthResult:
    who = _viewer(context)
    _request(data_dict)
    if not who.walidata:
        return _refuse(tk._("Only walidata may do this with a data request"))
    return OK


def _requester_step(context: Context, data_dict: DataDict | None) -> AuthResult:
    who = _viewer(context)
    request = _request(data_dict)
    if not rules.is_requester(who, request):
        return _refuse(tk._("Only the requester may do this with a data request"))
    return OK


def satudata_data_request_create(context: Context, data_dict: DataDict | None
                                 ) -> AuthResult:
    """Any logged-in user whose data balikan is not overdue."""
    who = _viewer(context)
    refused = _login(who)
    if refused:
        return refused
    if config.block_overdue_balikan() and who.user_id:
        late = api.overdue_balikan(who.user_id)
        if late:
            return _refuse(message(N_(
                "The data balikan of your request {number} is overdue: upload it"
                " before you file a new request"), {"number": late[0]["number"]}))
    return OK


def satudata_data_request_show(context: Context, data_dict: DataDict | None
                               ) -> AuthResult:
    """The requester, walidata, pembina and the members of the OPD the
    request was forwarded to."""
    who = _viewer(context)
    request = _request(data_dict)
    if not rules.may_read(who, request):
        return _refuse(tk._("You may not see this data request"))
    return OK


def satudata_data_request_list(context: Context, data_dict: DataDict | None
                               ) -> AuthResult:
    """Any logged-in user (each sees the requests they may read)."""
    return _login(_viewer(context)) or OK


@tk.auth_sysadmins_check
def satudata_data_request_update(context: Context, data_dict: DataDict | None
                                 ) -> AuthResult:
    """The requester."""
    return _requester_step(context, data_dict)


def satudata_data_request_accept(context: Context, data_dict: DataDict | None
                                 ) -> AuthResult:
    """Walidata."""
    return _walidata_step(context, data_dict)


def satudata_data_request_forward(context: Context, data_dict: DataDict | None
                                  ) -> AuthResult:
    """Walidata."""
    return _walidata_step(context, data_dict)


@tk.auth_sysadmins_check
def satudata_data_request_respond(context: Context, data_dict: DataDict | None
                                  ) -> AuthResult:
    """Editors and admins of the OPD the request was forwarded to."""
    who = _viewer(context)
    request = _request(data_dict)
    if not rules.answers(who, request):
        return _refuse(tk._(
            "Only the operators and the verifikator of the organization the"
            " request was forwarded to may answer it"))
    return OK


def satudata_data_request_deliver(context: Context, data_dict: DataDict | None
                                  ) -> AuthResult:
    """Walidata."""
    return _walidata_step(context, data_dict)


def satudata_data_request_reject(context: Context, data_dict: DataDict | None
                                 ) -> AuthResult:
    """Walidata."""
    return _walidata_step(context, data_dict)


@tk.auth_sysadmins_check
def satudata_data_request_balikan_upload(context: Context, data_dict: DataDict | None
                                         ) -> AuthResult:
    """The requester."""
    return _requester_step(context, data_dict)


def satudata_data_request_balikan_accept(context: Context, data_dict: DataDict | None
                                         ) -> AuthResult:
    """Walidata."""
    return _walidata_step(context, data_dict)


@tk.auth_sysadmins_check
def satudata_data_request_cancel(context: Context, data_dict: DataDict | None
                                 ) -> AuthResult:
    """The requester, or walidata."""
    who = _viewer(context)
    request = _request(data_dict)
    if not (who.walidata or rules.is_requester(who, request)):
        return _refuse(tk._("Only the requester or walidata may cancel a data request"))
    return OK


@tk.auth_sysadmins_check
def satudata_data_request_file_download(context: Context, data_dict: DataDict | None
                                        ) -> AuthResult:
    """A file (``file_id``: a file's id or a letter's document id) of a
    request: the walidata every file; the requester their attachments, the
    delivered data, the data balikan and the letters addressed to them; the
    members of the OPD it was forwarded to the attachments, their answer,
    the delivered data and the letters. The pembina download nothing."""
    who = _viewer(context)
    request = _request(data_dict)
    found = downloads.target(request["id"], (data_dict or {}).get("file_id") or "")
    allowed = (rules.may_download_letter(who, request, found["letter"])
               if found["letter"] else rules.may_download(who, request, found["kind"]))
    if not allowed:
        return _refuse(tk._("You may not download this file"))
    return OK
