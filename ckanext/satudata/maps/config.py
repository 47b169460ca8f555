"""Typed access to the options of the thematic maps (``satudata_maps``),
declared in ``maps/config_declaration.yaml``."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

#: The ways of drawing classes (``ckanext.satudata.maps.method``).
METHODS = ("quantile", "equal")
MIN_CLASSES, MAX_CLASSES = 2, 7


def boundary_max_bytes() -> int:
    """Largest boundary file accepted, in bytes."""
    megabytes = tk.asint(tk.config.get("ckanext.satudata.maps.boundary_max_mb", 20))
    return max(megabytes, 1) * 1024 * 1024


def classes() -> int:
    """Classes of a thematic map (2 to 7)."""
    count = tk.asint(tk.config.get("ckanext.satudata.maps.classes", 5))
    return min(max(count, MIN_CLASSES), MAX_CLASSES)


def method() -> str:
    """``quantile`` or ``equal`` (anything else: ``quantile``)."""
    chosen = str(tk.config.get("ckanext.satudata.maps.method") or "").strip()
    return chosen if chosen in METHODS else METHODS[0]
