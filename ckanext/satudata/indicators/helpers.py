"""Template helpers of indicator entry (they call actions and roles; no
rules of their own)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import roles
from ckanext.satudata.indicators import cells, entry


def satudata_entry_open(state: str | None) -> bool:
    """Whether a submission in ``state`` may still be filled."""
    return (state or "belum_diisi") in entry.editable_states()


def satudata_can_fill(package_id: str) -> bool:
    """Whether the current user may fill ``package_id``'s values."""
    package = model.Package.get(package_id)
    return bool(package) and roles.can_write(tk.current_user.name if tk.current_user
                                             else None, package)


def satudata_due_count() -> int:
    """How many periods the current user must still fill (Belum diisi)."""
    if not tk.current_user or tk.current_user.is_anonymous:
        return 0
    cached = getattr(tk.g, "satudata_due_count", None)
    if cached is not None:  # the dashboard asks twice per page
        return cached
    try:
        count = len(tk.get_action("satudata_due_list")(
            {"user": tk.current_user.name}, {}
        ))
    except tk.NotAuthorized:
        count = 0
    tk.g.satudata_due_count = count
    return count


def satudata_cell_value(value: Any) -> str:
    """A stored cell value as typed in a form field (Indonesian decimals)."""
    return cells.display(value)
