"""Typed access to the options of the data requests
(``datarequests/config_declaration.yaml``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

PREFIX = "ckanext.satudata.datarequests."


def attachment_max_bytes() -> int:
    return max(int(tk.config[PREFIX + "attachment_max_bytes"]), 1)


def balikan_max_bytes() -> int:
    return max(int(tk.config[PREFIX + "balikan_max_bytes"]), 1)


def response_max_bytes() -> int:
    return max(int(tk.config[PREFIX + "response_max_bytes"]), 1)


def block_overdue_balikan() -> bool:
    return tk.asbool(tk.config[PREFIX + "block_overdue_balikan"])


def reminder_days() -> list[int]:
    """Working days before the due day the requester is reminded."""
    found = []
    for part in str(tk.config.get(PREFIX + "reminder_days") or "").split():
        if part.isdigit():
            found.append(int(part))
    return sorted(set(found), reverse=True)
