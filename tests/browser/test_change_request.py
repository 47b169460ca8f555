"""A change request as the people involved click through it: the operator
opens a published period, proposes a new value on the proposal page,
downloads the request document and uploads the signed PDF on the request
page; walidata finds it in the queue of the Perubahan Data dashboard and
approves it; a visitor sees "Direvisi" next to the period on the dataset
page and follows the link to the revision history, old and new value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ckan.tests import factories, helpers
from pypdf import PdfReader

from ckanext.satudata.testing import sdi_fields
from tests.changes.support import blank_pdf
from tests.indicators.support import POPULATION
from tests.workflow.support import VALUES, to_state

from .support import PASSWORD, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("with_plugins", "clean_datastore", "clean_index"),
]

DATASET = "penduduk-kecamatan"
PERIOD = "2024-S1"
ROW = "33.74.01"  # Semarang Tengah, the first row
OLD = VALUES[ROW]["perempuan"]  # 1000
NEW = OLD + 7
REASON = "Salah ketik pada rekap kecamatan"


@pytest.fixture
def published() -> dict[str, Any]:
    """An OPD (operator, verifikator), walidata, and a public dataset whose
    period 2024-S1 is published."""
    users = {name: factories.User(name=name, password=PASSWORD)
             for name in ("operator", "verifikator", "walidata")}
    factories.Organization(name="diskominfo", users=[
        {"name": "walidata", "capacity": "editor"},
    ])
    organization = factories.Organization(
        name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil",
        users=[{"name": "operator", "capacity": "editor"},
               {"name": "verifikator", "capacity": "admin"}],
    )
    dataset = factories.Dataset(
        name=DATASET, title="Jumlah Penduduk Menurut Jenis Kelamin",
        owner_org=organization["id"], **sdi_fields())
    helpers.call_action("satudata_structure_update", {"user": "operator"},
                        id=DATASET, **POPULATION)
    opd = {**users, "dataset": dataset}
    to_state(opd, "published", PERIOD)
    return opd


def _request() -> dict[str, Any]:
    found = helpers.call_action("satudata_change_request_list", {"user": "walidata"},
                                package=DATASET)
    assert found["count"] == 1
    return found["results"][0]


def _log_out(page) -> None:
    page.context.clear_cookies()


def test_propose_upload_approve_revision_history(
        live_portal, browser, page, published, tmp_path: Path) -> None:
    # the operator opens the published period and proposes a new value
    log_in(page, live_portal, "operator")
    page.goto(f"{live_portal}/dataset/{DATASET}/isian/{PERIOD}")
    page.locator(".satudata-change-entry a",
                 has_text="Ajukan perubahan data").click()
    page.wait_for_url(f"**/dataset/{DATASET}/perubahan/{PERIOD}")
    page.fill(f"input[name='value:{ROW}:perempuan']", f"{NEW:,}".replace(",", "."))
    page.fill(f"input[name='reason:{ROW}:perempuan']", REASON)
    page.locator("form.satudata-change-form button[type=submit]").click()
    page.wait_for_url("**/perubahan-data/*")
    request = _request()
    assert request["status"] == "waiting_upload"
    assert page.url.endswith(f"/perubahan-data/{request['id']}")
    cells = page.locator(".satudata-change-cells tbody tr")
    assert cells.count() == 1
    assert "Semarang Tengah" in cells.inner_text()

    # downloads the request document: the PDF names the old and new value
    with page.expect_download() as download:
        page.locator("a.satudata-request-document").click()
    letter = tmp_path / download.value.suggested_filename
    download.value.save_as(letter)
    assert letter.name.endswith(".pdf")
    text = "".join(p.extract_text() for p in PdfReader(letter).pages)
    assert REASON in text
    assert request["document"]["number"] in text
    assert "1.000" in text and "1.007" in text

    # uploads the signed document (a scanned, hand-signed one for the portal)
    signed = tmp_path / "permohonan-ttd.pdf"
    signed.write_bytes(blank_pdf(text="Permohonan perubahan data, ditandatangani"))
    page.set_input_files("#upload", str(signed))
    page.locator(".satudata-change-upload-approval button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    assert _request()["status"] == "waiting_approval"
    assert page.locator("a.satudata-approval-document").inner_text() \
        == "permohonan-ttd.pdf"
    _log_out(page)

    # walidata finds it in the queue of the Perubahan Data dashboard
    log_in(page, live_portal, "walidata")
    page.goto(f"{live_portal}/dashboard/perubahan-data")
    page.locator(".satudata-change-queue a", has_text="disdukcapil").click()
    page.locator(".satudata-change-report a",
                 has_text="Jumlah Penduduk Menurut Jenis Kelamin").click()
    page.wait_for_url(f"**/perubahan-data/{request['id']}")
    page.locator("form.satudata-change-approve button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    assert _request()["status"] == "done"
    assert "Selesai" in page.locator(".satudata-change-status").inner_text()

    # a visitor sees "Direvisi" next to the period and its revision history
    visitor = browser.new_context(locale="id-ID")
    try:
        public = visitor.new_page()
        public.set_default_timeout(15_000)
        public.goto(f"{live_portal}/dataset/{DATASET}")
        section = public.locator("#komponen-data")
        assert "1.007" in section.locator("table").inner_text()
        badge = section.locator(".satudata-revised")
        assert badge.inner_text().startswith("Direvisi")
        section.locator("a.satudata-revision-link").click()
        public.wait_for_url(f"**/dataset/{DATASET}/revisi?periode={PERIOD}")
        revision = public.locator(".satudata-revision")
        assert revision.count() == 1
        row = revision.locator("tbody tr")
        assert "Semarang Tengah" in row.inner_text()
        assert REASON in row.inner_text()
        assert row.locator(".satudata-old").inner_text() == "1.000"
        assert row.locator(".satudata-new").inner_text() == "1.007"
        assert request["document"]["number"] in revision.inner_text()
    finally:
        visitor.close()

