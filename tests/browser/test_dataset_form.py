"""An OPD operator describes a new dataset with the SDI metadata through the
web form: a wrong region code is refused next to its field, the corrected
dataset is saved with a file, and its page shows the metadata; as a
terbatas dataset it stays hidden from the public."""

from __future__ import annotations

from pathlib import Path

import pytest
from ckan.tests import factories, helpers

from .support import PASSWORD, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]



@pytest.fixture
def operator() -> str:
    user = factories.User(name="operator-disdukcapil", password=PASSWORD)
    factories.Organization(
        name="disdukcapil",
        title="Dinas Kependudukan dan Pencatatan Sipil",
        users=[{"name": user["name"], "capacity": "editor"}],
    )
    return user["name"]


def _fill_metadata(page, wilayah: str) -> None:
    page.fill("#field-title", "Jumlah Penduduk Rentan per Kecamatan")
    page.fill("#field-notes", "Penduduk rentan administrasi kependudukan.")
    page.fill("#field-tujuan", "Pelayanan jemput bola perekaman KTP-el.")
    page.fill("#field-sumber_data", "SIAK Kota Semarang")
    page.fill("#field-kode_referensi", "DS-DUKCAPIL-007")
    page.fill("#field-satuan", "Orang")
    page.fill("#field-tahun_data", "2024")
    page.select_option("#field-frekuensi", "semesteran")
    page.fill("#field-wilayah", wilayah)
    page.select_option("#field-metode", "kompilasi_administrasi")
    page.fill("#field-kontak_nama", "Sri Wahyuni")
    page.fill("#field-kontak_email", "sri@satudata-semarang.example")
    page.select_option("#field-kategori", "data_mikro")
    page.select_option("#field-urusan", "2.12")
    page.select_option("#field-keterbukaan", "terbatas")
    page.fill("#field-tanggal_rilis", "2025-02-01")


def test_operator_creates_a_terbatas_dataset(live_portal, page, operator, tmp_path):
    log_in(page, live_portal, operator)
    page.goto(live_portal + "/dataset/new")
    # the portal's own sub-regions are offered first
    options = page.locator("#satudata-wilayah-options option")
    assert options.first.get_attribute("value") == "33.74"
    assert options.nth(1).get_attribute("value") == "33.74.01"
    assert page.locator("#field-private").count() == 0, "visibility follows the class"

    _fill_metadata(page, wilayah="99.99")
    page.locator("button[name=save]").click()
    error = page.locator(".error-explanation, .error-block").first
    error.wait_for()
    assert 'Kode wilayah "99.99" tidak dikenal' in page.content()
    assert (
        helpers.call_action(
            "package_search", include_private=True, include_drafts=True
        )["count"]
        == 0
    )

    page.fill("#field-wilayah", "33.74.01")
    page.locator("button[name=save]").click()
    page.wait_for_url("**/resource/new")
    csv = Path(tmp_path, "rentan.csv")
    csv.write_text("kecamatan,jumlah\nSemarang Tengah,120\n", encoding="utf-8")
    page.set_input_files("#field-resource-upload", str(csv))
    page.fill("#field-name", "Tabel 2024")
    page.locator("button[name=save][value=go-metadata]").click()
    page.wait_for_url("**/dataset/jumlah-penduduk-rentan-per-kecamatan")

    table = page.locator("table").first.inner_text()
    for expected in (
        "DS-DUKCAPIL-007",
        "Semarang Tengah",
        "Terbatas",
        "Semesteran",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Orang",
    ):
        assert expected in table, expected
    shown = helpers.call_action(
        "package_show", id="jumlah-penduduk-rentan-per-kecamatan"
    )
    assert (shown["state"], shown["private"], shown["wilayah"]) == (
        "active",
        True,
        "33.74.01",
    )
    assert shown["resources"][0]["url_type"] == "upload"

    # the public does not see it
    anonymous = page.context.browser.new_context(locale="id-ID").new_page()
    response = anonymous.goto(
        live_portal + "/dataset/jumlah-penduduk-rentan-per-kecamatan"
    )
    assert response.status == 404
    anonymous.context.close()
