"""Finding the objects an action or auth function is about."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.indicators import store


def package(ref: Any) -> model.Package:
    """The active or draft dataset ``ref`` (id or name), else ObjectNotFound."""
    found = model.Package.get(str(ref or "")) if ref else None
    if found is None or found.state == "deleted" or found.type != "dataset":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return found


def package_or_none(ref: Any) -> model.Package | None:
    try:
        return package(ref)
    except tk.ObjectNotFound:
        return None


def survey_link(token: Any, package_id: str | None = None,
                period: str | None = None) -> dict[str, Any] | None:
    """The live share link of ``token`` (not expired, not revoked), when it
    is for ``package_id`` and ``period`` (when given); else ``None``."""
    if not token or not isinstance(token, str) or len(token) > 200:
        return None
    found = store.link_by_token(token)
    if found is None or not store.link_alive(found):
        return None
    if package_id is not None and found["package_id"] != package_id:
        return None
    if period is not None and found["period"] != period:
        return None
    return found
