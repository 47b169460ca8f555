"""Indonesian text analysis (search/analysis.py), without a database:
words, Sastrawi roots, tsvector and tsquery literals."""

from __future__ import annotations

import pytest

from ckanext.satudata.search import analysis


@pytest.mark.parametrize("text, words", [
    ("Jumlah Penduduk 2024", ["jumlah", "penduduk", "2024"]),
    ("laki-laki", ["laki", "laki"]),
    ("Ibu-ibu, anak!", ["ibu", "ibu", "anak"]),
    ("Kota_Semarang", ["kota", "semarang"]),  # "_" separates words
    ("ÉCOLE Žena", ["école", "žena"]),
    ("a1b2 \uff12\uff10", ["a1b2", "\uff12\uff10"]),  # full-width digits
    ("", []),
    ("!!! ...", []),
])
def test_tokenize(text, words):
    assert analysis.tokenize(text) == words


def test_tokenize_clips_long_words():
    assert analysis.tokenize("x" * 600 + " y") == ["x" * analysis.MAX_WORD_CHARS, "y"]


@pytest.mark.parametrize("word, root", [
    # one root for the word and its derived forms
    ("penduduk", "duduk"),
    ("kependudukan", "duduk"),
    ("penduduknya", "duduk"),
    ("pendidikan", "didik"),
    ("kesehatan", "sehat"),
    ("miskin", "miskin"),
    # short words, numbers and words with digits stay as they are
    ("ibu", "ibu"),
    ("2024", "2024"),
    ("abc1", "abc1"),
])
def test_stem(word, root):
    assert analysis.stem(word) == root


def test_build_tsvector():
    assert analysis.build_tsvector([
        ("A", "Jumlah Penduduk"), ("B", "penduduk kota"), ("C", ""), ("D", "it's"),
    ]) == (
        # positions run on across fields with a gap of 8 (no phrase across)
        "'jumlah':1A '_jumlah':1A 'penduduk':2A,11B '_duduk':2A,11B "
        "'kota':12B '_kota':12B 'it':21D '_it':21D 's':22D '_s':22D"
    )


def test_build_tsvector_bounds_positions():
    vector = analysis.build_tsvector([("A", "a " * 20_000)])
    positions = vector.split(" ")[0].split(":")[1].split(",")
    assert len(positions) == 256  # PostgreSQL keeps at most 256 per lexeme
    assert positions[:2] == ["1A", "2A"]
    last = analysis.build_tsvector([("A", "a " * 20_000 + "b")]).split(" ")[2]
    assert last == f"'b':{analysis.MAX_POSITION}A"


def test_build_tsvector_of_nothing():
    assert analysis.build_tsvector([]) == ""
    assert analysis.build_tsvector([("A", ""), ("B", "!!!")]) == ""


@pytest.mark.parametrize("word, prefix, query", [
    ("penduduk", True, "( 'penduduk':* | '_duduk' )"),
    ("penduduk", False, "( 'penduduk' | '_duduk' )"),
    ("2024", True, "'2024'"),  # numbers are never prefixes
    ("abc1", True, "'abc1':*"),  # no root for words with digits
    ("abc1", False, "'abc1'"),
    ("o'neil", True, "'o''neil':*"),  # quotes are doubled
])
def test_word_query(word, prefix, query):
    assert analysis.word_query(word, prefix=prefix) == query


@pytest.mark.parametrize("text, wildcard, query", [
    ("Penduduk", False, "( 'penduduk':* | '_duduk' )"),
    ("laki-laki", False, "'laki' <-> 'laki'"),
    ("pendu", True, "'pendu':*"),
    ("a b", True, "'a':* & 'b':*"),
    ("!!", False, None),
    ("", True, None),
])
def test_text_query(text, wildcard, query):
    assert analysis.text_query(text, wildcard=wildcard) == query


def test_phrase_query():
    assert analysis.phrase_query(["jumlah", "penduduk"]) == "'jumlah' <-> 'penduduk'"
    assert analysis.phrase_query(["it's"]) == "'it''s'"
