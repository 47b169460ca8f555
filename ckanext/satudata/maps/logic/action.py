"""Actions of the thematic maps: the portal's boundary files (one per
level), uploaded and deleted by the walidata, shown to everybody."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata import files
from ckanext.satudata.maps import boundary
from ckanext.satudata.maps.logic import schema

__all__ = [
    "satudata_maps_boundary_delete",
    "satudata_maps_boundary_show",
    "satudata_maps_boundary_upload",
]


def _user_id(context: Context) -> str:
    user = model.User.get(context.get("user") or "")
    return user.id if user else ""


@validate(schema.boundary_upload)
def satudata_maps_boundary_upload(context: Context, data_dict: DataDict
                                  ) -> dict[str, Any]:
    """Upload the boundary file of the portal's kecamatan or desa/kelurahan:
    a GeoJSON FeatureCollection (longitude/latitude) whose every feature
    is a Polygon or MultiPolygon with a ``kode`` property, its Kepmendagri
    region code (``33.74.01``; ``337401`` is read as the same). The level
    follows from the codes; the file replaces the boundary of that level.
    Datasets broken down by that level then show a thematic map.

    The file is checked by its content and refused, with nothing stored,
    when it is larger than ``ckanext.satudata.maps.boundary_max_mb`` (20
    MB by default), not JSON, not a FeatureCollection, or when a feature
    has no ``kode``, a code that is no kecamatan or desa/kelurahan of the
    portal's region (``ckanext.satudata.region_code``) or that another
    feature has, or a geometry that is not a (Multi)Polygon in
    longitude/latitude; each error names the feature (1 = the first).
    Invalid geometries are repaired when they can be (``repaired`` lists
    those features). The shapes are projected and simplified once, here.
    For the walidata.

    :param upload: the GeoJSON file
    :type upload: file
    :param name: the boundary's name (optional, at most 200 characters;
        default: the level and the portal's region)
    :type name: string
    :returns: the boundary (see :func:`satudata_maps_boundary_show`)
    :rtype: dictionary
    """
    tk.check_access("satudata_maps_boundary_upload", context, data_dict)
    content, file_name = boundary.read(data_dict.get("upload"))
    processed = boundary.check(content)
    saved = boundary.save(processed, content, file_name,
                          data_dict.get("name") or "", _user_id(context))
    defer = bool(context.get("defer_commit"))
    if not defer:
        try:
            model.repo.commit()
        except Exception:
            model.Session.rollback()
            files.discard(saved.stored)
            raise
    boundary.remove_file(saved.replaced_file_id, defer_commit=defer)
    return boundary.summary(saved.row)


@validate(schema.boundary_show)
@tk.side_effect_free
def satudata_maps_boundary_show(context: Context, data_dict: DataDict
                                ) -> dict[str, Any]:
    """The portal's boundary of a level: the regions a thematic map shows.
    Open to everybody.

    :param level: ``kecamatan`` or ``desa`` (optional; default the
        kecamatan boundary, else the desa/kelurahan one)
    :type level: string
    :param shapes: also give each region's SVG path and label point
        (default false)
    :type shapes: bool
    :returns: ``id``, ``level``, ``level_label``, ``name``, ``file_name``,
        ``file_size``, ``sha256`` (of the uploaded file), ``feature_count``,
        ``repaired`` (numbers of the features whose geometry was
        repaired), ``bbox`` (west, south, east, north), ``width`` and
        ``height`` (the SVG box), ``created``, ``created_by`` (a user id)
        and ``features`` (``kode`` and ``name``; with ``path``, ``cx``,
        ``cy`` when ``shapes``)
    :rtype: dictionary
    :raises ckan.logic.NotFound: no boundary (of that level)
    """
    tk.check_access("satudata_maps_boundary_show", context, data_dict)
    found = boundary.chosen(data_dict.get("level"))
    if found is None:
        raise tk.ObjectNotFound(tk._("No region boundary has been uploaded"))
    return boundary.summary(found, shapes=bool(data_dict.get("shapes")))


@validate(schema.boundary_delete)
def satudata_maps_boundary_delete(context: Context, data_dict: DataDict) -> None:
    """Delete the boundary of a level and its file: datasets broken down by
    that level show no thematic map any more. For the walidata.

    :param level: ``kecamatan`` or ``desa``
    :type level: string
    """
    tk.check_access("satudata_maps_boundary_delete", context, data_dict)
    file_id = boundary.delete(data_dict["level"])
    defer = bool(context.get("defer_commit"))
    if not defer:
        model.repo.commit()
    boundary.remove_file(file_id, defer_commit=defer)
