"""Auth of the access-class plugin: the pembina data reads non-public data."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles

__all__ = ["package_show"]


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def package_show(next_auth: Any, context: Context, data_dict: DataDict) -> AuthResult:
    """Core's rule, plus: walidata and the pembina data read every non-public
    (terbatas/rahasia) dataset, and through it its resources, views,
    downloads and activity, which all ask ``package_show``."""
    result = next_auth(context, data_dict)
    if result.get("success"):
        return result
    package = context.get("package") or model.Package.get(
        (data_dict or {}).get("id") or ""
    )
    user = context.get("auth_user_obj") or model.User.get(context.get("user") or "")
    if (
        package is not None
        and package.state == "active"
        and package.private
        and roles.reads_all_closed_data(user)
    ):
        return {"success": True}
    return result
