"""Background jobs of every plugin, queued one way.

Each plugin queues its long work (imports, e-mails, reminders, checks,
reports) with :func:`enqueue`: CKAN's ``enqueue_job`` plus a retry. A job
whose worker dies mid-run (killed, out of memory, a restart during a
deployment) is "abandoned": RQ finds it when the worker's heartbeat
expires and, because the job has retries left, puts it back on its queue
instead of failing it (``StartedJobRegistry.cleanup``). A job that raises
is also run again, up to :data:`RETRIES` times, so every job is written to
be run twice without harm (it re-reads what it must do from the database).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from rq import Retry
from rq.job import Job

#: Times a failed or abandoned job is queued again.
RETRIES = 2


def retry_intervals() -> list[int]:
    """Seconds before each retry (``ckanext.satudata.jobs.retry_seconds``;
    the worker's scheduler queues a delayed retry, 0 queues it at once)."""
    text = tk.config.get("ckanext.satudata.jobs.retry_seconds") or "30 300"
    try:
        seconds = [int(part) for part in str(text).split()]
    except ValueError:
        seconds = [-1]
    if any(value < 0 for value in seconds):
        raise ValueError("ckanext.satudata.jobs.retry_seconds: whole seconds"
                         f" of 0 or more, separated by spaces, not {text!r}")
    return seconds


def enqueue(fn: Callable[..., Any], args: list[Any] | None = None, *,
            title: str, queue: str, timeout: int | None = None) -> Job:
    """Queue ``fn(*args)`` on ``queue`` with :data:`RETRIES` retries.

    ``timeout`` (seconds) overrides ``ckan.jobs.timeout`` for long work.
    """
    rq_kwargs: dict[str, Any] = {
        "retry": Retry(max=RETRIES, interval=retry_intervals()),
    }
    if timeout:
        rq_kwargs["timeout"] = timeout
    return tk.enqueue_job(fn, args or [], title=title, queue=queue,
                          rq_kwargs=rq_kwargs)
