"""Tables of the documents plugin.

Declared on CKAN's metadata (so CKAN's test helpers empty them), created
only by this plugin's migrations (``ckan db upgrade -p satudata_documents``).

- ``satudata_document``: every issued document (letter, request document,
  BAST, report): its kind, number, owner object, organization, public
  subject, the SHA-256 of what it certifies and of its PDF, the PDF's file
  in CKAN's file storage, its status (issued, superseded, revoked).
- ``satudata_document_sequence``: the last number given per kind,
  organization and year (``organization_id`` is ``""`` for documents of
  the portal itself).
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta

DOCUMENT = "satudata_document"
SEQUENCE = "satudata_document_sequence"

document_table = sa.Table(
    DOCUMENT,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("kind_label", sa.Text, nullable=False, server_default=""),
    sa.Column("number", sa.Text, nullable=False),
    sa.Column("owner_type", sa.Text, nullable=False),
    sa.Column("owner_id", sa.Text, nullable=False),
    sa.Column("organization_id", sa.Text),
    sa.Column("subject", sa.Text, nullable=False, server_default=""),
    sa.Column("certified_sha256", sa.Text, nullable=False),
    sa.Column("pdf_sha256", sa.Text, nullable=False),
    sa.Column("file_id", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False, server_default="issued"),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False, server_default=""),
    sa.Column("status_changed", sa.DateTime(timezone=True)),
    sa.Index("satudata_document_owner", "owner_type", "owner_id"),
    extend_existing=True,
)

sequence_table = sa.Table(
    SEQUENCE,
    meta.metadata,
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("organization_id", sa.Text, primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("last", sa.Integer, nullable=False),
    extend_existing=True,
)
