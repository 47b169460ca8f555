"""Create the search index table.

Revision ID: 0001_search_index
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

revision = "0001_search_index"
down_revision = None
branch_labels = None
depends_on = None

TABLE = "satudata_search_index"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("index_id", sa.Text, primary_key=True),
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("site_id", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("capacity", sa.Text, nullable=False),
        sa.Column("dataset_type", sa.Text, nullable=False),
        sa.Column("title_string", sa.Text, nullable=False),
        sa.Column("metadata_created", sa.DateTime(timezone=True)),
        sa.Column("metadata_modified", sa.DateTime(timezone=True)),
        sa.Column("indexed_ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("permission_labels", ARRAY(sa.Text), nullable=False),
        sa.Column("tokens", ARRAY(sa.Text), nullable=False),
        sa.Column("search_vector", TSVECTOR, nullable=False),
        sa.Column("doc", JSONB, nullable=False),
        sa.Column("data_dict", sa.Text),
        sa.Column("validated_data_dict", sa.Text),
    )
    op.create_index(f"{TABLE}_id", TABLE, ["id"])
    op.create_index(f"{TABLE}_name", TABLE, ["name"])
    op.create_index(f"{TABLE}_modified", TABLE, ["metadata_modified"])
    op.create_index(f"{TABLE}_created", TABLE, ["metadata_created"])
    op.create_index(f"{TABLE}_title", TABLE, [sa.text("lower(title_string)")])
    for column in ("permission_labels", "tokens", "search_vector"):
        op.create_index(f"{TABLE}_{column}", TABLE, [column],
                        postgresql_using="gin")


def downgrade() -> None:
    op.drop_table(TABLE)
