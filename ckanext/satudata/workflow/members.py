"""Organization roles in the workflow's terms.

CKAN's capacities of an OPD are the workflow's roles: ``editor`` is the
operator (fills and submits), ``admin`` the verifikator (verifies or
returns, and manages the members), ``member`` only reads. In the walidata
organization ``editor`` and ``admin`` are walidata (``roles.is_walidata``);
a ``member`` there only reads, like anywhere else.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import roles
from ckanext.satudata.messages import N_

CAPACITY_LABELS = {
    "admin": N_("Verifikator (Admin)"),
    "editor": N_("Operator (Editor)"),
    "member": N_("Member (read only)"),
}
WALIDATA_LABELS = {
    "admin": N_("Walidata (Admin)"),
    "editor": N_("Walidata (Editor)"),
    "member": N_("Member (read only, not walidata)"),
}


def is_walidata_organization(name_or_id: str | None) -> bool:
    """Whether the organization is the configured walidata organization."""
    organization = model.Group.get(name_or_id or "")
    return bool(
        organization is not None and organization.is_organization
        and organization.name == roles.walidata_organization()
    )


def capacity_label(capacity: str, walidata: bool = False) -> str:
    """The role a CKAN capacity stands for, in the user's language."""
    labels = WALIDATA_LABELS if walidata else CAPACITY_LABELS
    return tk._(labels[capacity]) if capacity in labels else capacity
