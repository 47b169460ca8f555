"""Who may do what with a dataset's indicator values.

- operator: a member of the dataset's organization with CKAN capacity
  ``editor`` or ``admin`` (the OPD's verifikator is its ``admin``);
- walidata: a sysadmin, or a member of the configured walidata
  organization (``ckanext.satudata.walidata_organization``).

They may write structures and values and read drafts; nobody else may.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

WRITE_CAPACITIES = ("editor", "admin")


def walidata_organization() -> str:
    return tk.config.get("ckanext.satudata.walidata_organization")


def _user(user_name: str | None) -> model.User | None:
    return model.User.get(user_name) if user_name else None


def _member_capacity(user: model.User, group_id: str) -> str | None:
    row = (
        model.Session.query(model.Member.capacity)
        .filter(
            model.Member.group_id == group_id,
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
        )
        .first()
    )
    return row[0] if row else None


def is_walidata(user_name: str | None) -> bool:
    user = _user(user_name)
    if user is None or user.state != "active":
        return False
    if user.sysadmin:
        return True
    organization = model.Group.get(walidata_organization() or "")
    if organization is None or not organization.is_organization:
        return False
    return _member_capacity(user, organization.id) is not None


def can_write(user_name: str | None, package: model.Package) -> bool:
    """Whether ``user_name`` may write ``package``'s structure and values."""
    user = _user(user_name)
    if user is None or user.state != "active" or package.state == "deleted":
        return False
    if is_walidata(user_name):
        return True
    if not package.owner_org:
        return False
    return _member_capacity(user, package.owner_org) in WRITE_CAPACITIES


def writable_organization_ids(user_name: str | None) -> list[str] | None:
    """Organizations whose datasets ``user_name`` fills; ``None`` means all
    (walidata)."""
    user = _user(user_name)
    if user is None:
        return []
    if is_walidata(user_name):
        return None
    rows = (
        model.Session.query(model.Member.group_id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .filter(
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
            model.Member.capacity.in_(WRITE_CAPACITIES),
            model.Group.is_organization.is_(True),
            model.Group.state == "active",
        )
        .all()
    )
    return [row[0] for row in rows]
