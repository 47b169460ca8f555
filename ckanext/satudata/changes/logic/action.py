"""Actions of the change requests (Perubahan Data)."""

from __future__ import annotations

import base64
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata.changes import access, present, proposal, requests, store
from ckanext.satudata.changes.logic import schema
from ckanext.satudata.documents import api as documents
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


def _user(context: Context) -> model.User:
    user = model.User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized(tk._("Log in first"))
    return user


def _show(context: Context, request: dict[str, Any],
          checks: dict[str, Any] | None = None) -> dict[str, Any]:
    """The request as stored now (read again after a step)."""
    found = store.get(request["id"]) or request
    return present.full(found, context.get("user"), checks)


@validate(schema.change_request_create)
def satudata_change_request_create(context: Context, data_dict: DataDict
                                   ) -> dict[str, Any]:
    """Ask to change published values of one dataset's period; generates
    the request document (old → new per cell) to download, sign and upload.
    For the operators and the verifikator of the dataset's organization.

    Give the new values either as ``cells`` or as ``upload``, the period's
    filled Excel template (or CSV), whose cells that differ from the
    published values are proposed.

    :param id: id or name of the dataset
    :type id: string
    :param period: a published period (``2024``, ``2024-S1``, ``2024-Q3``,
        ``2024-06``)
    :type period: string
    :param cells: the cells to change, each ``{"row": code, "component":
        code, "value": new value, "reason": why}`` (``value`` null or ""
        empties the cell)
    :type cells: list of dictionaries
    :param upload: the period's filled template (multipart), instead of
        ``cells``
    :type upload: file
    :param reason: the reason of every cell that gives none (required with
        ``upload``)
    :type reason: string
    :param revision: the published revision you read (optional: refused
        when the values changed since)
    :type revision: int
    :returns: the request (see :func:`satudata_change_request_show`), in
        status ``waiting_upload`` (Menunggu upload dokumen persetujuan)
    :rtype: dictionary
    """
    tk.check_access("satudata_change_request_create", context, data_dict)
    package = indicators.package(data_dict["id"])
    user = _user(context)
    if data_dict.get("upload") is not None and data_dict.get("cells") is None:
        grid = indicators.grid_for(package, data_dict["period"])
        incoming = indicators.read_file(grid, data_dict["upload"])
        current = indicators.submission_row(package.id, grid.period.id)
        values = proposal.changed_cells(current["values"] if current else {},
                                        incoming)
        reasons: dict[str, dict[str, str]] = {}
        parsed = True
    else:
        values, reasons = proposal.from_list(data_dict.get("cells"))
        parsed = False
    outcome = requests.create(
        package, data_dict["period"], user, values=values, reasons=reasons,
        default_reason=data_dict.get("reason") or "", parsed=parsed,
        revision=data_dict.get("revision"),
    )
    requests.commit(outcome, bool(context.get("defer_commit")))
    return _show(context, outcome.request)


@validate(schema.change_request_ref)
@tk.side_effect_free
def satudata_change_request_show(context: Context, data_dict: DataDict
                                 ) -> dict[str, Any]:
    """One change request: dataset, period, status (``waiting_upload``,
    ``waiting_approval``, ``done``, ``rejected``) and its label, the cells
    (row, component, old → new, reason), the request document (number,
    SHA-256, download and verification addresses), the signed approval
    document (name, upload time, ``signature``: ``electronic``,
    ``wet_ink`` or ``broken``, and who signed when), the walidata's note,
    the events (who did what, when), what you may do now (``allowed``) and,
    while it waits for approval, the quality checks of the new values.
    For the dataset's organization, walidata and pembina.

    :param id: the request's id
    :type id: string
    :rtype: dictionary
    """
    tk.check_access("satudata_change_request_show", context, data_dict)
    request = store.get(data_dict["id"])
    if request is None or request["status"] == "deleted":
        raise tk.ObjectNotFound(tk._("Change request not found"))
    checks = None
    user = context.get("user")
    if request["status"] == "waiting_approval" and access.reads_all(user):
        checks = requests.checks(request)
    return _show(context, request, checks)


@validate(schema.change_request_list)
@tk.side_effect_free
def satudata_change_request_list(context: Context, data_dict: DataDict
                                 ) -> dict[str, Any]:
    """The change requests you may see, newest first: your OPDs' (operators
    and verifikators), every OPD's (walidata, pembina). The Laporan
    Perubahan Data and the walidata's queue (``status=waiting_approval``).

    :param organization: only this OPD's (id or name)
    :type organization: string
    :param package: only this dataset's (id or name)
    :type package: string
    :param period: only this period's
    :type period: string
    :param status: ``waiting_upload``, ``waiting_approval``, ``done`` or
        ``rejected`` (default: all)
    :type status: string
    :param limit: at most this many (default 50, at most 1000)
    :type limit: int
    :param offset: skip this many
    :type offset: int
    :returns: ``count`` (how many match), ``results`` (requests without
        cells and events) and ``waiting_per_organization`` (walidata and
        pembina: ``{organization name: requests waiting for approval}``)
    :rtype: dictionary
    """
    tk.check_access("satudata_change_request_list", context, data_dict)
    user = context.get("user")
    readable = access.readable_organizations(user)
    organization_ids = readable
    if data_dict.get("organization"):
        group = model.Group.get(data_dict["organization"])
        if group is None or not group.is_organization:
            raise tk.ObjectNotFound(tk._("Organization not found"))
        if readable is not None and group.id not in readable:
            raise tk.NotAuthorized(tk._(
                "You may see the change requests of your own organization only"))
        organization_ids = [group.id]
    package_id = None
    if data_dict.get("package"):
        package_id = indicators.package(data_dict["package"]).id
    count, rows = store.search(
        organization_ids=organization_ids, package_id=package_id,
        status=data_dict.get("status"), period=data_dict.get("period"),
        limit=data_dict["limit"], offset=data_dict["offset"],
    )
    waiting = {}
    if readable is None:
        for organization_id, number in store.waiting_per_organization().items():
            group = model.Group.get(organization_id)
            waiting[group.name if group else organization_id] = number
    return {"count": count, "results": [present.summary(row, user) for row in rows],
            "waiting_per_organization": waiting}


@validate(schema.change_request_ref)
@tk.side_effect_free
def satudata_change_request_document(context: Context, data_dict: DataDict
                                     ) -> dict[str, Any]:
    """The generated request document (PDF) of a change request. The page
    ``/perubahan-data/<id>/dokumen-permohonan.pdf`` downloads the same
    file. For whoever may see the request.

    :param id: the request's id
    :type id: string
    :returns: ``number``, ``sha256`` (of the PDF), ``verification_url``,
        ``url`` (the download), ``filename`` and ``content`` (the PDF,
        base64)
    :rtype: dictionary
    """
    tk.check_access("satudata_change_request_document", context, data_dict)
    request = store.get(data_dict["id"])
    if request is None or not request.get("document_id"):
        raise tk.ObjectNotFound(tk._("Change request not found"))
    found = documents.get(request["document_id"])
    if found is None:
        raise tk.ObjectNotFound(tk._("Document not found"))
    content = documents.pdf(found["id"])
    return {
        "id": found["id"], "number": found["number"], "status": found["status"],
        "sha256": found["pdf_sha256"], "verification_url": found["verification_url"],
        "url": tk.h.url_for("satudata_changes.request_document", id=request["id"],
                            qualified=True),
        "filename": present.document_filename(request),
        "content": base64.b64encode(content).decode("ascii"),
    }


@validate(schema.change_request_upload)
def satudata_change_request_upload_approval(context: Context, data_dict: DataDict
                                            ) -> dict[str, Any]:
    """Upload the signed request document (PDF, multipart ``upload``):
    the request then waits for the walidata's approval (Menunggu
    persetujuan Admin Satu Data). Also replaces the document of a request
    waiting for approval, and sends a rejected request back. Checked by
    content: a PDF that parses, without JavaScript or embedded files,
    within the size (``ckanext.satudata.changes.approval_max_kb``, 1 MB by
    default) and page limits. An electronic signature (PAdES) is read and
    shown; a scanned, hand-signed PDF is accepted too. For the operators
    and the verifikator of the dataset's organization; the walidata are
    told.

    :param id: the request's id
    :type id: string
    :param upload: the signed PDF
    :type upload: file
    :returns: the request
    :rtype: dictionary
    """
    tk.check_access("satudata_change_request_upload_approval", context, data_dict)
    outcome = requests.upload_approval(data_dict["id"], data_dict["upload"],
                                       _user(context))
    requests.commit(outcome, bool(context.get("defer_commit")))
    return _show(context, outcome.request)


@validate(schema.change_request_approve)
def satudata_change_request_approve(context: Context, data_dict: DataDict
                                    ) -> dict[str, Any]:
    """Approve a change request waiting for approval: in one step the
    published values, the DataStore table, the downloads, the charts and
    the dataset's modification date (DCAT ``dct:modified``) change; the
    period's revision history shows the change and the activity stream
    records it. Refused when the published values changed since the request
    was made. For walidata; the OPD is told.

    :param id: the request's id
    :type id: string
    :param confirm_errors: approve although the quality checks of the new
        values found errors (default false: refused, naming how many)
    :type confirm_errors: bool
    :returns: the request, in status ``done`` (Selesai)
    :rtype: dictionary
    """
    tk.check_access("satudata_change_request_approve", context, data_dict)
    outcome = requests.approve(data_dict["id"], _user(context),
                               data_dict["confirm_errors"])
    requests.commit(outcome, bool(context.get("defer_commit")))
    if not context.get("defer_commit"):
        requests.after_approval(outcome.request["package_id"])
    return _show(context, outcome.request)


@validate(schema.change_request_reject)
def satudata_change_request_reject(context: Context, data_dict: DataDict
                                   ) -> dict[str, Any]:
    """Reject a change request waiting for approval and send it back to its
    producer with a note (they may upload a corrected document, or delete
    it). For walidata; the OPD is told.

    :param id: the request's id
    :type id: string
    :param note: why (required)
    :type note: string
    :returns: the request, in status ``rejected`` (Ditolak)
    :rtype: dictionary
    """
    tk.check_access("satudata_change_request_reject", context, data_dict)
    outcome = requests.reject(data_dict["id"], _user(context), data_dict["note"])
    requests.commit(outcome, bool(context.get("defer_commit")))
    return _show(context, outcome.request)


@validate(schema.change_request_ref)
def satudata_change_request_delete(context: Context, data_dict: DataDict
                                   ) -> dict[str, str]:
    """Delete a change request that is not approved yet (it is kept for the
    audit trail, and its request document is marked revoked). For the
    operators and the verifikator of the dataset's organization.

    :param id: the request's id
    :type id: string
    :returns: ``id`` and ``status`` (``deleted``)
    :rtype: dictionary
    """
    tk.check_access("satudata_change_request_delete", context, data_dict)
    outcome = requests.delete(data_dict["id"], _user(context))
    requests.commit(outcome, bool(context.get("defer_commit")))
    return {"id": outcome.request["id"], "status": outcome.request["status"]}


@validate(schema.revision_list)
@tk.side_effect_free
def satudata_revision_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The revision history of a dataset's published values: every approved
    change, newest first, with each cell old → new, its reason, the date and
    the number of the approval document (never the document itself). Public
    for the datasets anyone may see.

    :param id: id or name of the dataset
    :type id: string
    :param period: only this period's revisions
    :type period: string
    :returns: ``package_id``, ``package_name``, ``revisions`` (each
        ``period``, ``period_label``, ``revised``, ``revision``,
        ``document_number`` and ``cells``)
    :rtype: dictionary
    """
    tk.check_access("satudata_revision_list", context, data_dict)
    package = indicators.package(data_dict["id"])
    rows = store.approved(package.id, data_dict.get("period"))
    return {"package_id": package.id, "package_name": package.name,
            "revisions": [present.revision(row) for row in rows]}
