"""Who is told about each step of an access request, in the app and by
e-mail (through the workflow's notifications, ``workflow.api``):

- ``created``, ``resubmitted``, ``advanced`` → who moves the stage the
  request is now in (the walidata, or the verifikators of the producing
  OPDs for Verifikasi Substansi);
- ``bast_uploaded`` → the walidata;
- ``returned``, ``ready_for_bast``, ``bast_returned``, ``delivered``,
  ``rejected`` → the institution's users.

Nobody is told what they did themselves. Each notification links to
``/akses-data/<number>``; its e-mail is
``satudata/workflow/emails/accessrequest_<step>.txt`` (Indonesian, first
line the subject), sent by a background job after the commit. A download
token is e-mailed at once by :func:`send_token` to the one user it is
issued to (it is never stored: only its SHA-256).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import mail, roles
from ckanext.satudata.accessrequests import config, stages, store
from ckanext.satudata.config import site_id
from ckanext.satudata.institutions import api as institutions
from ckanext.satudata.messages import N_
from ckanext.satudata.workflow import api as workflow

PREFIX = "accessrequest_"
TEXTS: dict[str, str] = {
    "created": N_("{actor} filed access request {title}: it waits for your"
                  " verification"),
    "resubmitted": N_("{actor} corrected access request {title}: it waits for"
                      " your verification"),
    "advanced": N_("{actor} moved access request {title} on: it waits for you"),
    "returned": N_("{actor} returned access request {title} to your institution"
                   " for correction"),
    "ready_for_bast": N_("The data of access request {title} is ready: enter the"
                         " BAST number and upload the signed BAST"),
    "bast_uploaded": N_("{actor} uploaded the signed BAST of access request"
                        " {title}: it waits for your verification"),
    "bast_returned": N_("{actor} returned the BAST of access request {title}"
                        " for correction"),
    "delivered": N_("The data of access request {title} can be downloaded: a"
                    " token was sent to the requester's e-mail"),
    "rejected": N_("{actor} rejected access request {title}"),
}
STEPS = tuple(TEXTS)
TO_MOVERS = ("created", "resubmitted", "advanced")
TO_WALIDATA = ("bast_uploaded",)
TO_INSTITUTION = ("returned", "ready_for_bast", "bast_returned", "delivered",
                  "rejected")
TOKEN_TEMPLATE = "satudata/accessrequests/emails/token.txt"


def kind(step: str) -> str:
    return PREFIX + step


def path(number: str) -> str:
    return f"/akses-data/{number}"


def _link(row: dict[str, Any], qualified: bool) -> str | None:
    number = (row.get("data") or {}).get("number")
    if not number:
        return None
    return tk.h.url_for(path(number), qualified=qualified)


for _step, _text in TEXTS.items():
    workflow.register_notification(kind(_step), _text, _link)


def _users(ids: list[str]) -> list[model.User]:
    return [user for user in (model.User.get(found) for found in ids) if user]


def movers(request: dict[str, Any]) -> list[model.User]:
    """Who moves the request's current stage."""
    role = stages.mover(request["stage"])
    if role == "walidata":
        return roles.walidata_users()
    capacities = ("admin",) if role == "verifikator" else roles.WRITE_CAPACITIES
    found: list[model.User] = []
    for item in store.items(request["id"]):
        for capacity in capacities:
            if item.get("organization_id"):
                found.extend(roles.organization_users(item["organization_id"],
                                                      capacity))
    return found


def recipients(request: dict[str, Any], step: str) -> list[model.User]:
    if step not in TEXTS:
        raise ValueError(f"Unknown access request step: {step!r}")
    users: list[model.User] = []
    if step in TO_MOVERS:
        users.extend(movers(request))
    if step in TO_WALIDATA:
        users.extend(roles.walidata_users())
    if step in TO_INSTITUTION:
        users.extend(_users(institutions.user_ids(request["institution_id"])))
    site_user = site_id()
    return [user for user in users if user.name != site_user]


def data(request: dict[str, Any], actor_id: str | None, note: str = ""
         ) -> dict[str, Any]:
    """What a notification keeps: no terbatas values, only what its
    sentence, link and e-mail need."""
    actor = model.User.get(actor_id) if actor_id else None
    institution = institutions.profile(request["institution_id"]) or {}
    return {
        "request_id": request["id"], "number": request["number"],
        "title": request["number"], "actor": actor.display_name if actor else "",
        "institution": institution.get("name") or "",
        "stage": request["stage"], "stage_label": stages.label(request["stage"]),
        "datasets": [item["dataset_title"] for item in store.items(request["id"])],
        "note": note,
    }


def step(request: dict[str, Any], step: str, actor_id: str | None,
         note: str = "") -> list[str]:
    """Create, in the caller's transaction, the notifications of ``step``;
    their ids (for :func:`after_commit` once committed)."""
    return workflow.notify_people(recipients(request, step), kind(step),
                                  data(request, actor_id, note), actor_id=actor_id)


def after_commit(ids: list[str]) -> None:
    """E-mail committed notifications (a ``satudata`` background job)."""
    workflow.after_commit(ids)


def send_token(request: dict[str, Any], user_id: str, token: str) -> bool:
    """E-mail ``token`` to the user it was issued to, now."""
    user = model.User.get(user_id)
    if user is None or not user.email:
        return False
    return mail.send(user.email, user.fullname or user.name, TOKEN_TEMPLATE, {
        "user_name": user.fullname or user.name, "number": request["number"],
        "token": token, "days": config.token_days(),
        "downloads": config.token_downloads(),
        "link": tk.h.url_for(path(request["number"]), qualified=True),
    })
