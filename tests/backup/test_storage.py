"""Which folders and files a backup holds (files in a temporary folder)."""

from __future__ import annotations

from pathlib import Path

from ckanext.satudata.backup import storage


def _options(base: Path, **extra: str) -> dict[str, str]:
    return {
        "ckan.storage_path": str(base / "storage"),
        "ckan.files.storage.satudata.type": "ckan:fs",
        "ckan.files.storage.satudata.path": str(base / "storage" / "satudata"),
        "ckan.files.storage.satudata.initialize": "true",
        **extra,
    }


def test_roots_of_the_portal_config(tmp_path: Path) -> None:
    roots, skipped = storage.roots(_options(
        tmp_path,
        **{"ckan.files.storage.cloud.type": "ckanext:s3",
           "ckan.files.storage.cloud.bucket": "b",
           "ckan.files.storage.zcopy.type": "ckan:fs",
           "ckan.files.storage.zcopy.path": str(tmp_path / "storage" / "satudata"),
           "ckan.files.storage.public.type": "ckan:fs:public",
           "ckan.files.storage.public.path": str(tmp_path / "elsewhere")}))
    assert [(root.option, root.path, root.prefix) for root in roots] == [
        ("ckan.storage_path", tmp_path / "storage", "storage/ckan"),
        ("ckan.files.storage.public.path", tmp_path / "elsewhere",
         "storage/files-public"),
        # "zcopy" names the satudata folder again: one root, the first
        ("ckan.files.storage.satudata.path", tmp_path / "storage" / "satudata",
         "storage/files-satudata"),
    ]
    assert len(skipped) == 1
    assert skipped[0].startswith("ckan.files.storage.cloud (type ckanext:s3)")


def _touch(path: Path, content: str = "x") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)


def test_each_file_once_under_its_innermost_root(tmp_path: Path) -> None:
    base = tmp_path / "storage"
    _touch(base / "resources" / "abc" / "def" / "123")
    _touch(base / "storage" / "uploads" / "user" / "me.png")
    _touch(base / "satudata" / "9f" / "9f0c.pdf")
    _touch(base / "backups" / "satudata-backup-a-20261204T160509Z.tar")
    _touch(base / "webassets" / "base" / "main.css")
    (base / "link").symlink_to(base / "resources")
    roots, _ = storage.roots(_options(tmp_path))
    excluded = [base / "backups", base / "webassets"]
    listed = {root.option: [name for name, _path in storage.files(root, roots,
                                                                  excluded)]
              for root in roots}
    assert listed == {
        "ckan.storage_path": ["resources/abc/def/123",
                              "storage/uploads/user/me.png"],
        "ckan.files.storage.satudata.path": ["9f/9f0c.pdf"],
    }
    assert not storage.is_empty(roots[1], roots, excluded)


def test_a_folder_with_only_excluded_files_is_empty(tmp_path: Path) -> None:
    base = tmp_path / "storage"
    _touch(base / "backups" / "an-archive.tar")
    (base / "satudata").mkdir()
    roots, _ = storage.roots(_options(tmp_path))
    assert all(storage.is_empty(root, roots, [base / "backups"]) for root in roots)
    missing = storage.Root("x", tmp_path / "missing", "storage/x")
    assert storage.is_empty(missing, [], [])
