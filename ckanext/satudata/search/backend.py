"""A PostgreSQL search engine that speaks the part of pysolr's ``Solr``
client CKAN uses (``add``, ``delete``, ``commit``, ``search``).

CKAN's own ``PackageSearchIndex`` builds each index document (running
every plugin's ``before_dataset_index``) and CKAN's ``PackageSearchQuery``
adds permission labels, state and site filters, exactly as with Solr;
this class only stores and answers. Writes use their own transaction,
committed at once, as a Solr commit would be.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from ckan import model
from ckan.lib.search.common import solr_datetime_decoder
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DataError, ProgrammingError

from . import document
from .errors import index_error, query_error
from .fields import (
    COLUMN_FIELDS,
    DATE_COLUMNS,
    INT_FIELDS,
    NOT_STORED,
    STORED_COLUMNS,
    Kind,
    is_valid_name,
    kind_of,
)
from .lucene import Params, Translator, sql_and
from .model import TABLE_NAME, index_table

log = logging.getLogger(__name__)

_RANK_WEIGHTS = "'{0.05, 0.2, 0.4, 1.0}'"
_DEFAULT_FACET_LIMIT = 50
CONSTANT_SCORE = "1.0"


class Results:
    """What pysolr's ``Results`` offers CKAN: hits, docs and facets."""

    def __init__(self, docs: list[dict[str, Any]], hits: int,
                 facets: dict[str, Any]) -> None:
        self.docs = docs
        self.hits = hits
        self.facets = facets
        self.raw_response = {"response": {"numFound": hits, "docs": docs}}

    def __len__(self) -> int:
        return len(self.docs)

    def __iter__(self):
        return iter(self.docs)


def _engine() -> sa.engine.Engine:
    return model.ensure_engine()


def _listify(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [v for v in value if v]


def _int(params: dict[str, Any], key: str, default: int) -> int:
    value = params.get(key, default)
    try:
        return int(value)
    except (TypeError, ValueError) as e:
        raise query_error('Parameter "{name}" must be a whole number, not "{value}"',
                          name=key, value=value) from e


def parse_fl(fl: Any) -> list[str] | None:
    """Requested fields; ``None`` means all stored fields."""
    names: list[str] = []
    for part in _listify(fl):
        names.extend(n for n in part.replace(",", " ").split() if n)
    if not names or "*" in names:
        return None
    return names


class SortBuilder:
    """``sort`` parameter (``score desc, metadata_modified desc``) to SQL."""

    def __init__(self, params: Params, score: str) -> None:
        self.params = params
        self.score = score

    def _expr(self, fld: str) -> list[str]:
        if fld == "score":
            # Without free text every document scores the same.
            return [] if self.score == CONSTANT_SCORE else [self.score]
        if fld == "title_string":
            return ["lower(title_string)", "title_string"]
        if fld in COLUMN_FIELDS or fld in DATE_COLUMNS:
            return [fld]
        if not is_valid_name(fld):
            raise query_error('Invalid "sort" parameter: cannot sort by "{field}"',
                              field=fld)
        name = self.params.add(fld)
        if kind_of(fld) is Kind.DATE:
            return [f"(CASE WHEN doc->>{name} ~ '^[0-9]{{4}}-' "
                    f"THEN CAST(doc->>{name} AS timestamptz) END)"]
        if fld in INT_FIELDS:
            return [f"(CASE WHEN doc->>{name} ~ '^-?[0-9]+$' "
                    f"THEN CAST(doc->>{name} AS bigint) END)"]
        prefix = self.params.add(fld + "=")
        return [f"(SELECT min(substr(t, length({prefix}) + 1)) FROM "
                f"unnest(tokens) t WHERE starts_with(t, {prefix}))"]

    def build(self, sort: str | None) -> str:
        clauses: list[str] = []
        for part in (sort or "score desc, metadata_modified desc").split(","):
            if not part.strip():
                continue
            words = part.split()
            if len(words) != 2 or words[1].lower() not in ("asc", "desc"):
                raise query_error('Invalid "sort" parameter: use "field asc" or '
                                  '"field desc", e.g. "metadata_modified desc"')
            direction = words[1].upper()
            clauses += [f"{e} {direction} NULLS LAST" for e in self._expr(words[0])]
        clauses.append("index_id ASC")
        return ", ".join(clauses)


class PostgresSearchConnection:
    """Drop-in for ``pysolr.Solr`` as returned by ``make_connection``.

    With ``decode_dates`` (pysolr's default in CKAN) date strings in the
    returned documents become ``datetime`` objects, as CKAN's
    ``solr_datetime_decoder`` makes them.
    """

    url = "postgresql://satudata_search"

    def __init__(self, decode_dates: bool = True) -> None:
        self.decode_dates = decode_dates

    # -- writing --------------------------------------------------------

    def add(self, docs: Iterable[dict[str, Any]], commit: bool = True,
            **_kwargs: Any) -> None:
        rows = [document.to_row(doc) for doc in docs]
        if not rows:
            return
        columns = [c.name for c in index_table.columns]
        values = ", ".join(
            "CAST(:search_vector AS tsvector)" if c == "search_vector" else
            "CAST(:doc AS jsonb)" if c == "doc" else f":{c}" for c in columns)
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != "index_id")
        stmt = sa.text(
            f"INSERT INTO {TABLE_NAME} ({', '.join(columns)}) VALUES ({values}) "
            f"ON CONFLICT (index_id) DO UPDATE SET {updates}"
        ).bindparams(
            sa.bindparam("permission_labels", type_=ARRAY(sa.Text)),
            sa.bindparam("tokens", type_=ARRAY(sa.Text)),
        )
        try:
            with _engine().begin() as conn:
                conn.execute(stmt, rows)
        except (DataError, ProgrammingError) as e:
            raise index_error("The search index rejected the dataset: {error}",
                              error=e.orig) from e

    def delete(self, id: str | list[str] | None = None, q: str | None = None,
               commit: bool = True, **_kwargs: Any) -> None:
        params = Params()
        if id is not None:
            where = f"index_id = ANY(CAST({params.add(_listify(id))} AS text[]))"
        elif q is not None:
            where = Translator(params).filter(q)
        else:
            raise ValueError("delete needs an id or a query")
        with _engine().begin() as conn:
            conn.execute(sa.text(f"DELETE FROM {TABLE_NAME} WHERE {where}"),
                         params.values)

    def commit(self, **_kwargs: Any) -> None:
        """Every write is committed when it happens."""

    def optimize(self, **_kwargs: Any) -> None:
        with _engine().begin() as conn:
            conn.execute(sa.text(f"ANALYZE {TABLE_NAME}"))

    # -- reading --------------------------------------------------------

    def search(self, q: str | None = None, **kwargs: Any) -> Results:
        params = Params()
        translator = Translator(params)
        def_type = kwargs.get("defType", "lucene")
        where_q = translator.query(
            q if q is not None else kwargs.get("q", "*:*"),
            default_op=kwargs.get("q.op", "OR"),
            dismax=def_type in ("dismax", "edismax"),
            mm=kwargs.get("mm"),
        )
        filters = [translator.filter(fq, default_op=kwargs.get("q.op", "OR"))
                   for fq in _listify(kwargs.get("fq"))]
        where = sql_and([where_q, *filters])
        if translator.rank_terms:
            terms = " | ".join(f"({t})" for t in translator.rank_terms)
            score = (f"ts_rank({_RANK_WEIGHTS}, search_vector, "
                     f"CAST({params.add(terms)} AS tsquery))")
        else:
            score = CONSTANT_SCORE

        rows = max(_int(kwargs, "rows", 10), 0)
        start = max(_int(kwargs, "start", 0), 0)
        fl = parse_fl(kwargs.get("fl"))
        order = SortBuilder(params, score).build(kwargs.get("sort"))

        wants = set(fl or ["*"])
        extra_cols = [c for c in STORED_COLUMNS if fl is None or c in wants]
        select = ", ".join(["index_id", "doc", *extra_cols, f"{score} AS score"])

        try:
            with _engine().connect() as conn:
                hits = conn.execute(sa.text(
                    f"SELECT count(*) FROM {TABLE_NAME} WHERE {where}"),
                    params.values).scalar_one()
                docs = []
                if rows and hits > start:
                    page = conn.execute(sa.text(
                        f"SELECT {select} FROM {TABLE_NAME} WHERE {where} "
                        f"ORDER BY {order} LIMIT {rows} OFFSET {start}"),
                        params.values).mappings().all()
                    docs = [self._doc(r, fl) for r in page]
                    if self.decode_dates:
                        docs = [solr_datetime_decoder(d) for d in docs]
                facets = self._facets(conn, where, params, kwargs) if hits else {}
        except (DataError, ProgrammingError) as e:
            log.warning("Search failed: %s", e)
            raise query_error("The search could not be run: {error}",
                              error=e.orig) from e
        if not facets and str(kwargs.get("facet", "false")).lower() == "true":
            fields = _listify(kwargs.get("facet.field"))
            facets = {"facet_fields": {f: [] for f in fields}}
        return Results(docs, hits, facets)

    @staticmethod
    def _doc(row: Any, fl: list[str] | None) -> dict[str, Any]:
        stored = dict(row["doc"])
        for column in STORED_COLUMNS:
            if column in row and row[column] is not None:
                stored[column] = row[column]
        if fl is None:
            return {k: v for k, v in stored.items() if k not in NOT_STORED}
        out = {k: stored[k] for k in fl if k in stored and k not in NOT_STORED}
        if "score" in fl:
            out["score"] = float(row["score"])
        return out

    @staticmethod
    def _facets(conn: Any, where: str, params: Params,
                kwargs: dict[str, Any]) -> dict[str, Any]:
        if str(kwargs.get("facet", "false")).lower() != "true":
            return {}
        fields = [f for f in dict.fromkeys(_listify(kwargs.get("facet.field")))
                  if is_valid_name(f)]
        if not fields:
            return {"facet_fields": {}}
        limit = _int(kwargs, "facet.limit", _DEFAULT_FACET_LIMIT)
        mincount = _int(kwargs, "facet.mincount", 0)
        local = Params(dict(params.values))
        wanted = local.add(fields)
        rows = conn.execute(sa.text(
            f"SELECT t, count(*) AS n FROM {TABLE_NAME}, unnest(tokens) t "
            f"WHERE {where} AND split_part(t, '=', 1) = "
            f"ANY(CAST({wanted} AS text[])) GROUP BY t"),
            local.values).all()
        counts: dict[str, list[tuple[str, int]]] = {f: [] for f in fields}
        for token, n in rows:
            fld, _, value = token.partition("=")
            if fld in counts and n >= mincount:
                counts[fld].append((value, n))
        out: dict[str, list[Any]] = {}
        for fld, items in counts.items():
            items.sort(key=lambda item: (-item[1], item[0]))
            if limit >= 0:
                items = items[:limit]
            out[fld] = [x for item in items for x in item]
        return {"facet_fields": out}

