"""Schemas of the accounts plugin's actions."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema

_ = tk.get_validator


def account_ref() -> Schema:
    """An account by id or name (default: the caller)."""
    return {"user": [_("ignore_missing"), _("unicode_safe")]}


def account_unlock() -> Schema:
    return {"id": [_("not_empty"), _("unicode_safe")]}


def account_security_update() -> Schema:
    return {"otp_opt_in": [_("not_missing"), _("boolean_validator")]}


def trusted_device_revoke() -> Schema:
    return {
        "user": [_("ignore_missing"), _("unicode_safe")],
        "device_id": [_("ignore_missing"), _("unicode_safe")],
    }
