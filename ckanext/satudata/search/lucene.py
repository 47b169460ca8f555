"""Translate the Solr/Lucene query syntax CKAN sends into SQL conditions.

Queries are parsed by luqum into a syntax tree; each node becomes a SQL
boolean expression over the ``satudata_search_index`` table with bound
parameters. Syntax we do not support raises ``SearchQueryError`` with a
message saying what to use instead.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any

from luqum import tree
from luqum.exceptions import ParseError
from luqum.parser import parser

from ckanext.satudata.search import analysis, datemath, limits
from ckanext.satudata.search.errors import query_error
from ckanext.satudata.search.fields import (
    COLUMN_FIELDS,
    DATE_COLUMNS,
    NGRAM_FIELDS,
    Kind,
    in_tokens,
    is_valid_name,
    kind_of,
)

TRUE = "TRUE"
FALSE = "FALSE"


@dataclass
class Params:
    """Bound parameters of one SQL statement."""

    values: dict[str, Any] = field(default_factory=dict)

    def add(self, value: Any) -> str:
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(t, str) and "\x00" in t for t in texts):
            raise query_error("The search contains a character that is not "
                              "allowed (NUL)")
        if any(isinstance(t, str) and not _encodable(t) for t in texts):
            raise query_error("The search contains a character that is not "
                              "allowed (an unpaired UTF-16 surrogate)")
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f":{name}"


def _encodable(text: str) -> bool:
    """Whether ``text`` is valid Unicode (JSON lets lone surrogates in)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _term_value(node: tree.Term) -> str:
    if isinstance(node, tree.Phrase):
        return node.unescaped_value[1:-1]
    return node.unescaped_value


def _has_wildcard(node: tree.Term) -> bool:
    return isinstance(node, tree.Word) and node.has_wildcard()


def _like_pattern(value: str) -> str:
    """A Lucene wildcard (``*``, ``?``) as a LIKE pattern."""
    out = []
    for char in value:
        if char in "%_\\":
            out.append("\\" + char)
        elif char == "*":
            out.append("%")
        elif char == "?":
            out.append("_")
        else:
            out.append(char)
    return "".join(out)


def sql_and(parts: list[str]) -> str:
    parts = [p for p in parts if p != TRUE]
    if FALSE in parts:
        return FALSE
    if not parts:
        return TRUE
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def sql_or(parts: list[str]) -> str:
    parts = [p for p in parts if p != FALSE]
    if TRUE in parts:
        return TRUE
    if not parts:
        return FALSE
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def sql_not(part: str) -> str:
    return {TRUE: FALSE, FALSE: TRUE}.get(part, f"NOT {part}")


def minimum_match(spec: str | None, optional: int) -> int:
    """How many of ``optional`` clauses must match under Solr's ``mm``.

    Supports integers, negative integers, percentages and conditional
    specs such as CKAN's default ``2<-1 5<80%``.
    """
    if not spec or optional == 0:
        return optional
    chosen = None
    for part in spec.split():
        if "<" in part:
            limit, _, rule = part.partition("<")
            if not limit.strip().isdigit():
                raise query_error('Invalid "mm" parameter "{value}"', value=spec)
            if optional > int(limit):
                chosen = rule
        elif chosen is None:
            chosen = part
    if chosen is None:
        return optional
    try:
        if chosen.endswith("%"):
            pct = int(chosen[:-1])
            n = math.floor(optional * abs(pct) / 100)
            need = n if pct >= 0 else optional - n
        else:
            n = int(chosen)
            need = n if n >= 0 else optional + n
    except ValueError as e:
        raise query_error('Invalid "mm" parameter "{value}"', value=spec) from e
    return max(1, min(optional, need))


class Translator:
    """Builds SQL for one search request; collects ranking terms."""

    def __init__(self, params: Params) -> None:
        self.params = params
        self.rank_terms: list[str] = []
        #: Clauses translated so far and the depth of the node at hand,
        #: checked against the limits of ``limits``.
        self.clauses = 0
        self.depth = 0
        self.max_clauses = limits.max_clauses()
        self.max_depth = limits.max_tree_depth()
        #: Whether the SQL reads the stored document (``d.doc``).
        self.uses_doc = False
        #: Fields the conditions translated so far test (``None``: the
        #: default field, i.e. free text).
        self.fields: set[str | None] = set()

    # -- entry points -------------------------------------------------

    def query(self, q: str, *, default_op: str = "OR", dismax: bool = False,
              mm: str | None = None) -> str:
        """SQL for the main ``q`` parameter."""
        q = (q or "").strip()
        if q in ("", "*:*", "*"):
            return TRUE
        if q.startswith("{!"):
            raise query_error("Local parameters ({{!...}}) are not supported")
        limits.check_text(q)
        try:
            node = _parse(q)
        except (ParseError, TypeError, ValueError) as e:
            if not dismax:
                raise query_error('Could not parse query "{query}": {error}',
                                  query=q, error=e) from e
            words = analysis.tokenize(q)
            node = tree.UnknownOperation(*[tree.Word(w) for w in words]) \
                if len(words) > 1 else tree.Word(words[0] if words else "*")
        self.default_op = "AND" if default_op.upper() == "AND" else "OR"
        self.lenient = dismax
        self.mm = mm if dismax else None
        return self._node(node, None, rank=True)

    def filter(self, fq: str, *, default_op: str = "OR") -> str:
        """SQL for one ``fq`` filter (strict Lucene syntax, no ranking)."""
        fq = (fq or "").strip()
        if not fq or fq == "*:*":
            return TRUE
        if fq.startswith("{!"):
            raise query_error("Local parameters ({{!...}}) are not supported")
        limits.check_text(fq)
        try:
            node = _parse(fq)
        except (ParseError, TypeError, ValueError) as e:
            raise query_error('Could not parse filter "{query}": {error}',
                              query=fq, error=e) from e
        self.default_op = "AND" if default_op.upper() == "AND" else "OR"
        self.lenient = False
        self.mm = None
        return self._node(node, None, rank=False)

    # -- tree walking -------------------------------------------------

    def _node(self, node: tree.Item, fld: str | None, rank: bool) -> str:
        self.depth += 1
        try:
            if self.depth > self.max_depth:
                raise limits.too_deep()
            return self._translate(node, fld, rank)
        finally:
            self.depth -= 1

    def _clause(self, fld: str | None) -> None:
        """Count one more clause (term, range or list of values) on ``fld``."""
        self.fields.add(fld)
        self.clauses += 1
        if self.clauses > self.max_clauses:
            raise limits.too_many_clauses()

    def _translate(self, node: tree.Item, fld: str | None, rank: bool) -> str:
        if isinstance(node, tree.SearchField):
            if fld is not None:
                raise query_error('Field "{inner}" cannot be used inside field '
                                  '"{outer}"', inner=node.name, outer=fld)
            if node.name == "*":
                if isinstance(node.expr, tree.Word) and node.expr.value == "*":
                    return TRUE
                raise query_error('"*" may only be used as "*:*"')
            if not is_valid_name(node.name):
                raise query_error('Invalid field name "{name}"', name=node.name)
            if node.name.startswith("_") and node.name.endswith("_"):
                raise query_error("Magic fields are not supported")
            return self._node(node.expr, node.name, rank)
        if isinstance(node, (tree.Group, tree.FieldGroup)):
            inner = node.expr
            if fld and isinstance(inner, tree.OrOperation):
                fast = self._any_of(fld, inner.children)
                if fast is not None:
                    self._clause(fld)
                    return fast
            return self._node(inner, fld, rank)
        if isinstance(node, (tree.AndOperation, tree.OrOperation,
                             tree.UnknownOperation, tree.BoolOperation)):
            return self._operation(node, fld, rank)
        if isinstance(node, (tree.Not, tree.Prohibit)):
            return sql_not(self._node(node.a, fld, False))
        if isinstance(node, tree.Plus):
            return self._node(node.a, fld, rank)
        if isinstance(node, tree.Boost):
            return self._node(node.expr, fld, rank)
        if isinstance(node, (tree.Fuzzy, tree.Proximity)):
            if self.lenient:
                return self._node(node.term, fld, rank)
            raise query_error(
                "Fuzzy (~) and proximity searches are not supported: "
                "search for the words or a quoted phrase instead")
        if isinstance(node, tree.Regex):
            if self.lenient:
                self._clause(fld)
                return self._term(fld, tree.Word(node.value.strip("/")), rank)
            raise query_error("Regular expression searches are not supported: "
                              "use a wildcard such as abc*")
        if isinstance(node, (tree.Range, tree.From, tree.To)):
            if fld is None:
                if self.lenient:
                    return TRUE
                raise query_error("A range needs a field, e.g. "
                                  "metadata_modified:[NOW-1YEAR TO NOW]")
            self._clause(fld)
            return self._range(fld, node)
        if isinstance(node, (tree.Word, tree.Phrase)):
            self._clause(fld)
            return self._term(fld, node, rank)
        raise query_error('Unsupported query syntax: "{syntax}"', syntax=node)

    def _operation(self, node: tree.BaseOperation, fld: str | None,
                   rank: bool) -> str:
        op = "AND" if isinstance(node, tree.AndOperation) else (
            "OR" if isinstance(node, tree.OrOperation) else self.default_op)
        must, must_not, should = [], [], []
        for child in node.children:
            if isinstance(child, (tree.Not, tree.Prohibit)):
                must_not.append(self._node(child.a, fld, False))
            elif isinstance(child, tree.Plus) or op == "AND":
                must.append(self._node(child, fld, rank))
            else:
                should.append(self._node(child, fld, rank))
        parts = must + [sql_not(p) for p in must_not]
        # Solr's mm only governs implicit operators; an explicit OR needs one.
        mm = self.mm if isinstance(node, tree.UnknownOperation) else None
        if should:
            need = minimum_match(mm, len(should)) if mm else 1
            if must and not mm:
                pass  # optional clauses only change the score
            elif need <= 1:
                parts.append(sql_or(should))
            elif need >= len(should):
                parts.extend(should)
            else:
                hits = " + ".join(f"({s})::int" for s in should)
                parts.append(sql_and([sql_or(should), f"({hits}) >= {need}"]))
        elif not parts:
            return TRUE
        return sql_and(parts)

    # -- leaves -------------------------------------------------------

    def _any_of(self, fld: str, children: list[tree.Item]) -> str | None:
        """``field:(a OR b OR c)`` on an exact field as one array test."""
        if kind_of(fld) is not Kind.STRING:
            return None
        if not all(isinstance(c, (tree.Word, tree.Phrase))
                   and not _has_wildcard(c) for c in children):
            return None
        values = [_term_value(c) for c in children]
        if fld == "permission_labels":
            return f"permission_labels && CAST({self.params.add(values)} AS text[])"
        if fld in COLUMN_FIELDS:
            return f"i.{fld} = ANY(CAST({self.params.add(values)} AS text[]))"
        if in_tokens(fld):
            tokens = [f"{fld}={v}" for v in values]
            return f"tokens && CAST({self.params.add(tokens)} AS text[])"
        return None

    def doc_value(self, fld: str) -> str:
        """The stored document's value of ``fld`` (joins the doc table)."""
        self.uses_doc = True
        return f"(d.doc->{self.params.add(fld)})"

    def values_of(self, fld: str) -> str:
        """A one-column ``v`` set of the text values ``fld`` has."""
        if in_tokens(fld):
            prefix = self.params.add(fld + "=")
            return (f"(SELECT substr(t, length({prefix}) + 1) AS v "
                    f"FROM unnest(tokens) t WHERE starts_with(t, {prefix}))")
        if fld in COLUMN_FIELDS or fld == "title_string":
            return f"(SELECT i.{fld} AS v)"
        if fld == "permission_labels":
            return "(SELECT unnest(permission_labels) AS v)"
        value = self.doc_value(fld)
        return (f"(SELECT jsonb_array_elements_text(CASE jsonb_typeof({value}) "
                f"WHEN 'array' THEN {value} WHEN 'null' THEN '[]'::jsonb "
                f"ELSE jsonb_build_array({value}) END) AS v)")

    def _any_value(self, fld: str, condition: str) -> str:
        return f"EXISTS (SELECT 1 FROM {self.values_of(fld)} x WHERE {condition})"

    def _term(self, fld: str | None, node: tree.Term, rank: bool) -> str:
        value = _term_value(node)
        kind = kind_of(fld)
        if kind is Kind.CATCHALL:
            return self._fulltext(node, value, rank)
        assert fld is not None
        if kind is Kind.TEXT:
            return self._field_text(fld, node, value)
        if kind is Kind.NGRAM:
            source = {"title": "title_string", "name": "i.name"}[NGRAM_FIELDS[fld]]
            pattern = "%" + _like_pattern(value.replace("*", "")) + "%"
            return f"{source} ILIKE {self.params.add(pattern)}"
        if kind in (Kind.DATE, Kind.INT):
            if value == "*":
                return self._exists(fld)
            return self._range_sql(fld, kind, value, value, True, True)
        return self._exact(fld, node, value)

    def _fulltext(self, node: tree.Term, value: str, rank: bool) -> str:
        if value.strip() == "*":
            return TRUE
        if isinstance(node, tree.Phrase):
            words = analysis.tokenize(value)
            query = analysis.phrase_query(words) if words else None
        else:
            wildcard = _has_wildcard(node)
            query = analysis.text_query(value.replace("*", " ").replace(
                "?", " ") if wildcard else value, wildcard=wildcard)
        if query is None:
            return TRUE if self.lenient else FALSE
        if rank:
            self.rank_terms.append(query)
        return f"search_vector @@ CAST({self.params.add(query)} AS tsquery)"

    def _field_text(self, fld: str, node: tree.Term, value: str) -> str:
        if value.strip() == "*":
            return self._exists(fld)
        words = analysis.tokenize(value)
        if not words:
            return FALSE
        if isinstance(node, tree.Phrase):
            query = analysis.phrase_query(words)
        else:
            query = analysis.text_query(" ".join(words), wildcard=True)
        text = "title_string" if fld == "title" else (
            f"coalesce({self.doc_value(fld)}::text, '')")
        return (f"to_tsvector('simple', {text}) @@ "
                f"CAST({self.params.add(query)} AS tsquery)")

    def _exists(self, fld: str) -> str:
        if fld in COLUMN_FIELDS:
            return f"i.{fld} <> ''"
        if fld in DATE_COLUMNS:
            return f"{fld} IS NOT NULL"
        if in_tokens(fld):
            return self._any_value(fld, "TRUE")
        return f"coalesce({self.doc_value(fld)} NOT IN ('null', '[]', '\"\"'), false)"

    def _exact(self, fld: str, node: tree.Term, value: str) -> str:
        if _has_wildcard(node):
            if value.strip("*") == "":
                return self._exists(fld)
            pattern = self.params.add(_like_pattern(value))
            if fld in COLUMN_FIELDS:
                return f"i.{fld} LIKE {pattern}"
            return self._any_value(fld, f"x.v LIKE {pattern}")
        if fld == "permission_labels":
            return f"permission_labels @> CAST({self.params.add([value])} AS text[])"
        if fld in COLUMN_FIELDS:
            return f"i.{fld} = {self.params.add(value)}"
        if fld == "title_string":
            return f"title_string = {self.params.add(value)}"
        if fld == "entity_type":
            return TRUE if value == "package" else FALSE
        if in_tokens(fld):
            token = self.params.add([f"{fld}={value}"])
            return f"tokens @> CAST({token} AS text[])"
        return self._any_value(fld, f"x.v = {self.params.add(value)}")

    def _range(self, fld: str, node: tree.Item) -> str:
        if isinstance(node, tree.Range):
            low, high = _term_value(node.low), _term_value(node.high)
            inc_low, inc_high = node.include_low, node.include_high
        elif isinstance(node, tree.From):
            low, high, inc_low, inc_high = _term_value(node.a), "*", node.include, True
        else:
            low, high, inc_low, inc_high = "*", _term_value(node.a), True, node.include
        kind = kind_of(fld)
        if kind in (Kind.TEXT, Kind.CATCHALL, Kind.NGRAM):
            raise query_error('Ranges are not supported on the text field "{field}"',
                              field=fld)
        return self._range_sql(fld, kind, low, high, inc_low, inc_high)

    def _range_sql(self, fld: str, kind: Kind, low: str, high: str,
                   inc_low: bool, inc_high: bool) -> str:
        ge, le = (">=" if inc_low else ">"), ("<=" if inc_high else "<")
        if kind is Kind.DATE:
            if fld in DATE_COLUMNS:
                column = fld
            else:
                text = f"({self.doc_value(fld)} #>> '{{}}')"
                column = (f"(CASE WHEN {text} ~ '^[0-9]{{4}}-' "
                          f"THEN CAST({text} AS timestamptz) END)")
            lo, hi = datemath.parse(low), datemath.parse(high)
            parts = []
            if lo is not None:
                parts.append(f"{column} {ge} {self.params.add(lo)}")
            if hi is not None:
                parts.append(f"{column} {le} {self.params.add(hi)}")
            parts = parts or [f"{column} IS NOT NULL"]
            return "coalesce(" + " AND ".join(parts) + ", false)"
        numeric = kind is Kind.INT or all(
            _is_number(v) for v in (low, high) if v != "*")
        value = "x.v"
        if numeric:
            value = ("(CASE WHEN x.v ~ '^-?[0-9]+(\\.[0-9]+)?$' "
                     "THEN CAST(x.v AS numeric) END)")
        cast = (lambda v: float(v)) if numeric else (lambda v: v)
        conds = ["TRUE"]
        if low != "*":
            conds.append(f"{value} {ge} {self.params.add(cast(low))}")
        if high != "*":
            conds.append(f"{value} {le} {self.params.add(cast(high))}")
        return self._any_value(fld, " AND ".join(conds))


@functools.lru_cache(maxsize=512)
def _parse(text: str) -> tree.Item:
    """luqum's syntax tree of ``text`` (already checked by ``limits``).

    Kept for the next search (CKAN sends the same permission, state and
    site filters with every search; parsing each costs about 0.3 ms). The
    translation only reads the trees."""
    try:
        return parser.parse(text)
    except RecursionError as e:  # a shape the pre-check did not foresee
        raise limits.too_deep() from e


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
