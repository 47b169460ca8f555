"""Typed access to the options the accounts plugin (``satudata_accounts``)
reads, declared in ``accounts/config_declaration.yaml``."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def _int(key: str) -> int:
    return max(int(tk.config[key]), 0)


def otp_required_roles() -> set[str]:
    listed = tk.config["ckanext.satudata.otp.required_roles"]
    if isinstance(listed, str):
        listed = listed.replace(",", " ").split()
    return {str(role).strip() for role in listed if str(role).strip()}


def otp_code_seconds() -> int:
    return max(_int("ckanext.satudata.otp.code_minutes"), 1) * 60


def otp_attempts() -> int:
    return max(_int("ckanext.satudata.otp.attempts"), 1)


def otp_resend_seconds() -> int:
    return _int("ckanext.satudata.otp.resend_seconds")


def otp_codes_per_hour() -> int:
    return max(_int("ckanext.satudata.otp.codes_per_hour"), 1)


def remember_days() -> int:
    return _int("ckanext.satudata.otp.remember_days")


def lockout_attempts() -> int:
    return max(_int("ckanext.satudata.lockout.attempts"), 1)


def lockout_seconds() -> int:
    return max(_int("ckanext.satudata.lockout.minutes"), 1) * 60


def throttle_window_seconds() -> int:
    return max(_int("ckanext.satudata.throttle.window_minutes"), 1) * 60


def throttle_limit(kind: str) -> int:
    """Requests of ``kind`` (login, code, reset, register) one IP address
    may make per window."""
    return max(_int(f"ckanext.satudata.throttle.{kind}"), 1)


def resets_per_account_hour() -> int:
    return max(_int("ckanext.satudata.reset.per_account_hour"), 1)


def idle_seconds() -> int:
    return _int("ckanext.satudata.session.idle_minutes") * 60


def login_history_days() -> int:
    return max(_int("ckanext.satudata.login_history_days"), 1)


def api_token_max_days() -> int:
    return _int("ckanext.satudata.api_token.max_days")


def password_min_length() -> int:
    return max(_int("ckanext.satudata.password.min_length"), 8)


def password_min_score() -> int:
    return min(_int("ckanext.satudata.password.min_score"), 4)


def staff_letter_max_bytes() -> int:
    return max(_int("ckanext.satudata.staff_letter_max_kb"), 1) * 1024
