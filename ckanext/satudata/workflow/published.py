"""Reading what is published: the published periods of a dataset, one
period's table, series across periods, and the long table of them all.

Everything is read from the submissions in state ``published`` (the values
that were written to the DataStore when they were published).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.indicators.api import Component, Period, Structure
from ckanext.satudata.messages import N_, message
from ckanext.satudata.workflow import numbers, store, tabular

Values = dict[str, dict[str, Any]]
NUMERIC_TYPES = ("integer", "decimal", "percentage")
#: How a component is summed up across the breakdown rows.
SUM, MEAN = "sum", "mean"
MEAN_DECIMALS = 2


@dataclass(frozen=True)
class Published:
    structure: Structure
    periods: tuple[tuple[Period, Values], ...]  # newest first

    def values_of(self, period_id: str) -> tuple[Period, Values] | None:
        return next((item for item in self.periods if item[0].id == period_id), None)


def load(package_id: str) -> Published | None:
    """The published periods of ``package_id`` (``None`` without a
    structure)."""
    structure = indicators.structure_of(package_id)
    if structure is None:
        return None
    found = []
    for row in indicators.published(package_id):
        parsed = indicators.parse_period(row["period"], structure.granularity)
        if parsed is not None:
            found.append((parsed, row["values"] or {}))
    found.sort(key=lambda item: item[0], reverse=True)
    return Published(structure, tuple(found))


def aggregate_of(component: Component) -> str | None:
    """``sum`` for counts and amounts, ``mean`` for percentages, ``None``
    for text."""
    if component.type == "percentage":
        return MEAN
    return SUM if component.type in NUMERIC_TYPES else None


def aggregate(component: Component, values: Values) -> dict[str, Any] | None:
    """The sum (or mean) of ``component`` over the rows of one period:
    ``value`` (``None`` when no row has one), ``count`` of rows counted
    and ``aggregate``."""
    how = aggregate_of(component)
    if how is None:
        return None
    found = [
        number for cells in values.values()
        if (number := numbers.as_decimal((cells or {}).get(component.code))) is not None
    ]
    value: int | float | None = None
    if found:
        total = sum(found, Decimal(0))
        if how == MEAN:
            total = (total / len(found)).quantize(
                Decimal(1).scaleb(-MEAN_DECIMALS), rounding=ROUND_HALF_UP
            )
        value = numbers.plain(total)
    return {"value": value, "count": len(found), "aggregate": how}


def _table(structure: Structure, values: Values) -> list[dict[str, Any]]:
    rows = []
    for row in structure.rows:
        code, name = tabular.row_key(structure, row.code, row.name)
        cells = values.get(row.code) or {}
        rows.append({
            "code": code, "name": name,
            "values": {c.code: cells.get(c.code) for c in structure.components},
        })
    return rows


def _series(published: Published) -> list[dict[str, Any]]:
    oldest_first = list(reversed(published.periods))
    series = []
    for component in published.structure.components:
        how = aggregate_of(component)
        if how is None:
            continue
        points = []
        for found, values in oldest_first:
            summed = aggregate(component, values) or {}
            points.append({
                "period": found.id, "label": found.label,
                "value": summed.get("value"), "count": summed.get("count", 0),
            })
        series.append({
            "component": component.code, "name": component.name,
            "unit": component.unit, "type": component.type,
            "aggregate": how, "points": points,
        })
    return series


def resource_id(package_id: str) -> str | None:
    """The dataset's DataStore resource, while it exists."""
    found = store.publication(package_id)
    if found is None:
        return None
    resource = model.Resource.get(found["resource_id"])
    if resource is None or resource.state != "active":
        return None
    return resource.id


def _breakdown(structure: Structure) -> dict[str, Any]:
    # without the list of categories: the rows carry them
    return {k: v for k, v in structure.breakdown.items() if k != "categories"}


def summary(package: model.Package, period_id: str | None) -> dict[str, Any]:
    """What the dataset page shows: the published periods, the table of
    ``period_id`` (default the newest) and the series; empty lists when
    nothing is published. Raises ``ValidationError`` for a period that is
    not published."""
    published = load(package.id)
    result: dict[str, Any] = {
        "package_id": package.id, "package_name": package.name,
        "resource_id": None, "breakdown": {}, "components": [], "columns": [],
        "periods": [], "period": None, "rows": [], "totals": {}, "series": [],
    }
    if published is None:
        if period_id:
            raise _not_published(period_id)
        return result
    structure = published.structure
    result.update(
        breakdown=_breakdown(structure),
        components=[c.as_dict() for c in structure.components],
        columns=[c.as_dict() for c in tabular.columns(structure)],
        periods=[{"id": p.id, "label": p.label} for p, _values in published.periods],
    )
    if not published.periods:
        if period_id:
            raise _not_published(period_id)
        return result
    selected = published.values_of(period_id) if period_id else published.periods[0]
    if selected is None:
        raise _not_published(period_id or "")
    chosen, values = selected
    result.update(
        resource_id=resource_id(package.id),
        period={"id": chosen.id, "label": chosen.label},
        rows=_table(structure, values),
        totals={
            c.code: summed for c in structure.components
            if (summed := aggregate(c, values)) is not None
        },
        series=_series(published),
    )
    return result


def _not_published(period_id: str) -> tk.ValidationError:
    return tk.ValidationError({"period": [message(
        N_("Period {period} is not published"), {"period": period_id}
    )]})


def export(package: model.Package) -> dict[str, Any]:
    """The long table of every published period (oldest first): ``fields``
    (the columns) and ``records``, as in the DataStore table."""
    published = load(package.id)
    if published is None:
        return {"fields": [], "records": [], "resource_id": None}
    return {
        "fields": [c.as_dict() for c in tabular.columns(published.structure)],
        "records": tabular.all_records(published.structure, published.periods),
        "resource_id": resource_id(package.id),
    }
