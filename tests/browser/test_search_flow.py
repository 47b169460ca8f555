"""A citizen and an OPD operator search the catalogue in a real browser."""

from __future__ import annotations

import pytest
from ckan.tests import factories

from ckanext.satudata.testing import sdi_fields

from .support import PASSWORD, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]



@pytest.fixture
def catalogue() -> dict[str, str]:
    operator = factories.User(name="operator-disdukcapil", password=PASSWORD)
    org = factories.Organization(
        name="disdukcapil",
        title="Dinas Kependudukan dan Pencatatan Sipil",
        users=[{"name": operator["name"], "capacity": "editor"}],
    )
    factories.Dataset(
        owner_org=org["id"],
        name="jumlah-penduduk",
        title="Jumlah Penduduk Menurut Kecamatan",
        **sdi_fields(),
    )
    factories.Dataset(
        owner_org=org["id"],
        name="data-kependudukan",
        title="Data Kependudukan Kota Semarang",
        **sdi_fields(),
    )
    factories.Dataset(
        owner_org=org["id"],
        name="penduduk-rentan",
        title="Data Penduduk Rentan Administrasi Kependudukan",
        **sdi_fields(keterbukaan="terbatas"),
    )
    dinas_pendidikan = factories.Organization(
        name="dinas-pendidikan", title="Dinas Pendidikan"
    )
    factories.Dataset(
        owner_org=dinas_pendidikan["id"],
        name="jumlah-sekolah",
        title="Jumlah Sekolah Dasar",
        **sdi_fields(
            urusan="1.01",
            notes="Sekolah dasar per kecamatan.",
            sumber_data="Dapodik",
            tujuan="Perencanaan pendidikan.",
        ),
    )
    return {"operator": operator["name"]}


def result_titles(page) -> list[str]:
    return page.locator(".dataset-list .dataset-heading a").all_inner_texts()


def test_citizen_and_operator_search_for_penduduk(live_portal, page, catalogue):
    # A citizen types "penduduk" in the search box of the home page.
    page.goto(live_portal + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    page.fill("#field-main-search", "penduduk")
    page.press("#field-main-search", "Enter")
    page.wait_for_url("**/dataset/?q=penduduk*")
    titles = [t.strip() for t in result_titles(page)]
    assert titles[0] == "Jumlah Penduduk Menurut Kecamatan"
    assert "Data Kependudukan Kota Semarang" in titles
    assert not any("Rentan" in t for t in titles)
    assert "Jumlah Sekolah Dasar" not in titles

    # The organization facet narrows the results and keeps the query.
    page.locator("a[href*='organization=disdukcapil']").first.click()
    page.wait_for_url("**organization=disdukcapil*")
    assert len(result_titles(page)) == 2

    # The operator logs in through the real form (CSRF token included)...
    log_in(page, live_portal, catalogue["operator"])
    assert page.locator(f"a[href*='/user/{catalogue['operator']}']").count() > 0

    # ...and the same search now shows the OPD's private dataset too.
    page.goto(live_portal + "/dataset/?q=penduduk")
    titles = [t.strip() for t in result_titles(page)]
    assert "Data Penduduk Rentan Administrasi Kependudukan" in titles
    assert len(titles) == 3
