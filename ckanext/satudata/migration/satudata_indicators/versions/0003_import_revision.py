"""Remember the revision of the period an import was uploaded against.

Revision ID: 0003_import_revision
Revises: 0002_change_role
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_import_revision"
down_revision = "0002_change_role"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("satudata_import", sa.Column("revision", sa.Integer))


def downgrade() -> None:
    op.drop_column("satudata_import", "revision")
