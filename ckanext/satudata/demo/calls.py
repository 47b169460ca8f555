"""Calling CKAN's actions for the demo loaders, and reporting what changed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import ckan.plugins.toolkit as tk

Echo = Callable[[str], None]


class Ckan:
    """Calls actions with a fresh context each time: as the site user
    (authorization ignored), or as a demo account with its own permissions.
    ``context`` is added to every call's context."""

    def __init__(self, **context: Any) -> None:
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        self.site_user: str = site_user["name"]
        self.context = context

    def __call__(self, action: str, user: str | None = None, **data: Any) -> Any:
        context = {
            **self.context,
            "user": user or self.site_user,
            "ignore_auth": user is None,
        }
        return tk.get_action(action)(context, data)

    def show(self, action: str, **data: Any) -> Any:
        """The object ``action`` shows, or None when it does not exist."""
        try:
            return self(action, **data)
        except tk.ObjectNotFound:
            return None


def report(
    echo: Echo, what: str, outcomes: Counter[Any], order: Sequence[str]
) -> None:
    """One line: how many objects had each outcome (in ``order``)."""
    details = ", ".join(
        f"{outcomes[outcome]} {outcome}" for outcome in order if outcomes[outcome]
    )
    echo(f"  {what}: {details or 'nothing to do'}")
