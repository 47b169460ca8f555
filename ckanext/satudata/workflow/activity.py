"""Workflow moves and value changes in the dataset's activity stream.

Each is a named activity type with its own template
(``templates/snippets/activities/satudata_*.html``). Drafts are the OPD's
business: their activities carry the organization's permission label, so
only its members (and sysadmins) see them; a publication is seen by
whoever may see the dataset.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.plugins import get_permission_labels

from ckanext.satudata.indicators.api import Actor, Grid
from ckanext.satudata.workflow import config

# The names end in "package" like core's dataset activity types: the
# activity plugin filters only those by permission labels.
TYPES = {
    "submit": "satudata submitted package",
    "verify": "satudata verified package",
    "return": "satudata returned package",
    "publish": "satudata published package",
    "values": "satudata changed values package",
}


def register_types() -> None:
    """Make the activity plugin accept our types (it validates the type and
    the object id of every activity against this mapping)."""
    from ckanext.activity.logic import validators

    for name in TYPES.values():
        validators.object_id_validators.setdefault(name, "package_id_exists")


def register_type(kind: str, name: str) -> None:
    """Another plugin's activity type about a dataset: ``name`` ends in
    "package" (so the activity plugin filters it by permission labels);
    its template is ``snippets/activities/<name with _>.html``."""
    from ckanext.activity.logic import validators

    if not name.endswith(" package"):
        raise ValueError(f"an activity type ends in ' package': {name!r}")
    TYPES[kind] = name
    validators.object_id_validators.setdefault(name, "package_id_exists")


def _labels(package: model.Package, public: bool) -> list[str]:
    if public:
        return get_permission_labels().get_dataset_labels(package)
    return [f"member-{package.owner_org}"] if package.owner_org else ["creator-x"]


def create(package: model.Package, user_id: str, kind: str,
            data: dict[str, Any], public: bool = False) -> None:
    if not config.activity_streams_enabled():
        return
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("activity_create")(
        {"user": site_user["name"], "ignore_auth": True, "defer_commit": True},
        {
            "user_id": user_id,
            "object_id": package.id,
            "activity_type": TYPES[kind],
            "data": {
                "package": {
                    "id": package.id, "name": package.name,
                    "title": package.title, "type": package.type,
                    "owner_org": package.owner_org,
                },
                **data,
            },
            "permission_labels": _labels(package, public),
        },
    )


def record_transition(package: model.Package, grid: Grid,
                      transition: dict[str, Any], user: model.User) -> None:
    create(package, user.id, transition["action"], {
        "period": grid.period.id,
        "period_label": grid.period.label,
        "from": transition["from_state"],
        "to": transition["to_state"],
        "role": transition["role"],
        "note": transition["note"],
        "cell_notes": sum(len(by) for by in transition["cell_notes"].values()),
        "deadline": (transition["deadline"].isoformat()
                     if transition["deadline"] else None),
    }, public=transition["action"] == "publish")


def record_values_changed(package_id: str, **event: Any) -> None:
    """Receiver of ``satudata_values_changed`` (sent by every save)."""
    package = model.Package.get(package_id)
    actor: Actor = event["actor"]
    if package is None:
        return
    # a surveyor's save is the link maker's activity (the site user's would
    # be hidden: ``ckan.hide_activity_from_users``), shown with their name
    user_id = actor.user_id or actor.issued_by or tk.get_action("get_site_user")(
        {"ignore_auth": True}, {}
    )["id"]
    create(package, user_id, "values", {
        "period": event["period"],
        "period_label": event["period_label"],
        "revision": event["revision"],
        "source": event["source"],
        "cells": event["cells"],
        "actor_name": actor.name,
        "role": actor.role,
    })
