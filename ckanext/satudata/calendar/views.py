"""The walidata's holiday page, ``/ckan-admin/hari-libur``: the year's
holidays (national, cuti bersama, regional), a form to add a regional
holiday and a button to delete each. Every step calls the actions: the
rules are there."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, request
from flask import Blueprint

from ckanext.satudata.messages import N_, message

__all__ = ["satudata_calendar"]

satudata_calendar = Blueprint("satudata_calendar", __name__)


def _context() -> dict[str, Any]:
    return {"user": "" if current_user.is_anonymous else current_user.name}


def _may_edit() -> None:
    try:
        tk.check_access("satudata_holiday_create", _context(), {})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only walidata may change the regional holidays"))


def _errors(error: tk.ValidationError) -> dict[str, list[str]]:
    return {key: [str(item) for item in (items if isinstance(items, list)
                                         else [items])]
            for key, items in error.error_dict.items()}


def _page(year: int | None, form: dict[str, str],
          errors: dict[str, list[str]]) -> str:
    data = {"year": year} if year else {}
    try:
        listed = tk.get_action("satudata_holiday_list")(_context(), data)
    except tk.ValidationError:
        listed = tk.get_action("satudata_holiday_list")(_context(), {})
    return tk.render("satudata/calendar/holidays.html", {
        "listed": listed, "form": form, "errors": errors,
    })


def _year(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


@satudata_calendar.route("/ckan-admin/hari-libur", methods=["GET", "POST"])
def holidays() -> Any:
    _may_edit()
    if request.method == "GET":
        return _page(_year(request.args.get("tahun")), {}, {})
    form = {"day": request.form.get("day", "").strip(),
            "name": request.form.get("name", "").strip()}
    try:
        created = tk.get_action("satudata_holiday_create")(_context(), dict(form))
    except tk.ValidationError as error:
        return _page(_year(form["day"][:4]), form, _errors(error))
    tk.h.flash_success(message(N_("Regional holiday added: {name}"),
                               {"name": created["name"]}))
    return tk.redirect_to("satudata_calendar.holidays", tahun=created["day"][:4])


@satudata_calendar.route("/ckan-admin/hari-libur/<id>/hapus", methods=["POST"])
def delete(id: str) -> Any:
    _may_edit()
    year = _year(request.form.get("tahun"))
    try:
        tk.get_action("satudata_holiday_delete")(_context(), {"id": id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("Holiday not found"))
    tk.h.flash_success(tk._("Regional holiday deleted"))
    if year:
        return tk.redirect_to("satudata_calendar.holidays", tahun=year)
    return tk.redirect_to("satudata_calendar.holidays")
