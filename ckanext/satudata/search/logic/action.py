"""Actions of the search plugin: the state of its index."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata import config
from ckanext.satudata.search import cache, counts, engine
from ckanext.satudata.search.logic import schema
from ckanext.satudata.search.model import (
    CLASS_COUNT_TABLE_NAME,
    CLASS_TABLE_NAME,
    DOC_TABLE_NAME,
    TABLE_NAME,
    TOKEN_TABLE_NAME,
)

TABLES = (TABLE_NAME, DOC_TABLE_NAME, TOKEN_TABLE_NAME, CLASS_TABLE_NAME,
          CLASS_COUNT_TABLE_NAME)


@tk.side_effect_free
@validate(schema.search_status)
def satudata_search_status(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """State of the embedded PostgreSQL search index.

    Compares the index with the datasets in the database, the way
    ``ckan search-index check`` does, and reports the result cache.
    Sysadmins only.

    :param list_missing: also list the names of active datasets that are
        not in the index (optional, default: ``false``)
    :type list_missing: bool
    :param check_counts: also compare the counts kept per visibility class
        (the landing page's facets) with counting the index rows; reads the
        whole index (optional, default: ``false``)
    :type check_counts: bool

    :returns: ``engine`` (``postgresql`` or ``solr`` when satudata_search is
        not routing searches), ``indexed`` (rows in the index, by state),
        ``datasets`` (datasets in the database, by state), ``missing``
        (active datasets not indexed), ``missing_names`` (with
        ``list_missing``), ``size_bytes`` (index tables and their indexes),
        ``generation``, ``cache`` (hits, misses, entries of this process)
        and, with ``check_counts``, ``count_differences`` (how many kept
        counts differ from the rows: 0 unless something is wrong)
    :rtype: dict
    """
    tk.check_access("satudata_search_status", context, data_dict)

    site_id = config.site_id()
    with model.ensure_engine().connect() as conn:
        indexed = dict(conn.execute(sa.text(
            f"SELECT state, count(*) FROM {TABLE_NAME} WHERE site_id = :s "
            f"GROUP BY state"), {"s": site_id}).all())
        size = conn.execute(sa.text(
            "SELECT sum(pg_total_relation_size(t)) FROM unnest(CAST(:tables "
            "AS regclass[])) t"), {"tables": list(TABLES)}).scalar_one()
        generation = cache.generation(conn)
        differences = (counts.differences(conn)
                       if data_dict.get("check_counts") else None)
        missing = conn.execute(sa.text(
            f"SELECT p.name FROM package p WHERE p.state = 'active' AND NOT "
            f"EXISTS (SELECT 1 FROM {TABLE_NAME} i WHERE i.id = p.id "
            f"AND i.site_id = :s) ORDER BY p.name"), {"s": site_id}).scalars().all()
    datasets = dict(model.Session.query(model.Package.state, sa.func.count())
                    .group_by(model.Package.state).all())
    result: dict[str, Any] = {
        "engine": "postgresql" if engine.installed() else "solr",
        "indexed": indexed,
        "datasets": datasets,
        "missing": len(missing),
        "size_bytes": size,
        "generation": generation,
        "cache": cache.stats(),
    }
    if data_dict.get("list_missing"):
        result["missing_names"] = list(missing)
    if differences is not None:
        result["count_differences"] = len(differences)
    return result
