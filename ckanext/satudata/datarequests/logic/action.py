"""Actions of the data requests (Permohonan Data, SOP Diskominfo): see
``docs/datarequests.md``. Every step answers with the request as its actor
now reads it (:func:`satudata_data_request_show`)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata.datarequests import (
    attachments,
    present,
    rules,
    store,
    transitions,
)
from ckanext.satudata.datarequests.logic import schema

__all__ = [
    "satudata_data_request_accept",
    "satudata_data_request_balikan_accept",
    "satudata_data_request_balikan_upload",
    "satudata_data_request_cancel",
    "satudata_data_request_create",
    "satudata_data_request_deliver",
    "satudata_data_request_forward",
    "satudata_data_request_list",
    "satudata_data_request_reject",
    "satudata_data_request_respond",
    "satudata_data_request_show",
    "satudata_data_request_update",
]

#: The request's fields the requester fills (and completes).
FIELDS = ("requester_kind", "institution", "contact_name", "contact_email",
          "contact_phone", "datasets", "description", "variables", "period",
          "regions", "format", "purpose")


def _user(context: Context) -> model.User:
    user = model.User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized(tk._("Log in first"))
    return user


def _shown(context: Context, outcome: transitions.Outcome) -> dict[str, Any]:
    transitions.commit(outcome, bool(context.get("defer_commit")))
    row = store.get(outcome.request["id"]) or outcome.request
    return present.full(row, rules.viewer(context.get("user") or None))


def _attachments(data_dict: DataDict, required: tuple[str, ...]
                 ) -> list[attachments.Checked]:
    """The PDF attachments given (``pernyataan``, ``kak``); a refusal names
    every refused or missing field."""
    found, errors = [], {}
    for field in ("pernyataan", "kak"):
        upload = data_dict.get(field)
        if not attachments.is_upload(upload):
            if field in required:
                errors[field] = [tk._("Attach the {label} (PDF)").format(
                    label=tk._(attachments.LABELS[field]))]
            continue
        try:
            found.append(attachments.attachment(field, upload))
        except tk.ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise tk.ValidationError(errors)
    return found


def _uploads(data_dict: DataDict) -> list[attachments.Checked]:
    """The answer's files (``files``: one upload or a list; ``files_2``...
    from a multipart form), each checked."""
    given: list[tuple[str, Any]] = []
    first = data_dict.get("files")
    for item in (first if isinstance(first, list) else [first]):
        if attachments.is_upload(item):
            given.append(("files", item))
    for field in schema.EXTRA_FILES:
        if attachments.is_upload(data_dict.get(field)):
            given.append((field, data_dict[field]))
    return attachments.check_all(given, lambda upload, field:
                                 attachments.response_file(upload, field))


def _values(data_dict: DataDict) -> dict[str, Any]:
    return {field: data_dict[field] for field in FIELDS if field in data_dict}


def _cross_check(values: dict[str, Any], errors: dict[str, Any]) -> None:
    """The rules across fields, for the fields without an error yet."""
    if values.get("requester_kind") == "instansi" and not values.get("institution") \
            and not errors.get("institution"):
        errors["institution"] = [tk._("Name the institution")]
    if not values.get("datasets") and not values.get("description") \
            and not errors.get("datasets") and not errors.get("description"):
        errors["description"] = [tk._(
            "Choose the datasets you ask for, or describe the data")]


def satudata_data_request_create(context: Context, data_dict: DataDict
                                 ) -> dict[str, Any]:
    """File a data request (status ``diajukan``); the walidata are told.
    For any logged-in user, unless the data balikan of one of their
    requests is overdue (``ckanext.satudata.datarequests.block_overdue_balikan``).

    :param requester_kind: ``perorangan`` (a person) or ``instansi`` (an
        institution, which owes a data balikan)
    :type requester_kind: string
    :param institution: the institution's name (required for ``instansi``)
    :type institution: string
    :param contact_name: who to contact
    :type contact_name: string
    :param contact_email: their e-mail
    :type contact_email: string
    :param contact_phone: their phone (any Indonesian notation; kept as
        ``+62…``)
    :type contact_phone: string
    :param datasets: the datasets asked for (ids or names)
    :type datasets: list of strings
    :param description: the data asked for (required without ``datasets``)
    :type description: string
    :param variables: the variables needed
    :type variables: string
    :param period: the period (e.g. ``2020-2024``)
    :type period: string
    :param regions: official region codes
    :type regions: list of strings
    :param format: ``csv``, ``xlsx`` or ``json``
    :type format: string
    :param purpose: what the data is for
    :type purpose: string
    :param pernyataan: the signed Surat Pernyataan (PDF, at most
        ``attachment_max_bytes``, 1 MB)
    :type pernyataan: file
    :param kak: the Kerangka Acuan Kerja (PDF; required for ``instansi``)
    :type kak: file
    :returns: the request (see :func:`satudata_data_request_show`)
    :rtype: dictionary
    """
    tk.check_access("satudata_data_request_create", context, data_dict)
    user = _user(context)
    # every error of the form at once: the fields, the checks across them
    # and the attachments (which the form cannot keep between tries)
    data, errors = tk.navl_validate(dict(data_dict), schema.data_request_create(),
                                    context)
    values = _values(data)
    values.setdefault("datasets", [])
    values.setdefault("regions", [])
    for field in ("institution", "description", "variables", "period"):
        values.setdefault(field, "")
    if values.get("requester_kind") != "instansi":
        values["institution"] = ""
    _cross_check(values, errors)
    required = ("pernyataan", "kak") if values.get("requester_kind") == "instansi" \
        else ("pernyataan",)
    try:
        uploads = _attachments(data_dict, required)
    except tk.ValidationError as error:
        errors.update(error.error_dict)
    errors = {field: found for field, found in errors.items() if found}
    if errors:
        raise tk.ValidationError(errors)
    return _shown(context, transitions.create(user, values, uploads))


@validate(schema.data_request_ref)
@tk.side_effect_free
def satudata_data_request_show(context: Context, data_dict: DataDict
                               ) -> dict[str, Any]:
    """One data request: what is asked, by whom (the e-mail and phone for
    the requester and the walidata only), its status and label, its stages
    (each with ``label``, ``actor``, ``comment``, ``pauses``, ``letter`` and
    ``timing``: ``limit``, ``taken``, ``paused``, ``due``, ``remaining``,
    ``overdue``, ``waiting``), ``overdue`` (Terlambat: the open stage is
    past its due date), ``due`` (of the open stage), ``late`` (a stage took
    longer than its limit), its files (``url`` only for whoever may
    download them), its letters (number, ``verification_url``, ``url``),
    the OPD's ``response`` and the steps you may take (``actions``). For
    the requester, walidata, pembina and the members of the OPD it was
    forwarded to.

    :param id: the request's id or number (``PD-2026-00001``)
    :type id: string
    :rtype: dictionary
    """
    tk.check_access("satudata_data_request_show", context, data_dict)
    row = store.find(data_dict["id"])
    if row is None:
        raise tk.ObjectNotFound(tk._("Data request not found"))
    return present.full(row, rules.viewer(context.get("user") or None))


def _readable_rows(who: rules.Viewer, data_dict: DataDict) -> list[dict[str, Any]]:
    organization_ids = None
    if data_dict.get("organization"):
        group = model.Group.get(data_dict["organization"])
        if group is None or not group.is_organization:
            raise tk.ObjectNotFound(tk._("Organization not found"))
        organization_ids = [group.id]
    filters: dict[str, Any] = {"status": data_dict.get("status"),
                               "q": data_dict.get("q"),
                               "organization_ids": organization_ids}
    if data_dict.get("mine"):
        return store.search(requester_id=who.user_id, **filters)
    if who.reads_all:
        return store.search(**filters)
    return store.search(readable=(who.user_id or "", sorted(who.reads_opds)),
                        **filters)


@validate(schema.data_request_list)
@tk.side_effect_free
def satudata_data_request_list(context: Context, data_dict: DataDict
                               ) -> dict[str, Any]:
    """The data requests you may read, newest first: your own; those
    forwarded to your OPD (its members); all (walidata, pembina).

    :param status: only requests in this status
    :type status: string
    :param organization: only those forwarded to this OPD (id or name)
    :type organization: string
    :param overdue: only those whose open stage is past its due date (true)
        or is not (false)
    :type overdue: bool
    :param q: words in the number, the description, the variables, the
        purpose, the institution or the contact's name
    :type q: string
    :param mine: only the requests you filed
    :type mine: bool
    :param limit: at most this many (default 50, at most 1000)
    :type limit: int
    :param offset: skip this many
    :type offset: int
    :returns: ``count`` and ``results``, each with ``number``, ``title``
        (the data asked), ``created``, ``modified``, ``status``,
        ``status_label``, ``overdue``, ``due``, ``organization``
    :rtype: dictionary
    """
    tk.check_access("satudata_data_request_list", context, data_dict)
    who = rules.viewer(context.get("user") or None)
    rows = _readable_rows(who, data_dict)
    now = store.now()
    stage_rows = store.stages_of([row["id"] for row in rows])
    items = [present.summary(row, stage_rows[row["id"]], now) for row in rows]
    if data_dict.get("overdue") is not None:
        items = [item for item in items if item["overdue"] == data_dict["overdue"]]
    offset, limit = data_dict["offset"], data_dict["limit"]
    return {"count": len(items), "results": items[offset:offset + limit]}


@validate(schema.data_request_update)
def satudata_data_request_update(context: Context, data_dict: DataDict
                                 ) -> dict[str, Any]:
    """Complete a request the walidata asked to complete (status
    ``menunggu_kelengkapan``): change its fields (those given) and attach
    new files; it is ``diajukan`` again and the clock of its stage runs
    again. For the requester.

    :param id: the request's id or number
    :type id: string
    :param comment: what was completed
    :type comment: string
    :returns: the request
    :rtype: dictionary

    Any field of :func:`satudata_data_request_create` may be given.
    """
    tk.check_access("satudata_data_request_update", context, data_dict)
    user = _user(context)
    values = _values(data_dict)
    if values.get("requester_kind") == "perorangan":
        values["institution"] = ""
    errors: dict[str, list[str]] = {}
    if "datasets" in values or "description" in values:
        current = store.find(data_dict["id"]) or {}
        _cross_check({"datasets": current.get("datasets"),
                      "description": current.get("description"), **values,
                      "requester_kind": None}, errors)
    try:
        uploads = _attachments(data_dict, ())
    except tk.ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise tk.ValidationError(errors)
    return _shown(context, transitions.update(
        data_dict["id"], user, values, uploads, data_dict.get("comment") or ""))


@validate(schema.data_request_accept)
def satudata_data_request_accept(context: Context, data_dict: DataDict
                                 ) -> dict[str, Any]:
    """Accept a submitted request (``diajukan`` → ``diterima``), or with
    ``incomplete`` ask the requester to complete it (→
    ``menunggu_kelengkapan``: the clock stops until they do). For walidata.

    :param id: the request's id or number
    :type id: string
    :param comment: the note (required with ``incomplete``: what is missing)
    :type comment: string
    :param incomplete: ask for completeness instead (default false)
    :type incomplete: bool
    :returns: the request
    :rtype: dictionary
    """
    tk.check_access("satudata_data_request_accept", context, data_dict)
    return _shown(context, transitions.accept(
        data_dict["id"], _user(context), data_dict.get("comment") or "",
        data_dict["incomplete"]))


@validate(schema.data_request_forward)
def satudata_data_request_forward(context: Context, data_dict: DataDict
                                  ) -> dict[str, Any]:
    """Forward an accepted request to the OPD that produces the data, with
    the Surat Pengantar Permohonan Data (``diterima`` → ``diteruskan``);
    its operators and verifikator are told. For walidata.

    :param id: the request's id or number
    :type id: string
    :param organization: the OPD (id or name)
    :type organization: string
    :param comment: the note to the OPD
    :type comment: string
    :returns: the request
    :rtype: dictionary
    """
    tk.check_access("satudata_data_request_forward", context, data_dict)
    group = model.Group.get(data_dict["organization"])
    if not rules.is_opd(group):
        raise tk.ValidationError({"organization": [tk._(
            "Choose the organization (OPD) that produces the data")]})
    return _shown(context, transitions.forward(
        data_dict["id"], _user(context), group, data_dict.get("comment") or ""))


@validate(schema.data_request_respond)
def satudata_data_request_respond(context: Context, data_dict: DataDict
                                  ) -> dict[str, Any]:
    """Answer a request forwarded to your OPD (``diteruskan`` →
    ``ditindaklanjuti``) with files and/or links to datasets, or decline
    it with a reason; the Surat Tindak Lanjut is issued and the walidata
    are told. For the operators and the verifikator of that OPD.

    :param id: the request's id or number
    :type id: string
    :param files: the data (CSV, XLSX, JSON, PDF or ZIP, checked by
        content; a multipart form may add ``files_2`` … ``files_10``)
    :type files: file or list of files
    :param links: datasets (and resources) that hold the data,
        ``[{"dataset": id or name, "resource": id}]``
    :type links: list of dictionaries
    :param decline: the OPD cannot provide the data (default false)
    :type decline: bool
    :param reason: why (required with ``decline``)
    :type reason: string
    :param comment: a note to the walidata
    :type comment: string
    :returns: the request
    :rtype: dictionary
    """
    tk.check_access("satudata_data_request_respond", context, data_dict)
    uploads = [] if data_dict["decline"] else _uploads(data_dict)
    return _shown(context, transitions.respond(
        data_dict["id"], _user(context), uploads=uploads,
        links=[] if data_dict["decline"] else data_dict.get("links") or [],
        decline=data_dict["decline"], reason=data_dict.get("reason") or "",
        comment=data_dict.get("comment") or ""))


@validate(schema.data_request_deliver)
def satudata_data_request_deliver(context: Context, data_dict: DataDict
                                  ) -> dict[str, Any]:
    """Deliver the data to the requester with the Surat Penyampaian Data:
    the OPD's files become the delivered files (with ``files`` added by
    the walidata). An institution's request then waits for its data
    balikan (``menunggu_data_balikan``, due in 30 working days), a
    person's is ``selesai``. For walidata.

    :param id: the request's id or number
    :type id: string
    :param comment: the note to the requester
    :type comment: string
    :param files: more files delivered (as in respond)
    :type files: file or list of files
    :returns: the request
    :rtype: dictionary
    """
    tk.check_access("satudata_data_request_deliver", context, data_dict)
    uploads = _uploads(data_dict)
    return _shown(context, transitions.deliver(
        data_dict["id"], _user(context), data_dict.get("comment") or "", uploads))


@validate(schema.data_request_reject)
def satudata_data_request_reject(context: Context, data_dict: DataDict
                                 ) -> dict[str, Any]:
    """Reject a request before delivery with the Surat Penolakan Permohonan
    Data (→ ``ditolak``). For walidata.

    :param id: the request's id or number
    :type id: string
    :param reason: why (required)
    :type reason: string
    :returns: the request
    :rtype: dictionary
    """
    tk.check_access("satudata_data_request_reject", context, data_dict)
    return _shown(context, transitions.reject(
        data_dict["id"], _user(context), data_dict.get("reason") or ""))


@validate(schema.data_request_balikan_upload)
def satudata_data_request_balikan_upload(context: Context, data_dict: DataDict
                                         ) -> dict[str, Any]:
    """Upload the data balikan of a delivered request
    (``menunggu_data_balikan`` → ``data_balikan_diunggah``): a PDF, XLSX,
    CSV or DOCX (checked by content) of at most ``balikan_max_bytes`` (10
    MB). For the requester.

    :param id: the request's id or number
    :type id: string
    :param upload: the file
    :type upload: file
    :returns: the request
    :rtype: dictionary
    """
    tk.check_access("satudata_data_request_balikan_upload", context, data_dict)
    checked = attachments.balikan(data_dict.get("upload"))
    return _shown(context, transitions.balikan_upload(
        data_dict["id"], _user(context), checked))


@validate(schema.data_request_balikan_accept)
def satudata_data_request_balikan_accept(context: Context, data_dict: DataDict
                                         ) -> dict[str, Any]:
    """Accept the data balikan (→ ``selesai``), or with ``accept`` false
    send it back with a note (→ ``menunggu_data_balikan``). For walidata.

    :param id: the request's id or number
    :type id: string
    :param accept: accept it (default true)
    :type accept: bool
    :param comment: the note (required when sending it back)
    :type comment: string
    :returns: the request
    :rtype: dictionary
    """
    tk.check_access("satudata_data_request_balikan_accept", context, data_dict)
    return _shown(context, transitions.balikan_accept(
        data_dict["id"], _user(context), data_dict["accept"],
        data_dict.get("comment") or ""))


@validate(schema.data_request_cancel)
def satudata_data_request_cancel(context: Context, data_dict: DataDict
                                 ) -> dict[str, Any]:
    """Cancel a request before its data is delivered (→ ``dibatalkan``).
    For the requester and walidata.

    :param id: the request's id or number
    :type id: string
    :param reason: why
    :type reason: string
    :returns: the request
    :rtype: dictionary
    """
    tk.check_access("satudata_data_request_cancel", context, data_dict)
    return _shown(context, transitions.cancel(
        data_dict["id"], _user(context), data_dict.get("reason") or ""))
