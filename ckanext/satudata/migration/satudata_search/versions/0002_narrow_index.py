"""Narrow index rows: stored documents move to their own table, ranking
uses a small vector, long and unique values leave the token array, and
facets count a smaller array of the fields worth faceting.

Keeps the index rows small enough that filters, counts and facets scan
little data; the wide stored documents are read only for a result page.
The index is rebuilt from the database afterwards:
``ckan search-index rebuild``.

Revision ID: 0002_narrow_index
Revises: 0001_search_index
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

revision = "0002_narrow_index"
down_revision = "0001_search_index"
branch_labels = None
depends_on = None

TABLE = "satudata_search_index"
DOCS = "satudata_search_doc"
GENERATION = "satudata_search_generation"
SORTS = {
    "modified_desc": "metadata_modified DESC NULLS LAST, index_id",
    "modified_asc": "metadata_modified ASC NULLS LAST, index_id",
    "created_desc": "metadata_created DESC NULLS LAST, index_id",
    "created_asc": "metadata_created ASC NULLS LAST, index_id",
    "title_asc": "lower(title_string) ASC NULLS LAST, "
                 "title_string ASC NULLS LAST, index_id",
    "title_desc": "lower(title_string) DESC NULLS LAST, "
                  "title_string DESC NULLS LAST, index_id",
    "name_asc": "name ASC NULLS LAST, index_id",
}


def upgrade() -> None:
    op.create_table(
        DOCS,
        sa.Column("index_id", sa.Text, primary_key=True),
        sa.Column("doc", JSONB, nullable=False),
        sa.Column("data_dict", sa.Text),
        sa.Column("validated_data_dict", sa.Text),
    )
    op.execute(f"INSERT INTO {DOCS} SELECT index_id, doc, data_dict, "
               f"validated_data_dict FROM {TABLE}")
    op.drop_column(TABLE, "doc")
    op.drop_column(TABLE, "data_dict")
    op.drop_column(TABLE, "validated_data_dict")
    op.add_column(TABLE, sa.Column(
        "rank_vector", TSVECTOR, nullable=False, server_default=""))
    op.alter_column(TABLE, "rank_vector", server_default=None)
    op.add_column(TABLE, sa.Column(
        "facet_tokens", ARRAY(sa.Text), nullable=False, server_default="{}"))
    op.alter_column(TABLE, "facet_tokens", server_default=None)
    # Sort orders as SortBuilder writes them, so that a page is read from
    # an index instead of sorting every match.
    for name, columns in SORTS.items():
        op.execute(f"CREATE INDEX {TABLE}_{name} ON {TABLE} ({columns})")
    for name in ("modified", "created", "title"):
        op.drop_index(f"{TABLE}_{name}", TABLE)
    # Generation of the index, for the result cache: every change of either
    # table bumps it (the engine also bumps it after each commit).
    op.execute(f"CREATE SEQUENCE IF NOT EXISTS {GENERATION}")
    op.execute(f"""
        CREATE OR REPLACE FUNCTION {GENERATION}_bump() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN PERFORM nextval('{GENERATION}'); RETURN NULL; END $$""")
    for table in (TABLE, DOCS):
        op.execute(f"""
            CREATE TRIGGER {table}_changed
            AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION {GENERATION}_bump()""")


def downgrade() -> None:
    for table in (TABLE, DOCS):
        op.execute(f"DROP TRIGGER {table}_changed ON {table}")
    op.execute(f"DROP FUNCTION {GENERATION}_bump()")
    op.execute(f"DROP SEQUENCE {GENERATION}")
    for name in SORTS:
        op.drop_index(f"{TABLE}_{name}", TABLE)
    op.create_index(f"{TABLE}_modified", TABLE, ["metadata_modified"])
    op.create_index(f"{TABLE}_created", TABLE, ["metadata_created"])
    op.create_index(f"{TABLE}_title", TABLE, [sa.text("lower(title_string)")])
    op.drop_column(TABLE, "facet_tokens")
    op.drop_column(TABLE, "rank_vector")
    op.add_column(TABLE, sa.Column("doc", JSONB, nullable=False,
                                   server_default="{}"))
    op.add_column(TABLE, sa.Column("data_dict", sa.Text))
    op.add_column(TABLE, sa.Column("validated_data_dict", sa.Text))
    op.execute(f"UPDATE {TABLE} i SET doc = d.doc, data_dict = d.data_dict, "
               f"validated_data_dict = d.validated_data_dict "
               f"FROM {DOCS} d WHERE d.index_id = i.index_id")
    op.drop_table(DOCS)
