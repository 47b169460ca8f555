"""Imports through the HTTP API (multipart POST of ``upload``): the xlsx
template filled in, CSV files, broken files refused whole, files that are
not spreadsheets or too large, and large files imported by a background
job."""

from __future__ import annotations

import codecs
import io
import json
from typing import Any

import openpyxl
import pytest
import rq
from ckan import model
from ckan.lib import jobs

from ckanext.satudata.indicators import entry, template

from .support import KECAMATAN, history_of, submission_of, table_state

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins", "structured")

PERIOD = "2024-S1"
ACTION = "satudata_submission_import"


def _template(opd: dict[str, Any], period: str = PERIOD) -> openpyxl.Workbook:
    """The dataset's xlsx template, as the portal builds it, opened."""
    grid = entry.grid_for(model.Package.get(opd["dataset"]["id"]), period)
    content = template.build_template(grid, {})
    return openpyxl.load_workbook(io.BytesIO(content))


def _fill(workbook: openpyxl.Workbook, values: dict[str, dict[str, Any]]) -> bytes:
    """``values`` typed into the template's rows (found by their code)."""
    sheet = workbook[template.SHEET]
    columns = {
        sheet.cell(template.CODE_ROW, column).value: column
        for column in range(1, sheet.max_column + 1)
    }
    for number in range(template.FIRST_DATA_ROW, sheet.max_row + 1):
        code = sheet.cell(number, 1).value
        for component, value in values.get(code, {}).items():
            sheet.cell(number, columns[component]).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_row(code: str) -> int:
    return template.FIRST_DATA_ROW + list(KECAMATAN).index(code)


def _complete() -> dict[str, dict[str, Any]]:
    """A value for every required cell, and some percentages."""
    values: dict[str, dict[str, Any]] = {}
    for number, code in enumerate(KECAMATAN, start=1):
        values[code] = {"perempuan": 10000 + number, "laki_laki": 9000 + number}
        if number % 2:
            values[code]["rasio"] = 95 + number / 4
    return values


def _data(opd: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": opd["dataset"]["id"], "period": PERIOD, **extra}


def _draft(opd: dict[str, Any], api: Any) -> tuple[str, int]:
    """Save a draft first; the JSON of its show and its history length."""
    api.call("satudata_submission_save", opd["operator"], **_data(opd), values={
        "33.74.01": {"perempuan": 77, "laki_laki": 66},
        "33.74.02": {"rasio": "2,5"},
    }, kode_referensi="DS-1")
    shown = json.dumps(submission_of(opd, PERIOD), sort_keys=True)
    return shown, len(history_of(opd, PERIOD))


def test_filled_template_is_stored_exactly(opd, api):
    values = _complete()
    values["33.74.03"]["rasio"] = "12,5"  # typed as text with a decimal comma
    content = _fill(_template(opd), values)
    result = api.upload(ACTION, opd["operator"], content, "isian penduduk.xlsx",
                        **_data(opd))["result"]
    assert result["status"] == "done"
    assert result["format"] == "xlsx"
    assert result["filename"] == "isian penduduk.xlsx"
    assert result["rows_read"] == result["rows_accepted"] == 16
    assert result["errors"] == []
    expected = {code: dict(cells) for code, cells in values.items()}
    expected["33.74.03"]["rasio"] = 12.5
    shown = submission_of(opd, PERIOD)
    assert shown["values"] == expected
    assert shown["missing_required"] == []
    assert type(shown["values"]["33.74.01"]["perempuan"]) is int
    history = history_of(opd, PERIOD)
    assert len(history) == 1
    assert history[0]["source"] == "excel"
    assert history[0]["user"] == "operator"
    assert len(history[0]["changes"]) == sum(len(c) for c in values.values())


def test_reimporting_a_downloaded_template_changes_nothing(opd, api):
    content = _fill(_template(opd), _complete())
    api.upload(ACTION, opd["operator"], content, "isian.xlsx", **_data(opd))
    grid = entry.grid_for(model.Package.get(opd["dataset"]["id"]), PERIOD)
    downloaded = template.build_template(grid, submission_of(opd, PERIOD)["values"])
    before = submission_of(opd, PERIOD)
    result = api.upload(ACTION, opd["operator"], downloaded, "isian.xlsx",
                        **_data(opd))["result"]
    assert result["status"] == "done"
    assert submission_of(opd, PERIOD) == before
    assert len(history_of(opd, PERIOD)) == 1


def test_csv_with_bom_and_semicolons(opd, api):
    text = (
        "kode;nama;perempuan;laki_laki;rasio\r\n"
        "33.74.01;Semarang Tengah;10.518;9.870;3,5\r\n"
        "33.74.16;Tugu;\"1.204\";1198;\r\n"
    )
    content = codecs.BOM_UTF8 + text.encode("utf-8")
    result = api.upload(ACTION, opd["verifikator"], content, "isian.csv",
                        **_data(opd))["result"]
    assert result["status"] == "done"
    assert result["format"] == "csv"
    assert result["rows_read"] == 2
    assert submission_of(opd, PERIOD)["values"] == {
        "33.74.01": {"perempuan": 10518, "laki_laki": 9870, "rasio": 3.5},
        "33.74.16": {"perempuan": 1204, "laki_laki": 1198},
    }
    history = history_of(opd, PERIOD)
    assert [(h["source"], h["user"]) for h in history] == [("csv", "verifikator")]


def test_an_imported_row_replaces_its_cells(opd, api):
    _draft(opd, api)
    content = b"kode,nama,perempuan,laki_laki,rasio\n33.74.02,x,5,6,\n"
    api.upload(ACTION, opd["operator"], content, "isian.csv", **_data(opd))
    values = submission_of(opd, PERIOD)["values"]
    # the file's empty rasio cleared 33.74.02's; 33.74.01 was not in the file
    assert values == {"33.74.01": {"perempuan": 77, "laki_laki": 66},
                      "33.74.02": {"perempuan": 5, "laki_laki": 6}}
    assert submission_of(opd, PERIOD)["kode_referensi"] == "DS-1"


def _wrong_type(opd: dict[str, Any]) -> bytes:
    values = _complete()
    values["33.74.03"]["perempuan"] = "sepuluh ribu"
    return _fill(_template(opd), values)


def _formula(opd: dict[str, Any]) -> bytes:
    values = _complete()
    values["33.74.03"]["perempuan"] = "=C7+1"
    return _fill(_template(opd), values)


def _required_missing(opd: dict[str, Any]) -> bytes:
    values = _complete()
    del values["33.74.03"]["perempuan"]
    return _fill(_template(opd), values)


def _other_period(opd: dict[str, Any]) -> bytes:
    return _fill(_template(opd, "2024-S2"), _complete())


BROKEN = {
    # name: (file, row, column, words of the message)
    "wrong type": (_wrong_type, _sheet_row("33.74.03"), "Perempuan", "sepuluh ribu"),
    "formula": (_formula, _sheet_row("33.74.03"), "Perempuan", ""),
    "required value missing": (_required_missing, _sheet_row("33.74.03"),
                               "Perempuan", ""),
    "template of another period": (_other_period, None, None, "2024 Semester 2"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_refused_whole(opd, api, case):
    make, row, column, words = BROKEN[case]
    content = make(opd)
    show_before, history_before = _draft(opd, api)
    submissions_before = table_state()["satudata_submission"]
    body = api.upload(ACTION, opd["operator"], content, "isian.xlsx", status=409,
                      **_data(opd))
    error = body["error"]
    assert error["__type"] == "Validation Error"
    assert error["upload"][0].strip()
    report = error["report"]
    assert report["status"] == "failed"
    assert report["rows_accepted"] == 0
    assert len(report["errors"]) == 1
    issue = report["errors"][0]
    assert (issue["row"], issue["column"]) == (row, column)
    assert issue["message"].strip()
    assert words in issue["message"]
    if row is not None:
        assert issue["cell"] == f"C{row}"
    assert json.dumps(submission_of(opd, PERIOD), sort_keys=True) == show_before
    assert len(history_of(opd, PERIOD)) == history_before
    assert table_state()["satudata_submission"] == submissions_before
    # the failed import is on record with its report
    found = api.call("satudata_import_show", opd["operator"], id=report["id"])
    assert found["result"]["status"] == "failed"
    assert found["result"]["errors"] == report["errors"]


def test_a_broken_csv_lists_every_error(opd, api):
    show_before, history_before = _draft(opd, api)
    content = (
        b"kode,nama,perempuan,laki_laki,rasio\n"
        b"33.74.01,Semarang Tengah,10.518,banyak,\n"
        b"33.74.99,Tidak ada,1,1,\n"
        b"33.74.02,Semarang Utara,3,4,5%%\n"
    )
    body = api.upload(ACTION, opd["operator"], content, "isian.csv", status=409,
                      **_data(opd))
    errors = body["error"]["report"]["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (2, "Laki-laki"), (3, "Kode"), (4, "Rasio jenis kelamin"),
    ]
    assert "banyak" in errors[0]["message"]
    assert "33.74.99" in errors[1]["message"]
    assert all(e["cell"] is None for e in errors)
    assert json.dumps(submission_of(opd, PERIOD), sort_keys=True) == show_before
    assert len(history_of(opd, PERIOD)) == history_before


@pytest.mark.parametrize(("content", "filename"), [
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 8, "isian.xlsx"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 8, "isian.csv"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "laporan.xlsx"),
    (b"\x00\x01\x02binary\x00", "isian.csv"),
    (b"", "kosong.csv"),
])
def test_a_file_that_is_no_spreadsheet_is_refused(opd, api, content, filename):
    before = table_state()
    body = api.upload(ACTION, opd["operator"], content, filename, status=409,
                      **_data(opd))
    assert set(body["error"]) == {"__type", "upload"}
    assert body["error"]["upload"][0].strip()
    assert table_state() == before


@pytest.mark.ckan_config("ckanext.satudata.import_max_bytes", "2000")
def test_a_file_over_the_limit_is_refused(opd, api):
    line = "33.74.01,Semarang Tengah,1,1,\n"
    content = ("kode,nama,perempuan,laki_laki,rasio\n" + line * 80).encode()
    assert len(content) > 2000
    before = table_state()
    body = api.upload(ACTION, opd["operator"], content, "besar.csv", status=409,
                      **_data(opd))
    assert set(body["error"]) == {"__type", "upload"}
    assert body["error"]["upload"][0].strip()
    assert table_state() == before
    # a file within the limit goes through
    small = ("kode,nama,perempuan,laki_laki,rasio\n" + line).encode()
    api.upload(ACTION, opd["operator"], small, "kecil.csv", **_data(opd))
    assert submission_of(opd, PERIOD)["values"] == {
        "33.74.01": {"perempuan": 1, "laki_laki": 1}
    }


def test_an_upload_is_required(opd, api):
    body = api.call(ACTION, opd["operator"], status=409, **_data(opd))
    assert "upload" in body["error"]


def _work_off_the_queue() -> None:
    """Run the queued jobs of the ``satudata`` queue here and now."""
    queue = jobs.get_queue("satudata")
    assert queue.count == 1
    worker = rq.SimpleWorker([queue], connection=queue.connection)
    worker.work(burst=True)
    assert queue.count == 0


@pytest.mark.usefixtures("clean_redis")
@pytest.mark.ckan_config("ckanext.satudata.import_background_bytes", "100")
def test_a_large_file_is_imported_in_the_background(opd, api):
    content = _fill(_template(opd), _complete())
    queued = api.upload(ACTION, opd["operator"], content, "isian.xlsx",
                        **_data(opd))["result"]
    assert queued["status"] == "queued"
    assert queued["done"] == 0
    assert submission_of(opd, PERIOD)["values"] == {}
    shown = api.call("satudata_import_show", opd["operator"], id=queued["id"])
    assert shown["result"]["status"] == "queued"
    _work_off_the_queue()
    done = api.call("satudata_import_show", opd["operator"],
                    id=queued["id"])["result"]
    assert done["status"] == "done"
    assert done["rows_read"] == done["rows_accepted"] == 16
    assert done["done"] == done["total"] == 16
    assert done["errors"] == []
    assert done["finished"]
    assert submission_of(opd, PERIOD)["values"] == _complete()
    history = history_of(opd, PERIOD)
    assert [(h["source"], h["user"]) for h in history] == [("excel", "operator")]
    # only operators of the OPD (and walidata) follow the import
    api.call("satudata_import_show", opd["member"], status=403, id=queued["id"])


@pytest.mark.usefixtures("clean_redis")
@pytest.mark.ckan_config("ckanext.satudata.import_background_bytes", "100")
def test_a_broken_large_file_fails_in_the_background(opd, api):
    show_before, history_before = _draft(opd, api)
    queued = api.upload(ACTION, opd["operator"], _wrong_type(opd), "isian.xlsx",
                        **_data(opd))["result"]
    assert queued["status"] == "queued"
    _work_off_the_queue()
    failed = api.call("satudata_import_show", opd["operator"],
                      id=queued["id"])["result"]
    assert failed["status"] == "failed"
    assert [(e["row"], e["column"]) for e in failed["errors"]] == [
        (_sheet_row("33.74.03"), "Perempuan"),
    ]
    assert json.dumps(submission_of(opd, PERIOD), sort_keys=True) == show_before
    assert len(history_of(opd, PERIOD)) == history_before


@pytest.mark.usefixtures("clean_redis")
@pytest.mark.ckan_config("ckanext.satudata.import_background_bytes", "100")
def test_a_background_import_does_not_overwrite_a_later_save(opd, api):
    """The file was uploaded at one revision; someone saves the period
    before the job runs: the import fails and their values stay."""
    content = _fill(_template(opd), _complete())
    queued = api.upload(ACTION, opd["operator"], content, "isian.xlsx",
                        **_data(opd))["result"]
    assert queued["status"] == "queued"
    show_before, history_before = _draft(opd, api)
    _work_off_the_queue()
    failed = api.call("satudata_import_show", opd["operator"],
                      id=queued["id"])["result"]
    assert failed["status"] == "failed"
    assert failed["rows_accepted"] == 0
    [error] = failed["errors"]
    assert "2024 Semester 1" in error["message"]
    assert "(revisi 1, revisi berkas 0)" in error["message"]
    assert json.dumps(submission_of(opd, PERIOD), sort_keys=True) == show_before
    assert len(history_of(opd, PERIOD)) == history_before


def test_an_import_against_an_old_revision_is_refused(opd, api):
    show_before, history_before = _draft(opd, api)
    content = _fill(_template(opd), _complete())
    refused = api.upload(ACTION, opd["operator"], content, "isian.xlsx",
                         status=409, **_data(opd, revision=0))["error"]
    [error] = refused["report"]["errors"]
    assert "(revisi 1, revisi berkas 0)" in error["message"]
    assert json.dumps(submission_of(opd, PERIOD), sort_keys=True) == show_before
    assert len(history_of(opd, PERIOD)) == history_before
    # at the current revision it goes through
    done = api.upload(ACTION, opd["operator"], content, "isian.xlsx",
                      **_data(opd, revision=1))["result"]
    assert done["status"] == "done"
    assert submission_of(opd, PERIOD)["values"] == _complete()


@pytest.mark.parametrize("revision", ["abc", -1, 10**12])
def test_an_impossible_revision_is_a_field_error(opd, api, revision):
    show_before, history_before = _draft(opd, api)
    content = _fill(_template(opd), _complete())
    refused = api.upload(ACTION, opd["operator"], content, "isian.xlsx",
                         status=409, **_data(opd, revision=revision))["error"]
    assert set(refused) == {"__type", "revision"}
    assert json.dumps(submission_of(opd, PERIOD), sort_keys=True) == show_before
    assert len(history_of(opd, PERIOD)) == history_before
