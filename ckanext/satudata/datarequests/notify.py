"""Who is told about each step of a data request, in the app and by
e-mail (through the workflow's notifications, ``workflow.api``):

- ``created``, ``updated``, ``responded``, ``balikan_uploaded``,
  ``cancelled`` → the walidata (and, for a cancel by the walidata, the
  requester);
- ``forwarded`` → the editors and admins of the OPD it was forwarded to;
- ``incomplete``, ``accepted``, ``delivered``, ``rejected``,
  ``balikan_accepted``, ``balikan_returned`` → the requester;
- ``cancelled`` and ``rejected`` after forwarding → the OPD too;
- ``balikan_reminder`` (:mod:`.reminders`) → the requester.

Nobody is told what they did themselves. Each notification links to the
request's page ``/permohonan-data/<number>``; its e-mail is
``satudata/workflow/emails/datarequest_<step>.txt`` (Indonesian, first
line the subject), sent by a background job after the commit
(:func:`after_commit`).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import roles
from ckanext.satudata.config import site_id
from ckanext.satudata.mail import indonesian_date
from ckanext.satudata.messages import N_
from ckanext.satudata.workflow import api as workflow

PREFIX = "datarequest_"
#: step → English msgid of the in-app sentence ({actor}, {title}: the
#: request's number).
TEXTS: dict[str, str] = {
    "created": N_("{actor} filed data request {title}: it waits for your check"),
    "updated": N_("{actor} completed data request {title}: it waits for your check"),
    "incomplete": N_("{actor} asked you to complete data request {title}"),
    "accepted": N_("{actor} accepted data request {title}"),
    "forwarded": N_("{actor} forwarded data request {title} to your organization:"
                    " it waits for your answer"),
    "responded": N_("{actor} answered data request {title}: it waits for delivery"),
    "delivered": N_("{actor} delivered the data of request {title}"),
    "rejected": N_("{actor} rejected data request {title}"),
    "cancelled": N_("{actor} cancelled data request {title}"),
    "balikan_uploaded": N_("{actor} uploaded the data balikan of request {title}:"
                           " it waits for your check"),
    "balikan_accepted": N_("{actor} accepted the data balikan of request {title}:"
                           " the request is done"),
    "balikan_returned": N_("{actor} sent back the data balikan of request {title}"
                           " for correction"),
    "balikan_reminder": N_("Reminder: the data balikan of request {title} is due"
                           " on {period}"),
}
STEPS = tuple(TEXTS)
TO_WALIDATA = ("created", "updated", "responded", "balikan_uploaded", "cancelled")
TO_ORGANIZATION = ("forwarded",)
TO_REQUESTER = ("incomplete", "accepted", "delivered", "rejected",
                "balikan_accepted", "balikan_returned", "balikan_reminder")
#: Steps the OPD also hears of once the request was forwarded to it.
ALSO_ORGANIZATION = ("cancelled", "rejected")


def kind(step: str) -> str:
    """The notification kind of ``step`` (``datarequest_forwarded``)."""
    return PREFIX + step


def path(number: str) -> str:
    return f"/permohonan-data/{number}"


def _link(row: dict[str, Any], qualified: bool) -> str | None:
    number = (row.get("data") or {}).get("number")
    if not number:
        return None
    return tk.h.url_for(path(number), qualified=qualified)


for _step, _text in TEXTS.items():
    workflow.register_notification(kind(_step), _text, _link)


def _organization_users(organization_id: str) -> list[model.User]:
    found: list[model.User] = []
    for capacity in roles.WRITE_CAPACITIES:
        found.extend(roles.organization_users(organization_id, capacity))
    return found


def _requester(request: dict[str, Any]) -> list[model.User]:
    user = model.User.get(request["requester_id"]) if request.get(
        "requester_id") else None
    return [user] if user is not None else []


def recipients(request: dict[str, Any], step: str,
               actor_id: str | None = None) -> list[model.User]:
    """The people told of ``step`` (before leaving out the actor)."""
    if step not in TEXTS:
        raise ValueError(f"Unknown data request step: {step!r}")
    organization_id = (request.get("organization") or {}).get("id")
    users: list[model.User] = []
    if step in TO_WALIDATA:
        users.extend(roles.walidata_users())
    if step in TO_ORGANIZATION and organization_id:
        users.extend(_organization_users(organization_id))
    if step in TO_REQUESTER or (
        step == "cancelled" and actor_id != request.get("requester_id")
    ):
        users.extend(_requester(request))
    if step in ALSO_ORGANIZATION and organization_id:
        users.extend(_organization_users(organization_id))
    site_user = site_id()
    return [user for user in users if user.name != site_user]


def data(request: dict[str, Any], actor_id: str | None,
         extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a notification keeps: no closed data, only what its sentence,
    its link and its e-mail need."""
    actor = model.User.get(actor_id) if actor_id else None
    organization = request.get("organization") or {}
    response = request.get("response") or {}
    due = request.get("balikan_due")
    return {
        "request_id": request["id"],
        "number": request["number"],
        "title": request["number"],
        "period_label": indonesian_date(str(due)[:10]) if due else "",
        "actor": actor.display_name if actor else "",
        "status": request.get("status"),
        "organization": organization.get("title") or organization.get("name") or "",
        "datasets": [d.get("title") or d.get("name") or ""
                     for d in request.get("datasets") or []],
        "requester_kind": request.get("requester_kind"),
        "response": response.get("kind"),
        "reason": request.get("reason") or response.get("reason") or "",
        "balikan_due": str(due)[:10] if due else None,
        "balikan_due_text": indonesian_date(str(due)[:10]) if due else "",
        **(extra or {}),
    }


def step(request: dict[str, Any], step: str, actor_id: str | None,
         note: str = "", **extra: Any) -> list[str]:
    """Create, in the caller's transaction, the notifications of ``step``
    of ``request`` for its next actors; their ids (for :func:`after_commit`
    once committed).

    :param request: the request as ``store`` gives it, after the step
    :param step: one of :data:`STEPS`
    :param actor_id: who did it (not told); ``None`` for the system
    :param note: the officer's comment or reason, shown in the e-mail
    """
    values = data(request, actor_id, {"note": note, **extra})
    return workflow.notify_people(recipients(request, step, actor_id), kind(step),
                                  values, actor_id=actor_id)


def after_commit(ids: list[str]) -> None:
    """E-mail committed notifications (a ``satudata`` background job)."""
    workflow.after_commit(ids)
