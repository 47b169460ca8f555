"""Imports of Excel templates and CSV files: checked as a whole, then
written in one change, or not at all.

Files up to ``ckanext.satudata.import_background_bytes`` are imported during
the request; larger ones are kept in the storage folder and imported by a
background job (queue ``satudata``) that records its progress in the
``satudata_import`` row, which :func:`as_dict` reports.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import files, jobs
from ckanext.satudata.indicators import config, entry, lookup, store, upload
from ckanext.satudata.indicators.grid import Grid
from ckanext.satudata.messages import N_, message

log = logging.getLogger(__name__)
QUEUE = "satudata"
PROGRESS_EVERY = 500
_SOURCE = {"xlsx": "excel", "csv": "csv"}
LINK_DIED = N_(
    "The survey link of this import was revoked or expired before the file"
    " was written: nothing was imported"
)


def max_bytes() -> int:
    return config.import_max_bytes()


def background_bytes() -> int:
    return config.import_background_bytes()


def _folder() -> str:
    root = config.storage_path()
    if not root:
        raise tk.ValidationError({"upload": [tk._(
            "Large imports need ckan.storage_path to be configured"
        )]})
    path = os.path.join(root, "satudata", "imports")
    os.makedirs(path, exist_ok=True)
    return path


def read_upload(file: Any) -> tuple[bytes, str]:
    """The bytes and name of an uploaded file, refused when too large."""
    limit = max_bytes()
    found = files.read_upload(file, limit)
    if found is None:
        raise tk.ValidationError({"upload": [tk._("Choose a file to import")]})
    data, filename = found
    if not data:
        raise tk.ValidationError({"upload": [tk._("The file is empty")]})
    if len(data) > limit:
        raise tk.ValidationError({"upload": [message(
            N_("The file is larger than {limit} MB"),
            {"limit": round(limit / 1024 / 1024, 1)},
        )]})
    return data, filename


def issue_text(issue: upload.ImportIssue) -> str:
    """One issue as a sentence naming its row and column."""
    text = message(issue.message, issue.params)
    where = issue.cell or issue.column
    if issue.row is not None and where:
        return message(N_("Row {row}, column {column}: {message}"),
                       {"row": issue.row, "column": where, "message": text})
    if issue.row is not None:
        return message(N_("Row {row}: {message}"), {"row": issue.row, "message": text})
    return text


def _issue_dict(issue: upload.ImportIssue) -> dict[str, Any]:
    return {
        "row": issue.row, "column": issue.column, "cell": issue.cell,
        "message": issue.message, "params": _jsonable(issue.params),
    }


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value if isinstance(value, int | float | str | None) else str(value)
        for key, value in params.items()
    }


def start(grid: Grid, file: Any, actor: entry.Actor,
          revision: int | None = None) -> dict[str, Any]:
    """Check and import ``file`` into ``grid``'s period, or queue it.

    The values are written only while the period is still at ``revision``
    (by default its revision now): a background import does not overwrite
    what someone saved after the upload."""
    data, filename = read_upload(file)
    if revision is None:
        current = store.submission(grid.package_id, grid.period.id)
        revision = current["revision"] if current else 0
    try:
        kind = upload.detect(data, filename, max_bytes())
    except upload.UploadRefused as refused:
        raise tk.ValidationError({"upload": [
            message(refused.message, refused.params)
        ]}) from refused
    record = {
        "id": store.new_id(), "package_id": grid.package_id,
        "period": grid.period.id, "user_id": actor.user_id,
        "survey_link_id": actor.survey_link_id, "actor_name": actor.name,
        "filename": filename, "format": kind, "status": "queued", "done": 0,
        "total": 0, "report": None, "created": store.now(), "finished": None,
        "revision": revision,
    }
    if len(data) <= background_bytes():
        store.create_import(**record)
        try:
            _run(record["id"], grid, data, actor, report_progress=False)
        except Exception:
            # never leave the import "running": record the failure, then
            # let the error surface
            model.Session.rollback()
            _finish(record["id"], "failed", 0, 0, [_internal_error()])
            raise
        found = store.get_import(record["id"])
        assert found is not None
        return as_dict(found)
    path = os.path.join(_folder(), record["id"])
    with open(path, "wb") as target:
        target.write(data)
    store.create_import(**record)
    model.Session.commit()
    jobs.enqueue(run_job, [record["id"]], title=f"satudata import {filename}",
                 queue=QUEUE, timeout=1800)
    return as_dict(record)


def _run(import_id: str, grid: Grid, data: bytes, actor: entry.Actor,
         report_progress: bool = True) -> None:
    """Read, check and (when clean) save; records the outcome. Commits.
    ``report_progress``: record progress as it goes (background jobs)."""
    record = store.get_import(import_id)
    assert record is not None
    store.update_import(import_id, status="running")
    model.Session.commit()

    def progress(done: int, total: int) -> None:
        store.update_import(import_id, done=done, total=total)
        model.Session.commit()

    try:
        result = upload.read(
            data, record["filename"], grid, max_bytes=max_bytes(),
            progress=progress if report_progress else None,
        )
    except upload.UploadRefused as refused:
        _finish(import_id, "failed", 0, 0, [upload.ImportIssue(
            None, None, refused.message, refused.params
        )])
        return
    if result.errors:
        _finish(import_id, "failed", result.rows_read, 0, result.errors)
        return
    if actor.survey_link_id and not store.link_alive(
        store.link(actor.survey_link_id, lock=True)
    ):
        # checked again at write time: a queued import may run after the
        # link was revoked or expired
        model.Session.rollback()
        _finish(import_id, "failed", result.rows_read, 0, [upload.ImportIssue(
            None, None, LINK_DIED, {}
        )])
        return
    try:
        entry.save(grid, result.values, actor, _SOURCE[result.format],
                   expected_revision=record["revision"])
    except tk.ValidationError as error:
        model.Session.rollback()
        if "revision" in error.error_dict:
            issue = _saved_since(grid, record)
            _finish(import_id, "failed", result.rows_read, 0, [issue])
            return
        messages = [m for ms in error.error_dict.values() for m in ms]  # type: ignore[union-attr]
        _finish(import_id, "failed", result.rows_read, 0, [upload.ImportIssue(
            None, None, "{message}", {"message": "; ".join(map(str, messages))}
        )])
        return
    _finish(import_id, "done", result.rows_read, result.rows_accepted, [])


def _saved_since(grid: Grid, record: dict[str, Any]) -> upload.ImportIssue:
    current = store.submission(grid.package_id, grid.period.id)
    return upload.ImportIssue(None, None, N_(
        "Someone saved period {period} after this file was filled (revision"
        " {theirs}, the file's {yours}), so nothing was imported: check"
        " their values, then download the template again or upload the"
        " file once more"
    ), {
        "period": grid.period.label,
        "theirs": current["revision"] if current else 0,
        "yours": record["revision"],
    })


def _finish(import_id: str, status: str, read: int, accepted: int,
            errors: list[upload.ImportIssue]) -> None:
    store.update_import(
        import_id, status=status, finished=store.now(), done=read,
        total=max(read, (store.get_import(import_id) or {}).get("total") or 0),
        report={
            "rows_read": read, "rows_accepted": accepted,
            "errors": [_issue_dict(issue) for issue in errors],
        },
    )
    model.Session.commit()


def run_job(import_id: str) -> None:
    """Background job: import the stored file of ``import_id``."""
    record = store.get_import(import_id)
    if record is None:
        log.warning("Import %s not found", import_id)
        return
    path = os.path.join(_folder(), import_id)
    try:
        package = lookup.package(record["package_id"])
        link = (store.link(record["survey_link_id"])
                if record["survey_link_id"] else None)
        rows = link["rows"] if link else None
        grid = entry.grid_for(package, record["period"], rows)
        with open(path, "rb") as source:
            data = source.read()
        actor = (
            entry.Actor(None, record["actor_name"], record["survey_link_id"],
                        "surveyor", issued_by=link["created_by"] if link else None)
            if record["survey_link_id"]
            else entry.user_actor(record["user_id"], record["actor_name"], package)
        )
        _run(import_id, grid, data, actor)
    except Exception:
        log.exception("Import %s failed", import_id)
        model.Session.rollback()
        _finish(import_id, "failed", 0, 0, [_internal_error()])
    finally:
        if os.path.exists(path):
            os.remove(path)


def _internal_error() -> upload.ImportIssue:
    return upload.ImportIssue(None, None, N_(
        "The import stopped because of an internal error; please try again"
    ), {})


def as_dict(record: dict[str, Any]) -> dict[str, Any]:
    """The import as the API shows it, messages in the current language."""
    report = record.get("report") or {}
    errors = [
        {**issue, "message": message(issue["message"], issue.get("params"))}
        for issue in report.get("errors", [])
    ]
    return {
        "id": record["id"],
        "package_id": record["package_id"],
        "period": record["period"],
        "filename": record["filename"],
        "format": record["format"],
        "status": record["status"],
        "done": record["done"],
        "total": record["total"],
        "rows_read": report.get("rows_read", 0),
        "rows_accepted": report.get("rows_accepted", 0),
        "errors": errors,
        "actor_name": record["actor_name"],
        "created": record["created"].isoformat() if record.get("created") else None,
        "finished": record["finished"].isoformat() if record.get("finished") else None,
    }
