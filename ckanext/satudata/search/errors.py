"""Errors of the search engine, in the user's language.

Messages are msgids of the ``ckanext-satudata`` catalogue; outside a
request (CLI, jobs) they stay in English.
"""

from __future__ import annotations

from typing import Any

from ckan.lib.search.common import SearchIndexError, SearchQueryError
from ckan.plugins.toolkit import _


def query_error(message: str, **values: Any) -> SearchQueryError:
    """A ``SearchQueryError`` with ``message`` translated, then formatted."""
    return SearchQueryError(_(message).format(**values))


def index_error(message: str, **values: Any) -> SearchIndexError:
    return SearchIndexError(_(message).format(**values))
