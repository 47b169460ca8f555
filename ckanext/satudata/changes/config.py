"""Typed access to the options the change requests (``satudata_changes``)
read, declared in ``changes/config_declaration.yaml``."""

from __future__ import annotations

import logging
from pathlib import Path

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)


def approval_max_bytes() -> int:
    return max(int(tk.config["ckanext.satudata.changes.approval_max_kb"]), 1) * 1024


def approval_max_pages() -> int:
    return max(int(tk.config["ckanext.satudata.changes.approval_max_pages"]), 1)


def max_cells() -> int:
    return max(int(tk.config["ckanext.satudata.changes.max_cells"]), 1)


def trusted_roots() -> list[bytes]:
    """The bytes of each configured root certificate (a file that cannot be
    read is logged and skipped)."""
    found = []
    for path in tk.config.get("ckanext.satudata.signature.trusted_roots") or []:
        try:
            found.append(Path(path).read_bytes())
        except OSError as error:
            log.warning("ckanext.satudata.signature.trusted_roots: %s", error)
    return found
