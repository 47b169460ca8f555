"""Making an archive (``ckan satudata backup create``): dumps of the main and
DataStore databases, the stored files, the manifest; written under a
partial name and renamed once complete; then the oldest archives of the
site beyond ``keep`` are deleted."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.backup import config, facts, naming, postgres, storage
from ckanext.satudata.backup import manifest as manifests
from ckanext.satudata.backup.archive import Writer
from ckanext.satudata.backup.errors import BackupError

Echo = Callable[[str], None]
LOCK = ".satudata-backup.lock"
WORK_PREFIX = ".satudata-backup-work-"


@dataclass
class Created:
    path: Path
    size: int
    manifest: dict[str, Any]
    seconds: float
    deleted: list[Path] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)


def databases() -> list[postgres.Database]:
    """The site's databases: main, and the DataStore's when enabled."""
    found = [postgres.Database("main", config.main_url())]
    if config.datastore_write_url():
        found.append(postgres.Database("datastore", config.datastore_write_url()))
    return found


def excluded_folders(directory: Path | None) -> list[Path]:
    """Folders inside the storage never archived: the archives' own and
    CKAN's compiled web assets."""
    from ckan.lib.webassets_tools import get_webassets_path

    found = [directory] if directory else []
    webassets = get_webassets_path()
    if webassets:
        found.append(Path(webassets).absolute())
    return found


@contextlib.contextmanager
def locked(directory: Path) -> Iterator[None]:
    """One backup at a time in ``directory``."""
    with (directory / LOCK).open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupError(f"another backup is being written in {directory}"
                              ) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _remove_leftovers(directory: Path, site: str) -> None:
    """Partial archives and work folders a killed backup left (the lock
    says no backup is running)."""
    for path in directory.glob(f".{naming.PREFIX}{site}-*{naming.PARTIAL}"):
        path.unlink(missing_ok=True)
    for path in directory.glob(f"{WORK_PREFIX}*"):
        shutil.rmtree(path, ignore_errors=True)


def size_text(size: int) -> str:
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} B"  # pragma: no cover


def create(directory: Path, keep: int, echo: Echo = lambda _line: None) -> Created:
    """Write one archive of this site into ``directory``; delete the oldest
    of the site's archives there beyond ``keep`` (0: none)."""
    started = time.monotonic()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    site = naming.site_slug(config.site_id(), config.site_url())
    with locked(directory):
        _remove_leftovers(directory, site)
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        name = naming.archive_name(site, now)
        final = directory / name
        if final.exists():
            raise BackupError(f"{final} exists already (one archive per second)")
        partial = directory / naming.partial_name(name)
        work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=directory))
        writer = Writer(partial)
        try:
            created = _write(writer, work, directory, now, echo)
            writer.close()
            os.replace(partial, final)
        except BaseException:
            writer.abort()
            raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
        _sync(directory)
        created.path = final
        created.size = final.stat().st_size
        for old in naming.to_delete(os.listdir(directory), site, keep):
            (directory / old).unlink(missing_ok=True)
            created.deleted.append(directory / old)
    created.seconds = time.monotonic() - started
    return created


def _sync(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _write(writer: Writer, work: Path, directory: Path, now: dt.datetime,
           echo: Echo) -> Created:
    counts = facts.counts()
    server_versions: dict[str, str] = {}
    tool_versions: dict[str, str] = {}
    names: dict[str, str] = {}
    revisions: dict[str, str] = {}
    for database in databases():
        server = postgres.server_version(database)
        tool, tool_version = postgres.find_tool("pg_dump", server, config.pg_bin_dir())
        if database.role == "main":
            revisions = postgres.revisions(database)
        else:
            counts["datastore_tables"] = postgres.datastore_tables(database)
        dumped = work / f"{database.role}.dump"
        postgres.dump(database, dumped, tool)
        member = writer.add_file(manifests.DUMPS[database.role], dumped)
        dumped.unlink()
        server_versions[database.role] = server
        tool_versions[database.role] = tool_version
        names[database.role] = database.name
        echo(f"  {database.role} database {database.name}: dump of"
             f" {size_text(member.size)} (PostgreSQL {server}, pg_dump {tool_version})")

    roots, not_archived = storage.roots(tk.config)
    excluded = excluded_folders(directory)
    stored: list[manifests.StoredRoot] = []
    vanished: list[str] = []
    for root in roots:
        files = total = 0
        for relative, path in storage.files(root, roots, excluded):
            try:
                member = writer.add_file(f"{root.prefix}/{relative}", path)
            except FileNotFoundError:  # deleted since the folder was listed
                vanished.append(str(path))
                continue
            files += 1
            total += member.size
        stored.append(manifests.StoredRoot(root.option, root.prefix, files, total))
        echo(f"  storage {root.option} ({root.path}): {files} files,"
             f" {size_text(total)}")
    for line in not_archived:
        echo(f"  not archived: {line}")
    counts["files"] = sum(root.files for root in stored)

    manifest = manifests.build(
        created=now.isoformat().replace("+00:00", "Z"),
        site_id=config.site_id(), site_url=config.site_url(),
        versions={**facts.versions(), "postgresql": server_versions,
                  "pg_dump": tool_versions},
        plugins=config.plugins(), migrations=revisions, counts=counts,
        databases=names, storage=stored, not_archived=not_archived,
        members=writer.members,
    )
    writer.add_manifest(manifests.dumps(manifest))
    return Created(Path(), 0, manifest, 0.0, vanished=vanished)
