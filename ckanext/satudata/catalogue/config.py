"""Typed access to the options of the catalogue (``satudata``), declared in
``catalogue/config_declaration.yaml``."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

CONTACT_KEYS = ("name", "address", "phone", "email", "hours", "map_url")


def stats_cache_seconds() -> int:
    """How long the Beranda's counted visits are kept in Redis (0: not kept)."""
    return tk.config["ckanext.satudata.stats_cache_seconds"]


def contact() -> dict[str, str]:
    """``ckanext.satudata.contact.*`` (the Kontak page), empty when unset."""
    return {
        key: tk.config.get(f"ckanext.satudata.contact.{key}") or ""
        for key in CONTACT_KEYS
    }


def demo_site() -> bool:
    """Whether this is a demo site (``ckan satudata demo load`` runs only there)."""
    return tk.asbool(tk.config.get("ckanext.satudata.demo.site"))
