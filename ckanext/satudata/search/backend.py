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

import psycopg2.errors
import sqlalchemy as sa
from ckan import model
from ckan.lib.search.common import solr_datetime_decoder
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DataError, DBAPIError, OperationalError, ProgrammingError

from ckanext.satudata.search import cache, config, document, limits
from ckanext.satudata.search.errors import index_error, query_error
from ckanext.satudata.search.fields import (
    COLUMN_FIELDS,
    DATE_COLUMNS,
    INT_FIELDS,
    NOT_STORED,
    STORED_COLUMNS,
    Kind,
    in_facet_tokens,
    in_tokens,
    is_valid_name,
    kind_of,
)
from ckanext.satudata.search.lucene import Params, Translator, sql_and
from ckanext.satudata.search.model import (
    DOC_TABLE_NAME,
    TABLE_NAME,
    doc_table,
    index_table,
)

log = logging.getLogger(__name__)

_RANK_WEIGHTS = "'{0.05, 0.2, 0.4, 1.0}'"
_DEFAULT_FACET_LIMIT = 50
CONSTANT_SCORE = "1.0"
#: Values of each facet field with the number of datasets having them.
FacetCounts = dict[str, list[tuple[str, int]]]


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


def _rejected(error: DBAPIError) -> bool:
    """Whether PostgreSQL refused the statement itself (bad data, bad SQL,
    a size limit), as opposed to failing to run it (connection lost)."""
    return not isinstance(error, OperationalError) or isinstance(
        error.orig, psycopg2.errors.ProgramLimitExceeded)


def _facet_fields(params: dict[str, Any]) -> list[str]:
    if str(params.get("facet", "false")).lower() != "true":
        return []
    wanted = list(dict.fromkeys(_listify(params.get("facet.field"))))
    limits.check_facet_fields(wanted)
    return [f for f in wanted if is_valid_name(f)]


def _facet_lists(counts: FacetCounts,
                 params: dict[str, Any]) -> dict[str, list[Any]]:
    """Solr's facet_fields: ``[value, count, ...]`` per field, most frequent
    first (ties in value order), after ``facet.mincount`` and ``facet.limit``."""
    limit = _int(params, "facet.limit", _DEFAULT_FACET_LIMIT)
    mincount = _int(params, "facet.mincount", 0)
    out: dict[str, list[Any]] = {}
    for fld in _listify(params.get("facet.field")):
        items = [item for item in counts.get(fld, []) if item[1] >= mincount]
        items.sort(key=lambda item: (-item[1], item[0]))
        if limit >= 0:
            items = items[:limit]
        out[fld] = [x for item in items for x in item]
    return out


def _bump() -> None:
    with _engine().begin() as conn:
        cache.bump(conn)


def _tune(conn: Any) -> None:
    """Planner settings for this search's transaction only."""
    cost = config.random_page_cost()
    if cost is not None:
        conn.execute(sa.text("SELECT set_config('random_page_cost', :c, true)"),
                     {"c": str(float(cost))})


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

    def __init__(self, translator: Translator, score: str) -> None:
        self.translator = translator
        self.params = translator.params
        self.score = score

    def _expr(self, fld: str) -> list[str]:
        if fld == "score":
            # Without free text every document scores the same.
            return [] if self.score == CONSTANT_SCORE else [self.score]
        if fld == "title_string":
            return ["lower(title_string)", "title_string"]
        if fld in COLUMN_FIELDS:
            return [f"i.{fld}"]
        if fld in DATE_COLUMNS:
            return [fld]
        if not is_valid_name(fld):
            raise query_error('Invalid "sort" parameter: cannot sort by "{field}"',
                              field=fld)
        values = self.translator.values_of(fld)
        if kind_of(fld) is Kind.DATE:
            return [f"(SELECT min(CASE WHEN x.v ~ '^[0-9]{{4}}-' THEN "
                    f"CAST(x.v AS timestamptz) END) FROM {values} x)"]
        if fld in INT_FIELDS:
            return [f"(SELECT min(CASE WHEN x.v ~ '^-?[0-9]+$' THEN "
                    f"CAST(x.v AS bigint) END) FROM {values} x)"]
        return [f"(SELECT min(x.v) FROM {values} x)"]

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
        clauses.append("i.index_id ASC")
        return ", ".join(clauses)


def _upsert(table: sa.Table, key: str) -> sa.TextClause:
    columns = [c.name for c in table.columns]
    casts = {"search_vector": "tsvector", "rank_vector": "tsvector", "doc": "jsonb"}
    values = ", ".join(
        f"CAST(:{c} AS {casts[c]})" if c in casts else f":{c}" for c in columns)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != key)
    return sa.text(
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({values}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
    ).bindparams(
        *[sa.bindparam(c, type_=ARRAY(sa.Text)) for c in columns
          if c in ("permission_labels", "tokens", "facet_tokens")])


_INDEX_UPSERT = _upsert(index_table, "index_id")
_WITH_DOCS = (f"{TABLE_NAME} i JOIN {DOC_TABLE_NAME} d "
              f"ON d.index_id = i.index_id")
_DOC_UPSERT = _upsert(doc_table, "index_id")


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
        pairs = [document.to_rows(doc) for doc in docs]
        if not pairs:
            return
        try:
            with _engine().begin() as conn:
                conn.execute(_INDEX_UPSERT, [p[0] for p in pairs])
                conn.execute(_DOC_UPSERT, [p[1] for p in pairs])
        except (DataError, ProgrammingError, OperationalError) as e:
            if not _rejected(e):
                raise
            raise index_error("The search index rejected the dataset: {error}",
                              error=e.orig) from e
        _bump()

    def delete(self, id: str | list[str] | None = None, q: str | None = None,
               commit: bool = True, **_kwargs: Any) -> None:
        params = Params()
        translator = Translator(params)
        if id is not None:
            where = f"i.index_id = ANY(CAST({params.add(_listify(id))} AS text[]))"
        elif q is not None:
            where = translator.filter(q)
        else:
            raise ValueError("delete needs an id or a query")
        using = f" USING {DOC_TABLE_NAME} d" if translator.uses_doc else ""
        join = " AND d.index_id = i.index_id" if translator.uses_doc else ""
        with _engine().begin() as conn:
            gone = conn.execute(sa.text(
                f"DELETE FROM {TABLE_NAME} i{using} WHERE {where}{join} "
                f"RETURNING i.index_id"), params.values).scalars().all()
            conn.execute(sa.text(
                f"DELETE FROM {DOC_TABLE_NAME} WHERE index_id = ANY(:ids)"),
                {"ids": list(gone)})
        _bump()

    def commit(self, **_kwargs: Any) -> None:
        """Every write is committed when it happens."""

    def optimize(self, **_kwargs: Any) -> None:
        with _engine().begin() as conn:
            conn.execute(sa.text(f"ANALYZE {TABLE_NAME}"))
            conn.execute(sa.text(f"ANALYZE {DOC_TABLE_NAME}"))

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
            score = (f"ts_rank({_RANK_WEIGHTS}, rank_vector, "
                     f"CAST({params.add(terms)} AS tsquery))")
        else:
            score = CONSTANT_SCORE

        rows = max(_int(kwargs, "rows", 10), 0)
        start = max(_int(kwargs, "start", 0), 0)
        fl = parse_fl(kwargs.get("fl"))
        order = SortBuilder(translator, score).build(kwargs.get("sort"))
        source = _WITH_DOCS if translator.uses_doc else f"{TABLE_NAME} i"

        fields = _facet_fields(kwargs)
        try:
            with _engine().connect() as conn:
                _tune(conn)
                cached = cache.Scope(conn, f"{source} WHERE {where}", params.values)
                counts = None
                if fields:  # one scan gives the facet counts and the hits
                    counts, hits = cached.get(("facets", tuple(fields)), lambda:
                        self._count_values(conn, source, where, translator, fields))
                else:
                    hits = cached.get("count", lambda: conn.execute(sa.text(
                        f"SELECT count(*) FROM {source} WHERE {where}"),
                        params.values).scalar_one())
                docs = []
                if rows and hits > start:
                    page = cached.get(("page", order, score, rows, start),
                                      lambda: [tuple(r) for r in conn.execute(
                        sa.text(f"SELECT i.index_id, {score} AS score "
                                f"FROM {source} WHERE {where} ORDER BY {order} "
                                f"LIMIT {rows} OFFSET {start}"),
                        params.values)])
                    docs = self._stored(conn, page, fl)
        except (DataError, ProgrammingError, OperationalError) as e:
            if not _rejected(e):
                raise
            # PostgreSQL's text names tables and shows SQL: it stays in the log
            log.warning("Search failed: %s", e)
            raise query_error("The search could not be run: simplify it or try "
                              "again later") from e
        facets: dict[str, Any] = {}
        if str(kwargs.get("facet", "false")).lower() == "true":
            facets = {"facet_fields": _facet_lists(counts or {}, kwargs)}
        return Results(docs, hits, facets)

    def _stored(self, conn: Any, page: list[Any],
                fl: list[str] | None) -> list[dict[str, Any]]:
        """The stored documents of a result page, in page order."""
        wanted = [c for c in STORED_COLUMNS if fl is None or c in fl]
        rows = conn.execute(sa.text(
            f"SELECT {', '.join(['index_id', 'doc', *wanted])} "
            f"FROM {DOC_TABLE_NAME} WHERE index_id = ANY(:ids)"),
            {"ids": [r[0] for r in page]}).mappings().all()
        by_id = {r["index_id"]: r for r in rows}
        docs = []
        for index_id, score in page:
            if index_id in by_id:
                docs.append(self._doc(by_id[index_id], fl, score))
        if self.decode_dates:
            docs = [solr_datetime_decoder(d) for d in docs]
        return docs

    @staticmethod
    def _doc(row: Any, fl: list[str] | None, score: float) -> dict[str, Any]:
        stored = dict(row["doc"])
        for column in STORED_COLUMNS:
            if column in row and row[column] is not None:
                stored[column] = row[column]
        if fl is None:
            return {k: v for k, v in stored.items() if k not in NOT_STORED}
        out = {k: stored[k] for k in fl if k in stored and k not in NOT_STORED}
        if "score" in fl:
            out["score"] = float(score)
        return out

    @staticmethod
    def _count_values(conn: Any, source: str, where: str, translator: Translator,
                      fields: list[str]) -> tuple[FacetCounts, int]:
        """How many matching datasets have each value of each field, and how
        many match at all (an empty marker token counted in the same scan)."""
        counts: FacetCounts = {f: [] for f in fields}
        values = dict(translator.params.values)
        token_fields = [f for f in fields if in_tokens(f)]
        array = "facet_tokens" if all(in_facet_tokens(f) for f in token_fields) \
            else "tokens"
        local = Params(dict(values))
        wanted = local.add(token_fields)
        rows = conn.execute(sa.text(
            f"SELECT t, count(*) FROM {source}, "
            f"unnest(array_append({array}, '')) t WHERE {where} AND "
            f"(t = '' OR split_part(t, '=', 1) = ANY(CAST({wanted} AS text[]))) "
            f"GROUP BY t"), local.values).all()
        hits = 0
        for token, n in rows:
            if token == "":
                hits = n
                continue
            fld, _, value = token.partition("=")
            counts[fld].append((value, n))
        for fld in fields:
            if fld in token_fields:
                continue
            local = Translator(Params(dict(values)))
            local.uses_doc = translator.uses_doc
            value_set = local.values_of(fld)
            scan = _WITH_DOCS if local.uses_doc else source
            rows = conn.execute(sa.text(
                f"SELECT x.v, count(*) FROM {scan}, LATERAL {value_set} x "
                f"WHERE {where} GROUP BY x.v"), local.params.values).all()
            counts[fld] = [(v, n) for v, n in rows if v is not None]
        return counts, hits
