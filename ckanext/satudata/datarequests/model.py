"""Tables of the data requests (Permohonan Data).

Declared on CKAN's metadata (so CKAN's test helpers empty them), created
only by this plugin's migrations (``ckan db upgrade -p
satudata_datarequests``).

- ``satudata_data_request``: one request: who asks (a person or an
  institution), what data, the status, the OPD it was forwarded to, the
  OPD's answer, the rejection reason, the due date of the data balikan;
- ``satudata_data_request_stage``: one row per SOP stage gone through (when
  it started and finished, who acted, the comment, the pauses of "Menunggu
  kelengkapan", the letter issued in it): the timing and the audit trail;
- ``satudata_data_request_file``: the request's files (CKAN file storage,
  owned by ``satudata_data_request``/the request's id): the requester's
  attachments, the OPD's answer, what is delivered, the data balikan;
- ``satudata_data_request_download``: every download of a request's file.
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta
from sqlalchemy.dialects.postgresql import JSONB

REQUEST = "satudata_data_request"
STAGE = "satudata_data_request_stage"
FILE = "satudata_data_request_file"
DOWNLOAD = "satudata_data_request_download"

request_table = sa.Table(
    REQUEST,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("number", sa.Text, nullable=False, unique=True),
    sa.Column("requester_id", sa.Text, nullable=False),
    sa.Column("requester_kind", sa.Text, nullable=False),
    sa.Column("institution", sa.Text, nullable=False, server_default=""),
    sa.Column("contact_name", sa.Text, nullable=False),
    sa.Column("contact_email", sa.Text, nullable=False),
    sa.Column("contact_phone", sa.Text, nullable=False),
    sa.Column("datasets", JSONB, nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("variables", sa.Text, nullable=False, server_default=""),
    sa.Column("period", sa.Text, nullable=False, server_default=""),
    sa.Column("regions", JSONB, nullable=False),
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("purpose", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("organization_id", sa.Text),
    sa.Column("response", JSONB),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("balikan_due", sa.Date),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
    sa.Index("satudata_data_request_requester", "requester_id"),
    sa.Index("satudata_data_request_organization", "organization_id", "status"),
    sa.Index("satudata_data_request_status", "status"),
    extend_existing=True,
)

stage_table = sa.Table(
    STAGE,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("request_id", sa.Text, nullable=False, index=True),
    sa.Column("stage", sa.Text, nullable=False),
    sa.Column("started", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished", sa.DateTime(timezone=True)),
    sa.Column("actor_id", sa.Text),
    sa.Column("comment", sa.Text, nullable=False, server_default=""),
    sa.Column("pauses", JSONB, nullable=False),
    sa.Column("document_id", sa.Text),
    extend_existing=True,
)

file_table = sa.Table(
    FILE,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("request_id", sa.Text, nullable=False, index=True),
    sa.Column("file_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("content_type", sa.Text, nullable=False),
    sa.Column("uploaded_by", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    extend_existing=True,
)

download_table = sa.Table(
    DOWNLOAD,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("request_id", sa.Text, nullable=False, index=True),
    sa.Column("file_id", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("downloaded", sa.DateTime(timezone=True), nullable=False),
    extend_existing=True,
)
