"""Template helpers of the personal-data guard."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user

from ckanext.satudata import roles


def get_helpers() -> dict[str, Any]:
    return {
        "satudata_privacy_scan": satudata_privacy_scan,
        "satudata_privacy_is_walidata": satudata_privacy_is_walidata,
    }


def _user() -> str:
    return "" if current_user.is_anonymous else current_user.name


def satudata_privacy_scan(resource_id: str) -> dict[str, Any] | None:
    """The check of a resource, when the viewer may see it and it has one."""
    try:
        return tk.get_action("satudata_privacy_scan_show")(
            {"user": _user()}, {"id": resource_id})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None


def satudata_privacy_is_walidata() -> bool:
    return roles.is_walidata(_user() or None)
