"""Auth of the published values: whoever may read the dataset (and so
download its resources) may read its published values.

Terbatas and rahasia datasets are private in CKAN's sense, so
``package_show`` keeps their values to the owning organization, walidata
and the pembina data (see :mod:`ckanext.satudata.access`), as it does for
their resources and DataStore tables.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import roles
from ckanext.satudata.indicators import api as indicators

AuthResult = dict[str, Any]


@tk.auth_allow_anonymous_access
def satudata_published_show(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    package = indicators.package_or_none((data_dict or {}).get("id"))
    if package is None:
        return {"success": False, "msg": tk._("Dataset not found")}
    user = context.get("user")
    # Walidata (members of the walidata organization) publish every
    # dataset's values, private ones included.
    if roles.can_write(user, package):
        return {"success": True}
    try:
        tk.check_access("package_show", {"user": user, "model": model},
                        {"id": package.id})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Dataset not found")}
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_published_records(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return satudata_published_show(context, data_dict)
