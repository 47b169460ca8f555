"""The life of a periodic report: a draft is created for a window, its
files are generated (the figures snapshotted, the tables built once,
rendered to PDF and Excel, stored with CKAN's file storage owned by the
report) as often as wanted, the walidata write the Rekomendasi and the
Rencana Tindak Lanjut, and finalising freezes it: the PDF is issued
through the documents plugin (numbered, QR verification page) from the
same snapshot, and nothing of it changes afterwards.

The actions (``logic/action/report.py``), the pages and the command line
(``ckan satudata report generate``) all go through these functions, so
the button and the command make the same report.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from flask_babel import force_locale

from ckanext.satudata import files, jobs, mail
from ckanext.satudata.config import display_zone
from ckanext.satudata.documents import api as documents
from ckanext.satudata.messages import N_, message
from ckanext.satudata.monitoring import config
from ckanext.satudata.monitoring import window as windows
from ckanext.satudata.monitoring.report import collect, pdf, store, tables, xlsx
from ckanext.satudata.monitoring.report.store import (
    DONE,
    DRAFT,
    FAILED,
    FINAL,
    QUEUED,
    RUNNING,
)
from ckanext.satudata.rows import Row, new_id, now

log = logging.getLogger(__name__)

QUEUE = "satudata"
#: The generation's steps (``job_step`` counts those done).
STEPS = (
    N_("Computing the figures"),
    N_("Building the tables"),
    N_("Rendering the PDF"),
    N_("Writing the Excel file"),
)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Longest Rekomendasi / Rencana Tindak Lanjut (characters).
TEXT_MAX = 20000
STATUS_LABELS = {DRAFT: N_("Draft"), FINAL: N_("Final")}
JOB_LABELS = {
    QUEUED: N_("Waiting for the worker"),
    RUNNING: N_("Being generated"),
    DONE: N_("Generated"),
    FAILED: N_("Generation failed"),
}
TEXT_FIELDS = {
    "rekomendasi": N_("Rekomendasi"),
    "rencana": N_("Rencana Tindak Lanjut"),
}


# ---- helpers ------------------------------------------------------------------------

@contextlib.contextmanager
def _portal_language() -> Iterator[None]:
    """Render in the portal's default language, inside or outside a request
    (a background job, the command line)."""
    with mail.template_context(), force_locale(
            tk.config.get("ckan.locale_default") or "id"):
        yield


def status_label(status: str) -> str:
    """"Draf" or "Final" in the current language."""
    label = STATUS_LABELS[status]
    return tk._(label)


def _user_id(user: str | None) -> str:
    found = model.User.get(user) if user else None
    return found.id if found else (user or "")


def _user_name(user_id: str | None) -> str:
    found = model.User.get(user_id) if user_id else None
    if found is None:
        return user_id or ""
    return found.display_name or found.name


def _window(row: Row) -> windows.Window:
    found = windows.parse(row["window"])
    assert found is not None, row["window"]
    return found


def _get(report_id: str, lock: bool = False) -> Row:
    found = store.get(report_id, lock=lock)
    if found is None:
        raise tk.ObjectNotFound(tk._("Report not found"))
    return found


def _draft(report_id: str) -> Row:
    """The report, locked until the commit; refused unless a draft."""
    found = _get(report_id, lock=True)
    if found["status"] != DRAFT:
        model.Session.rollback()  # the lock is not needed any more
        raise tk.ValidationError({"status": [tk._(
            "The report is final: it cannot be changed any more")]})
    return found


def filename(row: Row, extension: str) -> str:
    """``laporan-pemantauan-2026-S2.pdf`` (``-draf`` for a draft)."""
    stem = re.sub(r"[^A-Za-z0-9-]+", "-", f"laporan-pemantauan-{row['window']}")
    return f"{stem}{'' if row['status'] == FINAL else '-draf'}.{extension}"


def _drop_files(file_ids: list[str | None]) -> None:
    """Remove files no longer used (after the commit that let go of them)."""
    for file_id in file_ids:
        if not file_id:
            continue
        try:
            files.delete(file_id)
        except Exception:  # a leftover file is no reason to fail the report
            model.Session.rollback()
            log.warning("report: could not delete file %s", file_id, exc_info=True)


# ---- what the report shows ----------------------------------------------------------

def subject(row: Row) -> str:
    return message(N_("Periodic Satu Data monitoring report, {period}"),
                   {"period": _window(row).label})


def _particulars(row: Row, number: str = "") -> list[tuple[str, str]]:
    found = [
        (tk._("Period"), _window(row).label),
        (tk._("Status"), status_label(row["status"])),
    ]
    if number:
        found.append((tk._("Number"), number))
    found += [
        (tk._("Target fill rate (%)"),
         tables.text(tables.percent_cell(row["target_percent"]))),
        (tk._("Created by"), _user_name(row["created_by"])),
    ]
    if row["status"] == FINAL and row["finalised"]:
        found.append((tk._("Finalised"), mail.indonesian_date(
            row["finalised"].astimezone(display_zone()).date())))
        found.append((tk._("Finalised by"), _user_name(row["finalised_by"])))
    return found


def _report_vars(row: Row) -> dict[str, Any]:
    return {"id": row["id"], "window": row["window"],
            "window_label": _window(row).label, "status": row["status"],
            "rekomendasi": row["rekomendasi"], "rencana": row["rencana"],
            "target_percent": float(row["target_percent"])}


def report_tables(row: Row, figures: dict[str, Any] | None = None
                  ) -> tuple[list[tables.Table], list[str]]:
    """The tables and the analysis of a report (of its snapshot, or of
    ``figures``), in the current language."""
    figures = figures if figures is not None else row["figures"]
    if not figures:
        return [], []
    target = float(row["target_percent"])
    return tables.build(figures, target), tables.analysis(figures, target)


# ---- create, texts, delete ----------------------------------------------------------

def create(window: windows.Window, user: str | None) -> Row:
    """A new draft report of ``window`` (one draft per window), measured
    against the configured target fill rate. Commits."""
    if store.draft_of(window.id) is not None:
        raise tk.ValidationError({"window": [message(N_(
            "A draft report of {period} exists already: open it from the list"
            " of reports"), {"period": window.label})]})
    stamp = now()
    report_id = new_id()
    store.insert(id=report_id, window=window.id, status=DRAFT,
                 target_percent=config.target_fill_rate(), rekomendasi="",
                 rencana="", created=stamp, created_by=_user_id(user),
                 modified=stamp)
    try:
        model.Session.commit()
    except sa.exc.IntegrityError:  # a second draft of the window at the same time
        model.Session.rollback()
        raise tk.ValidationError({"window": [message(N_(
            "A draft report of {period} exists already: open it from the list"
            " of reports"), {"period": window.label})]}) from None
    return _get(report_id)


def update_texts(report_id: str, values: dict[str, str]) -> Row:
    """Set the Rekomendasi and/or Rencana Tindak Lanjut of a draft. Commits."""
    _draft(report_id)
    changed = {key: values[key] for key in TEXT_FIELDS if key in values}
    if changed:
        store.update(report_id, modified=now(), **changed)
    model.Session.commit()
    return _get(report_id)


def delete(report_id: str) -> None:
    """Delete a draft and its files. Commits."""
    row = _draft(report_id)
    store.delete(report_id)
    model.Session.commit()
    _drop_files([row["pdf_file_id"], row["xlsx_file_id"]])


# ---- generating the files of a draft ------------------------------------------------

def queue(report_id: str) -> Row:
    """Generate a draft's files in the background (queue ``satudata``);
    the report's ``job_*`` columns show the progress. A newer request
    supersedes a queued or running one (only the newest writes). Commits."""
    _draft(report_id)
    token = new_id()
    store.update(report_id, job_id=token, job_status=QUEUED, job_step=0,
                 job_error=None)
    model.Session.commit()
    jobs.enqueue(run_job, [report_id, token], queue=QUEUE,
                 title=f"satudata monitoring report {report_id}", timeout=1800)
    return _get(report_id)


def _step(report_id: str, token: str | None, step: int) -> bool:
    """Record progress (background: committed so the page sees it); whether
    the job is still the report's current one."""
    if token is None:
        return True
    result = model.Session.execute(
        store.t.update().where(store.t.c.id == report_id, store.t.c.job_id == token,
                               store.t.c.status == DRAFT)
        .values(job_status=RUNNING, job_step=step))
    model.Session.commit()
    return bool(result.rowcount)


def _build(row: Row, today: dt.date | None, token: str | None
           ) -> tuple[dict[str, Any], bytes, bytes] | None:
    """The snapshot, the draft PDF and the Excel file (``None``: the job
    was superseded)."""
    figures = collect.collect(_window(row), today)
    if not _step(row["id"], token, 1):
        return None
    with _portal_language():
        target_row = {**row, "target_percent": config.target_fill_rate()}
        built, analysis = report_tables(target_row, figures)
        if not _step(row["id"], token, 2):
            return None
        report = _report_vars(target_row)
        document = pdf.draft(report, built, analysis, subject(row))
        if not _step(row["id"], token, 3):
            return None
        workbook = xlsx.workbook(report, built, analysis,
                                 _particulars(target_row))
    return figures, document, workbook


def generate(report_id: str, today: dt.date | None = None,
             token: str | None = None) -> Row | None:
    """Build and store the files of a draft from figures computed now (as
    seen on ``today``), replacing its earlier files. ``token``: run as the
    background job of that token (``None`` when superseded or the report
    is no longer a draft). Commits."""
    row = store.get(report_id)
    if token is not None and (row is None or row["status"] != DRAFT
                              or row["job_id"] != token):
        return None  # deleted, finalised or superseded since it was queued
    if row is None or row["status"] != DRAFT:
        _draft(report_id)  # refuses: not found, or final
    built = _build(row, today, token)
    if built is None:
        return None
    figures, document, workbook = built
    row = store.get(report_id, lock=True)  # the job and a finalise meet here
    if row is None or row["status"] != DRAFT or (
            token is not None and row["job_id"] != token):
        model.Session.rollback()
        if token is None:
            _draft(report_id)  # refuses: deleted or finalised meanwhile
        return None
    stored: list[dict[str, Any]] = []
    try:
        stored.append(files.store(
            document, owner_type=pdf.OWNER_TYPE, owner_id=report_id,
            name=filename(row, "pdf"), content_type="application/pdf"))
        stored.append(files.store(
            workbook, owner_type=pdf.OWNER_TYPE, owner_id=report_id,
            name=filename(row, "xlsx"), content_type=XLSX_TYPE))
        stamp = now()
        store.update(report_id, figures=figures, pdf_file_id=stored[0]["id"],
                     xlsx_file_id=stored[1]["id"], generated=stamp, modified=stamp,
                     target_percent=config.target_fill_rate(), job_id=token,
                     job_status=DONE, job_step=len(STEPS), job_error=None)
        model.Session.commit()
    except Exception:
        model.Session.rollback()
        for found in stored:
            files.discard(found)
        raise
    _drop_files([row["pdf_file_id"], row["xlsx_file_id"]])
    return _get(report_id)


def run_job(report_id: str, token: str) -> None:
    """Background job: generate the files of ``report_id`` (if ``token``
    is still its newest request); a failure is recorded on the report."""
    try:
        generate(report_id, token=token)
    except Exception as error:
        model.Session.rollback()
        log.exception("report %s: generation failed", report_id)
        model.Session.execute(
            store.t.update().where(store.t.c.id == report_id,
                                   store.t.c.job_id == token)
            .values(job_status=FAILED,
                    job_error=str(error)[:500] or type(error).__name__))
        model.Session.commit()
        raise


# ---- finalising ---------------------------------------------------------------------

def _certified(row: Row, figures: dict[str, Any]) -> str:
    return json.dumps({
        "window": row["window"], "target_percent": float(row["target_percent"]),
        "figures": figures, "rekomendasi": row["rekomendasi"],
        "rencana": row["rencana"],
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def finalise(report_id: str, user: str | None, today: dt.date | None = None) -> Row:
    """Freeze a draft: both texts must be written; the figures are the
    draft's snapshot (computed now if it was never generated); the PDF is
    issued through the documents plugin (number, QR code) and the Excel
    file written from the same tables. Commits."""
    row = _draft(report_id)  # locked: a running job waits, then discards
    errors = {key: [message(N_("Write the {field} before finalising the report"),
                            {"field": tk._(label)})]
              for key, label in TEXT_FIELDS.items() if not (row[key] or "").strip()}
    if errors:
        model.Session.rollback()
        raise tk.ValidationError(errors)
    figures = row["figures"] or collect.collect(_window(row), today)
    stamp = now()
    final_row = {**row, "status": FINAL, "finalised": stamp,
                 "finalised_by": _user_id(user), "figures": figures}
    document: dict[str, Any] | None = None
    workbook_file: dict[str, Any] | None = None
    try:
        with _portal_language():
            built, analysis = report_tables(final_row)
            report = _report_vars(final_row)
            document = pdf.issue(report, built, analysis, subject(final_row),
                                 _certified(final_row, figures),
                                 created_by=final_row["finalised_by"])
            workbook = xlsx.workbook(report, built, analysis,
                                     _particulars(final_row, document["number"]))
        workbook_file = files.store(
            workbook, owner_type=pdf.OWNER_TYPE, owner_id=report_id,
            name=filename(final_row, "xlsx"), content_type=XLSX_TYPE)
        store.update(report_id, status=FINAL, figures=figures, finalised=stamp,
                     finalised_by=final_row["finalised_by"], modified=stamp,
                     document_id=document["id"], pdf_file_id=document["file_id"],
                     xlsx_file_id=workbook_file["id"],
                     generated=stamp, job_id=None,
                     job_status=DONE if row["job_status"] else None,
                     job_step=len(STEPS) if row["job_status"] else 0, job_error=None)
        model.Session.commit()
    except Exception:
        model.Session.rollback()
        if document is not None:
            pdf.discard(document)
        if workbook_file is not None:
            files.discard(workbook_file)
        raise
    _drop_files([row["pdf_file_id"], row["xlsx_file_id"]])
    return _get(report_id)


# ---- reading ------------------------------------------------------------------------

def _file(file_id: str | None) -> dict[str, Any] | None:
    if not file_id:
        return None
    found = model.Session.get(model.File, file_id)
    if found is None:
        return None
    return {"id": found.id, "name": found.name, "size": found.size,
            "content_type": found.content_type}


def as_dict(row: Row, figures: bool = False) -> dict[str, Any]:
    """What the actions return of a report (``figures``: with the snapshot
    and the tables and analysis built from it, in the portal's language:
    what the files hold)."""
    status = row["job_status"]
    found: dict[str, Any] = {
        "id": row["id"], "window": row["window"],
        "window_label": _window(row).label, "status": row["status"],
        "status_label": status_label(row["status"]),
        "target_percent": float(row["target_percent"]),
        "rekomendasi": row["rekomendasi"], "rencana": row["rencana"],
        "created": row["created"].isoformat(),
        "created_by": _user_name(row["created_by"]),
        "modified": row["modified"].isoformat(),
        "generated": row["generated"].isoformat() if row["generated"] else None,
        "finalised": row["finalised"].isoformat() if row["finalised"] else None,
        "finalised_by": (_user_name(row["finalised_by"])
                         if row["finalised_by"] else None),
        "document_id": row["document_id"],
        "pdf": _file(row["pdf_file_id"]), "xlsx": _file(row["xlsx_file_id"]),
        "job": {
            "status": status,
            "status_label": tk._(JOB_LABELS[status]) if status else "",
            "step": row["job_step"], "steps": len(STEPS),
            "step_label": (tk._(STEPS[min(row["job_step"], len(STEPS) - 1)])
                           if status in (QUEUED, RUNNING) else ""),
            "error": row["job_error"],
            "running": status in (QUEUED, RUNNING),
        },
    }
    if row["document_id"]:
        document = documents.get(row["document_id"])
        found["number"] = document["number"]
        found["verification_url"] = document["verification_url"]
    else:
        found["number"] = None
        found["verification_url"] = None
    if figures:
        found["figures"] = row.get("figures")
        with _portal_language():  # as the files hold them
            built, analysis = report_tables(row)
        found["tables"] = [table.as_dict() for table in built]
        found["analysis"] = analysis
    return found


def show(report_id: str) -> dict[str, Any]:
    return as_dict(_get(report_id), figures=True)


def search(status: str | None, window: str | None, limit: int, offset: int
           ) -> dict[str, Any]:
    count, rows = store.search(status, window, limit, offset)
    return {"count": count, "results": [as_dict(row) for row in rows]}


def file_of(report_id: str, kind: str) -> tuple[str, str]:
    """``(file id, download name)`` of a report's ``pdf`` or ``xlsx``.

    :raises ckan.plugins.toolkit.ObjectNotFound: no such report or file
    """
    row = _get(report_id)
    file_id = row["pdf_file_id"] if kind == "pdf" else row["xlsx_file_id"]
    if kind not in ("pdf", "xlsx") or not file_id:
        raise tk.ObjectNotFound(tk._("The report has no such file yet"))
    return file_id, filename(row, kind)
