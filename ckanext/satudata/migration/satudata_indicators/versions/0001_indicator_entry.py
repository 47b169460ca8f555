"""Create the indicator entry tables.

Revision ID: 0001_indicator_entry
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_indicator_entry"
down_revision = None
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "satudata_structure",
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("components", JSONB, nullable=False),
        sa.Column("breakdown", JSONB, nullable=False),
        sa.Column("granularity", sa.Text, nullable=False),
        sa.Column("first_period", sa.Text, nullable=False),
        _when("created"),
        _when("modified"),
        sa.Column("modified_by", sa.Text),
    )
    op.create_table(
        "satudata_submission",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("period", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("values", JSONB, nullable=False),
        sa.Column("kode_referensi", sa.Text, nullable=False),
        sa.Column("sumber_data", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        _when("created"),
        _when("modified"),
        sa.Column("modified_by", sa.Text),
        sa.UniqueConstraint(
            "package_id", "period", name="satudata_submission_period"
        ),
    )
    op.create_table(
        "satudata_submission_change",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("submission_id", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        _when("timestamp"),
        sa.Column("user_id", sa.Text),
        sa.Column("survey_link_id", sa.Text),
        sa.Column("actor_name", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("changes", JSONB, nullable=False),
        sa.Column("details", JSONB, nullable=False),
    )
    op.create_index(
        "ix_satudata_submission_change_submission_id",
        "satudata_submission_change", ["submission_id"],
    )
    op.create_table(
        "satudata_survey_link",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("token_hash", sa.Text, nullable=False, unique=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("period", sa.Text, nullable=False),
        sa.Column("rows", JSONB),
        sa.Column("label", sa.Text, nullable=False),
        _when("expires"),
        _when("created"),
        sa.Column("created_by", sa.Text, nullable=False),
        _when("revoked", nullable=True),
        sa.Column("revoked_by", sa.Text),
    )
    op.create_index(
        "ix_satudata_survey_link_package_id", "satudata_survey_link", ["package_id"]
    )
    op.create_table(
        "satudata_import",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("period", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text),
        sa.Column("survey_link_id", sa.Text),
        sa.Column("actor_name", sa.Text, nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("report", JSONB),
        _when("created"),
        _when("finished", nullable=True),
    )
    op.create_index("ix_satudata_import_package_id", "satudata_import", ["package_id"])


def downgrade() -> None:
    for table in (
        "satudata_import", "satudata_survey_link", "satudata_submission_change",
        "satudata_submission", "satudata_structure",
    ):
        op.drop_table(table)
