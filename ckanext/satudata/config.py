"""Typed access to the options several plugins read.

Options of one plugin have their accessors in that plugin's ``config.py``.
The ``ckanext.satudata.*`` options here are declared by one plugin each
(walidata_organization: satudata_indicators, pembina_organization:
satudata_access, region_code: satudata) and read by others too: they are
empty when the declaring plugin is off and the config file does not set them.
The package root imports no plugin: a plugin imports this module.
"""

from __future__ import annotations

import zoneinfo

import ckan.plugins.toolkit as tk


def walidata_organization() -> str:
    """Name of the organization whose editors/admins are walidata."""
    return tk.config.get("ckanext.satudata.walidata_organization") or ""


def pembina_organization() -> str:
    """Name of the organization whose members are the pembina data."""
    return tk.config.get("ckanext.satudata.pembina_organization") or ""


def region_code() -> str:
    """Kepmendagri code of the portal's own kota/kabupaten."""
    return tk.config.get("ckanext.satudata.region_code") or ""


def site_id() -> str:
    """``ckan.site_id``, also the name of CKAN's site user."""
    return tk.config["ckan.site_id"]


def site_url() -> str:
    """``ckan.site_url`` without a trailing slash."""
    return tk.config["ckan.site_url"].rstrip("/")


#: The zone of the portal's dates when ``ckan.display_timezone`` names none.
DEFAULT_ZONE = "Asia/Jakarta"


def display_zone() -> zoneinfo.ZoneInfo:
    """``ckan.display_timezone`` when it names a zone, else Asia/Jakarta
    (WIB): the zone of every date we show, e-mail or print."""
    name = str(tk.config.get("ckan.display_timezone") or "")
    if name and name != "server":
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return zoneinfo.ZoneInfo(DEFAULT_ZONE)
