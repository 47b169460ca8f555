"""``ckan satudata backup …``: the commands of ``satudata_backup``,
attached to the catalogue's ``satudata`` group (catalogue/cli.py imports
this module only when one of them runs)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import ckan.plugins as plugins_
import click

from ckanext.satudata.backup import api, create, restore
from ckanext.satudata.backup.errors import BackupError

__all__ = ["backup"]

T = TypeVar("T")


def _run(work: Callable[[], T]) -> T:
    """``work`` with the plugin enabled; its refusals as one line."""
    if not plugins_.plugin_loaded("satudata_backup"):
        raise click.ClickException(
            "Backups need the satudata_backup plugin: add it to ckan.plugins.")
    try:
        return work()
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    except ValueError as error:  # a missing option (config.directory)
        raise click.ClickException(str(error)) from None


def _echo(line: str) -> None:
    click.echo(line)


@click.group(short_help="Backups: create, list, verify, restore")
def backup() -> None:
    """Backups of the databases and the stored files (docs/backup.md)."""


@backup.command("create")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder of the archive (default:"
              " ckanext.satudata.backup.directory).")
@click.option("--keep", type=click.IntRange(min=0), default=None,
              help="Archives of this site to keep in the folder (default:"
              " ckanext.satudata.backup.keep; 0 keeps all).")
def create_command(output: Path | None, keep: int | None) -> None:
    """Write one archive: both databases (pg_dump), the stored files and a
    manifest of checksums; then delete this site's oldest archives beyond
    --keep."""
    from ckanext.satudata.backup import config

    def work() -> create.Created:
        folder = (output or config.directory()).absolute()
        click.echo(f"Backing up into {folder} ...")
        return create.create(folder, config.keep() if keep is None else keep, _echo)

    made = _run(work)
    counts = made.manifest["counts"]
    click.echo("  counts: " + ", ".join(f"{key} {value}"
                                         for key, value in counts.items()))
    for path in made.vanished:
        click.echo(f"  skipped (deleted while the backup ran): {path}")
    click.echo(f"Archive: {made.path} ({create.size_text(made.size)},"
               f" {len(made.manifest['members'])} members, {made.seconds:.1f} s)")
    for path in made.deleted:
        click.echo(f"Deleted (retention): {path.name}")


@backup.command("list")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder of the archives (default:"
              " ckanext.satudata.backup.directory).")
@click.option("--quick", is_flag=True,
              help="Only read each manifest instead of checking every member.")
def list_command(output: Path | None, quick: bool) -> None:
    """The archives in the folder, newest first: time (UTC), size, site and
    whether every member matches its checksum."""
    found = _run(lambda: api.list_backups(output, verify=not quick))
    if not found:
        click.echo("No archives.")
        return
    for item in found:
        if item.problem:
            state = f"DAMAGED: {item.problem}"
        else:
            state = "verified" if item.checked else "complete (not verified)"
        size = create.size_text(item.size)
        click.echo(f"{item.created:%Y-%m-%d %H:%M:%S}Z  {size:>9}  {item.path.name}"
                   f"  {state}")


@backup.command("verify")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False,
                                           path_type=Path))
def verify_command(archive: Path) -> None:
    """Check every member of ARCHIVE against its manifest."""
    manifest: dict[str, Any] = _run(lambda: api.verify_backup(archive))
    click.echo(f"{archive.name}: {len(manifest['members'])} members verified;"
               f" made {manifest['created']} of {manifest['site_url']}"
               f" (ckanext-satudata {manifest['versions'].get('ckanext-satudata')})")


@backup.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False,
                                           path_type=Path))
@click.option("--force", is_flag=True,
              help="Restore into databases and folders that are not empty"
              " (objects and files of the archive replace theirs).")
@click.option("--no-upgrade", is_flag=True,
              help="Do not run pending migrations (`ckan db upgrade`) when the"
              " archive's schema is older than this code.")
def restore_command(archive: Path, force: bool, no_upgrade: bool) -> None:
    """Restore ARCHIVE into the databases and storage folders this config
    names. Stop the web and worker processes first; they must start again
    afterwards."""
    done = _run(lambda: restore.restore(archive.absolute(), force, not no_upgrade,
                                        _echo))
    manifest = done.manifest
    click.echo(f"Restored {archive.name}: made {manifest['created']} of"
               f" {manifest['site_url']}; {done.files} files;"
               f" {done.seconds:.1f} s")
    click.echo("  counts: " + ", ".join(f"{key} {value}" for key, value
                                         in manifest["counts"].items()))
    if done.migrated:
        click.echo("  migrated: " + ", ".join(done.migrated))
    for line in done.warnings:
        click.echo(f"WARNING: {line}")
    if done.problems:
        raise click.ClickException("restored, but:\n" + "\n".join(done.problems))
