"""The report as an Excel workbook (openpyxl): a first sheet with the
report's particulars, the analysis and the walidata's two texts, then one
sheet per table of :mod:`.tables` — title in row 1, column heads in row
2, the rows below (numbers as numbers, text always as text:
:mod:`ckanext.satudata.spreadsheet`)."""

from __future__ import annotations

import io
import re
from typing import Any

import ckan.plugins.toolkit as tk
import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ckanext.satudata.monitoring.report.tables import Table
from ckanext.satudata.spreadsheet import write_cell

#: Row of a table sheet holding the title, the heads, the first data row.
TITLE_ROW, HEAD_ROW, FIRST_ROW = 1, 2, 3
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEAD_FILL = PatternFill("solid", fgColor="E8E8E8")
WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of ``[]:*?/\\``)."""
    base = _SHEET_CHARS.sub(" ", name).strip()[:31] or "Tabel"
    found, number = base, 2
    while found.lower() in taken:
        suffix = f" ({number})"
        found = base[:31 - len(suffix)] + suffix
        number += 1
    taken.add(found.lower())
    return found


def _number_format(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return "#,##0"
    if isinstance(value, float):
        return "0.0"
    return None


def _widths(sheet: Any, table: Table) -> None:
    for index, head in enumerate(table.heads, 1):
        longest = max([len(str(head))] + [len(str(row[index - 1]))
                                          for row in table.rows] or [8])
        sheet.column_dimensions[get_column_letter(index)].width = min(
            60, max(8, longest + 2))


def _table_sheet(book: Any, table: Table, taken: set[str]) -> None:
    sheet = book.create_sheet(sheet_name(table.sheet, taken))
    write_cell(sheet.cell(TITLE_ROW, 1), table.title).font = TITLE
    for column, head in enumerate(table.heads, 1):
        cell = write_cell(sheet.cell(HEAD_ROW, column), head)
        cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, WRAP
    if not table.rows and table.empty:
        write_cell(sheet.cell(FIRST_ROW, 1), table.empty)
    for offset, row in enumerate(table.rows):
        for column, value in enumerate(row, 1):
            cell = write_cell(sheet.cell(FIRST_ROW + offset, column), value)
            number_format = _number_format(value)
            if number_format:
                cell.number_format = number_format
            if offset in table.totals:
                cell.font = BOLD
    sheet.freeze_panes = sheet.cell(FIRST_ROW, 1)
    _widths(sheet, table)


def _cover(book: Any, report: dict[str, Any], analysis: list[str],
           particulars: list[tuple[str, str]]) -> None:
    sheet = book.active
    sheet.title = sheet_name(tk._("Report"), set())
    write_cell(sheet.cell(1, 1), tk._(
        "Periodic monitoring and evaluation report of Satu Data")).font = TITLE
    write_cell(sheet.cell(2, 1), report["window_label"])
    row = 4
    for label, value in particulars:
        write_cell(sheet.cell(row, 1), label).font = BOLD
        write_cell(sheet.cell(row, 2), value)
        row += 1
    row += 1
    write_cell(sheet.cell(row, 1), tk._("Analysis")).font = BOLD
    for sentence in analysis:
        write_cell(sheet.cell(row, 2), sentence).alignment = WRAP
        row += 1
    row += 1
    for label, value in ((tk._("Recommendations (Rekomendasi)"), report["rekomendasi"]),
                         (tk._("Follow-up plan (Rencana Tindak Lanjut)"),
                          report["rencana"])):
        write_cell(sheet.cell(row, 1), label).font = BOLD
        cell = write_cell(sheet.cell(row, 2), value or tk._("Not written yet."))
        cell.alignment = WRAP
        row += 1
    sheet.column_dimensions["A"].width = 38
    sheet.column_dimensions["B"].width = 100


def workbook(report: dict[str, Any], tables: list[Table], analysis: list[str],
             particulars: list[tuple[str, str]]) -> bytes:
    """The ``.xlsx`` bytes: the cover sheet, then one sheet per table."""
    book = openpyxl.Workbook()
    _cover(book, report, analysis, particulars)
    taken = {book.active.title.lower()}
    for table in tables:
        _table_sheet(book, table, taken)
    book.properties.title = tk._(
        "Periodic monitoring and evaluation report of Satu Data")
    book.properties.subject = report["window_label"]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
