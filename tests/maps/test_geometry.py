"""Reading a boundary file (maps/geometry.py), without the database: the
fixture becomes exact SVG shapes; every way a file can be wrong is a
problem naming the feature (1 = the first) and what is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from ckanext.satudata.maps import geometry
from ckanext.satudata.maps.geometry import BoundaryRejected, Problem
from tests.maps.support import (
    KECAMATAN_FILE,
    NAMES,
    PATHS,
    collection,
    encoded,
    square,
)

ROOT = "33.74"


def _problems(content: bytes, root: str = ROOT) -> list[Problem]:
    with pytest.raises(BoundaryRejected) as raised:
        geometry.process(content, root)
    return raised.value.problems


def test_the_fixture_becomes_projected_shapes():
    processed = geometry.process(KECAMATAN_FILE, ROOT)
    assert processed.level == "kecamatan"
    assert (processed.width, processed.height) == (635.3, 640.0)
    assert processed.bbox == (110.4, -7.05, 110.5, -6.95)
    assert processed.repaired == ()
    assert [(s.kode, s.name, s.path) for s in processed.shapes] == [
        (code, NAMES[code], PATHS[code]) for code in sorted(PATHS)]
    # names come from the official list (lokal), codes are normalised
    # (337402 → 33.74.02), label points at the centroids
    assert [(s.cx, s.cy) for s in processed.shapes] == [
        (160.8, 162.0), (474.5, 162.0), (160.8, 478.0), (474.5, 478.0)]


def test_a_desa_boundary_and_a_utf8_bom():
    data = {"type": "FeatureCollection", "features": [
        square(110.40, -7.00, "33.74.01.1001"), square(110.45, -7.00, "3374011002")]}
    processed = geometry.process(b"\xef\xbb\xbf" + encoded(data), ROOT)
    assert processed.level == "desa"
    assert [(s.kode, s.name) for s in processed.shapes] == [
        ("33.74.01.1001", "Miroto"), ("33.74.01.1002", "Brumbungan")]


def test_a_hole_is_a_second_ring_and_a_bow_tie_is_repaired():
    holed = square(110.40, -7.00, "33.74.01", size=0.1)
    holed["geometry"]["coordinates"].append(
        [[110.42, -6.98], [110.44, -6.98], [110.44, -6.96], [110.42, -6.96],
         [110.42, -6.98]])
    bow_tie = {"type": "Feature", "properties": {"kode": "33.74.02"}, "geometry": {
        "type": "Polygon", "coordinates": [[[110.50, -7.00], [110.60, -6.90],
                                            [110.60, -7.00], [110.50, -6.90],
                                            [110.50, -7.00]]]}}
    processed = geometry.process(encoded(
        {"type": "FeatureCollection", "features": [holed, bow_tie]}), ROOT)
    assert processed.repaired == (2,)
    first, second = processed.shapes
    assert first.path.count("M") == 2 and first.path.count("Z") == 2
    # the repaired bow tie: two triangles
    assert second.path.count("M") == 2


def test_simplification_drops_points_below_what_a_screen_shows():
    # a square whose edges carry 400 points, wobbling 1/100000 of a degree
    ring = []
    for i in range(100):
        ring.append([110.40 + i * 0.001, -7.0 + (0.00001 if i % 2 else 0)])
    for i in range(100):
        ring.append([110.50, -7.0 + i * 0.001])
    for i in range(100):
        ring.append([110.50 - i * 0.001, -6.9])
    for i in range(100):
        ring.append([110.40, -6.9 - i * 0.001])
    ring.append(ring[0])
    feature = {"type": "Feature", "properties": {"kode": "33.74.01"},
               "geometry": {"type": "Polygon", "coordinates": [ring]}}
    shape = geometry.process(encoded(
        {"type": "FeatureCollection", "features": [feature]}), ROOT).shapes[0]
    assert shape.path == "M4 636L631.4 636L631.4 4L4 4Z"


@pytest.mark.parametrize(("content", "expected"), [
    (b"\xff\xfe{", Problem("not_utf8")),
    (b'{"type": "FeatureCollection", "features": [}', Problem(
        "bad_json", None, {"line": 1, "column": 44})),
    (b"[" * 100000 + b"]" * 100000, Problem(
        "bad_json", None, {"line": 1, "column": 1})),
    (b'{"type": "Feature", "geometry": null}', Problem(
        "not_collection", None, {"type": "Feature"})),
    (b"[1, 2]", Problem("not_collection", None, {"type": ""})),
    (b'{"type": "FeatureCollection", "features": []}', Problem("no_features")),
    (b'{"type": "FeatureCollection"}', Problem("no_features")),
])
def test_a_file_that_is_no_feature_collection(content: bytes, expected: Problem):
    assert _problems(content) == [expected]


POINT = {"type": "Point", "coordinates": [110.4, -7.0]}
UTM = {"type": "Polygon", "coordinates": [[[436000, 9226000], [441000, 9226000],
                                           [441000, 9231000], [436000, 9226000]]]}
FLAT = {"type": "Polygon", "coordinates": [[[110.4, -7.0], [110.5, -7.0],
                                            [110.45, -7.0], [110.4, -7.0]]]}


@pytest.mark.parametrize(("change", "expected"), [
    ({"properties": {"nama": "Semarang Timur"}}, Problem("no_kode", 3)),
    ({"properties": None}, Problem("no_kode", 3)),
    ({"properties": {"kode": "  "}}, Problem("no_kode", 3)),
    ({"properties": {"kode": "3374030"}}, Problem(
        "unknown_kode", 3, {"kode": "3374030"})),
    ({"properties": {"kode": ["33.74.03"]}}, Problem(
        "unknown_kode", 3, {"kode": "['33.74.03']"})),
    ({"properties": {"kode": "33.74"}}, Problem(
        "kode_level", 3, {"kode": "33.74", "level": "kabupaten/kota"})),
    ({"properties": {"kode": "33.73.01"}}, Problem(
        "outside_region", 3, {"kode": "33.73.01", "region": "Kota Semarang"})),
    ({"properties": {"kode": "33.74.01"}}, Problem(
        "duplicate_kode", 3, {"kode": "33.74.01", "other": 1})),
    ({"properties": {"kode": "33.74.01.1001"}}, Problem(
        "mixed_levels", 3, {"kode": "33.74.01.1001", "level": "desa/kelurahan",
                            "first": 1, "first_level": "kecamatan"})),
    ({"geometry": None}, Problem("no_geometry", 3)),
    ({"geometry": POINT}, Problem("geometry_type", 3, {"type": "Point"})),
    ({"geometry": {"type": "Polygon", "coordinates": [[1, 2]]}},
     Problem("bad_coordinates", 3)),
    ({"geometry": {"type": "Polygon", "coordinates": "x"}},
     Problem("bad_coordinates", 3)),
    ({"geometry": UTM}, Problem("not_lonlat", 3)),
    ({"geometry": FLAT}, Problem(
        "unrepairable", 3, {"reason": "Self-intersection[110.45 -7]"})),
    ({"type": "Polygon"}, Problem("not_feature", 3)),
])
def test_a_wrong_feature_is_named(change: dict[str, Any], expected: Problem):
    assert _problems(encoded(collection(f3=change))) == [expected]


def test_the_kode_property_may_be_written_in_capitals():
    processed = geometry.process(encoded(collection(
        f3={"properties": {"KODE": "33.74.03"}})), ROOT)
    assert [s.kode for s in processed.shapes] == sorted(PATHS)


def test_every_problem_is_told_up_to_a_limit():
    data = {"type": "FeatureCollection", "features": [
        square(110.4, -7.0, "") for _ in range(25)]}
    with pytest.raises(BoundaryRejected) as raised:
        geometry.process(encoded(data), ROOT)
    assert [p.feature for p in raised.value.problems] == list(range(1, 21))
    assert raised.value.more == 5


def test_without_a_portal_region_any_kecamatan_is_accepted():
    data = {"type": "FeatureCollection", "features": [
        square(104.0, 1.0, "21.71.01"), square(104.05, 1.0, "21.71.02")]}
    assert [s.name for s in geometry.process(encoded(data), "").shapes] == [
        "Belakang Padang", "Batu Ampar"]
