"""A thematic map of values by region over the portal's boundary: which
boundary, which values count, the SVG in the user's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
from markupsafe import Markup

from ckanext.satudata.maps import boundary, choropleth, config


@dataclass(frozen=True)
class ThematicMap:
    """A drawn map: the SVG (safe markup), the boundary's ``level``, and
    how the values met it: ``total`` codes given, ``matched`` of them are
    regions of the boundary (``unmatched`` lists the others), ``valued``
    regions have a number, ``no_data`` regions have none; ``classes`` are
    the legend's classes."""

    svg: Markup
    level: str
    total: int
    matched: int
    valued: int
    no_data: int
    unmatched: tuple[str, ...]
    classes: tuple[choropleth.ValueClass, ...]
    method: str


def _best(values: Mapping[str, Any], level: str | None
          ) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The boundary (of ``level``, else the one most codes match) and the
    codes it matches; ``None`` when none matches any."""
    best = None
    for candidate in ([level] if level else boundary.available()):
        row = boundary.current(candidate)
        if row is None:
            continue
        matched = boundary.match(list(values), row)
        if matched and (best is None or len(matched) > len(best[1])):
            best = (row, matched)
    return best


def thematic_map(values: Mapping[str, Any], title: str, *, legend_title: str = "",
                 level: str | None = None) -> ThematicMap | None:
    """The thematic map of ``values`` (region code → number or ``None``)
    titled ``title``; ``None`` without a boundary (of ``level``) or when no
    code is one of its regions. Classes and colours follow
    ``ckanext.satudata.maps.classes`` and ``.method``."""
    found = _best(values, level)
    if found is None:
        return None
    row, matched = found
    mapped = {matched[code]: value for code, value in values.items() if code in matched}
    drawn = choropleth.choropleth(
        row["shapes"], row["width"], row["height"], mapped, title=title,
        legend_title=legend_title, k=config.classes(), method=config.method(),
        translate=tk._,
    )
    return ThematicMap(
        svg=Markup(drawn.svg), level=row["level"], total=len(values),
        matched=len(matched), valued=drawn.valued, no_data=drawn.no_data,
        unmatched=tuple(sorted(code for code in values if code not in matched)),
        classes=drawn.classification.classes, method=drawn.classification.method,
    )


def published_map(published: Mapping[str, Any] | None, title: str,
                  legend_title: str = "") -> ThematicMap | None:
    """The map of the dataset page: the chosen component (``?komponen=``)
    of the shown period of a dataset broken down by region, from what the
    workflow's ``satudata_published_show`` gave the page (published values
    the user may read). ``None`` for other breakdowns, without a boundary
    of the breakdown's level or when no row is one of its regions."""
    if not published or (published.get("breakdown") or {}).get("type") != "region":
        return None
    component = published.get("chart_component")
    level = (published.get("breakdown") or {}).get("level")
    if not component or level not in boundary.LEVELS:
        return None
    values = {row["code"]: (row.get("values") or {}).get(component["code"])
              for row in published.get("rows") or []}
    if not values:
        return None
    return thematic_map(values, title, legend_title=legend_title, level=level)


def outline(found: Mapping[str, Any], title: str) -> Markup:
    """The boundary alone (the walidata's preview), from
    ``satudata_maps_boundary_show`` with ``shapes``."""
    return Markup(choropleth.outline(found["features"], found["width"],
                                     found["height"], title=title))
