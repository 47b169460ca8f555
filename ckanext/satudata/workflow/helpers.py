"""Template helpers of the workflow (they call actions; no rules of their
own)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from .logic import transition


def satudata_state_label(state: str) -> str:
    """A submission state in the user's language."""
    return transition.state_label(state)


def satudata_role_label(role: str | None) -> str:
    """A workflow role (operator, verifikator, walidata, surveyor)."""
    return transition.role_label(role)


def satudata_queues() -> dict[str, Any]:
    """The current user's queues (see ``satudata_queue_list``), once per
    request."""
    if not tk.current_user or tk.current_user.is_anonymous:
        return {}
    cached = getattr(tk.g, "satudata_queues", None)
    if cached is None:
        cached = tk.get_action("satudata_queue_list")(
            {"user": tk.current_user.name}, {}
        )
        tk.g.satudata_queues = cached
    return cached


def satudata_queue_count() -> int:
    """How many periods wait for the current user in their queues."""
    queues = satudata_queues()
    return (
        len(queues.get("operator", [])) + len(queues.get("verifikator", []))
        + sum(len(group["items"]) for group in queues.get("walidata", []))
    )


def satudata_overdue_returns() -> int:
    """Returned periods past their deadline in the current user's queue."""
    return sum(1 for item in satudata_queues().get("operator", [])
               if item["overdue"])
