"""A per-process cache of search results (counts, facets, result pages).

Keys hold the exact SQL and its parameters plus the index *generation*, a
PostgreSQL sequence that moves on every change of the index tables (a
statement trigger) and again after every committed write of the engine.
A reader takes the generation before it computes, so an entry can only be
stored under a generation that was current when its data was read; once
the index changes that generation is never asked for again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import sqlalchemy as sa

from ckanext.satudata.search import config

GENERATION = "satudata_search_generation"

T = TypeVar("T")


class LRU:
    """A small thread-safe least-recently-used map."""

    def __init__(self) -> None:
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: Hashable, size: int,
                       compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
        value = compute()
        with self._lock:
            self.misses += 1
            self._items[key] = value
            while len(self._items) > size:
                self._items.popitem(last=False)
        return value

    def has(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._items

    def put(self, key: Hashable, size: int, value: Any) -> None:
        with self._lock:
            self.misses += 1
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_results = LRU()


def size() -> int:
    return config.cache_size()


#: The current generation, as a query (to combine with other work).
GENERATION_SQL = f"SELECT last_value FROM {GENERATION}"


def generation(conn: Any) -> int:
    return conn.execute(sa.text(GENERATION_SQL)).scalar_one()


def bump(conn: Any) -> None:
    """Move the generation on; call after the write has committed."""
    conn.execute(sa.text(f"SELECT nextval('{GENERATION}')"))


class Scope:
    """Cache lookups of one search request, all under one generation:
    ``current`` is the generation the request read before computing
    anything (``GENERATION_SQL``), ``None`` when the cache is off."""

    def __init__(self, current: int | None, sql: str,
                 params: dict[str, Any]) -> None:
        self.size = size()
        self.base = None
        if self.size and current is not None:
            frozen = tuple(sorted((k, repr(v)) for k, v in params.items()))
            self.base = (current, sql, frozen)

    def get(self, part: Hashable, compute: Callable[[], T]) -> T:
        if self.base is None:
            return compute()
        return _results.get_or_compute((self.base, part), self.size, compute)

    def has(self, part: Hashable) -> bool:
        return self.base is not None and _results.has((self.base, part))

    def put(self, part: Hashable, value: Any) -> None:
        """Keep ``value``, computed in this scope's generation."""
        if self.base is not None:
            _results.put((self.base, part), self.size, value)


def stats() -> dict[str, int]:
    return {"hits": _results.hits, "misses": _results.misses,
            "entries": len(_results._items)}
