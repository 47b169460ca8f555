"""Template helpers of the accounts plugin."""

from __future__ import annotations

from ckan.common import current_user

from ckanext.satudata import roles

__all__: list[str] = ["satudata_account_is_walidata"]


def satudata_account_is_walidata() -> bool:
    """Whether the logged-in user is walidata (the account pages' links)."""
    return bool(current_user.is_authenticated and roles.is_walidata(current_user.name))
