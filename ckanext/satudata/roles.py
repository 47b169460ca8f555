"""Who is who on the portal: the one place that answers "is this user
operator / verifikator / walidata / pembina of this dataset or
organization". Access, indicators, workflow, template helpers and every
later plugin ask here; nobody else reads memberships to decide a role.

- **operator** (Produsen Data): ``editor`` of the dataset's organization
  (OPD);
- **verifikator**: ``admin`` of the dataset's organization (who may also
  fill, like an operator);
- **walidata**: an active sysadmin, or ``editor``/``admin`` of the walidata
  organization (``ckanext.satudata.walidata_organization``). A plain
  read-only ``member`` there is *not* walidata;
- **pembina** (Pembina Data, BPS): a member in any capacity of the pembina
  organization (``ckanext.satudata.pembina_organization``): reads every
  non-public dataset, changes nothing.

Walidata and pembina read every active terbatas/rahasia dataset
(:func:`reads_all_closed_data`; the access plugin gives them the permission
label of closed datasets). Which role may move a submission through
verification is the workflow's rule, from :func:`roles_of`.
"""

from __future__ import annotations

from typing import Any

from ckan import model
from ckan.types import AuthResult

from ckanext.satudata.config import (
    pembina_organization,
    site_id,
    walidata_organization,
)

OPERATOR, VERIFIKATOR, WALIDATA, PEMBINA = (
    "operator", "verifikator", "walidata", "pembina",
)
#: CKAN capacities in an OPD that may write its datasets' values.
WRITE_CAPACITIES = ("editor", "admin")
#: CKAN capacity in an OPD -> the role it gives there.
CAPACITY_ROLES = {"editor": OPERATOR, "admin": VERIFIKATOR}
#: Capacities in the walidata organization that make a walidata.
WALIDATA_CAPACITIES = ("editor", "admin")



def _user(user: str | model.User | None) -> model.User | None:
    """The active user ``user`` names (or is); ``None`` for anonymous,
    unknown, deleted or pending users."""
    if user is None or (isinstance(user, str) and not user):
        return None
    if isinstance(user, str):
        found = model.User.get(user)
    elif getattr(user, "is_anonymous", False):
        return None  # Flask-Login's anonymous user (often behind a proxy)
    else:
        found = user
    if found is None or getattr(found, "is_anonymous", False):
        return None
    return found if found.state == "active" else None


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


def _organization(name: str | None) -> model.Group | None:
    organization = model.Group.get(name or "") if name else None
    if organization is None or not organization.is_organization:
        return None
    return organization if organization.state == "active" else None


def capacity_in(user: str | model.User | None, organization_id: str) -> str | None:
    """The CKAN capacity (member, editor, admin) of ``user`` in an
    organization, ``None`` when they are not an active member."""
    found = _user(user)
    return _member_capacity(found, organization_id) if found else None


def is_sysadmin(user: str | model.User | None) -> bool:
    found = _user(user)
    return bool(found and found.sysadmin)


def is_walidata(user: str | model.User | None) -> bool:
    """Sysadmin, or editor/admin of the walidata organization."""
    found = _user(user)
    if found is None:
        return False
    if found.sysadmin:
        return True
    organization = _organization(walidata_organization())
    if organization is None:
        return False
    return _member_capacity(found, organization.id) in WALIDATA_CAPACITIES


def is_pembina(user: str | model.User | None) -> bool:
    """A member (any capacity) of the pembina organization."""
    found = _user(user)
    organization = _organization(pembina_organization())
    if found is None or organization is None:
        return False
    return _member_capacity(found, organization.id) is not None


def reads_all_closed_data(user: str | model.User | None) -> bool:
    """Whether ``user`` reads every active terbatas/rahasia dataset
    (walidata and pembina)."""
    return is_walidata(user) or is_pembina(user)


def can_write(user: str | model.User | None, package: model.Package) -> bool:
    """Whether ``user`` may write ``package``'s structure and values
    (operator, verifikator, walidata)."""
    found = _user(user)
    if found is None or package.state == "deleted":
        return False
    if is_walidata(found):
        return True
    if not package.owner_org:
        return False
    return _member_capacity(found, package.owner_org) in WRITE_CAPACITIES


def writable_organization_ids(user: str | model.User | None) -> list[str] | None:
    """Organizations whose datasets ``user`` fills; ``None`` means all
    (walidata)."""
    if _user(user) is None:
        return []
    if is_walidata(user):
        return None
    return organization_ids(user, *WRITE_CAPACITIES)


def organization_roles(
    user: str | model.User | None, organization_id: str | None,
) -> frozenset[str]:
    """The roles ``user`` holds in an OPD: operator or verifikator from
    their capacity there, plus walidata and pembina (portal-wide)."""
    found = _user(user)
    if found is None:
        return frozenset()
    held = set()
    if is_walidata(found):
        held.add(WALIDATA)
    if is_pembina(found):
        held.add(PEMBINA)
    if organization_id:
        role = CAPACITY_ROLES.get(_member_capacity(found, organization_id) or "")
        if role:
            held.add(role)
    return frozenset(held)


def roles_of(
    user: str | model.User | None, package: model.Package,
) -> frozenset[str]:
    """The workflow roles ``user`` holds for ``package``: operator (editor
    of its organization), verifikator (admin of it), walidata."""
    if package.state == "deleted":
        return frozenset()
    return organization_roles(user, package.owner_org) - {PEMBINA}


def main_role(user: str | model.User | None, package: model.Package) -> str | None:
    """The role a change by ``user`` is recorded under: their OPD role
    first (what they do day to day), else walidata."""
    held = roles_of(user, package)
    for role in (OPERATOR, VERIFIKATOR, WALIDATA):
        if role in held:
            return role
    return None


def organization_ids(user: str | model.User | None, *capacities: str) -> list[str]:
    """Active organizations where ``user`` has one of CKAN's
    ``capacities``."""
    found = _user(user)
    if found is None:
        return []
    rows = (
        model.Session.query(model.Member.group_id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .filter(
            model.Member.table_name == "user",
            model.Member.table_id == found.id,
            model.Member.state == "active",
            model.Member.capacity.in_(capacities),
            model.Group.is_organization.is_(True),
            model.Group.state == "active",
        )
        .all()
    )
    return [row[0] for row in rows]


def opd_ids(user: str | model.User | None, *capacities: str) -> list[str]:
    """Like :func:`organization_ids`, without the walidata and pembina
    organizations: the OPDs where ``user`` has one of ``capacities``."""
    special = {organization.id for organization in (
        _organization(walidata_organization()), _organization(pembina_organization()),
    ) if organization is not None}
    return [found for found in organization_ids(user, *capacities)
            if found not in special]


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
    """Every walidata: sysadmins and editors/admins of the walidata
    organization (people: not the site user, which creates organizations
    and so is their admin)."""
    site_user = site_id()
    users = {u.id: u for u in model.Session.query(model.User).filter(
        model.User.sysadmin.is_(True), model.User.state == "active",
    )}
    organization = _organization(walidata_organization())
    if organization is not None:
        for capacity in WALIDATA_CAPACITIES:
            for user in organization_users(organization.id, capacity):
                users[user.id] = user
    return [user for user in users.values() if user.name != site_user]


def walidata_only(context: Any, refusal: str) -> AuthResult:
    """The auth result of an action only the walidata (sysadmins included)
    may take: allowed for them, else refused with ``refusal``."""
    if is_walidata(context.get("user") or None):
        return {"success": True}
    return {"success": False, "msg": refusal}
