"""The scheduler process: runs each daily task at its time.

APScheduler's cron triggers fire the tasks of :mod:`.schedule`; each runs
as its own ``ckan -c <ini> <command>`` process (a failing or slow task
does not stop the others; most commands only queue a background job).
The last run of each task is kept in Redis, so a scheduler that was down
at a task's time (a restart, a deployment) runs the missed task once when
it starts again, and ``ckan satudata-operations schedule`` shows what ran.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

from ckanext.satudata.operations import schedule

log = logging.getLogger(__name__)

#: Seconds a task may run before it is stopped.
TASK_TIMEOUT = 6 * 3600


def timezone() -> ZoneInfo:
    return ZoneInfo(tk.config["ckanext.satudata.operations.timezone"])


def tasks() -> list[schedule.Task]:
    return schedule.parse(tk.config["ckanext.satudata.operations.schedule"])


def _key(task: schedule.Task) -> str:
    return f"satudata:operations:{tk.config['ckan.site_id']}:task:{task.name}"


def last_run(task: schedule.Task) -> dict[str, Any] | None:
    raw = connect_to_redis().get(_key(task))
    return json.loads(raw) if raw else None


def _ckan() -> str:
    return str(Path(sys.executable).with_name("ckan"))


def run_task(task: schedule.Task) -> int:
    """Run ``task`` now; record when and how it ended."""
    started = dt.datetime.now(dt.timezone.utc)
    command = [_ckan(), "-c", tk.config["__file__"], *task.command]
    log.info("task %s: %s", task.name, " ".join(task.command))
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TASK_TIMEOUT, check=False
        )
        status, output = done.returncode, (done.stdout + done.stderr)[-2000:]
    except (OSError, subprocess.TimeoutExpired) as error:
        status, output = -1, str(error)
    record = {
        "started": started.isoformat(),
        "status": status,
        "seconds": round(
            (dt.datetime.now(dt.timezone.utc) - started).total_seconds(), 1
        ),
        "output": output,
    }
    connect_to_redis().set(_key(task), json.dumps(record))
    (log.info if status == 0 else log.error)(
        "task %s ended with %s after %s s%s",
        task.name,
        status,
        record["seconds"],
        "" if status == 0 else f": {output[-500:]}",
    )
    return status


def missed(now: dt.datetime) -> list[schedule.Task]:
    """Tasks whose last due run did not happen (the scheduler was down)."""
    found = []
    for task in tasks():
        record = last_run(task)
        when = dt.datetime.fromisoformat(record["started"]) if record else None
        if task.missed(now, when):
            found.append(task)
    return found


def run_forever() -> None:
    """Run the scheduler in the foreground until SIGINT/SIGTERM."""
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger

    zone = timezone()
    scheduler = BlockingScheduler(timezone=zone)
    for task in tasks():
        scheduler.add_job(
            run_task,
            CronTrigger(hour=task.hour, minute=task.minute, timezone=zone),
            args=[task],
            id=task.name,
            name=task.name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )
    now = dt.datetime.now(zone)
    for task in missed(now):
        log.warning(
            "task %s was due at %s while the scheduler was down: running it now",
            task.name,
            task.last_due(now).isoformat(),
        )
        scheduler.add_job(run_task, args=[task], id=f"{task.name}-missed")
    log.info("satudata scheduler: %s", ", ".join(f"{t.name} {t.time}" for t in tasks()))

    def stop(_signal: int, _frame: Any) -> None:  # SIGTERM of supervisord/docker
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=False)
    sys.exit(0)
