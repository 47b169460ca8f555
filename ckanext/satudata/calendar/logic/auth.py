"""Auth functions of the calendar plugin: everybody reads the holidays,
the walidata keep the regional ones."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles

__all__ = [
    "satudata_holiday_create",
    "satudata_holiday_delete",
    "satudata_holiday_list",
]


@tk.auth_allow_anonymous_access
def satudata_holiday_list(context: Context, data_dict: DataDict | None
                          ) -> AuthResult:
    """Anybody, anonymous visitors too: holidays are public."""
    return {"success": True}


def _walidata(context: Context) -> AuthResult:
    return roles.walidata_only(
        context, tk._("Only walidata may change the regional holidays"))


def satudata_holiday_create(context: Context, data_dict: DataDict | None
                            ) -> AuthResult:
    """The walidata (sysadmins included)."""
    return _walidata(context)


def satudata_holiday_delete(context: Context, data_dict: DataDict | None
                            ) -> AuthResult:
    """The walidata (sysadmins included)."""
    return _walidata(context)
