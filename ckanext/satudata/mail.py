"""E-mail, shared by every plugin: templates rendered outside a request,
dates in Indonesian, and one message sent through CKAN's mailer.

Notifications and reminders are sent by background jobs (queue
``satudata``). One-time login codes and account links are sent at once
(:func:`send`): a code must never wait in the job queue, where it would be
kept in clear, and a login must not depend on the worker. In the demo and
the tests a local SMTP server keeps every message
(:mod:`ckanext.satudata.demo.mailsink`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterator

import ckan.plugins.toolkit as tk
from babel.dates import format_date
from ckan.lib import mailer
from flask import has_request_context

log = logging.getLogger(__name__)


@contextlib.contextmanager
def template_context() -> Iterator[None]:
    """A request context for rendering templates and building URLs.

    A background job (and a CLI command) runs outside any web request.
    CKAN's own ``url_for`` then borrows the request context ``make_app``
    prepared for such code (``ckan.lib.helpers._get_auto_flask_context``);
    rendering a template needs it too, so it is pushed around the job.
    """
    if has_request_context():
        yield
        return
    from ckan.lib.helpers import _get_auto_flask_context

    context = _get_auto_flask_context()
    if context is None:
        raise RuntimeError("No CKAN application to render e-mails with")
    with context:
        yield


def indonesian_date(value: str | dt.date | None) -> str:
    """``2099-01-31`` → ``31 Januari 2099``."""
    if not value:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, format="long", locale="id")


def render(template: str, extra_vars: dict) -> tuple[str, str]:
    """Subject and body of a text e-mail template whose first line is the
    subject (inside :func:`template_context`)."""
    text = tk.render(template, {
        "site_title": tk.config.get("ckan.site_title") or "",
        "site_url": tk.config.get("ckan.site_url") or "",
        **extra_vars,
    })
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def send(to_email: str, to_name: str, template: str, extra_vars: dict) -> bool:
    """Render ``template`` and send it to one recipient now; ``False``
    (and a log line) when the mail server refuses or cannot be reached."""
    with template_context():
        subject, body = render(template, extra_vars)
    try:
        mailer.mail_recipient(to_name, to_email, subject, body)
    except mailer.MailerException as error:
        log.warning("Could not e-mail %r to %s: %s", subject, to_email, error)
        return False
    return True
