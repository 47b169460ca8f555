"""Solr date math: ``NOW``, ``NOW-7DAYS``, ``NOW/DAY``,
``2024-01-01T00:00:00Z+1MONTH`` and ``*`` (open end)."""

from __future__ import annotations

from datetime import datetime, timezone

from dateutil.parser import ParserError, isoparse
from dateutil.relativedelta import relativedelta

from ckanext.satudata.search import config as search_config
from ckanext.satudata.search.errors import query_error

_UNITS = {
    "YEAR": "years", "MONTH": "months", "DAY": "days", "DATE": "days",
    "HOUR": "hours", "MINUTE": "minutes", "SECOND": "seconds",
    "MILLI": "microseconds", "MILLISECOND": "microseconds",
}
_ROUND = ("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND")
#: How many of each unit make a year (upper bounds), to hold every step of
#: date math to ``ckanext.satudata.search.max_date_math_years``.
_PER_YEAR = {
    "YEAR": 1, "MONTH": 12, "DAY": 366, "DATE": 366, "HOUR": 366 * 24,
    "MINUTE": 366 * 24 * 60, "SECOND": 366 * 24 * 3600,
    "MILLI": 366 * 24 * 3600 * 1000, "MILLISECOND": 366 * 24 * 3600 * 1000,
}


def _unit(name: str, raw: str) -> str:
    unit = name.upper()
    if unit not in _UNITS and unit.endswith("S"):
        unit = unit[:-1]
    if unit not in _UNITS:
        raise query_error('Unknown date unit "{unit}" in "{value}": use YEAR, '
                          'MONTH, DAY, HOUR, MINUTE or SECOND', unit=name, value=raw)
    return unit


def _round(moment: datetime, unit: str) -> datetime:
    fields = ["month", "day", "hour", "minute", "second", "microsecond"]
    keep = {"YEAR": 0, "MONTH": 1, "DATE": 2, "DAY": 2, "HOUR": 3,
            "MINUTE": 4, "SECOND": 5, "MILLI": 6, "MILLISECOND": 6}[unit]
    reset = {f: (1 if f in ("month", "day") else 0) for f in fields[keep:]}
    return moment.replace(**reset)


def _split_anchor(raw: str) -> tuple[datetime, str]:
    if raw.upper().startswith("NOW"):
        return datetime.now(timezone.utc), raw[3:]
    end = raw.find("Z")
    anchor, rest = (raw, "") if end < 0 else (raw[: end + 1], raw[end + 1:])
    try:
        moment = isoparse(anchor)
    except (ParserError, ValueError) as e:
        raise query_error('Invalid date "{value}": use ISO 8601, e.g. '
                          '2024-01-01T00:00:00Z, or NOW', value=raw) from e
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment, rest


def _amount(digits: str, unit: str, raw: str) -> int:
    """``digits`` of ``unit`` as a number, at most the configured years."""
    years = search_config.max_date_math_years()
    # the length test first: int() of thousands of digits is slow
    if len(digits) > len(str(years * _PER_YEAR[unit])) or \
            int(digits) > years * _PER_YEAR[unit]:
        raise query_error('The date math in "{value}" reaches too far: at most '
                          '{max} years', value=raw, max=years)
    return int(digits)


def _shift(moment: datetime, step: relativedelta, raw: str) -> datetime:
    try:
        return moment + step
    except (OverflowError, ValueError) as e:
        raise query_error('The date math in "{value}" leaves the calendar '
                          '(years 1 to 9999)', value=raw) from e


def parse(raw: str) -> datetime | None:
    """The moment ``raw`` names, or ``None`` for ``*``."""
    raw = raw.strip()
    if raw == "*":
        return None
    moment, rest = _split_anchor(raw)
    i = 0
    while i < len(rest):
        op = rest[i]
        j = i + 1
        if op == "/":
            while j < len(rest) and rest[j].isalpha():
                j += 1
            moment = _round(moment, _unit(rest[i + 1:j], raw))
        elif op in "+-":
            k = j
            while k < len(rest) and rest[k].isdigit():
                k += 1
            j = k
            while j < len(rest) and rest[j].isalpha():
                j += 1
            if k == i + 1:
                raise query_error('Invalid date math in "{value}"', value=raw)
            unit = _unit(rest[k:j], raw)
            amount = _amount(rest[i + 1:k], unit, raw) * (1 if op == "+" else -1)
            if unit.startswith("MILLI"):
                amount *= 1000
            moment = _shift(moment, relativedelta(**{_UNITS[unit]: amount}), raw)
        else:
            raise query_error('Invalid date math in "{value}"', value=raw)
        i = j
    return moment
