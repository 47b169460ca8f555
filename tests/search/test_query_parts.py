"""Pure parts of the query translation: Solr's mm and date math."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from ckan.lib.search.common import SearchQueryError

from ckanext.satudata.search import datemath
from ckanext.satudata.search.lucene import minimum_match


@pytest.mark.parametrize("spec, optional, need", [
    # CKAN's default: up to 2 clauses all, 3-5 all but one, more than 5: 80%
    ("2<-1 5<80%", 1, 1), ("2<-1 5<80%", 2, 2), ("2<-1 5<80%", 3, 2),
    ("2<-1 5<80%", 5, 4), ("2<-1 5<80%", 6, 4), ("2<-1 5<80%", 10, 8),
    ("1", 4, 1), ("3", 2, 2), ("-1", 4, 3), ("75%", 4, 3), ("-25%", 4, 3),
    ("100%", 3, 3), (None, 3, 3),
])
def test_minimum_match(spec, optional, need):
    assert minimum_match(spec, optional) == need


@pytest.mark.parametrize("spec", ["x<1", "banyak"])
def test_minimum_match_rejects_nonsense(spec):
    with pytest.raises(SearchQueryError):
        minimum_match(spec, 3)


def test_date_math(monkeypatch):
    assert datemath.parse("*") is None
    assert datemath.parse("2024-02-29T10:20:30Z") == datetime(
        2024, 2, 29, 10, 20, 30, tzinfo=timezone.utc)
    assert datemath.parse("2024-02-29T10:20:30Z+1YEAR") == datetime(
        2025, 2, 28, 10, 20, 30, tzinfo=timezone.utc)
    assert datemath.parse("2024-02-29T10:20:30Z/MONTH") == datetime(
        2024, 2, 1, tzinfo=timezone.utc)
    assert datemath.parse("2024-02-29T10:20:30Z-7DAYS/DAY") == datetime(
        2024, 2, 22, tzinfo=timezone.utc)
    now = datemath.parse("NOW")
    assert abs((now - datetime.now(timezone.utc)).total_seconds()) < 5
    assert datemath.parse("NOW/DAY").hour == 0
    assert datemath.parse("NOW-1HOURS") < now


@pytest.mark.parametrize("raw", ["kemarin", "NOW-1FORTNIGHT", "NOW*2DAYS",
                                 "NOW-DAY"])
def test_date_math_rejects_nonsense(raw):
    with pytest.raises(SearchQueryError):
        datemath.parse(raw)
