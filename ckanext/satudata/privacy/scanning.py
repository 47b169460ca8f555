"""The personal-data guard: scans of terbuka uploads and indicator periods
with the shared detectors (:mod:`ckanext.satudata.personaldata`), run as
background jobs, and whether a subject is held (``docs/privacy.md``).

A **resource** is scanned when a CSV/XLSX file is uploaded to a terbuka
dataset (resource create or update with an upload); a new upload is a new
scan. A **period** is scanned when it is submitted or verified (a job), and
again at publication when no finished scan of its revision exists (then
inline: a period is a small table).

Held: ``hold_high_confidence`` on, not confirmed by the walidata, and
the scan found high-confidence personal data
(``personaldata.holds_high_confidence``), or failed (a file that cannot be
read is never treated as clean), or — for an upload, with
``hold_while_scanning`` — is not finished yet.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from ckan import model
from sqlalchemy import orm

from ckanext.satudata import jobs, personaldata, vocabulary
from ckanext.satudata.messages import N_
from ckanext.satudata.privacy import config, store
from ckanext.satudata.rows import Row

log = logging.getLogger(__name__)

#: The job queue of the checks (the portal's worker listens to it too:
#: ``jobs worker default satudata satudata_privacy``).
QUEUE = "satudata_privacy"
PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
STATUSES = (PENDING, RUNNING, DONE, FAILED)
RESOURCE, PERIOD = "resource", "period"
#: Uploads scanned (by their file name).
TABULAR = (".csv", ".tsv", ".xlsx", ".xlsm")
INTERNAL_ERROR = N_("The check failed; ask for a new check.")


# ---------------------------------------------------------------- subjects


def period_subject(package_id: str, period: str) -> str:
    return f"{package_id}/{period}"


def is_terbuka(package: model.Package | None) -> bool:
    """Whether ``package`` is an active public (terbuka) dataset."""
    if package is None or package.private or package.state == "deleted":
        return False
    return vocabulary.is_public_access((package.extras or {}).get("keterbukaan"))


def held(row: Row | None, terbuka: bool = True) -> bool:
    """Whether the subject of scan ``row`` (its newest) is held."""
    if row is None or not terbuka or not config.hold_high_confidence():
        return False
    if row["confirmed"] is not None:
        return False
    if row["status"] in (PENDING, RUNNING):
        return row["kind"] == RESOURCE and config.hold_while_scanning()
    if row["status"] == FAILED:
        return True
    return bool(row["high"])


def resource_scan(resource_id: str) -> Row | None:
    return store.latest(resource_id)


def period_scan(package_id: str, period: str) -> Row | None:
    return store.latest(period_subject(package_id, period))


def held_resource(resource: model.Resource | None) -> bool:
    """Whether ``resource`` (an upload of a terbuka dataset) is held."""
    if resource is None:
        return False
    row = store.latest(resource.id)
    if row is None:
        return False
    return held(row, is_terbuka(resource.package))


def held_resources(package_id: str, resource_ids: list[str]) -> set[str]:
    """Which of ``resource_ids`` (of one dataset) are held."""
    package = model.Package.get(package_id)
    if not is_terbuka(package):
        return set()
    return {rid for rid, row in store.latest_of_resources(resource_ids).items()
            if held(row)}


# ---------------------------------------------------------------- starting


_KEY = ("kind", "package_id", "subject", "marker", "resource_id", "period",
        "label")


def _enqueue(row: Row) -> None:
    """Queue the job of ``row``'s scan. It gets the scan's key, not its id:
    a row made in a transaction not committed yet is waited for."""
    key = {name: row[name] for name in _KEY}
    try:
        jobs.enqueue(run_job, [key], title="satudata personal-data check",
                     queue=QUEUE, timeout=1800)
    except Exception:  # Redis down: the scan stays pending (rescan later)
        log.exception("Could not queue the personal-data check %s", row["id"])


def _user_id(name: str | None) -> str | None:
    user = model.User.get(name) if name else None
    return user.id if user else None


def _filename(resource: dict[str, Any]) -> str:
    return os.path.basename(str(resource.get("url") or "").split("?")[0])


def resource_saved(context: Any, resource: dict[str, Any]) -> Row | None:
    """After a resource create or update: a new upload of a CSV/XLSX file
    to a terbuka dataset gets a pending scan and its job. Commits (the
    resource is committed already) unless the caller defers."""
    if resource.get("url_type") != "upload":
        return None
    filename = _filename(resource)
    if os.path.splitext(filename)[1].lower() not in TABULAR:
        return None
    package = model.Package.get(resource.get("package_id") or "")
    if not is_terbuka(package):
        return None
    assert package is not None
    marker = str(resource.get("last_modified") or resource.get("created") or "")
    row = store.ensure(
        RESOURCE, package.id, resource["id"], marker, resource_id=resource["id"],
        label=filename, requested_by=_user_id(context.get("user")),
    )
    if not context.get("defer_commit"):
        model.Session.commit()
    if row["status"] == PENDING and row["started"] is None:
        _enqueue(row)
    return row


def period_moved(package: model.Package, grid: Any,
                 transition: dict[str, Any]) -> None:
    """A period submitted or verified gets a pending scan of its revision
    and its job (in the move's transaction: the job waits for its
    commit)."""
    if transition.get("to_state") not in ("submitted", "verified"):
        return
    row = store.ensure(
        PERIOD, package.id, period_subject(package.id, grid.period.id),
        str(transition["revision"]), period=grid.period.id,
        label=grid.period.label, requested_by=transition.get("user_id"),
    )
    if row["status"] == PENDING and row["started"] is None:
        _enqueue(row)


def rescan(row: Row, user_id: str | None) -> Row:
    """Start ``row``'s scan again (its confirmation dropped)."""
    store.update(row["id"], status=PENDING, findings=[], rows_read=0,
                 truncated=False, high=False, error=None, error_params=None,
                 confirmed=None, confirmed_by=None, note="", started=None,
                 finished=None, requested_by=user_id)
    found = store.get(row["id"])
    assert found is not None
    return found


def enqueue(row: Row) -> None:
    _enqueue(row)


# ---------------------------------------------------------------- running


def run_job(key: dict[str, Any]) -> None:
    """The background job: scan the subject of ``key`` at its marker unless
    done already. The request that made the scan may not have committed
    yet: the unique key makes this wait for it."""
    found = dict(key)
    row = store.ensure(
        found.pop("kind"), found.pop("package_id"), found.pop("subject"),
        found.pop("marker"), **found,
    )
    model.Session.commit()
    run(row["id"])


def run(scan_id: str, session: Any = None, values: dict[str, Any] | None = None,
        grid: Any = None) -> Row | None:
    """Scan ``scan_id`` when pending (or running: a job that died); records
    the outcome and commits on ``session``. ``grid`` and ``values``: the
    period's, when the caller holds them."""
    db = session if session is not None else model.Session
    row = store.get(scan_id, lock=True, session=session)
    if row is None or row["status"] in (DONE, FAILED):
        db.commit()
        return row
    store.update(scan_id, session=session, status=RUNNING, started=store.now())
    db.commit()
    try:
        if row["kind"] == RESOURCE:
            outcome = _scan_resource(row)
        else:
            outcome = _scan_period(row, grid, values)
    except personaldata.UnreadableFile as error:
        db.rollback()
        store.update(scan_id, session=session, status=FAILED, error=error.msgid,
                     error_params=error.params, finished=store.now())
    except Exception:
        log.exception("Personal-data check %s failed", scan_id)
        db.rollback()
        store.update(scan_id, session=session, status=FAILED, error=INTERNAL_ERROR,
                     error_params={}, finished=store.now())
    else:
        store.update(scan_id, session=session, status=DONE, finished=store.now(),
                     **outcome)
    db.commit()
    return store.get(scan_id, session=session)


def _outcome(scan: personaldata.Scan, names: list[str] | None = None
             ) -> dict[str, Any]:
    header = dict(scan.header_rows)
    findings = []
    for found in scan.findings:
        offset = header.get(found.sheet, 0) if scan.header_rows else 0
        item = {
            "column": found.column, "column_index": found.column_index,
            "kind": found.kind, "confidence": found.confidence,
            "found_by": list(found.found_by),
            "rows": [offset + n for n in found.rows],
            "row_count": found.row_count, "example": found.example,
            "sheet": found.sheet,
        }
        if names is not None:
            item["row_names"] = [names[n - 1] for n in found.rows
                                 if 0 < n <= len(names)]
        findings.append(item)
    return {
        "findings": findings, "rows_read": scan.rows_read,
        "truncated": scan.truncated,
        "high": personaldata.holds_high_confidence(scan),
    }


def _resource_bytes(resource: model.Resource) -> bytes:
    from ckan.lib import files, uploader

    data = {"id": resource.id, "url": resource.url, "url_type": resource.url_type}
    upload = uploader.get_resource_uploader(data)
    path = upload.get_path(resource.id)
    storage = getattr(upload, "storage", None)
    if storage is not None:
        location = files.Location(path)
        file_data = files.FileData(location, size=storage.size(location))
        return b"".join(storage.stream(file_data))
    with open(path, "rb") as f:
        return f.read()


def _scan_resource(row: Row) -> dict[str, Any]:
    resource = model.Resource.get(row["resource_id"])
    if resource is None or resource.state == "deleted":
        raise personaldata.UnreadableFile(N_("The file was removed."))
    data = _resource_bytes(resource)
    scan = personaldata.scan_file(data, row["label"] or resource.url,
                                  max_rows=config.max_rows())
    return _outcome(scan)


def _scan_period(row: Row, grid: Any, values: dict[str, Any] | None
                 ) -> dict[str, Any]:
    from ckanext.satudata.indicators import api as indicators

    if grid is None or values is None:
        package = indicators.package(row["package_id"])
        grid = indicators.grid_for(package, row["period"])
        found = indicators.submission_row(package.id, row["period"])
        values = found["values"] if found else {}
    components = list(grid.components)
    columns = [c.name for c in components]
    table = [[(values.get(r.code) or {}).get(c.code) for c in components]
             for r in grid.rows]
    scan = personaldata.scan_table(columns, table, max_rows=config.max_rows())
    return _outcome(scan, [r.name for r in grid.rows])


# ---------------------------------------------------------------- publication


class Held(Exception):
    """The period may not be published: ``row`` is its scan."""

    def __init__(self, row: Row) -> None:
        super().__init__(row["id"])
        self.row = row


def check_publication(package: model.Package, grid: Any,
                      submission: dict[str, Any]) -> Row:
    """The finished scan of the period's revision, made now (in a
    transaction of its own, so that it stays when the publication is
    refused) when there is none; raises :class:`Held` when it holds the
    publication."""
    subject = period_subject(package.id, grid.period.id)
    with orm.Session(bind=model.meta.engine) as session:
        row = store.ensure(
            PERIOD, package.id, subject, str(submission["revision"]),
            period=grid.period.id, label=grid.period.label, session=session,
        )
        session.commit()
        if row["status"] in (PENDING, RUNNING):
            found = run(row["id"], session=session, values=submission["values"],
                        grid=grid)
            assert found is not None
            row = found
    if held(row, is_terbuka(package)):
        raise Held(row)
    return row


def confirm(row: Row, user_id: str, note: str) -> None:
    store.update(row["id"], confirmed=store.now(), confirmed_by=user_id, note=note)
