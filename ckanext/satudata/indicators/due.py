"""Belum diisi: the periods of a user's datasets that are due and not filled.

A period is due once it has ended (its last day is before today); it is
overdue after ``ckanext.satudata.fill_deadline_days`` more days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ckan import model

from ckanext.satudata.indicators import config, period, store


def deadline_days() -> int:
    return config.fill_deadline_days()


def _datasets(organization_ids: list[str] | None) -> list[model.Package]:
    # only datasets with a structure: the others have nothing to fill
    query = model.Session.query(model.Package).filter(
        model.Package.state == "active", model.Package.type == "dataset",
        model.Package.owner_org.isnot(None),
        model.Package.id.in_(store.structured_packages()),
    )
    if organization_ids is not None:
        if not organization_ids:
            return []
        query = query.filter(model.Package.owner_org.in_(organization_ids))
    return query.all()


def due_periods(
    organization_ids: list[str] | None, *, include_drafts: bool = False,
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Every due period without a submission (or with a draft, when
    ``include_drafts``) of the datasets of ``organization_ids`` (``None``:
    every organization), oldest first."""
    today = today or dt.date.today()
    days = deadline_days()
    packages = {package.id: package for package in _datasets(organization_ids)}
    structures = store.structures(list(packages))
    existing = store.submitted_periods(list(structures))
    organizations = {
        group.id: group for group in model.Session.query(model.Group).filter(
            model.Group.id.in_({p.owner_org for p in packages.values()})
        )
    } if packages else {}
    due = []
    for package_id, stored in structures.items():
        package = packages[package_id]
        first = period.parse(stored["first_period"], stored["granularity"])
        if first is None:
            continue
        states = existing.get(package_id, {})
        for found in period.ended(first, today):
            state = states.get(found.id)
            if state is not None and not (include_drafts and state == "draft"):
                continue
            deadline = period.deadline(found, days)
            organization = organizations.get(package.owner_org or "")
            due.append({
                "package_id": package.id,
                "package_name": package.name,
                "title": package.title or package.name,
                "organization": organization.name if organization else None,
                "organization_title": organization.title if organization else None,
                "period": found.id,
                "period_label": found.label,
                "period_end": found.end.isoformat(),
                "deadline": deadline.isoformat(),
                "overdue": today > deadline,
                "status": state or "belum_diisi",
            })
    due.sort(key=lambda item: (item["period_end"], item["title"].lower()))
    return due


def overview(
    package: model.Package, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Every period of ``package`` from its first to the current one,
    newest first, with its state (``belum_diisi`` when nothing is saved),
    whether it is due yet and whether it is overdue."""
    today = today or dt.date.today()
    stored = store.structure(package.id)
    if stored is None:
        return []
    first = period.parse(stored["first_period"], stored["granularity"])
    if first is None:
        return []
    states = store.submitted_periods([package.id]).get(package.id, {})
    days = deadline_days()
    current = period.containing(today, stored["granularity"])
    found, rows = first, []
    while found <= current and len(rows) < 600:
        deadline = period.deadline(found, days)
        state = states.get(found.id, "belum_diisi")
        rows.append({
            **found.as_dict(),
            "state": state,
            "due": found.end < today,
            "deadline": deadline.isoformat(),
            "overdue": state in ("belum_diisi", "draft") and today > deadline,
        })
        found = found.next()
    return list(reversed(rows))
