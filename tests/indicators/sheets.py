"""Grids, templates and filled workbooks for the template/upload tests (pure
Python: no database, no CKAN configuration)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

from ckanext.satudata.indicators import period, template, upload
from ckanext.satudata.indicators.grid import Grid
from ckanext.satudata.indicators.structure import Component, Row, Structure

MAX_BYTES = 5 * 1024 * 1024
PACKAGE_ID = "8a1d0c5e-0000-4000-8000-000000000001"
COMPONENTS = (
    Component("perempuan", "Perempuan", "Orang", "integer", True),
    Component("laki_laki", "Laki-laki", "Orang", "integer", True),
    Component("rasio", "Rasio Jenis Kelamin", "", "decimal", False),
    Component("melek_huruf", "Melek Huruf", "%", "percentage", False),
    Component("keterangan", "Keterangan", "", "text", False),
)
ROWS = (
    Row("33.74.01", "Semarang Tengah"),
    Row("33.74.02", "Semarang Utara"),
    Row("33.74.03", "Semarang Timur"),
    Row("33.74.04", "Gayamsari"),
)
#: sheet row of each grid row in the template, and column of each component
ROW = {row.code: template.FIRST_DATA_ROW + index for index, row in enumerate(ROWS)}
COLUMN = {"kode": "A", "nama": "B", "perempuan": "C", "laki_laki": "D",
          "rasio": "E", "melek_huruf": "F", "keterangan": "G"}


def make_grid(
    package_id: str = PACKAGE_ID, period_id: str = "2024-S1",
    rows: tuple[Row, ...] = ROWS, package_name: str = "penduduk-kecamatan",
) -> Grid:
    found = period.parse(period_id)
    assert found is not None
    structure = Structure(
        COMPONENTS, {"type": "region", "level": "kecamatan"}, found.granularity,
        "2024-S1", ROWS,
    )
    return Grid(
        package_id, package_name, "Jumlah Penduduk Menurut Jenis Kelamin", found,
        structure, rows,
    )


def ref(code: str, component: str) -> str:
    """The template cell of ``component`` in row ``code``."""
    return f"{COLUMN[component]}{ROW[code]}"


def fill(data: bytes, cells: dict[str, Any], sheet: str = template.SHEET) -> bytes:
    """``data`` (an .xlsx) with ``cells`` (``{"C7": 5}``) set, as openpyxl
    saves it. A value of ``None`` empties the cell."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    target = workbook[sheet]
    for reference, value in cells.items():
        target[reference] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def complete(**overrides: Any) -> dict[str, Any]:
    """A full row of values, every required component filled."""
    values: dict[str, Any] = {
        "perempuan": 100, "laki_laki": 90, "rasio": 111.1, "melek_huruf": 98.5,
        "keterangan": None,
    }
    values.update(overrides)
    return values


def all_rows(**overrides: Any) -> dict[str, dict[str, Any]]:
    return {row.code: complete(**overrides) for row in ROWS}


def issues(result: upload.ImportResult) -> list[tuple[Any, ...]]:
    """The issues as comparable tuples: (row, column, cell, message, params)."""
    return [
        (issue.row, issue.column, issue.cell, issue.message, issue.params)
        for issue in result.errors
    ]


def read(data: bytes, filename: str = "isian.xlsx", grid: Grid | None = None,
         **options: Any) -> upload.ImportResult:
    return upload.read(
        data, filename, grid or make_grid(), max_bytes=MAX_BYTES, **options,
    )
