"""The Excel template of a period: layout, identification sheet, number
formats and validations, and the round trip template -> filled with
openpyxl -> import gives exactly the typed values. Pure Python."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from ckanext.satudata.indicators import template

from .sheets import (
    COMPONENTS,
    PACKAGE_ID,
    ROW,
    ROWS,
    all_rows,
    fill,
    issues,
    make_grid,
    read,
    ref,
)


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture
def workbook() -> openpyxl.Workbook:
    values = {"33.74.01": {"perempuan": 10518, "rasio": 3.5, "melek_huruf": 12.5,
                           "keterangan": "=bukan rumus"}}
    return _open(template.build_template(make_grid(), values))


def test_sheets_the_visible_one_and_the_hidden_identification(workbook):
    assert workbook.sheetnames == ["Isian", "_satudata"]
    assert workbook["Isian"].sheet_state == "visible"
    assert workbook["_satudata"].sheet_state == "veryHidden"
    assert workbook.active.title == "Isian"


def test_title_block_headers_and_rows(workbook):
    sheet = workbook["Isian"]
    assert sheet["A1"].value == "Jumlah Penduduk Menurut Jenis Kelamin"
    assert sheet["A1"].font.b
    assert sheet["A2"].value == "Periode: 2024 Semester 1"
    assert "baris 7" in sheet["A3"].value and "baris 6" in sheet["A3"].value
    assert sheet["A4"].value == "* Wajib diisi"
    assert [c.value for c in sheet[5]] == [
        "Kode", "Nama", "Perempuan (Orang) *", "Laki-laki (Orang) *",
        "Rasio Jenis Kelamin", "Melek Huruf (%)", "Keterangan",
    ]
    assert sheet["C5"].font.color.rgb.endswith("C00000")  # required: red
    assert [c.value for c in sheet[6]] == [
        "kode", "nama", "perempuan", "laki_laki", "rasio", "melek_huruf",
        "keterangan",
    ]
    assert [(sheet.cell(n, 1).value, sheet.cell(n, 2).value) for n in range(7, 11)] == [
        (row.code, row.name) for row in ROWS
    ]
    assert sheet.max_row == 10


def test_current_values_are_filled_with_their_types(workbook):
    sheet = workbook["Isian"]
    assert sheet["C7"].value == 10518 and sheet["C7"].data_type == "n"
    assert sheet["E7"].value == 3.5
    assert sheet["F7"].value == 12.5  # percent units, not 0.125
    # a stored text starting with "=" stays text
    assert sheet["G7"].value == "=bukan rumus" and sheet["G7"].data_type == "s"
    assert sheet["D7"].value is None and sheet["C8"].value is None


def test_number_formats_per_type(workbook):
    sheet = workbook["Isian"]
    assert [sheet.cell(7, column).number_format for column in range(1, 8)] == [
        "@", "@", "#,##0", "#,##0", "General", "General", "@",
    ]
    # empty value cells carry the format too
    assert sheet["D10"].number_format == "#,##0"


def test_validations_per_type_with_indonesian_messages(workbook):
    sheet = workbook["Isian"]
    found = {
        str(v.sqref): (v.type, v.operator, v.formula1, v.formula2, v.allow_blank)
        for v in sheet.data_validations.dataValidation
    }
    limit = "999999999999999"
    assert found == {
        "C7:C10": ("whole", "between", f"-{limit}", limit, True),
        "D7:D10": ("whole", "between", f"-{limit}", limit, True),
        "E7:E10": ("decimal", "between", f"-{limit}", limit, True),
        "F7:F10": ("decimal", "between", f"-{limit}", limit, True),
        "G7:G10": ("textLength", "lessThanOrEqual", "500", None, True),
    }
    messages = {str(v.sqref): v.error for v in sheet.data_validations.dataValidation}
    assert messages["C7:C10"].startswith("Isi dengan bilangan bulat")
    assert "koma" in messages["E7:E10"]
    assert "500 karakter" in messages["G7:G10"]
    assert all(v.showErrorMessage for v in sheet.data_validations.dataValidation)


def test_layout_frozen_widths_nothing_protected(workbook):
    sheet = workbook["Isian"]
    assert sheet.freeze_panes == "C7"
    assert not sheet.protection.sheet
    assert sheet.column_dimensions["A"].width >= 10
    assert sheet.column_dimensions["B"].width >= 17
    assert all(sheet.column_dimensions[c].width >= 14 for c in "CDEFG")


def test_identification_sheet(workbook):
    meta = workbook["_satudata"]
    pairs = {meta.cell(n, 1).value: meta.cell(n, 2).value for n in range(1, 9)}
    assert pairs == {
        "format": "satudata-isian-indikator", "version": 1,
        "package_id": PACKAGE_ID, "package_name": "penduduk-kecamatan",
        "period": "2024-S1", "period_label": "2024 Semester 1",
        "header_row": 6, "first_data_row": 7,
    }
    assert [meta.cell(n, 4).value for n in range(1, 7)] == [
        "components", *(c.code for c in COMPONENTS),
    ]
    assert [meta.cell(n, 5).value for n in range(1, 6)] == [
        "rows", *(r.code for r in ROWS),
    ]


def test_survey_subset_lists_only_its_rows():
    grid = make_grid(rows=ROWS[1:3])
    sheet = _open(template.build_template(grid, {}))["Isian"]
    assert [sheet.cell(n, 1).value for n in (7, 8)] == ["33.74.02", "33.74.03"]
    assert sheet.max_row == 8


def test_template_reads_back_its_own_values():
    values = all_rows()
    values["33.74.02"]["keterangan"] = "Data sementara"
    result = read(template.build_template(make_grid(), values))
    assert result.errors == []
    assert result.values == values
    assert (result.format, result.rows_read, result.rows_accepted) == ("xlsx", 4, 4)


def _typed(result: Any, code: str) -> dict[str, Any]:
    return {k: (v, type(v)) for k, v in result.values[code].items()}


def test_filled_with_openpyxl_gives_exactly_the_typed_values():
    data = template.build_template(make_grid(), all_rows())
    filled = fill(data, {
        ref("33.74.01", "perempuan"): 10518,
        ref("33.74.01", "laki_laki"): 9870,
        ref("33.74.01", "rasio"): 3.5,
        ref("33.74.01", "melek_huruf"): 0.1,
        ref("33.74.01", "keterangan"): "Angka tetap",
        ref("33.74.02", "rasio"): 0.1,
        ref("33.74.02", "melek_huruf"): 100,
        ref("33.74.02", "keterangan"): None,  # emptied
        ref("33.74.03", "rasio"): None,
        ref("33.74.03", "melek_huruf"): 33.333,
        ref("33.74.04", "rasio"): -2.25,
    })
    result = read(filled)
    assert result.errors == []
    assert _typed(result, "33.74.01") == {
        "perempuan": (10518, int), "laki_laki": (9870, int), "rasio": (3.5, float),
        "melek_huruf": (0.1, float), "keterangan": ("Angka tetap", str),
    }
    assert _typed(result, "33.74.02") == {
        "perempuan": (100, int), "laki_laki": (90, int), "rasio": (0.1, float),
        "melek_huruf": (100, int), "keterangan": (None, type(None)),
    }
    assert result.values["33.74.03"]["rasio"] is None
    assert result.values["33.74.03"]["melek_huruf"] == 33.333
    assert result.values["33.74.04"]["rasio"] == -2.25


def test_indonesian_number_strings_in_cells():
    """What Excel keeps as text (typed in a text cell, or in an English
    Excel) is read as the entry form reads it."""
    data = template.build_template(make_grid(), all_rows())
    row = ROW["33.74.01"]
    result = read(fill(data, {
        f"C{row}": "10.518", f"D{row}": "9.870", f"E{row}": "3,5",
        f"F{row}": "12,5%", f"G{row}": "10.518",
    }))
    assert result.errors == []
    assert result.values["33.74.01"] == {
        "perempuan": 10518, "laki_laki": 9870, "rasio": 3.5, "melek_huruf": 12.5,
        "keterangan": "10.518",
    }


def test_percentage_typed_with_a_percent_sign_in_excel():
    """Excel stores ``12,5%`` typed into a number cell as 0.125 formatted
    0.0%: read back in percent units."""
    grid = make_grid()
    workbook = _open(template.build_template(grid, all_rows()))
    cell = workbook["Isian"][ref("33.74.01", "melek_huruf")]
    cell.value = 0.125
    cell.number_format = "0.0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = read(buffer.getvalue())
    assert result.errors == []
    assert result.values["33.74.01"]["melek_huruf"] == 12.5


def test_empty_template_reports_the_required_cells():
    result = read(template.build_template(make_grid(), {}))
    assert issues(result)[:2] == [
        (7, "Perempuan", "C7", "Required value missing", {}),
        (7, "Laki-laki", "D7", "Required value missing", {}),
    ]
    assert len(result.errors) == 8
    assert result.values == {}
