"""A scan as the actions and pages show it (never a raw value: the
findings hold lokal's masked examples only)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.messages import N_, message
from ckanext.satudata.privacy import scanning
from ckanext.satudata.rows import Row

STATUS_LABELS = {
    scanning.PENDING: N_("waiting to be checked"),
    scanning.RUNNING: N_("being checked"),
    scanning.DONE: N_("checked"),
    scanning.FAILED: N_("check failed"),
}
KIND_LABELS = {
    "nik": N_("NIK"),
    "kk": N_("Family card number (KK)"),
    "name": N_("Person's name"),
    "address": N_("Address"),
    "phone": N_("Phone number"),
    "email": N_("E-mail address"),
    "birth_date": N_("Date of birth"),
}
CONFIDENCE_LABELS = {
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _user_name(user_id: str | None) -> str | None:
    user = model.User.get(user_id) if user_id else None
    return (user.fullname or user.name) if user else None


def finding(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **item,
        "kind_label": tk._(KIND_LABELS.get(item["kind"], item["kind"])),
        "confidence_label": tk._(CONFIDENCE_LABELS.get(
            item["confidence"], item["confidence"])),
    }


def scan(row: Row) -> dict[str, Any]:
    """``row`` for the people who may see it (editors of the dataset and
    the walidata)."""
    package = model.Package.get(row["package_id"])
    terbuka = scanning.is_terbuka(package)
    return {
        "id": row["id"],
        "kind": row["kind"],
        "package_id": row["package_id"],
        "package_name": package.name if package else None,
        "package_title": (package.title or package.name) if package else None,
        "resource_id": row["resource_id"],
        "period": row["period"],
        "label": row["label"],
        "status": row["status"],
        "status_label": tk._(STATUS_LABELS.get(row["status"], row["status"])),
        "terbuka": terbuka,
        "held": scanning.held(row, terbuka),
        "high": row["high"],
        "findings": [finding(item) for item in row["findings"] or []],
        "rows_read": row["rows_read"],
        "truncated": row["truncated"],
        "error": (message(row["error"], row["error_params"] or None)
                  if row["error"] else None),
        "requested_by": _user_name(row["requested_by"]),
        "confirmed": _iso(row["confirmed"]),
        "confirmed_by": _user_name(row["confirmed_by"]),
        "note": row["note"],
        "created": _iso(row["created"]),
        "started": _iso(row["started"]),
        "finished": _iso(row["finished"]),
    }
