"""Bounds on what one search may ask of the engine.

A query nested 1,000 parentheses deep used to end in a RecursionError (500),
and a query of 20,000 OR'ed words held a worker for seconds. Every search
string (``q`` and each ``fq``) is checked here before it is parsed, and the
translation counts its clauses and depth as it goes; anything beyond the
limits is a ``SearchQueryError`` (400) with a message saying the limit.
The limits are config options (see ``config_declaration.yaml``).
"""

from __future__ import annotations

from ckan.lib.search.common import SearchQueryError

from ckanext.satudata.search.config import (
    max_clauses,
    max_facet_fields,
    max_nesting_depth,
    max_query_length,
)
from ckanext.satudata.search.errors import query_error

#: Extra levels of the syntax tree allowed per level of parentheses
#: (operation, group, field, NOT, boost): the translation stops before
#: Python's recursion limit whatever the query looks like.
_TREE_LEVELS_PER_GROUP = 4
_TREE_LEVELS_BASE = 16


def max_tree_depth() -> int:
    """Deepest syntax tree the translation walks."""
    return _TREE_LEVELS_BASE + _TREE_LEVELS_PER_GROUP * max_nesting_depth()


def too_deep() -> SearchQueryError:
    return query_error("The search is nested too deeply: at most {max} levels "
                       "of parentheses", max=max_nesting_depth())


def too_many_clauses() -> SearchQueryError:
    return query_error("The search has too many terms: at most {max}",
                       max=max_clauses())


def _paren_depth(text: str) -> int:
    """Deepest nesting of ``(``/``)`` outside quotes (linear scan)."""
    depth = deepest = 0
    quoted = escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth = max(0, depth - 1)
    return deepest


def check_text(text: str) -> None:
    """Refuse a search string that is too long or nested too deeply, before
    it is parsed (parsing and walking cost grow with both)."""
    limit = max_query_length()
    if len(text) > limit:
        raise query_error("The search is too long: at most {max} characters",
                          max=limit)
    if _paren_depth(text) > max_nesting_depth():
        raise too_deep()


def check_facet_fields(fields: list[str]) -> None:
    limit = max_facet_fields()
    if len(fields) > limit:
        raise query_error("Too many facet fields: at most {max}", max=limit)
