"""Pages of the access requests (Layanan Akses Data, after the DTSEN user
guide): the public page (how it works, Dokumen Persyaratan, FAQ,
Kebijakan Akses), the form, the institution's list, Unduh Data, a
request's page (its stages, items, files and the forms of the steps the
reader may take), a file's download, "Cek Token" and the extract's
download, the officers' list and the audit of the downloads (with its CSV
export). Every page calls the actions: the rules are there."""

from __future__ import annotations

import codecs
import csv
import io
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, request
from flask import Blueprint, Response

from ckanext.satudata import files, spreadsheet
from ckanext.satudata.accessrequests import store
from ckanext.satudata.documents import api as documents
from ckanext.satudata.institutions import api as institutions
from ckanext.satudata.messages import N_

__all__ = ["get_blueprints", "satudata_accessrequests"]

satudata_accessrequests = Blueprint("satudata_accessrequests", __name__)
PAGE_SIZE = 50
READ = "satudata_accessrequests.read"
#: Most item rows the form takes.
MAX_ITEMS = 20

#: The form's fields, as the errors name them.
FIELD_LABELS = {
    "letter_number": N_("Request letter number"),
    "purpose": N_("Purpose"),
    "items": N_("Data asked for"),
    "agree": N_("Access policy"),
    "dataset_id": N_("Dataset"),
    "variables": N_("Variables"),
    "notes": N_("Additional information"),
    "format": N_("Data file format"),
    "comment": N_("Comment"),
    "note": N_("Note"),
    "reason": N_("Reason for rejection"),
    "bast_number": N_("BAST number"),
    "upload": N_("Signed BAST"),
    "remove": N_("Columns to remove"),
    "token": N_("Token"),
    "stage": N_("Stage"),
    "identity_approved": N_("Identities"),
    "id": N_("Access request"),
    "item_id": N_("Data asked for"),
}
#: Attachments (their messages name the file themselves).
ATTACHMENTS = ("kak", "sk", "peraturan", "lainnya")
ITEM_FIELDS = ("dataset_id", "notes", "format")

#: The steps of a request's page: URL part → (action, flash on success).
STEPS: dict[str, tuple[str, str]] = {
    "advance": ("satudata_access_request_advance", N_("Stage completed.")),
    "return": ("satudata_access_request_return",
               N_("The request is returned to the institution with your note.")),
    "resubmit": ("satudata_access_request_resubmit",
                 N_("The corrected request is sent again.")),
    "extract": ("satudata_access_request_extract",
                N_("The extracts are being built; reload the page to see them.")),
    "bast_document": ("satudata_access_request_bast_document",
                      N_("The BAST is ready: download it, sign and stamp it, and"
                         " upload it.")),
    "bast_upload": ("satudata_access_request_bast_upload",
                    N_("Signed BAST uploaded: the walidata check it.")),
    "bast_approve": ("satudata_access_request_bast_approve",
                     N_("BAST approved: the download token is sent by e-mail.")),
    "bast_return": ("satudata_access_request_bast_return",
                    N_("The BAST is returned to the institution with your note.")),
    "token_issue": ("satudata_access_request_token_issue",
                    N_("A new download token is sent to your e-mail.")),
    "reject": ("satudata_access_request_reject",
               N_("The request is rejected; the institution is told why.")),
}


def get_blueprints() -> list[Blueprint]:
    return [satudata_accessrequests]


# ---- common ------------------------------------------------------------------

def _user() -> str:
    return "" if current_user.is_anonymous else current_user.name


def _context() -> dict[str, Any]:
    return {"user": _user()}


def _call(action: str, data: dict[str, Any]) -> Any:
    return tk.get_action(action)(_context(), data)


def _login() -> Any:
    return tk.redirect_to("user.login", came_from=request.full_path.rstrip("?"))


def _label(field: str) -> str:
    return tk._(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def _texts(items: Any) -> list[str]:
    """The messages of one field (a string, a list, nested dicts)."""
    found: list[str] = []
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, dict):
            for value in item.values():
                found.extend(_texts(value))
        elif item not in (None, ""):
            found.append(str(item))
    return found


def _named(field: str, texts: list[str]) -> list[str]:
    if field in ATTACHMENTS:
        return texts
    return [f"{_label(field)}: {text}" for text in texts]


def errors_of(error: tk.ValidationError) -> tuple[dict[str, list[str]],
                                                  list[dict[str, list[str]]]]:
    """``({field: [message]}, [{field: [message]} per item row])``, each
    message naming its field in the user's language. ``items`` errors that
    are plain texts (no row) stay under ``items``."""
    found: dict[str, list[str]] = {}
    rows: list[dict[str, list[str]]] = []
    for field, items in (error.error_dict or {}).items():
        if field == "items" and isinstance(items, list) and any(
                isinstance(item, dict) for item in items):
            for item in items:
                row: dict[str, list[str]] = {}
                if isinstance(item, dict):
                    for name, texts in item.items():
                        row[name] = _named(name, _texts(texts))
                rows.append(row)
            plain = [item for item in items if not isinstance(item, dict)]
            if plain:
                found["items"] = _named("items", _texts(plain))
            continue
        found[field] = _named(field, _texts(items))
    return found, rows


def _messages(errors: dict[str, list[str]],
              rows: list[dict[str, list[str]]] | None = None) -> list[str]:
    found = [text for texts in errors.values() for text in texts]
    for index, row in enumerate(rows or []):
        for texts in row.values():
            found.extend(tk._("Data {number}: {text}").format(number=index + 1,
                                                               text=text)
                         for text in texts)
    return found


def _page() -> int:
    try:
        return max(int(request.args.get("page", 1)), 1)
    except ValueError:
        return 1


def _found(answer: Any) -> dict[str, Any]:
    """A list action's answer as ``{count, results}``."""
    if isinstance(answer, dict):
        results = answer.get("results")
        if results is None:
            results = answer.get("items") or []
        return {"count": answer.get("count", len(results)), "results": results}
    results = list(answer or [])
    return {"count": len(results), "results": results}


def _paged(found: dict[str, Any], page: int) -> dict[str, Any]:
    start = (page - 1) * PAGE_SIZE
    return {"count": found["count"],
            "results": found["results"][start:start + PAGE_SIZE]}


def _text(field: str) -> str:
    return (request.form.get(field) or "").strip()


# ---- the public page ----------------------------------------------------------

@satudata_accessrequests.route("/akses-data")
def index() -> str:
    return tk.render("satudata/accessrequests/index.html", {})


# ---- the form -------------------------------------------------------------------

def _item_rows(source: Any) -> list[dict[str, Any]]:
    """The item rows of a form (``items-N-…``), in order of N; rows
    without a dataset are dropped."""
    indexes = set()
    for key in source.keys():
        parts = key.split("-", 2)
        if len(parts) == 3 and parts[0] == "items" and parts[1].isdigit():
            indexes.add(int(parts[1]))
    rows = []
    for index in sorted(indexes)[:MAX_ITEMS]:
        row: dict[str, Any] = {
            field: (source.get(f"items-{index}-{field}") or "").strip()
            for field in ITEM_FIELDS}
        row["variables"] = [name for name in source.getlist(f"items-{index}-variables")
                            if name.strip()]
        if row["dataset_id"]:
            rows.append(row)
    return rows


def _empty_row(dataset: str = "") -> dict[str, Any]:
    return {"dataset_id": dataset, "variables": [], "notes": "", "format": "csv"}


def _form_values(form: Any) -> dict[str, Any]:
    return {
        "letter_number": (form.get("letter_number") or "").strip(),
        "purpose": (form.get("purpose") or "").strip(),
        "agree": bool(form.get("agree")),
        "items": _item_rows(form),
    }


def _dataset_id(ref: str) -> str:
    """The id of a requestable dataset named ``ref`` (name or id)."""
    for dataset in tk.h.satudata_access_datasets():
        if ref in (dataset.get("id"), dataset.get("name")):
            return dataset["id"]
    return ""


def _standing() -> dict[str, Any]:
    return tk.h.satudata_access_institution()


def _render_form(values: dict[str, Any], errors: dict[str, list[str]] | None = None,
                 item_errors: list[dict[str, list[str]]] | None = None, *,
                 standing: dict[str, Any], status: int = 200) -> Any:
    errors = errors or {}
    item_errors = item_errors or []
    if not values.get("items"):
        values["items"] = [_empty_row()]
    return tk.render("satudata/accessrequests/form.html", {
        "values": values, "errors": errors, "item_errors": item_errors,
        "error_list": _messages(errors, item_errors), "standing": standing,
    }), status


@satudata_accessrequests.route("/akses-data/baru", methods=["GET", "POST"])
def new() -> Any:
    if current_user.is_anonymous:
        return _login()
    standing = _standing()
    if standing["institution"] is None or standing["missing"]:
        return _render_form({}, standing=standing, status=403)
    if request.method == "GET":
        values = _form_values(request.args)
        wanted = (request.args.get("dataset") or "").strip()
        if wanted and not values["items"]:
            values["items"] = [_empty_row(_dataset_id(wanted))]
        return _render_form(values, standing=standing)
    values = _form_values(request.form)
    # no script: the buttons that change the rows send the form back here
    if request.form.get("add_item") is not None:
        values["items"].append(_empty_row())
        return _render_form(values, standing=standing)
    if request.form.get("remove_item") is not None:
        index = request.form.get("remove_item", type=int)
        if index is not None and 0 <= index < len(values["items"]):
            del values["items"][index]
        return _render_form(values, standing=standing)
    if request.form.get("reload") is not None:
        return _render_form(values, standing=standing)
    data: dict[str, Any] = {
        "letter_number": values["letter_number"], "purpose": values["purpose"],
        "agree": values["agree"],
        "items": [{"dataset_id": row["dataset_id"], "variables": row["variables"],
                   "notes": row["notes"], "format": row["format"]}
                  for row in values["items"]],
    }
    for field in ATTACHMENTS:
        upload = request.files.get(field)
        if upload is not None and upload.filename:
            data[field] = upload
    try:
        created = _call("satudata_access_request_create", data)
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or tk._("Not authorized"))
    except tk.ValidationError as error:
        errors, rows = errors_of(error)
        return _render_form(values, errors, rows, standing=standing, status=400)
    tk.h.flash_success(tk._(
        "Access request {number} filed. Follow its stages on this page.").format(
            number=created["number"]))
    return tk.redirect_to(READ, number=created["number"])


# ---- the institution's lists --------------------------------------------------

def _list(data: dict[str, Any]) -> dict[str, Any]:
    try:
        return _found(_call("satudata_access_request_list", data))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized"))
    except tk.ValidationError as error:
        return tk.abort(400, " ".join(_messages(errors_of(error)[0])))


@satudata_accessrequests.route("/akses-data/saya")
def mine() -> Any:
    if current_user.is_anonymous:
        return _login()
    page = _page()
    institution = institutions.institution_of(current_user.name)
    found = {"count": 0, "results": []}
    if institution is not None:
        found = _list({"mine": True})
    return tk.render("satudata/accessrequests/mine.html", {
        "found": _paged(found, page), "institution": institution,
        "page_number": page, "has_next": page * PAGE_SIZE < found["count"]})


@satudata_accessrequests.route("/akses-data/unduh")
def downloads() -> Any:
    if current_user.is_anonymous:
        return _login()
    institution = institutions.institution_of(current_user.name)
    found = {"count": 0, "results": []}
    if institution is not None:
        found = _list({"mine": True})
    # delivered, or at the BAST: what the DTSEN "Unduh Data" lists
    results = [item for item in found["results"]
               if item.get("status") == "selesai" or item.get("stage") in (
                   "unduh_data", "verifikasi_bast", "selesai")]
    return tk.render("satudata/accessrequests/downloads.html", {
        "results": results, "institution": institution})


# ---- the officers' list and the audit -----------------------------------------

@satudata_accessrequests.route("/dashboard/akses-data")
def dashboard() -> Any:
    if current_user.is_anonymous:
        return _login()
    page = _page()
    filters = {"status": request.args.get("status") or None,
               "stage": request.args.get("stage") or None,
               "q": (request.args.get("q") or "").strip() or None}
    found = _list({key: value for key, value in filters.items() if value})
    return tk.render("satudata/accessrequests/dashboard.html", {
        "found": _paged(found, page), "filters": filters, "page_number": page,
        "has_next": page * PAGE_SIZE < found["count"],
        "user_dict": {"name": current_user.name,
                      "display_name": current_user.display_name},
    })


AUDIT_COLUMNS = (
    N_("Time"), N_("User"), N_("Institution"), N_("Request number"),
    N_("Dataset"), N_("Access level"), N_("BAST number"), N_("IP address"),
    N_("File SHA-256"),
)


def _audit_row(entry: dict[str, Any]) -> list[Any]:
    user = entry.get("user") or {}
    institution = entry.get("institution") or ""
    if isinstance(institution, dict):
        institution = institution.get("name") or ""
    return [
        tk.h.satudata_access_when(entry.get("downloaded") or entry.get("created"),
                                  with_hours=True),
        user.get("fullname") or user.get("name") or entry.get("user_name") or "",
        institution,
        entry.get("request_number") or entry.get("number") or "",
        entry.get("dataset_title") or entry.get("dataset_name") or "",
        entry.get("level") or "",
        entry.get("bast_number") or "",
        entry.get("ip") or "",
        entry.get("sha256") or "",
    ]


@satudata_accessrequests.route("/dashboard/akses-data/audit")
def audit() -> Any:
    if current_user.is_anonymous:
        return _login()
    filters = {name: (request.args.get(name) or "").strip() or None
               for name in ("since", "until", "institution_id", "q")}
    as_csv = request.args.get("format") == "csv"
    page = _page()
    data: dict[str, Any] = {key: value for key, value in filters.items() if value}
    data["limit"] = 100000
    try:
        found = _found(_call("satudata_download_log_list", data))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the walidata and the pembina may see the"
                                  " download log"))
    except tk.ValidationError as error:
        errors = errors_of(error)[0]
        return tk.render("satudata/accessrequests/audit.html", {
            "found": {"count": 0, "results": []}, "filters": filters,
            "error_list": _messages(errors), "page_number": 1, "has_next": False,
            "rows": [],
            "user_dict": {"name": current_user.name,
                          "display_name": current_user.display_name}}), 400
    if not as_csv:
        found = _paged(found, page)
    rows = [_audit_row(entry) for entry in found["results"]]
    if as_csv:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([tk._(column) for column in AUDIT_COLUMNS])
        for row in rows:
            writer.writerow(spreadsheet.csv_row(row))
        body = codecs.BOM_UTF8 + out.getvalue().encode("utf-8")
        return Response(body, mimetype="text/csv", headers={
            "Content-Disposition": "attachment; filename=audit-akses-data.csv",
            "X-Content-Type-Options": "nosniff"})
    return tk.render("satudata/accessrequests/audit.html", {
        "found": found, "rows": rows, "filters": filters, "error_list": [],
        "page_number": page, "has_next": page * PAGE_SIZE < found["count"],
        "user_dict": {"name": current_user.name,
                      "display_name": current_user.display_name},
    })


# ---- one request ------------------------------------------------------------------

def _show(number: str) -> dict[str, Any]:
    try:
        return _call("satudata_access_request_show", {"id": number})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not see this access request"))
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("Access request not found"))


def _render_read(item: dict[str, Any], errors: dict[str, list[str]] | None = None,
                 form: dict[str, Any] | None = None, status: int = 200) -> Any:
    return tk.render("satudata/accessrequests/read.html", {
        "item": item, "errors": errors or {},
        "error_list": _messages(errors or {}), "form": form or {},
    }), status


@satudata_accessrequests.route("/akses-data/<number>")
def read(number: str) -> Any:
    if current_user.is_anonymous:
        return _login()
    return _render_read(_show(number))


def _step_data(step: str, item: dict[str, Any]) -> dict[str, Any]:
    """What the form of ``step`` sends to its action."""
    if step == "advance":
        data: dict[str, Any] = {"stage": item["stage"], "comment": _text("comment")}
        if request.form.get("identity_approved"):
            data["identity_approved"] = True
        return data
    if step == "return":
        return {"stage": item["stage"], "note": _text("note")}
    if step == "resubmit":
        data = {"comment": _text("comment")}
        for field in ATTACHMENTS:
            upload = request.files.get(field)
            if upload is not None and upload.filename:
                data[field] = upload
        return data
    if step == "extract":
        remove = {}
        for entry in item.get("items") or []:
            chosen = [name for name in request.form.getlist(f"remove-{entry['id']}")
                      if name]
            remove[entry["id"]] = chosen
        return {"remove": remove}
    if step == "bast_document":
        return {"bast_number": _text("bast_number")}
    if step == "bast_upload":
        upload = request.files.get("upload")
        return {"upload": upload} if upload is not None and upload.filename else {}
    if step in ("bast_approve",):
        return {"comment": _text("comment")}
    if step == "bast_return":
        return {"note": _text("note")}
    if step == "reject":
        return {"reason": _text("reason")}
    return {}


#: Steps refused in the page before the action when a field is empty.
REQUIRED = {"return": ("note", N_("Say what the institution must correct")),
            "bast_return": ("note", N_("Say what is wrong with the BAST")),
            "bast_upload": ("upload", N_("Choose the signed BAST (PDF)")),
            "reject": ("reason", N_("Say why the request is rejected"))}


@satudata_accessrequests.route("/akses-data/<number>/<step>", methods=["POST"])
def step(number: str, step: str) -> Any:
    if step not in STEPS:
        return tk.abort(404, tk._("Page not found"))
    if current_user.is_anonymous:
        return _login()
    item = _show(number)
    action, done = STEPS[step]
    data = _step_data(step, item)
    form = {key: value for key, value in request.form.items() if key != "_csrf_token"}
    form["step"] = step
    if step in REQUIRED:
        field, text = REQUIRED[step]
        if not data.get(field):
            return _render_read(item, {field: _named(field, [tk._(text)])}, form, 400)
    try:
        _call(action, {"id": item["id"], **data})
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or tk._("Not authorized"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Access request not found"))
    except tk.ValidationError as error:
        return _render_read(_show(number), errors_of(error)[0], form, 400)
    tk.h.flash_success(tk._(done))
    return tk.redirect_to(READ, number=number)


@satudata_accessrequests.route("/akses-data/<number>/bast")
def bast(number: str) -> Any:
    """The BAST the portal generated (before signing), for those who may
    see the request."""
    if current_user.is_anonymous:
        return _login()
    document = _show(number).get("bast_document")
    if not document:
        return tk.abort(404, tk._("File not found"))
    try:
        return documents.response(document["id"])
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("File not found"))


@satudata_accessrequests.route("/akses-data/<number>/berkas/<file_id>")
def download_file(number: str, file_id: str) -> Any:
    """A file of the request the reader may see (attachments, the signed
    BAST, the generated BAST); extracts only with a token."""
    if current_user.is_anonymous:
        return _login()
    item = _show(number)
    listed = next((row for row in item.get("files") or []
                   if row.get("id") == file_id and row.get("kind") != "extract"),
                  None)
    row = store.file(file_id) if listed is not None else None
    if row is None or row["request_id"] != item["id"]:
        return tk.abort(404, tk._("File not found"))
    try:
        return files.response(row["file_id"], row["name"])
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("File not found"))


@satudata_accessrequests.route("/akses-data/<number>/unduh/<item_id>",
                               methods=["GET", "POST"])
def token(number: str, item_id: str) -> Any:
    if current_user.is_anonymous:
        return _login()
    item = _show(number)
    entry = next((row for row in item.get("items") or [] if row["id"] == item_id),
                 None)
    if entry is None:
        return tk.abort(404, tk._("Data not found in this request"))
    extra = {"item": item, "entry": entry, "errors": {}, "error_list": []}
    if request.method == "GET":
        return tk.render("satudata/accessrequests/token.html", extra)
    value = _text("token")
    errors: dict[str, list[str]] = {}
    if not value:
        errors = {"token": _named("token", [tk._("Enter the token sent to your"
                                                 " e-mail")])}
    else:
        try:
            found = _call("satudata_access_request_download", {
                "id": item["id"], "item_id": item_id, "token": value})
        except tk.NotAuthorized as error:
            errors = {"token": [str(error) or tk._("Not authorized")]}
        except tk.ObjectNotFound:
            return tk.abort(404, tk._("Data not found in this request"))
        except tk.ValidationError as error:
            errors = errors_of(error)[0]
        else:
            try:
                return files.response(found["file_id"], found.get("name"))
            except tk.ObjectNotFound:
                return tk.abort(404, tk._("File not found"))
    extra.update(errors=errors, error_list=_messages(errors))
    return tk.render("satudata/accessrequests/token.html", extra), 400
