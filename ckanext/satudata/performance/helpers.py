"""Template helpers of the performance pages and of the dataset form's
performance indicator fields."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.performance import fields
from ckanext.satudata.workflow import api as workflow

__all__ = [
    "satudata_performance_may_mark",
    "satudata_performance_number",
]


def satudata_performance_may_mark() -> bool:
    """Whether the current user sets the performance indicator fields of a
    dataset (the walidata)."""
    user = tk.current_user
    return bool(user) and not user.is_anonymous and fields.may_mark(user.name)


def satudata_performance_number(value: Any, decimals: int | None = None) -> str:
    """A number as the portal writes it (``1.250,5``); an en dash for none."""
    if value is None or value == "":
        return "\u2013"
    return workflow.format_number(value, decimals)


def get_helpers() -> dict[str, Any]:
    """The helpers of ``__all__``, by name (``tk.blanket.helpers``)."""
    return {name: globals()[name] for name in __all__}
