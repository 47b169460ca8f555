"""Facet values as numbers, and counts per visibility class kept by triggers.

Facet values: ``facet_tokens`` (``field=value`` text, a third of a row)
becomes ``facet_ids``, numbers of the entries of ``satudata_search_token``
(a dictionary that only grows). Counting facets then hashes integers
instead of strings, and rows get narrower, so scans read fewer pages.

Visibility classes: a *class* is what CKAN's own filters look at: site,
state, capacity, dataset type and permission labels. A search whose
conditions are only on those (the landing page: no query, only the
permission filter) matches whole classes, so its hit count and facet
counts are sums of per-class counts instead of a scan of every matching
row. ``satudata_search_class_count`` holds, per class, how many rows have
each facet value, and under the value ``0`` how many rows there are. A
statement trigger of ``satudata_search_index`` applies each statement's
changes to these counts in that same statement, so in every snapshot
they are exactly what counting the rows of that snapshot gives.

Concurrent writers: a statement locks the classes it adds and then the
counts it changes, each in key order, so two statements never wait for
each other in a cycle (the engine writes each transaction's index rows
with one statement, and tries again if PostgreSQL still picks it as a
deadlock's victim). A count that drops to zero is deleted.

Revision ID: 0003_facet_counts
Revises: 0002_narrow_index
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0003_facet_counts"
down_revision = "0002_narrow_index"
branch_labels = None
depends_on = None

TABLE = "satudata_search_index"
TOKENS = "satudata_search_token"
CLASSES = "satudata_search_class"
COUNTS = "satudata_search_class_count"
KEY = "satudata_search_class_key"
TRIGGER_FUNCTION = "satudata_search_class_count_change"

_KEY_OF = f"{KEY}(site_id, state, capacity, dataset_type, permission_labels)"
_IDS = "unnest(array_append(facet_ids, 0))"


def upgrade() -> None:
    _facet_ids()
    _class_counts()


def _facet_ids() -> None:
    op.create_table(
        TOKENS,
        sa.Column("id", sa.Integer, sa.Identity(always=False), primary_key=True),
        sa.Column("token", sa.Text, nullable=False, unique=True),
    )
    op.execute(f"""
        INSERT INTO {TOKENS} (token)
        SELECT DISTINCT t FROM {TABLE}, unnest(facet_tokens) t ORDER BY 1""")
    op.add_column(TABLE, sa.Column("facet_ids", ARRAY(sa.Integer), nullable=False,
                                   server_default="{}"))
    op.alter_column(TABLE, "facet_ids", server_default=None)
    op.execute(f"""
        UPDATE {TABLE} i SET facet_ids = ARRAY(
            SELECT d.id FROM unnest(i.facet_tokens) WITH ORDINALITY t(token, n)
            JOIN {TOKENS} d ON d.token = t.token ORDER BY t.n)""")
    op.drop_column(TABLE, "facet_tokens")


def _class_counts() -> None:
    op.create_table(
        CLASSES,
        sa.Column("class_key", sa.Text, primary_key=True),
        sa.Column("site_id", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("capacity", sa.Text, nullable=False),
        sa.Column("dataset_type", sa.Text, nullable=False),
        sa.Column("permission_labels", ARRAY(sa.Text), nullable=False),
    )
    op.create_table(
        COUNTS,
        sa.Column("class_key", sa.Text, primary_key=True),
        # 0: the rows of the class, else a facet value's id
        sa.Column("token_id", sa.Integer, primary_key=True),
        sa.Column("n", sa.BigInteger, nullable=False),
    )
    # The class of a row: its values, quoted as a row (unambiguous), hashed.
    op.execute(f"""
        CREATE OR REPLACE FUNCTION {KEY}(text, text, text, text, text[])
        RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT md5(ROW($1, $2, $3, $4, $5)::text) $$""")
    # Each statement's changes: classes first, then counts, each in key
    # order; then the counts that dropped to zero go.
    op.execute(f"""
        CREATE OR REPLACE FUNCTION {TRIGGER_FUNCTION}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
          zero_keys text[];
          zero_ids integer[];
        BEGIN
          IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE {COUNTS};
            RETURN NULL;
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO {CLASSES}
            SELECT DISTINCT ON (1) {_KEY_OF}, site_id, state, capacity,
                   dataset_type, permission_labels
            FROM new_rows ORDER BY 1
            ON CONFLICT (class_key) DO NOTHING;
          END IF;
          IF TG_OP = 'INSERT' THEN
            INSERT INTO {COUNTS} AS c (class_key, token_id, n)
            SELECT {_KEY_OF}, t, count(*) FROM new_rows, {_IDS} t
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (class_key, token_id) DO UPDATE SET n = c.n + EXCLUDED.n;
            RETURN NULL;
          ELSIF TG_OP = 'DELETE' THEN
            WITH changed AS (
              INSERT INTO {COUNTS} AS c (class_key, token_id, n)
              SELECT {_KEY_OF}, t, -count(*) FROM old_rows, {_IDS} t
              GROUP BY 1, 2 ORDER BY 1, 2
              ON CONFLICT (class_key, token_id) DO UPDATE SET n = c.n + EXCLUDED.n
              RETURNING c.class_key, c.token_id, c.n)
            SELECT array_agg(class_key), array_agg(token_id)
            INTO zero_keys, zero_ids FROM changed WHERE n = 0;
          ELSE
            WITH changed AS (
              INSERT INTO {COUNTS} AS c (class_key, token_id, n)
              SELECT k, t, sum(n) FROM (
                SELECT {_KEY_OF} AS k, t, 1 AS n FROM new_rows, {_IDS} t
                UNION ALL
                SELECT {_KEY_OF}, t, -1 FROM old_rows, {_IDS} t) s
              GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2
              ON CONFLICT (class_key, token_id) DO UPDATE SET n = c.n + EXCLUDED.n
              RETURNING c.class_key, c.token_id, c.n)
            SELECT array_agg(class_key), array_agg(token_id)
            INTO zero_keys, zero_ids FROM changed WHERE n = 0;
          END IF;
          IF zero_keys IS NOT NULL THEN
            DELETE FROM {COUNTS} c
            USING unnest(zero_keys, zero_ids) z(k, t)
            WHERE c.class_key = z.k AND c.token_id = z.t AND c.n = 0;
          END IF;
          RETURN NULL;
        END $$""")
    for event, transitions in (
            ("insert", "NEW TABLE AS new_rows"),
            ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("delete", "OLD TABLE AS old_rows")):
        op.execute(f"""
            CREATE TRIGGER {TABLE}_counted_{event} AFTER {event.upper()} ON {TABLE}
            REFERENCING {transitions}
            FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER_FUNCTION}()""")
    op.execute(f"""
        CREATE TRIGGER {TABLE}_counted_truncate AFTER TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER_FUNCTION}()""")
    # The rows there now, counted while writers wait (CREATE TRIGGER has
    # locked the table against writes until this migration commits).
    op.execute(f"""
        INSERT INTO {CLASSES}
        SELECT DISTINCT ON (1) {_KEY_OF}, site_id, state, capacity,
               dataset_type, permission_labels
        FROM {TABLE} ORDER BY 1""")
    op.execute(f"""
        INSERT INTO {COUNTS} (class_key, token_id, n)
        SELECT {_KEY_OF}, t, count(*) FROM {TABLE}, {_IDS} t GROUP BY 1, 2""")


def downgrade() -> None:
    for event in ("insert", "update", "delete", "truncate"):
        op.execute(f"DROP TRIGGER {TABLE}_counted_{event} ON {TABLE}")
    op.execute(f"DROP FUNCTION {TRIGGER_FUNCTION}()")
    op.drop_table(COUNTS)
    op.drop_table(CLASSES)
    op.execute(f"DROP FUNCTION {KEY}(text, text, text, text, text[])")
    op.add_column(TABLE, sa.Column("facet_tokens", ARRAY(sa.Text), nullable=False,
                                   server_default="{}"))
    op.alter_column(TABLE, "facet_tokens", server_default=None)
    op.execute(f"""
        UPDATE {TABLE} i SET facet_tokens = ARRAY(
            SELECT d.token FROM unnest(i.facet_ids) WITH ORDINALITY t(id, n)
            JOIN {TOKENS} d ON d.id = t.id ORDER BY t.n)""")
    op.drop_column(TABLE, "facet_ids")
    op.drop_table(TOKENS)
