"""The Lucene-to-SQL translation (search/lucene.py), without a database:
the SQL and bound parameters each kind of query gives, and the queries it
refuses. Solr's ``mm`` is in tests/search/test_query_parts.py."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from ckan.lib.search.common import SearchQueryError

from ckanext.satudata.search.lucene import (
    FALSE,
    TRUE,
    Params,
    Translator,
    _like_pattern,
    sql_and,
    sql_not,
    sql_or,
)


def ft(n: int) -> str:
    """The full-text condition on the n-th bound parameter."""
    return f"search_vector @@ CAST(:p{n} AS tsquery)"


#: tsquery of one free-text word: its surface form as a prefix, or its root.
PENDUDUK = "( 'penduduk':* | '_duduk' )"
MISKIN = "( 'miskin':* | '_miskin' )"


def _tokens_of(n: int) -> str:
    """The values of a token field, whose ``field=`` prefix is :p<n>."""
    return (f"(SELECT substr(t, length(:p{n}) + 1) AS v FROM unnest(tokens) t "
            f"WHERE starts_with(t, :p{n}))")


def _doc_values(n: int) -> str:
    """The values of a field of the stored document, named by :p<n>."""
    value = f"(d.doc->:p{n})"
    return (f"(SELECT jsonb_array_elements_text(CASE jsonb_typeof({value}) "
            f"WHEN 'array' THEN {value} WHEN 'null' THEN '[]'::jsonb "
            f"ELSE jsonb_build_array({value}) END) AS v)")


NUMERIC = "(CASE WHEN x.v ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN CAST(x.v AS numeric) END)"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def query(q: str, **options: Any) -> tuple[str, dict[str, Any], list[str]]:
    translator = Translator(Params())
    sql = translator.query(q, **options)
    return sql, translator.params.values, translator.rank_terms


def filter_(fq: str, **options: Any) -> tuple[str, dict[str, Any], bool]:
    translator = Translator(Params())
    sql = translator.filter(fq, **options)
    assert translator.rank_terms == []  # filters never rank
    return sql, translator.params.values, translator.uses_doc


# -- q: free text ------------------------------------------------------

@pytest.mark.parametrize("q", ["", "   ", "*:*", "*", " *:* "])
def test_match_all(q):
    assert query(q) == (TRUE, {}, [])


@pytest.mark.parametrize("q, options, sql, params, rank", [
    ("penduduk", {}, ft(0), {"p0": PENDUDUK}, [PENDUDUK]),
    ("text:penduduk", {}, ft(0), {"p0": PENDUDUK}, [PENDUDUK]),
    ("penduduk^2", {}, ft(0), {"p0": PENDUDUK}, [PENDUDUK]),
    ("(penduduk)", {}, ft(0), {"p0": PENDUDUK}, [PENDUDUK]),
    # numbers match whole, never as a prefix, and have no root
    ("2024", {}, ft(0), {"p0": "'2024'"}, ["'2024'"]),
    # a trailing * is a pure prefix match
    ("pendu*", {}, ft(0), {"p0": "'pendu':*"}, ["'pendu':*"]),
    # inside a word a wildcard splits it: every part is a prefix
    ("pen?uduk", {}, ft(0), {"p0": "'pen':* & 'uduk':*"},
     ["'pen':* & 'uduk':*"]),
    # phrases and words that split are adjacent surface forms
    ('"jumlah penduduk"', {}, ft(0), {"p0": "'jumlah' <-> 'penduduk'"},
     ["'jumlah' <-> 'penduduk'"]),
    ("laki-laki", {}, ft(0), {"p0": "'laki' <-> 'laki'"}, ["'laki' <-> 'laki'"]),
    # implicit operator: OR unless q.op says AND
    ("penduduk miskin", {}, f"({ft(0)} OR {ft(1)})",
     {"p0": PENDUDUK, "p1": MISKIN}, [PENDUDUK, MISKIN]),
    ("penduduk miskin", {"default_op": "and"}, f"({ft(0)} AND {ft(1)})",
     {"p0": PENDUDUK, "p1": MISKIN}, [PENDUDUK, MISKIN]),
    ("penduduk OR miskin", {"default_op": "AND"}, f"({ft(0)} OR {ft(1)})",
     {"p0": PENDUDUK, "p1": MISKIN}, [PENDUDUK, MISKIN]),
    ("penduduk AND miskin", {}, f"({ft(0)} AND {ft(1)})",
     {"p0": PENDUDUK, "p1": MISKIN}, [PENDUDUK, MISKIN]),
    # excluded words never rank
    ("penduduk -miskin", {}, f"(NOT {ft(1)} AND {ft(0)})",
     {"p0": PENDUDUK, "p1": MISKIN}, [PENDUDUK]),
    ("NOT miskin", {}, f"NOT {ft(0)}", {"p0": MISKIN}, []),
    ("-miskin", {}, f"NOT {ft(0)}", {"p0": MISKIN}, []),
    # beside a required word an optional one only changes the score
    ("+penduduk miskin", {}, ft(0), {"p0": PENDUDUK, "p1": MISKIN},
     [PENDUDUK, MISKIN]),
    # a term without words matches nothing (everything, for dismax)
    ("!!!", {}, FALSE, {}, []),
    ('"!!"', {}, FALSE, {}, []),
    ("!!!", {"dismax": True}, TRUE, {}, []),
    # fields in q
    ("name:abc", {}, "i.name = :p0", {"p0": "abc"}, []),
    ("penduduk AND tags:air", {}, f"({ft(0)} AND tokens @> CAST(:p1 AS text[]))",
     {"p0": PENDUDUK, "p1": ["tags=air"]}, [PENDUDUK]),
])
def test_query(q, options, sql, params, rank):
    assert query(q, **options) == (sql, params, rank)


@pytest.mark.parametrize("q, sql, params", [
    # dismax forgives what strict Lucene refuses
    ("penduduk~2", ft(0), {"p0": PENDUDUK}),
    ('"jumlah penduduk"~3', ft(0), {"p0": "'jumlah' <-> 'penduduk'"}),
    ("/dud/", ft(0), {"p0": "( 'dud':* | '_dud' )"}),
    ("[1 TO 2]", TRUE, {}),
    # and reads what it cannot parse as plain words
    ("(penduduk", ft(0), {"p0": PENDUDUK}),
    ("penduduk (miskin", f"({ft(0)} OR {ft(1)})", {"p0": PENDUDUK, "p1": MISKIN}),
    ("((", TRUE, {}),
])
def test_dismax_is_lenient(q, sql, params):
    assert query(q, dismax=True)[:2] == (sql, params)


THREE = {"p0": "( 'a':* | '_a' )", "p1": "( 'b':* | '_b' )", "p2": "( 'c':* | '_c' )"}
HITS = f"(({ft(0)})::int + ({ft(1)})::int + ({ft(2)})::int)"


@pytest.mark.parametrize("q, mm, sql", [
    ("a b c", "1", f"({ft(0)} OR {ft(1)} OR {ft(2)})"),
    ("a b c", "2", f"(({ft(0)} OR {ft(1)} OR {ft(2)}) AND {HITS} >= 2)"),
    ("a b c", "-1", f"(({ft(0)} OR {ft(1)} OR {ft(2)}) AND {HITS} >= 2)"),
    ("a b c", "100%", f"({ft(0)} AND {ft(1)} AND {ft(2)})"),
    ("a b c", "2<-1 5<80%", f"(({ft(0)} OR {ft(1)} OR {ft(2)}) AND {HITS} >= 2)"),
    # mm governs the implicit operator only: an explicit OR needs one
    ("a OR b OR c", "100%", f"({ft(0)} OR {ft(1)} OR {ft(2)})"),
    # with mm, optional clauses beside a required one count too
    ("+a b c", "2", f"({ft(0)} AND {ft(1)} AND {ft(2)})"),
])
def test_dismax_minimum_match(q, mm, sql):
    assert query(q, dismax=True, mm=mm)[:2] == (sql, THREE)


def test_mm_is_ignored_outside_dismax():
    assert query("a b c", mm="100%")[0] == f"({ft(0)} OR {ft(1)} OR {ft(2)})"


# -- fq: exact fields ---------------------------------------------------

@pytest.mark.parametrize("fq, sql, params", [
    # columns of the index table
    ("name:abc", "i.name = :p0", {"p0": "abc"}),
    ('name:"a b"', "i.name = :p0", {"p0": "a b"}),
    ("+dataset_type:dataset", "i.dataset_type = :p0", {"p0": "dataset"}),
    ("capacity:public", "i.capacity = :p0", {"p0": "public"}),
    ("-state:deleted", "NOT i.state = :p0", {"p0": "deleted"}),
    ("id:(x OR y)", "i.id = ANY(CAST(:p0 AS text[]))", {"p0": ["x", "y"]}),
    ("name:*", "i.name <> ''", {}),
    ("name:pend*", "i.name LIKE :p0", {"p0": "pend%"}),
    # LIKE's own wildcards are escaped; Lucene's ? is one character
    ("name:a_b*", "i.name LIKE :p0", {"p0": "a\\_b%"}),
    ("name:50%\\_?x*", "i.name LIKE :p0", {"p0": "50\\%\\__x%"}),
    ("name:a_b%", "i.name = :p0", {"p0": "a_b%"}),
    ("title_string:Abc", "title_string = :p0", {"p0": "Abc"}),
    # the token array: field=value
    ("tags:ekonomi", "tokens @> CAST(:p0 AS text[])", {"p0": ["tags=ekonomi"]}),
    ('tags:"Kesehatan Ibu"', "tokens @> CAST(:p0 AS text[])",
     {"p0": ["tags=Kesehatan Ibu"]}),
    ("organization:(a OR b)", "tokens && CAST(:p0 AS text[])",
     {"p0": ["organization=a", "organization=b"]}),
    ('organization:(a OR "b c")', "tokens && CAST(:p0 AS text[])",
     {"p0": ["organization=a", "organization=b c"]}),
    ("tags:*", f"EXISTS (SELECT 1 FROM {_tokens_of(0)} x WHERE TRUE)",
     {"p0": "tags="}),
    ("res_format:CS*", f"EXISTS (SELECT 1 FROM {_tokens_of(1)} x WHERE x.v LIKE :p0)",
     {"p0": "CS%", "p1": "res_format="}),
    # a wildcard in a list falls back to one test per value
    ("organization:(a OR b*)",
     f"(tokens @> CAST(:p0 AS text[]) OR EXISTS (SELECT 1 FROM {_tokens_of(2)} x "
     "WHERE x.v LIKE :p1))",
     {"p0": ["organization=a"], "p1": "b%", "p2": "organization="}),
    # permission labels
    ("permission_labels:public", "permission_labels @> CAST(:p0 AS text[])",
     {"p0": ["public"]}),
    ("permission_labels:(public OR member-abc)",
     "permission_labels && CAST(:p0 AS text[])", {"p0": ["public", "member-abc"]}),
    # every indexed document is a package
    ("entity_type:package", TRUE, {}),
    ("entity_type:organization", FALSE, {}),
    # boolean structure
    ("tags:x AND tags:y",
     "(tokens @> CAST(:p0 AS text[]) AND tokens @> CAST(:p1 AS text[]))",
     {"p0": ["tags=x"], "p1": ["tags=y"]}),
    ("tags:(x AND y)",
     "(tokens @> CAST(:p0 AS text[]) AND tokens @> CAST(:p1 AS text[]))",
     {"p0": ["tags=x"], "p1": ["tags=y"]}),
    ("tags:x OR tags:y",
     "(tokens @> CAST(:p0 AS text[]) OR tokens @> CAST(:p1 AS text[]))",
     {"p0": ["tags=x"], "p1": ["tags=y"]}),
    ("tags:x tags:y",
     "(tokens @> CAST(:p0 AS text[]) OR tokens @> CAST(:p1 AS text[]))",
     {"p0": ["tags=x"], "p1": ["tags=y"]}),
    ("+tags:x -tags:y",
     "(tokens @> CAST(:p0 AS text[]) AND NOT tokens @> CAST(:p1 AS text[]))",
     {"p0": ["tags=x"], "p1": ["tags=y"]}),
    ("NOT tags:x", "NOT tokens @> CAST(:p0 AS text[])", {"p0": ["tags=x"]}),
    ("tags:(x OR y) AND -state:draft",
     "(tokens && CAST(:p0 AS text[]) AND NOT i.state = :p1)",
     {"p0": ["tags=x", "tags=y"], "p1": "draft"}),
    # a free word in a filter is full text, unranked
    ("penduduk", ft(0), {"p0": PENDUDUK}),
])
def test_filter(fq, sql, params):
    assert filter_(fq) == (sql, params, False)


def test_filter_default_operator():
    sql, _params, _doc = filter_("tags:x tags:y", default_op="AND")
    assert sql == "(tokens @> CAST(:p0 AS text[]) AND tokens @> CAST(:p1 AS text[]))"


@pytest.mark.parametrize("fq", ["", "  ", "*:*"])
def test_filter_match_all(fq):
    assert filter_(fq) == (TRUE, {}, False)


# -- fq: fields read from the stored document ---------------------------

@pytest.mark.parametrize("fq, sql, params", [
    ("res_url:http", f"EXISTS (SELECT 1 FROM {_doc_values(1)} x WHERE x.v = :p0)",
     {"p0": "http", "p1": "res_url"}),
    ("url:http*", f"EXISTS (SELECT 1 FROM {_doc_values(1)} x WHERE x.v LIKE :p0)",
     {"p0": "http%", "p1": "url"}),
    ("title:*", "coalesce((d.doc->:p0) NOT IN ('null', '[]', '\"\"'), false)",
     {"p0": "title"}),
    ("notes:penduduk",
     "to_tsvector('simple', coalesce((d.doc->:p0)::text, '')) @@ "
     "CAST(:p1 AS tsquery)", {"p0": "notes", "p1": "'penduduk':*"}),
    ("extras_foo:x",
     "to_tsvector('simple', coalesce((d.doc->:p0)::text, '')) @@ "
     "CAST(:p1 AS tsquery)", {"p0": "extras_foo", "p1": "'x':*"}),
])
def test_filter_on_the_document(fq, sql, params):
    assert filter_(fq) == (sql, params, True)


# -- fq: analysed text and n-grams -------------------------------------

@pytest.mark.parametrize("fq, sql, params", [
    ("title:penduduk", "to_tsvector('simple', title_string) @@ CAST(:p0 AS tsquery)",
     {"p0": "'penduduk':*"}),
    ('title:"jumlah penduduk"',
     "to_tsvector('simple', title_string) @@ CAST(:p0 AS tsquery)",
     {"p0": "'jumlah' <-> 'penduduk'"}),
    ("title:!!!", FALSE, {}),
    ("title_ngram:dud", "title_string ILIKE :p0", {"p0": "%dud%"}),
    ("title_ngram:a%b", "title_string ILIKE :p0", {"p0": "%a\\%b%"}),
    ("name_ngram:pen*", "i.name ILIKE :p0", {"p0": "%pen%"}),
])
def test_filter_on_text(fq, sql, params):
    assert filter_(fq) == (sql, params, False)


# -- fq: dates and numbers ----------------------------------------------

@pytest.mark.parametrize("fq, sql, params", [
    ("metadata_modified:[2024-01-01T00:00:00Z TO *]",
     "coalesce(metadata_modified >= :p0, false)", {"p0": at(2024, 1, 1)}),
    ("metadata_modified:{2024-01-01T00:00:00Z TO 2025-01-01T00:00:00Z}",
     "coalesce(metadata_modified > :p0 AND metadata_modified < :p1, false)",
     {"p0": at(2024, 1, 1), "p1": at(2025, 1, 1)}),
    ("metadata_modified:[* TO *]", "coalesce(metadata_modified IS NOT NULL, false)",
     {}),
    ("metadata_modified:2024-01-01T00:00:00Z",
     "coalesce(metadata_modified >= :p0 AND metadata_modified <= :p1, false)",
     {"p0": at(2024, 1, 1), "p1": at(2024, 1, 1)}),
    ("metadata_created:>2024-01-01T00:00:00Z",
     "coalesce(metadata_created > :p0, false)", {"p0": at(2024, 1, 1)}),
    ("metadata_created:<=2024-01-01T00:00:00Z/YEAR",
     "coalesce(metadata_created <= :p0, false)", {"p0": at(2024, 1, 1)}),
    ("metadata_modified:*", "metadata_modified IS NOT NULL", {}),
    ("views_total:[10 TO 20}",
     f"EXISTS (SELECT 1 FROM {_tokens_of(2)} x WHERE TRUE AND {NUMERIC} >= :p0 "
     f"AND {NUMERIC} < :p1)", {"p0": 10.0, "p1": 20.0, "p2": "views_total="}),
    ("views_total:5",
     f"EXISTS (SELECT 1 FROM {_tokens_of(2)} x WHERE TRUE AND {NUMERIC} >= :p0 "
     f"AND {NUMERIC} <= :p1)", {"p0": 5.0, "p1": 5.0, "p2": "views_total="}),
    ("views_total:*", f"EXISTS (SELECT 1 FROM {_tokens_of(0)} x WHERE TRUE)",
     {"p0": "views_total="}),
    # a string field compares as numbers when both ends are numbers
    ("tahun:[2020 TO 2024]",
     f"EXISTS (SELECT 1 FROM {_tokens_of(2)} x WHERE TRUE AND {NUMERIC} >= :p0 "
     f"AND {NUMERIC} <= :p1)", {"p0": 2020.0, "p1": 2024.0, "p2": "tahun="}),
    ("tahun:[2020 TO *]",
     f"EXISTS (SELECT 1 FROM {_tokens_of(1)} x WHERE TRUE AND {NUMERIC} >= :p0)",
     {"p0": 2020.0, "p1": "tahun="}),
    # and as text otherwise
    ("tahun:[a TO c]",
     f"EXISTS (SELECT 1 FROM {_tokens_of(2)} x WHERE TRUE AND x.v >= :p0 "
     "AND x.v <= :p1)", {"p0": "a", "p1": "c", "p2": "tahun="}),
])
def test_filter_ranges(fq, sql, params):
    assert filter_(fq) == (sql, params, False)


def test_filter_on_a_date_of_the_document():
    text = "((d.doc->:p0) #>> '{}')"
    assert filter_("tahun_date:[2020-01-01T00:00:00Z TO *]") == (
        f"coalesce((CASE WHEN {text} ~ '^[0-9]{{4}}-' THEN CAST({text} AS "
        "timestamptz) END) >= :p1, false)",
        {"p0": "tahun_date", "p1": at(2020, 1, 1)}, True)


def test_filter_relative_dates_are_bound_as_moments():
    sql, params, _doc = filter_("metadata_modified:[NOW-1YEAR TO NOW]")
    assert sql == ("coalesce(metadata_modified >= :p0 AND metadata_modified <= :p1,"
                   " false)")
    assert params["p0"].tzinfo is not None
    assert 365 <= (params["p1"] - params["p0"]).days <= 366


# -- refused syntax -----------------------------------------------------

FUZZY = ("Fuzzy (~) and proximity searches are not supported: search for the "
         "words or a quoted phrase instead")
NUL = "The search contains a character that is not allowed (NUL)"
UNPARSED = ("Syntax error in input : unexpected end of expression (maybe due to "
            "unmatched parenthesis) at the end!")


@pytest.mark.parametrize("q, message", [
    ("{!lucene}x", "Local parameters ({!...}) are not supported"),
    ("penduduk~2", FUZZY),
    ('"jumlah penduduk"~3', FUZZY),
    ("/dud/", "Regular expression searches are not supported: use a wildcard "
              "such as abc*"),
    ("[1 TO 2]", "A range needs a field, e.g. metadata_modified:[NOW-1YEAR TO NOW]"),
    ("(penduduk", f'Could not parse query "(penduduk": {UNPARSED}'),
    ("_val_:x", "Magic fields are not supported"),
    ("*:foo", '"*" may only be used as "*:*"'),
    ("title:(a:b)", 'Field "a" cannot be used inside field "title"'),
    ("na$me:x", 'Invalid field name "na$me"'),
    ("title:[a TO b]", 'Ranges are not supported on the text field "title"'),
    ("name:a\x00b", NUL),
])
def test_query_errors(q, message):
    with pytest.raises(SearchQueryError) as caught:
        query(q)
    assert str(caught.value) == message


@pytest.mark.parametrize("fq, message", [
    ("{!tag=x}a", "Local parameters ({!...}) are not supported"),
    ("(x", f'Could not parse filter "(x": {UNPARSED}'),
    ("tags:x~", FUZZY),
    ("x:y:z", 'Field "y" cannot be used inside field "x"'),
    ("notes:[a TO b]", 'Ranges are not supported on the text field "notes"'),
    ("title_ngram:[a TO b]",
     'Ranges are not supported on the text field "title_ngram"'),
    ('name:"a\x00b"', NUL),
    ("metadata_modified:[kemarin TO *]",
     'Invalid date "kemarin": use ISO 8601, e.g. 2024-01-01T00:00:00Z, or NOW'),
])
def test_filter_errors(fq, message):
    with pytest.raises(SearchQueryError) as caught:
        filter_(fq)
    assert str(caught.value) == message


def test_nul_in_free_text_is_dropped_with_the_punctuation():
    assert query("a\x00b")[:2] == (ft(0), {"p0": "'a' <-> 'b'"})


# -- building blocks ----------------------------------------------------

@pytest.mark.parametrize("parts, sql", [
    ([], TRUE),
    ([TRUE, TRUE], TRUE),
    (["a"], "a"),
    (["a", TRUE], "a"),
    (["a", "b"], "(a AND b)"),
    (["a", FALSE, "b"], FALSE),
])
def test_sql_and(parts, sql):
    assert sql_and(parts) == sql


@pytest.mark.parametrize("parts, sql", [
    ([], FALSE),
    ([FALSE, FALSE], FALSE),
    (["a"], "a"),
    (["a", FALSE], "a"),
    (["a", "b"], "(a OR b)"),
    (["a", TRUE, "b"], TRUE),
])
def test_sql_or(parts, sql):
    assert sql_or(parts) == sql


@pytest.mark.parametrize("part, sql", [(TRUE, FALSE), (FALSE, TRUE), ("a", "NOT a")])
def test_sql_not(part, sql):
    assert sql_not(part) == sql


@pytest.mark.parametrize("value, pattern", [
    ("abc", "abc"),
    ("ab*", "ab%"),
    ("a?c", "a_c"),
    ("a%b_c\\d*e?", "a\\%b\\_c\\\\d%e_"),
])
def test_like_pattern(value, pattern):
    assert _like_pattern(value) == pattern


def test_params_are_numbered_in_order():
    params = Params()
    assert [params.add("a"), params.add(["b", "c"]), params.add(3)] == [
        ":p0", ":p1", ":p2"]
    assert params.values == {"p0": "a", "p1": ["b", "c"], "p2": 3}


@pytest.mark.parametrize("value", ["a\x00", ["ok", "\x00"]])
def test_params_refuse_nul(value):
    params = Params()
    with pytest.raises(SearchQueryError) as caught:
        params.add(value)
    assert str(caught.value) == NUL
    assert params.values == {}
