"""Validators of the workflow's input."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

NOTE_MAX = 2000


def satudata_note(value: Any) -> str:
    """A note: text of at most 2,000 characters."""
    text = str(value or "")
    if len(text) > NOTE_MAX:
        raise tk.Invalid(tk._("A note may have at most {max} characters").format(
            max=NOTE_MAX))
    return text


def satudata_cell_notes(value: Any) -> dict[str, dict[str, str]]:
    """Notes per cell: ``{row code: {component code: note}}``."""
    if not isinstance(value, dict) or not all(
        isinstance(row, dict) and all(
            isinstance(code, str) and isinstance(text, str)
            for code, text in row.items()
        )
        for row in value.values()
    ):
        raise tk.Invalid(tk._(
            "Notes per cell must be an object of rows, each an object of"
            " component codes and texts"
        ))
    for row in value.values():
        for text in row.values():
            satudata_note(text)
    return value


NOTIFICATION_LIMIT_MAX = 100


def satudata_notification_limit(value: Any) -> int:
    """How many notifications to list at once: at most 100 (a value that
    is no number was refused by the validator before)."""
    if not isinstance(value, int):
        return value
    if value > NOTIFICATION_LIMIT_MAX:
        raise tk.Invalid(tk._("At most {max} at once").format(
            max=NOTIFICATION_LIMIT_MAX))
    return int(value)


#: Largest offset of the notification list (the database's OFFSET is a
#: bigint: a bigger one was a 500 that broke the next request too).
NOTIFICATION_OFFSET_MAX = 2**31 - 1


def satudata_notification_offset(value: Any) -> int:
    """How many notifications to skip: at most 2,147,483,647 (a value that
    is no number was refused by the validator before)."""
    if isinstance(value, int) and value > NOTIFICATION_OFFSET_MAX:
        raise tk.Invalid(tk._("At most {max}").format(max=NOTIFICATION_OFFSET_MAX))
    return value
