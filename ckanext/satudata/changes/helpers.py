"""Template helpers of the change requests."""

from __future__ import annotations

from typing import Any

from ckan import model
from ckan.common import current_user

from ckanext.satudata.changes import access, statuses, store

__all__ = [
    "satudata_can_request_change",
    "satudata_change_request_count",
    "satudata_change_status_label",
    "satudata_revised_periods",
]


def _user() -> str | None:
    return None if current_user.is_anonymous else current_user.name


def satudata_revised_periods(package_id: str) -> dict[str, Any]:
    """``{period: when it was last revised}`` of a dataset ("Direvisi")."""
    return store.revised_periods(package_id)


def satudata_can_request_change(package_id: str) -> bool:
    """Whether the current user may ask to change the dataset's published values."""
    package = model.Package.get(package_id)
    return bool(package) and access.produces(_user(), package)


def satudata_change_request_count() -> int:
    """What waits for the current user: requests waiting for approval
    (walidata), or their OPDs' requests waiting for a signed document or
    rejected (producers)."""
    user = _user()
    if not user:
        return 0
    if access.is_reviewer(user):
        return store.search(status=statuses.WAITING_APPROVAL, limit=0)[0]
    readable = access.readable_organizations(user)
    if not readable:
        return 0
    return sum(store.search(organization_ids=readable, status=status, limit=0)[0]
               for status in (statuses.WAITING_UPLOAD, statuses.REJECTED))


def satudata_change_status_label(status: str) -> str:
    return statuses.label(status)
