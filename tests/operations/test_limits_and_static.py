"""nginx's body limit follows the portal's upload limits; the static
folder nginx serves holds what CKAN would serve first."""

from __future__ import annotations

from pathlib import Path

from ckanext.satudata.operations import limits, static


def test_the_body_limit_is_the_largest_upload_limit_plus_the_form():
    config = {
        "ckan.max_resource_size": "20",
        "ckan.max_image_size": "2",
        "ckanext.satudata.import_max_bytes": str(30 * 1024 * 1024),
        "ckanext.satudata.maps.boundary_max_mb": "25",
        "ckanext.satudata.search.cache_size": "100000",  # not a size of a body
        "ckanext.satudata.datarequests.attachment_max_bytes": "",
    }
    assert limits.largest_upload_bytes(config) == 30 * 1024 * 1024
    assert limits.request_body_mb(config) == 31
    config["ckan.max_resource_size"] = "100"
    assert limits.request_body_mb(config) == 101


def test_static_files_of_the_first_folder_win_and_folders_merge(tmp_path: Path):
    plugin, core = tmp_path / "plugin", tmp_path / "core"
    for folder in (plugin, core):
        (folder / "base" / "css").mkdir(parents=True)
    (plugin / "base" / "css" / "main.css").write_text("plugin")
    (core / "base" / "css" / "main.css").write_text("core")
    (core / "base" / "css" / "other.css").write_text("core other")
    (core / "favicon.ico").write_text("icon")
    config = {
        "extra_public_paths": str(plugin),
        "plugin_public_paths": [],
        "ckan.base_public_folder": str(core),
    }
    target = tmp_path / "static"
    static.collect(config, target)
    public = target / "public"
    assert (public / "base" / "css" / "main.css").read_text() == "plugin"
    assert (public / "base" / "css" / "other.css").read_text() == "core other"
    assert (public / "favicon.ico").is_symlink()
    # again, copying (the Docker image's shared volume): made anew
    static.collect(config, target, copy=True)
    assert not (public / "favicon.ico").is_symlink()
    assert (public / "base" / "css" / "main.css").read_text() == "plugin"
