"""Typed access to the options the DCAT profile (``satudata_dcat``) reads:
CKAN's, and the catalogue's contact name (empty without ``satudata``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def locale_default() -> str:
    """``ckan.locale_default``: the language of the catalogue."""
    return tk.config["ckan.locale_default"]


def publisher_name() -> str:
    """The walidata's name (``ckanext.satudata.contact.name``), else
    ``ckan.site_title``."""
    return tk.config.get("ckanext.satudata.contact.name") or tk.config[
        "ckan.site_title"
    ]
