"""The periodic report pages: ``/pemantauan/laporan`` (the reports with
their dates, status and files; the "Buat laporan" form choosing the
period) and ``/pemantauan/laporan/<id>`` (the figures, the two texts, the
buttons to generate, finalise and delete, the progress of the job, the
downloads). Every page calls the actions; the rules are there."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, request
from flask import Blueprint

from ckanext.satudata import files
from ckanext.satudata.monitoring import present
from ckanext.satudata.monitoring.report import service, tables

__all__ = ["get_blueprints", "satudata_monitoring_report"]

satudata_monitoring_report = Blueprint("satudata_monitoring_report", __name__)
PAGE_SIZE = 50
READ = "satudata_monitoring_report.read"
INDEX = "satudata_monitoring_report.index"


def get_blueprints() -> list[Blueprint]:
    return [satudata_monitoring_report]


def _context() -> dict[str, Any]:
    return {"user": "" if current_user.is_anonymous else current_user.name}


def _call(action: str, data: dict[str, Any]) -> Any:
    return tk.get_action(action)(_context(), data)


def _refused() -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to(tk.url_for("user.login", came_from=request.full_path))
    return tk.abort(403, tk._("Not authorized to see this page"))


def _messages(error: tk.ValidationError) -> list[str]:
    return [str(text) for texts in error.error_dict.values()
            for text in (texts if isinstance(texts, list) else [texts])]


def _page() -> int:
    try:
        return max(1, int(request.args.get("halaman", "1")))
    except ValueError:
        return 1


@satudata_monitoring_report.route("/pemantauan/laporan")
def index(errors: list[str] | None = None, window: str = "") -> Any:
    page = _page()
    try:
        found = _call("satudata_monitoring_report_list", {
            "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE})
    except tk.NotAuthorized:
        return _refused()
    return tk.render("satudata/monitoring/report/index.html", {
        "found": found, "page": page, "pages": max(1, -(-found["count"] // PAGE_SIZE)),
        "windows": present.window_choices(), "window": window,
        "errors": errors or [], "view": present,
    })


@satudata_monitoring_report.route("/pemantauan/laporan/baru", methods=["POST"])
def create() -> Any:
    """The "Buat laporan" button: a draft of the chosen period, its files
    generated in the background; then its page (showing the progress)."""
    window = (request.form.get("periode") or "").strip()
    try:
        report = _call("satudata_monitoring_report_create", {"window": window})
    except tk.NotAuthorized:
        return _refused()
    except tk.ValidationError as error:
        existing = _existing_draft(window)
        if existing is not None:
            tk.h.flash_notice(" ".join(_messages(error)))
            return tk.redirect_to(READ, id=existing)
        return index(_messages(error), window), 400
    _call("satudata_monitoring_report_generate", {"id": report["id"]})
    tk.h.flash_success(tk._(
        "Report created: its PDF and Excel files are being generated."))
    return tk.redirect_to(READ, id=report["id"])


def _existing_draft(window: str) -> str | None:
    try:
        found = _call("satudata_monitoring_report_list",
                      {"status": "draft", "window": window, "limit": 1})
    except (tk.ValidationError, tk.NotAuthorized):
        return None
    return found["results"][0]["id"] if found["results"] else None


def _report(id: str) -> dict[str, Any]:
    try:
        return _call("satudata_monitoring_report_show", {"id": id})
    except tk.NotAuthorized:
        return _refused()
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("Report not found"))


def _render(report: dict[str, Any], errors: list[str] | None = None,
            texts: dict[str, str] | None = None) -> Any:
    return tk.render("satudata/monitoring/report/read.html", {
        "report": report, "errors": errors or [],
        "texts": texts or {"rekomendasi": report["rekomendasi"],
                           "rencana": report["rencana"]},
        "view": present, "cell_text": tables.text,
    })


@satudata_monitoring_report.route("/pemantauan/laporan/<id>")
def read(id: str) -> Any:
    report = _report(id)
    if not isinstance(report, dict):
        return report
    return _render(report)


def _step(id: str, steps: list[tuple[str, dict[str, Any]]], done: str,
          then: str = READ) -> Any:
    """Call the actions in turn; on success flash ``done`` and go to
    ``then``, else show the report again with the errors (and the texts as
    they were sent)."""
    try:
        for action, data in steps:
            _call(action, {"id": id, **data})
    except tk.NotAuthorized:
        return _refused()
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Report not found"))
    except tk.ValidationError as error:
        report = _report(id)
        if not isinstance(report, dict):
            return report
        texts = {key: request.form.get(key, report[key]) for key in service.TEXT_FIELDS}
        return _render(report, _messages(error), texts), 400
    tk.h.flash_success(done)
    return tk.redirect_to(then, id=id) if then == READ else tk.redirect_to(then)


def _texts() -> dict[str, str]:
    return {key: request.form[key] for key in service.TEXT_FIELDS
            if key in request.form}


@satudata_monitoring_report.route("/pemantauan/laporan/<id>/teks", methods=["POST"])
def texts(id: str) -> Any:
    return _step(id, [("satudata_monitoring_report_update", _texts())],
                 tk._("Texts saved. Generate the files again to see them in the PDF."))


@satudata_monitoring_report.route("/pemantauan/laporan/<id>/buat", methods=["POST"])
def generate(id: str) -> Any:
    return _step(id, [("satudata_monitoring_report_generate", {})],
                 tk._("The PDF and Excel files are being generated."))


@satudata_monitoring_report.route("/pemantauan/laporan/<id>/final", methods=["POST"])
def finalise(id: str) -> Any:
    steps = [("satudata_monitoring_report_finalise", {})]
    if _texts():
        steps.insert(0, ("satudata_monitoring_report_update", _texts()))
    return _step(id, steps, tk._("Report finalised: its PDF and Excel files are kept."))


@satudata_monitoring_report.route("/pemantauan/laporan/<id>/hapus", methods=["POST"])
def delete(id: str) -> Any:
    return _step(id, [("satudata_monitoring_report_delete", {})],
                 tk._("Draft report deleted."), then=INDEX)


@satudata_monitoring_report.route("/pemantauan/laporan/<id>/laporan.<kind>")
def download(id: str, kind: str) -> Any:
    if kind not in ("pdf", "xlsx"):
        return tk.abort(404, tk._("Report not found"))
    try:
        tk.check_access("satudata_monitoring_report_download", _context(), {"id": id})
    except tk.NotAuthorized:
        return _refused()
    try:
        file_id, name = service.file_of(id, kind)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Report not found"))
    return files.response(file_id, name)
