"""The monitoring pages: ``/pemantauan`` (the walidata's and pembina's
ranking of every OPD; an OPD's operators and verifikator see their own
OPD) and ``/pemantauan/opd/<id>`` (one OPD: what is due, overdue, late or
returned, with links to the entry pages). Every page calls the actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, request
from flask import Blueprint

from ckanext.satudata.monitoring import present

__all__ = ["get_blueprints", "satudata_monitoring"]

satudata_monitoring = Blueprint("satudata_monitoring", __name__)


def get_blueprints() -> list[Blueprint]:
    return [satudata_monitoring]


def _context() -> dict[str, Any]:
    return {"user": "" if current_user.is_anonymous else current_user.name}


def _refused() -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to(tk.url_for("user.login", came_from=request.full_path))
    return tk.abort(403, tk._("Not authorized to see this page"))


def _window_arg() -> str:
    return (request.args.get("periode") or "").strip()


@satudata_monitoring.route("/pemantauan")
def index() -> Any:
    window = _window_arg()
    try:
        summary = tk.get_action("satudata_monitoring_summary")(
            _context(), {"window": window} if window else {})
    except tk.NotAuthorized:
        return _refused()
    except tk.ValidationError as error:
        return tk.render("satudata/monitoring/index.html", {
            "summary": None, "errors": error.error_dict, "window": window,
            "windows": present.window_choices(), "view": present,
        })
    return tk.render("satudata/monitoring/index.html", {
        "summary": summary, "errors": {}, "window": summary["window"]["id"],
        "windows": present.window_choices(), "view": present,
    })


@satudata_monitoring.route("/pemantauan/opd/<id>")
def organization(id: str) -> Any:
    window = _window_arg()
    data = {"id": id, **({"window": window} if window else {})}
    try:
        found = tk.get_action("satudata_monitoring_organization")(_context(), data)
    except tk.NotAuthorized:
        return _refused()
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Organization not found"))
    except tk.ValidationError as error:
        return tk.abort(400, "; ".join(
            str(text) for texts in error.error_dict.values() for text in texts))
    return tk.render("satudata/monitoring/organization.html", {
        "found": found, "window": found["window"]["id"],
        "windows": present.window_choices(), "view": present,
    })


@satudata_monitoring.route("/pemantauan/peta")
def regional_map() -> Any:
    """A published dataset broken down by region as a thematic map."""
    from ckanext.satudata.monitoring import regional, scope

    context = _context()
    try:
        tk.check_access("satudata_monitoring_summary", context, {})
    except tk.NotAuthorized:
        return _refused()
    choices = regional.datasets(scope.organizations_of(context["user"] or None))
    dataset = request.args.get("dataset") or (choices[0]["name"] if choices else "")
    found = None
    error = None
    if dataset and any(item["name"] == dataset for item in choices):
        try:
            found = regional.drawn(context, dataset, request.args.get("komponen"),
                                   request.args.get("periode"))
        except (tk.ValidationError, tk.ObjectNotFound):
            error = tk._("This period of the dataset is not published")
    elif dataset:
        error = tk._("Choose one of the datasets in the list")
    return tk.render("satudata/monitoring/map.html", {
        "choices": choices, "dataset": dataset, "found": found, "error": error,
    })
