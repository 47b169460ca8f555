"""Actions of the access requests (Permohonan Akses Data terbatas, after
the DTSEN user guide): see ``docs/accessrequests.md``. Every step answers
with the request as its actor now reads it
(:func:`satudata_access_request_show`)."""

from __future__ import annotations

import base64
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata import files
from ckanext.satudata.accessrequests import (
    api,
    attachments,
    errors,
    extract,
    present,
    rules,
    store,
    transitions,
)
from ckanext.satudata.accessrequests.logic import schema
from ckanext.satudata.institutions import api as institutions
from ckanext.satudata.messages import N_, message

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

#: Largest extract an API client gets inline (base64) with
#: ``include_content``; larger ones are downloaded from the page.
INLINE_MAX = 20 * 1024 * 1024


def _user(context: Context) -> model.User:
    user = model.User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized(tk._("Log in first"))
    return user


def _shown(context: Context, outcome: transitions.Outcome) -> dict[str, Any]:
    transitions.commit(outcome, bool(context.get("defer_commit")))
    row = store.find(outcome.request["id"]) or outcome.request
    return present.summary(row, rules.viewer(context.get("user") or None), full=True)


def _items(given: list[dict[str, Any]], errors_: dict[str, Any]
           ) -> list[dict[str, Any]]:
    """The checked items (tema); each row's errors under ``items``."""
    found, row_errors = [], []
    seen: set[str] = set()
    for entry in given:
        problems: dict[str, list[str]] = {}
        package = model.Package.get(entry.get("dataset_id") or "")
        if not api.requestable(package):
            problems["dataset_id"] = [tk._(
                "Choose a restricted (terbatas) dataset of level 2, 3 or 4")]
        elif package.id in seen:
            problems["dataset_id"] = [tk._("This dataset is already in the request")]
        else:
            seen.add(package.id)
            dataset = tk.get_action("package_show")(
                {"ignore_auth": True, "user": ""}, {"id": package.id})
            try:
                known = {variable.name for variable in extract.variables(dataset)}
            except errors.ExtractError as error:
                known = set()
                problems["dataset_id"] = [error.message()]
            unknown = [name for name in entry.get("variables") or []
                       if name not in known]
            if not entry.get("variables"):
                problems["variables"] = [tk._("Choose at least one variable")]
            elif unknown and known:
                problems["variables"] = [message(N_(
                    "Unknown variables of this dataset: {names}"),
                    {"names": ", ".join(unknown[:10])})]
            if not problems:
                found.append({
                    "dataset_id": package.id,
                    "dataset_title": package.title or package.name,
                    "organization_id": package.owner_org,
                    "level": api.level_of(package),
                    "variables": list(entry["variables"]),
                    "notes": entry.get("notes") or "",
                    "format": entry["format"],
                })
        row_errors.append(problems)
    if any(row_errors):
        errors_["items"] = row_errors
    return found


def satudata_access_request_create(context: Context, data_dict: DataDict
                                   ) -> dict[str, Any]:
    """File an access request for restricted data (stage Verifikasi
    Teknis); the walidata are told. For the users of an approved institution
    whose profile (logo, address) is complete.

    :param letter_number: the number of the institution's request letter
    :type letter_number: string
    :param purpose: what the data is for
    :type purpose: string
    :param items: the datasets asked for ("tema"), each ``{"dataset_id",
        "variables": [names], "notes", "format": "csv"|"xlsx"|"json"|"xml"}``;
        the datasets terbatas of level 2 to 4, the variables among the
        dataset's (``variables`` of the page's form)
    :type items: list of dictionaries
    :param agree: the Kebijakan Akses (terms) are accepted
    :type agree: boolean
    :param kak: the Kerangka Acuan Kerja (PDF, at most 1 MB)
    :type kak: file
    :param sk: the SK Penetapan Pelaksana (PDF)
    :type sk: file
    :param peraturan: the Peraturan tentang SDI (PDF)
    :type peraturan: file
    :param lainnya: another supporting document (PDF, optional)
    :type lainnya: file
    :returns: the request (see :func:`satudata_access_request_show`)
    :rtype: dictionary
    """
    tk.check_access("satudata_access_request_create", context, data_dict)
    user = _user(context)
    given = dict(data_dict)
    if isinstance(given.get("items"), dict):
        given["items"] = [given["items"]]
    if not isinstance(given.get("items"), list):
        given["items"] = []
    if not all(isinstance(entry, dict) for entry in given["items"]):
        # navl places only dictionaries against the item schema
        raise tk.ValidationError({"items": [tk._(
            "Give each dataset as {dataset_id, variables, notes, format}")]})
    data, found_errors = tk.navl_validate(given, schema.access_request_create(),
                                          context)
    found_errors = {key: value for key, value in found_errors.items() if value}
    if not data.get("items") and "items" not in found_errors:
        found_errors["items"] = [tk._("Choose at least one dataset")]
    elif len(data.get("items") or []) > schema.MAX_ITEMS:
        found_errors["items"] = [message(N_("At most {max} datasets in one request"),
                                         {"max": schema.MAX_ITEMS})]
    items: list[dict[str, Any]] = []
    if "items" not in found_errors:
        items = _items(data["items"], found_errors)
    if not data.get("agree"):
        found_errors["agree"] = [tk._("Accept the access policy (Kebijakan Akses)")]
    try:
        uploads = attachments.attachments(data_dict)
    except tk.ValidationError as error:
        found_errors.update(error.error_dict)
        uploads = []
    if found_errors:
        raise tk.ValidationError(found_errors)
    institution = institutions.institution_of(user)
    assert institution is not None  # the auth function checked it
    return _shown(context, transitions.create(
        user, institution["id"],
        {"letter_number": data["letter_number"], "purpose": data.get("purpose", "")},
        items, uploads))


@validate(schema.access_request_ref)
@tk.side_effect_free
def satudata_access_request_show(context: Context, data_dict: DataDict
                                 ) -> dict[str, Any]:
    """One access request: the institution, the requester (with jabatan),
    the letter number, ``status`` (``diproses``, ``dikembalikan``,
    ``selesai``, ``ditolak`` — with ``rejected`` and ``reject_reason``),
    ``stage``, ``late`` (Verifikasi Teknis to delivery took
    longer than ``limit_days``), the items (dataset, ``level``, variables,
    format, the extract's ``report``: row counts, removed columns, the
    detection), the stages (``done``, officer, comment, date, working
    ``days``, returns as ``pauses``), the files, the BAST document, the
    user's tokens (never the token itself) and the steps you may take
    (``can``). For the institution's users, walidata, pembina and the staff
    of an OPD producing a requested dataset.

    :param id: the request's id or number (``AD-2026-00001``)
    :type id: string
    :rtype: dictionary
    """
    tk.check_access("satudata_access_request_show", context, data_dict)
    row = store.find(data_dict["id"])
    if row is None:
        raise tk.ObjectNotFound(tk._("Access request not found"))
    return present.summary(row, rules.viewer(context.get("user") or None), full=True)


@validate(schema.access_request_list)
@tk.side_effect_free
def satudata_access_request_list(context: Context, data_dict: DataDict
                                 ) -> list[dict[str, Any]]:
    """The access requests you may read, newest first: an institution's
    users see their institution's, OPD staff those asking for their OPD's
    datasets, walidata and pembina all.

    :param status: ``diproses``, ``dikembalikan``, ``selesai`` or ``ditolak``
    :type status: string
    :param stage: a stage code (``verifikasi_teknis``…)
    :type stage: string
    :param q: words in the number, the letter number or a dataset's title
    :type q: string
    :param institution_id: only this institution's (walidata, pembina)
    :type institution_id: string
    :param mine: only your institution's
    :type mine: boolean
    :rtype: list of dictionaries
    """
    tk.check_access("satudata_access_request_list", context, data_dict)
    who = rules.viewer(context.get("user") or None)
    filters = {"status": data_dict.get("status"), "stage": data_dict.get("stage"),
               "q": data_dict.get("q")}
    if data_dict.get("mine") or not who.reads_all:
        institution_ids = [who.institution_id] if who.institution_id else []
        rows = store.search(institution_ids=institution_ids, **filters)
        if not data_dict.get("mine") and who.opds:
            seen = {row["id"] for row in rows}
            rows += [row for row in store.search(
                dataset_ids=_opd_datasets(list(who.opds)), **filters)
                if row["id"] not in seen]
            rows.sort(key=lambda row: row["created"], reverse=True)
    else:
        institution = data_dict.get("institution_id")
        rows = store.search(institution_ids=[institution] if institution else None,
                            **filters)
    return [present.summary(row, who) for row in rows]


def _opd_datasets(organization_ids: list[str]) -> list[str]:
    return [found for (found,) in model.Session.query(model.Package.id).filter(
        model.Package.owner_org.in_(organization_ids))]


def _step(name: str, context: Context, data_dict: DataDict) -> tuple[model.User, str]:
    tk.check_access(f"satudata_access_request_{name}", context, data_dict)
    return _user(context), data_dict["id"]


@validate(schema.access_request_advance)
def satudata_access_request_advance(context: Context, data_dict: DataDict
                                    ) -> dict[str, Any]:
    """✓ of the request's current stage (Verifikasi Teknis, Verifikasi
    Substansi, Verifikasi Koordinator, Pengolahan Data — once every extract
    is built —, Cek Kualitas Data): the next one opens and its actors are
    told. For who moves the stage (``movers``; the walidata always).

    :param id: the request's id or number
    :type id: string
    :param stage: the stage being finished (must be the current one)
    :type stage: string
    :param comment: the officer's comment
    :type comment: string
    :param identity_approved: at Verifikasi Koordinator, the explicit
        approval of level 4 data (with identities)
    :type identity_approved: boolean
    :rtype: dictionary
    """
    user, ref = _step("advance", context, data_dict)
    return _shown(context, transitions.advance(
        ref, user, data_dict["stage"], data_dict.get("comment", ""),
        bool(data_dict.get("identity_approved"))))


@validate(schema.access_request_return)
def satudata_access_request_return(context: Context, data_dict: DataDict
                                   ) -> dict[str, Any]:
    """Return the request to the institution with notes (the stage pauses
    until it resubmits). For who moves the stage.

    :param id: the request's id or number
    :type id: string
    :param stage: the current stage
    :type stage: string
    :param note: what to correct (required)
    :type note: string
    :rtype: dictionary
    """
    user, ref = _step("return", context, data_dict)
    return _shown(context, transitions.return_(
        ref, user, data_dict["stage"], data_dict.get("note", "")))


@validate(schema.access_request_reject)
def satudata_access_request_reject(context: Context, data_dict: DataDict
                                   ) -> dict[str, Any]:
    """Reject the request for good (status ``ditolak``), in whatever stage
    it is, while it is being handled or returned: the open stage ends with
    the reason, the institution is told, and no extract is ever delivered.
    For the walidata.

    :param id: the request's id or number
    :type id: string
    :param reason: why the request is rejected (required; the institution
        reads it)
    :type reason: string
    :rtype: dictionary
    """
    user, ref = _step("reject", context, data_dict)
    return _shown(context, transitions.reject(ref, user, data_dict.get("reason", "")))


@validate(schema.access_request_resubmit)
def satudata_access_request_resubmit(context: Context, data_dict: DataDict
                                     ) -> dict[str, Any]:
    """Send a returned request back, corrected (the same stage goes on).
    For the institution's users.

    :param id: the request's id or number
    :type id: string
    :param comment: what was corrected
    :type comment: string
    :param letter_number: a new letter number
    :type letter_number: string
    :param kak: a new KAK (PDF); likewise ``sk``, ``peraturan``, ``lainnya``
    :type kak: file
    :rtype: dictionary
    """
    user, ref = _step("resubmit", context, data_dict)
    uploads = attachments.attachments(data_dict, required=())
    return _shown(context, transitions.resubmit(
        ref, user, data_dict.get("comment", ""), data_dict.get("letter_number"),
        uploads))


def _removal(value: Any) -> dict[str, list[str]]:
    if value in (None, ""):
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(key, str) and isinstance(columns, list)
            and all(isinstance(column, str) for column in columns)
            for key, columns in value.items()):
        raise tk.ValidationError({"remove": [tk._(
            "Give the columns to remove per item: {item id: [columns]}")]})
    return value


@validate(schema.access_request_extract)
def satudata_access_request_extract(context: Context, data_dict: DataDict
                                    ) -> dict[str, Any]:
    """Build the extracts of the request (a background job; each item's
    ``report`` shows its progress): the chosen variables in the chosen
    format; for level 3 the identifying columns found are removed, with
    those listed in ``remove``. In Pengolahan Data, for who moves it.

    :param id: the request's id or number
    :type id: string
    :param remove: more columns to remove, per item: ``{item id: [columns]}``
    :type remove: dictionary
    :rtype: dictionary
    """
    user, ref = _step("extract", context, data_dict)
    return _shown(context, transitions.extract(ref, user, _removal(
        data_dict.get("remove"))))


@validate(schema.access_request_bast_document)
def satudata_access_request_bast_document(context: Context, data_dict: DataDict
                                          ) -> dict[str, Any]:
    """Record the BAST number and issue the BAST (a PDF with both parties,
    the data delivered, the institution's logo and address and a QR
    verification) to sign and stamp. In Unduh Data, for the institution's
    users.

    :param id: the request's id or number
    :type id: string
    :param bast_number: the institution's BAST number
    :type bast_number: string
    :rtype: dictionary
    """
    user, ref = _step("bast_document", context, data_dict)
    return _shown(context, transitions.bast_document(
        ref, user, data_dict.get("bast_number", "")))


def satudata_access_request_bast_upload(context: Context, data_dict: DataDict
                                        ) -> dict[str, Any]:
    """Upload the signed and stamped BAST (PDF, at most ``bast_max_bytes``,
    500 KB): Verifikasi BAST opens. In Unduh Data, for the institution's
    users.

    :param id: the request's id or number
    :type id: string
    :param upload: the PDF
    :type upload: file
    :rtype: dictionary
    """
    data, found = tk.navl_validate(dict(data_dict), schema.access_request_ref(),
                                   context)
    if found:
        raise tk.ValidationError(found)
    user, ref = _step("bast_upload", context, data)
    checked = attachments.bast(data_dict.get("upload"))
    return _shown(context, transitions.bast_upload(ref, user, checked))


@validate(schema.access_request_comment)
def satudata_access_request_bast_approve(context: Context, data_dict: DataDict
                                         ) -> dict[str, Any]:
    """Approve the signed BAST: the request is done and a download token is
    e-mailed to the requester. In Verifikasi BAST, for the walidata.

    :param id: the request's id or number
    :type id: string
    :param comment: the officer's comment
    :type comment: string
    :rtype: dictionary
    """
    user, ref = _step("bast_approve", context, data_dict)
    return _shown(context, transitions.bast_approve(
        ref, user, data_dict.get("comment", "")))


@validate(schema.access_request_note)
def satudata_access_request_bast_return(context: Context, data_dict: DataDict
                                        ) -> dict[str, Any]:
    """Return the BAST with a note: back to Unduh Data. In Verifikasi BAST,
    for the walidata.

    :param id: the request's id or number
    :type id: string
    :param note: what is wrong (required)
    :type note: string
    :rtype: dictionary
    """
    user, ref = _step("bast_return", context, data_dict)
    return _shown(context, transitions.bast_return(
        ref, user, data_dict.get("note", "")))


@validate(schema.access_request_ref)
def satudata_access_request_token_issue(context: Context, data_dict: DataDict
                                        ) -> dict[str, Any]:
    """A new download token for you, e-mailed (your earlier tokens of the
    request are revoked). Once the request is done, for the institution's
    users.

    :param id: the request's id or number
    :type id: string
    :rtype: dictionary
    """
    user, ref = _step("token_issue", context, data_dict)
    return _shown(context, transitions.token_issue(ref, user))


def _ip() -> str:
    try:
        return tk.request.remote_addr or ""
    except (RuntimeError, AttributeError, TypeError):
        return ""


@validate(schema.access_request_download)
def satudata_access_request_download(context: Context, data_dict: DataDict
                                     ) -> dict[str, Any]:
    """Download an item's extract with your token (valid ``token_days`` days
    or ``token_downloads`` downloads, for this request and you only); the
    download is recorded (user, time, IP, the file's SHA-256). For the
    institution's users, once the request is done.

    :param id: the request's id or number
    :type id: string
    :param item_id: the item (dataset) whose extract to download
    :type item_id: string
    :param token: the token from the e-mail
    :type token: string
    :param include_content: also answer the file as base64 (``content``;
        files up to 20 MB)
    :type include_content: boolean
    :returns: ``file_id``, ``name``, ``content_type``, ``size``, ``sha256``,
        ``uses`` and ``max_uses`` of the token
    :rtype: dictionary
    """
    user, ref = _step("download", context, data_dict)
    outcome, row = transitions.download(ref, user, data_dict["item_id"],
                                        data_dict.get("token", ""), _ip())
    transitions.commit(outcome, bool(context.get("defer_commit")))
    answer: dict[str, Any] = {
        "file_id": row["file_id"], "name": row["name"],
        "content_type": row["content_type"], "size": row["size"],
        "sha256": row["sha256"]}
    if data_dict.get("include_content"):
        if row["size"] > INLINE_MAX:
            raise tk.ValidationError({"include_content": [tk._(
                "The file is too large to answer inline: download it from the"
                " request's page")]})
        answer["content"] = base64.b64encode(files.read(row["file_id"])).decode()
    return answer


@validate(schema.download_log_list)
@tk.side_effect_free
def satudata_download_log_list(context: Context, data_dict: DataDict
                               ) -> list[dict[str, Any]]:
    """Who downloaded which restricted data, when, under which request and
    BAST (newest first). For walidata and pembina; any user for their own
    downloads (``user_id``).

    :param request_id: only this request's
    :type request_id: string
    :param user_id: only this user's
    :type user_id: string
    :param institution_id: only this institution's
    :type institution_id: string
    :param q: words in the request or BAST number, the dataset's title, the
        IP address or the file's SHA-256
    :type q: string
    :param since: from this date
    :type since: ISO date
    :param until: before this date
    :type until: ISO date
    :param limit: at most this many (default 1000)
    :type limit: integer
    :rtype: list of dictionaries
    """
    tk.check_access("satudata_download_log_list", context, data_dict)
    user_id = data_dict.get("user_id")
    if user_id:
        user = model.User.get(user_id)
        user_id = user.id if user else user_id
    rows = store.downloads(request_id=data_dict.get("request_id"), user_id=user_id,
                           institution_id=data_dict.get("institution_id"),
                           q=data_dict.get("q"), since=data_dict.get("since"),
                           until=data_dict.get("until"),
                           limit=data_dict.get("limit") or 1000)
    names: dict[str, dict[str, Any]] = {}
    result = []
    for row in rows:
        if row["user_id"] not in names:
            user = model.User.get(row["user_id"])
            names[row["user_id"]] = {"name": user.name if user else "",
                                     "fullname": (user.fullname or user.name)
                                     if user else ""}
        institution = institutions.profile(row["institution_id"]) or {}
        result.append({
            "id": row["id"], "downloaded": row["downloaded"].isoformat(),
            "user_id": row["user_id"], "user": names[row["user_id"]],
            "institution_id": row["institution_id"],
            "institution": institution.get("name") or "",
            "request_id": row["request_id"], "number": row["number"],
            "bast_number": row["bast_number"], "dataset_id": row["dataset_id"],
            "dataset_title": row["dataset_title"], "level": row["level"],
            "ip": row["ip"], "sha256": row["sha256"]})
    return result
