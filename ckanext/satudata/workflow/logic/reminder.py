"""The daily reminder to operators: returned periods past their deadline
and due periods not sent yet (not filled, or a draft), one notification
per user per day, e-mailed.

Run by ``ckan satudata-workflow remind`` (from cron) or the action
``satudata_reminder_send``. Operators are the editors of an OPD (they fill
and correct its values); an OPD's periods are counted for each of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.indicators.logic import due, roles

from . import mail, queues, store

Item = dict[str, Any]
KEPT = ("package_id", "package_name", "title", "organization_title", "period",
        "period_label", "deadline", "overdue")


def _operators() -> list[model.User]:
    """Active users who are editors of an active organization."""
    return (
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .filter(
            model.Member.table_name == "user",
            model.Member.state == "active",
            model.Member.capacity == "editor",
            model.Group.is_organization.is_(True),
            model.Group.state == "active",
            model.User.state == "active",
            model.User.name != tk.config.get("ckan.site_id"),
        )
        .distinct()
        .order_by(model.User.name)
        .all()
    )


def _start_of_day(now: dt.datetime | None = None) -> dt.datetime:
    """Midnight of today, in ``ckan.display_timezone`` (else the server's
    time zone)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    zone = tk.config.get("ckan.display_timezone")
    now = now.astimezone(ZoneInfo(zone) if zone and zone != "server" else None)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _kept(item: Item) -> Item:
    return {key: item.get(key) for key in KEPT}


def what_is_due(user: model.User,
                today: dt.date | None = None) -> dict[str, list[Item]]:
    """For ``user``: ``returns`` (returned periods past their deadline in
    their operator queue) and ``due`` (due periods of their OPDs with no
    data sent yet)."""
    organizations = roles.organization_ids(user.name, "editor")
    if not organizations:
        return {"returns": [], "due": []}
    returns = [item for item in queues.returned(organizations) if item["overdue"]]
    periods = due.due_periods(organizations, include_drafts=True, today=today)
    return {"returns": [_kept(i) for i in returns], "due": [_kept(i) for i in periods]}


def create(today: dt.date | None = None,
           now: dt.datetime | None = None) -> list[str]:
    """Create today's reminder of every operator who has something to do
    and was not reminded yet today; commits; the new notifications' ids."""
    store.lock_reminders()
    since = _start_of_day(now)
    created = []
    for user in _operators():
        if store.notified_since(user.id, "reminder", since):
            continue
        found = what_is_due(user, today)
        if not found["returns"] and not found["due"]:
            continue
        created.append(store.create_notification(
            user_id=user.id, kind="reminder", package_id=None, period=None,
            transition_id=None, data=found,
        ))
    model.Session.commit()
    return created


def job() -> dict[str, int]:
    """Job: create today's reminders and e-mail them at once."""
    created = create()
    sent = mail.send(created) if mail.enabled() else 0
    return {"reminded": len(created), "emailed": sent}


def enqueue() -> None:
    """Run :func:`job` in the background (queue ``satudata``)."""
    tk.enqueue_job(job, title="satudata daily reminder", queue=mail.QUEUE)
