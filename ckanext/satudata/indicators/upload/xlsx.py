"""Reading an Excel workbook (.xlsx): the template's identity, the data
sheet and its rows (see docs/indicators.md, "How an import is read").

Relies on openpyxl 3.1.5's read-only worksheets keeping the sheet's part
name in ``_worksheet_path``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import openpyxl

from ckanext.satudata.indicators import template
from ckanext.satudata.indicators.grid import Grid
from ckanext.satudata.indicators.upload import sheetxml
from ckanext.satudata.indicators.upload.report import (
    BROKEN,
    ImportIssue,
    ImportResult,
    damaged,
)
from ckanext.satudata.indicators.upload.table import (
    TableReader,
    code_text,
    numbered,
    read_table,
)
from ckanext.satudata.messages import N_

MAX_COLUMNS = 200  # columns read per row: components are at most 50
#: Excel's last row: openpyxl fills missing rows up to the row numbers and
#: the dimension the sheet claims, so both are bounded by it.
MAX_ROWS = 1_048_576


def read_xlsx(
    data: bytes, grid: Grid, progress: Callable[[int, int], None] | None,
) -> ImportResult:
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False,
        )
    except Exception as error:  # openpyxl raises many kinds on broken files
        raise damaged() from error
    try:
        refused = _identity(workbook, grid)
        if refused is not None:
            return ImportResult("xlsx", 0, 0, [refused], {})
        sheet = _data_sheet(workbook)
        reader = TableReader(grid, "xlsx", _scan_sheet(data, sheet, grid))
        last = min(sheet.max_row or MAX_ROWS, MAX_ROWS)
        rows = sheet.iter_rows(
            min_row=1, max_row=last,
            max_col=min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS),
            values_only=True,
        )
        total = min(sheet.max_row or 0, MAX_ROWS)
        return read_table(reader, numbered(_guarded(rows)), total, progress)
    finally:
        workbook.close()


def _guarded(rows: Iterator[Any]) -> Iterator[Any]:
    """Broken sheet XML found while reading refuses the file."""
    try:
        yield from rows
    except BROKEN as error:
        raise damaged() from error


def _sheet(workbook: Any, name: str) -> Any:
    try:
        return workbook[name]
    except BROKEN as error:
        raise damaged() from error


def _data_sheet(workbook: Any) -> Any:
    if template.SHEET in workbook.sheetnames:
        return _sheet(workbook, template.SHEET)
    names = [n for n in workbook.sheetnames if n != template.META_SHEET]
    if not names:
        raise damaged()
    return _sheet(workbook, names[0])


def _meta(workbook: Any) -> dict[str, Any]:
    if template.META_SHEET not in workbook.sheetnames:
        return {}
    sheet = _sheet(workbook, template.META_SHEET)
    pairs = {}
    rows = sheet.iter_rows(min_row=1, max_row=30, max_col=2, values_only=True)
    for row in _guarded(rows):
        if len(row) == 2 and row[0] is not None:
            pairs[str(row[0]).strip()] = row[1]
    return pairs


def _identity(workbook: Any, grid: Grid) -> ImportIssue | None:
    """The issue refusing another dataset's or period's template, if any."""
    meta = _meta(workbook)
    if meta.get("format") != template.FORMAT_NAME:
        return None
    version = code_text(meta.get("version"))
    if not version.isdigit() or int(version) > template.FORMAT_VERSION:
        return ImportIssue(None, None, N_(
            "Template version {version} is not supported: download the "
            "template again"
        ), {"version": version})
    if code_text(meta.get("package_id")) != grid.package_id:
        return ImportIssue(None, None, N_(
            "This is the template of another dataset ({name})"
        ), {"name": code_text(meta.get("package_name")),
            "expected": grid.package_name})
    found = code_text(meta.get("period"))
    if found != grid.period.id:
        label = code_text(meta.get("period_label")) or found
        return ImportIssue(None, None, N_(
            "This is the template of period {period}, not {expected}"
        ), {"period": label, "expected": grid.period.label})
    return None


def _scan_sheet(data: bytes, sheet: Any, grid: Grid) -> sheetxml.Sheet:
    """Formulas, merged cells and percentage-formatted cells, from the XML
    (the member's size was bounded by the zip checks of detection)."""
    path = getattr(sheet, "_worksheet_path", None)
    if not path:
        return sheetxml.Sheet()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        xml = archive.read(path.lstrip("/"))
    except BROKEN as error:
        raise damaged() from error
    styles: set[int] = set()
    if any(c.type == "percentage" for c in grid.components):
        styles = sheetxml.percent_styles(archive)
    return sheetxml.scan(xml, styles)
