"""Create the account tables: login events, trusted devices, account
settings, staff assignments.

Revision ID: 0001_accounts
Revises:
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_accounts"
down_revision = None
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "satudata_login_event",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text),
        sa.Column("login", sa.Text, nullable=False, server_default=""),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("ip", sa.Text, nullable=False, server_default=""),
        sa.Column("user_agent", sa.Text, nullable=False, server_default=""),
        sa.Column("detail", JSONB, nullable=False, server_default="{}"),
        _when("created"),
    )
    op.create_index("satudata_login_event_user", "satudata_login_event",
                    ["user_id", "created"])
    op.create_index("satudata_login_event_created", "satudata_login_event",
                    ["created"])
    op.create_table(
        "satudata_trusted_device",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text, nullable=False, index=True),
        _when("created"),
        _when("expires"),
        _when("last_used", nullable=True),
        sa.Column("ip", sa.Text, nullable=False, server_default=""),
        sa.Column("user_agent", sa.Text, nullable=False, server_default=""),
        _when("revoked", nullable=True),
    )
    op.create_table(
        "satudata_account",
        sa.Column("user_id", sa.Text, primary_key=True),
        _when("sessions_after", nullable=True),
        sa.Column("otp_opt_in", sa.Boolean, nullable=False,
                  server_default=sa.false()),
    )
    op.create_table(
        "satudata_staff_assignment",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text, nullable=False, index=True),
        sa.Column("organization_id", sa.Text, nullable=False, index=True),
        sa.Column("member_id", sa.Text),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("capacity", sa.Text, nullable=False),
        sa.Column("letter_number", sa.Text, nullable=False),
        sa.Column("letter_date", sa.Date),
        sa.Column("file_id", sa.Text),
        sa.Column("created_by", sa.Text, nullable=False),
        _when("created"),
    )


def downgrade() -> None:
    op.drop_table("satudata_staff_assignment")
    op.drop_table("satudata_account")
    op.drop_table("satudata_trusted_device")
    op.drop_table("satudata_login_event")
