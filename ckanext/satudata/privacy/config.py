"""Typed access to the options of the personal-data guard
(``privacy/config_declaration.yaml``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

PREFIX = "ckanext.satudata.privacy."


def hold_high_confidence() -> bool:
    return tk.asbool(tk.config.get(PREFIX + "hold_high_confidence"))


def hold_while_scanning() -> bool:
    return tk.asbool(tk.config.get(PREFIX + "hold_while_scanning"))


def max_rows() -> int:
    return max(1, int(tk.config.get(PREFIX + "max_rows") or 1))
