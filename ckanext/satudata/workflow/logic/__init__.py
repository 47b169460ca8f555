"""Business rules of the workflow. Actions and auth functions live in one
module per capability (``action*.py``, ``auth*.py``); the plugin exports
the public functions of all of them (like ``tk.blanket`` does for one)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from ckan.authz import get_local_functions


def _public(prefix: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name == prefix or module.name.startswith(prefix + "_"):
            loaded = importlib.import_module(f"{__name__}.{module.name}")
            found.update(get_local_functions(loaded))
    return found


def actions() -> dict[str, Any]:
    return _public("action")


def auth_functions() -> dict[str, Any]:
    return _public("auth")
