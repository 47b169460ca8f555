"""Writing and checking archives: a tampered, truncated or incomplete
archive is refused, naming the member at fault (files, no database)."""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pytest

from ckanext.satudata.backup import archive
from ckanext.satudata.backup import manifest as manifests
from ckanext.satudata.backup.archive import ArchiveError, Reader, Writer
from ckanext.satudata.backup.manifest import StoredRoot

CONTENT = {
    "databases/main.dump": b"PGDMP" + bytes(range(256)) * 40,
    "storage/ckan/resources/abc/def/123": b"kode_wilayah,jumlah\n33.74.01,10\n",
    "storage/files-satudata/9f/9f0c.pdf": b"%PDF-1.7 not really\n",
}


def _write(folder: Path, content: dict[str, bytes] = CONTENT) -> Path:
    sources = folder / "sources"
    sources.mkdir(exist_ok=True)
    path = folder / "archive.tar"
    writer = Writer(path)
    for number, (name, data) in enumerate(content.items()):
        source = sources / str(number)
        source.write_bytes(data)
        writer.add_file(name, source)
    manifest = manifests.build(
        created="2026-12-04T16:05:09Z", site_id="a", site_url="http://a",
        versions={}, plugins=[], migrations={}, counts={}, databases={"main": "x"},
        storage=[StoredRoot("ckan.storage_path", "storage/ckan", 1, 1)],
        not_archived=[], members=writer.members)
    writer.add_manifest(manifests.dumps(manifest))
    writer.close()
    return path


def _flip_byte(path: Path, member: str, at: int = 7) -> None:
    with tarfile.open(path) as tar:
        offset = tar.getmember(member).offset_data + at
    with path.open("r+b") as raw:
        raw.seek(offset)
        byte = raw.read(1)
        raw.seek(offset)
        raw.write(bytes([byte[0] ^ 0x01]))


def test_an_intact_archive_verifies_and_unpacks(tmp_path: Path) -> None:
    path = _write(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600  # personal data inside
    manifest = archive.verify(path)
    recorded = {m["name"]: (m["size"], m["sha256"]) for m in manifest["members"]}
    assert recorded == {name: (len(data), hashlib.sha256(data).hexdigest())
                        for name, data in CONTENT.items()}
    with tarfile.open(path) as tar:  # the manifest is the last member
        assert tar.getnames()[-1] == "manifest.json"
    with Reader(path) as reader:
        target = tmp_path / "out" / "file"
        reader.extract("storage/ckan/resources/abc/def/123", target)
    assert target.read_bytes() == CONTENT["storage/ckan/resources/abc/def/123"]


@pytest.mark.parametrize("member", list(CONTENT))
def test_a_changed_byte_is_found_and_named(tmp_path: Path, member: str) -> None:
    path = _write(tmp_path)
    _flip_byte(path, member)
    with pytest.raises(ArchiveError, match=f"member {member}: checksum mismatch"):
        archive.verify(path)
    # unpacking that member refuses too, leaving nothing behind
    with Reader(path) as reader, pytest.raises(ArchiveError, match="checksum"):
        reader.extract(member, tmp_path / "out" / "x")
    assert not (tmp_path / "out" / "x").exists()
    assert list((tmp_path / "out").iterdir()) == []


def test_a_changed_manifest_is_found(tmp_path: Path) -> None:
    path = _write(tmp_path)
    with tarfile.open(path) as tar:
        data = tar.extractfile("manifest.json").read()  # type: ignore[union-attr]
    changed = data.replace(hashlib.sha256(CONTENT["databases/main.dump"]).hexdigest()
                           .encode(), b"f" * 64)
    _rewrite(path, {"manifest.json": changed})
    with pytest.raises(ArchiveError, match="member databases/main.dump: checksum"):
        archive.verify(path)


def _rewrite(path: Path, replace: dict[str, bytes], drop: str = "",
             add: dict[str, bytes] | None = None) -> None:
    """The archive again, some members replaced, dropped or added (before
    the manifest)."""
    with tarfile.open(path) as tar:
        members = [(info, tar.extractfile(info).read())  # type: ignore[union-attr]
                   for info in tar.getmembers()]
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in members:
            if info.name == "manifest.json":
                for name, extra in (add or {}).items():
                    new = tarfile.TarInfo(name)
                    new.size = len(extra)
                    tar.addfile(new, io.BytesIO(extra))
            if info.name == drop:
                continue
            data = replace.get(info.name, data)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_a_missing_member_is_found(tmp_path: Path) -> None:
    path = _write(tmp_path)
    _rewrite(path, {}, drop="storage/files-satudata/9f/9f0c.pdf")
    with pytest.raises(ArchiveError,
                       match="member storage/files-satudata/9f/9f0c.pdf: missing"):
        archive.verify(path)


def test_an_extra_member_is_found(tmp_path: Path) -> None:
    path = _write(tmp_path)
    _rewrite(path, {}, add={"storage/ckan/planted.sh": b"#!/bin/sh\n"})
    with pytest.raises(ArchiveError,
                       match="member storage/ckan/planted.sh: not in the manifest"):
        archive.verify(path)


def test_a_truncated_archive_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ArchiveError):
        archive.verify(path)


def test_an_archive_without_manifest_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "half.tar"
    with tarfile.open(path, "w") as tar:
        info = tarfile.TarInfo("databases/main.dump")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"abc"))
    with pytest.raises(ArchiveError, match="no manifest.json"):
        archive.verify(path)
    (tmp_path / "junk.tar").write_bytes(b"not a tar at all" * 100)
    with pytest.raises(ArchiveError, match="not a readable backup archive"):
        archive.verify(tmp_path / "junk.tar")


def test_unsafe_names_are_never_written(tmp_path: Path) -> None:
    source = tmp_path / "x"
    source.write_bytes(b"x")
    writer = Writer(tmp_path / "a.tar")
    with pytest.raises(ArchiveError, match="unsafe"):
        writer.add_file("../x", source)
    writer.abort()
    assert not (tmp_path / "a.tar").exists()
