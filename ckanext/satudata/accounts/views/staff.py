"""Pages of the accounts plugin: staff accounts created on an assignment
letter (``/akun/staf``: the list, the form, the letters) and accounts
deactivated."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.common import current_user, request
from ckan.lib.helpers import helper_functions as h
from flask import Blueprint

from ckanext.satudata import files
from ckanext.satudata.accounts import staff

__all__ = ["satudata_staff"]

satudata_staff = Blueprint("satudata_staff", __name__)

FIELDS = ("name", "fullname", "email", "organization", "role",
          "letter_number", "letter_date")


def _context() -> dict[str, Any]:
    return {"user": current_user.name if current_user.is_authenticated else ""}


def _allowed(auth: str, data_dict: dict[str, Any] | None = None) -> None:
    try:
        tk.check_access(auth, _context(), data_dict or {})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only the walidata may manage staff accounts."))


def _form(data: dict[str, Any], errors: dict[str, Any], status: int = 200) -> Any:
    return tk.render("satudata/accounts/staff/new.html", {
        "data": data, "errors": errors,
        "organizations": staff.organizations(),
        "roles": staff.role_options(),
    }), status


@satudata_staff.route("/akun/staf")
def index() -> Any:
    """The assignment letters, newest first, each account with its
    "deactivate" button (walidata)."""
    _allowed("satudata_staff_assignment_list")
    rows = tk.get_action("satudata_staff_assignment_list")(_context(), {})
    for row in rows:
        row["role_label"] = staff.role_label(row["role"])
        row["can_deactivate"] = row["user_state"] == "active" and staff.can_deactivate(
            current_user.name, model.User.get(row["user_id"]))
    return tk.render("satudata/accounts/staff/index.html", {"assignments": rows})


@satudata_staff.route("/akun/staf/baru", methods=["GET", "POST"])
def new() -> Any:
    """Create a staff account on an assignment letter (walidata)."""
    _allowed("satudata_staff_create")
    if request.method == "GET":
        return _form({}, {})
    data = {field: request.form.get(field, "") for field in FIELDS}
    letter = request.files.get("letter")
    try:
        created = tk.get_action("satudata_staff_create")(
            _context(), {**data, "letter": letter})
    except tk.ValidationError as error:
        return _form(data, error.error_dict, 400)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the walidata may manage staff accounts."))
    created["role_label"] = staff.role_label(created["role"])
    user = model.User.get(created["user_id"])
    return tk.render("satudata/accounts/staff/created.html", {
        "assignment": created, "email": user.email if user else "",
        "organization": model.Group.get(created["organization_id"]),
    })


@satudata_staff.route("/akun/staf/surat/<assignment_id>")
def letter(assignment_id: str) -> Any:
    """Download an assignment letter (walidata)."""
    _allowed("satudata_staff_letter_download", {"id": assignment_id})
    found = staff.assignment(assignment_id)
    if found is None or not found.get("file_id"):
        return tk.abort(404, tk._("Assignment letter not found"))
    try:
        return files.response(found["file_id"])
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Assignment letter not found"))


@satudata_staff.route("/akun/staf/nonaktifkan/<id>", methods=["POST"])
def deactivate(id: str) -> Any:
    """Deactivate an account (walidata)."""
    try:
        tk.get_action("satudata_account_deactivate")(_context(), {"id": id})
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or tk._("Not authorized"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("User not found"))
    h.flash_success(tk._("The account {name} was deactivated: its sessions and "
                         "API tokens have ended.").format(name=id))
    return h.redirect_to("satudata_staff.index")
