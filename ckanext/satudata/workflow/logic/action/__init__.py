"""Actions of the verification workflow (the public API; see each
docstring), one module per capability. ``tk.blanket.actions`` exports the
names in ``__all__``."""

from __future__ import annotations

from ckanext.satudata.workflow.logic.action.checks import satudata_submission_checks
from ckanext.satudata.workflow.logic.action.guard import (
    datastore_create,
    datastore_delete,
    datastore_records_delete,
    datastore_run_triggers,
    datastore_upsert,
    package_update,
    resource_delete,
    resource_patch,
    resource_update,
)
from ckanext.satudata.workflow.logic.action.members import member_roles_list
from ckanext.satudata.workflow.logic.action.notifications import (
    satudata_notification_list,
    satudata_notification_read,
    satudata_notification_show,
    satudata_reminder_send,
)
from ckanext.satudata.workflow.logic.action.published import (
    satudata_published_records,
    satudata_published_show,
)
from ckanext.satudata.workflow.logic.action.queues import satudata_queue_list
from ckanext.satudata.workflow.logic.action.submission import (
    satudata_submission_history,
    satudata_submission_publish,
    satudata_submission_return,
    satudata_submission_show,
    satudata_submission_submit,
    satudata_submission_verify,
)

__all__ = [
    "datastore_create",
    "datastore_delete",
    "datastore_records_delete",
    "datastore_run_triggers",
    "datastore_upsert",
    "member_roles_list",
    "package_update",
    "resource_delete",
    "resource_patch",
    "resource_update",
    "satudata_notification_list",
    "satudata_notification_read",
    "satudata_notification_show",
    "satudata_published_records",
    "satudata_published_show",
    "satudata_queue_list",
    "satudata_reminder_send",
    "satudata_submission_checks",
    "satudata_submission_history",
    "satudata_submission_publish",
    "satudata_submission_return",
    "satudata_submission_show",
    "satudata_submission_submit",
    "satudata_submission_verify",
]
