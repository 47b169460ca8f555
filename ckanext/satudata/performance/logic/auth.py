"""Auth functions of the performance pages: their figures are public; the
performance indicator fields are the walidata's."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata.performance import fields

__all__ = ["satudata_performance_list", "satudata_performance_mark",
           "satudata_performance_statistics"]


@tk.auth_allow_anonymous_access
def _public(context: Context, data_dict: DataDict | None) -> AuthResult:
    return {"success": True}


satudata_performance_list = _public
satudata_performance_statistics = _public


def satudata_performance_mark(context: Context, data_dict: DataDict | None
                              ) -> AuthResult:
    if fields.may_mark(context.get("user") or None):
        return {"success": True}
    return {"success": False, "msg": tk._(
        "Only the walidata mark performance indicators")}
