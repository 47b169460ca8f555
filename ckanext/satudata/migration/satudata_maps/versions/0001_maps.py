"""Create the boundary table of the thematic maps (satudata_maps).

Revision ID: 0001_map_boundaries
Revises:
Create Date: 2026-12-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_map_boundaries"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_map_boundary",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("level", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("file_id", sa.Text),
        sa.Column("file_name", sa.Text, nullable=False, server_default=""),
        sa.Column("file_size", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("feature_count", sa.Integer, nullable=False),
        sa.Column("repaired", JSONB, nullable=False, server_default="[]"),
        sa.Column("bbox", JSONB, nullable=False, server_default="[]"),
        sa.Column("width", sa.Float, nullable=False),
        sa.Column("height", sa.Float, nullable=False),
        sa.Column("shapes", JSONB, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("level", name="satudata_map_boundary_level_key"),
    )


def downgrade() -> None:
    op.drop_table("satudata_map_boundary")
