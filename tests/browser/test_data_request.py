"""A data request as the people involved click through it: a citizen
opens a dataset, chooses "Minta data", fills the form for their
institution with the Surat Pernyataan and the KAK (PDF); the walidata
find it on the Permohonan Data dashboard, accept it and forward it to the
OPD; the OPD's operator answers with a CSV file; the walidata deliver it;
the citizen downloads the data (the download is recorded) and uploads the
data balikan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ckan.tests import factories

from ckanext.satudata.datarequests import store
from ckanext.satudata.testing import sdi_fields
from tests.datarequests.support import CSV, blank_pdf

from .support import PASSWORD, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("with_plugins", "clean_db"),
]

DATASET = "penduduk-kecamatan"


@pytest.fixture
def portal_people() -> dict[str, Any]:
    users = {name: factories.User(name=name, password=PASSWORD,
                                  fullname=name.title())
             for name in ("pemohon", "operator", "walidata")}
    factories.Organization(name="diskominfo", users=[
        {"name": "walidata", "capacity": "editor"}])
    organization = factories.Organization(
        name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil",
        users=[{"name": "operator", "capacity": "editor"}])
    dataset = factories.Dataset(
        name=DATASET, title="Jumlah Penduduk Menurut Kecamatan",
        owner_org=organization["id"], **sdi_fields())
    return {**users, "dataset": dataset}


def _status(page) -> str:
    return page.locator(".satudata-datarequest-state .satudata-datarequest-status"
                        ).inner_text().strip()


def _log_out(page) -> None:
    page.context.clear_cookies()


def test_file_forward_answer_deliver_download_and_return_the_data(
        live_portal, page, portal_people, tmp_path: Path) -> None:
    pernyataan = tmp_path / "surat-pernyataan.pdf"
    pernyataan.write_bytes(blank_pdf())
    kak = tmp_path / "kak.pdf"
    kak.write_bytes(blank_pdf(2))
    answer = tmp_path / "penduduk-2024.csv"
    answer.write_bytes(CSV)
    laporan = tmp_path / "laporan-penelitian.pdf"
    laporan.write_bytes(blank_pdf(3))

    # the citizen asks for the dataset's data from its page
    log_in(page, live_portal, "pemohon")
    page.goto(f"{live_portal}/dataset/{DATASET}")
    page.locator("a.satudata-datarequest-dataset", has_text="Minta data").click()
    page.wait_for_url(f"**/permohonan-data/baru?dataset={DATASET}")
    chosen = page.locator("#datasets").evaluate(
        "select => Array.from(select.selectedOptions).map(o => o.value)")
    assert chosen == [DATASET]
    page.check("#requester_kind-instansi")
    page.fill("#institution", "Universitas Brawijaya")
    page.fill("#contact_phone", "0812-3456-7890")
    page.fill("#variables", "kecamatan, laki-laki, perempuan")
    page.fill("#period", "2020-2024")
    page.fill("#purpose", "Penelitian skripsi")
    page.set_input_files("#pernyataan", str(pernyataan))
    page.set_input_files("#kak", str(kak))
    page.locator("form.satudata-datarequest-form button[type=submit]").click()
    page.wait_for_url("**/permohonan-data/PD-*")
    number = page.url.rsplit("/", 1)[1]
    assert _status(page) == "Diajukan"
    assert number in page.locator(".alert-success").inner_text()
    _log_out(page)

    # the walidata accept it and forward it to the OPD
    log_in(page, live_portal, "walidata")
    page.goto(f"{live_portal}/dashboard/permohonan-data")
    page.locator("a.satudata-datarequest-number", has_text=number).click()
    page.wait_for_url(f"**/permohonan-data/{number}")
    page.locator("form.satudata-datarequest-accept button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    assert _status(page) == "Diterima"
    page.select_option("#forward-organization", "disdukcapil")
    page.fill("#forward-comment", "Mohon ditindaklanjuti")
    page.locator("form.satudata-datarequest-forward button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    assert _status(page) == "Diteruskan ke produsen data"
    _log_out(page)

    # the OPD's operator answers with the data
    log_in(page, live_portal, "operator")
    page.goto(f"{live_portal}/dashboard/permohonan-data")
    page.locator("a.satudata-datarequest-number", has_text=number).click()
    page.wait_for_url(f"**/permohonan-data/{number}")
    page.set_input_files("#respond-files", str(answer))
    page.fill("#respond-comment", "Data terlampir")
    page.locator("form.satudata-datarequest-respond button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    assert _status(page) == "Ditindaklanjuti"
    _log_out(page)

    # the walidata deliver it
    log_in(page, live_portal, "walidata")
    page.goto(f"{live_portal}/permohonan-data/{number}")
    page.fill("#deliver-comment", "Silakan diunduh")
    page.locator("form.satudata-datarequest-deliver button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    assert _status(page) == "Menunggu data balikan"
    _log_out(page)

    # the citizen downloads the data and uploads the data balikan
    log_in(page, live_portal, "pemohon")
    page.goto(f"{live_portal}/permohonan-data/saya")
    page.locator("a.satudata-datarequest-number", has_text=number).click()
    page.wait_for_url(f"**/permohonan-data/{number}")
    with page.expect_download() as download:
        page.locator(".satudata-file-delivery a.satudata-datarequest-file").click()
    saved = tmp_path / "unduhan.csv"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "penduduk-2024.csv"
    assert saved.read_bytes() == CSV
    request = store.find(number)
    assert [row["user_id"] for row in store.downloads(request["id"])] == [
        portal_people["pemohon"]["id"]]
    page.locator("a.satudata-datarequest-balikan").click()
    page.wait_for_url(f"**/permohonan-data/{number}/data-balikan")
    page.set_input_files("#upload", str(laporan))
    page.locator("form.satudata-datarequest-balikan-form button[type=submit]").click()
    page.wait_for_url(f"**/permohonan-data/{number}")
    assert _status(page) == "Data balikan diunggah"
    assert "laporan-penelitian.pdf" in page.locator(
        ".satudata-file-balikan").inner_text()
