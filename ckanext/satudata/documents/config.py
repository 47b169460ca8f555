"""Typed access to the options the documents plugin (``satudata_documents``)
reads, declared in ``documents/config_declaration.yaml``."""

from __future__ import annotations

import os
import zoneinfo

import ckan
import ckan.plugins.toolkit as tk

from ckanext.satudata.config import display_zone

#: The fields a number pattern may use.
NUMBER_FIELDS = ("seq", "org", "kind", "month", "roman_month", "year")


def number_pattern() -> str:
    return tk.config["ckanext.satudata.documents.number_pattern"]


def letterhead_name() -> str:
    return (tk.config.get("ckanext.satudata.documents.letterhead_name")
            or tk.config.get("ckan.site_title") or "")


def letterhead_address() -> str:
    return (tk.config.get("ckanext.satudata.documents.letterhead_address")
            or tk.config.get("ckanext.satudata.contact.address") or "")


def letterhead_logo() -> str:
    return (tk.config.get("ckanext.satudata.documents.letterhead_logo") or "").strip()


def check_max_bytes() -> int:
    return max(int(tk.config["ckanext.satudata.documents.check_max_kb"]), 1) * 1024


def public_paths() -> list[str]:
    """Folders whose files the portal serves at its root (CKAN's
    ``public`` folder and the plugins' ``extra_public_paths``)."""
    extra = [path.strip() for path in
             (tk.config.get("extra_public_paths") or "").split(",")]
    core = tk.config.get("ckan.base_public_folder") or "public"
    root = os.path.join(os.path.dirname(ckan.__file__), core)
    return [path for path in [*extra, root] if path]


def timezone() -> zoneinfo.ZoneInfo:
    """The zone of a document's date (:func:`..config.display_zone`)."""
    return display_zone()
