"""Helpers of the periodic report tests: reading the PDF and the Excel
file back, and checking that they hold the same tables."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import sqlalchemy as sa
from ckan import model
from pypdf import PdfReader

from ckanext.satudata import files
from ckanext.satudata.monitoring.model import report_table
from ckanext.satudata.monitoring.report import tables, xlsx


def pdf_text(content: bytes) -> tuple[int, str]:
    """The page count and the text of a PDF, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def _cell(cell: Any) -> str:
    """A cell's text as Excel shows it (its number format: one decimal
    for ``0.0``), in the PDF's notation."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = float(value) if cell.number_format == "0.0" else int(value)
    return " ".join(tables.text(value).split())


def workbook_tables(content: bytes) -> list[list[list[str]]]:
    """Each table sheet of the Excel file (every sheet after the cover) as
    rows of cell texts (title row, head row, data rows), as the PDF shows
    them."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    found = []
    for sheet in book.worksheets[1:]:
        rows = []
        for row in sheet.iter_rows(min_row=xlsx.TITLE_ROW):
            cells = [_cell(cell) for cell in row if cell.value is not None]
            if cells:
                rows.append(cells)
        found.append(rows)
    return found


def assert_same_tables(pdf: bytes, workbook: bytes) -> int:
    """Every table of the Excel file is in the PDF's text, in the same
    order: its title, then each row (its cells one after another) after
    the one before. Returns the number of rows checked."""
    pages, text = pdf_text(pdf)
    assert pages >= 1
    position, checked = 0, 0
    for rows in workbook_tables(workbook):
        for cells in rows:
            wanted = " ".join(cells)
            found = text.find(wanted, position)
            assert found >= 0, (wanted, text[position:position + 600])
            position = found + len(wanted)
            checked += 1
    return checked


def report_rows() -> list[dict[str, Any]]:
    """Every report row as it is (for "nothing changed")."""
    return [dict(row) for row in model.Session.execute(
        sa.select(report_table).order_by(report_table.c.id)).mappings()]


def stored_files() -> list[str]:
    return sorted(row.id for row in model.Session.query(model.File))


def file_bytes(report: dict[str, Any], kind: str) -> bytes:
    return files.read(report[kind]["id"])
