"""Template helpers of the accounts plugin."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user

from ckanext.satudata import roles

__all__: list[str] = [
    "satudata_account_is_walidata",
    "satudata_account_recent_activity",
    "satudata_api_token_max_days",
    "satudata_password_rules",
    "satudata_staff_assignments",
    "satudata_staff_letter_max_kb",
]


def satudata_account_is_walidata() -> bool:
    """Whether the logged-in user is walidata (the account pages' links)."""
    return bool(current_user.is_authenticated and roles.is_walidata(current_user.name))


def satudata_account_recent_activity(limit: int = 5) -> list[dict[str, Any]]:
    """The logged-in user's last ``limit`` login-history events (the
    dashboard's "Aktivitas Pengguna" block); none for anonymous."""
    if not current_user.is_authenticated:
        return []
    found = tk.get_action("satudata_login_history_list")(
        {"user": current_user.name}, {"user": current_user.id, "limit": limit})
    return found["items"]


def satudata_password_rules() -> str:
    """The password rules in one sentence (the hint on the forms that set
    a password)."""
    from ckanext.satudata.accounts import passwords

    return passwords.rules_hint()


def satudata_api_token_max_days() -> int:
    """Longest validity of a new API token in days (0: no cap)."""
    from ckanext.satudata.accounts import config

    return config.api_token_max_days()


def satudata_staff_assignments(organization_id: str) -> dict[str, dict[str, Any]]:
    """The newest assignment letter of each member of an OPD, by user id,
    for the walidata (the members page's "Surat tugas" links); empty for
    anyone else."""
    if not satudata_account_is_walidata():
        return {}
    from ckanext.satudata.accounts import staff

    return staff.latest_by_user(organization_id)


def satudata_staff_letter_max_kb() -> int:
    """Largest assignment letter accepted, in kilobytes."""
    from ckanext.satudata.accounts import config

    return config.staff_letter_max_bytes() // 1024
