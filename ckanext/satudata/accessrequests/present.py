"""An access request as the actions answer it (``show``/``list``) and the
pages show it: see ``docs/accessrequests.md``. Only the walidata, the
pembina, the institution's users and the staff of a producing OPD get
here (the auth functions); what each may do is ``can``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import vocabulary
from ckanext.satudata.accessrequests import (
    attachments,
    config,
    rules,
    stages,
    store,
    tokens,
    transitions,
)
from ckanext.satudata.documents import api as documents
from ckanext.satudata.institutions import api as institutions
from ckanext.satudata.messages import N_

FORMATS = {"csv": "CSV", "xlsx": "Excel (XLSX)", "json": "JSON", "xml": "XML"}
LEVELS = {2: N_("Level 2: custom aggregate data"),
          3: N_("Level 3: micro data without identity"),
          4: N_("Level 4: micro data with identity")}


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.datetime | dt.date) else value


def _person(user_id: str | None) -> dict[str, Any] | None:
    user = model.User.get(user_id) if user_id else None
    if user is None:
        return None
    return {"id": user.id, "name": user.name, "fullname": user.fullname or user.name}


def _requester(user_id: str) -> dict[str, Any]:
    found = _person(user_id) or {"id": user_id, "name": "", "fullname": ""}
    user = model.User.get(user_id)
    person = institutions.person_of(user_id) or {}
    return {**found, "email": user.email if user else "",
            "jabatan": person.get("jabatan") or "", "unit": person.get("unit") or ""}


def level_label(level: int) -> str:
    label = vocabulary.label("level_akses", str(level))
    return label or (tk._(LEVELS[level]) if level in LEVELS else str(level))


def _item(row: dict[str, Any], full: bool) -> dict[str, Any]:
    package = model.Package.get(row["dataset_id"])
    report = dict(row.get("report") or {}) or None
    labels = list(row["variables"])
    item = {
        "id": row["id"], "dataset_id": row["dataset_id"],
        "dataset_name": package.name if package else "",
        "dataset_title": row["dataset_title"],
        "organization_id": row["organization_id"], "level": row["level"],
        "level_label": level_label(row["level"]), "variables": list(row["variables"]),
        "variable_labels": labels, "notes": row["notes"], "format": row["format"],
        "format_label": FORMATS.get(row["format"], row["format"]),
        "removed": list(row.get("removed") or []), "report": report,
        "has_extract": bool(row.get("extract_file_id")),
    }
    if full:
        item["detection"] = (report or {}).get("detection") or []
        item["identifying"] = (report or {}).get("identifying") or (
            report or {}).get("detected") or []
    return item


def _stage(row: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    return {
        "stage": row["stage"], "label": stages.label(row["stage"]),
        "started": _iso(row["started"]), "finished": _iso(row["finished"]),
        "done": row["finished"] is not None, "actor": _person(row["actor_id"]),
        "comment": row["comment"], "days": stages.taken(row, now),
        "pauses": row["pauses"] or [],
    }


def _file(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "kind": row["kind"],
            "kind_label": attachments.label(row["kind"]), "name": row["name"],
            "size": row["size"], "content_type": row["content_type"],
            "sha256": row["sha256"], "item_id": row["item_id"],
            "created": _iso(row["created"])}


def summary(row: dict[str, Any], who: rules.Viewer, full: bool = False
            ) -> dict[str, Any]:
    """The request ``row`` for ``who`` (``full``: with stages, files,
    tokens and the detection)."""
    now = store.now()
    item_rows = store.items(row["id"])
    stage_rows = store.stages(row["id"])
    institution = institutions.profile(row["institution_id"]) or {}
    result: dict[str, Any] = {
        "id": row["id"], "number": row["number"],
        "letter_number": row["letter_number"], "purpose": row["purpose"],
        "status": row["status"],
        "status_label": transitions.status_label(row["status"]),
        "stage": row["stage"], "stage_label": stages.label(row["stage"]),
        "return_note": row["return_note"], "bast_number": row["bast_number"],
        "late": stages.late(stage_rows, now),
        "delivery_days": stages.delivery_days(stage_rows, now),
        "limit_days": config.limit_days(),
        "institution": {key: institution.get(key) for key in (
            "id", "name", "category", "category_label", "address")},
        "requester": _requester(row["requester_id"]),
        "items": [_item(item, full) for item in item_rows],
        "delivered": _iso(row["delivered"]),
        "rejected": _iso(row["rejected"]), "reject_reason": row["reject_reason"],
        "created": _iso(row["created"]), "modified": _iso(row["modified"]),
        "can": rules.can(who, row, item_rows),
    }
    if full:
        result["stages"] = [_stage(stage, now) for stage in stage_rows]
        member = rules.is_member(who, row)
        result["files"] = [_file(found) for found in store.files(row["id"])
                           if found["kind"] != "extract" or who.walidata]
        result["bast_document"] = None
        if row.get("bast_document_id"):
            document = documents.get(row["bast_document_id"])
            result["bast_document"] = {
                "id": document["id"], "number": document["number"],
                "url": f"/akses-data/{row['number']}/bast",
                "verification_url": document.get("verification_url")}
        result["tokens"] = [tokens.public(token, now)
                            for token in store.tokens(row["id"])
                            if who.walidata or (
                                member and token["user_id"] == who.user_id)]
    return result
