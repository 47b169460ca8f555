"""The portal's public pages, as an anonymous visitor sees them in the
default language (Indonesian): Beranda, Cari Data and its filters, the
dataset page, Tentang Kami, Kontak, Daftar Data and the access-request page."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup, Tag
from ckan import model
from ckan.tests import factories, helpers

from ckanext.satudata.testing import sdi_fields

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

CONTACT_ADDRESS = (
    "Jl. Pemuda No. 148, Sekayu, Semarang Tengah, Kota Semarang, Jawa Tengah 50132"
)
MS_IND = {
    "ms_konsep": "Penduduk adalah semua orang yang berdomisili di wilayah NKRI.",
    "ms_rumus": "Jumlah penduduk laki-laki + jumlah penduduk perempuan",
}

# Datasets of the test portal: (name, title, organization, SDI overrides,
# tags, resource format). Anonymous visitors see the three terbuka ones.
DATASETS = [
    (
        "jumlah-penduduk",
        "Jumlah Penduduk Menurut Kecamatan",
        "disdukcapil",
        {"tahun_data": "2024", "kode_referensi": "DS-DUKCAPIL-001", **MS_IND},
        ["penduduk", "kecamatan"],
        "CSV",
    ),
    (
        "penduduk-semarang-tengah",
        "Penduduk Kecamatan Semarang Tengah",
        "disdukcapil",
        {
            "tahun_data": "2020-2022",
            "wilayah": "33.74.01",
            "kategori": "data_kewilayahan",
            "kode_referensi": "DS-DUKCAPIL-002",
        },
        ["penduduk"],
        "XLSX",
    ),
    (
        "jumlah-puskesmas",
        "Jumlah Puskesmas",
        "dinkes",
        {
            "tahun_data": "2023",
            "urusan": "1.02",
            "frekuensi": "tahunan",
            "kode_referensi": "DS-DINKES-001",
        },
        ["kesehatan"],
        "CSV",
    ),
    (
        "pasien-rawat-inap",
        "Pasien Rawat Inap Rumah Sakit Daerah",
        "dinkes",
        {"tahun_data": "2024", "urusan": "1.02", "keterbukaan": "terbatas"},
        ["kesehatan"],
        "CSV",
    ),
    (
        "rekam-medis",
        "Rekam Medis Pasien Jiwa",
        "dinkes",
        {"tahun_data": "2024", "urusan": "1.02", "keterbukaan": "rahasia"},
        ["kesehatan"],
        "CSV",
    ),
]
PUBLIC = ["jumlah-penduduk", "penduduk-semarang-tengah", "jumlah-puskesmas"]


@pytest.fixture
def portal(
    with_plugins: None, clean_db: None, clean_index: None
) -> dict[str, dict[str, Any]]:
    """Two OPD and the datasets of ``DATASETS`` (the fixture asks for the
    plugins and a clean database itself, so that it runs after them)."""
    organizations = {
        "disdukcapil": factories.Organization(
            name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil"
        ),
        "dinkes": factories.Organization(name="dinkes", title="Dinas Kesehatan"),
    }
    datasets = {}
    for name, title, org, fields, tags, res_format in DATASETS:
        datasets[name] = factories.Dataset(
            name=name,
            title=title,
            owner_org=organizations[org]["id"],
            tags=[{"name": tag} for tag in tags],
            resources=[
                {
                    "url": f"http://example.com/{name}.{res_format.lower()}",
                    "format": res_format,
                }
            ],
            **sdi_fields(**fields),
        )
    return datasets


def _auth(user: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def _page(app: Any, url: str, **params: Any) -> BeautifulSoup:
    response = app.get(url, query_string=params, status=200)
    return BeautifulSoup(response.body, "html.parser")


def _text(node: Tag | None) -> str:
    assert node is not None
    return " ".join(node.get_text(" ").split())


def _main(soup: BeautifulSoup) -> Tag:
    main = soup.find(attrs={"role": "main"})
    assert isinstance(main, Tag)
    return main


def _check_structure(soup: BeautifulSoup) -> None:
    """What every page must satisfy: unique ids, labelled form controls,
    one h1 in the main content and no skipped heading levels in it, and no
    English UI text we know of."""
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), f"duplicate ids: {ids}"
    for label in soup.find_all("label", attrs={"for": True}):
        assert soup.find(id=label["for"]), f"label for missing #{label['for']}"
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.get("type") in ("hidden", "submit"):
            continue
        labelled = control.get("aria-label") or (
            control.get("id") and soup.find("label", attrs={"for": control["id"]})
        )
        assert labelled, f"control without a label: {control}"
    main = _main(soup)
    levels = [int(h.name[1]) for h in main.find_all(re.compile(r"^h[1-6]$"))]
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading levels skip: {levels}"


def _links(node: Tag) -> dict[str, str]:
    """href -> link text of every link under ``node``."""
    return {a["href"]: _text(a) for a in node.find_all("a", href=True)}


def _result_names(soup: BeautifulSoup) -> set[str]:
    names = set()
    for heading in soup.select("#search-results .dataset-heading a"):
        names.add(heading["href"].rsplit("/", 1)[-1])
    return names


def _facets(soup: BeautifulSoup) -> dict[str, dict[str, int]]:
    """Facet title -> {item label: count} as the filter column shows them."""
    facets = {}
    for section in soup.select("#search-facets section"):
        title = _text(section.find("h2"))
        items = {}
        for item in section.select("li"):
            items[_text(item.select_one(".item-label"))] = int(
                _text(item.select_one(".item-count"))
            )
        facets[title] = items
    return facets


# ---- layout -------------------------------------------------------------


@pytest.mark.usefixtures("portal")
def test_header_navigation_and_footer(app):
    soup = _page(app, "/")
    navigation = soup.select_one("#main-navigation-toggle ul")
    links = [(a["href"], _text(a)) for a in navigation.find_all("a")]
    assert links == [
        ("/", "Beranda"),
        ("/dataset/", "Cari Data"),
        ("/daftar-data", "Daftar Data"),
        ("/permohonan-data", "Permohonan Data"),
        ("/akses-data", "Layanan Akses Data"),
        ("/capaian-kinerja", "Capaian Kinerja"),
        ("/statistik", "Statistik Portal"),
        ("/organization/", "Produsen Data"),
        ("/tentang-kami", "Tentang Kami"),
        ("/kontak", "Kontak"),
    ]
    assert navigation.select_one("li.active a[aria-current=page]")["href"] == "/"
    assert soup.find("link", href=re.compile(r"satudata\.css"))

    footer = soup.find("footer")
    assert CONTACT_ADDRESS in _text(footer)
    assert "satudata@satudata-semarang.example" in _text(footer)
    assert "(024) 3513366" in _text(footer)
    hrefs = _links(footer)
    assert "/tentang-kami" in hrefs and "/kontak" in hrefs
    assert "/catalog.ttl" in hrefs
    assert any("docs.ckan.org" in href and "/api/" in href for href in hrefs)
    languages = footer.select("nav.lang-select a[hreflang]")
    assert {link["hreflang"] for link in languages} >= {"id", "en"}, "language links"
    # an anonymous page without a form opens no session (nginx may keep it)
    assert not soup.select('meta[name="_csrf_token"]')

    current = _page(app, "/daftar-data").select_one(
        "#main-navigation-toggle li.active a"
    )
    assert current["href"] == "/daftar-data"


# ---- Beranda ------------------------------------------------------------


def test_beranda_shows_search_stats_newest_and_browse_links(app, portal):
    with model.meta.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO tracking_raw"
                " (user_key, url, tracking_type, access_timestamp)"
                " VALUES (:key, :url, :kind, now())"
            ),
            [
                {"key": "a", "url": "/dataset/jumlah-penduduk", "kind": "page"},
                {"key": "b", "url": "/dataset/jumlah-penduduk", "kind": "page"},
                {"key": "a", "url": "/dataset/jumlah-puskesmas", "kind": "page"},
                {"key": "a", "url": "http://example.com/x.csv", "kind": "resource"},
            ],
        )
    soup = _page(app, "/")
    _check_structure(soup)

    form = soup.select_one("form.satudata-hero-search")
    assert form["method"] == "get" and form["action"] == "/dataset/"
    search = form.find("input", attrs={"name": "q"})
    assert soup.find("label", attrs={"for": search["id"]})

    stats = {
        stat["class"][1]: _text(stat.find("dd"))
        for stat in soup.select(".satudata-stat")
    }
    assert stats == {
        "satudata-stat-datasets": "3",  # terbatas and rahasia are not counted
        "satudata-stat-producers": "2",
        "satudata-stat-views": "3",  # one per visitor, page and day
        "satudata-stat-downloads": "1",
    }
    assert all(_text(stat.find("dt")) for stat in soup.select(".satudata-stat"))

    cards = soup.select(".satudata-newest .satudata-card")
    titles = [_text(card.find("h3")) for card in cards]
    assert titles == [
        "Jumlah Puskesmas",
        "Penduduk Kecamatan Semarang Tengah",
        "Jumlah Penduduk Menurut Kecamatan",
    ], "only public data, newest first"
    card = cards[0]
    assert card.find("a")["href"] == "/dataset/jumlah-puskesmas"
    meta = dict(
        zip(
            (_text(dt) for dt in card.find_all("dt")),
            (_text(dd) for dd in card.find_all("dd")),
            strict=True,
        )
    )
    assert meta == {
        "Produsen Data": "Dinas Kesehatan",
        "Tingkat Keterbukaan": "Terbuka",
        "Tahun Data": "2023",
    }

    def browse(field: str) -> dict[str, str]:
        return {
            li.find("a")["href"]: _text(li)
            for li in soup.select(f".satudata-browse-{field} li")
        }

    assert browse("urusan") == {
        "/dataset/?urusan=2.12": "Administrasi Kependudukan dan Pencatatan Sipil 2",
        "/dataset/?urusan=1.02": "Kesehatan 1",
    }
    assert browse("kategori") == {
        "/dataset/?kategori=data_dasar": "Data Dasar 2",
        "/dataset/?kategori=data_kewilayahan": "Data Kewilayahan 1",
    }


def test_beranda_of_an_empty_portal(app):
    soup = _page(app, "/")
    _check_structure(soup)
    assert [_text(dd) for dd in soup.select(".satudata-stat dd")] == ["0"] * 4
    assert not soup.select(".satudata-card")


# ---- Cari Data ----------------------------------------------------------


@pytest.mark.usefixtures("portal")
def test_cari_data_lists_public_datasets_with_producer_year_and_labels(app):
    soup = _page(app, "/dataset/")
    _check_structure(soup)
    assert _text(_main(soup).find("h1")) == "Cari Data"
    assert _result_names(soup) == set(PUBLIC)

    item = soup.find("a", href="/dataset/penduduk-semarang-tengah").find_parent("li")
    meta = _text(item.select_one(".satudata-item-meta"))
    assert "Dinas Kependudukan dan Pencatatan Sipil" in meta
    assert "2020-2022" in meta
    assert not item.select(".satudata-access"), "no badge on open data"

    facets = _facets(soup)
    assert facets["Urusan/Bidang"] == {
        "Administrasi Kependudukan dan Pencatatan Sipil": 2,
        "Kesehatan": 1,
    }
    assert facets["Produsen Data"] == {
        "Dinas Kependudukan dan Pencatatan Sipil": 2,
        "Dinas Kesehatan": 1,
    }
    assert facets["Wilayah"] == {
        "Jawa Tengah": 3,
        "Kota Semarang": 3,
        "Semarang Tengah": 1,
    }
    assert facets["Tahun"] == {
        "2020": 1,
        "2021": 1,
        "2022": 1,
        "2023": 1,
        "2024": 1,
    }
    assert facets["Kategori"] == {"Data Dasar": 2, "Data Kewilayahan": 1}
    assert facets["Format"] == {"CSV": 2, "XLSX": 1}
    assert facets["Kata Kunci"] == {"penduduk": 2, "kecamatan": 1, "kesehatan": 1}
    assert facets["Tingkat Keterbukaan"] == {"Terbuka": 3}


@pytest.mark.parametrize(
    ("param", "value", "expected", "facet", "counts"),
    [
        (
            "urusan",
            "2.12",
            {"jumlah-penduduk", "penduduk-semarang-tengah"},
            "Kategori",
            {"Data Dasar": 1, "Data Kewilayahan": 1},
        ),
        (
            "organization",
            "dinkes",
            {"jumlah-puskesmas"},
            "Urusan/Bidang",
            {"Kesehatan": 1},
        ),
        (
            "vocab_wilayah",
            "33.74.01",
            {"penduduk-semarang-tengah"},
            "Tahun",
            {"2020": 1, "2021": 1, "2022": 1},
        ),
        (
            "vocab_wilayah",
            "33.74",
            set(PUBLIC),
            "Wilayah",
            {"Jawa Tengah": 3, "Kota Semarang": 3, "Semarang Tengah": 1},
        ),
        (
            "vocab_tahun",
            "2021",
            {"penduduk-semarang-tengah"},
            "Wilayah",
            {"Jawa Tengah": 1, "Kota Semarang": 1, "Semarang Tengah": 1},
        ),
        (
            "kategori",
            "data_dasar",
            {"jumlah-penduduk", "jumlah-puskesmas"},
            "Produsen Data",
            {"Dinas Kependudukan dan Pencatatan Sipil": 1, "Dinas Kesehatan": 1},
        ),
        ("res_format", "XLSX", {"penduduk-semarang-tengah"}, "Format", {"XLSX": 1}),
        ("tags", "kesehatan", {"jumlah-puskesmas"}, "Kata Kunci", {"kesehatan": 1}),
    ],
)
@pytest.mark.usefixtures("portal")
def test_cari_data_filters_narrow_results_and_facet_counts(
    app, param, value, expected, facet, counts
):
    soup = _page(app, "/dataset/", **{param: value})
    assert _result_names(soup) == expected
    assert _text(soup.select_one(".satudata-result-count")).startswith(
        str(len(expected))
    )
    assert _facets(soup)[facet] == counts
    active = soup.select("#search-facets li.active")
    assert len(active) == 1 and int(_text(active[0].select_one(".item-count"))) == len(
        expected
    )


@pytest.mark.usefixtures("portal")
def test_cari_data_combines_filters(app):
    soup = _page(app, "/dataset/", urusan="2.12", vocab_tahun="2024")
    assert _result_names(soup) == {"jumlah-penduduk"}
    soup = _page(app, "/dataset/", tags="penduduk", res_format="CSV")
    assert _result_names(soup) == {"jumlah-penduduk"}


def test_members_see_the_access_class_badge_in_results(app, portal):
    user = factories.User()
    member = factories.Organization(
        name="bapenda", users=[{"name": user["name"], "capacity": "member"}]
    )
    factories.Dataset(
        name="pajak-daerah",
        title="Penerimaan Pajak Daerah per Wajib Pajak",
        owner_org=member["id"],
        **sdi_fields(keterbukaan="terbatas", urusan="5.02"),
    )
    response = app.get(
        "/dataset/",
        query_string={"organization": "bapenda"},
        headers=_auth(user),
        status=200,
    )
    soup = BeautifulSoup(response.body, "html.parser")
    assert _result_names(soup) == {"pajak-daerah"}
    badge = soup.select_one("#search-results .dataset-heading .satudata-access")
    assert _text(badge) == "Terbatas"

    anonymous = _page(app, "/dataset/", organization="bapenda")
    assert _result_names(anonymous) == set()


# ---- dataset page -------------------------------------------------------


def test_dataset_page_metadata_table_ms_ind_and_keywords(app, portal):
    soup = _page(app, "/dataset/jumlah-penduduk")
    _check_structure(soup)
    main = _main(soup)
    assert _text(main.find("h1")) == "Jumlah Penduduk Menurut Kecamatan"
    assert not main.select(".satudata-access"), "no badge on open data"

    metadata = soup.select_one("section.satudata-metadata")
    assert _text(metadata.find("h2")) == "Metadata"
    rows = {
        _text(row.find("th")): _text(row.find("td"))
        for row in metadata.select("tbody tr")
    }
    assert rows["Kode Referensi"] == "DS-DUKCAPIL-001"
    assert rows["Produsen Data"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert "Kota Semarang" in rows["Wilayah"]
    assert rows["Tingkat Keterbukaan"] == "Terbuka"
    assert rows["Tahun Data"] == "2024"
    assert rows["Satuan"] == "Orang"
    assert rows["Frekuensi Pemutakhiran"] == "Semesteran"
    assert rows["Urusan/Bidang"] == "Administrasi Kependudukan dan Pencatatan Sipil"
    assert rows["Kategori"] == "Data Dasar"
    assert rows["Narahubung"] == ("Sri Wahyuni <sri.wahyuni@satudata-semarang.example>")

    ms_ind = soup.select_one("section.satudata-ms-ind")
    ms_rows = {
        _text(row.find("th")): _text(row.find("td")) for row in ms_ind.select("tr")
    }
    assert ms_rows == {
        "Konsep": MS_IND["ms_konsep"],
        "Metode/Rumus Perhitungan": MS_IND["ms_rumus"],
    }, "only the filled MS-Ind fields, with their Indonesian labels"

    keywords = soup.select_one("section.satudata-keywords")
    assert {_text(a) for a in keywords.find_all("a")} == {"penduduk", "kecamatan"}
    assert soup.select_one("#dataset-resources a[href*='/resource/']")


def _member_of(organization: str) -> dict[str, Any]:
    """A new user, member of ``organization``."""
    user = factories.User()
    helpers.call_action(
        "organization_member_create",
        {"ignore_auth": True},
        id=organization,
        username=user["name"],
        role="member",
    )
    return user


def test_dataset_page_without_ms_ind(app, portal):
    soup = _page(app, "/dataset/jumlah-puskesmas")
    assert soup.select_one("section.satudata-metadata")
    assert soup.select_one("section.satudata-ms-ind") is None


def test_restricted_dataset_page_shows_its_access_class_to_members(app, portal):
    user = _member_of("dinkes")
    response = app.get("/dataset/pasien-rawat-inap", headers=_auth(user), status=200)
    soup = BeautifulSoup(response.body, "html.parser")
    _check_structure(soup)
    badge = _main(soup).select_one(".satudata-access-notice .satudata-access")
    assert _text(badge) == "Terbatas"
    assert "satudata-access-terbatas" in badge["class"]
    rows = {
        _text(row.find("th")): _text(row.find("td"))
        for row in soup.select("section.satudata-metadata tbody tr")
    }
    assert rows["Tingkat Keterbukaan"] == "Terbatas"

    app.get("/dataset/pasien-rawat-inap", status=404)


# ---- Tentang Kami, Kontak -----------------------------------------------


@pytest.mark.parametrize("url", ["/tentang-kami", "/about"])
def test_tentang_kami_renders_the_site_about_markdown(app, url):
    soup = _page(app, url)
    _check_structure(soup)
    main = _main(soup)
    paragraphs = [_text(p) for p in main.select(".satudata-about p")]
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("Portal Satu Data Kota Semarang adalah pintu")
    assert "Peraturan Presiden Nomor 39 Tahun 2019" in paragraphs[0]
    assert paragraphs[1].startswith("Setiap perangkat daerah (OPD)")


def test_kontak_shows_the_configured_contact(app):
    soup = _page(app, "/kontak")
    _check_structure(soup)
    main = _main(soup)
    assert _text(main.find("h2")) == (
        "Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Semarang"
    )
    assert _text(main.find("address")) == CONTACT_ADDRESS
    links = _links(main)
    assert links["mailto:satudata@satudata-semarang.example"] == (
        "satudata@satudata-semarang.example"
    )
    assert links["tel:0243513366"] == "(024) 3513366"
    assert "Senin-Jumat, 08.00-16.00 WIB" in _text(main)
    assert not any(href.startswith("http") for href in links), "no map link: not set"
    assert len(main.select("dt")) == 4, "the empty map field is left out"


@pytest.mark.ckan_config("ckanext.satudata.contact.phone", "")
@pytest.mark.ckan_config("ckanext.satudata.contact.map_url", "https://maps.example/x")
def test_kontak_hides_empty_fields(app):
    main = _main(_page(app, "/kontak"))
    assert not main.find("a", href=re.compile("^tel:"))
    assert main.find("a", href="https://maps.example/x")
    assert len(main.select("dt")) == 4


# ---- Daftar Data --------------------------------------------------------


def test_daftar_data_lists_titles_per_producer(app, portal):
    soup = _page(app, "/daftar-data")
    _check_structure(soup)
    sections = soup.select("section.satudata-daftar-opd")
    assert [_text(s.find("h2")) for s in sections] == [
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Kesehatan",
    ]
    dinkes = sections[1]
    assert [_text(th) for th in dinkes.select("thead th")] == [
        "Judul",
        "Tingkat Keterbukaan",
        "Level Akses",
        "Frekuensi Pemutakhiran",
        "Tahun",
    ]
    rows = dinkes.select("tbody tr")
    assert len(rows) == 2, "the rahasia dataset is never listed"
    assert "Rekam Medis" not in _text(soup)

    cells = {_text(row.find("th").find(["a", "span"])): row for row in rows}
    open_row = cells["Jumlah Puskesmas"]
    assert open_row.find("th").find("a")["href"] == "/dataset/jumlah-puskesmas"
    assert [_text(td) for td in open_row.find_all("td")] == [
        "Terbuka",
        "",  # no access level: the field is optional
        "Tahunan",
        "2023",
    ]

    restricted = cells["Pasien Rawat Inap Rumah Sakit Daerah"]
    hrefs = [a["href"] for a in restricted.find_all("a")]
    # with the access requests: their form, the dataset chosen
    assert hrefs == ["/akses-data/baru?dataset=pasien-rawat-inap"]
    assert "/dataset/pasien-rawat-inap" not in _links(soup)
    assert [_text(td) for td in restricted.find_all("td")] == [
        "Terbatas",
        "",
        "Semesteran",
        "2024",
    ]


def test_daftar_data_links_restricted_data_for_members_of_its_producer(app, portal):
    user = _member_of("dinkes")
    response = app.get("/daftar-data", headers=_auth(user), status=200)
    soup = BeautifulSoup(response.body, "html.parser")
    links = _links(_main(soup))
    assert links["/dataset/pasien-rawat-inap"] == "Pasien Rawat Inap Rumah Sakit Daerah"
    assert not soup.select(".satudata-request-access")
    assert "Rekam Medis" not in _text(soup)


def test_access_request_page_explains_how_to_ask(app, portal):
    soup = _page(app, "/daftar-data/permohonan-akses/pasien-rawat-inap")
    _check_structure(soup)
    main = _main(soup)
    text = _text(main)
    assert "Pasien Rawat Inap Rumah Sakit Daerah" in text
    assert "Dinas Kesehatan" in text
    assert "BAST" in text
    assert len(main.select("ol li")) == 3
    assert "/kontak" in _links(main)
    assert "/daftar-data" in _links(main)

    app.get("/daftar-data/permohonan-akses/rekam-medis", status=404)
    app.get("/daftar-data/permohonan-akses/tidak-ada", status=404)


def test_pages_answer_in_english_too(app, portal):
    for url in (
        "/",
        "/dataset/",
        "/daftar-data",
        "/kontak",
        "/tentang-kami",
        "/dataset/jumlah-penduduk",
        "/daftar-data/permohonan-akses/pasien-rawat-inap",
    ):
        soup = _page(app, "/en" + url)
        assert soup.find("html")["lang"] == "en"
        navigation = soup.select_one("#main-navigation-toggle ul")
        assert [_text(a) for a in navigation.find_all("a")] == [
            "Home",
            "Search data",
            "Data list",
            "Data requests",
            "Data access service",
            "Performance achievements",
            "Portal statistics",
            "Data producers",
            "About us",
            "Contact us",
        ]
    rows = _page(app, "/en/dataset/jumlah-penduduk").select(
        "section.satudata-metadata tbody tr"
    )
    labels = {_text(row.find("th")): _text(row.find("td")) for row in rows}
    assert labels["Access class"] == "Open"
    assert labels["Reference code"] == "DS-DUKCAPIL-001"
