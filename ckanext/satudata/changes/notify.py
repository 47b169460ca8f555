"""Who is told about each step of a change request, in the app and by
e-mail (through the workflow's notifications):

- a signed document arrives → the walidata;
- approved or rejected → the OPD's operators and verifikators, and whoever
  made the request.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import roles
from ckanext.satudata.config import site_id
from ckanext.satudata.messages import N_
from ckanext.satudata.workflow import api as workflow

UPLOADED = "change_request_uploaded"
APPROVED = "change_request_approved"
REJECTED = "change_request_rejected"


def _link(row: dict[str, Any], qualified: bool) -> str | None:
    request_id = (row.get("data") or {}).get("request_id")
    if not request_id:
        return None
    return tk.h.url_for("satudata_changes.read", id=request_id, qualified=qualified)


workflow.register_notification(UPLOADED, N_(
    "{actor} uploaded the signed change request for {title} ({period}): it"
    " waits for your approval"), _link)
workflow.register_notification(APPROVED, N_(
    "{actor} approved the change request for {title} ({period}): the"
    " published values are changed"), _link)
workflow.register_notification(REJECTED, N_(
    "{actor} rejected the change request for {title} ({period})"), _link)


def _producers(package: model.Package, request: dict[str, Any]) -> list[model.User]:
    found = []
    if package.owner_org:
        for capacity in ("editor", "admin"):
            found.extend(roles.organization_users(package.owner_org, capacity))
    creator = model.User.get(request["created_by"])
    if creator is not None:
        found.append(creator)
    return found


def step(kind: str, package: model.Package, request: dict[str, Any],
         period_label: str, actor: model.User, note: str = "") -> list[str]:
    """Create the notifications of one step; their ids (for
    :func:`workflow.after_commit` once committed)."""
    users = (roles.walidata_users() if kind == UPLOADED
             else _producers(package, request))
    site_user = site_id()
    users = [user for user in users if user.name != site_user]
    return workflow.notify_users(users, kind, package, request["period"], {
        "request_id": request["id"],
        "package_name": package.name,
        "title": package.title or package.name,
        "period_label": period_label,
        "actor": actor.display_name,
        "note": note,
        "cells": len(request["cells"]),
    }, actor_id=actor.id)
