"""``ckan satudata backup`` on the test site: what an archive holds (and
never: a secret), retention, listing, and a restore that refuses before it
changes anything. The full restore runs on the demo (tests/test_demo.py)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ckan import model
from ckan.cli.cli import ckan
from ckan.plugins import toolkit as tk
from ckan.tests import helpers
from sqlalchemy.engine import make_url

from ckanext.satudata import files
from ckanext.satudata.backup import api, naming, postgres, restore
from ckanext.satudata.backup.errors import Refused

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")

#: A secret only the config has (the /metrics token), planted for this test.
PLANTED = "planted-metrics-token-5c1d9e"
CSV = b"kode_wilayah,jumlah\n33.74.01,12345\n"
PDF = b"%PDF-1.4 surat pengantar (test)\n"


def _secrets() -> list[str]:
    """Every secret of the config: keys, tokens, database URLs and their
    user:password pairs."""
    found = [PLANTED]
    for key in ("SECRET_KEY", "WTF_CSRF_SECRET_KEY", "api_token.jwt.encode.secret",
                "api_token.jwt.decode.secret"):
        value = str(tk.config.get(key) or "").removeprefix("string:")
        assert len(value) > 8, key
        found.append(value)
    for key in ("sqlalchemy.url", "ckan.datastore.write_url",
                "ckan.datastore.read_url"):
        url = make_url(tk.config[key])
        found.append(tk.config[key])
        found.append(f"{url.username}:{url.password}@")
    return found


def _dump_as_sql(tar: tarfile.TarFile, member: str, work: Path) -> bytes:
    """A custom-format dump (compressed) as the SQL text it holds."""
    dumped = work / member.replace("/", "_")
    dumped.write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
    tool = shutil.which("pg_restore")
    assert tool
    return subprocess.run([tool, "--file=-", str(dumped)], capture_output=True,
                          check=True).stdout


@pytest.mark.ckan_config("ckanext.satudata.metrics.token", PLANTED)
def test_an_archive_holds_both_databases_and_the_files_and_no_secret(
    opd: dict[str, Any], create_with_upload: Any, tmp_path: Path,
) -> None:
    dataset = opd["dataset"]
    resource = create_with_upload(CSV, "penduduk.csv", package_id=dataset["id"],
                                  context={"user": opd["operator"]["name"]})
    files.store(PDF, owner_type="package", owner_id=dataset["id"],
                name="surat.pdf", defer_commit=False)
    helpers.call_action("datastore_create", {"user": opd["operator"]["name"]},
                        resource_id=resource["id"], force=True,
                        records=[{"kode": "33.74.01", "jumlah": 12345}])

    path = api.create_backup(keep=0, output=tmp_path / "backups")

    assert path.parent == tmp_path / "backups"
    assert naming.parse(path.name) is not None
    assert [p.name for p in path.parent.iterdir() if not p.name.startswith(".")] \
        == [path.name]  # no partial name, no work folder left
    manifest = api.verify_backup(path)
    members = {m["name"]: m for m in manifest["members"]}
    assert {"databases/main.dump", "databases/datastore.dump"} <= set(members)
    stored = {m["sha256"] for name, m in members.items() if name.startswith("storage/")}
    assert hashlib.sha256(CSV).hexdigest() in stored  # CKAN's resource upload
    assert hashlib.sha256(PDF).hexdigest() in stored  # the satudata storage
    assert not any(name.endswith((".ini", ".tar")) for name in members)
    main = postgres.Database("main", tk.config["sqlalchemy.url"])
    assert manifest["migrations"] == postgres.revisions(main)
    assert {"ckan", "activity", "satudata_search", "satudata_workflow"} \
        <= set(manifest["migrations"])
    assert manifest["counts"]["datasets"] == 1
    assert manifest["counts"]["datastore_tables"] == 1
    assert manifest["versions"]["ckanext-satudata"]
    assert "satudata_backup" in manifest["plugins"]
    assert manifest["databases"]["main"]["database"] == main.name

    with tarfile.open(path) as tar:
        everything = path.read_bytes() + b"".join(
            _dump_as_sql(tar, name, tmp_path) for name in members
            if name.startswith("databases/"))
    # the scan reads the databases' contents, not only compressed bytes
    assert dataset["name"].encode() in everything
    assert b"33.74.01\t12345" in everything  # the DataStore row
    for secret in _secrets():
        assert secret.encode() not in everything, secret


def _fake_archive(folder: Path, site: str, day: int) -> Path:
    import datetime as dt

    path = folder / naming.archive_name(site, dt.datetime(2026, 1, day,
                                                          tzinfo=dt.timezone.utc))
    path.write_bytes(b"not an archive")
    return path


def _with_manifest(source: Path, target: Path,
                   change: Callable[[dict[str, Any]], None]) -> None:
    """A copy of the archive ``source`` whose manifest ``change`` edited."""
    with tarfile.open(source) as tar, tarfile.open(target, "w") as copy:
        for info in tar.getmembers():
            data = tar.extractfile(info).read()  # type: ignore[union-attr]
            if info.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                info.size = len(data)
            copy.addfile(info, io.BytesIO(data))


def test_create_list_and_a_restore_that_refuses(
    opd: dict[str, Any], cli: Any, tmp_path: Path,
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    site = naming.site_slug(tk.config["ckan.site_id"], tk.config["ckan.site_url"])
    oldest = _fake_archive(folder, site, 1)
    older = _fake_archive(folder, site, 2)
    other_site = _fake_archive(folder, "another.example", 1)

    created = cli.invoke(ckan, ["satudata", "backup", "create", "--output",
                                str(folder), "--keep", "2"])
    assert created.exit_code == 0, created.output
    archives = sorted(p.name for p in folder.glob("satudata-backup-*.tar"))
    assert oldest.name not in archives  # beyond --keep 2
    assert {older.name, other_site.name} <= set(archives)
    assert len(archives) == 3
    new = next(folder / name for name in archives
               if name not in (older.name, other_site.name))
    assert f"Archive: {new}" in created.output
    assert f"Deleted (retention): {oldest.name}" in created.output
    assert "datasets 1" in created.output

    listed = cli.invoke(ckan, ["satudata", "backup", "list", "--output", str(folder)])
    assert listed.exit_code == 0, listed.output
    lines = {word: line for line in listed.output.splitlines()
             for word in line.split() if naming.parse(word)}
    assert lines[new.name].endswith("verified")
    assert "DAMAGED" in lines[older.name]

    # restoring onto this (not empty) site is refused before anything changes
    with pytest.raises(Refused, match="the main database .* is not empty"):
        restore.restore(new)
    # so is an archive of newer code (a migration this code does not know)
    future = tmp_path / "future.tar"
    _with_manifest(new, future, lambda manifest: manifest["migrations"].update(
        satudata_search="0099_from_the_future"))
    with pytest.raises(Refused, match="satudata_search 0099_from_the_future are"
                                      " unknown migrations here"):
        restore.restore(future, force=True)
    # so is a damaged archive, naming the member, even with --force
    damaged = tmp_path / new.name
    shutil.copy(new, damaged)
    with tarfile.open(damaged) as tar:
        offset = tar.getmember("databases/main.dump").offset_data + 100
    with damaged.open("r+b") as raw:
        raw.seek(offset)
        byte = raw.read(1)
        raw.seek(offset)
        raw.write(bytes([byte[0] ^ 0xFF]))
    refused = cli.invoke(ckan, ["satudata", "backup", "restore", "--force",
                                str(damaged)])
    assert refused.exit_code == 1
    assert "member databases/main.dump: checksum mismatch" in refused.output
    model.Session.remove()
    assert model.Package.get(opd["dataset"]["name"]) is not None
    assert os.path.exists(new)
