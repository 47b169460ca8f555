"""The manifest of an archive (``manifest.json``, its last member): what
the archive holds and the facts of the site it was made of (pure).

It names every other member with its size and SHA-256, the versions of the
code and of each database schema (alembic revision of CKAN core and of
every plugin with migrations), the enabled plugins and a few counts. It
holds no secret: no config file, password, key or database URL — only
database *names*.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from ckanext.satudata.backup.errors import BackupError

NAME = "manifest.json"
FORMAT = "ckanext-satudata backup"
FORMAT_VERSION = 1
#: The packages whose versions an archive records.
PACKAGES = ("ckan", "ckanext-satudata", "ckanext-scheming", "ckanext-dcat")
#: Where each database's dump is in the archive.
DUMPS = {"main": "databases/main.dump", "datastore": "databases/datastore.dump"}
#: Key of CKAN core's revision in ``migrations``.
CORE = "ckan"


class ManifestError(BackupError):
    """The manifest is missing, unreadable or of an unknown format."""


@dataclass(frozen=True)
class Member:
    """One member of the archive (a dump or a stored file)."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class StoredRoot:
    """A storage folder in the archive: the config option naming it on the
    site and the archive folder its files are in."""

    option: str
    prefix: str
    files: int
    bytes: int


def safe_name(name: str) -> bool:
    """Whether ``name`` is a relative POSIX path that stays inside the
    folder it is unpacked into."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        return False
    normal = posixpath.normpath(name)
    return normal == name and normal != "." and not normal.startswith("../") \
        and normal != ".."


def build(*, created: str, site_id: str, site_url: str,
          versions: Mapping[str, Any], plugins: Iterable[str],
          migrations: Mapping[str, str], counts: Mapping[str, int],
          databases: Mapping[str, str], storage: Iterable[StoredRoot],
          not_archived: Iterable[str], members: Iterable[Member]) -> dict[str, Any]:
    """The manifest as a dictionary.

    :param databases: ``main``/``datastore`` → database name (never a URL)
    :param not_archived: storages a backup cannot hold (not local folders)
    """
    members = list(members)
    names = [member.name for member in members]
    if len(set(names)) != len(names):
        raise ManifestError("a member is named twice")
    for name in names:
        if not safe_name(name) or name == NAME:
            raise ManifestError(f"unsafe member name {name!r}")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": created,
        "site_id": site_id,
        "site_url": site_url,
        "versions": dict(versions),
        "plugins": list(plugins),
        "migrations": dict(sorted(migrations.items())),
        "counts": dict(counts),
        "databases": {role: {"member": DUMPS[role], "database": name}
                      for role, name in databases.items()},
        "storage": [asdict(root) for root in storage],
        "not_archived": list(not_archived),
        "members": [asdict(member) for member in members],
    }


def dumps(manifest: Mapping[str, Any]) -> bytes:
    return json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"


def loads(content: bytes) -> dict[str, Any]:
    """A manifest read back; ``ManifestError`` when it is not one this code
    can restore."""
    try:
        manifest = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ManifestError(f"{NAME} is not valid JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ManifestError(f"{NAME} is not the manifest of a satudata backup")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise ManifestError(
            f"archive format {version!r}: this code reads format {FORMAT_VERSION}"
            " (restore it with the ckanext-satudata version that made it)")
    try:
        members_of(manifest)
        [StoredRoot(**root) for root in manifest["storage"]]
        for key in ("created", "versions", "plugins", "migrations", "counts",
                    "databases"):
            manifest[key]
    except (KeyError, TypeError) as error:
        raise ManifestError(f"{NAME} is incomplete: {error}") from error
    return manifest


def members_of(manifest: Mapping[str, Any]) -> dict[str, Member]:
    """Member name → its recorded size and checksum."""
    members = {}
    for entry in manifest["members"]:
        member = Member(str(entry["name"]), int(entry["size"]), str(entry["sha256"]))
        if not safe_name(member.name) or member.name in members:
            raise ManifestError(f"{NAME}: bad member name {member.name!r}")
        members[member.name] = member
    return members


def storage_of(manifest: Mapping[str, Any]) -> list[StoredRoot]:
    return [StoredRoot(**root) for root in manifest["storage"]]


def root_of(name: str, roots: Iterable[StoredRoot]) -> tuple[StoredRoot, str] | None:
    """The storage root a member belongs to and its path inside that root;
    ``None`` for a member that is no stored file (a dump)."""
    for root in roots:
        if name.startswith(root.prefix + "/"):
            return root, name[len(root.prefix) + 1:]
    return None
