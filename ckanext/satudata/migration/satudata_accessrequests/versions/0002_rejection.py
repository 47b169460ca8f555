"""An access request's final rejection: when, and the walidata's reason.

Revision ID: 0002_rejection
Revises: 0001_accessrequests
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_rejection"
down_revision = "0001_accessrequests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("satudata_access_request",
                  sa.Column("rejected", sa.DateTime(timezone=True)))
    op.add_column("satudata_access_request",
                  sa.Column("reject_reason", sa.Text, nullable=False,
                            server_default=""))


def downgrade() -> None:
    op.drop_column("satudata_access_request", "reject_reason")
    op.drop_column("satudata_access_request", "rejected")
