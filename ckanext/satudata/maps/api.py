"""The public surface of ``satudata_maps``: what another plugin (the
monitoring dashboard) may use of the thematic maps. Nothing else of this
sub-package is imported from outside it::

    from ckanext.satudata.maps import api as maps

    if maps.boundary() is not None:
        svg = maps.choropleth({"33.74.01": 12.5, "33.74.02": None},
                              "Capaian per kecamatan, 2025", legend_title="%")
        # Markup (an <svg role="img">), or None when no code is a region
        # of the boundary

Every map is drawn from the boundary the walidata uploaded
(``/ckan-admin/batas-wilayah``); without one, nothing is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from ckanext.satudata.maps import boundary as _boundary
from ckanext.satudata.maps import thematic
from ckanext.satudata.maps.thematic import ThematicMap

__all__ = ["LEVELS", "ThematicMap", "boundary", "choropleth", "region_codes",
           "thematic_map"]

#: The levels a boundary may have (``kecamatan``, ``desa``).
LEVELS = tuple(_boundary.LEVELS)


def boundary(level: str | None = None) -> dict[str, Any] | None:
    """The boundary of ``level`` (``kecamatan`` or ``desa``; default the
    kecamatan one, else the desa/kelurahan one), or ``None`` without one:
    ``id``, ``level``, ``level_label``, ``name``, ``feature_count``,
    ``width``/``height`` (the SVG box), ``bbox`` and ``features``
    (``kode``, ``name``, ``path``, ``cx``, ``cy``)."""
    found = _boundary.chosen(level)
    return _boundary.summary(found, shapes=True) if found is not None else None


def region_codes(level: str | None = None) -> list[str]:
    """The region codes of the boundary (of ``level``; without it, of
    every boundary), sorted; empty without a boundary."""
    levels = [level] if level else _boundary.available()
    codes: set[str] = set()
    for each in levels:
        found = _boundary.current(each)
        if found is not None:
            codes.update(item["kode"] for item in found["shapes"])
    return sorted(codes)


def choropleth(values: Mapping[str, float | int | None], title: str, *,
               legend_title: str = "", level: str | None = None) -> Markup | None:
    """The thematic map of ``values`` (region code → number, ``None`` for
    no value) as an SVG string (``role="img"``, ``aria-label`` = ``title``,
    a ``<title>`` "name: value" per region, a legend of the classes with
    ``legend_title`` above it, regions without a value hatched "Tidak ada
    data"). Drawn over the boundary of ``level``, else the one most codes
    match; only codes that are regions of it count. ``None`` without a
    boundary or when no code is one of its regions. Put a table of the
    values beside it: it is the map's text alternative."""
    drawn = thematic.thematic_map(values, title, legend_title=legend_title, level=level)
    return drawn.svg if drawn is not None else None


def thematic_map(values: Mapping[str, float | int | None], title: str, *,
                 legend_title: str = "", level: str | None = None
                 ) -> ThematicMap | None:
    """Like :func:`choropleth`, with what a caption tells: ``matched`` of
    ``total`` codes are regions of the boundary (``unmatched``: the
    others), ``valued`` regions have a number, ``no_data`` have none, and
    the legend's ``classes``."""
    return thematic.thematic_map(values, title, legend_title=legend_title, level=level)
