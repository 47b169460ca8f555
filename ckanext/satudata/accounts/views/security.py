"""Pages of account security: each user's "Keamanan Akun" (second
factor, trusted devices, end every session) and the walidata's list of
locked accounts with "Buka kunci"."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, logout_user, request
from ckan.lib.helpers import helper_functions as h
from flask import Blueprint

from ckanext.satudata.accounts import config

__all__ = ["satudata_account"]

satudata_account = Blueprint("satudata_account", __name__)


def _context() -> dict[str, Any]:
    return {"user": current_user.name, "auth_user_obj": current_user}


def _call(action: str, data_dict: dict[str, Any]) -> Any:
    try:
        return tk.get_action(action)(_context(), data_dict)
    except tk.NotAuthorized:
        if not current_user.is_authenticated:
            return tk.redirect_to("user.login", next=request.path)
        return tk.abort(403, tk._("Not authorized to see this page"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("User not found"))


@satudata_account.route("/user/keamanan", defaults={"id": None})
@satudata_account.route("/user/keamanan/<id>")
def security(id: str | None) -> Any:
    """An account's security ("Keamanan Akun"): its own, or any
    (walidata)."""
    found = _call("satudata_account_security_show", {"user": id} if id else {})
    if not isinstance(found, dict):
        return found
    return tk.render("satudata/accounts/security.html", {
        "security": found,
        "is_myself": found["user"] == current_user.name,
        "remember_days": config.remember_days(),
        "idle_minutes": config.idle_seconds() // 60,
    })


def _back(id: str | None) -> Any:
    if id:
        return tk.redirect_to("satudata_account.security", id=id)
    return tk.redirect_to("satudata_account.security")


@satudata_account.route("/user/keamanan/kode", methods=["POST"])
def otp_update() -> Any:
    """Turn one's own second factor on or off."""
    wanted = request.form.get("otp_opt_in") == "1"
    done = _call("satudata_account_security_update", {"otp_opt_in": wanted})
    if not isinstance(done, dict):
        return done
    h.flash_success(tk._("A login code will be asked at every login.") if wanted
                    else tk._("A login code is no longer asked (unless your role "
                              "requires it)."))
    return _back(None)


@satudata_account.route("/user/keamanan/perangkat/cabut", methods=["POST"],
                        defaults={"id": None})
@satudata_account.route("/user/keamanan/<id>/perangkat/cabut", methods=["POST"])
def device_revoke(id: str | None) -> Any:
    """Forget one trusted device (``device_id``) or all."""
    data_dict: dict[str, Any] = {"user": id} if id else {}
    if request.form.get("device_id"):
        data_dict["device_id"] = request.form["device_id"]
    done = _call("satudata_trusted_device_revoke", data_dict)
    if not isinstance(done, dict):
        return done
    h.flash_success(tk._("The device will ask for a login code again."))
    return _back(id)


@satudata_account.route("/user/keamanan/keluar-semua", methods=["POST"],
                        defaults={"id": None})
@satudata_account.route("/user/keamanan/<id>/keluar-semua", methods=["POST"])
def sessions_end(id: str | None) -> Any:
    """Log out everywhere ("keluar dari semua perangkat")."""
    done = _call("satudata_sessions_end", {"user": id} if id else {})
    if not isinstance(done, dict):
        return done
    if done["user"] == current_user.name:
        logout_user()
        h.flash_success(tk._("You have been logged out on every device."))
        return tk.redirect_to("user.login")
    h.flash_success(tk._("Every session of this account has been ended."))
    return _back(id)


@satudata_account.route("/akun")
def hub() -> Any:
    """The walidata's account administration: staff accounts, locked
    accounts, the login history."""
    found = _call("satudata_locked_account_list", {})
    if not isinstance(found, list):
        return found
    return tk.render("satudata/accounts/hub.html", {"locked_count": len(found)})


@satudata_account.route("/akun/terkunci")
def locked() -> Any:
    """Accounts locked now (walidata), each with "Buka kunci"."""
    found = _call("satudata_locked_account_list", {})
    if not isinstance(found, list):
        return found
    return tk.render("satudata/accounts/locked.html", {
        "accounts": found,
        "attempts": config.lockout_attempts(),
        "minutes": config.lockout_seconds() // 60,
    })


@satudata_account.route("/akun/terkunci/<id>/buka", methods=["POST"])
def unlock(id: str) -> Any:
    done = _call("satudata_account_unlock", {"id": id})
    if not isinstance(done, dict):
        return done
    h.flash_success(tk._("Account {name} is unlocked.").format(name=done["user"]))
    return tk.redirect_to("satudata_account.locked")
