"""Imports of Excel templates and CSV files (pure Python, no database):
files refused as a whole, then every problem a filled file can have, each
reported at the row, column and cell the user sees."""

from __future__ import annotations

import codecs
import io
import zipfile
from typing import Any

import openpyxl
import pytest

from ckanext.satudata.indicators import template, upload
from ckanext.satudata.indicators.structure import Row

from .sheets import (
    MAX_BYTES,
    ROWS,
    all_rows,
    complete,
    fill,
    issues,
    make_grid,
    read,
    ref,
)

NEITHER = "The file is neither an Excel workbook (.xlsx) nor a CSV file"
NOT_XLSX = "The file is not a valid Excel workbook (.xlsx)"
BOMB = "The workbook unpacks to far more data than a spreadsheet holds and was refused"
CODES = "kode;nama;perempuan;laki_laki;rasio;melek_huruf;keterangan"


@pytest.fixture(scope="module")
def filled() -> bytes:
    """The template with every row complete."""
    return template.build_template(make_grid(), all_rows())


def _refused(data: bytes, filename: str) -> upload.UploadRefused:
    with pytest.raises(upload.UploadRefused) as caught:
        upload.detect(data, filename, MAX_BYTES)
    with pytest.raises(upload.UploadRefused) as again:
        read(data, filename)
    assert (again.value.message, again.value.params) == (
        caught.value.message, caught.value.params,
    )
    return caught.value


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _zeros_zip(megabytes: int) -> bytes:
    """A zip that looks like a workbook, with a member of ``megabytes`` MB of
    zeros (compressed about 1000:1)."""
    buffer = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(chunk)
    return buffer.getvalue()


def _csv(*lines: str, bom: bool = True, encoding: str = "utf-8") -> bytes:
    text = "\r\n".join(lines) + "\r\n"
    return (codecs.BOM_UTF8 if bom else b"") + text.encode(encoding)


# ---- files refused as a whole ------------------------------------------


def test_kind_is_judged_by_content_not_name(filled):
    assert upload.detect(filled, "isian.csv", MAX_BYTES) == "xlsx"
    assert upload.detect(_csv(CODES), "isian.xlsx", MAX_BYTES) == "csv"
    assert upload.detect(_csv(CODES, bom=False), "isian", MAX_BYTES) == "csv"


def test_renamed_exe_is_refused():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(2048)
    assert _refused(exe, "isian.xlsx").message == NOT_XLSX
    assert _refused(exe, "isian.csv").message == NEITHER


@pytest.mark.parametrize("content", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
    b"\x7fELF\x02\x01\x01" + bytes(64),
    bytes(range(256)) * 8,
])
def test_other_binary_files_are_refused(content):
    assert _refused(content, "isian.csv").message == NEITHER


def test_renamed_zip_and_other_office_files_are_refused():
    plain = _zip({"data.csv": b"kode,nama\n"})
    assert _refused(plain, "isian.xlsx").message == NOT_XLSX
    word = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert _refused(word, "isian.csv").message == NEITHER
    ods = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                "content.xml": b"<office/>"})
    assert _refused(ods, "isian.ods").message == (
        "OpenDocument spreadsheets (.ods) cannot be read: save the file as .xlsx"
    )
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    assert _refused(xls, "isian.xls").message.startswith(
        "Excel 97-2003 (.xls) and password-protected workbooks cannot be read"
    )


def test_zip_bomb_is_refused_from_the_directory():
    bomb = _zeros_zip(500)
    assert len(bomb) < MAX_BYTES  # small on the wire
    assert _refused(bomb, "isian.xlsx").message == BOMB


def test_absurd_compression_ratio_is_refused_below_the_total_limit():
    dense = _zeros_zip(8)  # 8 MB of zeros: under 20 x 5 MB, ratio about 1000:1
    assert _refused(dense, "isian.xlsx").message == BOMB


def test_file_over_the_limit_is_refused():
    big = (_csv(CODES) + b"33.74.01;x;1;2;3;4;5\r\n" * 480_000)[: 10 * 1024 * 1024]
    assert len(big) == 10 * 1024 * 1024
    refused = _refused(big, "isian.csv")
    assert refused.message == (
        "The file is too large ({size} MB); the limit is {limit} MB"
    )
    assert refused.params == {"size": "10", "limit": "5"}


def test_empty_and_damaged_files_are_refused(filled):
    assert _refused(b"", "isian.csv").message == "The file is empty"
    assert _refused(codecs.BOM_UTF8 + b"\r\n \r\n", "isian.csv").message == (
        "The file is empty"
    )
    assert _refused(filled[: len(filled) // 2], "isian.xlsx").message == (
        "The workbook is damaged and cannot be read: save it again as .xlsx"
    )


def test_encodings():
    utf16 = codecs.BOM_UTF16_LE + CODES.encode("utf-16-le")
    assert _refused(utf16, "isian.csv").message == (
        "The CSV file is UTF-16 text: save it as CSV UTF-8"
    )
    broken = codecs.BOM_UTF8 + b"kode;nama\r\n\xff\xfe\r\n"
    assert _refused(broken, "isian.csv").message == (
        "The CSV file is not valid UTF-8 text: save it as CSV UTF-8"
    )
    # an old Excel "CSV" in Windows-1252 is still read
    legacy = _csv(CODES, "33.74.01;Semarang Tengah;1;2;;;Kafé baru",
                  bom=False, encoding="cp1252")
    result = read(legacy, "isian.csv")
    assert result.errors == []
    assert result.values["33.74.01"]["keterangan"] == "Kafé baru"


# ---- xlsx: identity of the template --------------------------------------


def test_another_datasets_template():
    other = make_grid(package_id="another-id", package_name="penduduk-lain")
    data = template.build_template(other, all_rows())
    result = read(data)
    assert issues(result) == [(
        None, None, None, "This is the template of another dataset ({name})",
        {"name": "penduduk-lain", "expected": "penduduk-kecamatan"},
    )]
    assert (result.rows_read, result.values) == (0, {})


def test_another_periods_template():
    data = template.build_template(make_grid(period_id="2024-S2"), all_rows())
    assert issues(read(data)) == [(
        None, None, None, "This is the template of period {period}, not {expected}",
        {"period": "2024 Semester 2", "expected": "2024 Semester 1"},
    )]


def test_newer_template_version(filled):
    data = fill(filled, {"B2": 2}, sheet=template.META_SHEET)
    assert issues(read(data)) == [(
        None, None, None,
        "Template version {version} is not supported: download the template again",
        {"version": "2"},
    )]


def test_workbook_without_identification_is_read_by_its_header():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Kode", "Nama", "perempuan", "laki_laki", "rasio", "melek_huruf",
                  "keterangan"])
    sheet.append(["33.74.02", "Semarang Utara", 12, 11, 0.5, 45, "baru"])
    sheet.append([337403, None, "1.250", "1.100", "0,25", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = read(buffer.getvalue())
    assert result.errors == []
    assert result.values == {
        "33.74.02": {"perempuan": 12, "laki_laki": 11, "rasio": 0.5,
                     "melek_huruf": 45, "keterangan": "baru"},
        "33.74.03": {"perempuan": 1250, "laki_laki": 1100, "rasio": 0.25,
                     "melek_huruf": None, "keterangan": None},
    }
    assert (result.rows_read, result.rows_accepted) == (2, 2)


# ---- xlsx: cells and rows ----------------------------------------------------


def test_wrong_types(filled):
    data = fill(filled, {
        ref("33.74.01", "perempuan"): "abc",
        ref("33.74.01", "laki_laki"): 3.5,
        ref("33.74.02", "rasio"): "3,5,1",
        ref("33.74.02", "melek_huruf"): True,
        ref("33.74.03", "keterangan"): "x" * 501,
        ref("33.74.04", "perempuan"): 10**16,
    })
    result = read(data)
    assert issues(result) == [
        (7, "Perempuan", "C7", "Not a number: {value}", {"value": "abc"}),
        (7, "Laki-laki", "D7", "Not a whole number: {value}", {"value": 3.5}),
        (8, "Rasio Jenis Kelamin", "E8", "Not a number: {value}", {"value": "3,5,1"}),
        (8, "Melek Huruf", "F8", "Not a number: {value}", {"value": True}),
        (9, "Keterangan", "G9", "Text longer than {limit} characters", {"limit": 500}),
        (10, "Perempuan", "C10", "Number too large: {value}", {"value": 10**16}),
    ]
    assert (result.rows_read, result.rows_accepted, result.values) == (4, 0, {})


def test_required_cells_left_empty(filled):
    data = fill(filled, {ref("33.74.02", "perempuan"): None,
                         ref("33.74.04", "laki_laki"): "  "})
    result = read(data)
    assert issues(result) == [
        (8, "Perempuan", "C8", "Required value missing", {}),
        (10, "Laki-laki", "D10", "Required value missing", {}),
    ]
    assert (result.rows_read, result.rows_accepted) == (4, 2)


def test_unknown_missing_and_extra_rows_blank_rows_skipped(filled):
    data = fill(filled, {
        "A11": "33.74.99", "C11": 1, "D11": 2,     # not a row of the grid
        "A13": None, "C13": 5,                      # values without a code
        "A15": "   ", "G15": " ",                  # blank: skipped
        "A16": "33.74.17", "B16": "Tugu",          # a code only
    })
    result = read(data)
    assert issues(result) == [
        (11, "Kode", "A11", "Unknown row code {code}", {"code": "33.74.99"}),
        (13, "Kode", "A13", "Row code missing", {}),
        (13, "Laki-laki", "D13", "Required value missing", {}),
        (16, "Kode", "A16", "Unknown row code {code}", {"code": "33.74.17"}),
        (16, "Perempuan", "C16", "Required value missing", {}),
        (16, "Laki-laki", "D16", "Required value missing", {}),
    ]
    assert (result.rows_read, result.rows_accepted) == (7, 4)


def test_duplicated_rows(filled):
    data = fill(filled, {"A10": "33.74.01", "A12": "33.74.02", "C12": 4, "D12": 4})
    assert issues(read(data)) == [
        (10, "Kode", "A10", "Row {code} appears again (first at row {first})",
         {"code": "33.74.01", "first": 7}),
        (12, "Kode", "A12", "Row {code} appears again (first at row {first})",
         {"code": "33.74.02", "first": 8}),
    ]


def test_survey_link_grid_accepts_only_its_rows(filled):
    subset = make_grid(rows=ROWS[1:3])
    result = read(filled, grid=subset)
    assert issues(result) == [
        (7, "Kode", "A7", "Unknown row code {code}", {"code": "33.74.01"}),
        (10, "Kode", "A10", "Unknown row code {code}", {"code": "33.74.04"}),
    ]
    only = fill(filled, {"A7": None, "B7": None, "C7": None, "D7": None, "E7": None,
                         "F7": None, "A10": None, "B10": None, "C10": None,
                         "D10": None, "E10": None, "F10": None})
    result = read(only, grid=subset)
    assert result.errors == []
    assert sorted(result.values) == ["33.74.02", "33.74.03"]


def test_formulas_are_refused_literal_text_is_kept(filled):
    data = fill(filled, {
        ref("33.74.01", "perempuan"): "=1+2",
        ref("33.74.02", "keterangan"): "=A1",
        "A9": '="33.74."&"03"',
    })
    assert issues(read(data)) == [
        (7, "Perempuan", "C7", "Formula instead of a value", {"formula": "=1+2"}),
        (8, "Keterangan", "G8", "Formula instead of a value", {"formula": "=A1"}),
        (9, "Kode", "A9", "Formula instead of a value",
         {"formula": '="33.74."&"03"'}),
    ]
    values = all_rows()
    values["33.74.01"]["keterangan"] = "=bukan rumus"
    result = read(template.build_template(make_grid(), values))
    assert result.errors == []
    assert result.values["33.74.01"]["keterangan"] == "=bukan rumus"


def test_merged_cells_in_the_data_area(filled):
    workbook = openpyxl.load_workbook(io.BytesIO(filled))
    sheet = workbook["Isian"]
    sheet.merge_cells("A1:G1")  # the title block may be merged
    sheet.merge_cells("D8:E8")
    sheet.merge_cells("A9:A10")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert issues(read(buffer.getvalue()))[:2] == [
        (8, "Laki-laki", "D8:E8", "Merged cells: unmerge them and fill every cell",
         {"range": "D8:E8"}),
        (9, "Kode", "A9:A10", "Merged cells: unmerge them and fill every cell",
         {"range": "A9:A10"}),
    ]


def test_unknown_duplicated_and_missing_columns(filled):
    data = fill(filled, {
        "H6": "tambahan", "H7": 5,
        "I6": "perempuan",
        "G6": None, "G7": "catatan",   # keterangan's code deleted
    })
    result = read(data)
    assert issues(result) == [
        (6, "tambahan", "H6", "Unknown column", {"label": "tambahan"}),
        (6, "Perempuan", "I6", "Duplicated column", {"code": "perempuan"}),
        (6, "Keterangan", None, "Column missing from the file", {"code": "keterangan"}),
        (7, None, "G7", "Value in column {position}, which has no header",
         {"position": 7}),
    ]


def test_header_by_names_when_the_code_row_is_gone(filled):
    workbook = openpyxl.load_workbook(io.BytesIO(filled))
    workbook["Isian"].delete_rows(6)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = read(buffer.getvalue())
    assert result.errors == []
    assert result.values == all_rows()


def test_no_header_row():
    workbook = openpyxl.Workbook()
    workbook.active.append(["wilayah", "perempuan"])
    workbook.active.append(["33.74.01", 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert issues(read(buffer.getvalue())) == [(
        None, None, None,
        'No header row: its first cell must be "kode", followed by the component '
        "codes (download the template again)", {},
    )]


def test_errors_are_capped():
    rows = tuple(Row(f"K{n:03d}", f"Kategori {n}") for n in range(300))
    grid = make_grid(rows=rows)
    result = read(template.build_template(grid, {}), grid=grid)
    assert len(result.errors) == upload.MAX_ERRORS + 1
    assert result.errors[-1] == upload.ImportIssue(
        None, None, "And {count} more errors", {"count": 400},
    )
    assert result.errors[-2].row == 106
    assert (result.rows_read, result.rows_accepted) == (300, 0)


def test_progress_is_reported():
    rows = tuple(Row(f"K{n:04d}", f"Kategori {n}") for n in range(1200))
    grid = make_grid(rows=rows)
    values = {row.code: complete() for row in rows}
    calls: list[tuple[int, int]] = []
    result = read(template.build_template(grid, values), grid=grid,
                  progress=lambda done, total: calls.append((done, total)))
    assert result.errors == []
    assert calls == [(500, 1200), (1000, 1200), (1200, 1200)]


# ---- csv -------------------------------------------------------------------


def test_csv_with_bom_semicolons_crlf_and_quotes():
    data = _csv(
        CODES,
        '33.74.01;"Semarang Tengah";10.518;"9.870";3,5;12,5%;"Catatan; ""revisi"""',
        "33.74.02;Semarang Utara;7;8;0,1;100;",
        '33.74.03;Semarang Timur;"1.000.000";0;;0,25;"dua\nbaris"',
    )
    result = read(data, "isian.csv")
    assert result.errors == []
    assert result.format == "csv"
    assert result.values == {
        "33.74.01": {"perempuan": 10518, "laki_laki": 9870, "rasio": 3.5,
                     "melek_huruf": 12.5, "keterangan": 'Catatan; "revisi"'},
        "33.74.02": {"perempuan": 7, "laki_laki": 8, "rasio": 0.1,
                     "melek_huruf": 100, "keterangan": None},
        "33.74.03": {"perempuan": 1000000, "laki_laki": 0, "rasio": None,
                     "melek_huruf": 0.25, "keterangan": "dua\nbaris"},
    }
    assert type(result.values["33.74.02"]["rasio"]) is float
    assert (result.rows_read, result.rows_accepted) == (3, 3)


def test_csv_with_commas_and_component_names():
    data = _csv(
        "Kode,Nama,Perempuan (Orang) *,Laki-laki,Rasio Jenis Kelamin,Melek Huruf,"
        "Keterangan",
        '33.74.04,Gayamsari,"10.518",12,"3,5",,',
        bom=False,
    )
    result = read(data, "isian.csv")
    assert result.errors == []
    assert result.values == {"33.74.04": {
        "perempuan": 10518, "laki_laki": 12, "rasio": 3.5, "melek_huruf": None,
        "keterangan": None,
    }}


def test_csv_saved_from_the_template_reports_spreadsheet_rows():
    data = _csv(
        "Jumlah Penduduk Menurut Jenis Kelamin;;;;;;",
        "Periode: 2024 Semester 1;;;;;;",
        "Isi nilai mulai baris 7.;;;;;;",
        "* Wajib diisi;;;;;;",
        "Kode;Nama;Perempuan (Orang) *;Laki-laki (Orang) *;Rasio Jenis Kelamin;"
        "Melek Huruf (%);Keterangan",
        CODES,
        "33.74.01;Semarang Tengah;10.518;abc;;;",
        "33.74.02;Semarang Utara;;5;;;",
        "337403;Semarang Timur;1;2;;;",
    )
    result = read(data, "isian.csv")
    assert issues(result) == [
        (7, "Laki-laki", None, "Not a number: {value}", {"value": "abc"}),
        (8, "Perempuan", None, "Required value missing", {}),
    ]
    assert (result.rows_read, result.rows_accepted) == (3, 1)


def test_csv_structural_errors():
    data = _csv(
        CODES,
        "33.74.01;Semarang Tengah;1;2;;;;",          # an empty extra cell: fine
        "33.74.02;Semarang Utara;1;2;;;;lebih",      # a filled extra cell
        "33.74.03;Semarang Timur;1",                 # fewer cells
        "",
        "33.74.04;Gayamsari;1;2;3;4;5",
    )
    result = read(data, "isian.csv")
    assert issues(result) == [
        (3, None, None, "Extra cell in column {position}, beyond the header",
         {"position": 8}),
        (4, "Laki-laki", None, "The row has fewer cells than the header",
         {"position": 4}),
    ]
    assert (result.rows_read, result.rows_accepted) == (4, 2)


def test_csv_unknown_and_duplicated_rows_and_columns():
    data = _csv(
        CODES + ";catatan",
        "33.74.01;a;1;2;;;;x",
        "33.74.01;b;1;2;;;;",
        "33.74.98;c;1;2;;;;",
    )
    assert issues(read(data, "isian.csv")) == [
        (1, "catatan", None, "Unknown column", {"label": "catatan"}),
        (3, "Kode", None, "Row {code} appears again (first at row {first})",
         {"code": "33.74.01", "first": 2}),
        (4, "Kode", None, "Unknown row code {code}", {"code": "33.74.98"}),
    ]


def test_csv_missing_column_and_no_rows():
    result = read(_csv("kode;nama;perempuan;laki_laki"), "isian.csv")
    assert issues(result) == [
        (1, "Rasio Jenis Kelamin", None, "Column missing from the file",
         {"code": "rasio"}),
        (1, "Melek Huruf", None, "Column missing from the file",
         {"code": "melek_huruf"}),
        (1, "Keterangan", None, "Column missing from the file",
         {"code": "keterangan"}),
    ]
    result = read(_csv(CODES), "isian.csv")
    assert issues(result) == [(None, None, None, "The file has no data rows", {})]


def test_csv_without_header():
    result = read(_csv("wilayah,jumlah", "33.74.01,5"), "isian.csv")
    assert [issue.message for issue in result.errors] == [
        'No header row: its first cell must be "kode", followed by the component '
        "codes (download the template again)"
    ]


def _values_of(result: upload.ImportResult) -> dict[str, Any]:
    return {code: dict(values) for code, values in result.values.items()}


def test_xlsx_and_csv_read_the_same_strings_the_same_way(filled):
    typed = ["10.518", "9870", "3,5", "12,5", "10.518"]
    columns = ["perempuan", "laki_laki", "rasio", "melek_huruf", "keterangan"]
    cells = dict(zip(columns, typed, strict=True))
    data = fill(filled, {ref("33.74.01", c): v for c, v in cells.items()})
    from_xlsx = _values_of(read(data))["33.74.01"]
    from_csv = _values_of(read(
        _csv(CODES, "33.74.01;x;" + ";".join(typed)), "isian.csv",
    ))["33.74.01"]
    assert from_xlsx == from_csv == {
        "perempuan": 10518, "laki_laki": 9870, "rasio": 3.5, "melek_huruf": 12.5,
        "keterangan": "10.518",
    }
