"""The search index tables.

``satudata_search_index`` holds one narrow row per indexed dataset: the
columns filters, counts, facets and ranking read. ``satudata_search_doc``
holds the stored index document and the dataset dicts, read for a result
page or for the rare query on a field without a column or token.

Declared on CKAN's metadata (like ``ckanext-activity``'s tables) so that
CKAN's test helpers empty them with the core tables; created only by this
plugin's alembic migrations (``ckan db upgrade -p satudata_search``).

The facet value dictionary and the count tables of visibility classes
(``counts.py``) are not declared on CKAN's metadata: the counts are
written by the index table's triggers only, and emptied on their own
they would no longer match the index; the dictionary's numbers are in
the index rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

TABLE_NAME = "satudata_search_index"
DOC_TABLE_NAME = "satudata_search_doc"
#: Facet values (``field=value``) by number, visibility classes and their
#: counts (migration 0003_facet_counts).
TOKEN_TABLE_NAME = "satudata_search_token"
CLASS_TABLE_NAME = "satudata_search_class"
CLASS_COUNT_TABLE_NAME = "satudata_search_class_count"

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
    # ids of the ``field=value`` facet values in satudata_search_token
    sa.Column("facet_ids", ARRAY(sa.Integer), nullable=False),
    sa.Column("rank_vector", TSVECTOR, nullable=False),
    sa.Column("search_vector", TSVECTOR, nullable=False),
    extend_existing=True,
)

doc_table = sa.Table(
    DOC_TABLE_NAME,
    meta.metadata,
    sa.Column("index_id", sa.Text, primary_key=True),
    sa.Column("doc", JSONB, nullable=False),
    sa.Column("data_dict", sa.Text),
    sa.Column("validated_data_dict", sa.Text),
    extend_existing=True,
)
