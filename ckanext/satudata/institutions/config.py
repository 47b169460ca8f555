"""Typed access to the options of the institution accounts
(``institutions/config_declaration.yaml``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

PREFIX = "ckanext.satudata.institutions."


def categories() -> dict[str, str]:
    """Category code → its label, in the order of the form."""
    found: dict[str, str] = {}
    for line in str(tk.config.get(PREFIX + "categories") or "").splitlines():
        code, _, label = line.partition(":")
        code = code.strip()
        if code:
            found[code] = label.strip() or code
    return found


def email_domains() -> dict[str, list[str]]:
    """Category → the domain patterns its e-mails must match."""
    found: dict[str, list[str]] = {}
    for part in str(tk.config.get(PREFIX + "email_domains") or "").split():
        category, _, patterns = part.partition(":")
        if category and patterns:
            found.setdefault(category, []).extend(
                item.strip().lower() for item in patterns.split(",") if item.strip())
    return found


def nik_categories() -> set[str]:
    return set(str(tk.config.get(PREFIX + "nik_categories") or "").split())


def letter_max_bytes() -> int:
    return max(int(tk.config[PREFIX + "letter_max_bytes"]), 1)


def sdi_max_bytes() -> int:
    return max(int(tk.config[PREFIX + "sdi_max_bytes"]), 1)


def logo_max_bytes() -> int:
    return max(int(tk.config[PREFIX + "logo_max_bytes"]), 1)


def register_per_hour() -> int:
    return max(int(tk.config[PREFIX + "register_per_hour"]), 0)


def correction_days() -> int:
    return max(int(tk.config[PREFIX + "correction_days"]), 1)
