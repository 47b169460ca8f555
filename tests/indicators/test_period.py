"""Reporting periods (indicators/period.py), without a database: ids,
Indonesian labels, bounds, the period of a day, ended periods, deadlines."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.satudata.indicators import period
from ckanext.satudata.indicators.period import Period

D = dt.date


@pytest.mark.parametrize("period_id, granularity, start, end, label", [
    ("2024", "tahunan", D(2024, 1, 1), D(2024, 12, 31), "2024"),
    ("2024-S1", "semester", D(2024, 1, 1), D(2024, 6, 30), "2024 Semester 1"),
    ("2024-S2", "semester", D(2024, 7, 1), D(2024, 12, 31), "2024 Semester 2"),
    ("2024-Q1", "triwulan", D(2024, 1, 1), D(2024, 3, 31), "2024 Triwulan 1"),
    ("2024-Q2", "triwulan", D(2024, 4, 1), D(2024, 6, 30), "2024 Triwulan 2"),
    ("2024-Q3", "triwulan", D(2024, 7, 1), D(2024, 9, 30), "2024 Triwulan 3"),
    ("2024-Q4", "triwulan", D(2024, 10, 1), D(2024, 12, 31), "2024 Triwulan 4"),
    ("2024-01", "bulanan", D(2024, 1, 1), D(2024, 1, 31), "Januari 2024"),
    ("2024-02", "bulanan", D(2024, 2, 1), D(2024, 2, 29), "Februari 2024"),
    ("2023-02", "bulanan", D(2023, 2, 1), D(2023, 2, 28), "Februari 2023"),
    ("2100-02", "bulanan", D(2100, 2, 1), D(2100, 2, 28), "Februari 2100"),
    ("2024-04", "bulanan", D(2024, 4, 1), D(2024, 4, 30), "April 2024"),
    ("2024-06", "bulanan", D(2024, 6, 1), D(2024, 6, 30), "Juni 2024"),
    ("2024-12", "bulanan", D(2024, 12, 1), D(2024, 12, 31), "Desember 2024"),
    ("1945", "tahunan", D(1945, 1, 1), D(1945, 12, 31), "1945"),
    ("2100-S2", "semester", D(2100, 7, 1), D(2100, 12, 31), "2100 Semester 2"),
])
def test_parse(period_id, granularity, start, end, label):
    found = period.parse(period_id)
    assert found is not None
    assert (found.granularity, found.start, found.end, found.label, found.id) == (
        granularity, start, end, label, period_id)
    assert found.year == start.year
    assert found.as_dict() == {
        "id": period_id, "label": label,
        "start": start.isoformat(), "end": end.isoformat(),
    }
    assert period.granularity_of(period_id) == granularity
    assert period.parse(period_id, granularity) == found


@pytest.mark.parametrize("month, name", list(enumerate((
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
    "Agustus", "September", "Oktober", "November", "Desember",
), start=1)))
def test_month_labels(month, name):
    assert period.parse(f"2025-{month:02d}").label == f"{name} 2025"


@pytest.mark.parametrize("period_id, index", [
    ("2024", 1), ("2024-S2", 2), ("2024-Q3", 3), ("2024-11", 11),
])
def test_index(period_id, index):
    assert period.parse(period_id).index == index


def test_surrounding_spaces_are_ignored_by_parse():
    assert period.parse("  2024-S1\n").id == "2024-S1"
    assert period.granularity_of(" 2024-S1") is None  # only canonical ids


@pytest.mark.parametrize("period_id", [
    "", "   ", None, "24", "02024", "2024-", "2024-S0", "2024-S3", "2024-s1",
    "2024S1", "2024-Q0", "2024-Q5", "2024-q1", "2024-00", "2024-13", "2024-6",
    "2024-006", "2024/06", "06-2024", "Juni 2024", "2024 Semester 1",
    "2024-H1", "2024-W01", "2024-06-01", "tahun 2024",
    # outside the supported years
    "1944", "1944-S2", "1944-12", "2101", "2101-Q1", "0000", "9999-01",
])
def test_not_a_period(period_id):
    assert period.parse(period_id) is None


@pytest.mark.parametrize("period_id, wanted", [
    ("2024", "semester"), ("2024-S1", "tahunan"), ("2024-S1", "triwulan"),
    ("2024-Q1", "bulanan"), ("2024-01", "triwulan"),
])
def test_parse_of_another_granularity(period_id, wanted):
    assert period.parse(period_id, wanted) is None


@pytest.mark.parametrize("period_id, granularity", [
    ("2024", "tahunan"), ("2024-S1", "semester"), ("2024-Q4", "triwulan"),
    ("2024-10", "bulanan"), ("1944", "tahunan"),  # the form only, no bounds
    ("2024-S3", None), ("", None), (None, None),
])
def test_granularity_of(period_id, granularity):
    assert period.granularity_of(period_id) == granularity


@pytest.mark.parametrize("period_id, following", [
    ("2024", "2025"),
    ("2024-S1", "2024-S2"),
    ("2024-S2", "2025-S1"),
    ("2024-Q1", "2024-Q2"),
    ("2024-Q4", "2025-Q1"),
    ("2024-01", "2024-02"),
    ("2024-11", "2024-12"),
    ("2024-12", "2025-01"),
])
def test_next(period_id, following):
    assert period.parse(period_id).next() == period.parse(following)


def test_periods_order_by_start():
    ids = ["2025-S1", "2024-S2", "2024-S1", "2023-S2"]
    assert [p.id for p in sorted(period.parse(i) for i in ids)] == [
        "2023-S2", "2024-S1", "2024-S2", "2025-S1"]
    assert period.parse("2024-Q1") < period.parse("2024-Q2")
    assert period.parse("2024-12") > period.parse("2024-01")


def test_periods_are_values():
    assert period.parse("2024-S1") == Period(D(2024, 1, 1), "semester", 1)
    assert len({period.parse("2024-Q2"), period.parse("2024-Q2")}) == 1


@pytest.mark.parametrize("day, granularity, period_id", [
    (D(2024, 1, 1), "tahunan", "2024"),
    (D(2024, 12, 31), "tahunan", "2024"),
    (D(2024, 6, 30), "semester", "2024-S1"),
    (D(2024, 7, 1), "semester", "2024-S2"),
    (D(2024, 12, 31), "semester", "2024-S2"),
    (D(2024, 2, 29), "triwulan", "2024-Q1"),
    (D(2024, 3, 31), "triwulan", "2024-Q1"),
    (D(2024, 4, 1), "triwulan", "2024-Q2"),
    (D(2024, 9, 30), "triwulan", "2024-Q3"),
    (D(2024, 10, 1), "triwulan", "2024-Q4"),
    (D(2024, 1, 31), "bulanan", "2024-01"),
    (D(2024, 11, 15), "bulanan", "2024-11"),
    (D(2024, 12, 1), "bulanan", "2024-12"),
])
def test_containing(day, granularity, period_id):
    found = period.containing(day, granularity)
    assert found.id == period_id
    assert found.start <= day <= found.end


@pytest.mark.parametrize("first, today, ids", [
    # a period ends on its last day: it has ended the day after
    ("2024-S1", D(2024, 6, 30), []),
    ("2024-S1", D(2024, 7, 1), ["2024-S1"]),
    ("2024-S1", D(2025, 7, 1), ["2024-S1", "2024-S2", "2025-S1"]),
    ("2024-S1", D(2023, 1, 1), []),
    ("2024", D(2027, 1, 1), ["2024", "2025", "2026"]),
    ("2024-Q4", D(2025, 4, 1), ["2024-Q4", "2025-Q1"]),
    ("2024-12", D(2025, 3, 1), ["2024-12", "2025-01", "2025-02"]),
    ("2024-02", D(2024, 2, 29), []),
    ("2024-02", D(2024, 3, 1), ["2024-02"]),
])
def test_ended(first, today, ids):
    assert [p.id for p in period.ended(period.parse(first), today)] == ids


@pytest.mark.parametrize("period_id, days, day", [
    ("2024-S1", 30, D(2024, 7, 30)),
    ("2024-S2", 30, D(2025, 1, 30)),
    ("2024-Q1", 15, D(2024, 4, 15)),
    ("2024-02", 0, D(2024, 2, 29)),
    ("2024-12", 1, D(2025, 1, 1)),
    ("2024", 90, D(2025, 3, 31)),
])
def test_deadline(period_id, days, day):
    assert period.deadline(period.parse(period_id), days) == day


def test_granularities():
    assert period.GRANULARITIES == ("tahunan", "semester", "triwulan", "bulanan")
    assert (period.MIN_YEAR, period.MAX_YEAR) == (1945, 2100)
