"""Pages of indicator entry. Every rule is in the actions; views turn form
fields into action calls and action results into pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ckanext.satudata.indicators import structure as structures
from ckanext.satudata.indicators import template
from ckanext.satudata.indicators.grid import grid_of

satudata_indicators = Blueprint("satudata_indicators", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SEP = "|"
MAX_FORM_COMPONENTS = 60  # rows of the structure form read at most


def _context(source: str = "form") -> dict[str, Any]:
    user = tk.current_user.name if tk.current_user else ""
    return {"user": "" if tk.current_user.is_anonymous else user,
            "satudata_source": source}


def _call(action: str, data: dict[str, Any], source: str = "form") -> Any:
    return tk.get_action(action)(_context(source), data)


def _guard(action: str, data: dict[str, Any]) -> Any:
    """``action``'s result; 403/404 pages when refused or not found."""
    try:
        return _call(action, data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only operators of this dataset's organization"
                                  " and walidata may fill its values"))
    except tk.ObjectNotFound as error:
        return tk.abort(404, str(error) or tk._("Not found"))
    except tk.ValidationError as error:
        return tk.abort(404, "; ".join(
            str(m) for ms in error.error_dict.values() for m in ms
        ))


def _package(package_id: str) -> dict[str, Any]:
    return _guard("package_show", {"id": package_id})


def _structure_or_none(package_id: str) -> dict[str, Any] | None:
    try:
        return _call("satudata_structure_show", {"id": package_id})
    except tk.ObjectNotFound:
        return None


# ---- Belum diisi ---------------------------------------------------------

@satudata_indicators.route("/dashboard/isian")
def due() -> str:
    if tk.current_user.is_anonymous:
        return tk.abort(403, tk._("Log in to see the periods you must fill"))
    items = _call("satudata_due_list", {"include_drafts": True})
    return tk.render("satudata/indicators/due.html", {
        "items": items,
        "overdue": sum(1 for item in items if item["overdue"]),
        "user_dict": {"name": tk.current_user.name},
    })


# ---- dataset: periods and structure ---------------------------------------

@satudata_indicators.route("/dataset/<id>/isian")
def overview(id: str) -> str:
    pkg = _package(id)
    periods = _guard("satudata_period_list", {"id": pkg["id"]})
    structure = _structure_or_none(pkg["id"])
    return tk.render("satudata/indicators/overview.html", {
        "pkg_dict": pkg, "pkg": pkg, "structure": structure, "periods": periods,
    })


def _structure_form(form: Any) -> dict[str, Any]:
    """The structure form's fields as ``satudata_structure_update`` data."""
    components = []
    count = form.get("component_count", "")
    count = min(int(count), MAX_FORM_COMPONENTS) if count.isdigit() else 0
    for index in range(count):
        prefix = f"component-{index}-"
        if not any(form.get(prefix + key, "").strip() for key in ("code", "name")):
            continue
        components.append({
            "code": form.get(prefix + "code", ""),
            "name": form.get(prefix + "name", ""),
            "unit": form.get(prefix + "unit", ""),
            "type": form.get(prefix + "type", "integer"),
            "required": form.get(prefix + "required") == "on",
            "min": form.get(prefix + "min", ""),
            "max": form.get(prefix + "max", ""),
        })
    kind = form.get("breakdown_type", "none")
    breakdown: dict[str, Any] = {"type": kind}
    if kind == "region":
        breakdown["level"] = form.get("breakdown_level", "")
    if kind == "category":
        breakdown["categories"] = form.get("categories", "")
    return {
        "components": components, "breakdown": breakdown,
        "granularity": form.get("granularity", ""),
        "first_period": form.get("first_period", "").strip(),
        "totals": structures.parse_total_lines(form.get("totals", "")),
    }


@satudata_indicators.route("/dataset/<id>/struktur", methods=["GET", "POST"])
def structure(id: str) -> Any:
    pkg = _package(id)
    try:
        tk.check_access("satudata_structure_update", _context(), {"id": pkg["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only operators of this dataset's organization"
                                  " and walidata may fill its values"))
    current = _structure_or_none(pkg["id"])
    errors: dict[str, Any] = {}
    data = current
    if tk.request.method == "POST":
        data = {"id": pkg["id"], **_structure_form(tk.request.form)}
        try:
            _call("satudata_structure_update", data)
        except tk.ValidationError as error:
            errors = error.error_dict
        else:
            tk.h.flash_success(tk._("Data structure saved"))
            return tk.redirect_to("satudata_indicators.overview", id=pkg["name"])
    return tk.render("satudata/indicators/structure.html", {
        "pkg_dict": pkg, "pkg": pkg, "data": data or {}, "current": current,
        "errors": errors, "categories_text": _categories_text(data or {}),
        "totals_text": structures.total_lines(data or {}),
        "total_errors": _total_errors(data or {}, errors),
    })


def _total_errors(data: dict[str, Any],
                  errors: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The errors of the totals as (the total as typed, messages)."""
    totals = data.get("totals") if isinstance(data.get("totals"), list) else []
    found = [("", errors["totals"])] if errors.get("totals") else []
    for number, total in enumerate(totals, start=1):
        messages = errors.get(f"totals.{number}")
        if messages:
            found.append((structures.total_lines({"totals": [total]})
                          or str(total.get("component") or ""), messages))
    return found


def _categories_text(data: dict[str, Any]) -> str:
    categories = (data.get("breakdown") or {}).get("categories") or []
    if isinstance(categories, str):
        return categories
    return "\n".join(f"{c['code']};{c['name']}" for c in categories)


# ---- entry grid ------------------------------------------------------------

def _typed_values(form: Any) -> dict[str, dict[str, str]]:
    values: dict[str, dict[str, str]] = {}
    for key, typed in form.items():
        parts = key.split(_SEP, 2)
        if len(parts) == 3 and parts[0] == "v":
            values.setdefault(parts[1], {})[parts[2]] = typed
    return values


def _entry_page(pkg: dict[str, Any], submission: dict[str, Any], *,
                typed: dict[str, dict[str, str]] | None = None,
                errors: dict[str, Any] | None = None, token: str | None = None,
                link: dict[str, Any] | None = None) -> str:
    return tk.render("satudata/indicators/entry.html", {
        "pkg_dict": pkg, "pkg": pkg, "submission": submission,
        "typed": typed, "errors": errors or {}, "token": token, "link": link,
        "sep": _SEP,
    })


@satudata_indicators.route("/dataset/<id>/isian/<period>", methods=["GET", "POST"])
def entry(id: str, period: str) -> Any:
    pkg = _package(id)
    query = {"id": pkg["id"], "period": period}
    submission = _guard("satudata_submission_show", query)
    if tk.request.method == "GET":
        return _entry_page(pkg, submission)
    form = tk.request.form
    typed = _typed_values(form)
    try:
        _call("satudata_submission_save", {
            **query, "values": typed,
            "kode_referensi": form.get("kode_referensi", ""),
            "sumber_data": form.get("sumber_data", ""),
            "revision": form.get("revision") or None,
        })
    except tk.ValidationError as error:
        return _entry_page(pkg, submission, typed=typed, errors=error.error_dict)
    tk.h.flash_success(tk._("Draft saved"))
    return tk.redirect_to("satudata_indicators.entry", id=pkg["name"], period=period)


@satudata_indicators.route("/dataset/<id>/isian/<period>/template.xlsx")
def template_xlsx(id: str, period: str) -> Response:
    pkg = _package(id)
    submission = _guard("satudata_submission_show", {"id": pkg["id"], "period": period})
    return _xlsx(pkg, submission)


def _xlsx(pkg: dict[str, Any], submission: dict[str, Any]) -> Response:
    data = template.build_template(grid_of(pkg, submission), submission["values"])
    name = f"{pkg['name']}-{submission['period']}.xlsx"
    return Response(data, mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store",
    })


def _without_report(error: tk.ValidationError) -> dict[str, Any]:
    """The field errors of a refused import (file, revision, period)."""
    return {key: value for key, value in error.error_dict.items() if key != "report"}


@satudata_indicators.route("/dataset/<id>/isian/<period>/impor", methods=["POST"])
def import_file(id: str, period: str) -> Any:
    pkg = _package(id)
    upload = tk.request.files.get("upload")
    try:
        report = _call("satudata_submission_import", {
            "id": pkg["id"], "period": period, "upload": upload,
            "revision": tk.request.form.get("revision") or None,
        }, source="import")
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only operators of this dataset's organization"
                                  " and walidata may fill its values"))
    except tk.ValidationError as error:
        report = error.error_dict.get("report")
        if not report:
            submission = _guard("satudata_submission_show",
                                {"id": pkg["id"], "period": period})
            return _entry_page(pkg, submission, errors=_without_report(error))
    return tk.redirect_to("satudata_indicators.import_status", id=pkg["name"],
                          import_id=report["id"])


@satudata_indicators.route("/dataset/<id>/isian/impor/<import_id>")
def import_status(id: str, import_id: str) -> str:
    pkg = _package(id)
    report = _guard("satudata_import_show", {"id": import_id})
    if report["package_id"] != pkg["id"]:
        return tk.abort(404, tk._("Import not found"))
    return tk.render("satudata/indicators/import.html", {
        "pkg_dict": pkg, "pkg": pkg, "report": report, "token": None,
    })


@satudata_indicators.route("/dataset/<id>/isian/<period>/riwayat")
def history(id: str, period: str) -> str:
    pkg = _package(id)
    query = {"id": pkg["id"], "period": period}
    submission = _guard("satudata_submission_show", query)
    changes = _guard("satudata_submission_history", query)
    return tk.render("satudata/indicators/history.html", {
        "pkg_dict": pkg, "pkg": pkg, "submission": submission, "changes": changes,
        "components": {c["code"]: c for c in submission["components"]},
        "row_names": {r["code"]: r["name"] for r in submission["rows"]},
    })


# ---- survey links ----------------------------------------------------------

@satudata_indicators.route("/dataset/<id>/isian/<period>/tautan",
                           methods=["GET", "POST"])
def links(id: str, period: str) -> str:
    pkg = _package(id)
    query = {"id": pkg["id"], "period": period}
    submission = _guard("satudata_submission_show", query)
    created, errors = None, {}
    form: dict[str, Any] = {}
    if tk.request.method == "POST":
        form = tk.request.form
        try:
            created = _call("satudata_survey_link_create", {
                **query, "label": form.get("label", ""),
                "expires": form.get("expires", ""),
                "rows": form.getlist("rows") or None,
            })
        except tk.ValidationError as error:
            errors = error.error_dict
    existing = _guard("satudata_survey_link_list", query)
    default_expiry = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    return tk.render("satudata/indicators/links.html", {
        "pkg_dict": pkg, "pkg": pkg, "submission": submission, "links": existing,
        "created": created, "errors": errors, "form": form,
        "default_expiry": default_expiry,
    })


@satudata_indicators.route("/dataset/<id>/isian/tautan/<link_id>/cabut",
                           methods=["POST"])
def revoke(id: str, link_id: str) -> Any:
    pkg = _package(id)
    link = _guard("satudata_survey_link_revoke", {"id": link_id})
    tk.h.flash_success(tk._("Survey link revoked"))
    return tk.redirect_to("satudata_indicators.links", id=pkg["name"],
                          period=link["period"])


_TOKEN_PAGES = frozenset({
    "satudata_indicators.survey", "satudata_indicators.survey_template",
    "satudata_indicators.survey_import", "satudata_indicators.survey_import_status",
})


@satudata_indicators.after_request
def _no_referrer_on_token_pages(response: Response) -> Response:
    """Pages opened by a survey token (its address holds the token) tell
    the browser to send no ``Referer``: a link or resource on them must
    not carry the token to another site."""
    if tk.request.endpoint in _TOKEN_PAGES:
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _survey(token: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The package, submission and link of a live survey token, else 404."""
    try:
        link = _call("satudata_survey_link_show", {"token": token}, source="survey")
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return tk.abort(404, tk._("This survey link is not valid: it has expired"
                                  " or been revoked"))
    query = {"id": link["package_id"], "period": link["period"], "token": token}
    submission = _call("satudata_submission_show", query, source="survey")
    pkg = {"id": link["package_id"], "name": link["package_name"],
           "title": link["package_title"]}
    return pkg, submission, link


@satudata_indicators.route("/survei/<token>", methods=["GET", "POST"])
def survey(token: str) -> Any:
    pkg, submission, link = _survey(token)
    if tk.request.method == "GET":
        return _entry_page(pkg, submission, token=token, link=link)
    form = tk.request.form
    typed = _typed_values(form)
    try:
        _call("satudata_submission_save", {
            "id": pkg["id"], "period": submission["period"], "token": token,
            "values": typed, "surveyor_name": form.get("surveyor_name", ""),
            "revision": form.get("revision") or None,
        }, source="survey")
    except tk.ValidationError as error:
        return _entry_page(pkg, submission, typed=typed, errors=error.error_dict,
                           token=token, link=link)
    tk.h.flash_success(tk._("Thank you: the values are saved"))
    return tk.redirect_to("satudata_indicators.survey", token=token)


@satudata_indicators.route("/survei/<token>/template.xlsx")
def survey_template(token: str) -> Response:
    pkg, submission, _link = _survey(token)
    return _xlsx(pkg, submission)


@satudata_indicators.route("/survei/<token>/impor", methods=["POST"])
def survey_import(token: str) -> Any:
    pkg, submission, link = _survey(token)
    try:
        report = _call("satudata_submission_import", {
            "id": pkg["id"], "period": submission["period"], "token": token,
            "upload": tk.request.files.get("upload"),
            "revision": tk.request.form.get("revision") or None,
            "surveyor_name": tk.request.form.get("surveyor_name", ""),
        }, source="survey")
    except tk.ValidationError as error:
        report = error.error_dict.get("report")
        if not report:
            return _entry_page(pkg, submission, token=token, link=link,
                               errors=_without_report(error))
    return tk.redirect_to("satudata_indicators.survey_import_status", token=token,
                          import_id=report["id"])


@satudata_indicators.route("/survei/<token>/impor/<import_id>")
def survey_import_status(token: str, import_id: str) -> str:
    pkg, _submission, _link = _survey(token)
    try:
        report = _call("satudata_import_show", {"id": import_id, "token": token})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return tk.abort(404, tk._("Import not found"))
    return tk.render("satudata/indicators/import.html", {
        "pkg_dict": pkg, "pkg": pkg, "report": report, "token": token,
    })

