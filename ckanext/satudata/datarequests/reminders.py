"""Reminders of the data balikan (SOP step 10: "Mengirim pemberitahuan
(reminder) kepada Pemohon Data untuk segera mengunggah Data Balikan").

A request waiting for its data balikan (``menunggu_data_balikan``) with a
due date gets a reminder to its requester, in the app and by e-mail:

- at each of ``ckanext.satudata.datarequests.reminder_days`` working days
  before the due date (``7 0``: seven working days before, and on the due
  day itself);
- then every week after the due date (7, 14, 21... days later) while it
  is overdue.

Each reminder is sent once: its notification keeps ``reminder`` (the due
date and which reminder, e.g. ``2026-04-16:7``, ``2026-04-16:due``,
``2026-04-16:late-2``), and a run that finds it sends nothing. A run that
was missed catches up with the latest reminder only. A new due date (the
walidata sent the data balikan back) starts again.

Run daily by ``ckan satudata-datarequests remind`` (from cron), which
queues :func:`job` (queue ``satudata``).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.satudata import jobs
from ckanext.satudata.calendar import api as calendar
from ckanext.satudata.datarequests import config, notify, statuses, store
from ckanext.satudata.workflow import api as workflow

log = logging.getLogger(__name__)
QUEUE = "satudata"
STEP = "balikan_reminder"
#: One run at a time (a transaction-level advisory lock).
LOCK = "satudata_datarequests_remind"


def working_days_before(day: dt.date, n: int) -> dt.date:
    """The working day ``n`` working days before ``day`` (``day`` itself,
    or the working day before it when it is not one, for 0)."""
    current = day
    while not calendar.is_working_day(current):
        current -= dt.timedelta(days=1)
    for _ in range(n):
        current -= dt.timedelta(days=1)
        while not calendar.is_working_day(current):
            current -= dt.timedelta(days=1)
    return current


def schedule(due: dt.date, today: dt.date,
             days: list[int] | None = None) -> list[tuple[dt.date, str]]:
    """The reminders of a data balikan due on ``due``, up to ``today``:
    ``(day, key)`` in order of day."""
    days = config.reminder_days() if days is None else days
    found: dict[str, dt.date] = {}
    for n in days:
        key = f"{due.isoformat()}:{'due' if n == 0 else n}"
        found[key] = due if n == 0 else working_days_before(due, n)
    week = 1
    while due + dt.timedelta(days=7 * week) <= today:
        found[f"{due.isoformat()}:late-{week}"] = due + dt.timedelta(days=7 * week)
        week += 1
    return sorted(((day, key) for key, day in found.items() if day <= today),
                  key=lambda item: (item[0], item[1]))


def current(due: dt.date, today: dt.date,
            days: list[int] | None = None) -> str | None:
    """The key of the reminder due ``today`` (the latest one whose day has
    come), ``None`` before the first."""
    planned = schedule(due, today, days)
    return planned[-1][1] if planned else None


def _due(value: Any) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _waiting() -> list[dict[str, Any]]:
    return [dict(row) for row in model.Session.execute(
        sa.select(store.table).where(
            store.table.c.status == statuses.MENUNGGU_DATA_BALIKAN,
            store.table.c.balikan_due.is_not(None),
        ).order_by(store.table.c.balikan_due, store.table.c.number)
    ).mappings()]


def facts(due: dt.date, today: dt.date) -> dict[str, Any]:
    """What a reminder says of the due date: ``overdue``, ``days_left``
    (working days from today to the due day), ``days_overdue``."""
    overdue = today > due
    return {
        "overdue": overdue,
        "days_left": 0 if overdue else calendar.working_days_between(today, due),
        "days_overdue": calendar.working_days_between(due, today) if overdue else 0,
    }


def remind(now: dt.datetime | None = None) -> list[str]:
    """Create today's reminders in the caller's transaction; the ids of
    the notifications (for ``notify.after_commit`` once committed)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    today = calendar.local_date(now)
    days = config.reminder_days()
    model.Session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                          {"key": LOCK})
    ids: list[str] = []
    for row in _waiting():
        due = _due(row["balikan_due"])
        key = current(due, today, days) if due else None
        if key is None:
            continue
        if workflow.notified(notify.kind(STEP), {"request_id": row["id"],
                                                 "reminder": key}):
            continue
        request = store.expand(row)
        ids.extend(notify.step(request, STEP, None, reminder=key,
                               **facts(due, today)))
    return ids


def job(now: str | None = None) -> dict[str, int]:
    """Background job: create today's reminders, commit, e-mail them."""
    moment = dt.datetime.fromisoformat(now) if now else None
    try:
        ids = remind(moment)
        model.repo.commit()
    except Exception:
        model.Session.rollback()
        raise
    notify.after_commit(ids)
    log.info("Data balikan reminders: %s sent", len(ids))
    return {"reminded": len(ids)}


def enqueue() -> None:
    """Queue :func:`job` (queue ``satudata``)."""
    jobs.enqueue(job, title="satudata data balikan reminders", queue=QUEUE)
