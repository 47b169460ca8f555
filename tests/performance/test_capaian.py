"""Capaian Kinerja: ``satudata_performance_list`` and ``/capaian-kinerja``
on the portal of tests/performance/support.py (exact figures there), for
every role; a terbatas indicator never shows, not even to staff."""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from ckan import model
from ckan.common import config
from ckan.tests import factories, helpers

from ckanext.satudata.performance import cache
from tests.indicators.support import as_user

from . import support

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins"),
    pytest.mark.ckan_config("ckanext.satudata.performance.cache_seconds", "0"),
]

KEYS = ("name", "organization_name", "urusan", "component", "direction", "year",
        "target", "realisation", "period", "basis", "achievement", "achieved")
EXPECTED = [
    ("keberhasilan-pengobatan-tbc", "dinkes", "1.02", "keberhasilan", "naik", 2024,
     90, 85.5, "2024", "tahunan", 95.0, False),
    ("keberhasilan-pengobatan-tbc", "dinkes", "1.02", "keberhasilan", "naik", 2025,
     88, 88.25, "2025", "tahunan", 100.28, True),
    ("keberhasilan-pengobatan-tbc", "dinkes", "1.02", "keberhasilan", "naik", 2026,
     92, None, None, None, None, None),
    ("angka-putus-sekolah", "disdik", "1.01", "putus", "turun", 2025,
     1.5, 1.1, "2025-S2", "periode_terakhir", 126.67, True),
]
SECRETS = ("Kasus HIV", "kasus-hiv")
#: The terbatas indicator's published value, as a number or in a text.
SECRET_NUMBER = re.compile(r"(?<![0-9A-Za-z.,])4\.?321(?![0-9A-Za-z])")


def _leaks(text: str) -> bool:
    return bool(SECRET_NUMBER.search(text)) or any(s in text for s in SECRETS)


@pytest.fixture
def portal() -> dict[str, Any]:
    return support.build()


def _rows(user: dict[str, Any] | None = None, **filters: Any) -> list[tuple[Any, ...]]:
    found = helpers.call_action("satudata_performance_list", as_user(user), **filters)
    return [tuple(row[key] for key in KEYS) for row in found]


def test_rows_filters_roles_cache_and_what_counts(
        portal: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    assert _rows() == EXPECTED
    first = helpers.call_action("satudata_performance_list", as_user(None))[0]
    assert first["title"] == "Keberhasilan Pengobatan Tuberkulosis"
    assert first["organization_title"] == "Dinas Kesehatan"
    assert first["component_name"] == "Angka Keberhasilan Pengobatan"
    assert first["unit"] == "Persen"
    assert first["urusan_label"] == "Kesehatan"
    assert first["period_label"] == "2024"
    assert helpers.call_action("satudata_performance_list", as_user(None))[3][
        "period_label"] == "2025 Semester 2"
    # filters
    assert _rows(organization="disdik") == EXPECTED[3:]
    assert _rows(organization=portal["dinkes"]["id"]) == EXPECTED[:3]
    assert _rows(urusan="1.02", year="2025") == [EXPECTED[1]]
    assert _rows(year=2025) == [EXPECTED[1], EXPECTED[3]]
    assert _rows(organization="tidak-ada") == []
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("satudata_performance_list", as_user(None), year="dua")
    assert "year" in refused.value.error_dict
    # the same public rows for everyone: the terbatas indicator not even
    # for its OPD, the walidata or a sysadmin
    for role in support.ROLES:
        found = helpers.call_action("satudata_performance_list", as_user(portal[role]))
        assert [tuple(row[key] for key in KEYS) for row in found] == EXPECTED, role
        assert not any(_leaks(str(value)) for row in found
                       for key, value in row.items() if not key.endswith("_id"))

    # kept in Redis: a change no action made waits for the cache...
    monkeypatch.setitem(config, "ckanext.satudata.performance.cache_seconds", "600")
    cache.invalidate()  # nothing left from another run
    assert len(_rows()) == 4
    model.Session.execute(
        sa.update(model.package_table)
        .where(model.package_table.c.name == "angka-putus-sekolah")
        .values(title="Angka Putus Sekolah Dasar"))
    model.Session.commit()
    model.Session.expire_all()  # a computation now would read the new title
    assert "Angka Putus Sekolah" in _titles()
    # ...a mark of the walidata shows at once
    helpers.call_action("satudata_performance_mark", as_user(portal["walidata"]),
                        id="jumlah-puskesmas", indikator_kinerja="ya",
                        kinerja_komponen="puskesmas", kinerja_target="2025: 40",
                        kinerja_arah="naik")
    assert "Angka Putus Sekolah Dasar" in _titles()
    assert ("jumlah-puskesmas", "dinkes", "1.02", "puskesmas", "naik", 2025, 40, 37,
            "2025", "tahunan", 92.5, False) in _rows()
    # so does a deleted indicator
    sysadmin = as_user(portal["sysadmin"])
    helpers.call_action("package_delete", sysadmin, id="jumlah-puskesmas")
    assert len(_rows()) == 4
    monkeypatch.setitem(config, "ckanext.satudata.performance.cache_seconds", "0")

    # only active, public, terbuka datasets the walidata marked
    helpers.call_action("package_patch", sysadmin, id="angka-putus-sekolah",
                        keterbukaan="terbatas")
    assert [row[0] for row in _rows()] == ["keberhasilan-pengobatan-tbc"] * 3
    helpers.call_action("package_patch", sysadmin, id="keberhasilan-pengobatan-tbc",
                        indikator_kinerja="tidak")
    assert _rows() == []
    helpers.call_action("package_patch", sysadmin, id="angka-putus-sekolah",
                        keterbukaan="terbuka")
    assert [row[0] for row in _rows()] == ["angka-putus-sekolah"]
    helpers.call_action("package_delete", sysadmin, id="angka-putus-sekolah")
    assert _rows() == []


def _titles() -> set[str]:
    return {row["title"] for row in helpers.call_action(
        "satudata_performance_list", as_user(None))}


def _page(app: Any, url: str, user: dict[str, Any] | None = None) -> BeautifulSoup:
    headers = {"Authorization": factories.APIToken(user=user["name"])["token"]} \
        if user else {}
    response = app.get(url, headers=headers)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert not _leaks(soup.get_text(" ")), url
    assert not any(_leaks(str(node.get(attribute) or ""))
                   for node in soup.find_all(True)
                   for attribute in ("href", "aria-label", "title", "value"))
    return soup


def _table(soup: BeautifulSoup) -> list[list[str]]:
    return [[" ".join(cell.get_text(" ", strip=True).split())
             for cell in row.find_all(["th", "td"])]
            for row in soup.select("table.satudata-performance-table tbody tr")]


def test_the_page_in_indonesian_and_its_filters(
        app: Any, portal: dict[str, Any]) -> None:
    tbc = ("Keberhasilan Pengobatan Tuberkulosis Angka Keberhasilan Pengobatan"
           " (Persen); makin tinggi makin baik")
    expected = [
        ["Dinas Kesehatan", tbc, "Kesehatan", "2024", "90", "85,5", "95,00",
         "Data tahunan: 2024"],
        ["Dinas Kesehatan", tbc, "Kesehatan", "2025", "88", "88,25", "100,28",
         "Data tahunan: 2025"],
        ["Dinas Kesehatan", tbc, "Kesehatan", "2026", "92", "\u2013", "\u2013",
         "Belum dipublikasikan"],
        ["Dinas Pendidikan", "Angka Putus Sekolah Angka Putus Sekolah (Persen);"
         " makin rendah makin baik", "Pendidikan", "2025", "1,5", "1,1", "126,67",
         "Periode terakhir yang dipublikasikan pada tahun itu: 2025 Semester 2"],
    ]
    for role in ("anonymous", "operator", "walidata"):
        soup = _page(app, "/capaian-kinerja", portal[role])
        assert soup.select_one("h1.page-heading").get_text(strip=True) == (
            "Capaian Kinerja")
        assert [th.get_text(" ", strip=True) for th in soup.select(
            "table.satudata-performance-table thead th")] == [
            "Produsen Data", "Indikator", "Urusan/Bidang", "Tahun", "Target",
            "Realisasi", "Capaian (%)", "Sumber realisasi"]
        assert _table(soup) == expected, role
        chart = soup.select_one("svg.satudata-bar-chart")
        assert chart["aria-label"] == (
            "Capaian per indikator tahun 2025, dalam persen dari target")
        assert [bar.get_text(" ", strip=True) for bar in chart.select("g > title")] == [
            "Angka Putus Sekolah (Dinas Pendidikan): 126,67",
            "Keberhasilan Pengobatan Tuberkulosis (Dinas Kesehatan): 100,28"]
        # two years of realisation: a line
        assert len(soup.select("svg.satudata-line-chart")) == 1
        assert not soup.find("script", string=lambda s: s and "capaian" in s)
    navigation = soup.select_one("#main-navigation-toggle ul")
    links = [(a["href"], a.get_text(strip=True)) for a in navigation.find_all("a")]
    assert ("/capaian-kinerja", "Capaian Kinerja") in links
    assert ("/statistik", "Statistik Portal") in links
    assert navigation.select_one("li.active a[aria-current=page]")[
        "href"] == "/capaian-kinerja"

    # the filter form (GET, no JavaScript)
    soup = _page(app, "/capaian-kinerja")
    form = soup.select_one("form.satudata-performance-filters")
    assert form["method"] == "get" and form["action"] == "/capaian-kinerja"
    choices = {select["name"]: [o.get_text(strip=True)
                                for o in select.find_all("option")]
               for select in form.find_all("select")}
    assert choices == {
        "organization": ["Semua produsen data", "Dinas Kesehatan", "Dinas Pendidikan"],
        "urusan": ["Semua urusan", "1.01 Pendidikan", "1.02 Kesehatan"],
        "year": ["Semua tahun", "2026", "2025", "2024"],
    }
    for select in form.find_all("select"):
        assert soup.find("label", attrs={"for": select["id"]})
    soup = _page(app, "/capaian-kinerja?organization=dinkes&year=2024&urusan=")
    assert [row[3] for row in _table(soup)] == ["2024"]
    assert soup.select_one("#field-year option[selected]")["value"] == "2024"
    assert soup.select_one("svg.satudata-bar-chart")["aria-label"].endswith(
        "2024, dalam persen dari target")
    soup = _page(app, "/capaian-kinerja?year=2023")
    assert _table(soup) == []
    assert "Tidak ada indikator yang sesuai dengan saringan." in soup.get_text()
    soup = _page(app, "/capaian-kinerja?year=dua")
    assert "Tahun" in soup.select_one(".alert-danger").get_text()
    assert len(_table(soup)) == 4
