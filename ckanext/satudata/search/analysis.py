"""Text analysis for Indonesian full-text search.

PostgreSQL's ``indonesian`` snowball configuration stems inconsistently
(``penduduk`` -> ``duduk`` but ``kependudukan`` -> ``nduduk``), so search
vectors are built here instead, with two kinds of lexeme per word:

* the word itself, lower-cased, unstemmed: exact and prefix matches
  (``pendu*``, ``2024``) and phrases;
* its root from the Sastrawi dictionary stemmer, prefixed with
  :data:`STEM_MARK` so it never collides with a surface word
  (``penduduk``, ``kependudukan`` and ``penduduknya`` all give ``_duduk``).

A query word matches either form; a document holding the exact word
matches both and therefore ranks above one that only shares the root.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

STEM_MARK = "_"
#: PostgreSQL stores at most this many positions per lexeme and position.
MAX_POSITION = 16383
#: Words are clipped to this many characters: at 4 bytes each, plus the stem
#: mark, a lexeme stays under PostgreSQL's 2,047-byte limit on both the
#: index and the query side.
MAX_WORD_CHARS = 500
_FIELD_GAP = 8

# Splitting text into words is tokenisation, not query parsing: the
# Lucene syntax itself is parsed by luqum (see ``lucene.py``).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


def tokenize(text: str) -> list[str]:
    """Lower-cased words of ``text`` (letters and digits), clipped to
    :data:`MAX_WORD_CHARS`."""
    return [w[:MAX_WORD_CHARS] for w in _WORD.findall(text.lower())]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Root of an Indonesian word; digits and short words are kept as is."""
    if len(word) < 4 or not word.isalpha():
        return word
    return _stemmer().stem(word) or word


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def build_tsvector(fields: Iterable[tuple[str, str]]) -> str:
    """Literal ``tsvector`` for ``(weight, text)`` pairs, weight in A-D.

    Positions run on across fields with a gap, so a phrase never matches
    across two fields.
    """
    positions: dict[str, list[str]] = {}
    pos = 1
    for weight, text in fields:
        if not text:
            continue
        for word in tokenize(text):
            entry = f"{min(pos, MAX_POSITION)}{weight}"
            positions.setdefault(word, []).append(entry)
            root = STEM_MARK + stem(word)
            positions.setdefault(root, []).append(entry)
            pos += 1
        pos += _FIELD_GAP
    return " ".join(
        f"{_quote(lex)}:{','.join(dict.fromkeys(p[:256]))}"
        for lex, p in positions.items()
    )


def word_query(word: str, prefix: bool = True) -> str:
    """``tsquery`` literal for one free-text query word.

    Matches the surface form (as a prefix unless ``prefix`` is false or
    the word is a number) or the Sastrawi root.
    """
    surface = _quote(word) + (":*" if prefix and not word.isdigit() else "")
    if not word.isalpha():
        return surface
    return f"( {surface} | {_quote(STEM_MARK + stem(word))} )"


def text_query(text: str, wildcard: bool = False) -> str | None:
    """``tsquery`` literal for a query term; ``None`` if it has no words.

    A term that splits into several words (``laki-laki``) becomes a
    phrase of surface forms; a trailing ``*`` asks for a pure prefix match.
    """
    words = tokenize(text)
    if not words:
        return None
    if wildcard:
        return " & ".join(_quote(w) + ":*" for w in words)
    if len(words) == 1:
        return word_query(words[0])
    return phrase_query(words)


def phrase_query(words: list[str]) -> str:
    """``tsquery`` literal for adjacent surface words."""
    return " <-> ".join(_quote(w) for w in words)
