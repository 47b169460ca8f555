"""Restoring an archive (``ckan satudata backup restore``) into the site this
process is configured for.

Nothing is changed before every check passed: every member's checksum, the
schema revisions (an archive of newer code is refused), a target for each
database and storage folder of the archive, and — unless forced — empty
target databases and storage folders. Then: ``pg_restore`` of both
databases, the DataStore read-only user's permissions, the stored files,
pending migrations (``ckan db upgrade``) and the search index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.backup import config, facts, migrations, postgres, storage
from ckanext.satudata.backup import manifest as manifests
from ckanext.satudata.backup.archive import Reader
from ckanext.satudata.backup.create import databases, excluded_folders
from ckanext.satudata.backup.errors import BackupError, Refused

Echo = Callable[[str], None]


@dataclass
class Restored:
    manifest: dict[str, Any]
    files: int = 0
    indexed: int = 0
    migrated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: what is still wrong after the restore (exit status 1)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class _Plan:
    databases: list[postgres.Database]
    roots: dict[str, storage.Root]
    stored: list[manifests.StoredRoot]
    comparison: migrations.Comparison


def version_warnings(manifest: dict[str, Any], running: dict[str, Any],
                     plugins: list[str], site_id: str) -> list[str]:
    """What differs between the archive's site and this one (pure)."""
    found = []
    archived = manifest.get("versions", {})
    for package in manifests.PACKAGES:
        if archived.get(package) != running.get(package):
            found.append(f"{package}: the archive was made with"
                         f" {archived.get(package)}, this site runs"
                         f" {running.get(package)}")
    missing = [name for name in manifest.get("plugins", []) if name not in plugins]
    if missing:
        found.append("plugins enabled on the archive's site and not here: "
                     + " ".join(missing))
    if manifest.get("site_id") != site_id:
        found.append(f"the archive is of site {manifest.get('site_id')!r}, this is"
                     f" {site_id!r}")
    return found


def _plan(manifest: dict[str, Any]) -> _Plan:
    """The targets of everything in the archive; ``Refused`` naming what is
    missing or what the code cannot read."""
    targets = {database.role: database for database in databases()}
    for role in manifest["databases"]:
        if role not in targets:
            raise Refused(
                "the archive has a DataStore database and this site none: enable"
                " the datastore plugin and set ckan.datastore.write_url and"
                " ckan.datastore.read_url")
    roots, _skipped = storage.roots(tk.config)
    by_option = {root.option: root for root in roots}
    stored = manifests.storage_of(manifest)
    for root in stored:
        if root.files and root.option not in by_option:
            raise Refused(f"the archive has {root.files} files of {root.option},"
                          " which this site does not configure (set it, as a local"
                          " folder)")
    comparison = migrations.compare(manifest["migrations"],
                                    migrations.code_scripts(config.plugins()))
    if comparison.unknown:
        unknown = ", ".join(f"{source} {revision}"
                            for source, revision in comparison.unknown)
        made = manifest["versions"].get("ckanext-satudata")
        raise Refused(
            f"the archive's database schema is newer than this code ({unknown} are"
            f" unknown migrations here): install ckanext-satudata {made} (and the"
            " CKAN and extension versions the manifest names) to restore it")
    return _Plan([targets[role] for role in ("main", "datastore")
                  if role in manifest["databases"]],
                 {root.option: by_option[root.option] for root in stored
                  if root.files}, stored, comparison)


def _check_empty(plan: _Plan, excluded: list[Path]) -> None:
    for database in plan.databases:
        found = postgres.relations(database)
        if found:
            listed = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
            raise Refused(
                f"the {database.role} database {database.name!r} is not empty"
                f" ({len(found)} tables, e.g. {listed}): restore into new empty"
                " databases (docs/backup.md), or add --force to replace what the"
                " archive has")
    every = list(plan.roots.values())
    for root in every:
        if not storage.is_empty(root, every, excluded):
            raise Refused(
                f"the storage folder {root.path} ({root.option}) is not empty:"
                " restore into an empty folder, or add --force to overwrite the"
                " files the archive has")


def _ckan_command() -> list[str] | None:
    """CKAN's command line with this process's config file."""
    ini = config.config_file()
    program = shutil.which("ckan", path=os.path.dirname(sys.executable)) \
        or shutil.which("ckan")
    return [program, "-c", ini] if ini and program else None


def restore(path: Path, force: bool = False, upgrade: bool = True,
            echo: Echo = lambda _line: None) -> Restored:
    started = time.monotonic()
    with Reader(path) as reader:
        echo(f"Checking {path.name} ...")
        manifest = reader.verify()
        echo(f"  {len(reader.members)} members verified (size and sha256)")
        plan = _plan(manifest)
        try:
            excluded = excluded_folders(config.directory())
        except ValueError:  # no archives folder here: nothing to leave out
            excluded = excluded_folders(None)
        if not force:
            _check_empty(plan, excluded)
        result = Restored(manifest)
        result.warnings = version_warnings(manifest, facts.versions(),
                                           config.plugins(), config.site_id())
        for source in plan.comparison.not_enabled:
            result.warnings.append(f"the archive has the tables of {source}, which"
                                   " is not enabled here")
        # this process lets go of its own connections: pg_restore drops and
        # creates tables
        model.Session.remove()
        model.meta.engine.dispose()
        _restore_databases(reader, plan, echo)
        if any(database.role == "datastore" for database in plan.databases):
            _grant_datastore_read(plan, result, echo)
        result.files = _restore_files(reader, manifest, plan, echo)
    _migrate(plan.comparison, upgrade, result, echo)
    if not (plan.comparison.pending and not result.migrated):
        result.indexed = _rebuild_index(echo)
    _compare_counts(manifest, result)
    result.seconds = time.monotonic() - started
    return result


def _restore_databases(reader: Reader, plan: _Plan, echo: Echo) -> None:
    with tempfile.TemporaryDirectory(prefix="satudata-restore-") as work:
        for database in plan.databases:
            server = postgres.server_version(database)
            tool, version = postgres.find_tool("pg_restore", server,
                                               config.pg_bin_dir())
            dumped = Path(work) / f"{database.role}.dump"
            reader.extract(manifests.DUMPS[database.role], dumped)
            postgres.restore(database, dumped, tool)
            dumped.unlink()
            echo(f"  {database.role} database {database.name}: restored"
                 f" ({len(postgres.relations(database))} tables; PostgreSQL {server},"
                 f" pg_restore {version})")


def _grant_datastore_read(plan: _Plan, result: Restored, echo: Echo) -> None:
    main, datastore = plan.databases[0], plan.databases[-1]
    read_url = config.datastore_read_url()
    try:
        postgres.grant_datastore_read(main, datastore, read_url)
    except postgres.DatabaseError as error:
        result.problems.append(
            f"{error}. As a database superuser run: ckan -c <config> datastore"
            " set-permissions | sudo -u postgres psql")
        return
    unreadable = postgres.unreadable(read_url)
    if unreadable:
        result.problems.append("the DataStore read-only user cannot read: "
                               + ", ".join(unreadable[:5]))
    else:
        echo("  DataStore read-only user: permissions set again")


def _restore_files(reader: Reader, manifest: dict[str, Any], plan: _Plan,
                   echo: Echo) -> int:
    stored = manifests.storage_of(manifest)
    counts = dict.fromkeys(plan.roots, 0)
    for name in reader.members:
        found = manifests.root_of(name, stored)
        if found is None:
            continue
        root, relative = found
        target_root = plan.roots[root.option]
        target = (target_root.path / relative).absolute()
        if target_root.path not in target.parents:
            raise BackupError(f"member {name}: would be written outside"
                              f" {target_root.path}")
        reader.extract(name, target)
        counts[root.option] += 1
    for option, count in counts.items():
        echo(f"  storage {option} ({plan.roots[option].path}): {count} files")
    return sum(counts.values())


def _migrate(comparison: migrations.Comparison, upgrade: bool, result: Restored,
             echo: Echo) -> None:
    pending = comparison.pending
    if not pending:
        echo("  database schema: at this code's revision")
        return
    command = _ckan_command()
    if not upgrade or command is None:
        result.problems.append(
            "migrations pending for " + ", ".join(pending) + ": run `ckan -c <config>"
            " db upgrade`, then `ckan -c <config> search-index rebuild`")
        return
    echo("  database schema: older than this code, running `ckan db upgrade` for "
         + ", ".join(pending))
    answer = subprocess.run([*command, "db", "upgrade"], capture_output=True,
                            text=True, check=False)
    if answer.returncode != 0:
        detail = "\n  ".join(answer.stderr.strip().splitlines()[-5:])
        result.problems.append(f"`ckan db upgrade` failed:\n  {detail}")
        return
    result.migrated = pending


def _rebuild_index(echo: Echo) -> int:
    """CKAN's ``search-index rebuild`` of every dataset (the embedded
    engine's tables came back with the database; built again to be sure)."""
    from ckan.lib import search

    model.Session.remove()
    search.rebuild(defer_commit=True, quiet=True, clear=True)
    search.commit()
    indexed = model.Session.query(model.Package.id).count()
    model.Session.remove()
    echo(f"  search index: rebuilt ({indexed} datasets)")
    return indexed


def _compare_counts(manifest: dict[str, Any], result: Restored) -> None:
    now = facts.counts()
    for key, value in now.items():
        archived = manifest["counts"].get(key)
        if archived is not None and archived != value:
            result.warnings.append(f"{key}: {archived} in the archive's manifest,"
                                   f" {value} restored")
