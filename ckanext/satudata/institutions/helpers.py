"""Template helpers of the institution accounts."""

from __future__ import annotations

from typing import Any

from ckan.common import current_user

from ckanext.satudata.institutions import api, config, registration
from ckanext.satudata.institutions.logic import schema


def get_helpers() -> dict[str, Any]:
    return {
        "satudata_institution_categories": satudata_institution_categories,
        "satudata_institution_of_current_user": satudata_institution_of_current_user,
        "satudata_institution_status_label": registration.status_label,
        "satudata_institution_max_users": lambda: schema.MAX_PEOPLE,
        "satudata_institution_min_users": lambda: schema.MIN_PEOPLE,
    }


def satudata_institution_categories() -> list[dict[str, str]]:
    """The categories for a select: value, text, domain rule."""
    domains = config.email_domains()
    return [{"value": code, "text": label,
             "domains": ", ".join(domains.get(code, []))}
            for code, label in config.categories().items()]


def satudata_institution_of_current_user() -> dict[str, Any] | None:
    if current_user.is_anonymous:
        return None
    return api.institution_of(current_user.name)
