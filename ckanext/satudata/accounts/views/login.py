"""Pages of the login's second step (the code page) and of each user's
account security ("Keamanan Akun": second factor, trusted devices, end
every session)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.common import current_user, request
from ckan.lib.helpers import helper_functions as h
from flask import Blueprint

from ckanext.satudata.accounts import (
    config,
    devices,
    history,
    lockout,
    login,
    otp,
    throttle,
)

__all__ = ["satudata_login"]

satudata_login = Blueprint("satudata_login", __name__)


def _code_page(user: Any, error: str | None = None, status: int = 200) -> Any:
    return tk.render("satudata/accounts/code.html", {
        "error": error,
        "email_hint": _masked(user.email or ""),
        "cooldown": otp.cooldown_left(user.id),
        "minutes": config.otp_code_seconds() // 60,
        "remember_days": config.remember_days(),
    }), status


def _masked(email: str) -> str:
    """``budi.santoso@semarangkota.go.id`` → ``bu***@semarangkota.go.id``."""
    name, _, domain = email.partition("@")
    return f"{name[:2]}***@{domain}" if domain else ""


def _to_login(message: str | None = None) -> Any:
    if message:
        h.flash_error(message)
    return tk.redirect_to("user.login")


def _refused(user: Any) -> Any:
    """The answer when this address sent too many codes or the account
    is locked (the pending login ends), else ``None``."""
    if not throttle.hit("code"):
        return _code_page(user, login.throttled_message(throttle.minutes_left("code")),
                          429)
    key = lockout.key_for(user)
    if lockout.seconds_left(key):
        login.cancel()
        return _to_login(login.locked_message(lockout.minutes_left(key)))
    return None


@satudata_login.route("/user/login/kode", methods=["GET", "POST"])
def code() -> Any:
    """Enter the code e-mailed after the password."""
    if current_user.is_authenticated:
        return h.redirect_to("dashboard.index")
    user = login.pending_user()
    if user is None:
        return _to_login(tk._("Your login has expired. Please log in again."))
    if request.method == "GET":
        return _code_page(user)
    refused = _refused(user)
    if refused is not None:
        return refused
    outcome, left = otp.verify(user.id, request.form.get("code") or "")
    if outcome == "ok":
        remember = (bool(request.form.get("remember_device"))
                    and config.remember_days() > 0)
        response = login.complete(user, login.pending_next(), "password and code")
        if remember:
            devices.remember(response, user.id)
            tk.h.flash_success(tk._("This device will not ask for a code for {days} "
                                    "days.").format(days=config.remember_days()))
        model.Session.commit()
        return response
    locked = False
    key = lockout.key_for(user)
    if outcome in ("wrong", "used_up"):
        locked = lockout.fail(key)
        history.record("code_failed", "failure", user.id, detail={"reason": outcome})
        if locked:
            history.record("lockout", "info", user.id)
        model.Session.commit()
    if locked:
        login.cancel()
        return _to_login(login.locked_message(lockout.minutes_left(key)))
    messages = {
        "wrong": tk._("Wrong code. You can try {left} more times.").format(left=left),
        "used_up": tk._("Too many wrong codes: this code no longer works. Ask for "
                        "a new code."),
        "expired": tk._("The code has expired. Ask for a new code."),
        "missing": tk._("No valid code. Ask for a new code."),
    }
    return _code_page(user, messages[outcome], 400)


@satudata_login.route("/user/login/kode/kirim-ulang", methods=["POST"])
def resend() -> Any:
    """Send a new code ("kirim ulang"), after the cooldown."""
    user = login.pending_user()
    if user is None:
        return _to_login(tk._("Your login has expired. Please log in again."))
    refused = _refused(user)
    if refused is not None:
        return refused
    outcome = login.send_code(user)
    if outcome == "cooldown":
        return _code_page(user, tk._("Wait {seconds} seconds before asking for a new "
                                     "code.").format(seconds=otp.cooldown_left(user.id)),
                          429)
    if outcome == "too_many":
        return _code_page(user, tk._("Too many codes were sent to this account. Try "
                                     "again in an hour."), 429)
    if outcome == "failed":
        return _code_page(user, tk._("The login code could not be sent. Try again "
                                     "later, or contact the walidata."), 503)
    h.flash_success(tk._("A new code has been sent."))
    return tk.redirect_to("satudata_login.code")


@satudata_login.route("/user/login/batal", methods=["POST"])
def cancel() -> Any:
    """Give up the pending login."""
    login.cancel()
    return tk.redirect_to("user.login")
