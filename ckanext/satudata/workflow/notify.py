"""Who is told about a move, in the app (rows of ``satudata_notification``)
and by e-mail (a background job per move, after the commit).

- submitted → the OPD's verifikators;
- verified → walidata;
- returned, published → the OPD's operators and whoever submitted.
"""

from __future__ import annotations

from typing import Any

from ckan import model

from ckanext.satudata import roles
from ckanext.satudata.config import site_id
from ckanext.satudata.indicators.api import Grid
from ckanext.satudata.workflow import store


def recipients(package: model.Package, transition: dict[str, Any]) -> list[model.User]:
    action = transition["action"]
    found: dict[str, model.User] = {}
    if action == "submit" and package.owner_org:
        found.update((u.id, u) for u in roles.organization_users(
            package.owner_org, "admin"))
    elif action == "verify":
        found.update((u.id, u) for u in roles.walidata_users())
    elif action in ("return", "publish"):
        if package.owner_org:
            found.update((u.id, u) for u in roles.organization_users(
                package.owner_org, "editor"))
        submitter = store.last_submitter(transition["submission_id"])
        user = model.User.get(submitter) if submitter else None
        if user is not None and user.state == "active":
            found[user.id] = user
    found.pop(transition["user_id"], None)  # nobody is told what they did
    site_user = site_id()  # the system account, no person
    return [user for user in found.values() if user.name != site_user]


def transition(package: model.Package, grid: Grid,
               transition: dict[str, Any]) -> list[str]:
    """Create the in-app notifications of a move; their ids."""
    actor = model.User.get(transition["user_id"])
    data = {
        "package_name": package.name,
        "title": package.title or package.name,
        "period_label": grid.period.label,
        "actor": actor.display_name if actor else "",
        "role": transition["role"],
        "note": transition["note"],
        "deadline": (transition["deadline"].isoformat()
                     if transition["deadline"] else None),
    }
    return [
        store.create_notification(
            user_id=user.id, kind=transition["action"], package_id=package.id,
            period=grid.period.id, transition_id=transition["id"], data=data,
        )
        for user in recipients(package, transition)
    ]


def after_commit(notification_ids: list[str]) -> None:
    """Send the e-mails of committed notifications (background job)."""
    if notification_ids:
        from ckanext.satudata.workflow import mail

        mail.enqueue(notification_ids)
