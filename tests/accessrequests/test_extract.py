"""The extract of "Pengolahan Data" (accessrequests/extract.py) against the
real DataStore, an uploaded CSV in CKAN's resource storage and an
indicator dataset's published values: chosen variables only, level 3
without identifying columns in every format, level 4 with them, row
counts, CSV injection, refusals."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import openpyxl
import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.accessrequests import extract, variables
from ckanext.satudata.testing import sdi_fields

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_datastore")

IDENTIFYING = ["NIK", "Nama", "Alamat", "No HP", "Tanggal Lahir"]
ORDINARY = ["Pekerjaan", "Umur", "Keterangan"]
ROWS = [
    ["3374010101900001", "Budi Santoso", "Jl. Pemuda No. 12, Semarang",
     "081234567890", "1990-01-01", "Guru", 34, '=HYPERLINK("http://x.example")'],
    ["3374024512850002", "Siti Aminah", "Jl. Pandanaran No. 5",
     "085712345678", "1985-12-05", "Pedagang", 39, "+62 catatan"],
    ["3374031506920003", "Agus Wibowo", "Jl. Gajah Mada No. 1",
     "081398765432", "1992-06-15", "Petani", 32, "@SUM(A1:A9)"],
    ["3374041203880004", "Dewi Lestari", "Jl. Majapahit No. 30",
     "082145678901", "1988-03-12", "Perawat", 36, "-2+3"],
    ["3374052207950005", "Rudi Hartono", "Jl. Kaligawe No. 7",
     "087812345670", "1995-07-22", "Nelayan", 29, "biasa"],
]
COLUMNS = IDENTIFYING + ORDINARY
TYPES = {"Umur": "int4"}
FORMULAS = ('=HYPERLINK("http://x.example")', "+62 catatan", "@SUM(A1:A9)", "-2+3")


def _site() -> dict[str, Any]:
    user = helpers.call_action("get_site_user", {"ignore_auth": True})
    return {"user": user["name"], "ignore_auth": True}


def _show(dataset_id: str) -> dict[str, Any]:
    return helpers.call_action("package_show", _site(), id=dataset_id)


def _dataset(name: str = "penduduk-rentan", level: str = "3") -> dict[str, Any]:
    organization = factories.Organization(name=f"org-{name}")
    return factories.Dataset(
        name=name, owner_org=organization["id"],
        **sdi_fields(keterbukaan="terbatas", level_akses=level),
    )


@pytest.fixture
def micro() -> dict[str, Any]:
    """A level 3 dataset whose DataStore table has identifying columns."""
    dataset = _dataset()
    resource = factories.Resource(package_id=dataset["id"], name="Data mikro",
                                  url="", url_type="datastore")
    helpers.call_action(
        "datastore_create", _site(), resource_id=resource["id"], force=True,
        fields=[{"id": c, "type": TYPES.get(c, "text")} for c in COLUMNS],
        records=[dict(zip(COLUMNS, row, strict=True)) for row in ROWS],
    )
    return _show(dataset["id"])


def _parse(built: extract.Extract) -> tuple[list[str], list[dict[str, Any]]]:
    """Header and rows (as text) of a built file, read back."""
    if built.format == "csv":
        assert built.data.startswith(b"\xef\xbb\xbf")
        lines = list(csv.reader(io.StringIO(built.data.decode("utf-8-sig"))))
        header = lines[0]
        return header, [dict(zip(header, line, strict=True)) for line in lines[1:]]
    if built.format == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(built.data))
        cells = [[c.value for c in row] for row in book["Data"].iter_rows()]
        header = cells[0]
        return header, [
            {h: "" if v is None else str(v) for h, v in zip(header, row, strict=True)}
            for row in cells[1:]
        ]
    if built.format == "json":
        records = json.loads(built.data)
        assert isinstance(records, list)
        header = list(records[0]) if records else []
        return header, [
            {k: "" if v is None else str(v) for k, v in r.items()} for r in records
        ]
    root = ET.fromstring(built.data)
    header = [c.get("name") for c in root.iter("column")]
    rows = [
        {v.get("column"): v.text or "" for v in row.iter("value")}
        for row in root.iter("row")
    ]
    return header, rows  # type: ignore[return-value]


# ---------------------------------------------------------------- variables


def test_variables_of_a_datastore_table_without_id(micro: dict[str, Any]) -> None:
    found = extract.variables(micro)
    assert [v.name for v in found] == COLUMNS
    assert {v.source for v in found} == {"datastore"}
    assert "_id" not in [v.name for v in found]


def test_detection_names_the_identifying_columns_without_raw_values(
        micro: dict[str, Any]) -> None:
    found = extract.detect(micro, COLUMNS)
    assert list(found.identifying) == IDENTIFYING
    kinds = {f.column: f.kind for f in found.findings}
    assert kinds == {"NIK": "nik", "Nama": "name", "Alamat": "address",
                     "No HP": "phone", "Tanggal Lahir": "birth_date"}
    assert all(f.confidence == "high" for f in found.findings)
    assert all("column name" in f.found_by for f in found.findings)
    assert found.rows_read == len(ROWS)
    shown = repr(found)
    for row in ROWS:
        assert row[0] not in shown and row[1] not in shown and row[3] not in shown


def test_detection_of_chosen_columns_only(micro: dict[str, Any]) -> None:
    found = extract.detect(micro, ["Nama", "Pekerjaan"])
    assert list(found.identifying) == ["Nama"]
    assert {f.column for f in found.findings} == {"Nama"}


# ---------------------------------------------------------------- levels


@pytest.mark.parametrize("fmt", extract.FORMATS)
def test_level_3_has_no_identifying_column(micro: dict[str, Any], fmt: str) -> None:
    built = extract.build(micro, COLUMNS, fmt, 3)  # the officer listed none
    header, rows = _parse(built)
    assert header == ORDINARY == built.columns
    assert built.removed == IDENTIFYING
    assert built.rows == len(rows) == len(ROWS)
    assert [r["Pekerjaan"] for r in rows] == [row[5] for row in ROWS]
    text = built.data.decode("utf-8", errors="replace")
    for row in ROWS:
        for value in row[:5]:
            assert str(value) not in text
    assert built.format == fmt and built.filename == f"penduduk-rentan-ekstrak.{fmt}"
    assert {f.kind for f in built.findings} == {
        "nik", "name", "address", "phone", "birth_date"}


@pytest.mark.parametrize("fmt", extract.FORMATS)
def test_level_4_keeps_them(micro: dict[str, Any], fmt: str) -> None:
    built = extract.build(micro, COLUMNS, fmt, 4)
    header, rows = _parse(built)
    assert header == COLUMNS and built.removed == []
    assert built.rows == len(rows) == len(ROWS)
    assert [r["NIK"] for r in rows] == [row[0] for row in ROWS]
    assert [r["No HP"] for r in rows] == [row[3] for row in ROWS]
    assert built.detected == IDENTIFYING  # shown, not removed


def test_chosen_variables_only_in_dataset_order(micro: dict[str, Any]) -> None:
    built = extract.build(micro, ["Umur", "Pekerjaan", "Umur"], "json", 3)
    assert json.loads(built.data) == [
        {"Pekerjaan": row[5], "Umur": row[6]} for row in ROWS]
    assert built.removed == [] and built.findings == []


def test_the_officer_removes_more_never_fewer(micro: dict[str, Any]) -> None:
    built = extract.build(micro, COLUMNS, "csv", 3, remove=["NIK", "Keterangan"])
    assert built.columns == ["Pekerjaan", "Umur"]
    assert built.removed == [*IDENTIFYING, "Keterangan"]
    at_4 = extract.build(micro, COLUMNS, "csv", 4, remove=["Alamat"])
    assert "Alamat" not in at_4.columns and "NIK" in at_4.columns


def test_nothing_left_is_refused(micro: dict[str, Any]) -> None:
    with pytest.raises(extract.NothingLeft):
        extract.build(micro, ["NIK", "Nama"], "csv", 3)


def test_large_tables_are_read_in_pages(micro: dict[str, Any],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(variables, "PAGE_SIZE", 2)
    built = extract.build(micro, ["NIK", "Umur"], "csv", 4)
    _header, rows = _parse(built)
    assert built.rows == len(ROWS)
    assert [r["NIK"] for r in rows] == [row[0] for row in ROWS]


# ---------------------------------------------------------------- injection


def test_csv_cells_never_become_formulas(micro: dict[str, Any]) -> None:
    built = extract.build(micro, ["Keterangan", "Umur"], "csv", 3)
    _header, rows = _parse(built)
    cells = [r["Keterangan"] for r in rows]
    assert cells[:4] == ["'" + value for value in FORMULAS]
    assert cells[4] == "biasa"


def test_xlsx_cells_stay_text(micro: dict[str, Any]) -> None:
    built = extract.build(micro, ["Keterangan", "Umur"], "xlsx", 3)
    sheet = openpyxl.load_workbook(io.BytesIO(built.data))["Data"]
    assert [c.value for c in next(sheet.iter_rows())] == ["Umur", "Keterangan"]
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells[:4]] == list(FORMULAS)
    assert all(c.data_type == "s" for c in cells)
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [
        row[6] for row in ROWS]


# ---------------------------------------------------------------- other sources


CSV_UPLOAD = (
    b"Data penerima bantuan 2024\n"
    b"No KK;Nama Kepala Keluarga;Email;Desa;Jumlah Anggota\n"
    b"3374010101900011;Budi Santoso;budi.santoso@gmail.com;Tugu;4\n"
    b"3374024512850012;Siti Aminah;siti.aminah@yahoo.co.id;Mijen;-3\n"
    b"\n"
    b"3374031506920013;Agus Wibowo;agus.w@gmail.com;Ngaliyan;2\n"
)


def test_an_uploaded_csv_is_a_source(create_with_upload: Any) -> None:
    dataset = _dataset("penerima-bantuan")
    create_with_upload(CSV_UPLOAD, "penerima.csv", package_id=dataset["id"],
                       name="Penerima", context=_site())
    shown = _show(dataset["id"])
    found = extract.variables(shown)
    assert [v.name for v in found] == [
        "No KK", "Nama Kepala Keluarga", "Email", "Desa", "Jumlah Anggota"]
    assert {v.source for v in found} == {"resource"}
    detected = extract.detect(shown, [v.name for v in found])
    assert set(detected.identifying) == {"No KK", "Nama Kepala Keluarga", "Email"}
    for fmt in extract.FORMATS:
        built = extract.build(shown, [v.name for v in found], fmt, 3)
        header, rows = _parse(built)
        assert header == ["Desa", "Jumlah Anggota"], fmt
        assert built.rows == 3 == len(rows)  # the blank line is no row
        assert [r["Jumlah Anggota"] for r in rows] == ["4", "-3", "2"]
        assert "gmail" not in built.data.decode("utf-8", errors="replace")


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Daftar pasien 2024"])  # a title line above the table
    sheet.append([])
    sheet.append(["NIK", "Tanggal Lahir", "Puskesmas", "Kunjungan"])
    sheet.append(["3374010101900021", dt.datetime(1990, 1, 1), "Tugu", 3])
    sheet.append(["3374024512850022", dt.datetime(1985, 12, 5), "Mijen", 1])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_uploaded_xlsx_is_a_source(create_with_upload: Any) -> None:
    dataset = _dataset("pasien")
    create_with_upload(_workbook(), "pasien.xlsx", package_id=dataset["id"],
                       context=_site())
    shown = _show(dataset["id"])
    names = [v.name for v in extract.variables(shown)]
    assert names == ["NIK", "Tanggal Lahir", "Puskesmas", "Kunjungan"]
    level_3 = extract.build(shown, names, "xlsx", "3")  # level_akses is text
    header, rows = _parse(level_3)
    assert header == ["Puskesmas", "Kunjungan"] and level_3.rows == 2
    assert rows == [{"Puskesmas": "Tugu", "Kunjungan": "3"},
                    {"Puskesmas": "Mijen", "Kunjungan": "1"}]
    level_4 = json.loads(extract.build(shown, names, "json", 4).data)
    assert level_4[0]["Tanggal Lahir"] == "1990-01-01T00:00:00"
    assert level_4[1]["NIK"] == "3374024512850022"


def test_an_uploaded_file_that_is_no_table_is_refused(
        create_with_upload: Any) -> None:
    dataset = _dataset("rusak")
    create_with_upload(b"PK\x03\x04 not a workbook", "rusak.xlsx",
                       package_id=dataset["id"], context=_site())
    with pytest.raises(extract.UnreadableSource):
        extract.variables(_show(dataset["id"]))


def test_published_indicator_values_are_a_source(people: dict[str, Any]) -> None:
    from tests.indicators.support import KECAMATAN
    from tests.workflow.support import VALUES, to_state

    to_state(people, "published")
    shown = _show(people["dataset"]["id"])
    found = {v.name: v for v in extract.variables(shown)}
    assert list(found) == ["periode", "periode_label", "kode_wilayah",
                           "nama_wilayah", "perempuan", "laki_laki", "rasio"]
    assert found["perempuan"].source == "indicator"
    assert found["perempuan"].label == "Perempuan (Orang)"
    assert found["kode_wilayah"].key and not found["perempuan"].key
    built = extract.build(shown, ["perempuan"], "json", 2)
    records = json.loads(built.data)
    assert built.columns == ["periode", "periode_label", "kode_wilayah",
                             "nama_wilayah", "perempuan"]
    assert built.rows == len(records) == len(KECAMATAN)
    assert {r["kode_wilayah"]: r["perempuan"] for r in records} == {
        code: cells["perempuan"] for code, cells in VALUES.items()}
    assert {r["periode"] for r in records} == {"2024-S1"}
    assert extract.build(shown, ["perempuan"], "csv", 3).removed == []


# ---------------------------------------------------------------- refusals


def test_unknown_variable_format_and_level_are_refused(micro: dict[str, Any]) -> None:
    with pytest.raises(extract.UnknownVariable) as error:
        extract.build(micro, ["NIK", "Gaji"], "csv", 4)
    assert error.value.params == {"name": "Gaji"}
    assert "Gaji" in str(error.value)
    with pytest.raises(extract.UnknownVariable):
        extract.build(micro, ["Umur"], "csv", 3, remove=["Gaji"])
    with pytest.raises(extract.UnknownVariable):
        extract.detect(micro, ["_id"])
    with pytest.raises(extract.UnknownFormat) as bad_format:
        extract.build(micro, ["Umur"], "pdf", 4)
    assert isinstance(bad_format.value, ValueError)
    with pytest.raises(extract.UnknownLevel):
        extract.build(micro, ["Umur"], "csv", 5)
    with pytest.raises(extract.NoVariable):
        extract.build(micro, [], "csv", 4)


def test_a_dataset_without_a_table_is_refused() -> None:
    dataset = _dataset("tanpa-data")
    factories.Resource(package_id=dataset["id"], url="https://example.org/a.csv",
                       format="CSV")
    with pytest.raises(extract.NoDataSource) as error:
        extract.variables(_show(dataset["id"]))
    assert error.value.msgid.startswith("The dataset has no table")


def test_an_error_is_shown_in_the_page_language(app: Any) -> None:
    with app.flask_app.test_request_context():
        shown = extract.UnknownVariable(name="Gaji").message()
    assert "Gaji" in shown
