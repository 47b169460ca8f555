"""The public surface of ``satudata_workflow``: what another plugin (the
change requests of ``satudata_changes`` and the capabilities after it) may
use of verification and publication. Nothing else of this sub-package is
imported from outside it.

- :func:`rewrite_period` / :func:`undo_rewrite` / :func:`stamp_modified`:
  replace a published period's DataStore rows under the publication's lock
  discipline (only the workflow writes the published resource), and date
  the change once committed;
- :func:`checks`: the automatic quality checks of a period's values;
- :func:`register_notification`, :func:`notify`, :func:`after_commit`:
  in-app notifications and their e-mails;
- :func:`record_activity`: an activity about a dataset in its stream;
- :func:`published_table`: the long table of every published period (the
  rows of the downloads and of the DataStore table);
- :func:`bar_chart`, :func:`line_chart`, :func:`format_number`: the
  dataset page's server-side chart geometry (drawn by the snippets
  ``satudata/workflow/snippets/bar_chart.html`` and ``line_chart.html``)
  and Indonesian number formatting, for other pages' charts;
- :func:`moves`: every move of the periods of some datasets (the
  monitoring's verification times and returns).
"""

from __future__ import annotations

from typing import Any

from ckan import model

from ckanext.satudata.workflow import (
    activity,
    charts,
    checking,
    inbox,
    notify,
    numbers,
    published,
    store,
)
from ckanext.satudata.workflow.publication import (
    Rewritten,
    rewrite_period,
    stamp_modified,
    undo_rewrite,
)

__all__ = [
    "Rewritten",
    "after_commit",
    "bar_chart",
    "checks",
    "format_number",
    "line_chart",
    "moves",
    "notified",
    "notify_people",
    "notify_users",
    "published_table",
    "record_activity",
    "register_activity",
    "register_notification",
    "rewrite_period",
    "stamp_modified",
    "state_label",
    "undo_rewrite",
]

checks = checking.report
moves = store.moves


def state_label(state: str) -> str:
    """A period's state in the user's language (``belum_diisi``: not filled)."""
    from ckanext.satudata.workflow import transition

    return transition.state_label(state)


bar_chart = charts.bar_chart
line_chart = charts.line_chart
format_number = numbers.format_number
register_notification = inbox.register
after_commit = notify.after_commit
register_activity = activity.register_type


def published_table(package: model.Package) -> dict[str, Any]:
    """Every published period of ``package`` as one long table (oldest
    first), as the downloads and the DataStore table hold it: ``fields``
    (``id``, ``label``, ``unit``, ``type``, ``component`` — ``None`` for
    the period and breakdown columns — and ``heading``), ``records`` and
    the ``resource_id`` of the DataStore table (``None`` without one);
    no fields for a dataset without an indicator structure."""
    return published.export(package)


def notify_users(users: list[model.User], kind: str, package: model.Package,
                 period: str | None, data: dict[str, Any],
                 actor_id: str | None = None) -> list[str]:
    """Tell each of ``users`` (but ``actor_id``, who did it) of ``kind``
    about ``package``'s ``period``, in the caller's transaction; the ids,
    for :func:`after_commit` (which e-mails them) once committed.
    ``data`` holds at least ``title``, ``period_label`` and ``actor``."""
    return notify_people(users, kind, data, actor_id=actor_id, package=package,
                         period=period)


def record_activity(package: model.Package, user_id: str, kind: str,
                    data: dict[str, Any], public: bool = False) -> None:
    """Put an activity of ``kind`` (registered with
    :func:`register_activity`) in ``package``'s stream, in the caller's
    transaction; ``public``: seen by whoever may see the dataset, else by
    its organization's members only."""
    activity.create(package, user_id, kind, data, public=public)


def notify_people(users: list[model.User], kind: str, data: dict[str, Any],
                  actor_id: str | None = None,
                  package: model.Package | None = None,
                  period: str | None = None) -> list[str]:
    """Like :func:`notify_users`, for a notification that need not be about
    a dataset (e.g. a data request): tell each active one of ``users`` but
    ``actor_id`` of ``kind`` in the caller's transaction; the ids, for
    :func:`after_commit`. ``data`` holds at least ``title`` and
    ``actor``."""
    seen: set[str] = set()
    ids = []
    for user in users:
        if user.id in seen or user.id == actor_id or user.state != "active":
            continue
        seen.add(user.id)
        ids.append(store.create_notification(
            user_id=user.id, kind=kind,
            package_id=package.id if package is not None else None,
            period=period, transition_id=None, data=data,
        ))
    return ids


def notified(kind: str, data: dict[str, Any], user_id: str | None = None) -> bool:
    """Whether a notification of ``kind`` whose data hold ``data`` was
    created already (for ``user_id`` when given): what a reminder sent once
    remembers (e.g. ``{"request_id": ..., "reminder": "2026-04-16:7"}``)."""
    return store.notification_exists(kind, data, user_id=user_id)
