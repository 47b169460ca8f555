"""Figures of the access requests for the monitoring and the portal
statistics: where each request filed in a window stands (delivered, in
time against the 12-working-day limit, late, returned, in progress,
rejected) and
the downloads of the delivered extracts per dataset and month. Numbers
only: nothing about a request's institution or its data."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.satudata.accessrequests import rules, stages, store
from ckanext.satudata.accessrequests.model import (
    download_table,
    item_table,
    request_table,
    stage_table,
)
from ckanext.satudata.calendar import api as calendar
from ckanext.satudata.config import display_zone
from ckanext.satudata.rows import every


@dataclasses.dataclass(frozen=True)
class AccessRequestFacts:
    """One access request as of a moment.

    ``delivered``: the extracts were handed over (Unduh Data opened, or the
    request completed); ``in_time``: delivered within the limit
    (``limit_days`` working days of the timed stages, returns not
    counted); ``late``: delivered late, or still open past the limit
    ("Terlambat"); ``returned``: waiting for the institution's corrections
    now; ``in_progress``: with the officers, not delivered yet;
    ``rejected``: rejected for good by the walidata (its time stops there)."""

    id: str
    organization_ids: tuple[str, ...]  # the OPDs owning the requested datasets
    filed: dt.date  # in the portal's zone
    status: str
    stage: str
    delivered: bool
    in_time: bool
    late: bool
    returned: bool
    in_progress: bool
    rejected: bool
    delivery_days: int

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "filed": self.filed.isoformat(),
                "organization_ids": list(self.organization_ids)}


def _utc_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the day before ``start`` to the day after ``end``, in UTC: wide
    enough for any zone (the exact days are kept in Python)."""
    return (dt.datetime.combine(start - dt.timedelta(days=1), dt.time(),
                                tzinfo=dt.timezone.utc),
            dt.datetime.combine(end + dt.timedelta(days=2), dt.time(),
                                tzinfo=dt.timezone.utc))


def _organizations(request_ids: list[str]) -> dict[str, tuple[str, ...]]:
    """Each request's OPDs: the owner of each requested dataset when filed
    (its current owner when that was not recorded)."""
    found: dict[str, set[str]] = {request_id: set() for request_id in request_ids}
    if not request_ids:
        return {}
    statement = (
        sa.select(item_table.c.request_id,
                  sa.func.coalesce(item_table.c.organization_id,
                                   model.package_table.c.owner_org)
                  .label("organization_id"))
        .select_from(item_table.outerjoin(
            model.package_table, model.package_table.c.id == item_table.c.dataset_id))
        .where(item_table.c.request_id.in_(request_ids))
    )
    for row in every(statement):
        if row["organization_id"]:
            found[row["request_id"]].add(row["organization_id"])
    return {request_id: tuple(sorted(ids)) for request_id, ids in found.items()}


def _stages(request_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {key: [] for key in request_ids}
    if request_ids:
        for row in every(sa.select(stage_table)
                         .where(stage_table.c.request_id.in_(request_ids))):
            found[row["request_id"]].append(row)
    return found


def facts(start: dt.date, end: dt.date, organization_ids: list[str] | None = None,
          now: dt.datetime | None = None) -> list[AccessRequestFacts]:
    """The access requests filed from ``start`` to ``end`` (days in the
    portal's zone, both included) asking for a dataset of one of
    ``organization_ids`` (``None``: all), as of ``now``."""
    now = now or store.now()
    since, until = _utc_bounds(start, end)
    rows = [row for row in every(
        sa.select(request_table)
        .where(request_table.c.created >= since, request_table.c.created < until)
        .order_by(request_table.c.created, request_table.c.id))
        if start <= calendar.local_date(row["created"]) <= end]
    ids = [row["id"] for row in rows]
    owners = _organizations(ids)
    stage_rows = _stages(ids)
    wanted = set(organization_ids) if organization_ids is not None else None
    found = []
    for row in rows:
        opds = owners.get(row["id"], ())
        if wanted is not None and not wanted.intersection(opds):
            continue
        timed = stage_rows[row["id"]]
        delivered = row["delivered"] is not None
        late = stages.late(timed, now)
        found.append(AccessRequestFacts(
            id=row["id"], organization_ids=opds,
            filed=calendar.local_date(row["created"]), status=row["status"],
            stage=row["stage"], delivered=delivered,
            in_time=delivered and not late, late=late,
            returned=row["status"] == rules.DIKEMBALIKAN,
            in_progress=not delivered and row["status"] == rules.DIPROSES,
            rejected=row["status"] == rules.DITOLAK,
            delivery_days=stages.delivery_days(timed, now),
        ))
    return found


def download_counts(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Downloads of delivered extracts (with a download token) from
    ``start`` to ``end`` (days in the portal's zone): one ``{"dataset_id",
    "month"`` (its first day)``, "downloads"}`` per dataset and month."""
    zone = display_zone().key
    day = sa.func.date(sa.func.timezone(zone, download_table.c.downloaded))
    month = sa.func.date_trunc("month", day)
    since, until = _utc_bounds(start, end)
    statement = (
        sa.select(item_table.c.dataset_id, month.label("month"),
                  sa.func.count().label("downloads"))
        .select_from(download_table.join(
            item_table, item_table.c.id == download_table.c.item_id))
        .where(download_table.c.downloaded >= since,
               download_table.c.downloaded < until,
               day >= start, day <= end)
        .group_by(item_table.c.dataset_id, month)
    )
    return [{"dataset_id": row["dataset_id"],
             "month": _date(row["month"]), "downloads": int(row["downloads"])}
            for row in every(statement)]


def _date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
