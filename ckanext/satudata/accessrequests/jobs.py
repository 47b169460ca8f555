"""Background jobs of the access requests (queue ``satudata``): the
detection of identifying columns when a request enters Pengolahan Data,
and the building of the extracts once the officer confirmed what to
remove. Each item's ``report`` shows the progress on the request's page:
``detecting`` → ``detected`` (with ``detection``) → ``building`` →
``ready`` (``rows``, ``columns``, ``removed``, ``detection``) or ``failed``
(``error``, in the portal's language)."""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import files, jobs
from ckanext.satudata.accessrequests import attachments, errors, extract, store
from ckanext.satudata.personaldata import Finding

log = logging.getLogger(__name__)
QUEUE = "satudata"


def enqueue(name: str, request_id: str) -> None:
    """Start job ``name`` (``detect`` or ``build``) for the request."""
    function = {"detect": detect_job, "build": build_job}[name]
    jobs.enqueue(function, [request_id], queue=QUEUE,
                 title=f"satudata access request {name} {request_id}")


def _dataset(item: dict[str, Any]) -> dict[str, Any]:
    return tk.get_action("package_show")(
        {"ignore_auth": True, "user": ""}, {"id": item["dataset_id"]})


def finding(found: Finding) -> dict[str, Any]:
    """A finding as stored and shown: never a raw value."""
    return {"column": found.column, "kind": found.kind,
            "confidence": found.confidence, "found_by": list(found.found_by),
            "rows": list(found.rows[:10]), "row_count": found.row_count,
            "example": found.example}


def _failed(error: Exception) -> dict[str, Any]:
    if isinstance(error, errors.ExtractError):
        return {"status": "failed", "error": error.message()}
    log.exception("Access request job failed")
    return {"status": "failed", "error": tk._("The extract could not be built")}


def detect_job(request_id: str) -> None:
    """Find the identifying columns of every item's chosen variables."""
    for item in store.items(request_id):
        try:
            found = extract.detect(_dataset(item), list(item["variables"]))
            report = {"status": "detected",
                      "detection": [finding(one) for one in found.findings],
                      "identifying": list(found.identifying),
                      "rows_read": found.rows_read, "truncated": found.truncated}
        except Exception as error:  # shown on the page, the officer retries
            model.Session.rollback()
            report = _failed(error)
        store.update_item(item["id"], report=report)
        model.repo.commit()


def build_job(request_id: str) -> None:
    """Build every item's extract and keep it as a file of the request
    (an earlier extract of the item is replaced)."""
    request = store.find(request_id)
    if request is None:
        return
    for item in store.items(request_id):
        stored: dict[str, Any] | None = None
        try:
            built = extract.build(_dataset(item), list(item["variables"]),
                                  item["format"], item["level"],
                                  remove=list(item.get("removed") or []))
            stored = attachments.store(built.data, built.filename,
                                       built.content_type, request_id)
            old = store.file(item["extract_file_id"]) if item.get(
                "extract_file_id") else None
            row = attachments.Checked("extract", built.data, built.filename,
                                      built.content_type)
            file_row = store.insert_file(
                request_id=request_id, item_id=item["id"], file_id=stored["id"],
                kind="extract", name=built.filename, size=len(built.data),
                content_type=built.content_type, sha256=row.sha256,
                uploaded_by=request["requester_id"], created=store.now())
            store.update_item(item["id"], extract_file_id=file_row, report={
                "status": "ready", "rows": built.rows, "columns": built.columns,
                "removed": built.removed, "detected": built.detected,
                "detection": [finding(one) for one in built.findings],
                "sha256": row.sha256, "size": len(built.data)})
            if old is not None:
                store.delete_file(old["id"])
            model.repo.commit()
            if old is not None:
                _forget(old["file_id"])
        except Exception as error:  # shown on the page, the officer retries
            model.Session.rollback()
            if stored is not None:
                attachments.discard(stored)
            store.update_item(item["id"], report=_failed(error))
            model.repo.commit()


def _forget(file_id: str) -> None:
    try:
        files.delete(file_id)
    except Exception:  # best effort: a stale file is only storage
        log.warning("Could not delete replaced extract %s", file_id)
