"""Solr date math (search/datemath.py), without a database, with NOW
frozen. Cases of tests/search/test_query_parts.py are not repeated."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from ckan.lib.search.common import SearchQueryError

from ckanext.satudata.search import datemath

UTC = timezone.utc
#: The frozen NOW: a Friday in a leap year, with microseconds.
NOW = datetime(2024, 3, 15, 10, 20, 30, 123456, tzinfo=UTC)


class _FrozenDatetime(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return NOW if tz is not None else NOW.replace(tzinfo=None)


@pytest.fixture(autouse=True)
def _frozen_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datemath, "datetime", _FrozenDatetime)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize("raw, moment", [
    ("NOW", NOW),
    (" NOW ", NOW),
    ("now", NOW),
    # rounding down to a unit
    ("NOW/YEAR", at(2024, 1, 1)),
    ("NOW/MONTH", at(2024, 3, 1)),
    ("NOW/DAY", at(2024, 3, 15)),
    ("NOW/DATE", at(2024, 3, 15)),
    ("NOW/HOUR", at(2024, 3, 15, 10)),
    ("NOW/MINUTE", at(2024, 3, 15, 10, 20)),
    ("NOW/SECOND", at(2024, 3, 15, 10, 20, 30)),
    ("NOW/MILLI", NOW),
    ("NOW/DAYS", at(2024, 3, 15)),  # plural units are accepted
    ("NOW/day", at(2024, 3, 15)),  # and any case
    # adding and subtracting
    ("NOW-7DAYS", NOW - timedelta(days=7)),
    ("NOW+1DAY", NOW + timedelta(days=1)),
    ("NOW-1DATE", NOW - timedelta(days=1)),
    ("NOW-1YEAR", at(2023, 3, 15, 10, 20, 30, 123456)),
    ("NOW+1MONTH", at(2024, 4, 15, 10, 20, 30, 123456)),
    ("NOW-2MONTHS", at(2024, 1, 15, 10, 20, 30, 123456)),
    ("NOW-2HOURS", NOW - timedelta(hours=2)),
    ("NOW+90MINUTES", NOW + timedelta(minutes=90)),
    ("NOW-30SECONDS", NOW - timedelta(seconds=30)),
    ("NOW+500MILLIS", NOW + timedelta(milliseconds=500)),
    ("NOW+1MILLISECOND", NOW + timedelta(milliseconds=1)),
    ("NOW+0DAYS", NOW),
    ("now-1day", NOW - timedelta(days=1)),
    # chained, applied left to right
    ("NOW-1DAY/DAY", at(2024, 3, 14)),
    ("NOW/DAY-1DAY", at(2024, 3, 14)),
    ("NOW/DAY+1DAY", at(2024, 3, 16)),
    ("NOW/YEAR+1YEAR-1DAY", at(2024, 12, 31)),
    ("NOW/MONTH-1MONTH", at(2024, 2, 1)),
])
def test_now(raw, moment):
    assert datemath.parse(raw) == moment


@pytest.mark.parametrize("raw, moment", [
    ("2024-01-01", at(2024, 1, 1)),  # a date alone is midnight UTC
    ("2024-01-01T07:00:00", at(2024, 1, 1, 7)),  # no zone: UTC
    ("2024-01-01T07:00:00+07:00", at(2024, 1, 1)),  # a zone is kept
    ("2024-01-01T00:00:00.5Z", at(2024, 1, 1, 0, 0, 0, 500000)),
    ("2024-01-31T00:00:00Z+1MONTH", at(2024, 2, 29)),  # clamped to the month
    ("2023-01-31T00:00:00Z+1MONTH", at(2023, 2, 28)),
    ("2024-06-15T12:34:56Z/YEAR", at(2024, 1, 1)),
    ("2024-06-15T12:34:56Z/HOUR", at(2024, 6, 15, 12)),
    ("2024-12-31T23:00:00Z+1HOUR", at(2025, 1, 1)),
    ("2024-03-01T00:00:00Z-1DAY", at(2024, 2, 29)),
])
def test_anchored(raw, moment):
    parsed = datemath.parse(raw)
    assert parsed == moment
    assert parsed.utcoffset() is not None  # always aware


@pytest.mark.parametrize("raw, message", [
    ("NOW/WEEK", 'Unknown date unit "WEEK" in "NOW/WEEK": use YEAR, MONTH, '
                 'DAY, HOUR, MINUTE or SECOND'),
    ("NOW+2weeks", 'Unknown date unit "weeks" in "NOW+2weeks": use YEAR, '
                   'MONTH, DAY, HOUR, MINUTE or SECOND'),
    ("NOW/", 'Unknown date unit "" in "NOW/": use YEAR, MONTH, DAY, HOUR, '
             'MINUTE or SECOND'),
    ("NOW+1", 'Unknown date unit "" in "NOW+1": use YEAR, MONTH, DAY, HOUR, '
              'MINUTE or SECOND'),
    ("NOW+DAY", 'Invalid date math in "NOW+DAY"'),
    ("NOW 1DAY", 'Invalid date math in "NOW 1DAY"'),
    ("NOW-1DAY!", 'Invalid date math in "NOW-1DAY!"'),
    ("2024-01-01T00:00:00Zx", 'Invalid date math in "2024-01-01T00:00:00Zx"'),
    ("2024-13-01T00:00:00Z", 'Invalid date "2024-13-01T00:00:00Z": use ISO '
                             '8601, e.g. 2024-01-01T00:00:00Z, or NOW'),
    ("01/02/2024", 'Invalid date "01/02/2024": use ISO 8601, e.g. '
                   '2024-01-01T00:00:00Z, or NOW'),
    ("", 'Invalid date "": use ISO 8601, e.g. 2024-01-01T00:00:00Z, or NOW'),
])
def test_errors(raw, message):
    with pytest.raises(SearchQueryError) as caught:
        datemath.parse(raw)
    assert str(caught.value) == message


@pytest.mark.parametrize("raw", ["*", " * "])
def test_open_end(raw):
    assert datemath.parse(raw) is None
