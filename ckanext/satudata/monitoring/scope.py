"""Who sees which OPDs' figures: the walidata and the pembina every OPD,
an OPD's operators and verifikator their own OPD(s); nobody else any."""

from __future__ import annotations

from ckan import model

from ckanext.satudata import roles

STAFF_CAPACITIES = ("editor", "admin")


def sees_all(user: str | None) -> bool:
    return bool(user) and (roles.is_walidata(user) or roles.is_pembina(user))


def organizations_of(user: str | None) -> list[str] | None:
    """The OPD ids ``user`` may see (``None``: all of them; an empty list:
    none)."""
    if not user:
        return []
    if sees_all(user):
        return None
    return roles.opd_ids(user, *STAFF_CAPACITIES)


def may_see(user: str | None, organization_id: str) -> bool:
    visible = organizations_of(user)
    return visible is None or organization_id in visible


def organization(ref: str) -> model.Group | None:
    """The active organization ``ref`` (id or name) names."""
    found = model.Group.get(ref)
    if found is None or not found.is_organization or found.state != "active":
        return None
    return found
