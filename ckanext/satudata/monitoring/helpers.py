"""Template helpers of the monitoring."""

from __future__ import annotations

from typing import Any

from ckan.common import current_user

from ckanext.satudata.monitoring import present, scope

__all__ = ["get_helpers", "satudata_monitoring_endpoints", "satudata_monitoring_number",
           "satudata_monitoring_sees_all", "satudata_monitoring_visible"]


def satudata_monitoring_visible() -> bool:
    """Whether the user sees the monitoring (menu entries)."""
    if current_user.is_anonymous:
        return False
    return scope.organizations_of(current_user.name) != []


def satudata_monitoring_number(value: Any) -> str:
    """A value in Indonesian number format (a dash for none)."""
    return present.number(value)


def satudata_monitoring_sees_all() -> bool:
    """Whether the user is the walidata or the pembina (every OPD)."""
    return not current_user.is_anonymous and scope.sees_all(current_user.name)


def satudata_monitoring_endpoints() -> frozenset[str]:
    """The page endpoints the site serves (a link to another plugin's page
    only when that plugin is on)."""
    from flask import current_app

    return frozenset(current_app.view_functions)


def get_helpers() -> dict[str, Any]:
    return {"satudata_monitoring_endpoints": satudata_monitoring_endpoints,
            "satudata_monitoring_sees_all": satudata_monitoring_sees_all,
"satudata_monitoring_number": satudata_monitoring_number,
            "satudata_monitoring_visible": satudata_monitoring_visible}
