"""Use of the data (``monitoring/usage.py``): views and downloads per
dataset, OPD and month from CKAN's tracking tables, with a hand-made
fixture and its exact figures.

The fixture: OPD ``disdukcapil`` with ``penduduk`` (public, a link
resource) and ``rentan`` (terbatas), a deleted dataset ``lama``; OPD
``disdik`` with ``sekolah`` (public, an external resource). CKAN's
summary (``ckan tracking update``) holds the days up to 10 March 2026; the
raw visits of 10 March on are read from ``tracking_raw``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories, helpers

from ckanext.satudata.accessrequests import model as access_tables
from ckanext.satudata.monitoring import api as monitoring
from ckanext.satudata.testing import sdi_fields

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
START, END = JAN, dt.date(2026, 3, 31)
SITE = "http://test.ckan.net"


def _insert(table: str, rows: list[dict[str, Any]]) -> None:
    columns = list(rows[0])
    model.Session.execute(sa.text(
        f"INSERT INTO {table} ({', '.join(columns)})"
        f" VALUES ({', '.join(':' + c for c in columns)})"), rows)
    model.Session.commit()


def _summary(url: str, kind: str, count: int, day: str) -> dict[str, Any]:
    return {"url": url, "package_id": None, "tracking_type": kind, "count": count,
            "running_total": 0, "recent_views": 0, "tracking_date": day}


def _raw(key: str, url: str, kind: str, moment: str) -> dict[str, Any]:
    return {"user_key": key, "url": url, "tracking_type": kind,
            "access_timestamp": moment}


def _token_download(dataset: dict[str, Any], moment: dt.datetime) -> None:
    """A download of a delivered extract of ``dataset`` (the access requests'
    log) at ``moment``."""
    item_id = model.Session.execute(
        sa.select(access_tables.item_table.c.id)
        .where(access_tables.item_table.c.dataset_id == dataset["id"])).scalar()
    if item_id is None:
        item_id = f"item-{dataset['name']}"
        model.Session.execute(access_tables.item_table.insert().values(
            id=item_id, request_id="request-1", position=0,
            dataset_id=dataset["id"], dataset_title=dataset["title"], level=2,
            variables=[], format="csv"))
    model.Session.execute(access_tables.download_table.insert().values(
        id=f"download-{moment.isoformat()}", request_id="request-1",
        item_id=item_id, token_id="token-1", user_id="someone", ip="127.0.0.1",
        sha256="0" * 64, downloaded=moment))
    model.Session.commit()


@pytest.fixture
def portal() -> dict[str, Any]:
    disdukcapil = factories.Organization(name="disdukcapil")
    disdik = factories.Organization(name="disdik")
    penduduk = factories.Dataset(name="penduduk", title="Jumlah Penduduk",
                                 owner_org=disdukcapil["id"], **sdi_fields())
    link = factories.Resource(package_id=penduduk["id"], url="http://files.example/p.csv")
    rentan = factories.Dataset(name="rentan", title="Penduduk Rentan",
                               owner_org=disdukcapil["id"],
                               **sdi_fields(keterbukaan="terbatas"))
    lama = factories.Dataset(name="lama", owner_org=disdukcapil["id"], **sdi_fields())
    helpers.call_action("package_delete", {"user": factories.Sysadmin()["name"]},
                        id=lama["id"])
    sekolah = factories.Dataset(name="sekolah", title="Jumlah Sekolah",
                                owner_org=disdik["id"], **sdi_fields())
    factories.Resource(package_id=sekolah["id"], url="http://data.example/sekolah.csv")
    download = f"{SITE}/dataset/{penduduk['id']}/resource/{link['id']}/download/p.csv"
    _insert("tracking_summary", [
        _summary("/dataset/penduduk", "page", 5, "2026-01-15"),
        _summary("/dataset/penduduk", "page", 3, "2026-02-02"),
        _summary("/en/dataset/penduduk", "page", 2, "2026-02-03"),  # language prefix
        _summary(f"/dataset/{penduduk['id']}", "page", 1, "2026-02-04"),  # by id
        _summary("/dataset/penduduk/resource/x", "page", 4, "2026-02-04"),  # not a view
        _summary("/dataset/", "page", 10, "2026-01-05"),  # the search page
        _summary("/", "page", 7, "2026-01-05"),
        _summary(download, "resource", 2, "2026-01-20"),
        _summary("http://data.example/sekolah.csv", "resource", 3, "2026-02-10"),
        _summary("/dataset/sekolah", "page", 4, "2026-03-05"),
        _summary("/dataset/rentan", "page", 6, "2026-01-10"),
        _summary("/dataset/lama", "page", 9, "2026-01-10"),  # deleted
        _summary("/dataset/penduduk", "page", 100, "2025-12-31"),  # before
        # the last summed day: read again from the raw visits
        _summary("/dataset/penduduk", "page", 50, "2026-03-10"),
    ])
    _insert("tracking_raw", [
        # summed up already: not counted twice
        _raw("c", "/dataset/sekolah", "page", "2026-02-20 10:00"),
        _raw("a", "/dataset/penduduk", "page", "2026-03-10 09:00"),
        _raw("a", "/dataset/penduduk", "page", "2026-03-10 15:00"),  # same day
        _raw("a", "/dataset/penduduk", "page", "2026-03-11 08:00"),
        _raw("b", "/dataset/penduduk", "page", "2026-03-11 08:30"),
        _raw("a", "http://data.example/sekolah.csv", "resource", "2026-03-12 11:00"),
        _raw("c", "/dataset/sekolah", "page", "2026-04-01 10:00"),  # after
    ])
    utc = dt.timezone.utc
    _token_download(rentan, dt.datetime(2026, 1, 15, 5, tzinfo=utc))
    # 20:00 UTC on 31 January is 1 February in Semarang (WIB)
    _token_download(rentan, dt.datetime(2026, 1, 31, 20, tzinfo=utc))
    _token_download(rentan, dt.datetime(2026, 2, 10, 5, tzinfo=utc))
    return {"disdukcapil": disdukcapil, "disdik": disdik, "penduduk": penduduk,
            "rentan": rentan, "sekolah": sekolah}


def _by_name(usage: monitoring.Usage) -> dict[str, tuple[int, int, int]]:
    return {d.name: (d.views, d.downloads, d.access_downloads) for d in usage.datasets}


def test_views_and_downloads_per_dataset_opd_and_month(
        portal: dict[str, Any]) -> None:
    usage = monitoring.usage_figures(START, END)
    assert _by_name(usage) == {
        "penduduk": (5 + 3 + 2 + 1 + 3, 2, 0),
        "rentan": (6, 0, 3),
        "sekolah": (4, 3 + 1, 0),
    }
    # most used first: 16, 9, 8
    assert [d.name for d in usage.datasets] == ["penduduk", "rentan", "sekolah"]
    assert (usage.views, usage.downloads, usage.access_downloads) == (24, 6, 3)
    assert [(m.month, m.start, m.views, m.downloads, m.access_downloads)
            for m in usage.months] == [
        ("2026-01", JAN, 5 + 6, 2, 1),
        ("2026-02", FEB, 6, 3, 2),
        ("2026-03", MAR, 3 + 4, 1, 0),
    ]
    assert [(o.name, o.title, o.datasets, o.views, o.downloads, o.access_downloads)
            for o in usage.organizations] == [
        ("disdukcapil", portal["disdukcapil"]["title"], 2, 20, 2, 3),
        ("disdik", portal["disdik"]["title"], 1, 4, 4, 0),
    ]
    shown = usage.as_dict()
    assert shown["start"] == "2026-01-01" and shown["end"] == "2026-03-31"
    assert shown["datasets"][0] == {
        "package_id": portal["penduduk"]["id"], "name": "penduduk",
        "title": "Jumlah Penduduk", "organization_id": portal["disdukcapil"]["id"],
        "views": 14, "downloads": 2, "access_downloads": 0, "total": 16}
    assert shown["months"][1] == {"month": "2026-02", "start": "2026-02-01",
                                  "views": 6, "downloads": 3, "access_downloads": 2}
    # only the public datasets, or some OPDs
    public = monitoring.usage_figures(START, END, public_only=True)
    assert _by_name(public) == {"penduduk": (14, 2, 0), "sekolah": (4, 4, 0)}
    assert (public.views, public.downloads, public.access_downloads) == (18, 6, 0)
    disdik = monitoring.usage_figures(START, END, [portal["disdik"]["id"]])
    assert _by_name(disdik) == {"sekolah": (4, 4, 0)}
    assert [(m.views, m.downloads) for m in disdik.months] == [(0, 0), (0, 3), (4, 1)]
    assert [o.name for o in disdik.organizations] == ["disdik"]
    assert monitoring.usage_figures(START, END, []).datasets == ()


def test_windows_and_the_last_summed_day(portal: dict[str, Any]) -> None:
    january = monitoring.usage_figures(JAN, dt.date(2026, 1, 31))
    assert _by_name(january) == {"penduduk": (5, 2, 0), "rentan": (6, 0, 1)}
    # from the last summed day on: the raw visits only
    late = monitoring.usage_figures(dt.date(2026, 3, 10), dt.date(2026, 4, 30))
    assert _by_name(late) == {"penduduk": (3, 0, 0), "sekolah": (1, 1, 0)}
    assert [(m.month, m.views, m.downloads) for m in late.months] == [
        ("2026-03", 3, 1), ("2026-04", 1, 0)]
    # one day
    day = monitoring.usage_figures(dt.date(2026, 3, 11), dt.date(2026, 3, 11))
    assert _by_name(day) == {"penduduk": (2, 0, 0)}
    # without any summary every day comes from the raw visits
    model.Session.execute(sa.text("DELETE FROM tracking_summary"))
    model.Session.commit()
    usage = monitoring.usage_figures(START, END)
    assert _by_name(usage) == {"penduduk": (3, 0, 0), "sekolah": (1, 1, 0),
                               "rentan": (0, 0, 3)}


def test_most_used(portal: dict[str, Any]) -> None:
    names = [d.name for d in monitoring.most_used(START, END, by="views")]
    assert names == ["penduduk", "rentan", "sekolah"]
    # downloads: tracked and token downloads
    assert [(d.name, d.downloads + d.access_downloads)
            for d in monitoring.most_used(START, END, by="downloads")] == [
        ("sekolah", 4), ("rentan", 3), ("penduduk", 2)]
    assert [d.name for d in monitoring.most_used(START, END, limit=2)] == [
        "penduduk", "rentan"]
    assert [d.name for d in monitoring.most_used(START, END, public_only=True,
                                                 by="downloads", limit=1)] == [
        "sekolah"]
    assert [m.views for m in monitoring.usage_by_month(START, END)] == [11, 6, 7]
    with pytest.raises(ValueError):
        monitoring.most_used(START, END, by="likes")
    # months without any use
    usage = monitoring.usage_figures(dt.date(2026, 11, 15), dt.date(2027, 1, 10))
    assert usage.datasets == () and usage.organizations == ()
    assert [(m.month, m.views, m.downloads) for m in usage.months] == [
        ("2026-11", 0, 0), ("2026-12", 0, 0), ("2027-01", 0, 0)]


def test_downloads_of_the_published_values(portal: dict[str, Any]) -> None:
    """The dataset page's CSV/Excel/JSON buttons carry CKAN's tracking class:
    their clicks come as ``resource`` visits of ``/dataset/<ref>/data.<kind>``."""
    views, downloads, tokens = _by_name(monitoring.usage_figures(START, END))["sekolah"]
    _insert("tracking_raw", [
        _raw("d", "/dataset/sekolah/data.csv", "resource", "2026-03-20 09:00"),
        _raw("d", f"{SITE}/en/dataset/{portal['sekolah']['id']}/data.xlsx",
             "resource", "2026-03-20 09:05"),
        _raw("e", "/dataset/sekolah/data.json?v=2", "resource", "2026-03-21 09:00"),
        _raw("e", "/dataset/sekolah/data.txt", "resource", "2026-03-21 09:01"),  # none
        _raw("f", "/dataset/sekolah/data.csv", "page", "2026-03-21 09:02"),  # a page
    ])
    assert _by_name(monitoring.usage_figures(START, END))["sekolah"] == (
        views, downloads + 3, tokens)
