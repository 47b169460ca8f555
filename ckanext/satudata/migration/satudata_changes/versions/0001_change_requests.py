"""Create the change request tables (Perubahan Data).

Revision ID: 0001_change_requests
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_change_requests"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_change_request",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("organization_id", sa.Text, nullable=False),
        sa.Column("period", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("cells", JSONB, nullable=False),
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
        sa.Column("revision", sa.Integer),
    )
    op.create_index("satudata_change_request_package", "satudata_change_request",
                    ["package_id", "period"])
    op.create_index("satudata_change_request_organization",
                    "satudata_change_request", ["organization_id", "status"])
    # one open request per period, enforced by the database as well
    op.create_index(
        "satudata_change_request_open", "satudata_change_request",
        ["package_id", "period"], unique=True,
        postgresql_where=sa.text(
            "status IN ('waiting_upload', 'waiting_approval')"),
    )
    op.create_table(
        "satudata_change_request_event",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("request_id", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("from_status", sa.Text),
        sa.Column("to_status", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("details", JSONB, nullable=False),
    )
    op.create_index("ix_satudata_change_request_event_request_id",
                    "satudata_change_request_event", ["request_id"])


def downgrade() -> None:
    op.drop_table("satudata_change_request_event")
    op.drop_table("satudata_change_request")
