"""Template helpers of the thematic maps (no rules of their own)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from ckanext.satudata.maps import boundary, config, thematic

__all__ = [
    "satudata_maps_boundary_max_mb",
    "satudata_maps_level_label",
    "satudata_maps_outline",
    "satudata_maps_published",
]


def satudata_maps_published(published: Mapping[str, Any] | None, title: str,
                            legend_title: str = "") -> thematic.ThematicMap | None:
    """The thematic map of the dataset page's published section (the
    chosen component and period), or ``None`` (no region breakdown, no
    boundary of its level, no row matching a region)."""
    return thematic.published_map(published, title, legend_title)


def satudata_maps_outline(found: Mapping[str, Any], title: str) -> Markup:
    """The preview SVG of a boundary (``satudata_maps_boundary_show`` with
    ``shapes``)."""
    return thematic.outline(found, title)


def satudata_maps_level_label(level: str) -> str:
    """``Kecamatan`` or ``Desa/Kelurahan`` in the user's language."""
    return boundary.level_label(level)


def satudata_maps_boundary_max_mb() -> int:
    """The largest boundary file, in MB."""
    return config.boundary_max_bytes() // (1024 * 1024)
