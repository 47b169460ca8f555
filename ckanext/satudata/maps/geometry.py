"""A boundary file read, checked and turned into SVG shapes, once, when the
walidata upload it (never per page view).

The file is a GeoJSON FeatureCollection (RFC 7946: longitude/latitude,
WGS 84) whose features are the kecamatan or the desa/kelurahan of the
portal's region, each a Polygon or MultiPolygon with a ``kode`` property:
its Kepmendagri code (``33.74.01``, also written ``337401``; normalised
with :mod:`ckanext.satudata.region`).

:func:`process` checks everything and gathers every problem (at most
:data:`MAX_PROBLEMS` of them are told) as :class:`Problem`: the feature's
number (1 for the first feature) and a code, which
:mod:`ckanext.satudata.maps.boundary` turns into a message in the user's
language. A geometry that is not valid (a self-intersecting ring, a bow
tie) is repaired with shapely's ``make_valid``; one that cannot be is a
problem.

Accepted shapes are projected (equirectangular, longitudes scaled by the
cosine of the middle latitude, y pointing down) into a box of at most
:data:`VIEW_WIDTH` by :data:`VIEW_HEIGHT` SVG units, simplified with
shapely's ``simplify(preserve_topology=True)`` at
:data:`SIMPLIFY_FRACTION` of the box's larger side, and written as SVG path
data with one decimal.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from ckanext.satudata import region

#: Problems told at most (the rest are counted).
MAX_PROBLEMS = 20
#: The projected box, in SVG user units (the page scales it).
VIEW_WIDTH = 800.0
VIEW_HEIGHT = 640.0
MARGIN = 4.0
#: Simplification tolerance, as a fraction of the box's larger side
#: (0.4 units of 800: below what a screen shows).
SIMPLIFY_FRACTION = 0.0005
DECIMALS = 1
#: Region levels (lokal) of the features, by the names the indicator
#: structures use for a region breakdown.
LEVELS = {3: "kecamatan", 4: "desa"}
POLYGONAL = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused: ``feature`` is the feature's number
    (1 = the first in the file; ``None`` for the file as a whole),
    ``code`` what is wrong, ``params`` the details the message names."""

    code: str
    feature: int | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


class BoundaryRejected(Exception):
    """The file cannot be used: ``problems`` says why (at most
    :data:`MAX_PROBLEMS`), ``more`` how many others were found."""

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        super().__init__(", ".join(problem.code for problem in problems))
        self.problems = problems
        self.more = more


@dataclass(frozen=True)
class Shape:
    """One region as drawn: its code and name, the SVG path data and the
    point where its name goes (the centroid, or a point surely inside it
    when the centroid falls outside)."""

    kode: str
    name: str
    path: str
    cx: float
    cy: float

    def as_dict(self) -> dict[str, Any]:
        return {"kode": self.kode, "name": self.name, "path": self.path,
                "cx": self.cx, "cy": self.cy}


@dataclass(frozen=True)
class Processed:
    """A checked boundary file: its level (``kecamatan`` or ``desa``), the
    SVG box (``width`` by ``height``), the longitude/latitude bounds
    (``bbox``: west, south, east, north), the shapes by code and the
    numbers of the features whose geometry was repaired."""

    level: str
    width: float
    height: float
    bbox: tuple[float, float, float, float]
    shapes: tuple[Shape, ...]
    repaired: tuple[int, ...] = ()


class _Problems:
    def __init__(self) -> None:
        self.found: list[Problem] = []
        self.more = 0

    def add(self, code: str, feature: int | None = None, **params: Any) -> None:
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(Problem(code, feature, params))
        else:
            self.more += 1

    def raise_if_any(self) -> None:
        if self.found:
            raise BoundaryRejected(self.found, self.more)


def parse(content: bytes) -> dict[str, Any]:
    """The FeatureCollection in ``content``; :class:`BoundaryRejected`
    when it is not UTF-8 JSON, or not a FeatureCollection with features."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BoundaryRejected([Problem("not_utf8")]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BoundaryRejected([Problem("bad_json", None, {
            "line": error.lineno, "column": error.colno})]) from None
    except RecursionError:
        raise BoundaryRejected([Problem("bad_json", None, {
            "line": 1, "column": 1})]) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        found = data.get("type") if isinstance(data, dict) else None
        raise BoundaryRejected([Problem("not_collection", None, {
            "type": found if isinstance(found, str) else ""})])
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryRejected([Problem("no_features")])
    return data


def _kode_property(properties: Mapping[str, Any]) -> Any:
    if "kode" in properties:
        return properties["kode"]
    return next((value for key, value in properties.items()
                 if isinstance(key, str) and key.strip().lower() == "kode"), None)


def _name_property(properties: Mapping[str, Any]) -> str:
    for key in ("nama", "name", "NAMA", "Nama", "NAME"):
        value = properties.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:200]
    return ""


def _polygonal(geometry: BaseGeometry) -> BaseGeometry | None:
    """The polygons of a (repaired) geometry, as one (Multi)Polygon, or
    ``None`` when it has none with an area."""
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry if not geometry.is_empty and geometry.area > 0 else None
    parts = [part for part in getattr(geometry, "geoms", ())
             if isinstance(part, Polygon | MultiPolygon)]
    polygons = [p for part in parts
                for p in (part.geoms if isinstance(part, MultiPolygon) else [part])
                if not p.is_empty and p.area > 0]
    if not polygons:
        return None
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _geometry(raw: Any, number: int, problems: _Problems,
              repaired: list[int]) -> BaseGeometry | None:
    if not isinstance(raw, dict) or not raw:
        problems.add("no_geometry", number)
        return None
    kind = raw.get("type")
    if kind not in POLYGONAL:
        problems.add("geometry_type", number,
                     type=kind if isinstance(kind, str) else "")
        return None
    try:
        geometry = shapely.force_2d(shape(raw))
    except Exception:  # shapely raises many kinds for bad coordinates
        problems.add("bad_coordinates", number)
        return None
    if geometry.is_empty:
        problems.add("bad_coordinates", number)
        return None
    coordinates = shapely.get_coordinates(geometry)
    if not (np.isfinite(coordinates).all()
            and (np.abs(coordinates[:, 0]) <= 180).all()
            and (np.abs(coordinates[:, 1]) <= 90).all()):
        problems.add("not_lonlat", number)
        return None
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        fixed = _polygonal(shapely.make_valid(geometry))
        if fixed is None:
            problems.add("unrepairable", number, reason=reason)
            return None
        repaired.append(number)
        return fixed
    if geometry.area <= 0:
        problems.add("unrepairable", number, reason="area 0")
        return None
    return geometry


def _kode(raw: Any, number: int, problems: _Problems,
          root: str) -> tuple[str, int] | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        problems.add("no_kode", number)
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        problems.add("unknown_kode", number, kode=str(raw)[:40])
        return None
    text = str(raw).strip()
    code = region.normalize(text)
    found = region.find(code) if code else None
    if code is None or found is None:
        problems.add("unknown_kode", number, kode=text[:40])
        return None
    if found.level not in LEVELS:
        problems.add("kode_level", number, kode=code,
                     level=region.LEVEL_NAMES.get(found.level, ""))
        return None
    if root and not (code + ".").startswith(root + "."):
        problems.add("outside_region", number, kode=code, region=region.name(root))
        return None
    return code, found.level


@dataclass
class _Feature:
    number: int
    kode: str
    level: int
    name: str
    geometry: BaseGeometry


def check(data: Mapping[str, Any], root: str = "") -> tuple[list[_Feature], list[int]]:
    """The features of a parsed FeatureCollection and the numbers of
    those repaired; :class:`BoundaryRejected` naming every problem.
    ``root``: the portal's region code, which every kode must lie in
    (none when empty)."""
    problems = _Problems()
    features: list[_Feature] = []
    repaired: list[int] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(data["features"], start=1):
        if not isinstance(raw, dict) or raw.get("type") != "Feature":
            problems.add("not_feature", number)
            continue
        properties = raw.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        coded = _kode(_kode_property(properties), number, problems, root)
        geometry = _geometry(raw.get("geometry"), number, problems, repaired)
        if coded is None or geometry is None:
            continue
        code, level = coded
        if code in seen:
            problems.add("duplicate_kode", number, kode=code, other=seen[code])
            continue
        seen[code] = number
        if features and level != features[0].level:
            problems.add("mixed_levels", number, kode=code,
                         level=region.LEVEL_NAMES[level], first=features[0].number,
                         first_level=region.LEVEL_NAMES[features[0].level])
            continue
        found = region.find(code)
        name = found.name if found else _name_property(properties) or code
        features.append(_Feature(number, code, level, name, geometry))
    problems.raise_if_any()
    return features, repaired


def _number(value: float) -> str:
    text = f"{value:.{DECIMALS}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _ring(coordinates: np.ndarray) -> str:
    rounded = np.round(coordinates[:, :2], DECIMALS)
    points: list[str] = []
    last: tuple[float, float] | None = None
    for x, y in rounded[:-1] if len(rounded) > 1 else rounded:
        point = (float(x), float(y))
        if point == last:
            continue
        points.append(f"{_number(point[0])} {_number(point[1])}")
        last = point
    if len(points) < 3:
        return ""
    return "M" + "L".join(points) + "Z"


def svg_path(geometry: BaseGeometry) -> str:
    """SVG path data of a (Multi)Polygon: one ``M…L…Z`` per ring (holes
    too: draw with ``fill-rule="evenodd"``); rings smaller than three
    distinct points at one decimal are left out."""
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    parts = []
    for polygon in polygons:
        for ring in (polygon.exterior, *polygon.interiors):
            drawn = _ring(np.asarray(ring.coords))
            if drawn:
                parts.append(drawn)
    return "".join(parts)


def _label_point(geometry: BaseGeometry) -> tuple[float, float]:
    point = geometry.centroid
    if not geometry.contains(point):
        point = geometry.representative_point()
    return round(point.x, DECIMALS), round(point.y, DECIMALS)


def project(geometries: list[BaseGeometry]) -> tuple[
        list[BaseGeometry], float, float, tuple[float, float, float, float]]:
    """``geometries`` (longitude/latitude) projected into the SVG box:
    equirectangular with x scaled by cos(middle latitude), north up, fitted
    into :data:`VIEW_WIDTH` by :data:`VIEW_HEIGHT` with :data:`MARGIN`
    around; also the box's width and height and the lon/lat bounds."""
    west, south, east, north = (float(value) for value in
                                shapely.total_bounds(np.asarray(geometries)))
    scale_x = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * scale_x, 1e-12)
    span_y = max(north - south, 1e-12)
    scale = min((VIEW_WIDTH - 2 * MARGIN) / span_x, (VIEW_HEIGHT - 2 * MARGIN) / span_y)
    width = round(span_x * scale + 2 * MARGIN, DECIMALS)
    height = round(span_y * scale + 2 * MARGIN, DECIMALS)

    def to_box(coordinates: np.ndarray) -> np.ndarray:
        x = MARGIN + (coordinates[:, 0] - west) * scale_x * scale
        y = MARGIN + (north - coordinates[:, 1]) * scale
        return np.column_stack([x, y])

    projected = [shapely.transform(geometry, to_box) for geometry in geometries]
    return projected, width, height, (west, south, east, north)


def process(content: bytes, root: str = "") -> Processed:
    """Check a boundary file and make its shapes (see the module's
    docstring); :class:`BoundaryRejected` naming every problem.
    ``root``: the portal's region code (kode outside it are refused)."""
    features, repaired = check(parse(content), root)
    projected, width, height, bbox = project([f.geometry for f in features])
    tolerance = SIMPLIFY_FRACTION * max(width, height)
    shapes = []
    for feature, geometry in zip(features, projected, strict=True):
        simple = geometry.simplify(tolerance, preserve_topology=True)
        if simple.is_empty or not svg_path(simple):
            simple = geometry  # too small to simplify: kept as it is
        cx, cy = _label_point(geometry)
        shapes.append(Shape(feature.kode, feature.name, svg_path(simple), cx, cy))
    shapes.sort(key=lambda item: item.kode)
    return Processed(
        level=LEVELS[features[0].level], width=width, height=height,
        bbox=tuple(round(value, 6) for value in bbox),  # type: ignore[arg-type]
        shapes=tuple(shapes), repaired=tuple(repaired),
    )
