"""The portal's background worker: CKAN's, made to lose no job.

``ckan satudata-operations worker`` is CKAN's ``jobs worker`` on every
queue of :data:`ckanext.satudata.deployment.WORKER_QUEUES`, with two
differences:

- it beats every :data:`HEARTBEAT_SECONDS` (RQ: 30) and checks its
  registries every :func:`maintenance_seconds` (RQ: ten minutes), so a job
  abandoned by a worker that died (its heartbeat stops; RQ waits
  ``HEARTBEAT_SECONDS`` + 60 s) is found within two minutes and, having
  retries left (``ckanext.satudata.jobs``), queued again;
- it runs RQ's scheduler, which queues the delayed retries of failed jobs;
- its work horse (the process forked for each job) keeps the CKAN
  environment the worker loaded when it started, instead of loading it
  again (CKAN's worker does, about 2 s of every job on a 2-core machine:
  a portal's e-mails and checks after a busy hour queued for minutes).
  The database engine is still disposed before the fork, as CKAN's does.

``make demo``, ``make prod`` and the Docker image's worker all start it
(``scripts/portal.sh worker``).
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.deployment import WORKER_QUEUES

log = logging.getLogger(__name__)

#: Seconds between the heartbeats of a running job.
HEARTBEAT_SECONDS = 10


def maintenance_seconds() -> int:
    return tk.config["ckanext.satudata.operations.worker_maintenance_seconds"]


def _worker_class() -> type:
    import rq
    from ckan.lib.jobs import Worker

    class PortalWorker(Worker):
        def main_work_horse(self, job: Any, queue: Any) -> Any:
            # skip CKAN's load_environment(): the fork has it already
            return rq.Worker.main_work_horse(self, job, queue)

    return PortalWorker


def run(queues: list[str] | None = None, burst: bool = False) -> None:
    """Work on ``queues`` (all of the portal's by default) until stopped."""
    names = list(queues or WORKER_QUEUES)
    worker = _worker_class()(
        names,
        maintenance_interval=maintenance_seconds(),
        job_monitoring_interval=HEARTBEAT_SECONDS,
    )
    log.info("satudata worker on queues %s", ", ".join(names))
    worker.work(burst=burst, with_scheduler=True)
