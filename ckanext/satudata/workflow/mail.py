"""E-mail of notifications, sent by background jobs (queue ``satudata``).

Each notification is e-mailed at most once (``emailed`` is claimed before
sending; a failed send releases it). The e-mails are in Indonesian
(``templates/satudata/workflow/emails/<kind>.txt``, first line the
subject): they go to civil servants of the region.
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import mailer

from ckanext.satudata import jobs
from ckanext.satudata.config import site_url
from ckanext.satudata.mail import indonesian_date, template_context
from ckanext.satudata.workflow import config, inbox, store

log = logging.getLogger(__name__)
QUEUE = "satudata"
LIST_MAX = 20  # periods listed in a reminder e-mail


def enabled() -> bool:
    return config.notification_emails()


def enqueue(notification_ids: list[str]) -> None:
    """Send the e-mails of ``notification_ids`` in a background job. The
    moves are committed already: when the queue is down this is logged,
    and the notifications stay in the app."""
    if not notification_ids or not enabled():
        return
    try:
        jobs.enqueue(send, [notification_ids],
                     title="satudata notification e-mail", queue=QUEUE)
    except Exception:  # Redis down: the move stands, the e-mail is lost
        log.exception("Could not queue the e-mail of notifications %s",
                      notification_ids)


def _listed(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{
        **item,
        "deadline_text": indonesian_date(item.get("deadline")),
        "since_text": indonesian_date((item.get("modified") or "")[:10]),
        "link": tk.h.url_for("satudata_indicators.entry", id=item["package_name"],
                             period=item["period"], qualified=True),
    } for item in items[:LIST_MAX]]


def render(row: dict[str, Any], user: model.User) -> tuple[str, str]:
    """Subject and body of the e-mail of notification ``row`` to ``user``
    (inside :func:`template_context`)."""
    data = row["data"]
    sections = {key: data.get(key) or [] for key in (
        "returns", "due", "to_verify", "to_publish",
    )}
    name = inbox.package_name(row)
    body = tk.render(f"satudata/workflow/emails/{row['kind']}.txt", {
        "data": data,
        "user_name": user.display_name,
        "title": data.get("title") or "",
        "period_label": data.get("period_label") or row.get("period") or "",
        "actor": data.get("actor") or "",
        "role": data.get("role") or "",
        "note": data.get("note") or "",
        "deadline": indonesian_date(data.get("deadline")),
        "link": inbox.link(row, qualified=True),
        "dataset_link": (tk.h.url_for("dataset.read", id=name, qualified=True)
                         if name else None),
        **{key: _listed(items) for key, items in sections.items()},
        **{f"{key}_total": len(items) for key, items in sections.items()},
        "total": sum(len(items) for items in sections.values()),
        "notifications_link": tk.h.url_for("satudata_notifications.index",
                                           qualified=True),
        "queue_link": tk.h.url_for("satudata_workflow.queues", qualified=True),
        "due_link": tk.h.url_for("satudata_indicators.due", qualified=True),
        "site_title": config.site_title(),
        "site_url": site_url(),
    })
    subject, _, text = body.strip().partition("\n")
    return subject.strip(), text.strip() + "\n"


def _send_one(notification_id: str) -> bool:
    found = store.notification(notification_id)
    if found is None or found["emailed"] is not None:
        return False
    user = model.User.get(found["user_id"])
    if user is None or user.state != "active" or not user.email:
        log.info("Notification %s: user %s has no e-mail address", notification_id,
                 found["user_id"])
        return False
    row = store.claim_email(notification_id)
    model.Session.commit()
    if row is None:  # another job took it
        return False
    try:
        subject, body = render(row, user)
        mailer.mail_user(user, subject, body)
    except mailer.MailerException as error:  # SMTP down or refusing: one line
        log.warning("Could not e-mail notification %s to %s: %s",
                    notification_id, user.name, error)
        store.release_email(notification_id)
        model.Session.commit()
        return False
    except Exception:  # one bad e-mail must not stop the others
        log.exception("Could not e-mail notification %s to %s", notification_id,
                      user.name)
        store.release_email(notification_id)
        model.Session.commit()
        return False
    return True


def send(notification_ids: list[str]) -> int:
    """Job: e-mail each notification to its user (when they have an
    address and it was not e-mailed yet); returns how many were sent."""
    sent = 0
    with template_context():
        for notification_id in notification_ids:
            sent += _send_one(notification_id)
    return sent
