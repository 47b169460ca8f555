"""E-mail of notifications, sent by background jobs (queue ``satudata``)."""

from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import mailer

from . import store

log = logging.getLogger(__name__)
QUEUE = "satudata"


def enqueue(notification_ids: list[str]) -> None:
    """Send the e-mails of ``notification_ids`` in a background job."""
    tk.enqueue_job(send, [notification_ids], title="satudata notification e-mail",
                   queue=QUEUE)


def _render(kind: str, data: dict) -> tuple[str, str]:
    body = tk.render(f"satudata/workflow/emails/{kind}.txt", {
        "data": data, "site_title": tk.config.get("ckan.site_title"),
        "site_url": tk.config.get("ckan.site_url"),
    })
    subject, _, text = body.partition("\n")
    return subject.strip(), text.strip() + "\n"


def send(notification_ids: list[str]) -> int:
    """Job: e-mail each notification to its user (when they have an
    address); returns how many were sent."""
    sent = 0
    for notification_id in notification_ids:
        found = store.notification(notification_id)
        if found is None or found["emailed"] is not None:
            continue
        user = model.User.get(found["user_id"])
        if user is None or not user.email:
            continue
        subject, body = _render(found["kind"], found["data"])
        try:
            mailer.mail_user(user, subject, body)
        except mailer.MailerException:
            log.exception("Could not e-mail notification %s", notification_id)
            continue
        store.mark_emailed(notification_id)
        model.Session.commit()
        sent += 1
    return sent
