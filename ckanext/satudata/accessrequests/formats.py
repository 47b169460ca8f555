"""The files of an extract: CSV, Excel, JSON and XML writers fed one row
at a time (rows are never all in memory as Python objects; the file is).

- CSV: UTF-8 with a byte order mark (Excel reads the names right), a
  header of column names, CRLF lines;
- XLSX: a write-only workbook, one sheet ``Data`` with a bold header;
- JSON: a list of objects, one per row, keyed by column name;
- XML: ``<extract><columns><column name=".." label=".."/>..</columns>
  <rows><row><value column="..">..</value>..</row>..</rows></extract>``;
  column names are attribute values, never element names, so any name
  is safe.

Text that starts like a formula never becomes one in CSV or XLSX
(:mod:`ckanext.satudata.spreadsheet`); plain numbers written as text
(``-12.5`` read from a CSV upload) are not formulas and stay as they are.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import XMLGenerator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ckanext.satudata.spreadsheet import csv_value, write_cell

__all__ = ["CONTENT_TYPES", "FORMATS", "MAX_XLSX_ROWS", "RowLimit", "write"]

FORMATS = ("csv", "xlsx", "json", "xml")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
}
#: Data rows one Excel sheet holds (below its header).
MAX_XLSX_ROWS = 1_048_575
SHEET = "Data"

_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
#: Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Column = tuple[str, str]  # name, label
Rows = Iterable[Sequence[Any]]


class RowLimit(ValueError):
    """More rows than the format holds (``limit``)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"more than {limit} rows")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and _PLAIN_NUMBER.fullmatch(value):
        return value
    return csv_value(value)


def _plain(value: Any) -> Any:
    """A value as JSON, XML and Excel take it: numbers, text, booleans."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _csv(columns: Sequence[Column], rows: Rows) -> tuple[bytes, int]:
    out = io.BytesIO()
    out.write(codecs.BOM_UTF8)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([_csv_cell(name) for name, _label in columns])
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
        count += 1
    text.flush()
    data = out.getvalue()
    text.detach()
    return data, count


def _xlsx_value(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _xlsx(columns: Sequence[Column], rows: Rows) -> tuple[bytes, int]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    bold = Font(bold=True)
    header = []
    for name, _label in columns:
        cell = write_cell(WriteOnlyCell(sheet), _xlsx_value(name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        count += 1
        if count > MAX_XLSX_ROWS:
            raise RowLimit(MAX_XLSX_ROWS)
        # text always as a string: a stored "=..." must not become a formula
        sheet.append([write_cell(WriteOnlyCell(sheet), _xlsx_value(v)) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count


def _json(columns: Sequence[Column], rows: Rows) -> tuple[bytes, int]:
    names = [name for name, _label in columns]
    out = io.StringIO()
    out.write("[")
    count = 0
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(
            {name: _plain(value) for name, value in zip(names, row, strict=True)},
            ensure_ascii=False, default=str,
        ))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return out.getvalue().encode("utf-8"), count


def _xml_text(value: Any) -> str:
    value = _plain(value)
    if isinstance(value, bool):
        value = "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _xml(columns: Sequence[Column], rows: Rows,
         meta: dict[str, str]) -> tuple[bytes, int]:
    out = io.BytesIO()
    xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement("extract", {k: _xml_text(v) for k, v in meta.items()})
    xml.startElement("columns", {})
    for name, label in columns:
        xml.startElement("column", {"name": _xml_text(name), "label": _xml_text(label)})
        xml.endElement("column")
    xml.endElement("columns")
    xml.startElement("rows", {})
    names = [_xml_text(name) for name, _label in columns]
    count = 0
    for row in rows:
        xml.startElement("row", {})
        for name, value in zip(names, row, strict=True):
            if value is None:
                xml.startElement("value", {"column": name, "null": "true"})
            else:
                xml.startElement("value", {"column": name})
                xml.characters(_xml_text(value))
            xml.endElement("value")
        xml.endElement("row")
        count += 1
    xml.endElement("rows")
    xml.endElement("extract")
    xml.endDocument()
    return out.getvalue(), count


def write(fmt: str, columns: Sequence[Column], rows: Rows,
          meta: dict[str, str] | None = None) -> tuple[bytes, int]:
    """The file of ``fmt`` (one of :data:`FORMATS`) holding ``columns``
    (name, label) and ``rows``, and the number of rows written.

    :param meta: attributes of the XML root (e.g. ``dataset``)
    :raises RowLimit: more rows than an Excel sheet holds
    :raises ValueError: an unknown format
    """
    if fmt == "csv":
        return _csv(columns, rows)
    if fmt == "xlsx":
        return _xlsx(columns, rows)
    if fmt == "json":
        return _json(columns, rows)
    if fmt == "xml":
        return _xml(columns, rows, meta or {})
    raise ValueError(fmt)
