"""Helpers of the account tests: the real login form, codes read from
the real SMTP server (the ``mailbox`` fixture)."""

from __future__ import annotations

import re
from typing import Any

#: A password that satisfies the password rules.
PASSWORD = "SatuData#2026"

LOGIN = "/user/login"
CODE = "/user/login/kode"
RESEND = "/user/login/kode/kirim-ulang"


def csrf(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def post_login(app: Any, login: str, password: str = PASSWORD) -> Any:
    """Submit the login form (with its CSRF token); the response, not
    followed."""
    token = csrf(app.get(LOGIN).get_data(as_text=True))
    return app.post(LOGIN, data={"login": login, "password": password,
                                 "_csrf_token": token}, follow_redirects=False)


def post_code(app: Any, code: str, remember: bool = False) -> Any:
    token = csrf(app.get(CODE).get_data(as_text=True))
    data = {"code": code, "_csrf_token": token}
    if remember:
        data["remember_device"] = "1"
    return app.post(CODE, data=data, follow_redirects=False)


def post_resend(app: Any) -> Any:
    token = csrf(app.get(CODE).get_data(as_text=True))
    return app.post(RESEND, data={"_csrf_token": token}, follow_redirects=False)


def codes(mailbox: Any, email: str) -> list[str]:
    """The login codes e-mailed to ``email``, oldest first."""
    found = []
    for message in mailbox.to(email):
        match = re.search(r"^\s+(\d{6})\s*$", mailbox.text(message), re.M)
        if match:
            found.append(match.group(1))
    return found


def logged_in(app: Any) -> bool:
    """Whether the client's session is logged in (its own security page
    opens instead of sending to the login page)."""
    response = app.get("/user/keamanan", follow_redirects=False)
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


def wrong(code: str) -> str:
    """A 6-digit code other than ``code``."""
    return f"{(int(code) + 1) % 1_000_000:06d}"
