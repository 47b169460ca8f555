"""Create the access request tables.

Revision ID: 0001_accessrequests
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_accessrequests"
down_revision = None
branch_labels = None
depends_on = None

TABLES = ("satudata_access_download", "satudata_access_token",
          "satudata_access_file", "satudata_access_stage",
          "satudata_access_item", "satudata_access_request")


def upgrade() -> None:
    op.create_table(
        "satudata_access_request",
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
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("satudata_access_request_status", "satudata_access_request",
                    ["status", "stage"])
    op.create_index("satudata_access_request_institution", "satudata_access_request",
                    ["institution_id"])
    op.create_table(
        "satudata_access_item",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("request_id", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("dataset_id", sa.Text, nullable=False),
        sa.Column("dataset_title", sa.Text, nullable=False),
        sa.Column("organization_id", sa.Text),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("variables", JSONB, nullable=False),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("removed", JSONB),
        sa.Column("report", JSONB),
        sa.Column("extract_file_id", sa.Text),
    )
    op.create_index("ix_satudata_access_item_request_id", "satudata_access_item",
                    ["request_id"])
    op.create_index("ix_satudata_access_item_dataset_id", "satudata_access_item",
                    ["dataset_id"])
    op.create_table(
        "satudata_access_stage",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("request_id", sa.Text, nullable=False),
        sa.Column("stage", sa.Text, nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True)),
        sa.Column("actor_id", sa.Text),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("pauses", JSONB, nullable=False),
    )
    op.create_index("ix_satudata_access_stage_request_id", "satudata_access_stage",
                    ["request_id"])
    op.create_table(
        "satudata_access_file",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("request_id", sa.Text, nullable=False),
        sa.Column("item_id", sa.Text),
        sa.Column("file_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("content_type", sa.Text, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("uploaded_by", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_satudata_access_file_request_id", "satudata_access_file",
                    ["request_id"])
    op.create_table(
        "satudata_access_token",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("request_id", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("digest", sa.Text, nullable=False, unique=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
        sa.Column("max_uses", sa.Integer, nullable=False),
        sa.Column("uses", sa.Integer, nullable=False, server_default="0"),
        sa.Column("revoked", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_satudata_access_token_request_id", "satudata_access_token",
                    ["request_id"])
    op.create_table(
        "satudata_access_download",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("request_id", sa.Text, nullable=False),
        sa.Column("item_id", sa.Text, nullable=False),
        sa.Column("token_id", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("ip", sa.Text, nullable=False, server_default=""),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("downloaded", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_satudata_access_download_request_id",
                    "satudata_access_download",
                    ["request_id"])
    op.create_index("ix_satudata_access_download_user_id", "satudata_access_download",
                    ["user_id"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
