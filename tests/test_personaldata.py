"""Personal data found in tables and files (no CKAN, no database)."""

from __future__ import annotations

import ast
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from lokal.nik import parse_nik

from ckanext.satudata import personaldata as pd

# 33.74.01 (Semarang Tengah), born 15-08-1995, serial 0001; a woman: day + 40.
NIK_1 = "3374011508950001"
NIK_2 = "3374015508950002"
KK_1 = "3374012003120003"
RAW = [NIK_1, NIK_2, KK_1, "siti.aminah@gmail.com", "081234567890", "Siti Aminah"]

PEOPLE_COLUMNS = [
    "NIK", "No KK", "Nama", "Alamat", "No HP", "Email", "Tanggal Lahir",
    "Kecamatan", "Jumlah", "Tahun",
]
PEOPLE = [
    [NIK_1, KK_1, "Siti Aminah", "Jl. Pemuda No. 12, Semarang", "+62 812-3456-7890",
     "siti.aminah@gmail.com", "15-08-1995", "Semarang Tengah", 3, 2023],
    [NIK_2, KK_1, "Budi Santoso", "Jalan Diponegoro 5 RT 02/RW 03", "081234567890",
     "budi.santoso@yahoo.co.id", dt.date(1995, 8, 15), "Banyumanik", 12, 2023],
]

AGGREGATE_COLUMNS = ["Kode Wilayah", "Kecamatan", "Laki-laki", "Perempuan", "Jumlah",
                     "Tahun", "Jumlah KK", "Keterangan"]
AGGREGATE = [
    [3374010001, "Semarang Tengah", 35120, 36011, 71131, 2023, 21004, "Sumber: BPS"],
    ["3374020", "Semarang Utara", 61234, 62110, 123344, 2023, 38100, ""],
    ["33.74.03", "Semarang Timur", 36001, 37002, 73003, 2024, 22001, "angka sementara"],
    ["3374011001", "Banyumanik", 1234567, 1300000, 2534567, 2024, 123456, None],
    [3374000000000000, "Gunungpati", 4.5, 5.0, 9.5, 2024, 0, "-"],
]


def kinds(scan: pd.Scan) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for finding in scan.findings:
        out.setdefault(finding.column, set()).add(finding.kind)
    return out


def one(scan: pd.Scan, column: str, kind: str) -> pd.Finding:
    found = [f for f in scan.findings if f.column == column and f.kind == kind]
    assert len(found) == 1, scan.findings
    return found[0]


def test_the_test_niks_are_valid_for_lokal():
    assert parse_nik(NIK_1).valid and parse_nik(NIK_2).valid
    assert parse_nik(NIK_2).gender == "P"


def test_a_table_of_people():
    scan = pd.scan_table(PEOPLE_COLUMNS, PEOPLE)
    assert scan.rows_read == 2 and not scan.truncated
    assert kinds(scan) == {
        "NIK": {"nik"}, "No KK": {"kk"}, "Nama": {"name"}, "Alamat": {"address"},
        "No HP": {"phone"}, "Email": {"email"}, "Tanggal Lahir": {"birth_date"},
    }
    for column, kind in [("NIK", "nik"), ("No KK", "kk"), ("Nama", "name"),
                         ("Alamat", "address"), ("No HP", "phone"), ("Email", "email"),
                         ("Tanggal Lahir", "birth_date")]:
        finding = one(scan, column, kind)
        assert finding.confidence == "high", finding
        assert finding.found_by[0] == "column name"
        assert finding.rows == (1, 2) and finding.row_count == 2
        assert finding.column_index == PEOPLE_COLUMNS.index(column)
    assert one(scan, "NIK", "nik").found_by == ("column name", "content")
    assert one(scan, "NIK", "nik").example == "3374********0001"
    assert one(scan, "No HP", "phone").example == "0812****7890"
    assert one(scan, "Email", "email").example == "s***@gmail.com"
    assert one(scan, "Tanggal Lahir", "birth_date").found_by == ("column name",)
    assert pd.identifying_columns(scan) == PEOPLE_COLUMNS[:7]
    assert pd.holds_high_confidence(scan)


def test_a_kk_number_under_a_kk_column_is_a_kk_not_a_nik():
    scan = pd.scan_table(["Nomor KK"], [[KK_1], [KK_1]])
    assert kinds(scan) == {"Nomor KK": {"kk"}}
    assert one(scan, "Nomor KK", "kk").found_by == ("column name", "content")


def test_masking_never_leaks_a_raw_value():
    scan = pd.scan_table(PEOPLE_COLUMNS, PEOPLE)
    text = repr(scan) + repr(scan.by_column())
    for raw in [*RAW, "Budi Santoso", "Pemuda", "15-08-1995", "1995-08-15",
                "budi.santoso", "3456-7890"]:
        assert raw not in text


def test_a_column_name_alone():
    scan = pd.scan_table(["NIK", "Jumlah"], [[None, 1], ["", 2], ["  ", 3]])
    finding = one(scan, "NIK", "nik")
    assert finding.found_by == ("column name",)
    assert finding.confidence == "medium"
    assert finding.rows == () and finding.row_count == 0 and finding.example is None
    assert pd.identifying_columns(scan) == ["NIK"]
    assert not pd.holds_high_confidence(scan)


def test_content_under_a_neutral_column_name():
    rows = [[f"Data {i}", ""] for i in range(1, 31)]
    rows[4][1] = NIK_1
    rows[9][1] = "hubungi +62 812-3456-7890"
    rows[19][1] = "kirim ke siti.aminah@gmail.com"
    scan = pd.scan_table(["Uraian", "Catatan"], rows)
    assert kinds(scan) == {"Catatan": {"nik", "phone", "email"}}
    nik = one(scan, "Catatan", "nik")
    assert nik.found_by == ("content",) and nik.confidence == "high"
    assert nik.rows == (5,) and nik.column_index == 1
    assert one(scan, "Catatan", "phone").rows == (10,)
    assert one(scan, "Catatan", "email").rows == (20,)
    assert pd.identifying_columns(scan) == ["Catatan"]
    assert pd.holds_high_confidence(scan)


def test_names_and_addresses_by_content():
    rows = [["Siti Aminah", "Jl. Pemuda No. 12"],
            ["Budi Santoso", "Jalan Diponegoro 5"],
            ["Sri Wahyuni", "Jl. Pandanaran 7"]]
    scan = pd.scan_table(["Kolom 1", "Lokasi"], rows)
    assert one(scan, "Kolom 1", "name").confidence == "medium"
    assert one(scan, "Kolom 1", "name").example == "S*** A***"
    assert one(scan, "Lokasi", "address").confidence == "high"
    assert pd.holds_high_confidence(scan) is False  # names are only "medium"
    assert pd.identifying_columns(scan) == ["Kolom 1", "Lokasi"]
    assert pd.identifying_columns(scan, "high") == ["Lokasi"]


def test_names_with_addresses_hold_names_alone_do_not():
    names = [["Siti Aminah"], ["Budi Santoso"]]
    assert not pd.holds_high_confidence(pd.scan_table(["Nama"], names))
    scan = pd.scan_table(["Nama", "Alamat"], [[*n, "Jl. Pemuda No. 12"] for n in names])
    assert one(scan, "Nama", "name").confidence == "high"
    assert pd.holds_high_confidence(scan)


def test_a_stray_name_in_free_text_is_low():
    rows = [["angka sementara"]] * 9 + [["diverifikasi oleh Ir. Soekarno"]]
    scan = pd.scan_table(["Keterangan"], rows)
    assert [(f.kind, f.confidence, f.rows) for f in scan.findings] == [
        ("name", "low", (10,))
    ]
    assert pd.identifying_columns(scan) == []


def test_an_aggregate_table_is_clean():
    scan = pd.scan_table(AGGREGATE_COLUMNS, AGGREGATE)
    assert scan.findings == ()
    assert pd.identifying_columns(scan, "low") == []
    assert not pd.holds_high_confidence(scan)


def test_a_name_column_listing_places_is_not_held():
    rows = [["Semarang Tengah", 10], ["Banyumanik", 12], ["Gunungpati", 7]]
    scan = pd.scan_table(["Nama", "Jumlah"], rows)
    finding = one(scan, "Nama", "name")
    assert finding.confidence == "medium" and finding.found_by == ("column name",)
    assert not pd.holds_high_confidence(scan)


def test_a_kk_column_of_counts_is_low():
    scan = pd.scan_table(["Kecamatan", "KK"], [["Tugu", 1234], ["Mijen", 123456]])
    finding = one(scan, "KK", "kk")
    assert finding.confidence == "low"
    assert pd.identifying_columns(scan) == []
    assert pd.identifying_columns(scan, "low") == ["KK"]
    assert not pd.holds_high_confidence(scan)


def test_row_numbers_are_capped_and_counted():
    rows = [[NIK_1 if i % 2 else "", i] for i in range(1, 101)]
    scan = pd.scan_table(["Isian", "No"], rows)
    finding = one(scan, "Isian", "nik")
    assert finding.rows == tuple(range(1, 2 * pd.MAX_LISTED_ROWS, 2))
    assert finding.row_count == 50


def test_two_matches_in_one_row_count_once():
    rows = [[f"{NIK_1} dan {NIK_2}"]] * (pd.MAX_LISTED_ROWS + 5)
    finding = one(pd.scan_table(["Isian"], rows), "Isian", "nik")
    assert finding.row_count == pd.MAX_LISTED_ROWS + 5
    assert len(finding.rows) == pd.MAX_LISTED_ROWS


def test_max_rows_cuts_the_scan():
    scan = pd.scan_table(["Isian"], iter([["x"]] * 5 + [[NIK_1]]), max_rows=5)
    assert scan.rows_read == 5 and scan.truncated and scan.findings == ()
    scan = pd.scan_table(["Isian"], [["x"]] * 5, max_rows=5)
    assert scan.rows_read == 5 and not scan.truncated


def test_cells_beyond_the_header_are_scanned():
    scan = pd.scan_table(["A"], [["x", NIK_1]])
    finding = one(scan, "", "nik")
    assert finding.column_index == 1


# ---------------------------------------------------------------- files


def csv_bytes(columns: list[str], rows: list[list[object]], sep: str = ",") -> bytes:
    lines = [sep.join(columns)] + [sep.join("" if v is None else str(v) for v in r)
                                   for r in rows]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_csv_file(tmp_path: Path):
    data = csv_bytes(PEOPLE_COLUMNS, PEOPLE, sep=";")
    scan = pd.scan_file(data, "warga.csv")
    assert pd.identifying_columns(scan) == PEOPLE_COLUMNS[:7]
    assert scan.header_rows == ((None, 1),)
    path = tmp_path / "warga.csv"
    path.write_bytes(b"\xef\xbb\xbf" + data)  # with a BOM, as Excel saves it
    assert pd.scan_file(path, "warga.csv").findings == scan.findings
    assert pd.scan_file(str(path), "warga.csv").findings == scan.findings


def test_an_aggregate_csv_is_clean():
    scan = pd.scan_file(csv_bytes(AGGREGATE_COLUMNS, AGGREGATE), "penduduk.csv")
    assert scan.findings == () and scan.rows_read == len(AGGREGATE)


def test_an_xlsx_file_with_a_title_line_and_two_sheets():
    data = xlsx_bytes({
        "Rekap": [["Jumlah Penduduk per Kecamatan 2023"], [], AGGREGATE_COLUMNS,
                  *AGGREGATE],
        "Lampiran": [PEOPLE_COLUMNS, *PEOPLE, [None] * 10, [NIK_1, *[None] * 9]],
    })
    scan = pd.scan_file(data, "Data.XLSX")
    assert scan.header_rows == (("Rekap", 3), ("Lampiran", 1))
    assert scan.rows_read == len(AGGREGATE) + 4
    assert {f.sheet for f in scan.findings} == {"Lampiran"}
    assert pd.identifying_columns(scan) == PEOPLE_COLUMNS[:7]
    nik = one(scan, "NIK", "nik")
    assert nik.rows == (1, 2, 4)  # blank row 3 kept: file row = header row + 3
    birth = one(scan, "Tanggal Lahir", "birth_date")
    assert birth.confidence == "high" and birth.rows == (1, 2)
    for raw in RAW:
        assert raw not in repr(scan)


def test_max_rows_over_the_sheets_of_a_file():
    data = xlsx_bytes({"A": [["Isian", "No"], *[["x", i] for i in range(5)]],
                       "B": [["NIK", "No"], [NIK_1, 1]]})
    scan = pd.scan_file(data, "a.xlsx", max_rows=5)
    assert scan.truncated and scan.rows_read == 5 and scan.findings == ()


@pytest.mark.parametrize(
    ("data", "filename", "msgid"),
    [
        (b"PK\x03\x04 not really a zip", "rusak.xlsx", pd.BAD_XLSX),
        (b"Nama,NIK\n", "data.xls", pd.NOT_TABULAR),
        (b"%PDF-1.7\n", "surat.pdf", pd.NOT_TABULAR),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "foto.csv", pd.BINARY),
        (b"", "kosong.csv", pd.EMPTY),
        (b"\n\n", "kosong.csv", pd.EMPTY),
    ],
)
def test_an_unreadable_file_is_refused(data: bytes, filename: str, msgid: str):
    with pytest.raises(pd.UnreadableFile) as refused:
        pd.scan_file(data, filename)
    assert refused.value.msgid == msgid
    assert isinstance(refused.value, ValueError)


def test_an_empty_workbook_is_refused():
    with pytest.raises(pd.UnreadableFile) as refused:
        pd.scan_file(xlsx_bytes({"Kosong": []}), "kosong.xlsx")
    assert refused.value.msgid == pd.EMPTY


def test_a_too_large_file_is_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pd, "MAX_FILE_BYTES", 10)
    with pytest.raises(pd.UnreadableFile) as refused:
        pd.scan_file(b"Nama,NIK\nx,y\n", "a.csv")
    assert refused.value.msgid == pd.TOO_LARGE


def test_the_module_imports_no_ckan():
    source = Path(pd.__file__).read_text()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        assert not any(n.split(".")[0] in ("ckan", "ckanext") for n in names)
