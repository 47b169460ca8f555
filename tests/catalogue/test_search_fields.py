"""What the catalogue adds to the search index: SDI fields reach free text,
region names and code labels are searchable, facets carry labels."""

from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.testing import sdi_fields

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def datasets() -> None:
    org = factories.Organization(
        name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil"
    )
    factories.Dataset(
        owner_org=org["id"],
        name="rob-tembalang",
        title="Genangan Rob",
        **sdi_fields(
            wilayah="33.74.10",
            urusan="1.03",
            sumber_data="Survei lapangan BPBD",
            notes="Titik genangan per kelurahan.",
            tujuan="Mitigasi bencana.",
        ),
    )
    factories.Dataset(
        owner_org=org["id"],
        name="penduduk-kota",
        title="Penduduk",
        **sdi_fields(tahun_data="2022-2024"),
    )


def _names(**params) -> set[str]:
    return {
        d["name"] for d in helpers.call_action("package_search", **params)["results"]
    }


def test_free_text_reaches_sdi_fields_region_names_and_labels(datasets):
    assert _names(q="SIAK") == {"penduduk-kota"}, "sumber_data"
    assert _names(q="BPBD") == {"rob-tembalang"}
    assert _names(q="Tembalang") == {"rob-tembalang"}, "region name of 33.74.10"
    assert _names(q="DS-DUKCAPIL-001") == {"rob-tembalang", "penduduk-kota"}
    assert _names(q='"Pekerjaan Umum"') == {"rob-tembalang"}, "urusan label"


def test_region_and_year_facets_include_parents_and_every_year(datasets):
    result = helpers.call_action(
        "package_search",
        **{"facet.field": ["vocab_wilayah", "vocab_tahun", "urusan", "organization"]},
    )
    facets = result["search_facets"]
    wilayah = {
        i["name"]: (i["count"], i["display_name"])
        for i in facets["vocab_wilayah"]["items"]
    }
    assert wilayah == {
        "33": (2, "Jawa Tengah"),
        "33.74": (2, "Kota Semarang"),
        "33.74.10": (1, "Tembalang"),
    }
    assert {i["name"]: i["count"] for i in facets["vocab_tahun"]["items"]} == {
        "2022": 1,
        "2023": 1,
        "2024": 2,
    }
    urusan = {i["name"]: i["display_name"] for i in facets["urusan"]["items"]}
    assert urusan == {
        "1.03": "Pekerjaan Umum dan Penataan Ruang",
        "2.12": "Administrasi Kependudukan dan Pencatatan Sipil",
    }
    organization = facets["organization"]["items"][0]
    assert organization["display_name"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert _names(fq="vocab_wilayah:33.74.10") == {"rob-tembalang"}
    assert _names(fq="vocab_tahun:2023") == {"penduduk-kota"}
