"""Backups as other code uses them (the scheduler, operations): the public
module of ``satudata_backup``. The command line (``ckan satudata backup``)
is the main entry; these are the same functions."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ckanext.satudata.backup import archive, config, create, naming
from ckanext.satudata.backup.errors import BackupError

__all__ = ["BackupError", "Listed", "backup_directory", "create_backup",
           "list_backups", "verify_backup"]


def backup_directory() -> Path:
    """The folder of this site's archives (ckanext.satudata.backup.directory,
    else ``<ckan.storage_path>/backups``)."""
    return config.directory()


def create_backup(keep: int | None = None, output: Path | None = None,
                  echo: Callable[[str], None] = lambda _line: None) -> Path:
    """Write one archive of this site (both databases, the stored files,
    the manifest) and delete the site's oldest archives beyond ``keep``
    (default ckanext.satudata.backup.keep; 0 keeps all). Returns the
    archive's path; ``BackupError`` saying why it could not (``ValueError``
    when neither the option nor ckan.storage_path names a folder)."""
    made = create.create(output or config.directory(),
                         config.keep() if keep is None else keep, echo)
    return made.path


@dataclass(frozen=True)
class Listed:
    path: Path
    size: int
    created: dt.datetime
    site: str
    #: "" when intact (or, when not checked, complete), else what is wrong
    problem: str
    checked: bool


def list_backups(directory: Path | None = None, verify: bool = True) -> list[Listed]:
    """The archives in ``directory`` (default: this site's folder), newest
    first, each checked member by member (``verify``) or only for a readable
    manifest."""
    folder = directory or config.directory()
    if not folder.is_dir():
        return []
    found = []
    for name in os.listdir(folder):
        parsed = naming.parse(name)
        if parsed is None:
            continue
        path = folder / name
        try:
            (archive.verify if verify else archive.read_manifest)(path)
            problem = ""
        except BackupError as error:
            problem = str(error)
        found.append(Listed(path, path.stat().st_size, parsed.created, parsed.site,
                            problem, verify))
    return sorted(found, key=lambda item: (item.created, item.path.name),
                  reverse=True)


def verify_backup(path: Path) -> dict[str, Any]:
    """The manifest of the archive at ``path`` once every member's size and
    SHA-256 are checked; ``BackupError`` naming the first member at fault."""
    return archive.verify(path)
