"""Auth functions of the thematic maps: everybody sees the boundary, the
walidata keep it."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles

__all__ = [
    "satudata_maps_boundary_delete",
    "satudata_maps_boundary_show",
    "satudata_maps_boundary_upload",
]


@tk.auth_allow_anonymous_access
def satudata_maps_boundary_show(context: Context, data_dict: DataDict | None
                                ) -> AuthResult:
    """Anybody, anonymous visitors too: region boundaries are public."""
    return {"success": True}


def _walidata(context: Context) -> AuthResult:
    return roles.walidata_only(
        context, tk._("Only walidata may change the region boundaries"))


def satudata_maps_boundary_upload(context: Context, data_dict: DataDict | None
                                  ) -> AuthResult:
    """The walidata (sysadmins included)."""
    return _walidata(context)


def satudata_maps_boundary_delete(context: Context, data_dict: DataDict | None
                                  ) -> AuthResult:
    """The walidata (sysadmins included)."""
    return _walidata(context)
