"""The whole verification workflow as the people involved click through
it: the operator fills and submits, the verifikator returns it with a
note, the operator sees the note next to the cell, fixes and resubmits,
the verifikator verifies, walidata publishes, and the public dataset page
shows the table and the chart."""

from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.testing import sdi_fields

from .support import PASSWORD, log_in
from .test_indicator_entry import STRUCTURE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("with_plugins", "clean_datastore", "clean_index"),
]

ENTRY = "/dataset/penduduk-wilayah/isian/2024"


@pytest.fixture
def opd() -> None:
    for name in ("operator", "verifikator", "walidata"):
        factories.User(name=name, password=PASSWORD)
    factories.Organization(name="diskominfo", users=[
        {"name": "walidata", "capacity": "editor"},
    ])
    organization = factories.Organization(
        name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil",
        users=[{"name": "operator", "capacity": "editor"},
               {"name": "verifikator", "capacity": "admin"}],
    )
    factories.Dataset(name="penduduk-wilayah", title="Jumlah Penduduk per Wilayah",
                      owner_org=organization["id"], **sdi_fields())
    helpers.call_action("satudata_structure_update", {"user": "operator"},
                        id="penduduk-wilayah", **STRUCTURE)


def _state() -> str:
    return helpers.call_action("satudata_submission_show", {"user": "operator"},
                               id="penduduk-wilayah", period="2024")["state"]


def _log_out(page, portal: str) -> None:
    page.context.clear_cookies()
    page.goto(portal + "/")


def test_operator_verifikator_walidata_publish(live_portal, page, opd) -> None:
    # the operator fills the grid and sends it
    log_in(page, live_portal, "operator")
    page.goto(live_portal + ENTRY)
    page.fill("#cell-0-0", "10.518")
    page.fill("#cell-0-1", "10.102")
    page.fill("#cell-1-0", "8.004")
    page.fill("#cell-1-1", "99999")  # a typing error
    page.get_by_role("button", name="Simpan draf").click()
    page.get_by_role("button", name="Kirim ke verifikator").click()
    page.wait_for_selector(".alert-success")
    assert _state() == "submitted"
    _log_out(page, live_portal)

    # the verifikator returns it with a note on the wrong cell
    log_in(page, live_portal, "verifikator")
    page.goto(live_portal + ENTRY)
    page.get_by_role("link", name="Kembalikan untuk perbaikan").click()
    page.fill("#note", "Laki-laki Wilayah Selatan tidak wajar.")
    page.fill("input[name='n|selatan|laki_laki']", "Cek lagi: 99.999?")
    page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    page.wait_for_selector(".alert-success")
    assert _state() == "returned"
    _log_out(page, live_portal)

    # the operator sees the note next to the cell, fixes it and resubmits
    log_in(page, live_portal, "operator")
    page.goto(live_portal + "/dashboard/verifikasi")
    page.locator("#queue-operator ~ div a", has_text="Jumlah Penduduk").click()
    assert "tidak wajar" in page.locator(".satudata-return-note").inner_text()
    assert page.locator("#note-1-1").inner_text().strip() == "Cek lagi: 99.999?"
    page.fill("#cell-1-1", "7.980")
    page.get_by_role("button", name="Simpan draf").click()
    page.get_by_role("button", name="Kirim ke verifikator").click()
    page.wait_for_selector(".alert-success")
    assert _state() == "submitted"
    _log_out(page, live_portal)

    # the verifikator verifies, walidata publishes
    log_in(page, live_portal, "verifikator")
    page.goto(live_portal + ENTRY)
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_selector(".alert-success")
    assert _state() == "verified"
    _log_out(page, live_portal)
    log_in(page, live_portal, "walidata")
    page.goto(live_portal + "/dashboard/verifikasi")
    page.locator("#queue-walidata ~ div a", has_text="Jumlah Penduduk").click()
    page.get_by_role("button", name="Terbitkan").click()
    page.wait_for_selector(".alert-success")
    assert _state() == "published"
    _log_out(page, live_portal)

    # the public dataset page shows the table and the chart
    page.goto(live_portal + "/dataset/penduduk-wilayah")
    section = page.locator("#komponen-data")
    assert "7.980" in section.locator("table").inner_text()
    chart = section.locator("svg[role=img]").first
    assert chart.is_visible()
    assert chart.bounding_box()["width"] > 200
