"""Archive names and retention (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.satudata.backup import naming

UTC = dt.timezone.utc


@pytest.mark.parametrize(("site_id", "site_url", "expected"), [
    ("test.ckan.net", "", "test.ckan.net"),
    ("", "https://data.semarangkota.go.id/portal", "data.semarangkota.go.id"),
    ("Satu Data_Kota!", "", "satu-data-kota"),
    ("", "", "ckan"),
    ("--..", "", "ckan"),
])
def test_site_slug(site_id: str, site_url: str, expected: str) -> None:
    assert naming.site_slug(site_id, site_url) == expected


def test_names_round_trip() -> None:
    when = dt.datetime(2026, 12, 4, 23, 5, 9, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    name = naming.archive_name("portal-a.example", when)
    assert name == "satudata-backup-portal-a.example-20261204T160509Z.tar"
    parsed = naming.parse(name)
    assert parsed is not None
    assert parsed.site == "portal-a.example"
    assert parsed.created == dt.datetime(2026, 12, 4, 16, 5, 9, tzinfo=UTC)
    partial = naming.partial_name(name)
    assert partial.startswith(".") and partial.endswith(".partial")
    assert naming.parse(partial) is None


@pytest.mark.parametrize("name", [
    "satudata-backup-site-20261204T160509Z.tar.gz",
    "satudata-backup-20261204T160509Z.tar",
    "satudata-backup-site-2026-12-04.tar",
    "other-site-20261204T160509Z.tar",
    ".satudata-backup-site-20261204T160509Z.tar.partial",
])
def test_other_files_are_no_archives(name: str) -> None:
    assert naming.parse(name) is None


def _name(site: str, day: int, hour: int = 0) -> str:
    return naming.archive_name(site, dt.datetime(2026, 11, day, hour, tzinfo=UTC))


@pytest.mark.parametrize(("keep", "expected_days"), [
    (7, []),
    (3, [1, 2, 3, 4]),
    (1, [1, 2, 3, 4, 5, 6]),
    (0, []),  # 0 keeps everything
    (-1, []),
])
def test_retention_deletes_the_oldest_of_the_site(keep: int,
                                                  expected_days: list[int]) -> None:
    own = [_name("a.example", day) for day in (5, 1, 7, 3, 2, 6, 4)]
    others = [_name("b.example", 1), _name("a.example.old", 1), "notes.txt",
              naming.partial_name(_name("a.example", 8)), "a.example.tar"]
    deleted = naming.to_delete([*own, *others], "a.example", keep)
    assert deleted == [_name("a.example", day) for day in expected_days]


def test_retention_orders_by_time_not_by_listing() -> None:
    names = [_name("s", 2, 10), _name("s", 2, 9), _name("s", 10, 0), _name("s", 2, 11)]
    assert naming.to_delete(names, "s", 2) == [_name("s", 2, 9), _name("s", 2, 10)]
