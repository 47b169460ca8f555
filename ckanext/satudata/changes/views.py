"""Change request pages: the proposal form of a published period, a
request's page (documents, upload, approve, reject, delete), the Laporan
Perubahan Data with the walidata's queue, and the public revision history
of a dataset (page, JSON, CSV). Every page calls the actions: the rules
are there."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, request
from flask import Blueprint, Response

from ckanext.satudata import files, spreadsheet
from ckanext.satudata.changes import present, store
from ckanext.satudata.documents import api as documents

__all__ = ["satudata_changes"]

satudata_changes = Blueprint("satudata_changes", __name__)
PAGE_SIZE = 50


def _context() -> dict[str, Any]:
    return {"user": "" if current_user.is_anonymous else current_user.name}


def _call(action: str, data: dict[str, Any]) -> Any:
    return tk.get_action(action)(_context(), data)


def _messages(error: tk.ValidationError) -> list[str]:
    found: list[str] = []
    for items in error.error_dict.values():
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, dict):
                found.extend(str(x) for by in item.values() for x in
                             (by if isinstance(by, list) else [by]))
            else:
                found.append(str(item))
    return found


def _request(id: str) -> dict[str, Any]:
    try:
        return _call("satudata_change_request_show", {"id": id})
    except tk.NotAuthorized:
        return tk.abort(403, tk._(
            "Only the dataset's organization, the walidata and the pembina may"
            " see this change request"))
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("Change request not found"))


# ---- proposal ---------------------------------------------------------------

def _proposal_form(form: Any) -> tuple[list[dict[str, Any]], str]:
    """The changed cells of the grid form: the ``value:<row>:<component>``
    fields that were filled, with their ``reason:<row>:<component>``; and
    the reason for the cells without one."""
    cells = []
    for key in form:
        kind, _, rest = key.partition(":")
        row, _, component = rest.partition(":")
        value = form.get(key, "").strip()
        if kind != "value" or not row or not component or not value:
            continue
        cells.append({"row": row, "component": component, "value": value,
                      "reason": form.get(f"reason:{rest}", "").strip()})
    return cells, form.get("reason", "").strip()


@satudata_changes.route("/dataset/<id>/perubahan/<period>", methods=["GET", "POST"])
def propose(id: str, period: str) -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to("user.login", came_from=request.path)
    try:
        pkg = _call("package_show", {"id": id})
        submission = _call("satudata_submission_show", {"id": pkg["id"],
                                                        "period": period})
        tk.check_access("satudata_change_request_create", _context(),
                        {"id": pkg["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._(
            "Only the operators and the verifikator of the dataset's"
            " organization may ask to change its published values"))
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("Not found"))
    errors: list[str] = []
    form: dict[str, Any] = {}
    if request.method == "POST":
        form = request.form.to_dict()
        data: dict[str, Any] = {"id": pkg["id"], "period": period,
                                "revision": form.get("revision") or None}
        upload = request.files.get("upload")
        if upload is not None and upload.filename:
            data.update(upload=upload, reason=form.get("reason", "").strip())
        else:
            data["cells"], data["reason"] = _proposal_form(request.form)
            if not data["cells"]:
                errors.append(tk._("Fill at least one new value"))
        if not errors:
            try:
                created = _call("satudata_change_request_create", data)
            except tk.ValidationError as error:
                errors = _messages(error)
            else:
                tk.h.flash_success(tk._(
                    "Change request made. Download the request document, have it"
                    " signed and upload it."))
                return tk.redirect_to("satudata_changes.read", id=created["id"])
    open_requests = _call("satudata_change_request_list", {
        "package": pkg["id"], "period": period, "limit": 5,
    })["results"]
    return tk.render("satudata/changes/propose.html", {
        "pkg": pkg, "pkg_dict": pkg, "submission": submission, "errors": errors,
        "form": form, "open_requests": [
            item for item in open_requests
            if item["status"] in ("waiting_upload", "waiting_approval")],
    }), 400 if errors else 200


# ---- one request --------------------------------------------------------------

@satudata_changes.route("/perubahan-data/<id>")
def read(id: str) -> str:
    found = _request(id)
    return tk.render("satudata/changes/read.html", {"item": found, "errors": []})


def _step(id: str, action: str, data: dict[str, Any], done: str,
          then: str = "satudata_changes.read") -> Any:
    """Call ``action`` on the request; on success flash ``done`` and go to
    ``then``, else show the request again with the errors."""
    try:
        _call(action, {"id": id, **data})
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or tk._("Not authorized"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Change request not found"))
    except tk.ValidationError as error:
        found = _request(id)
        return tk.render("satudata/changes/read.html",
                         {"item": found, "errors": _messages(error)}), 400
    tk.h.flash_success(done)
    if then == "satudata_changes.read":
        return tk.redirect_to(then, id=id)
    return tk.redirect_to(then)


@satudata_changes.route("/perubahan-data/<id>/unggah", methods=["POST"])
def upload(id: str) -> Any:
    file = request.files.get("upload")
    if file is None or not file.filename:
        found = _request(id)
        return tk.render("satudata/changes/read.html", {"item": found, "errors": [
            tk._("Choose the signed approval document (PDF) to upload")]}), 400
    return _step(id, "satudata_change_request_upload_approval", {"upload": file},
                 tk._("Signed document uploaded: the request waits for the"
                      " walidata's approval."))


@satudata_changes.route("/perubahan-data/<id>/setujui", methods=["POST"])
def approve(id: str) -> Any:
    return _step(id, "satudata_change_request_approve",
                 {"confirm_errors": request.form.get("confirm_errors") == "1"},
                 tk._("Change approved: the published values are changed."))


@satudata_changes.route("/perubahan-data/<id>/tolak", methods=["POST"])
def reject(id: str) -> Any:
    return _step(id, "satudata_change_request_reject",
                 {"note": request.form.get("note", "")},
                 tk._("Change request rejected and sent back to the producer."))


@satudata_changes.route("/perubahan-data/<id>/hapus", methods=["POST"])
def delete(id: str) -> Any:
    return _step(id, "satudata_change_request_delete", {},
                 tk._("Change request deleted."), then="satudata_changes.index")


@satudata_changes.route("/perubahan-data/<id>/dokumen-permohonan.pdf")
def request_document(id: str) -> Response:
    found = _request(id)
    if not found["document"]:
        return tk.abort(404, tk._("Document not found"))
    response = documents.response(found["document"]["id"])
    response.headers.set("Content-Disposition", "attachment",
                         filename=present.document_filename(found))
    return response


@satudata_changes.route("/perubahan-data/<id>/dokumen-persetujuan.pdf")
def approval_document(id: str) -> Response:
    found = _request(id)  # checks who may see it
    row = store.get(found["id"])
    if row is None or not row.get("approval_file_id"):
        return tk.abort(404, tk._("Document not found"))
    return files.response(row["approval_file_id"], row["approval_name"])


# ---- Laporan Perubahan Data / the walidata's queue -----------------------------

@satudata_changes.route("/dashboard/perubahan-data")
def index() -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to("user.login", came_from=request.path)
    status = request.args.get("status") or None
    organization = request.args.get("organization") or None
    try:
        page = max(int(request.args.get("page", 1)), 1)
    except ValueError:
        page = 1
    data = {"limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}
    if status:
        data["status"] = status
    if organization:
        data["organization"] = organization
    try:
        found = _call("satudata_change_request_list", data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._(
            "Only the producers, the walidata and the pembina may list change"
            " requests"))
    except (tk.ValidationError, tk.ObjectNotFound) as error:
        return tk.abort(400, " ".join(_messages(error)) if isinstance(
            error, tk.ValidationError) else tk._("Organization not found"))
    return tk.render("satudata/changes/index.html", {
        "found": found, "status": status, "organization": organization,
        "page_number": page, "has_next": page * PAGE_SIZE < found["count"],
        "page_size": PAGE_SIZE,
        # the dashboard's base template names the user
        "user_dict": {"name": current_user.name,
                      "display_name": current_user.display_name},
    })


# ---- public revision history ------------------------------------------------------

def _revisions(id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        pkg = _call("package_show", {"id": id})
        found = _call("satudata_revision_list", {
            "id": pkg["id"], **({"period": request.args["periode"]}
                                if request.args.get("periode") else {}),
        })
    except tk.NotAuthorized:
        return tk.abort(404, tk._("Dataset not found"))
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("Dataset not found"))
    return pkg, found


@satudata_changes.route("/dataset/<id>/revisi")
def revisions(id: str) -> str:
    pkg, found = _revisions(id)
    return tk.render("satudata/changes/revisions.html", {
        "pkg": pkg, "pkg_dict": pkg, "found": found,
        "period": request.args.get("periode"),
    })


@satudata_changes.route("/dataset/<id>/revisi.json")
def revisions_json(id: str) -> Response:
    pkg, found = _revisions(id)
    body = json.dumps(found, ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers.set("Content-Disposition", "attachment",
                         filename=f"revisi-{pkg['name']}.json")
    return response


CSV_COLUMNS = ("periode", "label_periode", "tanggal_revisi", "revisi",
               "nomor_dokumen", "kode_baris", "baris", "kode_komponen",
               "komponen", "satuan", "nilai_lama", "nilai_baru", "alasan")


@satudata_changes.route("/dataset/<id>/revisi.csv")
def revisions_csv(id: str) -> Response:
    pkg, found = _revisions(id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in found["revisions"]:
        for cell in item["cells"]:
            writer.writerow(spreadsheet.csv_row((
                item["period"], item["period_label"], item["revised"],
                item["revision"], item["document_number"], cell["row"],
                cell["row_name"], cell["component"], cell["component_name"],
                cell["unit"], cell["old"], cell["new"], cell["reason"],
            )))
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment",
                         filename=f"revisi-{pkg['name']}.csv")
    return response

