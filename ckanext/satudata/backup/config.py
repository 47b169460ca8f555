"""Typed access to the options of the backup plugin (``satudata_backup``),
declared in ``backup/config_declaration.yaml``, and to the CKAN options a
backup reads."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ckan.plugins as plugins_
import ckan.plugins.toolkit as tk

#: The folder of the archives inside ckan.storage_path when none is set.
DEFAULT_SUBFOLDER = "backups"


def default_directory(options: Mapping[str, Any]) -> Path:
    """The archives' folder ``options`` (a CKAN config) give: the option,
    else ``<ckan.storage_path>/backups``; ``ValueError`` naming the option
    to set when there is neither."""
    configured = str(options.get("ckanext.satudata.backup.directory") or "").strip()
    if configured:
        return Path(configured).expanduser().absolute()
    storage = str(options.get("ckan.storage_path") or "").strip()
    if storage:
        return Path(storage).expanduser().absolute() / DEFAULT_SUBFOLDER
    raise ValueError(
        "Set ckanext.satudata.backup.directory (or ckan.storage_path) in the"
        " CKAN config file: the folder of the backup archives."
    )


def directory() -> Path:
    """The archives' folder of this site."""
    return default_directory(tk.config)


def keep() -> int:
    """How many archives of this site to keep (0: all)."""
    return max(0, int(tk.config.get("ckanext.satudata.backup.keep", 7)))


def pg_bin_dir() -> str:
    """The configured folder of pg_dump / pg_restore ("" to find them)."""
    return str(tk.config.get("ckanext.satudata.backup.pg_bin_dir") or "").strip()


def site_id() -> str:
    return str(tk.config.get("ckan.site_id") or "")


def site_url() -> str:
    return str(tk.config.get("ckan.site_url") or "")


def main_url() -> str:
    return str(tk.config.get("sqlalchemy.url") or "")


def datastore_write_url() -> str:
    """The DataStore's write URL, "" when the DataStore is not enabled."""
    if not plugins_.plugin_loaded("datastore"):
        return ""
    return str(tk.config.get("ckan.datastore.write_url") or "")


def datastore_read_url() -> str:
    if not plugins_.plugin_loaded("datastore"):
        return ""
    return str(tk.config.get("ckan.datastore.read_url") or "")


def plugins() -> list[str]:
    return list(tk.config.get("ckan.plugins") or [])


def config_file() -> str:
    """The CKAN config file this process was started with."""
    return str(tk.config.get("__file__") or "")
