"""Pages of the institution accounts: the public registration
(``/instansi/daftar``) and its correction (``/instansi/perbaikan/<id>``),
the walidata's list and detail with the approve and reject forms
(``/dashboard/instansi``), the profile (``/instansi/profil``) and the
downloads of an institution's files. Every page calls the actions: the
rules are there."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, request
from flask import Blueprint

from ckanext.satudata import files
from ckanext.satudata.institutions import api, registration, store
from ckanext.satudata.institutions.logic import schema
from ckanext.satudata.messages import N_

__all__ = ["get_blueprints", "satudata_institutions"]

satudata_institutions = Blueprint("satudata_institutions", __name__)

FIELD_LABELS = {
    "category": N_("Institution category"),
    "name": N_("Institution name"),
    "email": N_("Contact e-mail"),
    "contact_name": N_("Contact name"),
    "phone": N_("Contact phone"),
    "homepage": N_("Leave empty"),
    "users": N_("Users"),
    "registration": N_("Registration"),
    "notes": N_("Notes"),
    "address": N_("Address"),
    "status": N_("Status"),
    "id": N_("Institution"),
    "token": N_("Correction link"),
}
#: Fields whose messages name themselves (files, a user's row).
SELF_NAMED = ("letter", "logo", "sdi", "users__")
TEXT_FIELDS = ("category", "name", "email", "contact_name", "phone", "homepage")


def get_blueprints() -> list[Blueprint]:
    return [satudata_institutions]


def _context() -> dict[str, Any]:
    return {"user": "" if current_user.is_anonymous else current_user.name}


def _call(action: str, data: dict[str, Any]) -> Any:
    return tk.get_action(action)(_context(), data)


def errors_of(error: tk.ValidationError) -> dict[str, list[str]]:
    """``{field: [message]}``, each message naming its field."""
    found: dict[str, list[str]] = {}
    for field, items in (error.error_dict or {}).items():
        texts = [str(item) for item in (items if isinstance(items, list) else [items])]
        if field.startswith(SELF_NAMED):
            found[field] = texts
        else:
            label = tk._(FIELD_LABELS[field]) if field in FIELD_LABELS else field
            found[field] = [f"{label}: {text}" for text in texts]
    return found


def _form_values(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {field: (form.get(field) or "") for field in TEXT_FIELDS}
    people = []
    for index in range(schema.MAX_PEOPLE):
        person = {field: (form.get(f"users__{index}__{field}") or "").strip()
                  for field in schema.PERSON_FIELDS}
        if any(person.values()):
            people.append(person)
    values["users"] = people
    return values


def _render_form(values: dict[str, Any], errors: dict[str, list[str]], *,
                 item: dict[str, Any] | None = None, token: str = "",
                 status: int = 200) -> Any:
    return tk.render("satudata/institutions/register.html", {
        "values": values, "errors": errors,
        "error_list": [text for texts in errors.values() for text in texts],
        "item": item, "token": token,
    }), status


def _submit(values: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    data = {**values, **extra}
    upload = request.files.get("letter")
    if upload is not None and upload.filename:
        data["letter"] = upload
    return _call("satudata_institution_register", data)


@satudata_institutions.route("/instansi/daftar", methods=["GET", "POST"])
def register() -> Any:
    if request.method == "GET":
        return _render_form({"users": []}, {})
    values = _form_values(request.form)
    try:
        item = _submit(values, {})
    except tk.ValidationError as error:
        return _render_form(values, errors_of(error), status=400)
    return tk.render("satudata/institutions/registered.html", {"item": item})


@satudata_institutions.route("/instansi/perbaikan/<id>", methods=["GET", "POST"])
def correct(id: str) -> Any:
    token = (request.values.get("token") or "").strip()
    try:
        item = _call("satudata_institution_show", {"id": id, "token": token})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.render("satudata/institutions/link_invalid.html", {}), 403
    if request.method == "GET":
        values = {field: item.get(field, "") for field in TEXT_FIELDS}
        values["users"] = item["users"]
        return _render_form(values, {}, item=item, token=token)
    values = _form_values(request.form)
    try:
        done = _submit(values, {"registration_id": id, "token": token})
    except tk.NotAuthorized:
        return tk.render("satudata/institutions/link_invalid.html", {}), 403
    except tk.ValidationError as error:
        return _render_form(values, errors_of(error), item=item, token=token,
                            status=400)
    return tk.render("satudata/institutions/registered.html", {"item": done})


# ---- the walidata's pages -------------------------------------------------------

@satudata_institutions.route("/dashboard/instansi")
def index() -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to("user.login", came_from=request.path)
    status = request.args.get("status") or ""
    try:
        found = _call("satudata_institution_list",
                      {"status": status} if status in schema.STATUSES else {})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only walidata and pembina may list the "
                                  "institutions"))
    return tk.render("satudata/institutions/index.html", {
        "found": found, "status": status, "statuses": schema.STATUSES})


@satudata_institutions.route("/dashboard/instansi/<id>")
def read(id: str) -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to("user.login", came_from=request.path)
    try:
        item = _call("satudata_institution_show", {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Institution not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not see this institution"))
    return _read_page(item, {})


def _read_page(item: dict[str, Any], errors: dict[str, list[str]],
               status: int = 200) -> Any:
    try:
        tk.check_access("satudata_institution_approve", _context(), {"id": item["id"]})
        may_decide = registration.decidable(item)
    except tk.NotAuthorized:
        may_decide = False
    return tk.render("satudata/institutions/read.html", {
        "item": item, "may_decide": may_decide, "errors": errors,
        "error_list": [text for texts in errors.values() for text in texts],
    }), status


@satudata_institutions.route("/dashboard/instansi/<id>/<decision>", methods=["POST"])
def decide(id: str, decision: str) -> Any:
    if decision not in ("setujui", "tolak"):
        return tk.abort(404)
    action = ("satudata_institution_approve" if decision == "setujui"
              else "satudata_institution_reject")
    try:
        _call(action, {"id": id, "notes": request.form.get("notes") or ""})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Institution not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only walidata may decide on an institution's "
                                  "registration"))
    except tk.ValidationError as error:
        item = _call("satudata_institution_show", {"id": id})
        return _read_page(item, errors_of(error), status=400)
    tk.h.flash_success(tk._("Registration approved: the users were sent a link to "
                            "set their password") if decision == "setujui" else
                       tk._("Registration rejected: the contact was sent the notes "
                            "and a correction link"))
    return tk.redirect_to("satudata_institutions.read", id=id)


# ---- the profile ------------------------------------------------------------------

@satudata_institutions.route("/instansi/profil", methods=["GET", "POST"])
def profile() -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to("user.login", came_from=request.path)
    mine = api.institution_of(current_user.name)
    if mine is None:
        return tk.abort(404, tk._("Your account belongs to no institution"))
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        data: dict[str, Any] = {"id": mine["id"]}
        for field in ("address", "contact_name", "phone"):
            if field in request.form:
                data[field] = request.form[field]
        for field in ("logo", "sdi"):
            upload = request.files.get(field)
            if upload is not None and upload.filename:
                data[field] = upload
        try:
            _call("satudata_institution_update", data)
        except tk.ValidationError as error:
            errors, status = errors_of(error), 400
        else:
            tk.h.flash_success(tk._("The institution's profile was saved"))
            return tk.redirect_to("satudata_institutions.profile")
    item = _call("satudata_institution_show", {"id": mine["id"]})
    return tk.render("satudata/institutions/profile.html", {
        "item": item, "errors": errors,
        "error_list": [text for texts in errors.values() for text in texts],
    }), status


@satudata_institutions.route("/instansi/<id>/berkas/<kind>")
def download(id: str, kind: str) -> Any:
    columns = {"letter": "letter_file_id", "logo": "logo_file_id",
               "sdi": "sdi_file_id"}
    if kind not in columns:
        return tk.abort(404)
    try:
        tk.check_access("satudata_institution_show", _context(),
                        {"id": id, "token": request.args.get("token") or ""})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Institution not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not see this institution"))
    row = store.get(id)
    if row is None or not row.get(columns[kind]):
        return tk.abort(404)
    return files.response(row[columns[kind]])
