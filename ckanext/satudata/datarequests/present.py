"""A data request as the actions answer it: the full request for
``satudata_data_request_show`` (stages with their timing, files, letters,
the steps the reader may take) and the summary of each list item.
Nothing of CKAN's file storage leaves here (no locations, no storage
names), and a file has a download address only for whoever may download
it (``/permohonan-data/<number>/berkas/<id>``, letters
``/permohonan-data/<number>/surat/<document id>``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import region
from ckanext.satudata.datarequests import letters, rules, stages, statuses, store
from ckanext.satudata.documents import api as documents

Row = dict[str, Any]
#: The title of a request in lists (the Permintaan Data column).
TITLE_LENGTH = 120
#: document kind → letter
LETTER_OF_KIND = {kind: letter for letter, (kind, _, _) in letters.KINDS.items()}


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat()


def path(request: Row) -> str:
    return f"/permohonan-data/{request['number']}"


def file_path(request: Row, file_id: str) -> str:
    return f"{path(request)}/berkas/{file_id}"


def letter_path(request: Row, document_id: str) -> str:
    return f"{path(request)}/surat/{document_id}"


def title(request: Row, datasets: list[dict[str, Any]] | None = None) -> str:
    """What is asked, in a line: the datasets' titles, else the
    description's start."""
    if datasets is None:
        datasets = store.expand_datasets(request.get("datasets") or [])
    named = [d["title"] or d["name"] for d in datasets if d["title"] or d["name"]]
    text = "; ".join(named) or " ".join((request.get("description") or "").split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "…"


def _user_name(user_id: str | None) -> dict[str, Any] | None:
    user = model.User.get(user_id) if user_id else None
    if user is None:
        return None
    return {"id": user.id, "name": user.name, "display_name": user.display_name}


def _letter(request: Row, document_id: str, who: rules.Viewer) -> Row | None:
    try:
        found = documents.get(document_id)
    except tk.ObjectNotFound:
        return None
    letter = LETTER_OF_KIND.get(found["kind"], found["kind"])
    label = found["kind_label"]  # an English msgid kept with the document
    shown: Row = {
        "id": found["id"], "letter": letter, "number": found["number"],
        "kind": found["kind"], "kind_label": tk._(label) if label else found["kind"],
        "status": found["status"], "created": _iso(found["created"]),
        "verification_url": found["verification_url"], "url": None,
    }
    if rules.may_download_letter(who, request, letter):
        shown["url"] = letter_path(request, found["id"])
    return shown


def stage(request: Row, row: Row, who: rules.Viewer, now: dt.datetime) -> Row:
    definition = stages.definition(row["stage"])
    return {
        "id": row["id"],
        "stage": row["stage"],
        "label": stages.label(row["stage"]),
        "actor_role": definition.actor,
        "limit": definition.limit,
        "started": _iso(row["started"]),
        "finished": _iso(row["finished"]),
        "actor": _user_name(row["actor_id"]),
        "comment": row["comment"],
        "pauses": [{"started": pause.get("started"), "ended": pause.get("ended"),
                    "reason": pause.get("reason") or ""}
                   for pause in row["pauses"] or []],
        "letter": _letter(request, row["document_id"], who) if row[
            "document_id"] else None,
        "timing": stages.timing(row, now).as_dict(),
    }


def clock(rows: list[Row], now: dt.datetime) -> Row:
    """``overdue`` (the open stage is past its due date), ``late`` (any
    stage took longer than its limit), ``due`` (of the open stage),
    ``open_stage``, ``waiting`` (the clock stands still)."""
    open_rows = [row for row in rows if row["finished"] is None]
    current = open_rows[-1] if open_rows else None
    late = any(stages.overdue(row, now) for row in rows)
    if current is None:
        return {"overdue": False, "late": late, "due": None, "open_stage": None,
                "waiting": False}
    due = stages.due(current, now)
    return {
        "overdue": stages.overdue(current, now), "late": late,
        "due": due.isoformat() if due else None, "open_stage": current["stage"],
        "waiting": stages.record(current).waiting,
    }


def _file(request: Row, row: Row, who: rules.Viewer) -> Row:
    return {
        "id": row["id"], "kind": row["kind"], "name": row["name"],
        "size": row["size"], "content_type": row["content_type"],
        "uploaded_by": _user_name(row["uploaded_by"]),
        "created": _iso(row["created"]),
        "url": (file_path(request, row["id"])
                if rules.may_download(who, request, row["kind"]) else None),
    }


def _response(response: Row | None) -> Row | None:
    if not response:
        return None
    links = []
    for link in response.get("links") or []:
        package = model.Package.get(link.get("dataset") or "")
        resource = model.Resource.get(link["resource"]) if link.get(
            "resource") else None
        links.append({
            "dataset": link.get("dataset"), "resource": link.get("resource"),
            "dataset_name": package.name if package else None,
            "dataset_title": (package.title or package.name) if package else None,
            "resource_name": (resource.name or resource.id) if resource else None,
        })
    return {"kind": response.get("kind"), "reason": response.get("reason") or "",
            "links": links}


def full(row: Row, who: rules.Viewer, now: dt.datetime | None = None) -> Row:
    """The request as ``who`` may read it."""
    now = now or store.now()
    request = store.expand(row)
    stage_rows = store.stages(row["id"])
    contact = rules.sees_contact(who, row)
    requester = request["requester"] or {}
    shown_stages = [stage(row, item, who, now) for item in stage_rows]
    return {
        "id": row["id"],
        "number": row["number"],
        "title": title(row, request["datasets"]),
        "status": row["status"],
        "status_label": statuses.label(row["status"]),
        "requester": {"id": requester.get("id"), "name": requester.get("name"),
                      "fullname": requester.get("fullname"),
                      **({"email": requester.get("email")} if contact else {})},
        "requester_kind": row["requester_kind"],
        "institution": row["institution"],
        "contact_name": row["contact_name"],
        "contact_email": row["contact_email"] if contact else None,
        "contact_phone": row["contact_phone"] if contact else None,
        "datasets": request["datasets"],
        "description": row["description"],
        "variables": row["variables"],
        "period": row["period"],
        "regions": [{"code": code, "name": region.name(code)}
                    for code in request["regions"]],
        "format": row["format"],
        "purpose": row["purpose"],
        "organization": request["organization"],
        "response": _response(row.get("response")),
        "reason": row["reason"],
        "balikan_due": _iso(row["balikan_due"]),
        "created": _iso(row["created"]),
        "modified": _iso(row["modified"]),
        "stages": shown_stages,
        "files": [_file(row, item, who) for item in request["files"]],
        "letters": [item["letter"] for item in shown_stages if item["letter"]],
        **clock(stage_rows, now),
        "actions": rules.actions(who, row),
        "url": path(row),
    }


def summary(row: Row, stage_rows: list[Row], now: dt.datetime) -> Row:
    """A list item."""
    organization = store.organization(row.get("organization_id"))
    return {
        "id": row["id"],
        "number": row["number"],
        "title": title(row),
        "status": row["status"],
        "status_label": statuses.label(row["status"]),
        "requester_kind": row["requester_kind"],
        "institution": row["institution"],
        "organization": organization,
        "created": _iso(row["created"]),
        "modified": _iso(row["modified"]),
        **clock(stage_rows, now),
        "url": path(row),
    }
