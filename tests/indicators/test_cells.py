"""The cell parser (indicators/cells.py), without a database: Indonesian
numbers, types, bounds, text length and the errors people see."""

from __future__ import annotations

import math

import pytest

from ckanext.satudata.indicators import cells
from ckanext.satudata.indicators.cells import CellError

NOT_A_NUMBER = "Not a number: {value}"
TOO_LARGE = "Number too large: {value}"
NOT_WHOLE = "Not a whole number: {value}"
TOO_LONG = "Text longer than {limit} characters"


def test_types_and_limits():
    assert cells.TYPES == ("integer", "decimal", "percentage", "text")
    assert cells.MAX_TEXT == 500
    assert cells.MAX_ABS == 10**15


@pytest.mark.parametrize("raw, value", [
    # thousands grouped with "."
    ("10.518", 10518),
    ("1.500", 1500),
    ("1.234.567", 1234567),
    ("-1.250", -1250),
    ("999.999.999.999.999", 999_999_999_999_999),
    # plain digits, signs and spaces around or inside
    ("42", 42),
    ("  42  ", 42),
    ("+7", 7),
    ("-7", -7),
    ("0", 0),
    ("-0", 0),
    ("007", 7),
    ("10 518", 10518),
    ("10\u00a0518", 10518),  # no-break space
    ("1\u202f000", 1000),  # narrow no-break space
    # a decimal part of zeros is still whole
    ("3,0", 3),
    ("1.000,00", 1000),
    ("1.0", 1),
    # already numbers (spreadsheet cells)
    (7, 7),
    (-7, -7),
    (7.0, 7),
    (10**15 - 1, 10**15 - 1),
    (999_999_999_999_999.0, 999_999_999_999_999),
])
def test_integer(raw, value):
    parsed = cells.parse(raw, "integer")
    assert parsed == value
    assert type(parsed) is int


@pytest.mark.parametrize("raw, value", [
    ("3,5", 3.5),
    ("0,25", 0.25),
    ("-0,5", -0.5),
    ("1.234,5", 1234.5),
    ("1.234.567,891", 1234567.891),
    ("-1.250,75", -1250.75),
    # a single "." not followed by exactly three digits is a decimal point
    ("3.5", 3.5),
    ("0.25", 0.25),
    ("1.2345", 1.2345),
    (".5", 0.5),
    ("-.5", -0.5),
    (3.5, 3.5),
    (0.1, 0.1),
])
def test_decimal(raw, value):
    parsed = cells.parse(raw, "decimal")
    assert parsed == value
    assert type(parsed) is float


@pytest.mark.parametrize("raw, value", [
    ("10,0", 10), ("1.500", 1500), ("12", 12), (12, 12), (12.0, 12),
])
def test_whole_decimals_are_stored_as_int(raw, value):
    parsed = cells.parse(raw, "decimal")
    assert parsed == value
    assert type(parsed) is int


@pytest.mark.parametrize("raw, value", [
    ("12,5%", 12.5),
    ("12,5 %", 12.5),
    (" 99,9% ", 99.9),
    ("100%", 100),
    ("0%", 0),
    ("-3,25%", -3.25),
    ("12,5", 12.5),
    ("150", 150),  # no upper bound on a percentage (growth rates)
    (12.5, 12.5),
])
def test_percentage(raw, value):
    assert cells.parse(raw, "percentage") == value


@pytest.mark.parametrize("raw, value", [
    ("Baik", "Baik"),
    ("  Baik  ", "Baik"),
    ("10.518", "10.518"),  # text is never read as a number
    (123, "123"),
    (3.5, "3.5"),
    ("x" * 500, "x" * 500),
    ("  " + "x" * 500 + "  ", "x" * 500),  # spaces around do not count
    ("é" * 500, "é" * 500),  # characters, not bytes
])
def test_text(raw, value):
    assert cells.parse(raw, "text") == value


@pytest.mark.parametrize("ctype", (*cells.TYPES, "unknown"))
@pytest.mark.parametrize("raw", [None, "", "   ", "\t\n"])
def test_empty_cells_are_none(raw, ctype):
    assert cells.parse(raw, ctype) is None


@pytest.mark.parametrize("raw, ctype, message, params", [
    # not numbers at all
    ("abc", "integer", NOT_A_NUMBER, {"value": "abc"}),
    ("sepuluh", "decimal", NOT_A_NUMBER, {"value": "sepuluh"}),
    ("1,234,567", "integer", NOT_A_NUMBER, {"value": "1,234,567"}),
    ("12.34.56", "integer", NOT_A_NUMBER, {"value": "12.34.56"}),
    ("1.23.456", "integer", NOT_A_NUMBER, {"value": "1.23.456"}),
    ("5.", "decimal", NOT_A_NUMBER, {"value": "5."}),
    ("1,", "decimal", NOT_A_NUMBER, {"value": "1,"}),
    ("1e5", "decimal", NOT_A_NUMBER, {"value": "1e5"}),
    ("NaN", "decimal", NOT_A_NUMBER, {"value": "NaN"}),
    ("Infinity", "decimal", NOT_A_NUMBER, {"value": "Infinity"}),
    ("--1", "integer", NOT_A_NUMBER, {"value": "--1"}),
    ("Rp 1.000", "integer", NOT_A_NUMBER, {"value": "Rp 1.000"}),
    ("12,5%", "decimal", NOT_A_NUMBER, {"value": "12,5%"}),  # % only on percentage
    ("12%", "integer", NOT_A_NUMBER, {"value": "12%"}),
    ("%", "percentage", NOT_A_NUMBER, {"value": ""}),
    ("12%%", "percentage", NOT_A_NUMBER, {"value": "12%"}),
    (True, "integer", NOT_A_NUMBER, {"value": True}),
    (False, "decimal", NOT_A_NUMBER, {"value": False}),
    (True, "text", NOT_A_NUMBER, {"value": True}),
    # spaces are dropped before the number is read, with the text kept
    ("1 2,5", "integer", NOT_WHOLE, {"value": "1 2,5"}),
    # not whole
    ("3,5", "integer", NOT_WHOLE, {"value": "3,5"}),
    ("3.5", "integer", NOT_WHOLE, {"value": "3.5"}),
    ("1.234,5", "integer", NOT_WHOLE, {"value": "1.234,5"}),
    (7.5, "integer", NOT_WHOLE, {"value": 7.5}),
    # bounds: |x| < 10^15
    ("1.000.000.000.000.000", "integer", TOO_LARGE,
     {"value": "1.000.000.000.000.000"}),
    ("-1.000.000.000.000.000", "decimal", TOO_LARGE,
     {"value": "-1.000.000.000.000.000"}),
    ("1000000000000000,5", "decimal", TOO_LARGE, {"value": "1000000000000000,5"}),
    (10**15, "integer", TOO_LARGE, {"value": 10**15}),
    (-(10**15), "decimal", TOO_LARGE, {"value": -(10**15)}),
    (1e15, "decimal", TOO_LARGE, {"value": 1e15}),
    (-1e300, "percentage", TOO_LARGE, {"value": -1e300}),
    # text length
    ("x" * 501, "text", TOO_LONG, {"limit": 500}),
    # a type nobody declared
    ("5", "tanggal", "Unknown type {type}", {"type": "tanggal"}),
    (5, "", "Unknown type {type}", {"type": ""}),
])
def test_errors(raw, ctype, message, params):
    with pytest.raises(CellError) as caught:
        cells.parse(raw, ctype)
    assert caught.value.message == message
    assert caught.value.params == params
    assert str(caught.value) == message


@pytest.mark.parametrize("raw", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("ctype", ["integer", "decimal", "percentage"])
def test_non_finite_floats(raw, ctype):
    with pytest.raises(CellError) as caught:
        cells.parse(raw, ctype)
    assert caught.value.message == NOT_A_NUMBER
    assert caught.value.params["value"] is raw


def test_cell_error_is_a_value_error():
    assert issubclass(CellError, ValueError)


@pytest.mark.parametrize("value, text", [
    (None, ""),
    (10518, "10518"),  # never grouped: it must read back unchanged
    (-1250, "-1250"),
    (0, "0"),
    (3.5, "3,5"),
    (0.1, "0,1"),
    (-1250.75, "-1250,75"),
    (1e-7, "0,0000001"),  # never in exponent notation
    (123456789012.5, "123456789012,5"),
    (2.0, "2,0"),
    ("Baik", "Baik"),
    (True, "True"),
])
def test_display(value, text):
    assert cells.display(value) == text


@pytest.mark.parametrize("value", [
    10518, -1250, 0, 3.5, 0.1, -1250.75, 1e-7, 123456789012.5,
    999_999_999_999_999, 0.30000000000000004,
])
def test_display_reads_back_unchanged(value):
    assert cells.parse(cells.display(value), "decimal") == value
