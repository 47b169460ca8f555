"""Who may do what with a dataset's indicator values.

- operator: a member of the dataset's organization with CKAN capacity
  ``editor``;
- verifikator: its ``admin`` (who may also fill, like an operator);
- walidata: a sysadmin, or a member of the configured walidata
  organization (``ckanext.satudata.walidata_organization``).

They may write structures and values and read drafts; nobody else may.
Which of them may move a submission through verification is the
workflow's business (``ckanext.satudata.workflow``), from :func:`roles_of`.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

WRITE_CAPACITIES = ("editor", "admin")
OPERATOR, VERIFIKATOR, WALIDATA = "operator", "verifikator", "walidata"
CAPACITY_ROLES = {"editor": OPERATOR, "admin": VERIFIKATOR}


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
    if _user(user_name) is None:
        return []
    if is_walidata(user_name):
        return None
    return organization_ids(user_name, *WRITE_CAPACITIES)


def roles_of(user_name: str | None, package: model.Package) -> frozenset[str]:
    """The workflow roles ``user_name`` holds for ``package``: operator
    (editor of its organization), verifikator (admin of it), walidata."""
    user = _user(user_name)
    if user is None or user.state != "active" or package.state == "deleted":
        return frozenset()
    found = set()
    if is_walidata(user_name):
        found.add(WALIDATA)
    if package.owner_org:
        role = CAPACITY_ROLES.get(_member_capacity(user, package.owner_org) or "")
        if role:
            found.add(role)
    return frozenset(found)


def main_role(user_name: str | None, package: model.Package) -> str | None:
    """The role a change by ``user_name`` is recorded under: their OPD role
    first (what they do day to day), else walidata."""
    held = roles_of(user_name, package)
    for role in (OPERATOR, VERIFIKATOR, WALIDATA):
        if role in held:
            return role
    return None


def organization_ids(user_name: str | None, *capacities: str) -> list[str]:
    """Active organizations where ``user_name`` has one of CKAN's
    ``capacities``."""
    user = _user(user_name)
    if user is None:
        return []
    rows = (
        model.Session.query(model.Member.group_id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .filter(
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
            model.Member.capacity.in_(capacities),
            model.Group.is_organization.is_(True),
            model.Group.state == "active",
        )
        .all()
    )
    return [row[0] for row in rows]


def organization_users(organization_id: str, capacity: str) -> list[model.User]:
    """Active users with ``capacity`` in ``organization_id``."""
    return (
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .filter(
            model.Member.group_id == organization_id,
            model.Member.table_name == "user",
            model.Member.state == "active",
            model.Member.capacity == capacity,
            model.User.state == "active",
        )
        .all()
    )


def walidata_users() -> list[model.User]:
    """Sysadmins and members of the walidata organization (people: not
    the site user, which creates organizations and so is their admin)."""
    site_user = tk.config.get("ckan.site_id")
    users = {u.id: u for u in model.Session.query(model.User).filter(
        model.User.sysadmin.is_(True), model.User.state == "active",
    )}
    organization = model.Group.get(walidata_organization() or "")
    if organization is not None and organization.is_organization:
        for capacity in ("member", "editor", "admin"):
            for user in organization_users(organization.id, capacity):
                users[user.id] = user
    return [user for user in users.values() if user.name != site_user]
