"""Create the institution tables (institution accounts).

Revision ID: 0001_institutions
Revises:
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_institutions"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_institution",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("email", sa.Text, nullable=False),
        sa.Column("contact_name", sa.Text, nullable=False),
        sa.Column("phone", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("letter_file_id", sa.Text),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("decided_by", sa.Text),
        sa.Column("decided", sa.DateTime(timezone=True)),
        sa.Column("correction_hash", sa.Text),
        sa.Column("correction_expires", sa.DateTime(timezone=True)),
        sa.Column("address", sa.Text, nullable=False, server_default=""),
        sa.Column("logo_file_id", sa.Text),
        sa.Column("sdi_file_id", sa.Text),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("satudata_institution_status", "satudata_institution",
                    ["status"])
    op.create_table(
        "satudata_institution_user",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("institution_id", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("id_kind", sa.Text, nullable=False),
        sa.Column("id_number", sa.Text, nullable=False),
        sa.Column("fullname", sa.Text, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("email", sa.Text, nullable=False),
        sa.Column("jabatan", sa.Text, nullable=False),
        sa.Column("phone", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text),
    )
    op.create_index("ix_satudata_institution_user_institution_id",
                    "satudata_institution_user", ["institution_id"])
    op.create_index("ix_satudata_institution_user_user_id",
                    "satudata_institution_user", ["user_id"])


def downgrade() -> None:
    op.drop_table("satudata_institution_user")
    op.drop_table("satudata_institution")
