"""Tables of the change requests (Perubahan Data).

Declared on CKAN's metadata (so CKAN's test helpers empty them), created
only by this plugin's migrations (``ckan db upgrade -p satudata_changes``).

- ``satudata_change_request``: one request to change published values of
  one dataset's period: its cells (row, component, old → new, reason), its
  status, the generated request document (``satudata_document``), the
  uploaded signed approval (a file in CKAN's file storage) and what its
  signatures say, the walidata's decision. A deleted request stays, in
  status ``deleted``, for the audit trail.
- ``satudata_change_request_event``: every step of every request (created,
  document uploaded, approved, rejected, deleted): who, in which role,
  when, the note. The audit trail.

The revision history of a period is its approved (``done``) requests.
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta
from sqlalchemy.dialects.postgresql import JSONB

CHANGE_REQUEST = "satudata_change_request"
EVENT = "satudata_change_request_event"

change_request_table = sa.Table(
    CHANGE_REQUEST,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("organization_id", sa.Text, nullable=False),
    sa.Column("period", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("cells", JSONB, nullable=False),
    # the submission's revision the proposal was made against
    sa.Column("base_revision", sa.Integer, nullable=False),
    sa.Column("request_sha256", sa.Text, nullable=False),
    sa.Column("document_id", sa.Text),
    sa.Column("approval_file_id", sa.Text),
    sa.Column("approval_name", sa.Text),
    sa.Column("approval_sha256", sa.Text),
    sa.Column("approval_signatures", JSONB),
    sa.Column("approval_uploaded", sa.DateTime(timezone=True)),
    sa.Column("approval_uploaded_by", sa.Text),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("modified", sa.DateTime(timezone=True)),
    sa.Column("modified_by", sa.Text),
    sa.Column("decided", sa.DateTime(timezone=True)),
    sa.Column("decided_by", sa.Text),
    # the published submission's revision the approval wrote
    sa.Column("revision", sa.Integer),
    sa.Index("satudata_change_request_package", "package_id", "period"),
    sa.Index("satudata_change_request_organization", "organization_id", "status"),
    extend_existing=True,
)

event_table = sa.Table(
    EVENT,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("request_id", sa.Text, nullable=False, index=True),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("from_status", sa.Text),
    sa.Column("to_status", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("details", JSONB, nullable=False),
    extend_existing=True,
)
