"""The archive file: a POSIX tar of the dumps and stored files, with
``manifest.json`` (their sizes and SHA-256) as its last member.

:class:`Writer` hashes each member while it copies it in; :class:`Reader`
checks every member against the manifest (:meth:`Reader.verify`) and
unpacks members, checking each again as it writes it.
"""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from ckanext.satudata.backup import manifest as manifests
from ckanext.satudata.backup.errors import BackupError
from ckanext.satudata.backup.manifest import Member

_CHUNK = 1024 * 1024


class ArchiveError(BackupError):
    """The archive is not complete, not intact or not an archive; the
    message names the member at fault."""


class _Hashing:
    """A file read through SHA-256."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def _info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o644
    info.type = tarfile.REGTYPE
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


class Writer:
    """Writes an archive to ``path`` (the caller's partial name)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # readable by its owner only: the dumps hold personal data and
        # password hashes
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._file = os.fdopen(descriptor, "wb")
        self._tar = tarfile.open(fileobj=self._file, mode="w",
                                 format=tarfile.PAX_FORMAT)
        self.members: list[Member] = []

    def add_file(self, name: str, source: Path) -> Member:
        """Copy ``source`` in as ``name``; its size is taken when it starts."""
        if not manifests.safe_name(name) or name == manifests.NAME:
            raise ArchiveError(f"member {name!r}: unsafe name")
        stat = source.stat()
        info = _info(name, stat.st_size, stat.st_mtime)
        with source.open("rb") as raw:
            reader = _Hashing(raw)
            try:
                self._tar.addfile(info, reader)
            except OSError as error:  # the file shrank while it was copied
                raise ArchiveError(f"member {name}: {source} changed while it was"
                                   f" archived ({error})") from error
        member = Member(name, info.size, reader.sha256.hexdigest())
        self.members.append(member)
        return member

    def add_manifest(self, content: bytes) -> None:
        self._tar.addfile(_info(manifests.NAME, len(content), time.time()),
                          io.BytesIO(content))

    def close(self) -> None:
        self._tar.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def abort(self) -> None:
        try:
            self._tar.close()
            self._file.close()
        finally:
            self.path.unlink(missing_ok=True)


class Reader:
    """Reads an archive; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._tar = tarfile.open(path, "r:")
            self._infos = {info.name: info for info in self._tar.getmembers()}
        except (tarfile.TarError, OSError, EOFError) as error:
            raise ArchiveError(f"{path.name}: not a readable backup archive"
                               f" ({error})") from error
        if manifests.NAME not in self._infos:
            raise ArchiveError(f"{path.name}: no {manifests.NAME}, so not a complete"
                               " backup archive")
        try:
            content = self._read_all(self._infos[manifests.NAME])
            self.manifest = manifests.loads(content)
            self.members = manifests.members_of(self.manifest)
        except manifests.ManifestError as error:
            raise ArchiveError(f"{path.name}: {error}") from error

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._tar.close()

    def _read_all(self, info: tarfile.TarInfo) -> bytes:
        stream = self._tar.extractfile(info)
        if stream is None:
            raise ArchiveError(f"member {info.name}: not a regular file")
        try:
            return stream.read()
        except (tarfile.TarError, OSError) as error:
            raise ArchiveError(f"member {info.name}: unreadable ({error})") from error

    def _copy(self, name: str, target: IO[bytes] | None) -> str:
        """Stream member ``name`` (into ``target``), returning its SHA-256;
        ``ArchiveError`` when it is not what the manifest says."""
        member = self.members.get(name)
        info = self._infos.get(name)
        if member is None:
            raise ArchiveError(f"member {name}: not in the manifest")
        if info is None:
            raise ArchiveError(f"member {name}: missing from the archive")
        if not info.isreg():
            raise ArchiveError(f"member {name}: not a regular file")
        stream = self._tar.extractfile(info)
        assert stream is not None
        digest = hashlib.sha256()
        try:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                if target is not None:
                    target.write(chunk)
        except (tarfile.TarError, OSError) as error:
            raise ArchiveError(f"member {name}: unreadable ({error})") from error
        if info.size != member.size or digest.hexdigest() != member.sha256:
            raise ArchiveError(
                f"member {name}: checksum mismatch (recorded {member.size} bytes,"
                f" sha256 {member.sha256[:12]}…; found {info.size} bytes, sha256"
                f" {digest.hexdigest()[:12]}…): the archive is damaged or was"
                " altered")
        return digest.hexdigest()

    def verify(self) -> dict[str, Any]:
        """Check every member against the manifest (size and SHA-256, none
        missing, none extra); returns the manifest."""
        for name in self._infos:
            if name != manifests.NAME and name not in self.members:
                raise ArchiveError(f"member {name}: not in the manifest")
        if len(self._infos) != len(self._tar.getmembers()):
            raise ArchiveError(f"{self.path.name}: a member is there twice")
        for name in self.members:
            self._copy(name, None)
        return self.manifest

    def extract(self, name: str, target: Path) -> None:
        """Write member ``name`` to ``target`` (replaced only once the copy
        is complete and checked), with its recorded time."""
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.restoring")
        try:
            with partial.open("wb") as written:
                self._copy(name, written)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        mtime = self._infos[name].mtime
        os.utime(target, (mtime, mtime))


def verify(path: Path) -> dict[str, Any]:
    """The manifest of the archive at ``path`` once every member is checked;
    ``ArchiveError`` naming the first member at fault."""
    with Reader(path) as reader:
        return reader.verify()


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest alone (a quick look: members not checked)."""
    with Reader(path) as reader:
        return reader.manifest
