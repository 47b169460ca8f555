"""The file storage a backup holds: CKAN's ``ckan.storage_path`` and every
local-folder storage ``ckan.files.storage.<name>.path`` (``ckan:fs``).

Each file is archived once, under the innermost configured folder holding
it (``ckan.files.storage.satudata.path`` lies inside ``ckan.storage_path``
in config/portal.ini: its files are archived as that storage's, not twice),
so a restore can put each storage's files where the *target* site
configures it. Generated or unrelated folders are left out: the backups
folder itself and CKAN's compiled web assets.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STORAGE_PATH = "ckan.storage_path"
_STORAGE = re.compile(r"^ckan\.files\.storage\.(?P<name>[^.]+)\.type$")
#: file-keeper adapters that keep files in a local folder (``path``).
LOCAL_TYPES = ("ckan:fs", "ckan:fs:public", "file_keeper:fs")


@dataclass(frozen=True)
class Root:
    """A configured storage folder."""

    option: str
    path: Path
    prefix: str


def _label(option: str) -> str:
    if option == STORAGE_PATH:
        return "ckan"
    name = option.removeprefix("ckan.files.storage.").removesuffix(".path")
    return "files-" + re.sub(r"[^A-Za-z0-9_.-]+", "-", name)


def roots(options: Mapping[str, Any]) -> tuple[list[Root], list[str]]:
    """The folders to archive, and what cannot be (storages that are not a
    local folder), as ``options`` (a CKAN config) configure them. Two
    options naming the same folder give one root (the first)."""
    found: list[Root] = []
    skipped: list[str] = []
    seen: set[Path] = set()

    def add(option: str, value: Any) -> None:
        text = str(value or "").strip()
        if not text:
            return
        path = Path(text).expanduser().absolute()
        path = Path(os.path.normpath(path))
        if path in seen:
            return
        seen.add(path)
        found.append(Root(option, path, f"storage/{_label(option)}"))

    add(STORAGE_PATH, options.get(STORAGE_PATH))
    for key in sorted(options):
        match = _STORAGE.match(key)
        if not match:
            continue
        name = match["name"]
        kind = str(options.get(key) or "")
        if kind in LOCAL_TYPES:
            add(f"ckan.files.storage.{name}.path",
                options.get(f"ckan.files.storage.{name}.path"))
        else:
            skipped.append(f"ckan.files.storage.{name} (type {kind}): not a local"
                           " folder; back it up where it is kept")
    return found, skipped


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def files(root: Root, others: Iterable[Root], excluded: Iterable[Path]
          ) -> Iterator[tuple[str, Path]]:
    """(path inside the root in POSIX form, absolute path) of every regular
    file of ``root``, sorted, leaving out the folders of the other roots
    inside it and ``excluded`` folders. Symbolic links are not followed."""
    skip = {other.path for other in others
            if other.path != root.path and _inside(other.path, root.path)}
    skip |= {Path(os.path.normpath(Path(p).absolute())) for p in excluded}
    if not root.path.is_dir():
        return
    for folder, subfolders, names in os.walk(root.path):
        here = Path(folder)
        subfolders[:] = sorted(
            name for name in subfolders if (here / name) not in skip
            and not (here / name).is_symlink()
        )
        for name in sorted(names):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root.path).as_posix(), path


def is_empty(root: Root, others: Iterable[Root], excluded: Iterable[Path]) -> bool:
    """Whether ``root`` holds no file a restore would put there."""
    return next(files(root, others, excluded), None) is None
