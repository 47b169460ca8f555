"""Change requests and revisions as the API returns them (labels in the
user's language, links, what the user may do next)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.changes import access, approval, document, statuses, store
from ckanext.satudata.documents import api as documents
from ckanext.satudata.indicators import api as indicators

Row = dict[str, Any]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _user_name(user_id: str | None) -> str | None:
    user = model.User.get(user_id) if user_id else None
    return user.display_name if user else None


def _period_label(package: model.Package | None, period: str) -> str:
    structure = indicators.structure_of(package.id) if package else None
    parsed = (indicators.parse_period(period, structure.granularity)
              if structure else None)
    return parsed.label if parsed else period


def _cell(cell: dict[str, Any]) -> dict[str, Any]:
    return {**cell, "old_text": document.value_text(cell["old"]),
            "new_text": document.value_text(cell["new"])}


def _issued(request: Row) -> dict[str, Any] | None:
    ref = request.get("document_id")
    return documents.get(ref) if ref else None


def _document(request: Row) -> dict[str, Any] | None:
    found = _issued(request)
    if found is None:
        return None
    return {
        "id": found["id"], "number": found["number"], "status": found["status"],
        "sha256": found["pdf_sha256"], "verification_url": found["verification_url"],
        "url": tk.h.url_for("satudata_changes.request_document", id=request["id"],
                            qualified=True),
    }


def _approval(request: Row) -> dict[str, Any] | None:
    if not request.get("approval_file_id"):
        return None
    signatures = request.get("approval_signatures") or []
    return {
        "name": request["approval_name"], "sha256": request["approval_sha256"],
        "uploaded": _iso(request["approval_uploaded"]),
        "uploaded_by": _user_name(request["approval_uploaded_by"]),
        "signature": approval.kind(signatures),
        "signature_text": approval.describe(signatures),
        "signatures": signatures,
        "url": tk.h.url_for("satudata_changes.approval_document", id=request["id"],
                            qualified=True),
    }


def allowed(request: Row, user: str | None) -> dict[str, bool]:
    """What ``user`` may do with the request now."""
    producer = access.is_producer(user, request["organization_id"])
    reviewer = access.is_reviewer(user)
    status = request["status"]
    return {
        "upload_approval": producer and status in statuses.UPLOADABLE,
        "delete": producer and status in statuses.DELETABLE,
        "approve": reviewer and status == statuses.WAITING_APPROVAL,
        "reject": reviewer and status == statuses.WAITING_APPROVAL,
    }


def summary(request: Row, user: str | None,
            package: model.Package | None = None) -> dict[str, Any]:
    """A request as listed (no events, no checks)."""
    package = package or model.Package.get(request["package_id"])
    organization = model.Group.get(request["organization_id"])
    return {
        "id": request["id"],
        "package_id": request["package_id"],
        "package_name": package.name if package else None,
        "package_title": (package.title or package.name) if package else None,
        "organization_id": request["organization_id"],
        "organization_name": organization.name if organization else None,
        "organization_title": (organization.title or organization.name)
        if organization else None,
        "period": request["period"],
        "period_label": _period_label(package, request["period"]),
        "status": request["status"],
        "status_label": statuses.label(request["status"]),
        "cells_changed": len(request["cells"]),
        "request_sha256": request["request_sha256"],
        "base_revision": request["base_revision"],
        "note": request["note"] or None,
        "created": _iso(request["created"]),
        "created_by": _user_name(request["created_by"]),
        "modified": _iso(request["modified"]),
        "decided": _iso(request["decided"]),
        "decided_by": _user_name(request["decided_by"]),
        "revision": request["revision"],
        "document": _document(request),
        "approval": _approval(request),
        "allowed": allowed(request, user),
    }


def _event(event: Row) -> dict[str, Any]:
    return {
        "action": event["action"], "from_status": event["from_status"],
        "to_status": event["to_status"],
        "to_status_label": statuses.label(event["to_status"]),
        "user": _user_name(event["user_id"]), "role": event["role"],
        "timestamp": _iso(event["timestamp"]), "note": event["note"] or None,
    }


def full(request: Row, user: str | None, checks: dict[str, Any] | None = None
         ) -> dict[str, Any]:
    """A request with its cells, events and the quality checks of its new
    values (given to the walidata, who decide, and the pembina, who oversee)."""
    found = summary(request, user)
    found["cells"] = [_cell(cell) for cell in request["cells"]]
    found["events"] = [_event(event) for event in store.events(request["id"])]
    found["checks"] = checks
    return found


def revision(request: Row) -> dict[str, Any]:
    """An approved request as the public revision history shows it (never
    its documents: only the approval document's number)."""
    package = model.Package.get(request["package_id"])
    found = _issued(request)
    return {
        "period": request["period"],
        "period_label": _period_label(package, request["period"]),
        "revised": _iso(request["decided"]),
        "revision": request["revision"],
        "document_number": found["number"] if found else None,
        "cells": [_cell({key: cell[key] for key in (
            "row", "row_name", "component", "component_name", "unit", "old", "new",
            "reason")}) for cell in request["cells"]],
    }


def document_filename(request: Row) -> str:
    """The request document's download name."""
    package = model.Package.get(request["package_id"])
    name = package.name if package else "dataset"
    return f"permohonan-perubahan-data-{name}-{request['period']}.pdf"
