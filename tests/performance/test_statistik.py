"""Statistik Portal: ``satudata_performance_statistics`` and ``/statistik``
on a small portal with exact figures, on Monday 15 June 2026 (the last 12
months: July 2025 to June 2026).

- dinkes: ``penduduk`` (terbuka, Data Dasar, urusan 1.02), ``puskesmas``
  (terbuka, Data Dasar, 1.02) and ``rentan`` (terbatas); disdik:
  ``sekolah`` (terbuka, Data Kewilayahan, 1.01) with a link resource;
- CKAN's raw visits: ``penduduk`` seen by a and b on 1 June 2026, by a on
  20 May 2026 and on 30 June 2025 (before the months); ``sekolah`` by c on
  3 July 2025, its file downloaded by a on 3 June 2026; ``rentan`` seen
  on 2 June 2026 (not public: only in the portal's totals); the Beranda
  seen once;
- two downloads of ``rentan``'s extract with a token (the access
  requests' log), one data request filed on 10 June 2026.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from ckan import model
from ckan.common import config
from ckan.tests import factories, helpers

from ckanext.satudata.accessrequests import model as access_tables
from ckanext.satudata.performance import cache
from ckanext.satudata.testing import sdi_fields
from tests.datarequests import support as data
from tests.indicators.support import as_user

from . import support

pytestmark = [
    pytest.mark.usefixtures("clean_db", "with_plugins"),
    pytest.mark.ckan_config("ckanext.satudata.performance.cache_seconds", "0"),
]

WIB = dt.timezone(dt.timedelta(hours=7))
TODAY = dt.datetime(2026, 6, 15, 10, tzinfo=WIB)
MONTHS = ["2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12",
          "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
LABELS = ["Juli 2025", "Agustus 2025", "September 2025", "Oktober 2025",
          "November 2025", "Desember 2025", "Januari 2026", "Februari 2026",
          "Maret 2026", "April 2026", "Mei 2026", "Juni 2026"]
HIDDEN = ("rentan", "Penduduk Rentan")


def raw_visits(rows: list[tuple[str, str, str, str]]) -> None:
    model.Session.execute(sa.text(
        "INSERT INTO tracking_raw (user_key, url, tracking_type, access_timestamp)"
        " VALUES (:key, :url, :kind, :moment)"),
        [{"key": key, "url": url, "kind": kind, "moment": moment}
         for key, url, kind, moment in rows])
    model.Session.commit()


def token_download(dataset: dict[str, Any], moment: dt.datetime, n: int) -> None:
    if n == 0:
        model.Session.execute(access_tables.item_table.insert().values(
            id="item-1", request_id="request-1", position=0,
            dataset_id=dataset["id"], dataset_title=dataset["title"], level=2,
            variables=[], format="csv"))
    model.Session.execute(access_tables.download_table.insert().values(
        id=f"download-{n}", request_id="request-1", item_id="item-1",
        token_id="token-1", user_id="someone", ip="127.0.0.1", sha256="0" * 64,
        downloaded=moment))
    model.Session.commit()


@pytest.fixture
def portal(freezer: Any) -> dict[str, Any]:
    freezer.move_to(TODAY)
    found = support.people()
    for name, title, organization, fields in (
            ("penduduk", "Jumlah Penduduk", "dinkes", {}),
            ("puskesmas", "Jumlah Puskesmas", "dinkes", {}),
            ("rentan", "Penduduk Rentan", "dinkes",
             {"keterbukaan": "terbatas", "kategori": "data_mikro"}),
            ("sekolah", "Jumlah Sekolah", "disdik",
             {"kategori": "data_kewilayahan", "urusan": "1.01"})):
        found[name] = factories.Dataset(
            name=name, title=title, owner_org=found[organization]["id"],
            **sdi_fields(**{"urusan": "1.02", **fields}))
    factories.Resource(package_id=found["sekolah"]["id"],
                       url="http://data.example/sekolah.csv")
    raw_visits([
        ("a", "/dataset/penduduk", "page", "2026-06-01 08:00"),
        ("b", "/dataset/penduduk", "page", "2026-06-01 09:00"),
        ("a", "/dataset/penduduk", "page", "2026-05-20 09:00"),
        ("a", "/dataset/penduduk", "page", "2025-06-30 09:00"),
        ("c", "/dataset/sekolah", "page", "2025-07-03 09:00"),
        ("a", "http://data.example/sekolah.csv", "resource", "2026-06-03 10:00"),
        ("a", "/dataset/rentan", "page", "2026-06-02 10:00"),
        ("a", "/", "page", "2026-06-01 07:00"),
    ])
    for n, day in enumerate((3, 4)):
        token_download(found["rentan"], dt.datetime(2026, 6, day, 3, tzinfo=WIB), n)
    helpers.call_action(
        "satudata_data_request_create", as_user(found["plain"]),
        **{**data.FIELDS, "requester_kind": "perorangan", "datasets": ["penduduk"],
           "pernyataan": data.Upload(data.blank_pdf(), "pernyataan.pdf")})
    return found


def test_the_figures_for_every_role_and_their_cache(
        portal: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    figures = helpers.call_action("satudata_performance_statistics", as_user(None))
    assert (figures["start"], figures["end"], figures["months"]) == (
        "2025-07-01", "2026-06-15", 12)
    assert {key: figures[key] for key in ("datasets", "producers", "views",
                                          "downloads", "restricted_downloads")} == {
        "datasets": 3, "producers": 2, "views": 7, "downloads": 1,
        "restricted_downloads": 2}
    usage = figures["usage"]
    assert (usage["views"], usage["downloads"]) == (4, 1)
    assert [(m["month"], m["label"]) for m in usage["months"]] == list(
        zip(MONTHS, LABELS, strict=True))
    assert {m["month"]: (m["views"], m["downloads"]) for m in usage["months"]
            if m["views"] or m["downloads"]} == {
        "2025-07": (1, 0), "2026-05": (1, 0), "2026-06": (2, 1)}
    assert [(d["name"], d["views"], d["downloads"]) for d in usage["top"]] == [
        ("penduduk", 3, 0), ("sekolah", 1, 1)]
    assert figures["categories"] == [
        {"code": "data_dasar", "count": 2, "label": "Data Dasar"},
        {"code": "data_kewilayahan", "count": 1, "label": "Data Kewilayahan"}]
    assert [(item["code"], item["count"]) for item in figures["urusan"]] == [
        ("1.02", 2), ("1.01", 1)]
    assert figures["requests"] == {
        "data": {"received": 1, "answered": 0, "in_time": 0, "rejected": 0,
                 "in_progress": 1, "percent_in_time": None},
        "access": {"received": 0, "answered": 0, "in_time": 0, "in_progress": 0,
                   "percent_in_time": None}}
    assert not any(hidden in str(figures) for hidden in HIDDEN)
    # the same public figures for everyone
    for role in support.ROLES:
        assert helpers.call_action("satudata_performance_statistics",
                                   as_user(portal[role])) == figures, role
    # fewer months
    three = helpers.call_action("satudata_performance_statistics", as_user(None),
                                months=3)
    assert three["start"] == "2026-04-01"
    assert [(m["month"], m["views"]) for m in three["usage"]["months"]] == [
        ("2026-04", 0), ("2026-05", 1), ("2026-06", 2)]
    assert three["usage"]["views"] == 3
    for wrong in (0, 37, "dua", ""):
        with pytest.raises(tk.ValidationError) as refused:
            helpers.call_action("satudata_performance_statistics", as_user(None),
                                months=wrong)
        assert "months" in refused.value.error_dict

    # kept in Redis for cache_seconds, until a walidata's mark
    def views() -> int:
        return helpers.call_action("satudata_performance_statistics",
                                   as_user(None))["usage"]["views"]

    monkeypatch.setitem(config, "ckanext.satudata.performance.cache_seconds", "600")
    cache.invalidate()  # nothing left from another run
    assert views() == 4
    raw_visits([("d", "/dataset/puskesmas", "page", "2026-06-14 10:00")])
    assert views() == 4
    helpers.call_action("satudata_performance_mark", as_user(portal["walidata"]),
                        id="puskesmas", indikator_kinerja="ya",
                        kinerja_komponen="jumlah", kinerja_target="2026: 10",
                        kinerja_arah="naik")
    assert views() == 5


def _cells(soup: BeautifulSoup, selector: str) -> list[list[str]]:
    return [[" ".join(cell.get_text(" ", strip=True).split())
             for cell in row.find_all(["th", "td"])]
            for row in soup.select(f"{selector} tbody tr")]


def test_the_page_in_indonesian_for_anonymous_and_staff(
        app: Any, portal: dict[str, Any]) -> None:
    for role in ("anonymous", "operator", "walidata"):
        headers = {"Authorization": factories.APIToken(
            user=portal[role]["name"])["token"]} if portal[role] else {}
        response = app.get("/statistik", headers=headers)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert not any(hidden in html for hidden in HIDDEN)
        soup = BeautifulSoup(html, "html.parser")
        assert soup.select_one("h1.page-heading").get_text(strip=True) == (
            "Statistik Portal")
        figures = {" ".join(node.find("dt").get_text(" ", strip=True).split()):
                   node.find("dd").get_text(strip=True)
                   for node in soup.select(".satudata-figure")}
        assert figures == {"Dataset terbit": "3", "Produsen Data": "2",
                           "Kunjungan halaman": "7", "Unduhan": "1"}
        months = _cells(soup, "table.satudata-usage-table")
        assert [row[0] for row in months] == LABELS
        assert months[0] == ["Juli 2025", "1", "0"]
        assert months[-1] == ["Juni 2026", "2", "1"]
        assert [svg["aria-label"] for svg in soup.select("svg.satudata-chart")] == [
            "Tampilan per bulan", "Unduhan per bulan", "Dataset per kategori",
            "Dataset per urusan"]
        assert _cells(soup, "table.satudata-top-table") == [
            ["Jumlah Penduduk", "3", "0"], ["Jumlah Sekolah", "1", "1"]]
        assert _cells(soup, "table.satudata-categories-table") == [
            ["Data Dasar", "2"], ["Data Kewilayahan", "1"]]
        assert _cells(soup, "table.satudata-urusan-table") == [
            ["Kesehatan", "2"], ["Pendidikan", "1"]]
        assert soup.select_one("table.satudata-categories-table a")["href"] == (
            "/dataset/?kategori=data_dasar")
        assert _cells(soup, "table.satudata-requests-table") == [
            ["Permohonan Data", "1", "0", "0", "1"],
            ["Layanan Akses Data", "0", "0", "0", "0"]]
        text = " ".join(soup.get_text(" ").split())
        assert "Data terbatas diunduh melalui layanan akses data: 2 kali." in text
        assert "1 Juli 2025 s.d. 15 Juni 2026" in text
        navigation = soup.select_one("#main-navigation-toggle ul")
        assert navigation.select_one("li.active a[aria-current=page]")[
            "href"] == "/statistik"
