"""A PostgreSQL search engine that speaks the part of pysolr's ``Solr``
client CKAN uses (``add``, ``delete``, ``commit``, ``search``).

CKAN's own ``PackageSearchIndex`` builds each index document (running
every plugin's ``before_dataset_index``) and CKAN's ``PackageSearchQuery``
adds permission labels, state and site filters, exactly as with Solr;
this class only stores and answers. Writes use their own transaction,
committed at once, as a Solr commit would be.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import psycopg2.errors
import sqlalchemy as sa
from ckan import model
from ckan.lib.search.common import solr_datetime_decoder
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DataError, DBAPIError, OperationalError, ProgrammingError

from ckanext.satudata.search import cache, config, counts, document, limits
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
    CLASS_COUNT_TABLE_NAME,
    CLASS_TABLE_NAME,
    DOC_TABLE_NAME,
    TABLE_NAME,
    TOKEN_TABLE_NAME,
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


#: Sort fields a one-pass search can order by (the columns it keeps).
_ONE_PASS_SORTS = frozenset({"score", "metadata_modified", "metadata_created"})


def _one_pass(translator: Translator, fields: list[str], sort: str | None) -> bool:
    """Whether facets and page come from one pass over the matching rows:
    a free-text search ordered by relevance (the page has to rank every
    match anyway) whose facet fields are all facet values. A search on
    classes only has counts of its own (``counts``); other orders read
    the page from a sorted index instead."""
    fields_sorted = {part.split()[0] for part in
                     (sort or "score desc, metadata_modified desc").split(",")
                     if part.strip()}
    return (bool(translator.rank_terms) and "score" in fields_sorted
            and fields_sorted <= _ONE_PASS_SORTS
            and all(in_facet_tokens(f) for f in fields))


def _token_ids(tokens: set[str]) -> dict[str, int]:
    """The numbers of facet values, adding the new ones to the dictionary
    (committed at once: a writer holds no lock on it while it writes the
    index, so writers never wait for each other in a cycle)."""
    if not tokens:
        return {}
    wanted = sorted(tokens)
    find = sa.text(f"SELECT token, id FROM {TOKEN_TABLE_NAME} "
                   f"WHERE token = ANY(:tokens)")
    with _engine().begin() as conn:
        found = dict(conn.execute(find, {"tokens": wanted}).all())
        missing = [t for t in wanted if t not in found]
        if missing:
            conn.execute(sa.text(
                f"INSERT INTO {TOKEN_TABLE_NAME} (token) SELECT t FROM "
                f"unnest(CAST(:tokens AS text[])) t ORDER BY t "
                f"ON CONFLICT (token) DO NOTHING"), {"tokens": missing})
            found.update(conn.execute(find, {"tokens": missing}).all())
    return found


def _deadlocked(error: DBAPIError) -> bool:
    return isinstance(error.orig, psycopg2.errors.DeadlockDetected)


def _write(change: Callable[[Any], Any]) -> None:
    """Run ``change`` in a transaction of its own, committed at once (a
    deadlock's victim is tried again), then retire cached results."""
    for attempt in range(1, _WRITE_ATTEMPTS + 1):
        try:
            with _engine().begin() as conn:
                change(conn)
            break
        except (DataError, ProgrammingError, OperationalError) as e:
            if _deadlocked(e) and attempt < _WRITE_ATTEMPTS:
                log.info("Search index write deadlocked, trying again")
                continue
            if not _rejected(e):
                raise
            raise index_error("The search index rejected the dataset: {error}",
                              error=e.orig) from e
    _bump()


def _recount(conn: Any) -> None:
    if wrong := counts.recount(conn):
        log.warning("%s per-class search counts were wrong; counted again "
                    "from the index rows", wrong)


def _checked_hits(hits: int, page: list[Any], rows: int, start: int) -> int:
    """The hit count, or what a short page proves it is. A short page (not
    past the end) ends the matches: were the per-class counts ever wrong,
    a paging client such as CKAN's ``search-index rebuild`` (which pages
    until it has ``count`` results) would otherwise never finish."""
    if len(page) < rows and (page or start == 0) and hits != start + len(page):
        log.warning("Search counted %s datasets but found %s: `ckan "
                    "search-index rebuild` counts them again", hits,
                    start + len(page))
        return start + len(page)
    return hits


def _tune(conn: Any) -> int | None:
    """Planner settings for this search's transaction only, and (with the
    result cache on) the index generation, in one round trip."""
    settings = {}
    cost = config.random_page_cost()
    if cost is not None:
        settings["random_page_cost"] = str(float(cost))
    workers = config.max_parallel_workers()
    if workers is not None:
        settings["max_parallel_workers_per_gather"] = str(workers)
    calls = [f"set_config('{name}', :{name}, true)" for name in settings]
    if cache.size():
        row = conn.execute(sa.text(
            f"SELECT ({cache.GENERATION_SQL}){''.join(', ' + c for c in calls)}"),
            settings).first()
        return row[0]
    if calls:
        conn.execute(sa.text(f"SELECT {', '.join(calls)}"), settings)
    return None


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
          if c in ("permission_labels", "tokens")])


def _upsert_all(table: sa.Table, key: str) -> sa.TextClause:
    """One statement writing every row of a batch (``:rows``, a JSON list),
    in key order: the index table's triggers then see the whole batch at
    once and lock what they change in one order (see migration
    ``0003_facet_counts``)."""
    columns = [c.name for c in table.columns]
    types = ", ".join(
        f"{c.name} {c.type.compile(dialect=postgresql.dialect())}"
        for c in table.columns)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != key)
    return sa.text(
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"SELECT {', '.join(columns)} FROM "
        f"jsonb_to_recordset(CAST(:rows AS jsonb)) AS r({types}) ORDER BY {key} "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates}")


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in the index")


_INDEX_UPSERT = _upsert_all(index_table, "index_id")
#: Attempts of a write that PostgreSQL chose as a deadlock's victim (two
#: batches that both add and change rows may lock counts in two orders).
_WRITE_ATTEMPTS = 3
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
        # the last document of an id wins; rows are written in id order, so
        # concurrent batches wait for each other instead of deadlocking
        by_id = {pair[0]["index_id"]: pair
                 for pair in (document.to_rows(doc) for doc in docs)}
        if not by_id:
            return
        pairs = [by_id[index_id] for index_id in sorted(by_id)]
        numbered = _token_ids({t for p in pairs for t in p[0]["facet_tokens"]})
        for row, _doc in pairs:
            row["facet_ids"] = [numbered[t] for t in row.pop("facet_tokens")]
        rows = json.dumps([p[0] for p in pairs], default=_json_value)
        _write(lambda conn: (
            conn.execute(_INDEX_UPSERT, {"rows": rows}),
            conn.execute(_DOC_UPSERT, [p[1] for p in pairs])))

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

        def remove(conn: Any) -> None:
            gone = conn.execute(sa.text(
                f"DELETE FROM {TABLE_NAME} i{using} WHERE {where}{join} "
                f"RETURNING i.index_id"), params.values).scalars().all()
            conn.execute(sa.text(
                f"DELETE FROM {DOC_TABLE_NAME} WHERE index_id = ANY(:ids)"),
                {"ids": list(gone)})

        _write(remove)

    def commit(self, **_kwargs: Any) -> None:
        """Every write is committed when it happens. CKAN asks for a commit
        only at the end of ``ckan search-index rebuild`` and of clearing
        the whole index (never for a single dataset): the per-class counts
        are then checked against the rows, and counted again if they
        differ, so a rebuild repairs them."""
        _write(_recount)

    def optimize(self, **_kwargs: Any) -> None:
        """Vacuum and analyze the index tables, e.g. after a bulk load
        (as autovacuum would later; CKAN itself never calls this)."""
        tables = (TABLE_NAME, DOC_TABLE_NAME, TOKEN_TABLE_NAME,
                  CLASS_TABLE_NAME, CLASS_COUNT_TABLE_NAME)
        with _engine().connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            for table in tables:
                conn.execute(sa.text(f"VACUUM ANALYZE {table}"))

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
        facets_key = ("facets", tuple(fields))
        page_key = ("page", order, score, rows, start)
        try:
            with _engine().connect() as conn:
                cached = cache.Scope(_tune(conn), f"{source} WHERE {where}",
                                     params.values)
                counted, page = None, None
                one_pass = (fields and rows
                            and _one_pass(translator, fields, kwargs.get("sort")))
                if (one_pass and not cached.has(facets_key)
                        and not cached.has(page_key)):
                    (counted, hits), page = self._facets_and_page(
                        conn, source, where, translator, fields, score,
                        kwargs.get("sort"), rows, start)
                    cached.put(facets_key, (counted, hits))
                    cached.put(page_key, page)
                elif fields:  # one scan gives the facet counts and the hits
                    counted, hits = cached.get(facets_key, lambda:
                        self._count_values(conn, source, where, translator, fields))
                else:
                    hits = cached.get("count", lambda: self._count(
                        conn, source, where, translator))
                docs = []
                if rows and hits > start:
                    page = page if page is not None else cached.get(
                        page_key, lambda: [tuple(r) for r in conn.execute(
                        sa.text(f"SELECT i.index_id, {score} AS score "
                                f"FROM {source} WHERE {where} ORDER BY {order} "
                                f"LIMIT {rows} OFFSET {start}"),
                        params.values)])
                    # copies: CKAN pops keys from the documents it gets
                    docs = copy.deepcopy(cached.get(
                        ("docs", page_key, tuple(fl or ()), fl is None),
                        lambda: self._stored(conn, page, fl)))
                    hits = _checked_hits(hits, page, rows, start)
        except (DataError, ProgrammingError, OperationalError) as e:
            if not _rejected(e):
                raise
            # PostgreSQL's text names tables and shows SQL: it stays in the log
            log.warning("Search failed: %s", e)
            raise query_error("The search could not be run: simplify it or try "
                              "again later") from e
        facets: dict[str, Any] = {}
        if str(kwargs.get("facet", "false")).lower() == "true":
            facets = {"facet_fields": _facet_lists(counted or {}, kwargs)}
        return Results(docs, hits, facets)

    def _stored(self, conn: Any, page: list[Any],
                fl: list[str] | None) -> list[dict[str, Any]]:
        """The stored documents of a result page, in page order."""
        wanted = [c for c in STORED_COLUMNS if fl is None or c in fl]
        values: dict[str, Any] = {"ids": [r[0] for r in page]}
        doc = "doc"
        if fl is not None:  # only the fields asked for leave the database
            doc = ("(SELECT coalesce(jsonb_object_agg(key, value), '{}') "
                   "FROM jsonb_each(doc) WHERE key = ANY(:keys)) AS doc")
            values["keys"] = [k for k in fl if k not in STORED_COLUMNS]
        rows = conn.execute(sa.text(
            f"SELECT {', '.join(['index_id', doc, *wanted])} "
            f"FROM {DOC_TABLE_NAME} WHERE index_id = ANY(:ids)"),
            values).mappings().all()
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
    def _facets_and_page(conn: Any, source: str, where: str, translator: Translator,
                         fields: list[str], score: str, sort: str | None,
                         rows: int, start: int
                         ) -> tuple[tuple[FacetCounts, int], list[tuple[str, float]]]:
        """Facet counts, hits and the result page from one pass over the
        matching rows (see ``_one_pass``)."""
        local = Params(dict(translator.params.values))
        wanted = local.add(list(fields))
        # the page ordered by the columns of m (SortBuilder qualifies with i)
        order = SortBuilder(translator, "i.score").build(sort)
        result = conn.execute(sa.text(
            f"WITH m AS MATERIALIZED (SELECT i.index_id, {score} AS score, "
            f"i.metadata_modified, i.metadata_created, i.facet_ids "
            f"FROM {source} WHERE {where}) "
            f"SELECT g.f, g.n, coalesce(d.token, ''), CAST(NULL AS text), "
            f"CAST(NULL AS real), CAST(NULL AS bigint) FROM (SELECT f, count(*) AS n "
            f"FROM (SELECT unnest(array_append(facet_ids, 0)) AS f FROM m) s "
            f"GROUP BY f OFFSET 0) g "
            f"LEFT JOIN {TOKEN_TABLE_NAME} d ON d.id = g.f WHERE g.f = 0 OR "
            f"split_part(d.token, '=', 1) = ANY(CAST({wanted} AS text[])) "
            f"UNION ALL "
            f"SELECT NULL, NULL, NULL, p.index_id, p.score, row_number() OVER () "
            f"FROM (SELECT i.index_id, i.score FROM m i ORDER BY {order} "
            f"LIMIT {rows} OFFSET {start}) p"), local.values).all()
        counted: FacetCounts = {f: [] for f in fields}
        hits = 0
        page = []
        for value_id, n, token, index_id, rank, position in result:
            if index_id is not None:
                page.append((position, index_id, rank))
            elif value_id == 0:
                hits = n
            else:
                fld, _, value = token.partition("=")
                counted[fld].append((value, n))
        page.sort()
        return (counted, hits), [(index_id, rank) for _, index_id, rank in page]

    @staticmethod
    def _count(conn: Any, source: str, where: str,
               translator: Translator) -> int:
        """How many datasets match."""
        if counts.answers(translator, []):
            return counts.hit_count(conn, where, translator.params.values)
        return conn.execute(sa.text(f"SELECT count(*) FROM {source} WHERE {where}"),
                            translator.params.values).scalar_one()

    @staticmethod
    def _count_values(conn: Any, source: str, where: str, translator: Translator,
                      fields: list[str]) -> tuple[FacetCounts, int]:
        """How many matching datasets have each value of each field, and how
        many match at all (an empty marker token counted in the same scan,
        or summed over whole visibility classes when the search tests
        nothing else)."""
        counted: FacetCounts = {f: [] for f in fields}
        if counts.answers(translator, fields):
            tokens, hits = counts.facet_counts(
                conn, where, translator.params.values, fields)
            for token, n in tokens:
                fld, _, value = token.partition("=")
                counted[fld].append((value, n))
            return counted, hits
        values = dict(translator.params.values)
        token_fields = [f for f in fields if in_tokens(f)]
        local = Params(dict(values))
        wanted = local.add(token_fields)
        # unnest in the select list (no per-row function scan), and the
        # fields picked from the few hundred groups, not from every value
        # (OFFSET 0 keeps PostgreSQL from moving that test into the scan)
        if all(in_facet_tokens(f) for f in token_fields):
            sql = (
                f"SELECT coalesce(d.token, ''), g.n FROM (SELECT f, count(*) AS n "
                f"FROM (SELECT unnest(array_append(facet_ids, 0)) AS f "
                f"FROM {source} WHERE {where}) s GROUP BY f OFFSET 0) g "
                f"LEFT JOIN {TOKEN_TABLE_NAME} d ON d.id = g.f WHERE g.f = 0 OR "
                f"split_part(d.token, '=', 1) = ANY(CAST({wanted} AS text[]))")
        else:
            sql = (
                f"SELECT t, n FROM (SELECT t, count(*) AS n FROM ("
                f"SELECT unnest(array_append(tokens, '')) AS t "
                f"FROM {source} WHERE {where}) s GROUP BY t OFFSET 0) g "
                f"WHERE t = '' OR "
                f"split_part(t, '=', 1) = ANY(CAST({wanted} AS text[]))")
        rows = conn.execute(sa.text(sql), local.values).all()
        hits = 0
        for token, n in rows:
            if token == "":
                hits = n
                continue
            fld, _, value = token.partition("=")
            counted[fld].append((value, n))
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
            counted[fld] = [(v, n) for v, n in rows if v is not None]
        return counted, hits
