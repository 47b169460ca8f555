"""Typed access to the options of the search engine (``satudata_search``),
declared in ``search/config_declaration.yaml``."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def random_page_cost() -> float | None:
    """PostgreSQL's random_page_cost for searches; ``None`` keeps the
    server's (the option set empty)."""
    value = tk.config.get("ckanext.satudata.search.random_page_cost")
    return None if value is None or value == "" else float(value)


def max_parallel_workers() -> int | None:
    """PostgreSQL's max_parallel_workers_per_gather for searches; ``None``
    keeps the server's (the option set empty)."""
    value = tk.config.get("ckanext.satudata.search.max_parallel_workers")
    return None if value is None or value == "" else max(int(value), 0)


def cache_size() -> int:
    """How many search results each process keeps (0: no cache)."""
    return max(int(tk.config.get("ckanext.satudata.search.cache_size") or 0), 0)


def class_counts() -> bool:
    """Whether searches on visibility classes only (the landing page) take
    their counts from the per-class counts instead of counting rows."""
    return tk.asbool(tk.config.get("ckanext.satudata.search.class_counts"))


def max_query_length() -> int:
    return tk.config.get("ckanext.satudata.search.max_query_length")


def max_clauses() -> int:
    return tk.config.get("ckanext.satudata.search.max_clauses")


def max_nesting_depth() -> int:
    return tk.config.get("ckanext.satudata.search.max_nesting_depth")


def max_date_math_years() -> int:
    return tk.config.get("ckanext.satudata.search.max_date_math_years")


def max_facet_fields() -> int:
    return tk.config.get("ckanext.satudata.search.max_facet_fields")
