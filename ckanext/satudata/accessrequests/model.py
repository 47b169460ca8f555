"""Tables of the access requests (Permohonan Akses Data terbatas, after the
DTSEN user guide, seed 003).

Declared on CKAN's metadata (so CKAN's test helpers empty them), created
only by this plugin's migrations (``ckan db upgrade -p
satudata_accessrequests``).

- ``satudata_access_request``: one request of an institution: its number
  (``AD-2026-00001``), the letter number, who filed it, the stage it is in,
  its status (``diproses``, ``dikembalikan`` — returned to the institution
  with notes —, ``selesai``, ``ditolak`` — rejected by the walidata, with
  when and why), the BAST number and whether the level 4 identities were
  approved;
- ``satudata_access_item``: one "tema": a terbatas dataset, the variables
  chosen, extra information, the format, the dataset's access level when
  filed, and (after Pengolahan Data) the extract's file and report;
- ``satudata_access_stage``: one row per DTSEN stage gone through (when it
  started and finished, who acted, the comment, the returns as pauses);
- ``satudata_access_file``: the request's files in CKAN's file storage
  (owned by ``satudata_access_request``/its id): attachments, extracts,
  the generated and the signed BAST;
- ``satudata_access_token``: download tokens (SHA-256 only), bound to the
  request and the user, valid until ``expires`` or ``max_uses`` downloads;
- ``satudata_access_download``: every download (user, time, IP, the file's
  SHA-256, the token).
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta
from sqlalchemy.dialects.postgresql import JSONB

REQUEST = "satudata_access_request"
ITEM = "satudata_access_item"
STAGE = "satudata_access_stage"
FILE = "satudata_access_file"
TOKEN = "satudata_access_token"
DOWNLOAD = "satudata_access_download"

request_table = sa.Table(
    REQUEST,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("number", sa.Text, nullable=False, unique=True),
    sa.Column("institution_id", sa.Text, nullable=False),
    sa.Column("requester_id", sa.Text, nullable=False),
    sa.Column("letter_number", sa.Text, nullable=False),
    sa.Column("purpose", sa.Text, nullable=False, server_default=""),
    sa.Column("stage", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("return_note", sa.Text, nullable=False, server_default=""),
    sa.Column("bast_number", sa.Text, nullable=False, server_default=""),
    sa.Column("bast_document_id", sa.Text),
    sa.Column("identity_approved_by", sa.Text),
    sa.Column("delivered", sa.DateTime(timezone=True)),
    sa.Column("rejected", sa.DateTime(timezone=True)),
    sa.Column("reject_reason", sa.Text, nullable=False, server_default=""),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
    sa.Index("satudata_access_request_institution", "institution_id"),
    sa.Index("satudata_access_request_status", "status", "stage"),
    extend_existing=True,
)

item_table = sa.Table(
    ITEM,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("request_id", sa.Text, nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("dataset_id", sa.Text, nullable=False, index=True),
    sa.Column("dataset_title", sa.Text, nullable=False),
    sa.Column("organization_id", sa.Text),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("variables", JSONB, nullable=False),
    sa.Column("notes", sa.Text, nullable=False, server_default=""),
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("removed", JSONB),
    sa.Column("report", JSONB),
    sa.Column("extract_file_id", sa.Text),
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
    extend_existing=True,
)

file_table = sa.Table(
    FILE,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("request_id", sa.Text, nullable=False, index=True),
    sa.Column("item_id", sa.Text),
    sa.Column("file_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("content_type", sa.Text, nullable=False),
    sa.Column("sha256", sa.Text, nullable=False),
    sa.Column("uploaded_by", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    extend_existing=True,
)

token_table = sa.Table(
    TOKEN,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("request_id", sa.Text, nullable=False, index=True),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("digest", sa.Text, nullable=False, unique=True),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
    sa.Column("max_uses", sa.Integer, nullable=False),
    sa.Column("uses", sa.Integer, nullable=False, server_default="0"),
    sa.Column("revoked", sa.DateTime(timezone=True)),
    extend_existing=True,
)

download_table = sa.Table(
    DOWNLOAD,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("request_id", sa.Text, nullable=False, index=True),
    sa.Column("item_id", sa.Text, nullable=False),
    sa.Column("token_id", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text, nullable=False, index=True),
    sa.Column("ip", sa.Text, nullable=False, server_default=""),
    sa.Column("sha256", sa.Text, nullable=False),
    sa.Column("downloaded", sa.DateTime(timezone=True), nullable=False),
    extend_existing=True,
)
