"""Create the regional holidays table (hari libur daerah).

Revision ID: 0001_holidays
Revises:
Create Date: 2026-12-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_holidays"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_holiday",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("day", name="satudata_holiday_day_key"),
    )


def downgrade() -> None:
    op.drop_table("satudata_holiday")
