"""Hit and facet counts of whole visibility classes, without a scan.

A visibility class is what CKAN's own filters test: site, state,
capacity, dataset type and permission labels (``fields.CLASS_FIELDS``).
A search with conditions only on those, such as the landing page (no
query, only the permission filter), matches every row of some classes
and none of the others. Its counts are then the sums of per-class
counts, whatever the number of matching datasets.

The per-class counts (``satudata_search_class_count``) are changed by
the index table's statement triggers (migration ``0003_facet_counts``)
in the same statement as the rows they count: in every snapshot they are
exactly what counting the index rows of that snapshot gives.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ckanext.satudata.search import config
from ckanext.satudata.search.fields import CLASS_FIELDS, in_facet_tokens
from ckanext.satudata.search.lucene import Params, Translator
from ckanext.satudata.search.model import (
    CLASS_COUNT_TABLE_NAME,
    CLASS_TABLE_NAME,
    TABLE_NAME,
    TOKEN_TABLE_NAME,
)

#: The SQL function naming a row's class (migration ``0003_facet_counts``).
CLASS_KEY_FUNCTION = "satudata_search_class_key"


def _counted(where: str) -> str:
    """The counts of the classes ``where`` holds for, with the facet value
    of each (``''`` for the rows themselves). The alias ``i`` and the
    column names of the class table are those of the index table, so a
    filter's SQL applies to classes as it is."""
    return (f"{CLASS_TABLE_NAME} i JOIN {CLASS_COUNT_TABLE_NAME} c "
            f"ON c.class_key = i.class_key LEFT JOIN {TOKEN_TABLE_NAME} d "
            f"ON d.id = c.token_id WHERE {where}")


def answers(translator: Translator, fields: list[str]) -> bool:
    """Whether the per-class counts give the counts of this search: every
    condition tests class fields only, and each facet field is counted
    from the facet values (``facet_ids``)."""
    return (config.class_counts()
            and not translator.uses_doc
            and not translator.rank_terms
            and translator.fields <= CLASS_FIELDS
            and all(in_facet_tokens(f) for f in fields))


def facet_counts(conn: Any, where: str, params: dict[str, Any],
                 fields: list[str]) -> tuple[list[tuple[str, int]], int]:
    """``(token, count)`` of the facet fields' values, and the hit count."""
    local = Params(dict(params))
    wanted = local.add(list(fields))
    rows = conn.execute(sa.text(
        f"SELECT coalesce(d.token, ''), sum(c.n) FROM {_counted(where)} AND "
        f"(c.token_id = 0 OR split_part(d.token, '=', 1) = "
        f"ANY(CAST({wanted} AS text[]))) "
        f"GROUP BY c.token_id, d.token HAVING sum(c.n) > 0"), local.values).all()
    hits = 0
    tokens = []
    for token, n in rows:
        if token == "":
            hits = int(n)
        else:
            tokens.append((token, int(n)))
    return tokens, hits


def hit_count(conn: Any, where: str, params: dict[str, Any]) -> int:
    return int(conn.execute(sa.text(
        f"SELECT coalesce(sum(c.n), 0) FROM {_counted(where)} AND c.token_id = 0"),
        params).scalar_one())


def _class_key(row: str) -> str:
    """SQL naming the class of the index row ``row`` (a table alias)."""
    return (f"{CLASS_KEY_FUNCTION}({row}.site_id, {row}.state, {row}.capacity, "
            f"{row}.dataset_type, {row}.permission_labels)")


def differences(conn: Any) -> list[tuple[Any, ...]]:
    """``(class_key, token_id, kept, counted)`` where the kept counts
    differ from counting the index rows, and ``(class_key, None, 0, rows)``
    for rows whose class is not in the class table (none, unless something
    is wrong)."""
    key = _class_key("i")
    return [tuple(r) for r in conn.execute(sa.text(f"""
        WITH counted AS (
            SELECT {key} AS class_key, t AS token_id, count(*) AS n
            FROM {TABLE_NAME} i, unnest(array_append(i.facet_ids, 0)) t
            GROUP BY 1, 2)
        SELECT coalesce(k.class_key, c.class_key),
               coalesce(k.token_id, c.token_id), coalesce(k.n, 0), coalesce(c.n, 0)
        FROM {CLASS_COUNT_TABLE_NAME} k FULL JOIN counted c
            ON c.class_key = k.class_key AND c.token_id = k.token_id
        WHERE k.n IS DISTINCT FROM c.n
        UNION ALL
        SELECT {key}, NULL, 0, count(*) FROM {TABLE_NAME} i
        WHERE NOT EXISTS (SELECT 1 FROM {CLASS_TABLE_NAME} k
                          WHERE k.class_key = {key})
        GROUP BY 1
        ORDER BY 1, 2""")).all()]


def recount(conn: Any) -> int:
    """Count the per-class counts again from the index rows, writers
    waiting meanwhile; how many counts were wrong. Reads the whole index:
    done at the commits that end ``ckan search-index rebuild`` and
    ``clear``, so both repair counts that went wrong
    (``satudata_search_status`` with ``check_counts`` shows them)."""
    conn.execute(sa.text(f"LOCK TABLE {TABLE_NAME} IN SHARE ROW EXCLUSIVE MODE"))
    wrong = len(differences(conn))
    if not wrong:
        return 0
    key = _class_key("i")
    conn.execute(sa.text(f"DELETE FROM {CLASS_COUNT_TABLE_NAME}"))
    conn.execute(sa.text(f"""
        INSERT INTO {CLASS_TABLE_NAME}
        SELECT DISTINCT ON (1) {key}, i.site_id, i.state, i.capacity,
               i.dataset_type, i.permission_labels
        FROM {TABLE_NAME} i ORDER BY 1
        ON CONFLICT (class_key) DO NOTHING"""))
    conn.execute(sa.text(f"""
        INSERT INTO {CLASS_COUNT_TABLE_NAME} (class_key, token_id, n)
        SELECT {key}, t, count(*)
        FROM {TABLE_NAME} i, unnest(array_append(i.facet_ids, 0)) t
        GROUP BY 1, 2"""))
    return wrong

