"""Search input is bounded: hostile queries answer 400 quickly, in
Indonesian, and never show database error text (issue 14, item 4).

Before the fix, ``package_search`` answered 500 to a ``q`` nested 1,000
parentheses deep (RecursionError) and to
``fq=metadata_modified:[NOW-99999YEARS TO NOW]`` (year out of range), a
``q`` of 20,000 OR'ed words held the worker for seconds, any number of
``facet.field`` values was counted, and a query PostgreSQL refused answered
400 with PostgreSQL's own text (``date/time field value out of range:
...``) in the message. Real timings belong in ``benchmarks/``; the time
bound here is only a sanity check.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from ckan.tests import factories

#: The search engine under the plugins CKAN core ships (as in tests/search).
pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "satudata_search activity dcat"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]
API = "/api/3/action/package_search"
WORDS = " OR ".join(f"kata{i}" for i in range(20_000))

HOSTILE = [
    pytest.param({"q": "(" * 1000 + "penduduk" + ")" * 1000},
                 "bersarang terlalu dalam", id="nested-parentheses"),
    pytest.param({"q": "NOT " * 1000 + "penduduk"},
                 "bersarang terlalu dalam", id="nested-not"),
    pytest.param({"q": WORDS}, "terlalu panjang", id="20000-words"),
    pytest.param({"q": " OR ".join(f"k{i}" for i in range(500))},
                 "terlalu banyak istilah", id="500-clauses"),
    pytest.param({"fq": "metadata_modified:[NOW-99999YEARS TO NOW]"},
                 "terlalu jauh", id="date-math-years"),
    pytest.param({"fq": "metadata_modified:[NOW-99999999999999999999DAYS TO NOW]"},
                 "terlalu jauh", id="date-math-huge-number"),
    pytest.param({"fq": "metadata_modified:[0001-01-01T00:00:00Z-1DAY TO NOW]"},
                 "keluar dari kalender", id="date-math-before-year-1"),
    pytest.param({"facet.field": [f"f{i}" for i in range(200)]},
                 "terlalu banyak kolom faset", id="facet-fields"),
]


def _post(app: Any, data: dict[str, Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    response = app.post(API, json=data)
    return response, time.perf_counter() - started


@pytest.mark.parametrize(("data", "words"), HOSTILE)
def test_hostile_search_is_a_quick_400_in_indonesian(
    app: Any, data: dict[str, Any], words: str
) -> None:
    """Failed before the fix: 500 (RecursionError, ValueError "year is out
    of range"), or 200 after seconds of work for the long queries."""
    response, seconds = _post(app, data)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    error = response.json["error"]
    assert error["__type"] == "Search Query Error"
    assert words in error["message"].lower()
    assert seconds < 2


def test_search_page_answers_400_to_a_hostile_query(app: Any) -> None:
    """Failed before the fix: 500."""
    response = app.get("/dataset/", query_string={"q": "(" * 1000 + "a" + ")" * 1000})
    assert response.status_code == 400
    assert "bersarang terlalu dalam" in response.get_data(as_text=True)


@pytest.mark.parametrize("data", [
    {"q": "(" * 10 + "penduduk" + ")" * 10},
    {"q": " OR ".join(f"k{i}" for i in range(90))},
    {"fq": "metadata_modified:[NOW-100YEARS TO NOW+1DAY]"},
    {"facet.field": ["tags", "organization", "res_format", "license_id",
                     "groups", "urusan", "kategori", "keterbukaan", "wilayah"]},
])
def test_searches_within_the_limits_work(app: Any, data: dict[str, Any]) -> None:
    factories.Dataset(title="Jumlah Penduduk", tags=[{"name": "penduduk"}])
    response, _ = _post(app, data)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]


def test_database_error_text_is_never_shown(app: Any) -> None:
    """Failed before the fix: the message carried PostgreSQL's text
    (``value overflows numeric format``, with the SQL context)."""
    # a number past PostgreSQL's numeric range (131,072 digits): a range
    # filter on it makes PostgreSQL refuse the statement
    factories.Dataset(extras=[{"key": "jumlah", "value": "9" * 140_000}])
    response, _ = _post(app, {"fq": "jumlah:[0 TO 10]"})
    assert response.status_code == 400
    message = response.json["error"]["message"]
    assert "Pencarian tidak dapat dijalankan" in message
    for leak in ("psycopg", "SQL", "SELECT", "numeric", "overflow",
                 "satudata_search", "LINE"):
        assert leak not in message


def test_text_the_database_cannot_take_is_a_400(app: Any) -> None:
    """Failed before the fix: 500 (UnicodeEncodeError in the driver for a
    lone surrogate, which JSON allows)."""
    response = app.post(API, data='{"q": "name:\\ud800x"}',
                        content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert "tidak diizinkan" in response.json["error"]["message"]
