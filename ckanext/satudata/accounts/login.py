"""The login: password, then (where required) a code e-mailed to the
account; lockout and per-IP throttling; session checks on every request.

Called from the plugin's ``IAuthenticator`` methods and the code page
(:mod:`.views.login`). The pending user between password and code is kept
in the session (``satudata_pending``), not logged in; the code itself is
only in the e-mail (:mod:`.otp`).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import ckan.lib.authenticator as authenticator
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.common import current_user, g, login_user, logout_user, request, session
from ckan.lib.helpers import helper_functions as h
from ckan.views.user import next_page_or_default, regenerate_session, rotate_token
from flask import Response

from ckanext.satudata import mail
from ckanext.satudata.accounts import (
    config,
    devices,
    history,
    lockout,
    otp,
    policy,
    sessions,
    throttle,
)

log = logging.getLogger(__name__)
PENDING = "satudata_pending"
PENDING_SECONDS = 15 * 60  # password → code
LOGIN_TEMPLATE = "user/login.html"


# -- messages ----------------------------------------------------------------

def locked_message(minutes: int) -> str:
    return tk._(
        "Too many failed attempts: for your security this account is locked "
        "for {minutes} minutes. Try again later, or ask the walidata to "
        "unlock it."
    ).format(minutes=minutes)


def throttled_message(minutes: int) -> str:
    return tk._(
        "Too many attempts from your network. Try again in {minutes} minutes."
    ).format(minutes=minutes)


def failed_message() -> str:
    return tk._("Login failed. Wrong username, e-mail address or password.")


# -- helpers -----------------------------------------------------------------

def find_user(typed: str) -> model.User | None:
    """The active account a typed login names (its name or e-mail)."""
    if not typed:
        return None
    user = model.User.by_name(typed)
    if user is None and "@" in typed:
        user = model.User.by_email(typed)
    if user is not None and user.is_active:
        return user
    return None


def _next() -> str | None:
    target = request.args.get("next") or request.args.get("came_from")
    return target if target and h.url_is_local(target) else None


def _login_page(status: int = 200) -> tuple[str, int]:
    return tk.render(LOGIN_TEMPLATE, {}), status


def send_code(user: model.User, resend: bool = True) -> str:
    """Issue and e-mail a login code to ``user``; ``sent``, ``cooldown``
    (the last code was sent moments ago; after a password it still works),
    ``too_many`` or ``failed`` (the mail server refused)."""
    try:
        code = otp.issue(user.id, resend=resend)
    except otp.Cooldown:
        return "cooldown"
    except otp.TooMany:
        history.record("code_sent", "failure", user.id,
                       detail={"reason": "hourly limit"}, commit=True)
        return "too_many"
    sent = mail.send(user.email, user.display_name,
                     "satudata/accounts/emails/login_code.txt", {
                         "user_name": user.display_name, "code": code,
                         "minutes": config.otp_code_seconds() // 60,
                     })
    if not sent:
        otp.discard(user.id)
    history.record("code_sent", "success" if sent else "failure", user.id,
                   commit=True)
    return "sent" if sent else "failed"


def complete(user: model.User, target: str | None, method: str) -> Response:
    """Log ``user`` in: a new session, CKAN's login, a new CSRF token, our
    stamp; the failures in a row are forgotten."""
    session.pop(PENDING, None)
    regenerate_session()
    login_user(user)
    rotate_token()
    sessions.stamp(policy.is_staff(user))
    lockout.succeed(lockout.key_for(user))
    history.record("login", "success", user.id, detail={"method": method})
    model.Session.commit()
    return next_page_or_default(target)


# -- IAuthenticator.login ------------------------------------------------------

def login() -> Any:
    """The login form's POST (the GET is core's page)."""
    if request.method != "POST" or current_user.is_authenticated:
        return None
    typed = (request.form.get("login") or "").strip()
    password = request.form.get("password") or ""
    if not throttle.hit("login"):
        history.record("login_failed", "failure", None, typed,
                       {"reason": "throttled"}, commit=True)
        h.flash_error(throttled_message(throttle.minutes_left("login")))
        return _login_page(429)
    user = find_user(typed)
    key = lockout.key_for(user, typed)
    if lockout.seconds_left(key):
        history.record("login_failed", "failure", user.id if user else None, typed,
                       {"reason": "locked"}, commit=True)
        h.flash_error(locked_message(lockout.minutes_left(key)))
        return _login_page()
    checked = authenticator.ckan_authenticator({"login": typed, "password": password})
    if not isinstance(checked, model.User) or not checked.is_active or (
            user is not None and checked.id != user.id):
        locked = lockout.fail(key)
        history.record("login_failed", "failure", user.id if user else None, typed,
                       {"reason": "password"})
        if locked:
            history.record("lockout", "info", user.id if user else None, typed)
        model.Session.commit()
        h.flash_error(locked_message(lockout.minutes_left(key)) if locked
                      else failed_message())
        return _login_page()
    user = checked
    target = _next()
    if not policy.otp_required(user):
        return complete(user, target, "password")
    if devices.trusted(user.id):
        return complete(user, target, "trusted device")
    regenerate_session()
    session[PENDING] = {"user": user.id, "at": time.time(), "next": target}
    outcome = send_code(user, resend=False)
    if outcome == "failed":
        h.flash_error(tk._("The login code could not be sent. Try again later, "
                           "or contact the walidata."))
    elif outcome == "too_many":
        h.flash_error(tk._("Too many codes were sent to this account. Try "
                           "again in an hour."))
    return tk.redirect_to("satudata_login.code")


def pending_user() -> model.User | None:
    """The user who gave the right password and has a code to enter."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("at") or 0) > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None
    user = model.User.get(str(pending.get("user") or ""))
    if user is None or not user.is_active:
        session.pop(PENDING, None)
        return None
    return user


def pending_next() -> str | None:
    pending = session.get(PENDING) or {}
    return pending.get("next") if isinstance(pending, dict) else None


def cancel() -> None:
    user = pending_user()
    session.pop(PENDING, None)
    if user is not None:
        otp.discard(user.id)


# -- IAuthenticator.identify ---------------------------------------------------

_THROTTLED_POSTS = {"user.register": "register", "user.request_reset": "reset"}


def identify() -> Response | None:
    """Every request: per-IP limits on registration and password resets,
    and the end of sessions that were ended elsewhere or sat idle."""
    if request.method == "POST" and request.endpoint in _THROTTLED_POSTS:
        kind = _THROTTLED_POSTS[request.endpoint]
        if not throttle.hit(kind):
            h.flash_error(throttled_message(throttle.minutes_left(kind)))
            return tk.redirect_to(request.endpoint)
    if not current_user.is_authenticated or g.get("login_via_auth_header"):
        return None  # anonymous, or an API token: no session to check
    if "_user_id" not in session:
        return None
    reason = sessions.void_reason(current_user.id, config.idle_seconds())
    if reason is None:
        return None
    user_id = current_user.id
    logout_user()
    session.pop(sessions.LOGIN_AT, None)
    g.user, g.userobj = "", None
    history.record("logout", "info", user_id, detail={"reason": reason}, commit=True)
    if (request.endpoint or "").startswith("api."):
        return None  # the call goes on as anonymous
    h.flash_notice(
        tk._("Your session ended because it was inactive for too long. Please "
             "log in again.") if reason == "idle" else
        tk._("Your session was ended. Please log in again."))
    return tk.redirect_to("user.login", next=request.full_path.rstrip("?"))


def logout() -> None:
    """Record the logout (core's view does the rest)."""
    if current_user.is_authenticated:
        history.record("logout", "success", current_user.id, commit=True)
    return None
