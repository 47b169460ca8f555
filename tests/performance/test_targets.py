"""Targets per year and achievement (``performance/targets.py``): pure
functions, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ckanext.satudata.performance import targets


@pytest.mark.parametrize(("text", "expected"), [
    ("80", Decimal("80")),
    ("85,5", Decimal("85.5")),
    ("85.5", Decimal("85.5")),
    ("1.250.000", Decimal("1250000")),
    ("1.250.000,75", Decimal("1250000.75")),
    ("1.250,5", Decimal("1250.5")),
    ("-2,5", Decimal("-2.5")),
    (" 12 500 ", Decimal("12500")),
])
def test_numbers_indonesian_or_plain(text: str, expected: Decimal) -> None:
    assert targets.parse_number(text) == expected


@pytest.mark.parametrize("text", ["12.500", "1,250.5", "delapan", "85%", "1..2", ""])
def test_numbers_refused(text: str) -> None:
    with pytest.raises(targets.TargetError):
        targets.parse_number(text)


def test_ambiguous_number_says_how_to_write_it() -> None:
    with pytest.raises(targets.TargetError) as refused:
        targets.parse_number("12.500")
    assert refused.value.params == {"value": "12.500"}
    assert "12500" in refused.value.msgid and "12,5" in refused.value.msgid


def test_targets_text_mapping_and_canonical_form() -> None:
    found = targets.parse("2025: 85,5;2024 = 80\n2026:1.250.000")
    assert found == {2024: Decimal(80), 2025: Decimal("85.5"), 2026: Decimal(1250000)}
    assert list(found) == [2024, 2025, 2026]
    assert targets.to_text(found) == "2024: 80; 2025: 85,5; 2026: 1250000"
    assert targets.parse({"2025": 85.5, 2024: "80"}) == {
        2024: Decimal(80), 2025: Decimal("85.5")}
    assert targets.parse("") == targets.parse("  ") == targets.parse(None) == {}
    assert targets.to_text(targets.parse("2024: 80,50; 2025: 0,0")) == (
        "2024: 80,5; 2025: 0")


@pytest.mark.parametrize(("text", "msgid_part"), [
    ("80", "2024: 80"),
    ("2024 80", "2024: 80"),
    ("24: 80", "2024: 80"),
    ("2024: 80; 2024: 85", "two targets"),
    ("1899: 80", "between"),
    ("2024: delapan puluh", "not a number"),
])
def test_targets_refused(text: str, msgid_part: str) -> None:
    with pytest.raises(targets.TargetError) as refused:
        targets.parse(text)
    assert msgid_part in refused.value.msgid


@pytest.mark.parametrize(("target", "realisation", "direction", "expected"), [
    ("90", "85.5", "naik", Decimal("95.00")),
    ("88", "88.25", "naik", Decimal("100.28")),
    ("1.5", "1.1", "turun", Decimal("126.67")),
    ("10", "12", "turun", Decimal("80.00")),
    ("10", "25", "turun", Decimal("0.00")),  # never below 0
    ("0", "5", "naik", None),
    (None, "5", "naik", None),
    ("5", None, "turun", None),
])
def test_achievement(target: str | None, realisation: str | None, direction: str,
                     expected: Decimal | None) -> None:
    found = targets.achievement(
        Decimal(target) if target is not None else None,
        Decimal(realisation) if realisation is not None else None, direction)
    assert found == expected


def test_marked_and_plain_numbers() -> None:
    assert targets.marked("ya") and targets.marked(" Ya ")
    assert not targets.marked("tidak") and not targets.marked(None)
    assert targets.plain(Decimal("80.0")) == 80 and isinstance(
        targets.plain(Decimal("80.0")), int)
    assert targets.plain(Decimal("85.5")) == 85.5
    assert targets.plain(None) is None
