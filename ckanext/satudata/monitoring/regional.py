"""The thematic map of the monitoring pages: a dataset broken down by
region, one of its components and published periods, drawn over the
walidata's boundary (``maps/api.py``). Only published values, read
through the permission-checked ``satudata_published_show``."""

from __future__ import annotations

from typing import Any

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model

from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.maps import api as maps
from ckanext.satudata.monitoring.model import period_table


def datasets(organization_ids: list[str] | None) -> list[dict[str, str]]:
    """The datasets of ``organization_ids`` (``None``: all) broken down by
    region with a published period: ``name`` and ``title``, by title."""
    if not plugins.plugin_loaded("satudata_maps") or maps.boundary() is None:
        return []
    statement = sa.select(period_table.c.package_id).where(
        period_table.c.state == "published").distinct()
    if organization_ids is not None:
        statement = statement.where(
            period_table.c.organization_id.in_(organization_ids))
    ids = [row[0] for row in model.Session.execute(statement)]
    regional = [package_id for package_id, row in indicators.structure_rows(ids).items()
                if (row["breakdown"] or {}).get("type") == "region"]
    if not regional:
        return []
    packages = model.Session.query(model.Package).filter(
        model.Package.id.in_(regional), model.Package.state == "active").all()
    return sorted(({"name": p.name, "title": p.title or p.name} for p in packages),
                  key=lambda item: item["title"].lower())


def drawn(context: dict[str, Any], dataset: str, component: str | None,
          period: str | None) -> dict[str, Any]:
    """The published table of ``dataset`` (``period``, default the newest)
    and the map of ``component`` (default the first numeric one)."""
    shown = tk.get_action("satudata_published_show")(
        dict(context), {"id": dataset, **({"period": period} if period else {})})
    numeric = [c for c in shown["components"]
               if c.get("type") in ("integer", "decimal", "percentage")]
    chosen = next((c for c in numeric if c["code"] == component),
                  numeric[0] if numeric else None)
    found = None
    if chosen is not None and shown["period"]:
        values = {row["code"]: row["values"].get(chosen["code"])
                  for row in shown["rows"]}
        title = f"{chosen['name']}, {shown['period']['label']}"
        found = maps.thematic_map(values, title, legend_title=chosen.get("unit") or "")
    return {"shown": shown, "components": numeric, "component": chosen, "map": found}
