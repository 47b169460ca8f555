"""Numbers read the Indonesian way (workflow/numbers.py), without a
database. More of format_number is in tests/workflow/test_charts.py."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from ckanext.satudata.workflow.numbers import as_decimal, format_number, plain


@pytest.mark.parametrize("value, number", [
    (7, Decimal(7)),
    (-7, Decimal(-7)),
    (0.1, Decimal("0.1")),  # by its shortest repr, not its binary value
    (0.1 + 0.2, Decimal("0.30000000000000004")),
    (Decimal("1.50"), Decimal("1.50")),
    (None, None),
    (True, None),
    (False, None),
    ("5", None),  # text is not a number here
    (math.nan, None),
    (math.inf, None),
    (Decimal("NaN"), None),
    (Decimal("-Infinity"), None),
])
def test_as_decimal(value, number):
    found = as_decimal(value)
    assert found == number
    if number is not None:
        assert str(found) == str(number)


@pytest.mark.parametrize("number, value", [
    (Decimal(2), 2), (Decimal("2.0"), 2), (Decimal("-3.00"), -3),
    (Decimal("2.5"), 2.5), (Decimal("0.1"), 0.1),
])
def test_plain(number, value):
    found = plain(number)
    assert found == value
    assert type(found) is type(value)


@pytest.mark.parametrize("value, decimals, text", [
    (2.5, 0, "3"),  # half up, not half even
    (3.5, 0, "4"),
    (-2.5, 0, "-3"),
    (1234.5, 2, "1.234,50"),
    (-0.004, 2, "0,00"),  # no "-0,00"
    (Decimal("1.50"), None, "1,50"),
    (Decimal("1234567.891"), 1, "1.234.567,9"),
    (-1000000, None, "-1.000.000"),
    (True, None, "True"),
    (math.nan, None, "nan"),
])
def test_format_number(value, decimals, text):
    assert format_number(value, decimals) == text
