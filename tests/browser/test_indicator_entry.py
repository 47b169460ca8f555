"""An OPD operator fills a due period: from the dashboard's "Belum diisi"
tab to the entry grid, typing Indonesian numbers with the keyboard, saving
the draft; then the same period through the Excel template: downloaded,
filled, uploaded, and the report and the grid show the imported values."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.testing import sdi_fields

from .support import PASSWORD, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]

STRUCTURE = {
    "components": [
        {"code": "perempuan", "name": "Perempuan", "unit": "Orang",
         "type": "integer", "required": True},
        {"code": "laki_laki", "name": "Laki-laki", "unit": "Orang",
         "type": "integer", "required": True},
    ],
    "breakdown": {"type": "category", "categories": [
        {"code": "utara", "name": "Wilayah Utara"},
        {"code": "selatan", "name": "Wilayah Selatan"},
    ]},
    "granularity": "tahunan",
    "first_period": "2024",
}


@pytest.fixture
def operator() -> str:
    user = factories.User(name="operator-disdukcapil", password=PASSWORD)
    organization = factories.Organization(
        name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil",
        users=[{"name": user["name"], "capacity": "editor"}],
    )
    factories.Dataset(name="penduduk-wilayah", title="Jumlah Penduduk per Wilayah",
                      owner_org=organization["id"], **sdi_fields())
    helpers.call_action("satudata_structure_update", {"user": user["name"]},
                        id="penduduk-wilayah", **STRUCTURE)
    return user["name"]


def _show(user: str) -> dict:
    return helpers.call_action("satudata_submission_show", {"user": user},
                               id="penduduk-wilayah", period="2024")


def test_operator_fills_a_due_period_by_form_and_by_excel(
    live_portal, page, operator, tmp_path: Path
):
    log_in(page, live_portal, operator)
    page.goto(live_portal + "/dashboard/isian")
    page.get_by_role("link", name="Jumlah Penduduk per Wilayah").first.click()
    page.wait_for_url("**/dataset/penduduk-wilayah/isian/2024")
    # the grid's keys are live only once its module has started: before
    # that, Enter submits the form like any other
    page.wait_for_selector("form[data-grid-ready]")

    # keyboard only: Tab along the row, Enter down the column, Ctrl+Enter saves
    first = page.locator('input[name="v|utara|perempuan"]')
    first.focus()
    page.keyboard.type("10.518")
    page.keyboard.press("Tab")
    page.keyboard.type("10.211")
    page.keyboard.press("Enter")  # next row, same column
    focused = page.evaluate("document.activeElement.name")
    assert focused == "v|selatan|laki_laki"
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    assert "Draf disimpan" in page.content()
    assert page.locator('input[name="v|utara|perempuan"]').input_value() == "10518"
    assert _show(operator)["values"] == {"utara": {"perempuan": 10518,
                                                   "laki_laki": 10211}}

    # the Excel round trip
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh templat Excel").click()
    template = tmp_path / "template.xlsx"
    download_info.value.save_as(template)
    workbook = openpyxl.load_workbook(template)
    sheet = workbook["Isian"]
    cells = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value in ("utara", "selatan"):
                cells[cell.value] = cell.row
    header = next(
        r for r in sheet.iter_rows() if any(c.value == "perempuan" for c in r)
    )
    column = {c.value: c.column for c in header if c.value}
    sheet.cell(cells["selatan"], column["perempuan"], 8000)
    sheet.cell(cells["selatan"], column["laki_laki"], 7900)
    workbook.save(template)

    page.set_input_files("#upload", str(template))
    page.get_by_role("button", name="Impor").click()
    page.wait_for_selector(".satudata-import-report[data-status=done]")
    page.get_by_role("link", name="Kembali ke formulir").click()
    assert page.locator('input[name="v|selatan|laki_laki"]').input_value() == "7900"
    assert _show(operator)["values"]["selatan"] == {"perempuan": 8000,
                                                    "laki_laki": 7900}
