"""Create the personal-data scan table (satudata_privacy).

Revision ID: 0001_privacy_scans
Revises:
Create Date: 2026-12-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_privacy_scans"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_privacy_scan",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("resource_id", sa.Text),
        sa.Column("period", sa.Text),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("marker", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("findings", JSONB, nullable=False, server_default="[]"),
        sa.Column("rows_read", sa.Integer, nullable=False, server_default="0"),
        sa.Column("truncated", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("high", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("error", sa.Text),
        sa.Column("error_params", JSONB),
        sa.Column("requested_by", sa.Text),
        sa.Column("confirmed_by", sa.Text),
        sa.Column("confirmed", sa.DateTime(timezone=True)),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True)),
        sa.Column("finished", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("subject", "marker",
                            name="satudata_privacy_scan_subject_marker"),
    )
    op.create_index("satudata_privacy_scan_subject_created",
                    "satudata_privacy_scan", ["subject", "created"])
    op.create_index("satudata_privacy_scan_package", "satudata_privacy_scan",
                    ["package_id"])


def downgrade() -> None:
    op.drop_table("satudata_privacy_scan")
