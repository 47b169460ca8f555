"""The walidata's boundary page, ``/ckan-admin/batas-wilayah``: the
uploaded boundaries (kecamatan, desa/kelurahan) with a preview, their
regions and a delete button, and the form to upload (or replace) one.
Every step calls the actions: the rules are there."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, request
from flask import Blueprint

from ckanext.satudata import files
from ckanext.satudata.maps import boundary
from ckanext.satudata.messages import N_, message

__all__ = ["satudata_maps"]

satudata_maps = Blueprint("satudata_maps", __name__)


def _context() -> dict[str, Any]:
    return {"user": "" if current_user.is_anonymous else current_user.name}


def _may_edit() -> None:
    try:
        tk.check_access("satudata_maps_boundary_upload", _context(), {})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only walidata may change the region boundaries"))


def _boundaries() -> list[dict[str, Any]]:
    found = []
    for level in boundary.LEVELS:
        try:
            found.append(tk.get_action("satudata_maps_boundary_show")(
                _context(), {"level": level, "shapes": True}))
        except tk.ObjectNotFound:
            continue
    return found


def _page(form: dict[str, str], errors: list[str]) -> str:
    return tk.render("satudata/maps/boundaries.html", {
        "boundaries": _boundaries(), "form": form, "errors": errors,
    })


@satudata_maps.route("/ckan-admin/batas-wilayah", methods=["GET", "POST"])
def boundaries() -> Any:
    _may_edit()
    if request.method == "GET":
        return _page({}, [])
    form = {"name": request.form.get("name", "").strip()}
    try:
        saved = tk.get_action("satudata_maps_boundary_upload")(
            _context(), {"upload": request.files.get("upload"), **form})
    except tk.ValidationError as error:
        texts = [str(text) for items in error.error_dict.values()
                 for text in (items if isinstance(items, list) else [items])]
        return _page(form, texts)
    tk.h.flash_success(message(
        N_("Boundary uploaded: {name} ({count} regions)"),
        {"name": saved["name"], "count": saved["feature_count"]}))
    if saved["repaired"]:
        tk.h.flash_notice(message(
            N_("The geometry of these features was not valid and was repaired:"
               " {features}"),
            {"features": ", ".join(str(number) for number in saved["repaired"])}))
    return tk.redirect_to("satudata_maps.boundaries")


@satudata_maps.route("/ckan-admin/batas-wilayah/<level>/hapus", methods=["POST"])
def delete(level: str) -> Any:
    _may_edit()
    try:
        tk.get_action("satudata_maps_boundary_delete")(_context(), {"level": level})
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("No region boundary has been uploaded"))
    tk.h.flash_success(tk._("Boundary deleted"))
    return tk.redirect_to("satudata_maps.boundaries")


@satudata_maps.route("/ckan-admin/batas-wilayah/<level>/unduh")
def download(level: str) -> Any:
    """The uploaded GeoJSON file, as it was uploaded."""
    _may_edit()
    found = boundary.row_of(level) if level in boundary.LEVELS else None
    if found is None or not found.get("file_id"):
        return tk.abort(404, tk._("No region boundary has been uploaded"))
    try:
        return files.response(found["file_id"], found["file_name"])
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("No region boundary has been uploaded"))
