"""Background work of the monitoring (queue ``satudata``): the daily
refresh of the whole fact table."""

from __future__ import annotations

import logging

from ckan import model

from ckanext.satudata import jobs
from ckanext.satudata.monitoring import cache, facts

log = logging.getLogger(__name__)

QUEUE = "satudata"


def refresh_all() -> int:
    """Rewrite every fact row, commit, invalidate the cached figures."""
    rows = facts.refresh(None)
    model.Session.commit()
    cache.bump()
    log.info("monitoring: %s period rows refreshed", rows)
    return rows


def enqueue_refresh() -> str:
    job = jobs.enqueue(refresh_all, queue=QUEUE,
                       title="satudata monitoring refresh", timeout=3600)
    return job.id


def refresh_packages(package_ids: list[str]) -> None:
    """Rewrite the rows of some datasets in the caller's transaction (a
    receiver of a change) and invalidate the cached figures."""
    facts.refresh(package_ids)
    cache.bump()
