"""The boundary actions by every role, through the action layer and the
HTTP Action API: everybody (anonymous too) sees the boundary; only the
walidata (a sysadmin counting as walidata) upload and delete it, and a
refusal writes nothing. A refused file (bad JSON, not a FeatureCollection,
a feature without kode, a bad geometry, too big) stores nothing and says
which feature is wrong; a good one is stored in CKAN's file storage and
its shapes are made once."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.tests import helpers

from ckanext.satudata import files
from tests.indicators.support import Api, as_user
from tests.maps.conftest import Upload, maps_state
from tests.maps.support import (
    CODES,
    KECAMATAN_FILE,
    NAMES,
    PATHS,
    collection,
    encoded,
    square,
)

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

ROLES = ("anonymous", "public", "operator", "verifikator", "other_operator",
         "other_verifikator", "pembina", "walidata", "sysadmin")
KEEPERS = frozenset({"walidata", "sysadmin"})


def _user(people: dict[str, Any], role: str) -> dict[str, Any] | None:
    return None if role == "anonymous" else people[role]


def _upload(who: dict[str, Any] | None, content: bytes = KECAMATAN_FILE,
            **data: Any) -> dict[str, Any]:
    return helpers.call_action("satudata_maps_boundary_upload", as_user(who),
                               upload=Upload(content), **data)


def _show(who: dict[str, Any] | None = None, **data: Any) -> dict[str, Any]:
    return helpers.call_action("satudata_maps_boundary_show", as_user(who), **data)


def test_a_good_upload_is_stored_and_processed(keepers):
    walidata = keepers["walidata"]
    before = len(maps_state()["stored"])
    shown = _upload(walidata)
    assert shown == {
        "id": shown["id"], "level": "kecamatan", "level_label": "Kecamatan",
        "name": "Kecamatan Kota Semarang", "file_name": "kecamatan.geojson",
        "file_size": len(KECAMATAN_FILE),
        "sha256": hashlib.sha256(KECAMATAN_FILE).hexdigest(),
        "feature_count": 4, "repaired": [], "bbox": [110.4, -7.05, 110.5, -6.95],
        "width": 635.3, "height": 640.0, "created": shown["created"],
        "created_by": model.User.get("walidata").id,
        "features": [{"kode": code, "name": NAMES[code]} for code in CODES],
    }
    assert _show() == shown
    with_shapes = _show(level="kecamatan", shapes=True)
    assert {item["kode"]: item["path"] for item in with_shapes["features"]} == PATHS
    # the original file, in CKAN's file storage, owned by the boundary
    state = maps_state()
    [(row_id, level, sha256, file_id)] = state["rows"]
    assert (row_id, level, sha256) == (shown["id"], "kecamatan", shown["sha256"])
    assert files.read(file_id) == KECAMATAN_FILE
    assert [f["id"] for f in files.owned_by("satudata_map_boundary", row_id)] == [
        file_id]
    assert len(state["stored"]) == before + 1


def test_a_new_upload_replaces_the_boundary_of_its_level_and_its_file(keepers):
    first = _upload(keepers["walidata"])
    before = maps_state()
    [(_id, _level, _sha, old_file)] = before["rows"]
    [(_file_id, old_location)] = before["files"]
    three = encoded(collection(f4=None))
    second = _upload(keepers["sysadmin"], three, name="Batas kecamatan 2025")
    assert second["name"] == "Batas kecamatan 2025"
    assert second["feature_count"] == 3 and second["id"] != first["id"]
    state = maps_state()
    [(_id, _level, _sha, new_file)] = state["rows"]
    assert files.read(new_file) == three
    assert [row[0] for row in state["files"]] == [new_file]
    with pytest.raises(tk.ObjectNotFound):
        files.read(old_file)
    # the old bytes are gone, the new ones are there
    assert [path.name for path in state["stored"] if path not in before["stored"]] == [
        state["files"][0][1]]
    assert old_location not in [path.name for path in state["stored"]]
    from ckan.common import config

    folder = Path(config["ckan.files.storage.satudata.path"])
    assert not (folder / old_location).exists()


def test_a_desa_boundary_sits_beside_the_kecamatan_one(keepers):
    desa = encoded({"type": "FeatureCollection", "features": [
        square(110.40, -7.00, "33.74.01.1001"),
        square(110.45, -7.00, "33.74.01.1002")]})
    _upload(keepers["walidata"], desa, name="Kelurahan")
    assert _show()["level"] == "desa"  # the only one
    _upload(keepers["walidata"])
    assert _show()["level"] == "kecamatan"  # preferred
    assert _show(level="desa")["name"] == "Kelurahan"
    helpers.call_action("satudata_maps_boundary_delete",
                        as_user(keepers["walidata"]), level="kecamatan")
    assert _show()["level"] == "desa"
    helpers.call_action("satudata_maps_boundary_delete",
                        as_user(keepers["walidata"]), level="desa")
    with pytest.raises(tk.ObjectNotFound):
        _show()
    state = maps_state()
    assert (state["rows"], state["files"]) == ([], [])


def _refused(people: dict[str, Any], role: str) -> None:
    """``role`` may neither upload nor delete: nothing written."""
    who = _user(people, role)
    before = maps_state()
    with pytest.raises(tk.NotAuthorized):
        _upload(who)
    assert maps_state() == before, role
    _upload(people["walidata"])
    before = maps_state()
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("satudata_maps_boundary_delete", as_user(who),
                            level="kecamatan")
    assert maps_state() == before, role
    assert _show(who)["feature_count"] == 4, role  # everybody sees it
    helpers.call_action("satudata_maps_boundary_delete", as_user(people["walidata"]),
                        level="kecamatan")


def _allowed(people: dict[str, Any], role: str) -> None:
    who = _user(people, role)
    before = maps_state()["stored"]
    shown = _upload(who)
    stored = [path for path in maps_state()["stored"] if path not in before]
    assert len(stored) == 1, role
    assert shown["created_by"] == model.User.get(who["name"]).id
    assert _show(None)["id"] == shown["id"]
    helpers.call_action("satudata_maps_boundary_delete", as_user(who),
                        level="kecamatan")
    state = maps_state()
    assert (state["rows"], state["files"]) == ([], []), role
    assert all(path not in state["stored"] for path in stored), role


def test_only_walidata_upload_and_delete_and_everybody_sees(everyone):
    for role in ROLES:
        with pytest.raises(tk.ObjectNotFound):
            _show(_user(everyone, role))
        if role in KEEPERS:
            _allowed(everyone, role)
        else:
            _refused(everyone, role)


def test_the_http_api_refuses_and_allows(app, keepers):
    from ckan.tests import factories

    api = Api(app)
    everyone = {**keepers, "public": factories.User(name="warga")}
    for role in ("anonymous", "public"):
        body = api.upload("satudata_maps_boundary_upload", _user(everyone, role),
                          KECAMATAN_FILE, "kecamatan.geojson", status=403)
        assert body["success"] is False, role
        api.call("satudata_maps_boundary_show", _user(everyone, role), status=404)
    assert maps_state()["rows"] == []
    shown = api.upload("satudata_maps_boundary_upload", everyone["walidata"],
                       KECAMATAN_FILE, "batas.geojson")["result"]
    assert shown["feature_count"] == 4 and shown["file_name"] == "batas.geojson"
    assert api.call("satudata_maps_boundary_show", None)["result"]["id"] == shown["id"]
    # a text (a path on the server, say) is no file
    body = api.call("satudata_maps_boundary_upload", everyone["walidata"],
                    status=409, upload="/etc/passwd")
    assert list(body["error"]) == ["upload", "__type"]
    # the level of a show or a delete is checked
    body = api.call("satudata_maps_boundary_show", None, status=409, level="kota")
    assert "level" in body["error"]
    body = api.call("satudata_maps_boundary_delete", everyone["walidata"],
                    status=409)
    assert "level" in body["error"]
    api.call("satudata_maps_boundary_delete", everyone["walidata"], level="kecamatan")
    api.call("satudata_maps_boundary_delete", everyone["walidata"], status=404,
             level="kecamatan")


BAD_GEOMETRY = {"geometry": {"type": "LineString",
                             "coordinates": [[110.4, -7.0], [110.5, -7.0]]}}

#: Refused files: what each error names (language-neutral parts).
REFUSED = {
    "bad json": (b'{"type": "FeatureCollection", "features": [', ["JSON", "1"]),
    "not a collection": (encoded(square(110.4, -7.0, "33.74.01")),
                         ["FeatureCollection"]),
    "no features": (b'{"type": "FeatureCollection", "features": []}',
                    ["FeatureCollection"]),
    "missing kode": (encoded(collection(f2={"properties": {"nama": "x"}})),
                     ["2", "kode"]),
    "unknown kode": (encoded(collection(f4={"properties": {"kode": "3374040"}})),
                     ["4", "3374040"]),
    "bad geometry": (encoded(collection(f3=BAD_GEOMETRY)), ["3", "LineString"]),
    "empty": (b"", []),
}


def test_refused_files_store_nothing_and_name_the_problem(keepers):
    walidata = keepers["walidata"]
    _upload(walidata)
    before = maps_state()
    for kind, (content, named) in REFUSED.items():
        with pytest.raises(tk.ValidationError) as refused:
            _upload(walidata, content)
        assert list(refused.value.error_dict) == ["upload"], kind
        [text] = refused.value.error_dict["upload"]
        assert all(part in text for part in named), (kind, text)
        assert maps_state() == before, kind
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("satudata_maps_boundary_upload", as_user(walidata))
    assert list(refused.value.error_dict) == ["upload"]
    assert _show()["sha256"] == hashlib.sha256(KECAMATAN_FILE).hexdigest()


def test_every_problem_of_a_file_is_told(keepers):
    content = encoded(collection(f1={"properties": {}}, f3=BAD_GEOMETRY))
    with pytest.raises(tk.ValidationError) as refused:
        _upload(keepers["walidata"], content)
    first, second = refused.value.error_dict["upload"]
    assert "1" in first and "kode" in first
    assert "3" in second and "LineString" in second


@pytest.mark.ckan_config("ckanext.satudata.maps.boundary_max_mb", "1")
def test_a_file_over_the_limit_is_refused_unread(keepers):
    big = KECAMATAN_FILE[:-2] + b" " * (1024 * 1024) + b"}\n"
    before = maps_state()
    with pytest.raises(tk.ValidationError) as refused:
        _upload(keepers["walidata"], big)
    [text] = refused.value.error_dict["upload"]
    assert "1 MB" in text
    assert maps_state() == before
    # the same file within the limit is fine
    assert _upload(keepers["walidata"], big[:1024 * 1024 - 4].rstrip() + b"}")[
        "feature_count"] == 4


def test_an_invalid_geometry_is_repaired_and_said_so(keepers):
    bow_tie = {"geometry": {"type": "Polygon", "coordinates": [[
        [110.40, -7.05], [110.45, -7.00], [110.45, -7.05], [110.40, -7.00],
        [110.40, -7.05]]]}}
    shown = _upload(keepers["walidata"], encoded(collection(f3=bow_tie)))
    assert shown["repaired"] == [3] and shown["feature_count"] == 4
    path = next(item["path"] for item in _show(shapes=True)["features"]
                if item["kode"] == "33.74.03")
    assert path.count("M") == 2  # two triangles
