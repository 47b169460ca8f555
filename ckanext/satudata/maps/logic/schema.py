"""Schemas of the thematic maps' actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema

from ckanext.satudata.maps.boundary import LEVELS, NAME_MAX
from ckanext.satudata.validation import one_of, optional_text


def _v(name: str) -> Any:
    return tk.get_validator(name)


def _level() -> Any:
    return one_of(tuple(LEVELS))


def boundary_upload() -> Schema:
    # the file is checked by the action (missing, empty, too large, content)
    return {"upload": [_v("ignore_missing")], "name": optional_text(NAME_MAX)}


def boundary_show() -> Schema:
    return {"level": [_v("ignore_missing"), _level()],
            "shapes": [_v("default")(False), _v("boolean_validator")]}


def boundary_delete() -> Schema:
    return {"level": [_v("not_empty"), _level()]}
