"""What waits for whom: the queues on each role's dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ckanext.satudata import roles
from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.workflow import machine, store

Item = dict[str, Any]


def _item(row: dict[str, Any], returns: dict[str, dict[str, Any]]) -> Item:
    structure = indicators.structure_of(row["package_id"])
    found = (indicators.parse_period(row["period"], structure.granularity)
             if structure else None)
    item = {
        "package_id": row["package_id"],
        "package_name": row["package_name"],
        "title": row["title"] or row["package_name"],
        "organization": row["organization"],
        "organization_title": row["organization_title"],
        "period": row["period"],
        "period_label": found.label if found else row["period"],
        "state": row["state"],
        "modified": row["modified"].isoformat(),
        "revision": row["revision"],
        "deadline": None,
        "overdue": False,
        "note": None,
    }
    back = returns.get(row["id"])
    if row["state"] == machine.RETURNED and back:
        item["note"] = back["note"]
        if back["deadline"]:
            item["deadline"] = back["deadline"].isoformat()
            item["overdue"] = back["deadline"] < dt.date.today()
    return item


def _items(states: tuple[str, ...], organizations: list[str] | None) -> list[Item]:
    rows = indicators.submissions(states, organizations)
    returns = store.last_transitions(
        [r["id"] for r in rows if r["state"] == machine.RETURNED],
        machine.RETURNED,
    )
    items = [_item(row, returns) for row in rows]
    # overdue returns first, then returns by deadline, then the oldest
    return sorted(items, key=lambda i: (
        not i["overdue"], i["state"] != machine.RETURNED, i["deadline"] or "",
    ))


def for_user(user_name: str | None) -> dict[str, Any]:
    queues: dict[str, Any] = {}
    editor_of = roles.organization_ids(user_name, "editor")
    if editor_of:
        queues["operator"] = _items((machine.DRAFT, machine.RETURNED), editor_of)
    admin_of = roles.organization_ids(user_name, "admin")
    if admin_of:
        queues["verifikator"] = submitted(admin_of)
    if roles.is_walidata(user_name):
        groups: dict[str, dict[str, Any]] = {}
        for item in verified():
            group = groups.setdefault(item["organization"], {
                "organization": item["organization"],
                "organization_title": item["organization_title"],
                "items": [],
            })
            group["items"].append(item)
        queues["walidata"] = sorted(groups.values(),
                                    key=lambda g: g["organization_title"] or "")
    return queues


def returned(organization_ids: list[str]) -> list[Item]:
    """The returned periods of the datasets of ``organization_ids``
    (overdue first), with ``deadline`` and ``overdue``."""
    return _items((machine.RETURNED,), organization_ids) if organization_ids else []


def submitted(organization_ids: list[str]) -> list[Item]:
    """The submitted periods of the datasets of ``organization_ids``."""
    return _items((machine.SUBMITTED,), organization_ids) if organization_ids else []


def verified() -> list[Item]:
    """Every verified period (waiting for walidata)."""
    return _items((machine.VERIFIED,), None)


def overdue_returns(user_name: str | None) -> int:
    """Returned periods past their deadline in the user's operator queue."""
    return sum(1 for item in for_user(user_name).get("operator", [])
               if item["overdue"])
