"""Create the monitoring tables (satudata_monitoring).

Revision ID: 0001_monitoring
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_monitoring"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_monitoring_period",
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("period", sa.Text, primary_key=True),
        sa.Column("organization_id", sa.Text, nullable=False),
        sa.Column("urusan", sa.Text, nullable=False),
        sa.Column("granularity", sa.Text, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("filled", sa.Boolean, nullable=False),
        sa.Column("submitted", sa.DateTime(timezone=True)),
        sa.Column("verified", sa.DateTime(timezone=True)),
        sa.Column("published", sa.DateTime(timezone=True)),
        sa.Column("verify_days", sa.Integer),
        sa.Column("publish_days", sa.Integer),
        sa.Column("late_days", sa.Integer),
        sa.Column("returns", sa.Integer, nullable=False),
        sa.Column("cell_notes", sa.Integer, nullable=False),
        sa.Column("quality_flags", sa.Integer, nullable=False),
        sa.Column("changes_approved", sa.Integer, nullable=False),
        sa.Column("refreshed", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("satudata_monitoring_period_end", "satudata_monitoring_period",
                    ["period_end", "organization_id"])
    op.create_table(
        "satudata_monitoring_check",
        sa.Column("transition_id", sa.Text, primary_key=True),
        sa.Column("submission_id", sa.Text, nullable=False),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("period", sa.Text, nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("flags", sa.Integer, nullable=False),
        sa.Column("summary", JSONB, nullable=False),
    )
    op.create_index("ix_satudata_monitoring_check_submission_id",
                    "satudata_monitoring_check", ["submission_id"])
    op.create_table(
        "satudata_monitoring_report",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("window", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("target_percent", sa.Numeric, nullable=False),
        sa.Column("rekomendasi", sa.Text, nullable=False, server_default=""),
        sa.Column("rencana", sa.Text, nullable=False, server_default=""),
        sa.Column("figures", JSONB),
        sa.Column("pdf_file_id", sa.Text),
        sa.Column("xlsx_file_id", sa.Text),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finalised", sa.DateTime(timezone=True)),
        sa.Column("finalised_by", sa.Text),
    )


def downgrade() -> None:
    op.drop_table("satudata_monitoring_report")
    op.drop_table("satudata_monitoring_check")
    op.drop_index("satudata_monitoring_period_end", "satudata_monitoring_period")
    op.drop_table("satudata_monitoring_period")
