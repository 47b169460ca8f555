"""Who may do what with change requests (the auth functions ask here).

- the producer — operator or verifikator of the dataset's OPD — makes a
  request, uploads its signed document and deletes it until it is approved;
- the walidata approve or reject it;
- the producer, the walidata and the pembina (oversight, read only) read
  it and its documents; nobody else.
"""

from __future__ import annotations

from typing import Any

from ckan import model

from ckanext.satudata import roles

PRODUCER_ROLES = frozenset({roles.OPERATOR, roles.VERIFIKATOR})


def _organization_roles(user: str | None, organization_id: str | None
                        ) -> frozenset[str]:
    return roles.organization_roles(user, organization_id) if user else frozenset()


def is_producer(user: str | None, organization_id: str | None) -> bool:
    return bool(_organization_roles(user, organization_id) & PRODUCER_ROLES)


def produces(user: str | None, package: model.Package) -> bool:
    """Whether ``user`` may propose changes to ``package``'s values."""
    return package.state == "active" and is_producer(user, package.owner_org)


def is_reviewer(user: str | None) -> bool:
    return bool(user) and roles.is_walidata(user)


def reads_all(user: str | None) -> bool:
    return bool(user) and (roles.is_walidata(user) or roles.is_pembina(user))


def may_read(user: str | None, request: dict[str, Any]) -> bool:
    return reads_all(user) or is_producer(user, request["organization_id"])


def readable_organizations(user: str | None) -> list[str] | None:
    """The OPDs whose requests ``user`` reads (``None``: all)."""
    if reads_all(user):
        return None
    return roles.opd_ids(user, "editor", "admin") if user else []


def role_of(user: str | None, organization_id: str | None) -> str:
    """The role a step by ``user`` is recorded under."""
    held = _organization_roles(user, organization_id)
    for role in (roles.OPERATOR, roles.VERIFIKATOR, roles.WALIDATA):
        if role in held:
            return role
    return ""
