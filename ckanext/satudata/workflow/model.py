"""Tables of the verification workflow.

Declared on CKAN's metadata (so CKAN's test helpers empty them), created
only by this plugin's migrations (``ckan db upgrade -p satudata_workflow``).

- ``satudata_transition``: every move of a submission between states: who,
  in which role, when, from, to, the note, notes per cell and the deadline
  of a return, and the revision of the values it was about. With the value
  changes of ``satudata_submission_change`` it is the audit trail.
- ``satudata_notification``: what each user is told in the app (and by
  e-mail, sent by a background job: ``emailed``).
- ``satudata_publication``: per dataset, the DataStore resource its
  published periods are written to.
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta
from sqlalchemy.dialects.postgresql import JSONB

TRANSITION = "satudata_transition"
NOTIFICATION = "satudata_notification"
PUBLICATION = "satudata_publication"

transition_table = sa.Table(
    TRANSITION,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("submission_id", sa.Text, nullable=False),
    sa.Column("package_id", sa.Text, nullable=False, index=True),
    sa.Column("period", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("from_state", sa.Text, nullable=False),
    sa.Column("to_state", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("cell_notes", JSONB, nullable=False),
    sa.Column("deadline", sa.Date),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Index("satudata_transition_submission", "submission_id", "timestamp"),
    extend_existing=True,
)

notification_table = sa.Table(
    NOTIFICATION,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("package_id", sa.Text),
    sa.Column("period", sa.Text),
    sa.Column("transition_id", sa.Text),
    sa.Column("data", JSONB, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("read", sa.DateTime(timezone=True)),
    sa.Column("emailed", sa.DateTime(timezone=True)),
    sa.Index("satudata_notification_user", "user_id", "created"),
    extend_existing=True,
)

publication_table = sa.Table(
    PUBLICATION,
    meta.metadata,
    sa.Column("package_id", sa.Text, primary_key=True),
    sa.Column("resource_id", sa.Text, nullable=False),
    sa.Column("fields", JSONB, nullable=False),
    sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
    extend_existing=True,
)
