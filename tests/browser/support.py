"""Helpers of the browser tests (their fixtures are in conftest.py)."""

from __future__ import annotations

#: Password given to the users of the browser tests.
PASSWORD = "SatuData#2026"


#: The SMTP server the live portal sends to (set by the ``live_portal``
#: fixture): walidata, verifikator and pembina get their login code there.
MAILBOX: list = []


def log_in(page, portal: str, user: str) -> None:
    """Log ``user`` in through the real login form (CSRF token included),
    and with the code e-mailed to them when their role needs one."""
    page.goto(portal + "/user/login")
    page.fill("#field-login", user)
    page.fill("#field-password", PASSWORD)
    page.locator("form:has(#field-login) button[type=submit]").click()
    page.wait_for_url(lambda url: not url.rstrip("/").endswith("/user/login"))
    if "/user/login/kode" in page.url:
        page.fill("#field-code", login_code(user))
        page.locator("#satudata-code-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/user/login" not in url)


def login_code(user: str) -> str:
    """The last login code e-mailed to ``user``."""
    import re

    from ckan import model

    email = model.User.get(user).email
    mailbox = MAILBOX[0]
    for message in reversed(mailbox.to(email)):
        found = re.search(r"^\s+(\d{6})\s*$", mailbox.text(message), re.M)
        if found:
            return found.group(1)
    raise AssertionError(f"no login code was e-mailed to {email}")
