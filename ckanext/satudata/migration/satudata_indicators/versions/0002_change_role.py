"""Record the role (operator, verifikator, walidata, surveyor) of each change.

Revision ID: 0002_change_role
Revises: 0001_indicator_entry
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_change_role"
down_revision = "0001_indicator_entry"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("satudata_submission_change", sa.Column("role", sa.Text))


def downgrade() -> None:
    op.drop_column("satudata_submission_change", "role")
