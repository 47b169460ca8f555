"""The writers of the extract files (accessrequests/formats.py), read back
with csv, openpyxl, json and ElementTree. No database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import openpyxl
import pytest

from ckanext.satudata.accessrequests import formats

ODD_NAMES = ["1st col", 'a<b>&"c"', "xml:lang", "Tanggal Lahir", "=x", "kolom\ttab"]


def test_xml_is_well_formed_whatever_the_column_names() -> None:
    columns = [(name, f"Label {name}") for name in ODD_NAMES]
    rows = [["1", "x<y & z", "bell\x07here", None, "=cmd", "ok"]]
    data, count = formats.write("xml", columns, rows, meta={"dataset": "d&d"})
    root = ET.fromstring(data)  # raises when not well formed
    assert count == 1 and root.tag == "extract" and root.get("dataset") == "d&d"
    assert [c.get("name") for c in root.iter("column")] == ODD_NAMES
    values = {v.get("column"): v for v in root.iter("value")}
    assert list(values) == ODD_NAMES
    assert values['a<b>&"c"'].text == "x<y & z"
    assert values["xml:lang"].text == "bellhere"  # no control characters
    assert values["Tanggal Lahir"].get("null") == "true"
    assert {e.tag for e in root.iter()} == {
        "extract", "columns", "column", "rows", "row", "value"}


def test_json_is_a_list_of_objects() -> None:
    rows = [[Decimal("2"), Decimal("2.5"), dt.date(2024, 1, 31), None, "Ibu \"A\""]]
    names = ["a", "b", "c", "d", "e"]
    data, count = formats.write("json", [(n, n) for n in names], iter(rows))
    assert count == 1
    assert json.loads(data) == [
        {"a": 2, "b": 2.5, "c": "2024-01-31", "d": None, "e": 'Ibu "A"'}]
    empty, none = formats.write("json", [("a", "a")], [])
    assert json.loads(empty) == [] and none == 0


@pytest.mark.parametrize(("value", "written"), [
    ("-5", "-5"), ("+3.5", "+3.5"), ("12,5", "12,5"), (-7, "-7"),
    ("-2+3", "'-2+3"), ("=1+1", "'=1+1"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("biasa", "biasa"), (None, ""),
])
def test_csv_cells(value: object, written: str) -> None:
    data, _count = formats.write("csv", [("=x", "x"), ("b", "b")], [[value, 1]])
    assert data.startswith(b"\xef\xbb\xbf")
    header, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == ["'=x", "b"]
    assert row == [written, "1"]


def test_xlsx_text_stays_text_and_illegal_characters_go() -> None:
    rows = [["=SUM(1,2)", 5, Decimal("1.5"), "a\x01b", None]]
    columns = [(n, n) for n in ("=h", "n", "d", "t", "e")]
    data, count = formats.write("xlsx", columns, rows)
    sheet = openpyxl.load_workbook(io.BytesIO(data))[formats.SHEET]
    header, row = list(sheet.iter_rows())
    assert count == 1
    assert header[0].value == "=h" and header[0].data_type == "s"
    assert [c.value for c in row] == ["=SUM(1,2)", 5, 1.5, "ab", None]
    assert row[0].data_type == "s"


def test_xlsx_refuses_more_rows_than_a_sheet_holds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "MAX_XLSX_ROWS", 2)
    with pytest.raises(formats.RowLimit) as error:
        formats.write("xlsx", [("a", "a")], [[1], [2], [3]])
    assert error.value.limit == 2


def test_unknown_format() -> None:
    with pytest.raises(ValueError):
        formats.write("pdf", [("a", "a")], [])
