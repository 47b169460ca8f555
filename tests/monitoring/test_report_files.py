"""The periodic report's files against the hand-made fixture of
:mod:`.support` (window 2024 seen on 10 March 2025): the PDF opens and
holds the Excel file's tables in the same order, the figures and the
achievement of the configured target are right, finalising issues a
numbered PDF from the same snapshot and freezes the report."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from ckan.tests import helpers
from flask_babel import force_locale

from ckanext.satudata import mail
from ckanext.satudata.monitoring import window
from ckanext.satudata.monitoring.report import service, tables
from tests.indicators.support import as_user
from tests.monitoring.report_support import (
    assert_same_tables,
    file_bytes,
    pdf_text,
    report_rows,
    stored_files,
    workbook_tables,
)
from tests.monitoring.support import TODAY, build

pytestmark = [
    pytest.mark.usefixtures("with_plugins", "clean_datastore"),
    pytest.mark.ckan_config("ckanext.satudata.monitoring.cache_seconds", "0"),
]

YEAR = window.parse("2024")


def _generated(walidata: dict[str, Any]) -> dict[str, Any]:
    """A draft of 2024 generated with the figures of 10 March 2025."""
    assert YEAR is not None
    created = service.create(YEAR, walidata["name"])
    service.generate(created["id"], today=TODAY)
    return helpers.call_action("satudata_monitoring_report_show",
                               as_user(walidata), id=created["id"])


def _table(report: dict[str, Any], key: str) -> dict[str, Any]:
    return next(table for table in report["tables"] if table["key"] == key)


def _indonesian(msgid: str) -> str:
    with mail.template_context(), force_locale("id"):
        import ckan.plugins.toolkit as tk

        return tk._(msgid)


@pytest.mark.ckan_config("ckanext.satudata.monitoring.target_fill_rate", "80")
def test_pdf_and_excel_hold_the_same_tables_then_finalised() -> None:
    found = build()
    walidata = found["walidata"]
    report = _generated(walidata)
    assert report["status"] == "draft" and report["job"]["status"] == "done"
    assert report["pdf"]["name"] == "laporan-pemantauan-2024-draf.pdf"
    assert report["xlsx"]["name"] == "laporan-pemantauan-2024-draf.xlsx"
    pdf, workbook = file_bytes(report, "pdf"), file_bytes(report, "xlsx")
    assert assert_same_tables(pdf, workbook) > 40
    # the Excel file's tables are the report's tables (one sheet each)
    assert [sheet[0][0] for sheet in workbook_tables(workbook)] == [
        table["title"] for table in report["tables"]]
    _pages, text = pdf_text(pdf)
    assert "1/SD/" not in text and "/verifikasi" not in text  # a draft: no number
    # the figures of the fixture (tests/monitoring/support.py)
    achievement = _table(report, "achievement")
    rows = {row[1]: row for row in achievement["rows"]}
    assert rows["Disdukcapil"][3:8] == [2, 2, 100.0, 80, 20.0]
    assert rows["Dinkes"][3:8] == [2, 1, 50.0, 80, -30.0]
    assert achievement["rows"][-1][3:8] == [4, 3, 75.0, 80, -5.0]
    assert [row[-1] for row in achievement["rows"]] == [
        _indonesian(tables.ACHIEVEMENT_LABELS[status])
        for status in (tables.MET, tables.NOT_MET, tables.NOT_MET)]
    problems = _table(report, "problems")["rows"]
    assert [(row[1], row[3], row[7]) for row in problems] == [
        ("Dinkes", "2024 Semester 1", 4), ("Dinkes", "2024 Semester 2", 27),
        ("Disdukcapil", "2024 Semester 2", 27)]
    returned = _table(report, "most_returned")["rows"]
    assert [(row[2], row[3], row[4]) for row in returned] == [("Disdukcapil", 1, 1)]
    quality = {row[0]: row for row in _table(report, "quality")["rows"]}
    assert quality["Disdukcapil"][1:3] == [1, 1]  # returns, cell notes
    assert report["figures"]["today"] == TODAY.isoformat()
    assert report["target_percent"] == 80
    # finalising issues the PDF from the same snapshot
    draft_files = (report["pdf"]["id"], report["xlsx"]["id"])
    helpers.call_action("satudata_monitoring_report_update", as_user(walidata),
                        id=report["id"], rencana="Rapat Forum Satu Data, Mei 2025.",
                        rekomendasi='=HYPERLINK("x")\nLatih operator.')
    helpers.call_action("satudata_monitoring_report_finalise", as_user(walidata),
                        id=report["id"])
    final = helpers.call_action("satudata_monitoring_report_show",
                                as_user(walidata), id=report["id"])
    assert final["status"] == "final" and final["finalised"]
    assert final["number"] and final["number"].startswith("1/SD/")
    assert final["figures"] == report["figures"]  # the draft's snapshot, kept
    assert final["tables"] == report["tables"]
    assert not {final["pdf"]["id"], final["xlsx"]["id"]} & set(draft_files)
    assert not set(draft_files) & set(stored_files())  # the draft's files removed
    pdf, workbook = file_bytes(final, "pdf"), file_bytes(final, "xlsx")
    assert_same_tables(pdf, workbook)
    _pages, text = pdf_text(pdf)
    assert final["number"] in text and final["verification_url"] in text
    assert "Latih operator." in text and "Rapat Forum Satu Data, Mei 2025." in text
    # the texts are on the cover sheet, a formula-like text stays text
    cover = openpyxl.load_workbook(io.BytesIO(workbook)).worksheets[0]
    cells = [cell for row in cover.iter_rows() for cell in row if cell.value]
    rekomendasi = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert rekomendasi.data_type == "s"
    assert any(c.value == final["number"] for c in cells)
    # frozen: nothing changes any more
    before = report_rows()
    for action, data in (
        ("satudata_monitoring_report_update", {"rekomendasi": "lain"}),
        ("satudata_monitoring_report_generate", {"background": False}),
        ("satudata_monitoring_report_finalise", {}),
        ("satudata_monitoring_report_delete", {}),
    ):
        with pytest.raises(helpers.logic.ValidationError) as error:
            helpers.call_action(action, as_user(walidata), id=report["id"], **data)
        assert "status" in error.value.error_dict
    assert report_rows() == before


@pytest.mark.ckan_config("ckanext.satudata.monitoring.target_fill_rate", "70")
def test_achievement_against_the_configured_target() -> None:
    found = build()
    report = _generated(found["walidata"])
    assert report["target_percent"] == 70
    achievement = _table(report, "achievement")
    total = achievement["rows"][-1]
    assert total[5:8] == [75.0, 70, 5.0]
    assert total[-1] == _indonesian(tables.ACHIEVEMENT_LABELS[tables.MET])
    summary = dict(_table(report, "summary")["rows"])
    with mail.template_context(), force_locale("id"):
        assert summary[_indonesian("Target fill rate (%)")] == 70
        assert summary[_indonesian("Achievement of the target")] == (
            tables.achievement_text(75.0, 70))
        assert summary[_indonesian("OPDs at or above the target")] == (
            _indonesian("{count} of {total}").format(count=1, total=2))
    assert "+5,0" in tables.achievement_text(75.0, 70)
    assert "-5,0" in tables.achievement_text(75.0, 80)
    assert tables.achievement(None, 70) == (tables.NONE, None)
