"""The portal's boundary files: at most one per level (``kecamatan``,
``desa``), uploaded by the walidata, kept as the original GeoJSON in CKAN's
file storage and as the shapes made from it at upload
(``satudata_map_boundary``).

Reading a boundary for a page costs one small query (its id): the shapes
are kept in the process (:data:`_CACHE`) until the row changes.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model

from ckanext.satudata import files, region, rows
from ckanext.satudata.maps import config
from ckanext.satudata.maps.model import BOUNDARY, boundary_table
from ckanext.satudata.messages import N_, message

#: The levels a boundary may have, as the indicator structures name a
#: region breakdown's level, with their labels.
LEVELS = {"kecamatan": N_("Kecamatan"), "desa": N_("Desa/Kelurahan")}
#: The files' owner type in CKAN's file storage.
OWNER_TYPE = BOUNDARY
CONTENT_TYPE = "application/geo+json"
NAME_MAX = 200

#: Why a file is refused, by :class:`.geometry.Problem` code.
PROBLEMS = {
    "not_utf8": N_("The file is not UTF-8 text: save it as GeoJSON (UTF-8)"),
    "bad_json": N_("The file is not valid JSON (line {line}, column {column})"),
    "not_collection": N_("The file is not a GeoJSON FeatureCollection"),
    "no_features": N_("The FeatureCollection has no features"),
    "not_feature": N_("Feature {feature}: not a GeoJSON Feature"),
    "no_geometry": N_("Feature {feature}: it has no geometry"),
    "geometry_type": N_(
        "Feature {feature}: the geometry is a {type}, not a Polygon or MultiPolygon"),
    "bad_coordinates": N_("Feature {feature}: the coordinates do not make a polygon"),
    "not_lonlat": N_(
        "Feature {feature}: the coordinates are not longitude and latitude"
        " (WGS 84, as GeoJSON requires)"),
    "unrepairable": N_(
        "Feature {feature}: the geometry is not valid and cannot be repaired"
        " ({reason})"),
    "no_kode": N_("Feature {feature}: the property kode is missing"),
    "unknown_kode": N_(
        "Feature {feature}: kode {kode} is not a Kepmendagri region code (e.g."
        " 33.74.01 for a kecamatan, 33.74.01.1001 for a desa/kelurahan)"),
    "kode_level": N_(
        "Feature {feature}: kode {kode} is a {level}; give the codes of the"
        " kecamatan or of the desa/kelurahan"),
    "outside_region": N_("Feature {feature}: kode {kode} is not in {region}"),
    "duplicate_kode": N_(
        "Feature {feature}: kode {kode} is also the kode of feature {other}"),
    "mixed_levels": N_(
        "Feature {feature}: kode {kode} is a {level} but feature {first} is a"
        " {first_level}: give the regions of one level"),
}
MORE = N_("… and {count} more problems")


def level_label(level: str) -> str:
    """A boundary level in the user's language."""
    return tk._(LEVELS[level]) if level in LEVELS else level


def _refused(texts: list[str]) -> tk.ValidationError:
    return tk.ValidationError({"upload": texts})


def read(upload: Any) -> tuple[bytes, str]:
    """The bytes and bare name of an uploaded file; a validation error on
    ``upload`` when there is none, it is empty or larger than the limit
    (``ckanext.satudata.maps.boundary_max_mb``)."""
    limit = config.boundary_max_bytes()
    found = None
    if upload is not None and not isinstance(upload, str | int | float | list | dict):
        found = files.read_upload(upload, limit, "batas-wilayah.geojson")
    if found is None:
        raise _refused([tk._("Choose a boundary file (GeoJSON) to upload")])
    content, name = found
    if not content:
        raise _refused([tk._("The file is empty")])
    if len(content) > limit:
        raise _refused([message(N_("The file is larger than {max} MB"),
                                {"max": limit // (1024 * 1024)})])
    return content, name


def check(content: bytes) -> Any:
    """The processed boundary (:class:`.geometry.Processed`); a validation
    error on ``upload`` naming each problem (and its feature) in the
    user's language."""
    from ckanext.satudata.maps import geometry

    try:
        return geometry.process(content, region.portal_region_code())
    except geometry.BoundaryRejected as rejected:
        texts = [message(PROBLEMS[problem.code],
                         {"feature": problem.feature, **problem.params})
                 for problem in rejected.problems]
        if rejected.more:
            texts.append(message(MORE, {"count": rejected.more}))
        raise _refused(texts) from None


def _default_name(level: str) -> str:
    own = region.portal_region_code()
    where = region.name(own) if own else ""
    return f"{tk._(LEVELS[level])} {where}".strip()


@dataclass(frozen=True)
class Saved:
    row: rows.Row
    stored: dict[str, Any]  # the new file (discard it when the commit fails)
    replaced_file_id: str | None  # the file of the boundary it replaced


def row_of(level: str) -> rows.Row | None:
    return rows.one(sa.select(boundary_table).where(boundary_table.c.level == level))


def save(processed: Any, content: bytes, file_name: str, name: str,
         user_id: str) -> Saved:
    """Store the file and the shapes, replacing the boundary of the same
    level, in the caller's transaction."""
    level = processed.level
    existing = rows.one(sa.select(boundary_table.c.id, boundary_table.c.file_id)
                        .where(boundary_table.c.level == level).with_for_update())
    row_id = rows.new_id()
    if not file_name.lower().endswith((".geojson", ".json")):
        file_name = f"{os.path.splitext(file_name)[0] or 'batas-wilayah'}.geojson"
    stored = files.store(content, owner_type=OWNER_TYPE, owner_id=row_id,
                         name=file_name, content_type=CONTENT_TYPE)
    try:
        if existing:
            model.Session.execute(sa.delete(boundary_table)
                                  .where(boundary_table.c.id == existing["id"]))
        values = {
            "id": row_id, "level": level,
            "name": name or _default_name(level),
            "file_id": stored["id"], "file_name": file_name,
            "file_size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "feature_count": len(processed.shapes),
            "repaired": list(processed.repaired), "bbox": list(processed.bbox),
            "width": processed.width, "height": processed.height,
            "shapes": [shape.as_dict() for shape in processed.shapes],
            "created": rows.now(), "created_by": user_id,
        }
        model.Session.execute(sa.insert(boundary_table).values(**values))
        model.Session.flush()
    except Exception:
        files.discard(stored)
        raise
    return Saved(values, stored, existing["file_id"] if existing else None)


def delete(level: str) -> str | None:
    """Remove the boundary of ``level`` (in the caller's transaction); the
    id of its file, to delete once committed.

    :raises ckan.plugins.toolkit.ObjectNotFound: none of that level
    """
    found = rows.one(sa.delete(boundary_table).where(boundary_table.c.level == level)
                     .returning(boundary_table.c.file_id))
    if found is None:
        raise tk.ObjectNotFound(message(N_("No boundary of level {level}"),
                                        {"level": level}))
    return found["file_id"]


def remove_file(file_id: str | None, defer_commit: bool = False) -> None:
    """Delete a replaced or deleted boundary's file (after the commit)."""
    if file_id:
        try:
            files.delete(file_id, defer_commit=defer_commit)
        except tk.ObjectNotFound:
            pass


# ---- reading ---------------------------------------------------------------

_CACHE: dict[str, rows.Row] = {}
_LOCK = threading.Lock()


def current(level: str) -> rows.Row | None:
    """The boundary of ``level`` with its shapes (``None`` without one):
    one query of its id, the rest from the process's cache."""
    if level not in LEVELS:
        return None
    found = rows.one(sa.select(boundary_table.c.id)
                     .where(boundary_table.c.level == level))
    if found is None:
        return None
    with _LOCK:
        cached = _CACHE.get(level)
        if cached is not None and cached["id"] == found["id"]:
            return cached
    row = row_of(level)
    if row is None:
        return None
    with _LOCK:
        _CACHE[level] = row
    return row


def available() -> list[str]:
    """The levels that have a boundary (kecamatan first)."""
    found = {row["level"] for row in rows.every(sa.select(boundary_table.c.level))}
    return [level for level in LEVELS if level in found]


def chosen(level: str | None = None) -> rows.Row | None:
    """The boundary of ``level``, or without one the kecamatan boundary,
    else the desa/kelurahan one."""
    if level:
        return current(level)
    for candidate in available():
        return current(candidate)
    return None


def summary(row: rows.Row, shapes: bool = False) -> dict[str, Any]:
    """What the actions show of a boundary: its fields, the regions
    (``kode``, ``name``; with their SVG ``path`` and ``cx``/``cy`` when
    ``shapes``)."""
    created = row.get("created")
    return {
        "id": row["id"], "level": row["level"],
        "level_label": level_label(row["level"]),
        "name": row["name"], "file_name": row["file_name"],
        "file_size": row["file_size"], "sha256": row["sha256"],
        "feature_count": row["feature_count"], "repaired": list(row["repaired"] or []),
        "bbox": list(row["bbox"] or []), "width": row["width"], "height": row["height"],
        "created": created.isoformat() if created else None,
        "created_by": row.get("created_by") or "",
        "features": [
            dict(item) if shapes else {"kode": item["kode"], "name": item["name"]}
            for item in row["shapes"]
        ],
    }


def match(codes: list[str] | set[str] | dict[str, Any],
          row: rows.Row) -> dict[str, str]:
    """Each of ``codes`` that names a region of the boundary ``row`` →
    that region's code (codes written without dots, ``337401``, too)."""
    own = {item["kode"] for item in row["shapes"]}
    found = {}
    for code in codes:
        text = str(code)
        if text in own:
            found[text] = text
            continue
        normal = region.normalize(text)
        if normal in own:
            found[text] = normal
    return found
