"""The search index table.

Declared on CKAN's metadata (like ``ckanext-activity``'s tables) so that
CKAN's test helpers empty it together with the core tables; created only
by this plugin's alembic migrations (``ckan db upgrade -p satudata_search``).
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

TABLE_NAME = "satudata_search_index"

index_table = sa.Table(
    TABLE_NAME,
    meta.metadata,
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
    extend_existing=True,
)
