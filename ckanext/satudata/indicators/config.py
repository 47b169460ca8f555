"""Typed access to the options indicator entry (``satudata_indicators``)
reads, declared in ``indicators/config_declaration.yaml`` (and CKAN's)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def fill_deadline_days() -> int:
    """Days after a period's end before it is overdue."""
    return tk.config["ckanext.satudata.fill_deadline_days"]


def import_max_bytes() -> int:
    """Largest Excel/CSV file an import accepts."""
    return tk.config["ckanext.satudata.import_max_bytes"]


def import_background_bytes() -> int:
    """Imports of larger files run as a background job."""
    return tk.config["ckanext.satudata.import_background_bytes"]


def survey_link_max_days() -> int:
    """Longest a survey link may stay valid."""
    return tk.config["ckanext.satudata.survey_link_max_days"]


def storage_path() -> str:
    """CKAN's ``ckan.storage_path``, empty when it is not configured."""
    return tk.config.get("ckan.storage_path") or ""
