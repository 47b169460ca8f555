"""The monitoring figures, aggregated from the fact table
(:mod:`.facts`) for a window (:mod:`.window`) and a set of OPDs.

Definitions (``docs/monitoring.md`` says the same for the walidata):

- a period is **due** when it ends inside the window and before today;
- **filled**: a due period with at least one value saved (any state);
- **submitted**, **verified**, **published**: due periods that reached that
  state (a verified period counts as submitted, a published one as both);
- **tingkat keterisian** = filled ÷ due; **% terverifikasi** = verified ÷ due;
- **late**: published after its fill deadline (``late_days`` working days
  after it); **missing**: due, the deadline passed and not published;
  **kepatuhan pemutakhiran** = published by the deadline ÷ periods whose
  deadline passed;
- **days late** of a missing period: working days from its deadline to today;
- verification times: working days from the (last) submission to the
  verification and from the verification to the publication.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.satudata import vocabulary
from ckanext.satudata.calendar import api as calendar
from ckanext.satudata.monitoring import config
from ckanext.satudata.monitoring.model import period_table
from ckanext.satudata.monitoring.window import Window

COUNTS = ("due", "filled", "submitted", "verified", "published", "late",
          "overdue", "deadline_passed", "on_time", "returns", "cell_notes",
          "quality_flags", "changes_approved", "periods")
GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"


def _aggregates(today: dt.date) -> list[Any]:
    t = period_table
    due = t.c.period_end < today
    passed = sa.and_(due, t.c.deadline < today)
    published = t.c.state == "published"

    def count(condition: Any) -> Any:
        return sa.func.count().filter(condition)

    def median(column: Any) -> Any:
        return sa.func.percentile_cont(0.5).within_group(column).filter(
            sa.and_(due, column.isnot(None)))

    return [
        sa.func.count().label("periods"),
        count(due).label("due"),
        count(sa.and_(due, t.c.filled)).label("filled"),
        count(sa.and_(due, t.c.state.in_(("submitted", "verified", "published"))))
        .label("submitted"),
        count(sa.and_(due, t.c.state.in_(("verified", "published")))).label("verified"),
        count(sa.and_(due, published)).label("published"),
        count(passed).label("deadline_passed"),
        count(sa.and_(passed, published, t.c.late_days == 0)).label("on_time"),
        count(sa.and_(due, published, t.c.late_days > 0)).label("late"),
        count(sa.and_(passed, sa.not_(published))).label("overdue"),
        sa.func.coalesce(sa.func.max(t.c.late_days).filter(due), 0)
        .label("max_late_published"),
        sa.func.coalesce(sa.func.sum(t.c.returns).filter(due), 0).label("returns"),
        sa.func.coalesce(sa.func.sum(t.c.cell_notes).filter(due), 0)
        .label("cell_notes"),
        sa.func.coalesce(sa.func.sum(t.c.quality_flags).filter(due), 0)
        .label("quality_flags"),
        sa.func.coalesce(sa.func.sum(t.c.changes_approved).filter(due), 0)
        .label("changes_approved"),
        median(t.c.verify_days).label("verify_median"),
        sa.func.max(t.c.verify_days).filter(due).label("verify_max"),
        median(t.c.publish_days).label("publish_median"),
        sa.func.max(t.c.publish_days).filter(due).label("publish_max"),
    ]


def _scoped(statement: Any, window: Window, organization_ids: list[str] | None) -> Any:
    t = period_table
    statement = statement.where(t.c.period_end >= window.start,
                                t.c.period_end <= window.end)
    if organization_ids is not None:
        statement = statement.where(t.c.organization_id.in_(organization_ids))
    return statement


class _WorkingDays:
    """Working days from each deadline to ``today``, counted once per
    computation. Not kept longer: they change with the regional holidays,
    which any web process may change (a cache of the process would keep
    the old count in every other one)."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.counted: dict[dt.date, int] = {}

    def since(self, deadline: dt.date) -> int:
        days = self.counted.get(deadline)
        if days is None:
            days = self.counted[deadline] = calendar.working_days_between(
                deadline, self.today)
        return days


def _missing_days(window: Window, organization_ids: list[str] | None,
                  group: Any, today: dt.date) -> dict[Any, tuple[int, int]]:
    """Per group: (most, total) working days the missing periods are late."""
    t = period_table
    statement = _scoped(
        sa.select(group.label("key"), t.c.deadline, sa.func.count())
        .where(t.c.period_end < today, t.c.deadline < today,
               t.c.state != "published")
        .group_by(group, t.c.deadline), window, organization_ids)
    found: dict[Any, tuple[int, int]] = {}
    working_days = _WorkingDays(today)
    for key, deadline, count in model.Session.execute(statement):
        days = working_days.since(deadline)
        most, total = found.get(key, (0, 0))
        found[key] = (max(most, days), total + days * count)
    return found


def percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent with one decimal, ``None`` of 0."""
    if not whole:
        return None
    return round(100.0 * part / whole, 1)


def light(fill_rate: float | None) -> str:
    """The traffic light of a fill rate against the configured target."""
    if fill_rate is None:
        return NONE
    if fill_rate >= config.target_fill_rate():
        return GREEN
    if fill_rate >= config.warning_fill_rate():
        return AMBER
    return RED


def _finish(row: dict[str, Any], missing: tuple[int, int]) -> dict[str, Any]:
    result = {key: int(row.get(key) or 0) for key in COUNTS}
    result["fill_rate"] = percent(result["filled"], result["due"])
    result["verified_rate"] = percent(result["verified"], result["due"])
    result["published_rate"] = percent(result["published"], result["due"])
    result["compliance_rate"] = percent(result["on_time"], result["deadline_passed"])
    result["max_days_late"] = max(int(row.get("max_late_published") or 0), missing[0])
    result["missing_days_total"] = missing[1]
    for key in ("verify_median", "publish_median"):
        value = row.get(key)
        result[key] = round(float(value), 1) if value is not None else None
    for key in ("verify_max", "publish_max"):
        value = row.get(key)
        result[key] = int(value) if value is not None else None
    result["light"] = light(result["fill_rate"])
    return result


def _grouped(window: Window, organization_ids: list[str] | None, group: Any,
             today: dt.date) -> tuple[dict[Any, dict[str, Any]], dict[str, Any]]:
    """The figures per value of ``group`` and for everything together."""
    key = group.label("key")
    statement = _scoped(
        sa.select(key, *_aggregates(today)).group_by(
            sa.func.grouping_sets(sa.tuple_(group), sa.tuple_())),
        window, organization_ids)
    statement = statement.add_columns(
        sa.func.grouping(group).label("is_total"))
    missing = _missing_days(window, organization_ids, group, today)
    groups: dict[Any, dict[str, Any]] = {}
    total: dict[str, Any] | None = None
    for row in model.Session.execute(statement).mappings():
        if row["is_total"]:
            total = _finish(dict(row), (
                max((m for m, _t in missing.values()), default=0),
                sum(t for _m, t in missing.values())))
        else:
            groups[row["key"]] = _finish(dict(row), missing.get(row["key"], (0, 0)))
    return groups, total or _finish({}, (0, 0))


def _organizations(organization_ids: list[str] | None) -> list[model.Group]:
    """The OPDs figures are shown for: active organizations owning an
    active dataset (of ``organization_ids``)."""
    owning = sa.select(model.package_table.c.owner_org).where(
        model.package_table.c.state == "active",
        model.package_table.c.type == "dataset",
    )
    query = model.Session.query(model.Group).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active",
        model.Group.id.in_(owning),
    )
    if organization_ids is not None:
        query = query.filter(model.Group.id.in_(organization_ids))
    return query.all()


def _dataset_counts(organization_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Per OPD: (active datasets, of them with a structure)."""
    package = model.package_table
    structured = sa.select(period_table.c.package_id).distinct()
    rows = model.Session.execute(
        sa.select(
            package.c.owner_org, sa.func.count(),
            sa.func.count().filter(package.c.id.in_(structured)),
        ).where(package.c.state == "active", package.c.type == "dataset",
                package.c.owner_org.in_(list(organization_ids)))
        .group_by(package.c.owner_org))
    return {row[0]: (row[1], row[2]) for row in rows}


def organizations(window: Window, organization_ids: list[str] | None = None,
                  today: dt.date | None = None) -> dict[str, Any]:
    """The ranking: one row per OPD (best fill rate first) and the totals."""
    today = today or dt.date.today()
    groups, total = _grouped(window, organization_ids, period_table.c.organization_id,
                             today)
    found = _organizations(organization_ids)
    datasets = _dataset_counts(group.id for group in found)
    rows = []
    empty = _finish({}, (0, 0))
    for group in found:
        figures = groups.get(group.id, empty)
        count, structured = datasets.get(group.id, (0, 0))
        rows.append({"id": group.id, "name": group.name,
                     "title": group.title or group.name,
                     "datasets": count, "structured": structured, **figures})
    rows.sort(key=lambda row: (
        row["fill_rate"] is None, -(row["fill_rate"] or 0),
        -(row["verified_rate"] or 0), row["title"].lower()))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    total["datasets"] = sum(row["datasets"] for row in rows)
    total["structured"] = sum(row["structured"] for row in rows)
    total["organizations"] = len(rows)
    return {"organizations": rows, "total": total}


def sectors(window: Window, organization_ids: list[str] | None = None,
            today: dt.date | None = None) -> list[dict[str, Any]]:
    """One row per urusan with periods in the window, by fill rate."""
    today = today or dt.date.today()
    groups, _total = _grouped(window, organization_ids, period_table.c.urusan, today)
    rows = []
    for code, figures in groups.items():
        title = vocabulary.label("urusan", code) if code else ""
        rows.append({"code": code, "title": title or code or "-", **figures})
    rows.sort(key=lambda row: (row["fill_rate"] is None, -(row["fill_rate"] or 0),
                               row["title"].lower()))
    return rows


def trend(windows: list[Window], organization_ids: list[str] | None = None,
          today: dt.date | None = None) -> list[dict[str, Any]]:
    """Fill rate, % verified and compliance of each window, oldest first."""
    today = today or dt.date.today()
    points = []
    for found in windows:
        statement = _scoped(sa.select(*_aggregates(today)), found, organization_ids)
        row = model.Session.execute(statement).mappings().first()
        figures = _finish(dict(row) if row else {}, (0, 0))
        points.append({"window": found.id, "label": found.label,
                       "fill_rate": figures["fill_rate"],
                       "verified_rate": figures["verified_rate"],
                       "compliance_rate": figures["compliance_rate"],
                       "due": figures["due"], "filled": figures["filled"]})
    return points


def problems(window: Window, organization_ids: list[str] | None = None,
             today: dt.date | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """The periods behind, oldest deadline first: due and not filled,
    overdue (deadline passed, not published), published late, or returned:
    with the dataset, OPD, state and working days late."""
    today = today or dt.date.today()
    t = period_table
    package = model.package_table
    group = model.group_table
    due = t.c.period_end < today
    statement = _scoped(
        sa.select(
            t.c.package_id, t.c.period, t.c.state, t.c.filled, t.c.deadline,
            t.c.late_days, t.c.returns, t.c.organization_id, t.c.granularity,
            package.c.name.label("package_name"), package.c.title.label("title"),
            group.c.name.label("organization"),
            group.c.title.label("organization_title"),
        )
        .join(package, package.c.id == t.c.package_id)
        .join(group, group.c.id == t.c.organization_id)
        .where(due, sa.or_(
            t.c.state != "published", t.c.late_days > 0, t.c.returns > 0,
        ))
        .order_by(t.c.deadline, group.c.title, package.c.title, t.c.period)
        .limit(limit), window, organization_ids)
    rows = []
    working_days = _WorkingDays(today)
    for row in model.Session.execute(statement).mappings():
        item = dict(row)
        if item["state"] == "published":
            kind = "late" if (item["late_days"] or 0) > 0 else "returned"
            days = item["late_days"] or 0
        elif item["deadline"] < today:
            kind, days = "overdue", working_days.since(item["deadline"])
        else:
            kind, days = "due", 0
        item.update(kind=kind, days_late=days,
                    deadline=item["deadline"].isoformat())
        rows.append(item)
    return rows
