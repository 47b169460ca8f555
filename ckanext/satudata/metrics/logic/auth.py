"""Auth functions of the metrics plugin: the walidata and the pembina
read the system figures."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles

__all__ = ["satudata_metrics_summary"]


def satudata_metrics_summary(context: Context, data_dict: DataDict | None
                             ) -> AuthResult:
    """The walidata (sysadmins included) and the pembina."""
    if roles.reads_all_closed_data(context.get("user")):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Only walidata and pembina may see the system figures")}
