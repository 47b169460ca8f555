"""Reporting periods: canonical ids, Indonesian labels, due dates.

Ids are ``2024`` (tahunan), ``2024-S1`` (semester), ``2024-Q3`` (triwulan)
and ``2024-06`` (bulanan). Labels are part of the data (they appear in
templates, exports and the API), so they are always Indonesian:
``2024``, ``2024 Semester 1``, ``2024 Triwulan 3``, ``Juni 2024``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

GRANULARITIES = ("tahunan", "semester", "triwulan", "bulanan")
_MONTHS_PER_PERIOD = {"tahunan": 12, "semester": 6, "triwulan": 3, "bulanan": 1}
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
    "Agustus", "September", "Oktober", "November", "Desember",
)
_PATTERNS = {
    "tahunan": re.compile(r"^(\d{4})$"),
    "semester": re.compile(r"^(\d{4})-S([12])$"),
    "triwulan": re.compile(r"^(\d{4})-Q([1-4])$"),
    "bulanan": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
}
MIN_YEAR, MAX_YEAR = 1945, 2100


@dataclass(frozen=True, order=True)
class Period:
    """One period of a granularity; ordered by start."""

    start: dt.date
    granularity: str
    index: int  # 1-based number within the year (semester, quarter, month)

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def id(self) -> str:
        if self.granularity == "tahunan":
            return f"{self.year}"
        if self.granularity == "semester":
            return f"{self.year}-S{self.index}"
        if self.granularity == "triwulan":
            return f"{self.year}-Q{self.index}"
        return f"{self.year}-{self.index:02d}"

    @property
    def label(self) -> str:
        if self.granularity == "tahunan":
            return f"{self.year}"
        if self.granularity == "semester":
            return f"{self.year} Semester {self.index}"
        if self.granularity == "triwulan":
            return f"{self.year} Triwulan {self.index}"
        return f"{MONTHS[self.index - 1]} {self.year}"

    @property
    def end(self) -> dt.date:
        """Last day of the period."""
        return _add_months(self.start, _MONTHS_PER_PERIOD[self.granularity]) - (
            dt.timedelta(days=1)
        )

    def next(self) -> Period:
        start = _add_months(self.start, _MONTHS_PER_PERIOD[self.granularity])
        index = self.index % _count(self.granularity) + 1
        return _make(self.granularity, start.year, index)

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def _count(granularity: str) -> int:
    return 12 // _MONTHS_PER_PERIOD[granularity]


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def _make(granularity: str, year: int, index: int) -> Period:
    month = (index - 1) * _MONTHS_PER_PERIOD[granularity] + 1
    return Period(dt.date(year, month, 1), granularity, index)


def granularity_of(period_id: str) -> str | None:
    for granularity, pattern in _PATTERNS.items():
        if pattern.match(period_id or ""):
            return granularity
    return None


def parse(period_id: str, granularity: str | None = None) -> Period | None:
    """The period ``period_id`` names, or ``None`` when it is not a canonical
    id (of ``granularity``, when given)."""
    text = (period_id or "").strip()
    found = granularity_of(text)
    if found is None or (granularity and found != granularity):
        return None
    match = _PATTERNS[found].match(text)
    assert match is not None
    year = int(match.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    index = int(match.group(2)) if found != "tahunan" else 1
    return _make(found, year, index)


def containing(day: dt.date, granularity: str) -> Period:
    """The period of ``granularity`` that contains ``day``."""
    index = (day.month - 1) // _MONTHS_PER_PERIOD[granularity] + 1
    return _make(granularity, day.year, index)


def ended(first: Period, today: dt.date) -> list[Period]:
    """Every period from ``first`` whose last day is before ``today``."""
    periods = []
    current = first
    while current.end < today:
        periods.append(current)
        current = current.next()
    return periods


def deadline(period: Period, days: int) -> dt.date:
    """The day by which ``period`` must be filled: ``days`` after its end."""
    return period.end + dt.timedelta(days=days)
