"""The downloads of published values: CSV, JSON and Excel files of the
long table (:func:`.published.export`), the same columns and rows as the
DataStore table."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ckanext.satudata.spreadsheet import csv_row, write_cell

Field = dict[str, Any]
Record = dict[str, Any]

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SHEET, INFO_SHEET = "Data", "Keterangan"
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TYPE_NAMES = {
    "integer": "bilangan bulat", "decimal": "bilangan desimal",
    "percentage": "persentase", "text": "teks",
}


def to_csv(fields: Sequence[Field], records: Sequence[Record]) -> bytes:
    """Comma-separated, UTF-8 with a byte order mark (so that Excel reads
    the names right), column ids in the header, numbers with a decimal
    point; text that starts like a formula is neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    ids = [field["id"] for field in fields]
    writer.writerow(csv_row(ids))
    for record in records:
        writer.writerow(
            csv_row("" if record.get(i) is None else record[i] for i in ids)
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_json(meta: dict[str, Any], fields: Sequence[Field],
            records: Sequence[Record]) -> bytes:
    """``{"dataset": …, "fields": […], "records": […]}``, like the
    DataStore API answers."""
    document = {
        **meta,
        "fields": [
            {k: field[k] for k in ("id", "label", "unit", "type")} for field in fields
        ],
        "records": list(records),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _write(cell: Any, value: Any) -> None:
    # text stays text: a stored "=..." must not become a formula
    write_cell(cell, value)


def _number_format(field: Field) -> str | None:
    # whole numbers grouped; decimals in Excel's General format (no
    # dangling decimal separator after a whole value)
    return "#,##0" if field["type"] == "integer" else None


def to_xlsx(meta: dict[str, Any], fields: Sequence[Field],
            records: Sequence[Record]) -> bytes:
    """A workbook with the sheet ``Data`` (one header row of names with
    units, numbers as numbers) and ``Keterangan`` (the dataset and what
    each column holds)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    for number, field in enumerate(fields, start=1):
        cell = sheet.cell(1, number)
        _write(cell, field["heading"])
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        longest = max(
            [len(str(field["heading"])) // 2 + 2, 10,
             *(len(str(r.get(field["id"]) or "")) + 2 for r in records[:200])]
        )
        sheet.column_dimensions[get_column_letter(number)].width = min(40, longest)
    formats = [_number_format(field) for field in fields]
    for row, record in enumerate(records, start=2):
        for number, field in enumerate(fields, start=1):
            cell = sheet.cell(row, number)
            _write(cell, record.get(field["id"]))
            if formats[number - 1] and cell.value is not None:
                cell.number_format = formats[number - 1]
    sheet.freeze_panes = "A2"
    if records:
        sheet.auto_filter.ref = sheet.dimensions
    _info_sheet(workbook, meta, fields)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _info_sheet(workbook: Workbook, meta: dict[str, Any],
                fields: Sequence[Field]) -> None:
    info = workbook.create_sheet(INFO_SHEET)
    rows: list[list[Any]] = [
        ["Judul", meta.get("title")],
        ["Produsen data", meta.get("organization")],
        ["Alamat", meta.get("url")],
        [],
        ["Kolom", "Nama", "Satuan", "Tipe"],
    ]
    rows += [
        [f["id"], f["label"], f["unit"], _TYPE_NAMES.get(f["type"], f["type"])]
        for f in fields
    ]
    for number, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            _write(info.cell(number, column), value)
    for column in range(1, 5):
        info.cell(5, column).font = Font(bold=True)
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 45
    info.column_dimensions["C"].width = 14
    info.column_dimensions["D"].width = 18


def build(kind: str, meta: dict[str, Any], fields: Sequence[Field],
          records: Sequence[Record]) -> bytes:
    """The file of ``kind`` (csv, json, xlsx)."""
    if kind == "csv":
        return to_csv(fields, records)
    if kind == "json":
        return to_json(meta, fields, records)
    if kind == "xlsx":
        return to_xlsx(meta, fields, records)
    raise ValueError(kind)
