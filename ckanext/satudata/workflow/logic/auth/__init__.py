"""Auth functions of the verification workflow, one module per capability
(as the actions in :mod:`..action`). ``tk.blanket.auth_functions`` exports
the names in ``__all__``."""

from __future__ import annotations

from ckanext.satudata.workflow.logic.auth.checks import satudata_submission_checks
from ckanext.satudata.workflow.logic.auth.notifications import (
    satudata_notification_list,
    satudata_notification_read,
    satudata_notification_show,
    satudata_reminder_send,
)
from ckanext.satudata.workflow.logic.auth.published import (
    satudata_published_records,
    satudata_published_show,
)
from ckanext.satudata.workflow.logic.auth.queues import satudata_queue_list
from ckanext.satudata.workflow.logic.auth.submission import (
    satudata_submission_publish,
    satudata_submission_return,
    satudata_submission_submit,
    satudata_submission_verify,
)

__all__ = [
    "satudata_notification_list",
    "satudata_notification_read",
    "satudata_notification_show",
    "satudata_published_records",
    "satudata_published_show",
    "satudata_queue_list",
    "satudata_reminder_send",
    "satudata_submission_checks",
    "satudata_submission_publish",
    "satudata_submission_return",
    "satudata_submission_submit",
    "satudata_submission_verify",
]
