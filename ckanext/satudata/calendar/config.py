"""Typed access to the options the calendar plugin (``satudata_calendar``)
reads, declared in ``calendar/config_declaration.yaml``."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def cuti_bersama_off() -> bool:
    """Whether cuti bersama are days off (default ``True``)."""
    return tk.asbool(tk.config.get("ckanext.satudata.calendar.cuti_bersama_off", True))
