"""The portal's static files in one folder, for nginx to serve.

CKAN looks for a static file in several folders in turn (the plugins'
public folders, then core's). nginx serves one root, so
:func:`collect` makes ``<target>/public`` hold, for every name at the top
of those folders, a link to (or a copy of) the first folder's entry, the
one CKAN would serve; nginx asks CKAN for anything not found there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def public_folders(config: dict) -> list[Path]:
    """CKAN's static folders in the order it searches them (the
    ``static_folder`` of ``ckan/config/middleware/flask_app.py``, without
    the storage folder of uploads, which stays CKAN's to serve)."""
    import ckan

    folders = [
        part for part in str(config.get("extra_public_paths") or "").split(",") if part
    ]
    folders += list(config.get("plugin_public_paths") or [])
    folders.append(
        os.path.join(
            os.path.dirname(ckan.__file__),
            config.get("ckan.base_public_folder") or "public",
        )
    )
    return [Path(folder) for folder in folders if Path(folder).is_dir()]


def _merge(sources: list[Path], target: Path, copy: bool) -> int:
    """Fill ``target`` from ``sources`` (first source wins, folders merged
    name by name); the number of entries made."""
    made = 0
    target.mkdir(parents=True, exist_ok=True)
    names: dict[str, list[Path]] = {}
    for source in sources:
        for entry in sorted(source.iterdir()):
            names.setdefault(entry.name, []).append(entry)
    for name, entries in names.items():
        first = entries[0]
        destination = target / name
        folders = [entry for entry in entries if entry.is_dir()]
        if first.is_dir() and len(folders) > 1:
            made += _merge(folders, destination, copy)
        elif copy:
            (shutil.copytree if first.is_dir() else shutil.copy2)(first, destination)
            made += 1
        else:
            destination.symlink_to(first.resolve())
            made += 1
    return made


def collect(config: dict, target: Path, copy: bool = False) -> int:
    """Make ``target/public`` anew from the portal's static folders."""
    public = target / "public"
    if public.exists():
        shutil.rmtree(public)
    return _merge(public_folders(config), public, copy)
