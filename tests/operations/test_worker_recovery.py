"""No job is lost when the worker dies mid-job: the portal's worker
(``ckan satudata-operations worker``, what demo, prod and the image run)
is killed with its work horse while a job runs; the job, queued with
retries by ``ckanext.satudata.jobs``, goes back on its queue when RQ finds
it abandoned, and a new worker runs it to the end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ckan.lib import jobs as ckan_jobs
from rq.registry import StartedJobRegistry

from ckanext.satudata import jobs

QUEUE = "satudata"
pytestmark = [
    pytest.mark.usefixtures("clean_redis"),
    # a retry at once (by default after 30 s, queued by the worker's scheduler)
    pytest.mark.ckan_config("ckanext.satudata.jobs.retry_seconds", "0"),
]


def _worker(ini: str, *args: str) -> subprocess.Popen:
    ckan = str(Path(sys.executable).with_name("ckan"))
    return subprocess.Popen(
        [ckan, "-c", ini, "satudata-operations", "worker", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_a_job_of_a_killed_worker_runs_again(request, tmp_path):
    ini = str(Path(request.config.getoption("--ckan-ini")).resolve())
    marker = tmp_path / "runs"
    # the job: note the run, then sleep long enough to be killed mid-way
    # on its first run only
    job = jobs.enqueue(
        os.system,
        [f"echo run >> {marker}; [ $(wc -l < {marker}) -gt 1 ] || sleep 60"],
        title="satudata test slow job",
        queue=QUEUE,
    )
    worker = _worker(ini, QUEUE)
    try:
        _wait(lambda: marker.exists(), 60)
        assert job.get_status(refresh=True) == "started"
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its work horse
        worker.wait(10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    queue = ckan_jobs.get_queue(QUEUE)
    # RQ finds the job abandoned once the dead worker's heartbeat expires
    # (at most 90 s; the portal's worker looks every minute): here at once
    StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + 1000)
    assert job.get_status(refresh=True) == "queued"
    assert job.id in queue.job_ids

    again = _worker(ini, "--burst", QUEUE)
    assert again.wait(120) == 0
    assert job.get_status(refresh=True) == "finished"
    assert marker.read_text().splitlines() == ["run", "run"]


def test_the_work_horse_runs_ckan_jobs_without_loading_ckan_again(request):
    """The horse keeps the environment its worker loaded (CKAN's worker
    loads it again for every job): a job reading the database, the
    configuration and the plugins' actions still runs."""
    from ckanext.satudata.monitoring import jobs as monitoring_jobs

    ini = str(Path(request.config.getoption("--ckan-ini")).resolve())
    job_id = monitoring_jobs.enqueue_refresh()
    worker = _worker(ini, "--burst", QUEUE)
    assert worker.wait(120) == 0
    job = ckan_jobs.get_queue(QUEUE).fetch_job(job_id)
    assert job.get_status(refresh=True) == "finished"
    assert isinstance(job.return_value(), int)
