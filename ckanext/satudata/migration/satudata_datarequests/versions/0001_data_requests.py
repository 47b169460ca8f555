"""Create the data request tables (Permohonan Data).

Revision ID: 0001_data_requests
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_data_requests"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_data_request",
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
    )
    op.create_index("satudata_data_request_requester", "satudata_data_request",
                    ["requester_id"])
    op.create_index("satudata_data_request_organization", "satudata_data_request",
                    ["organization_id", "status"])
    op.create_index("satudata_data_request_status", "satudata_data_request",
                    ["status"])
    op.create_table(
        "satudata_data_request_stage",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("request_id", sa.Text, nullable=False),
        sa.Column("stage", sa.Text, nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True)),
        sa.Column("actor_id", sa.Text),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("pauses", JSONB, nullable=False),
        sa.Column("document_id", sa.Text),
    )
    op.create_index("ix_satudata_data_request_stage_request_id",
                    "satudata_data_request_stage", ["request_id"])
    op.create_table(
        "satudata_data_request_file",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("request_id", sa.Text, nullable=False),
        sa.Column("file_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("content_type", sa.Text, nullable=False),
        sa.Column("uploaded_by", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_satudata_data_request_file_request_id",
                    "satudata_data_request_file", ["request_id"])
    op.create_table(
        "satudata_data_request_download",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("request_id", sa.Text, nullable=False),
        sa.Column("file_id", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("downloaded", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_satudata_data_request_download_request_id",
                    "satudata_data_request_download", ["request_id"])


def downgrade() -> None:
    op.drop_table("satudata_data_request_download")
    op.drop_table("satudata_data_request_file")
    op.drop_table("satudata_data_request_stage")
    op.drop_table("satudata_data_request")
