"""Text in the files we generate (CSV and Excel) stays text: a value that
starts like a formula (``= + - @``, tab or carriage return) must not run
as one when a spreadsheet opens the file ("CSV injection", OWASP).

- CSV: such text is prefixed with an apostrophe, the mark spreadsheets read
  as "this is text" (numbers are written as numbers and left alone);
- xlsx: text cells are stored as strings, never as formulas.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value: Any) -> Any:
    """``value`` as it may go into a CSV cell."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A row of :func:`csv_value`s."""
    return [csv_value(value) for value in values]


def write_cell(cell: Any, value: Any) -> Any:
    """Put ``value`` into an openpyxl ``cell``: numbers as numbers, text
    always as a string (never a formula); ``None`` leaves it empty."""
    if value is None:
        return cell
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
