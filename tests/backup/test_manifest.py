"""The manifest: built, written and read back; refused when foreign (pure)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ckanext.satudata.backup import manifest as manifests
from ckanext.satudata.backup.manifest import ManifestError, Member, StoredRoot

SHA = "0" * 64


def _manifest(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "created": "2026-12-04T16:05:09Z", "site_id": "a.example",
        "site_url": "https://a.example",
        "versions": {"ckan": "2.12.0", "ckanext-satudata": "0.11.0"},
        "plugins": ["satudata", "datastore"],
        "migrations": {"satudata_search": "0002", "ckan": "9445ce34fc23"},
        "counts": {"datasets": 3}, "databases": {"main": "portal"},
        "storage": [StoredRoot("ckan.storage_path", "storage/ckan", 1, 5)],
        "not_archived": [],
        "members": [Member("databases/main.dump", 10, SHA),
                    Member("storage/ckan/resources/abc/def", 5, SHA)],
    }
    fields.update(changes)
    return manifests.build(**fields)


def test_round_trip() -> None:
    built = _manifest()
    read = manifests.loads(manifests.dumps(built))
    assert read == built
    assert read["databases"] == {"main": {"member": "databases/main.dump",
                                          "database": "portal"}}
    assert list(read["migrations"]) == ["ckan", "satudata_search"]
    assert manifests.members_of(read)["databases/main.dump"] == Member(
        "databases/main.dump", 10, SHA)
    roots = manifests.storage_of(read)
    assert manifests.root_of("storage/ckan/resources/abc/def", roots) == (
        roots[0], "resources/abc/def")
    assert manifests.root_of("databases/main.dump", roots) is None
    assert manifests.root_of("storage/ckan-other/x", roots) is None


@pytest.mark.parametrize("name", [
    "/etc/passwd", "../x", "storage/../../x", "storage//x", "./x", "", "a\\b",
    "manifest.json",
])
def test_unsafe_member_names_are_refused(name: str) -> None:
    with pytest.raises(ManifestError):
        _manifest(members=[Member(name, 1, SHA)])


def test_a_member_twice_is_refused() -> None:
    with pytest.raises(ManifestError, match="twice"):
        _manifest(members=[Member("a", 1, SHA), Member("a", 1, SHA)])


@pytest.mark.parametrize(("content", "message"), [
    (b"not json", "not valid JSON"),
    (b'{"format": "something else"}', "not the manifest"),
    (json.dumps({"format": manifests.FORMAT, "format_version": 2}).encode(),
     "format 2"),
    (json.dumps({"format": manifests.FORMAT, "format_version": 1,
                 "members": [], "storage": []}).encode(), "incomplete"),
])
def test_foreign_manifests_are_refused(content: bytes, message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        manifests.loads(content)


def test_a_tampered_member_name_is_refused_on_reading() -> None:
    built = _manifest()
    built["members"][0]["name"] = "../../etc/cron.d/x"
    with pytest.raises(ManifestError, match="bad member name"):
        manifests.loads(manifests.dumps(built))
