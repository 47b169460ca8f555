"""Swap CKAN's Solr connection for the PostgreSQL engine.

CKAN reaches Solr only through ``make_connection`` (imported by name into
three modules), ``is_available`` and the start-up schema check. Replacing
those names routes every index write, query, ``search-index`` command and
``get_group_dataset_counts`` facet to :class:`PostgresSearchConnection`,
so no request ever goes to ``solr_url``.
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.lib.search as search
import ckan.lib.search.common as search_common
import ckan.lib.search.index as search_index
import ckan.lib.search.query as search_query
import sqlalchemy as sa
from ckan import model
from ckan.exceptions import CkanConfigurationException

from ckanext.satudata.search.backend import PostgresSearchConnection
from ckanext.satudata.search.model import TABLE_NAME

log = logging.getLogger(__name__)

#: The CKAN version this engine was written and tested for. It replaces
#: private functions of ckan.lib.search and answers package_search the way
#: this version's Solr code does; another version may differ in both, so
#: the plugin refuses to start on it (check again, then change this).
CKAN_VERSION = "2.12.0"

_TARGETS = (
    (search_common, "make_connection"),
    (search_index, "make_connection"),
    (search_query, "make_connection"),
    (search, "make_connection"),
    (search_common, "is_available"),
    (search, "is_available"),
    (search, "check_solr_schema_version"),
)
_originals: dict[tuple[int, str], Any] = {}


def make_connection(decode_dates: bool = True) -> PostgresSearchConnection:
    return PostgresSearchConnection(decode_dates=decode_dates)


def is_available() -> bool:
    """True when the index table exists (``ckan db upgrade -p satudata_search``)."""
    try:
        return sa.inspect(model.ensure_engine()).has_table(TABLE_NAME)
    except (sa.exc.SQLAlchemyError, CkanConfigurationException):
        log.exception("PostgreSQL search index is not reachable")
        return False


def check_solr_schema_version(schema_file: str | None = None) -> bool:
    """There is no Solr schema to check; the table comes from migrations.

    Runs before the database model is ready, so it touches nothing.
    """
    log.info("Search served by PostgreSQL (satudata_search); Solr is not used")
    return False


_REPLACEMENTS = {
    "make_connection": make_connection,
    "is_available": is_available,
    "check_solr_schema_version": check_solr_schema_version,
}


def install() -> None:
    """Route CKAN's search to PostgreSQL (idempotent)."""
    for module, name in _TARGETS:
        current = getattr(module, name)
        if current is not _REPLACEMENTS[name]:
            _originals[(id(module), name)] = current
            setattr(module, name, _REPLACEMENTS[name])


def uninstall() -> None:
    """Give CKAN its Solr functions back."""
    for module, name in _TARGETS:
        original = _originals.pop((id(module), name), None)
        if original is not None:
            setattr(module, name, original)


def installed() -> bool:
    return search_common.make_connection is make_connection
