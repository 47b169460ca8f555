"""The daily reminder: to operators, returned periods past their deadline
and due periods not sent yet (not filled, or a draft); to verifikators,
periods submitted ``review_reminder_days`` ago or more and still waiting
for them; to walidata, verified periods waiting as long. One notification
per user per day, e-mailed.

Run by ``ckan satudata-workflow remind`` (from cron) or the action
``satudata_reminder_send``. Operators are the editors of an OPD (they fill
and correct its values), verifikators its admins; an OPD's periods are
counted for each of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from ckan import model

from ckanext.satudata import jobs, roles
from ckanext.satudata.config import site_id
from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.workflow import config, mail, queues, store

Item = dict[str, Any]
KEPT = ("package_id", "package_name", "title", "organization_title", "period",
        "period_label", "deadline", "overdue", "modified")
#: What a reminder lists, in the order it lists it.
SECTIONS = ("returns", "due", "to_verify", "to_publish")


def _members() -> list[model.User]:
    """Active users who are editors (operators) or admins (verifikators)
    of an active organization."""
    return (
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .filter(
            model.Member.table_name == "user",
            model.Member.state == "active",
            model.Member.capacity.in_(("editor", "admin")),
            model.Group.is_organization.is_(True),
            model.Group.state == "active",
            model.User.state == "active",
            model.User.name != site_id(),
        )
        .distinct()
        .order_by(model.User.name)
        .all()
    )


def _start_of_day(now: dt.datetime | None = None) -> dt.datetime:
    """Midnight of today, in ``ckan.display_timezone`` (else the server's
    time zone)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    zone = config.display_timezone()
    now = now.astimezone(ZoneInfo(zone) if zone and zone != "server" else None)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _kept(item: Item) -> Item:
    return {key: item.get(key) for key in KEPT}


def _waiting(items: list[Item], now: dt.datetime) -> list[Item]:
    """``items`` that entered their state ``review_reminder_days`` ago or
    more, the longest waiting first."""
    days = config.review_reminder_days()
    if days <= 0:
        return []
    before = now - dt.timedelta(days=days)
    waiting = [i for i in items if dt.datetime.fromisoformat(i["modified"]) <= before]
    return [_kept(i) for i in sorted(waiting, key=lambda i: i["modified"])]


def what_is_due(user: model.User, today: dt.date | None = None,
                now: dt.datetime | None = None) -> dict[str, list[Item]]:
    """For ``user``: ``returns`` (returned periods past their deadline in
    their operator queue), ``due`` (due periods of their OPDs with no data
    sent yet), ``to_verify`` (periods of the OPDs they verify, submitted
    long enough ago) and ``to_publish`` (walidata: verified periods
    waiting as long)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    found: dict[str, list[Item]] = {section: [] for section in SECTIONS}
    operator_of = roles.organization_ids(user.name, "editor")
    if operator_of:
        found["returns"] = [
            _kept(i) for i in queues.returned(operator_of) if i["overdue"]
        ]
        found["due"] = [_kept(i) for i in indicators.due_periods(
            operator_of, include_drafts=True, today=today,
        )]
    verifier_of = roles.organization_ids(user.name, "admin")
    if verifier_of:
        found["to_verify"] = _waiting(queues.submitted(verifier_of), now)
    if roles.is_walidata(user.name):
        found["to_publish"] = _waiting(queues.verified(), now)
    return found


def create(today: dt.date | None = None,
           now: dt.datetime | None = None) -> list[str]:
    """Create today's reminder of every operator who has something to do
    and was not reminded yet today; commits; the new notifications' ids."""
    store.lock_reminders()
    since = _start_of_day(now)
    created = []
    users = {user.id: user for user in _members()}
    users.update({user.id: user for user in roles.walidata_users()})
    for user in sorted(users.values(), key=lambda u: u.name):
        if store.notified_since(user.id, "reminder", since):
            continue
        found = what_is_due(user, today, now)
        if not any(found.values()):
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
    jobs.enqueue(job, title="satudata daily reminder", queue=mail.QUEUE)
