"""Typed access to the demo's options (declared by the catalogue plugin,
whose ``ckan satudata demo load`` command runs the demo loader)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def demo_password() -> str:
    """Password of the demo accounts (``ckan satudata demo load``)."""
    return tk.config.get("ckanext.satudata.demo.password") or ""
