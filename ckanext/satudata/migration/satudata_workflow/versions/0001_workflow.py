"""Create the workflow tables: transitions, notifications, publications.

Revision ID: 0001_workflow
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_workflow"
down_revision = None
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "satudata_transition",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("submission_id", sa.Text, nullable=False),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("period", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("from_state", sa.Text, nullable=False),
        sa.Column("to_state", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        _when("timestamp"),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("cell_notes", JSONB, nullable=False),
        sa.Column("deadline", sa.Date),
        sa.Column("revision", sa.Integer, nullable=False),
    )
    op.create_index("ix_satudata_transition_package_id", "satudata_transition",
                    ["package_id"])
    op.create_index("satudata_transition_submission", "satudata_transition",
                    ["submission_id", "timestamp"])
    op.create_table(
        "satudata_notification",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("package_id", sa.Text),
        sa.Column("period", sa.Text),
        sa.Column("transition_id", sa.Text),
        sa.Column("data", JSONB, nullable=False),
        _when("created"),
        _when("read", nullable=True),
        _when("emailed", nullable=True),
    )
    op.create_index("satudata_notification_user", "satudata_notification",
                    ["user_id", "created"])
    op.create_table(
        "satudata_publication",
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("resource_id", sa.Text, nullable=False),
        sa.Column("fields", JSONB, nullable=False),
        _when("modified"),
    )


def downgrade() -> None:
    op.drop_table("satudata_publication")
    op.drop_table("satudata_notification")
    op.drop_table("satudata_transition")
