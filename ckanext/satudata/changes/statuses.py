"""The statuses of a change request, in the words of the Batam guide.

::

    waiting_upload ──upload──► waiting_approval ──approve──► done
          ▲  │                   │    ▲  │
          │  └──────delete───────┼────┼──┴──reject──► rejected ──upload──┐
          │                      ▼    └──────────────────────────────────┘
          └─(re-upload)──     deleted  (any status but done)
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.satudata.messages import N_

WAITING_UPLOAD = "waiting_upload"
WAITING_APPROVAL = "waiting_approval"
DONE = "done"
REJECTED = "rejected"
DELETED = "deleted"

#: Status → its label (English msgid; Indonesian as in the Batam guide).
LABELS = {
    WAITING_UPLOAD: N_("Waiting for the signed approval document"),
    WAITING_APPROVAL: N_("Waiting for approval by the Satu Data admin"),
    DONE: N_("Completed: values changed"),
    REJECTED: N_("Rejected by the Satu Data admin"),
    DELETED: N_("Deleted by the producer"),
}
#: A period has at most one request in these at a time.
OPEN = (WAITING_UPLOAD, WAITING_APPROVAL)
#: The producer may upload (again) the signed document in these.
UPLOADABLE = (WAITING_UPLOAD, WAITING_APPROVAL, REJECTED)
#: The producer may delete the request in these (until it is approved).
DELETABLE = (WAITING_UPLOAD, WAITING_APPROVAL, REJECTED)
#: Listed (a deleted request stays only for the audit trail).
LISTED = (WAITING_UPLOAD, WAITING_APPROVAL, DONE, REJECTED)


def label(status: str) -> str:
    return tk._(LABELS[status]) if status in LABELS else status
