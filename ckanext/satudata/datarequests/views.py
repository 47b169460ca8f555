"""Pages of the data requests (Permohonan Data): the public page (how it
works, the figures), the form, the requester's list, a request's page
("Cek Tahapan": its stages, files, letters and the forms of the steps the
reader may take), the downloads (each recorded), the data balikan upload
and the dashboard list. Every page calls the actions: the rules are
there."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, request
from flask import Blueprint

from ckanext.satudata import files
from ckanext.satudata.datarequests import downloads
from ckanext.satudata.messages import N_

__all__ = ["get_blueprints", "satudata_datarequests"]

satudata_datarequests = Blueprint("satudata_datarequests", __name__)
PAGE_SIZE = 50
READ = "satudata_datarequests.read"

#: The form's fields, as the errors name them.
FIELD_LABELS = {
    "requester_kind": N_("Requester"),
    "institution": N_("Institution"),
    "contact_name": N_("Contact name"),
    "contact_email": N_("Contact e-mail"),
    "contact_phone": N_("Contact phone"),
    "datasets": N_("Data asked for"),
    "description": N_("Description of the data"),
    "variables": N_("Variables or columns"),
    "period": N_("Period"),
    "regions": N_("Regions"),
    "format": N_("Format"),
    "purpose": N_("Purpose"),
    "comment": N_("Note"),
    "reason": N_("Reason"),
    "organization": N_("Data producer (OPD)"),
    "links": N_("Datasets"),
    "id": N_("Data request"),
}
#: Fields whose messages name the file themselves ("Surat Pernyataan ditolak: …").
FILE_FIELDS = ("pernyataan", "kak", "upload", "files")
#: The form's text fields.
TEXT_FIELDS = ("requester_kind", "institution", "contact_name", "contact_email",
               "contact_phone", "description", "variables", "period", "format",
               "purpose")
LIST_FIELDS = ("datasets", "regions")


def get_blueprints() -> list[Blueprint]:
    return [satudata_datarequests]


def _user() -> str:
    return "" if current_user.is_anonymous else current_user.name


def _context() -> dict[str, Any]:
    return {"user": _user()}


def _call(action: str, data: dict[str, Any]) -> Any:
    return tk.get_action(action)(_context(), data)


def _login() -> Any:
    return tk.redirect_to("user.login", came_from=request.full_path.rstrip("?"))


def _label(field: str) -> str:
    if field in FIELD_LABELS:
        return tk._(FIELD_LABELS[field])
    return field


def errors_of(error: tk.ValidationError) -> dict[str, list[str]]:
    """``{field: [message, …]}`` of a refusal, each message naming its
    field in the user's language ("Telepon narahubung: …")."""
    found: dict[str, list[str]] = {}
    for field, items in (error.error_dict or {}).items():
        texts: list[str] = []
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, dict):
                texts.extend(str(x) for by in item.values() for x in (
                    by if isinstance(by, list) else [by]))
            else:
                texts.append(str(item))
        base = field.split("_")[0] if field.startswith("files") else field
        if base in FILE_FIELDS:
            found[field] = texts
        else:
            found[field] = [f"{_label(field)}: {text}" for text in texts]
    return found


def _messages(errors: dict[str, list[str]]) -> list[str]:
    return [text for texts in errors.values() for text in texts]


# ---- the public page -----------------------------------------------------------

@satudata_datarequests.route("/permohonan-data")
def index() -> str:
    return tk.render("satudata/datarequests/index.html", {})


# ---- the form -------------------------------------------------------------------

def _form_values(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {field: (form.get(field) or "").strip()
                              for field in TEXT_FIELDS}
    for field in LIST_FIELDS:
        values[field] = [item for item in form.getlist(field) if item.strip()]
    return values


def _attachments(data: dict[str, Any]) -> None:
    for field in ("pernyataan", "kak"):
        upload = request.files.get(field)
        if upload is not None and upload.filename:
            data[field] = upload


def _blocked() -> str | None:
    """Why the current user may not file a request (their data balikan is
    overdue), or ``None``."""
    try:
        tk.check_access("satudata_data_request_create", _context(), {})
    except tk.NotAuthorized as error:
        return str(error) or tk._("Not authorized")
    return None


def _render_form(values: dict[str, Any], errors: dict[str, list[str]], *,
                 item: dict[str, Any] | None = None, status: int = 200) -> Any:
    return tk.render("satudata/datarequests/form.html", {
        "values": values, "errors": errors, "error_list": _messages(errors),
        "item": item, "blocked": None,
    }), status


@satudata_datarequests.route("/permohonan-data/baru", methods=["GET", "POST"])
def new() -> Any:
    if current_user.is_anonymous:
        return _login()
    blocked = _blocked()
    if blocked:
        return tk.render("satudata/datarequests/form.html", {
            "values": {}, "errors": {}, "error_list": [], "item": None,
            "blocked": blocked}), 403
    if request.method == "GET":
        wanted = (request.args.get("dataset") or "").strip()
        values: dict[str, Any] = {
            "requester_kind": "perorangan", "format": "csv",
            "contact_name": current_user.fullname or current_user.name,
            "contact_email": current_user.email or "",
            "datasets": [wanted] if wanted else [], "regions": [],
        }
        return _render_form(values, {})
    values = _form_values(request.form)
    data = {key: value for key, value in values.items() if value not in ("", [])}
    _attachments(data)
    try:
        created = _call("satudata_data_request_create", data)
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or tk._("Not authorized"))
    except tk.ValidationError as error:
        return _render_form(values, errors_of(error), status=400)
    tk.h.flash_success(tk._(
        "Data request {number} filed. The walidata check it within one working"
        " day; follow its stages on this page.").format(number=created["number"]))
    return tk.redirect_to(READ, number=created["number"])


# ---- the requester's list and the dashboard ---------------------------------------

def _page() -> int:
    try:
        return max(int(request.args.get("page", 1)), 1)
    except ValueError:
        return 1


@satudata_datarequests.route("/permohonan-data/saya")
def mine() -> Any:
    if current_user.is_anonymous:
        return _login()
    page = _page()
    found = _call("satudata_data_request_list", {
        "mine": True, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE})
    return tk.render("satudata/datarequests/mine.html", {
        "found": found, "page_number": page,
        "has_next": page * PAGE_SIZE < found["count"]})


@satudata_datarequests.route("/dashboard/permohonan-data")
def dashboard() -> Any:
    if current_user.is_anonymous:
        return _login()
    page = _page()
    filters = {"status": request.args.get("status") or None,
               "organization": request.args.get("organization") or None,
               "overdue": request.args.get("overdue") or None,
               "q": (request.args.get("q") or "").strip() or None}
    data: dict[str, Any] = {key: value for key, value in filters.items() if value}
    data.update(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    try:
        found = _call("satudata_data_request_list", data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized"))
    except tk.ObjectNotFound:
        return tk.abort(400, tk._("Organization not found"))
    except tk.ValidationError as error:
        return tk.abort(400, " ".join(_messages(errors_of(error))))
    return tk.render("satudata/datarequests/dashboard.html", {
        "found": found, "filters": filters, "page_number": page,
        "has_next": page * PAGE_SIZE < found["count"],
        "user_dict": {"name": current_user.name,
                      "display_name": current_user.display_name},
    })


# ---- one request ------------------------------------------------------------------

def _show(number: str) -> dict[str, Any]:
    if current_user.is_anonymous:
        return tk.abort(403, tk._("Log in to see a data request"))
    try:
        return _call("satudata_data_request_show", {"id": number})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not see this data request"))
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("Data request not found"))


def _render_read(item: dict[str, Any], errors: dict[str, list[str]] | None = None,
                 form: dict[str, Any] | None = None, status: int = 200) -> Any:
    return tk.render("satudata/datarequests/read.html", {
        "item": item, "errors": errors or {},
        "error_list": _messages(errors or {}), "form": form or {},
    }), status


@satudata_datarequests.route("/permohonan-data/<number>")
def read(number: str) -> Any:
    if current_user.is_anonymous:
        return _login()
    return _render_read(_show(number))


def _step(number: str, action: str, data: dict[str, Any], done: str,
          page: str = "read") -> Any:
    """Take a step; on success flash ``done`` and show the request, else
    show the page again with the errors naming their fields."""
    if current_user.is_anonymous:
        return _login()
    try:
        _call(action, {"id": number, **data})
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or tk._("Not authorized"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Data request not found"))
    except tk.ValidationError as error:
        item = _show(number)
        errors = errors_of(error)
        form = {key: value for key, value in request.form.items()
                if key != "_csrf_token"}
        if page == "balikan":
            return tk.render("satudata/datarequests/balikan.html", {
                "item": item, "errors": errors,
                "error_list": _messages(errors)}), 400
        return _render_read(item, errors, form, 400)
    tk.h.flash_success(done)
    return tk.redirect_to(READ, number=number)


def _text(field: str) -> str:
    return (request.form.get(field) or "").strip()


def _uploads(field: str = "files") -> list[Any]:
    return [item for item in request.files.getlist(field) if item and item.filename]


@satudata_datarequests.route("/permohonan-data/<number>/terima", methods=["POST"])
def accept(number: str) -> Any:
    return _step(number, "satudata_data_request_accept",
                 {"comment": _text("comment")},
                 tk._("Data request accepted: forward it to the data producer."))


@satudata_datarequests.route("/permohonan-data/<number>/kelengkapan", methods=["POST"])
def incomplete(number: str) -> Any:
    if not _text("comment"):
        return _refused(number, "comment", tk._("Say what is missing"))
    return _step(number, "satudata_data_request_accept",
                 {"comment": _text("comment"), "incomplete": True},
                 tk._("The requester is asked to complete the request."))


@satudata_datarequests.route("/permohonan-data/<number>/teruskan", methods=["POST"])
def forward(number: str) -> Any:
    if not _text("organization"):
        return _refused(number, "organization",
                        tk._("Choose the organization (OPD) that produces the data"))
    return _step(number, "satudata_data_request_forward",
                 {"organization": _text("organization"), "comment": _text("comment")},
                 tk._("Data request forwarded with the covering letter."))


@satudata_datarequests.route("/permohonan-data/<number>/tindak-lanjut",
                             methods=["POST"])
def respond(number: str) -> Any:
    if _text("decline"):
        if not _text("reason"):
            return _refused(number, "reason", tk._("Say why the data cannot be given"))
        data: dict[str, Any] = {"decline": True, "reason": _text("reason"),
                                "comment": _text("comment")}
    else:
        links = [{"dataset": name} for name in request.form.getlist("links") if name]
        uploads = _uploads()
        if not links and not uploads:
            return _refused(number, "files", tk._(
                "Attach the data or choose the datasets that hold it"))
        data = {"comment": _text("comment")}
        if uploads:
            data["files"] = uploads
        if links:
            data["links"] = json.dumps(links)
    return _step(number, "satudata_data_request_respond", data,
                 tk._("Answer sent to the walidata with the follow-up letter."))


@satudata_datarequests.route("/permohonan-data/<number>/sampaikan", methods=["POST"])
def deliver(number: str) -> Any:
    data: dict[str, Any] = {"comment": _text("comment")}
    uploads = _uploads()
    if uploads:
        data["files"] = uploads
    return _step(number, "satudata_data_request_deliver", data,
                 tk._("Data delivered to the requester with the delivery letter."))


@satudata_datarequests.route("/permohonan-data/<number>/tolak", methods=["POST"])
def reject(number: str) -> Any:
    if not _text("reason"):
        return _refused(number, "reason", tk._("Say why the request is rejected"))
    return _step(number, "satudata_data_request_reject", {"reason": _text("reason")},
                 tk._("Data request rejected with the rejection letter."))


@satudata_datarequests.route("/permohonan-data/<number>/terima-balikan",
                             methods=["POST"])
def balikan_accept(number: str) -> Any:
    accepted = _text("accept") != "0"
    if not accepted and not _text("comment"):
        return _refused(number, "comment",
                        tk._("Say what is wrong with the data balikan"))
    return _step(number, "satudata_data_request_balikan_accept",
                 {"accept": accepted, "comment": _text("comment")},
                 tk._("Data balikan accepted: the request is completed.") if accepted
                 else tk._("Data balikan sent back to the requester."))


@satudata_datarequests.route("/permohonan-data/<number>/batalkan", methods=["POST"])
def cancel(number: str) -> Any:
    return _step(number, "satudata_data_request_cancel", {"reason": _text("reason")},
                 tk._("Data request cancelled."))


def _refused(number: str, field: str, text: str) -> Any:
    """The request's page again with one refusal (a form sent incomplete);
    the action is not called."""
    if current_user.is_anonymous:
        return _login()
    item = _show(number)
    errors = {field: [text if field in FILE_FIELDS else f"{_label(field)}: {text}"]}
    form = {key: value for key, value in request.form.items() if key != "_csrf_token"}
    return _render_read(item, errors, form, 400)


@satudata_datarequests.route("/permohonan-data/<number>/perbarui",
                             methods=["GET", "POST"])
def update(number: str) -> Any:
    """The requester completes the request the walidata sent back."""
    if current_user.is_anonymous:
        return _login()
    item = _show(number)
    if "update" not in item["actions"]:
        return tk.abort(403, tk._(
            "Only the requester may change the request, while the walidata wait"
            " for it to be completed"))
    if request.method == "GET":
        values = {field: item.get(field) or "" for field in TEXT_FIELDS}
        values["datasets"] = [found["name"] for found in item["datasets"]]
        values["regions"] = [found["code"] for found in item["regions"]]
        return _render_form(values, {}, item=item)
    values = _form_values(request.form)
    data = {key: value for key, value in values.items() if key != "requester_kind"}
    data["comment"] = _text("comment")
    _attachments(data)
    try:
        _call("satudata_data_request_update", {"id": number, **data})
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or tk._("Not authorized"))
    except tk.ValidationError as error:
        values["requester_kind"] = item["requester_kind"]
        return _render_form(values, errors_of(error), item=item, status=400)
    tk.h.flash_success(tk._("Data request completed: the walidata check it again."))
    return tk.redirect_to(READ, number=number)


@satudata_datarequests.route("/permohonan-data/<number>/data-balikan",
                             methods=["GET", "POST"])
def balikan(number: str) -> Any:
    if current_user.is_anonymous:
        return _login()
    item = _show(number)
    if request.method == "GET":
        if "balikan_upload" not in item["actions"]:
            return tk.abort(403, tk._(
                "Only the requester uploads the data balikan, once the data is"
                " delivered"))
        return tk.render("satudata/datarequests/balikan.html", {
            "item": item, "errors": {}, "error_list": []})
    upload = request.files.get("upload")
    if upload is None or not upload.filename:
        errors = {"upload": [tk._("Choose the data balikan file to upload")]}
        return tk.render("satudata/datarequests/balikan.html", {
            "item": item, "errors": errors, "error_list": _messages(errors)}), 400
    return _step(number, "satudata_data_request_balikan_upload", {"upload": upload},
                 tk._("Data balikan uploaded: the walidata check it."), page="balikan")


# ---- downloads --------------------------------------------------------------------

def _download(number: str, file_id: str) -> Any:
    if current_user.is_anonymous:
        return _login()
    try:
        tk.check_access("satudata_data_request_file_download", _context(),
                        {"id": number, "file_id": file_id})
        found = downloads.target(number, file_id)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not download this file"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("File not found"))
    try:
        answer = files.response(found["file_id"], found["name"])
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("File not found"))
    downloads.record(found["request_id"], file_id, current_user.id)
    return answer


@satudata_datarequests.route("/permohonan-data/<number>/berkas/<file_id>")
def download(number: str, file_id: str) -> Any:
    return _download(number, file_id)


@satudata_datarequests.route("/permohonan-data/<number>/surat/<document_id>")
def letter(number: str, document_id: str) -> Any:
    return _download(number, document_id)
