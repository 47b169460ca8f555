"""Figures of the portal's parts besides the web requests: background job
queues (RQ, CKAN's Redis), search index freshness, datasets, file storage
and the database. Each function reads (never writes) and raises on
failure; :func:`safely` turns a failure into ``None`` and a log line."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
from collections.abc import Callable
from typing import Any, TypeVar

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib import jobs

from ckanext.satudata.metrics import config as metrics_config

log = logging.getLogger(__name__)

T = TypeVar("T")

#: A walk of the storage folder stops after this many files or seconds
#: (``complete`` is then false and the size a lower bound).
STORAGE_MAX_FILES = 200_000
STORAGE_MAX_SECONDS = 2.0


def safely(name: str, function: Callable[[], T]) -> T | None:
    """``function()``, or ``None`` (logged) when it fails; a failed
    database statement is rolled back so that the request goes on."""
    try:
        return function()
    except Exception:  # one part failing hides only its figures
        log.warning("Metrics: %s not available", name, exc_info=True)
        try:
            model.Session.rollback()
        except Exception:
            log.debug("rollback failed", exc_info=True)
        return None


def _utc(value: Any) -> dt.datetime | None:
    """A datetime or ISO text as an aware UTC datetime (naive ones are
    UTC, as CKAN stores them)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(value, dt.datetime):
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


# ---- job queues -----------------------------------------------------------


def queue_names() -> list[str]:
    """The configured and known queues plus those present in Redis for
    this site (names without the site prefix), sorted."""
    names = set(metrics_config.queues())
    for queue in jobs.get_all_queues():
        try:
            names.add(jobs.remove_queue_name_prefix(queue.name))
        except ValueError:
            continue
    return sorted(names)


def queues(now: float | None = None) -> list[dict[str, Any]]:
    """For each queue: ``queued`` (waiting), ``started`` (running),
    ``failed`` (in RQ's failed job registry), ``scheduled`` and
    ``oldest_seconds`` (how long the first waiting job has waited;
    ``None`` when none waits)."""
    now = time.time() if now is None else now
    found = []
    for name in queue_names():
        queue = jobs.get_queue(name)
        queued = queue.count
        oldest = None
        if queued:
            ids = queue.get_job_ids(0, 1)
            job = queue.fetch_job(ids[0]) if ids else None
            enqueued = _utc(job.enqueued_at) if job is not None else None
            if enqueued is not None:
                oldest = max(0.0, now - enqueued.timestamp())
        found.append({
            "name": name,
            "queued": queued,
            "started": queue.started_job_registry.count,
            "failed": queue.failed_job_registry.count,
            "scheduled": queue.scheduled_job_registry.count,
            "oldest_seconds": oldest,
        })
    return found


# ---- search index ---------------------------------------------------------


def _search_status() -> dict[str, Any] | None:
    """``satudata_search_status`` when the embedded search plugin is on."""
    try:
        action = tk.get_action("satudata_search_status")
    except (KeyError, AttributeError):
        return None
    return action({"ignore_auth": True}, {})


def search_index(now: dt.datetime | None = None) -> dict[str, Any]:
    """How far the search index trails the database.

    ``database_newest`` is the newest ``metadata_modified`` of an active
    dataset, ``index_newest`` that of the newest dataset the search index
    returns (``package_search``: the embedded engine or Solr alike);
    ``lag_seconds`` is how much older the index's is (0 when the index has
    the newest change), ``age_seconds`` the time since the index's newest
    change. ``datasets`` (active datasets), ``indexed`` (found by search)
    and ``missing`` (active datasets not in the index: the search plugin's
    ``satudata_search_status``, else the difference of the counts)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    newest, active = model.Session.query(
        sa.func.max(model.Package.metadata_modified), sa.func.count(model.Package.id),
    ).filter(model.Package.state == "active").one()
    found = tk.get_action("package_search")({"ignore_auth": True}, {
        "q": "", "sort": "metadata_modified desc", "rows": 1,
        "include_private": True, "fl": ["id", "metadata_modified"],
    })
    results = found.get("results") or []
    indexed_newest = _utc(results[0].get("metadata_modified")) if results else None
    database_newest = _utc(newest)
    if database_newest is None:
        lag = 0.0
    elif indexed_newest is None:
        lag = max(0.0, (now - database_newest).total_seconds())
    else:
        lag = max(0.0, (database_newest - indexed_newest).total_seconds())
    status = _search_status()
    missing = status["missing"] if status else max(0, active - found["count"])
    return {
        "engine": status["engine"] if status else "solr",
        "datasets": active,
        "indexed": found["count"],
        "missing": missing,
        "database_newest": database_newest.isoformat() if database_newest else None,
        "index_newest": indexed_newest.isoformat() if indexed_newest else None,
        "lag_seconds": int(lag),
        "age_seconds": (int((now - indexed_newest).total_seconds())
                        if indexed_newest else None),
    }


# ---- datasets, storage, database ------------------------------------------


def datasets() -> dict[str, int]:
    """Datasets in the database by state (active, draft, deleted)."""
    return {str(state): int(count) for state, count in model.Session.query(
        model.Package.state, sa.func.count(model.Package.id),
    ).group_by(model.Package.state).all()}


def storage_path() -> str:
    return str(tk.config.get("ckan.storage_path") or "")


def disk(path: str | None = None) -> dict[str, Any] | None:
    """Total, used and free bytes of the file system of ``ckan.storage_path``."""
    path = storage_path() if path is None else path
    if not path or not os.path.isdir(path):
        return None
    usage = shutil.disk_usage(path)
    return {"total_bytes": usage.total, "used_bytes": usage.used,
            "free_bytes": usage.free}


def folder_size(path: str, max_files: int = STORAGE_MAX_FILES,
                max_seconds: float = STORAGE_MAX_SECONDS) -> dict[str, Any]:
    """Bytes and files under ``path`` (symbolic links not followed), the
    walk capped at ``max_files`` files or ``max_seconds`` seconds
    (``complete`` false then)."""
    deadline = time.monotonic() + max_seconds
    size = files = seen = 0
    pending = [path]
    complete = True
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    size += entry.stat(follow_symlinks=False).st_size
                    files += 1
            except OSError:
                continue
            if files >= max_files or (seen % 1000 == 0
                                      and time.monotonic() > deadline):
                complete = False
                pending = []
                break
    return {"bytes": size, "files": files, "complete": complete}


def storage() -> dict[str, Any]:
    """``ckan.storage_path``: its size (capped walk) and its disk."""
    path = storage_path()
    if not path or not os.path.isdir(path):
        return {"path": path, "exists": False, "bytes": None, "files": None,
                "complete": False, "disk": None}
    return {"path": path, "exists": True, **folder_size(path), "disk": disk(path)}


def database_size() -> int:
    """Bytes of CKAN's database (``pg_database_size``)."""
    return int(model.Session.execute(
        sa.text("SELECT pg_database_size(current_database())")).scalar_one())
