"""Capaian Kinerja: target against realisation of every performance
indicator anyone may read, per year.

An indicator is a dataset the walidata marked (``indikator_kinerja: ya``,
:mod:`.fields`) that is active, public and ``terbuka``. Its realisation in
a year is the published total of its component (what the dataset page
shows: the one row of a dataset without breakdown, else the sum over the
rows — the mean for a percentage), read through the workflow's
``satudata_published_show`` as an anonymous visitor (so never a value the
public could not see):

- a yearly dataset: the value of that year's period (basis ``tahunan``);
- a dataset of semesters, quarters or months: the last published period
  of the year that has a value (basis ``periode_terakhir``, its label
  shown).

Each row is a plain dictionary (JSON, cached): ``package_id``, ``name``,
``title``, ``organization_id``, ``organization_name``,
``organization_title``, ``urusan`` (code), ``component``,
``component_name``, ``unit``, ``direction`` (``naik`` | ``turun``),
``year``, ``target``, ``realisation``, ``period``, ``period_label``,
``basis`` (``tahunan`` | ``periode_terakhir`` | ``None`` without a
realisation), ``achievement`` (percent, two decimals) and ``achieved``
(``achievement`` ≥ 100).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.performance import targets
from ckanext.satudata.performance.fields import COMPONENT, DIRECTION, MARK, TARGET

YEARLY, LAST_PERIOD = "tahunan", "periode_terakhir"
BASES = (YEARLY, LAST_PERIOD)


def _marked() -> list[model.Package]:
    """The performance indicators anyone may read, by id."""
    extras = model.package_table.c.extras
    return (model.Session.query(model.Package)
            .filter(model.Package.state == "active",
                    model.Package.type == "dataset",
                    model.Package.private.is_(False),
                    extras[MARK].astext == targets.YES,
                    extras["keterbukaan"].astext == "terbuka")
            .order_by(model.Package.id).all())


def _published(package: model.Package) -> dict[str, Any] | None:
    """The published values as an anonymous visitor sees them (``None``
    when a visitor may not read them)."""
    try:
        return tk.get_action("satudata_published_show")(
            {"user": "", "ignore_auth": False}, {"id": package.id})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def realisations(points: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Year → ``{"value", "period", "label", "basis"}`` of a component's
    series (``satudata_published_show``'s points, oldest first)."""
    found: dict[int, dict[str, Any]] = {}
    for point in points:
        period = indicators.parse_period(point.get("period") or "")
        value = _decimal(point.get("value"))
        if period is None or value is None:
            continue
        year = period.end.year
        current = found.get(year)
        if current is None or period.end >= current["end"]:
            found[year] = {
                "value": value, "period": period.id,
                "label": point.get("label") or period.label, "end": period.end,
                "basis": YEARLY if period.granularity == "tahunan" else LAST_PERIOD,
            }
    return found


def _rows_of(package: model.Package) -> list[dict[str, Any]]:
    extras = package.extras or {}
    code = (extras.get(COMPONENT) or "").strip()
    direction = extras.get(DIRECTION) if extras.get(DIRECTION) in targets.DIRECTIONS \
        else targets.UP
    try:
        goals = targets.parse(extras.get(TARGET))
    except targets.TargetError:
        goals = {}
    shown = _published(package)
    if shown is None:
        return []
    component = next((c for c in shown.get("components") or []
                      if c.get("code") == code), None)
    series = next((s for s in shown.get("series") or []
                   if s.get("component") == code), None)
    realised = realisations(series["points"]) if series else {}
    group = model.Group.get(package.owner_org) if package.owner_org else None
    rows = []
    for year in sorted(set(goals) | set(realised)):
        target = goals.get(year)
        found = realised.get(year)
        value = found["value"] if found else None
        percent = targets.achievement(target, value, direction)
        rows.append({
            "package_id": package.id, "name": package.name,
            "title": package.title or package.name,
            "organization_id": package.owner_org,
            "organization_name": group.name if group else "",
            "organization_title": (group.title or group.name) if group else "",
            "urusan": extras.get("urusan") or "",
            "component": code,
            "component_name": (component or {}).get("name") or code,
            "unit": (component or {}).get("unit") or "",
            "direction": direction, "year": year,
            "target": targets.plain(target), "realisation": targets.plain(value),
            "period": found["period"] if found else None,
            "period_label": found["label"] if found else None,
            "basis": found["basis"] if found else None,
            "achievement": float(percent) if percent is not None else None,
            "achieved": percent >= 100 if percent is not None else None,
        })
    return rows


def rows() -> list[dict[str, Any]]:
    """Every row of every performance indicator, by OPD, title and year."""
    found = [row for package in _marked() for row in _rows_of(package)]
    return sorted(found, key=lambda r: (r["organization_title"].casefold(),
                                        r["title"].casefold(), r["package_id"],
                                        r["year"]))


def select(found: list[dict[str, Any]], organization: str | None = None,
           urusan: str | None = None, year: int | None = None
           ) -> list[dict[str, Any]]:
    """The rows of an OPD (id or name), an urusan (code) and a year."""
    return [row for row in found
            if (not organization or organization in (row["organization_id"],
                                                      row["organization_name"]))
            and (not urusan or row["urusan"] == urusan)
            and (year is None or row["year"] == year)]

