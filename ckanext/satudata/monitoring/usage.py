"""How much the data are used: views and downloads per dataset, per OPD
and per month of a window, and the most used datasets (seed §5.8 item 4,
§8.1.1 item 5).

Counted from CKAN's ``tracking`` plugin, read only:

- a **view** is a visit of a dataset's page (``/dataset/<name or id>``,
  with or without a language prefix), a **download** a click on a
  resource's link (``tracking_type`` ``resource``: its URL names the
  resource, or is an external resource's URL); one per visitor, URL and
  day, as CKAN counts them;
- the days ``ckan tracking update`` has summed up come from
  ``tracking_summary``, the later ones (at least the last summed day,
  which may have been summed while it was still going on) from
  ``tracking_raw``, so that the figures are current between two runs;
- the portal's own downloads of the published values
  (``/dataset/<id>/data.csv|json|xlsx``) are counted when tracked (their
  links do not carry the tracking class yet: today they are not);
- ``access_downloads``: downloads of restricted extracts with a download
  token (the access requests' download log), per dataset.

Only active datasets count (``public_only``: only those anyone may read);
the OPD of a dataset is its organization now.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.satudata.accessrequests import api as accessrequests

VIEW, DOWNLOAD = "page", "resource"
_PAGE = re.compile(r"^(?:/[A-Za-z]{2}(?:[_-][A-Za-z]{2,4})?)?/dataset/([^/?#]+)/?$")
_RESOURCE = re.compile(
    r"/dataset/[^/?#]+/resource/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
    r"-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:[/?#]|$)")
_GENERATED = re.compile(r"/dataset/([^/?#]+)/data\.(?:csv|json|xlsx)(?:[?#]|$)")
_ORDERS = ("views", "downloads", "total")


@dataclasses.dataclass(frozen=True)
class DatasetUsage:
    package_id: str
    name: str
    title: str
    organization_id: str | None
    views: int
    downloads: int
    access_downloads: int = 0

    @property
    def total(self) -> int:
        return self.views + self.downloads + self.access_downloads

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "total": self.total}


@dataclasses.dataclass(frozen=True)
class OrganizationUsage:
    organization_id: str
    name: str
    title: str
    datasets: int  # datasets with at least one view or download
    views: int
    downloads: int
    access_downloads: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class MonthUsage:
    month: str  # "2026-07"
    start: dt.date  # its first day
    views: int
    downloads: int
    access_downloads: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "start": self.start.isoformat()}


@dataclasses.dataclass(frozen=True)
class Usage:
    start: dt.date
    end: dt.date
    views: int
    downloads: int
    access_downloads: int
    #: datasets with any use, most used first (views + downloads)
    datasets: tuple[DatasetUsage, ...]
    #: OPDs with any use, most used first
    organizations: tuple[OrganizationUsage, ...]
    #: every month of the window, oldest first (zeros included)
    months: tuple[MonthUsage, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(), "end": self.end.isoformat(),
            "views": self.views, "downloads": self.downloads,
            "access_downloads": self.access_downloads,
            "datasets": [d.as_dict() for d in self.datasets],
            "organizations": [o.as_dict() for o in self.organizations],
            "months": [m.as_dict() for m in self.months],
        }


# ---- reading CKAN's tracking tables ----------------------------------------------

def _has_tracking() -> bool:
    return sa.inspect(model.meta.engine).has_table("tracking_raw")


def _summed_until() -> dt.date | None:
    """The last day ``ckan tracking update`` summed up (``None``: none)."""
    return model.Session.execute(
        sa.text("SELECT max(tracking_date) FROM tracking_summary")).scalar()


def _tracked(start: dt.date, end: dt.date) -> list[tuple[str, str, dt.date, int]]:
    """``(url, type, first day of the month, count)`` of the window."""
    if not _has_tracking() or end < start:
        return []
    summed = _summed_until()
    rows: list[Any] = []
    if summed is not None and summed > start:
        rows += model.Session.execute(sa.text(
            "SELECT url, tracking_type, date_trunc('month', tracking_date)::date,"
            " sum(count) FROM tracking_summary"
            " WHERE tracking_date >= :start AND tracking_date <= :until"
            " AND tracking_type IN ('page', 'resource')"
            " GROUP BY 1, 2, 3"
        ), {"start": start, "until": min(end, summed - dt.timedelta(days=1))}).all()
    raw_start = max(start, summed) if summed is not None else start
    if raw_start <= end:
        rows += model.Session.execute(sa.text(
            "SELECT url, tracking_type, date_trunc('month', day)::date, count(*)"
            " FROM (SELECT DISTINCT user_key, url, tracking_type,"
            " access_timestamp::date AS day FROM tracking_raw"
            " WHERE access_timestamp >= :start AND access_timestamp < :after"
            " AND tracking_type IN ('page', 'resource')) AS visits"
            " GROUP BY 1, 2, 3"
        ), {"start": dt.datetime.combine(raw_start, dt.time()),
            "after": dt.datetime.combine(end + dt.timedelta(days=1), dt.time())}
        ).all()
    return [(url or "", kind, _day(month), int(count or 0))
            for url, kind, month, count in rows]


def _day(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# ---- which dataset a URL is about ------------------------------------------------

@dataclasses.dataclass
class _Catalogue:
    """The datasets counted and how URLs name them."""

    packages: dict[str, dict[str, Any]]  # id → id, name, title, organization_id
    by_ref: dict[str, str]  # name or id → id
    by_resource: dict[str, str]  # resource id → package id
    by_resource_url: dict[str, str]  # an external resource's URL → package id

    def page(self, url: str) -> str | None:
        match = _PAGE.match(_path(url))
        return self.by_ref.get(match.group(1)) if match else None

    def download(self, url: str) -> str | None:
        match = _RESOURCE.search(url)
        if match:
            return self.by_resource.get(match.group(1).lower())
        match = _GENERATED.search(url)
        if match:
            return self.by_ref.get(match.group(1))
        return self.by_resource_url.get(url.strip())


def _path(url: str) -> str:
    """The path of ``url`` (tracked page URLs are paths already)."""
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.I)
    return path.split("?", 1)[0].split("#", 1)[0]


def _catalogue(organization_ids: list[str] | None, public_only: bool) -> _Catalogue:
    package = model.package_table
    statement = sa.select(package.c.id, package.c.name, package.c.title,
                          package.c.owner_org).where(
        package.c.state == "active", package.c.type == "dataset")
    if organization_ids is not None:
        statement = statement.where(package.c.owner_org.in_(organization_ids))
    if public_only:
        statement = statement.where(package.c.private.is_(False))
    packages = {
        row.id: {"id": row.id, "name": row.name, "title": row.title or row.name,
                 "organization_id": row.owner_org}
        for row in model.Session.execute(statement)
    }
    by_ref = {**{p["name"]: p["id"] for p in packages.values()},
              **{p["id"]: p["id"] for p in packages.values()}}
    resource = model.resource_table
    by_resource: dict[str, str] = {}
    by_resource_url: dict[str, str] = {}
    if packages:
        for row in model.Session.execute(
                sa.select(resource.c.id, resource.c.package_id, resource.c.url,
                          resource.c.url_type)
                .where(resource.c.package_id.in_(list(packages)))):
            by_resource[row.id.lower()] = row.package_id
            if not row.url_type and row.url and "://" in row.url:
                by_resource_url[row.url.strip()] = row.package_id
    return _Catalogue(packages, by_ref, by_resource, by_resource_url)


# ---- the figures -------------------------------------------------------------------

def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    found, month = [], start.replace(day=1)
    while month <= end:
        found.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return found


def figures(start: dt.date, end: dt.date, organization_ids: list[str] | None = None,
            *, public_only: bool = False) -> Usage:
    """Views and downloads from ``start`` to ``end`` (both included) of the
    active datasets of ``organization_ids`` (``None``: every OPD):
    totals, per dataset, per OPD and per month.

    :param public_only: only the datasets anyone may read (public pages)
    """
    catalogue = _catalogue(organization_ids, public_only)
    counts: dict[tuple[str, str, dt.date], int] = defaultdict(int)
    for url, kind, month, count in _tracked(start, end):
        package_id = catalogue.page(url) if kind == VIEW else catalogue.download(url)
        if package_id is not None:
            counts[(package_id, kind, month)] += count
    restricted: dict[tuple[str, dt.date], int] = defaultdict(int)
    for row in accessrequests.download_counts(start, end):
        if row["dataset_id"] in catalogue.packages:
            restricted[(row["dataset_id"], row["month"])] += row["downloads"]
    return _assemble(start, end, catalogue, counts, restricted)


def _assemble(start: dt.date, end: dt.date, catalogue: _Catalogue,
              counts: dict[tuple[str, str, dt.date], int],
              restricted: dict[tuple[str, dt.date], int]) -> Usage:
    per_dataset: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    per_month: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (package_id, kind, month), count in counts.items():
        slot = 0 if kind == VIEW else 1
        per_dataset[package_id][slot] += count
        per_month[month][slot] += count
    for (package_id, month), count in restricted.items():
        per_dataset[package_id][2] += count
        per_month[month][2] += count
    datasets = sorted(
        (DatasetUsage(
            package_id=package_id, name=catalogue.packages[package_id]["name"],
            title=catalogue.packages[package_id]["title"],
            organization_id=catalogue.packages[package_id]["organization_id"],
            views=views, downloads=downloads, access_downloads=access)
         for package_id, (views, downloads, access) in per_dataset.items()
         if views or downloads or access),
        key=lambda d: (-d.total, -d.views, d.title.casefold(), d.package_id))
    return Usage(
        start=start, end=end,
        views=sum(d.views for d in datasets),
        downloads=sum(d.downloads for d in datasets),
        access_downloads=sum(d.access_downloads for d in datasets),
        datasets=tuple(datasets),
        organizations=tuple(_per_organization(datasets)),
        months=tuple(
            MonthUsage(month.strftime("%Y-%m"), month, *per_month[month])
            for month in _months(start, end)),
    )


def _per_organization(datasets: Iterable[DatasetUsage]) -> list[OrganizationUsage]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for dataset in datasets:
        if dataset.organization_id:
            found = sums[dataset.organization_id]
            found[0] += 1
            found[1] += dataset.views
            found[2] += dataset.downloads
            found[3] += dataset.access_downloads
    groups = {group.id: group for group in model.Session.query(model.Group)
              .filter(model.Group.id.in_(list(sums)))} if sums else {}
    found = [
        OrganizationUsage(
            organization_id=org_id,
            name=groups[org_id].name if org_id in groups else "",
            title=(groups[org_id].title or groups[org_id].name)
            if org_id in groups else "",
            datasets=count, views=views, downloads=downloads,
            access_downloads=access)
        for org_id, (count, views, downloads, access) in sums.items()
    ]
    return sorted(found, key=lambda o: (-(o.views + o.downloads + o.access_downloads),
                                        o.title.casefold(), o.organization_id))


def by_month(start: dt.date, end: dt.date, organization_ids: list[str] | None = None,
             *, public_only: bool = False) -> list[MonthUsage]:
    """Views and downloads of every month from ``start`` to ``end`` (oldest
    first, months without any included)."""
    return list(figures(start, end, organization_ids, public_only=public_only).months)


def most_used(start: dt.date, end: dt.date, organization_ids: list[str] | None = None,
              *, limit: int = 10, by: str = "total",
              public_only: bool = False) -> list[DatasetUsage]:
    """The ``limit`` most used datasets of the window, by ``views``,
    ``downloads`` (tracked and token downloads) or ``total``."""
    if by not in _ORDERS:
        raise ValueError(f"by must be one of {', '.join(_ORDERS)}")
    datasets = figures(start, end, organization_ids, public_only=public_only).datasets

    def key(d: DatasetUsage) -> tuple[int, int, str, str]:
        measure = {"views": d.views, "downloads": d.downloads + d.access_downloads,
                   "total": d.total}[by]
        return -measure, -d.total, d.title.casefold(), d.package_id

    return [d for d in sorted(datasets, key=key)
            if (d.views if by == "views" else
                d.downloads + d.access_downloads if by == "downloads" else d.total)
            ][:max(0, limit)]
