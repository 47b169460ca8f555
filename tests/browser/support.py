"""Helpers of the browser tests (their fixtures are in conftest.py)."""

from __future__ import annotations

#: Password given to the users of the browser tests.
PASSWORD = "SatuData#2026"


def log_in(page, portal: str, user: str) -> None:
    """Log ``user`` in through the real login form (CSRF token included)."""
    page.goto(portal + "/user/login")
    page.fill("#field-login", user)
    page.fill("#field-password", PASSWORD)
    page.locator("form:has(#field-login) button[type=submit]").click()
    page.wait_for_url(lambda url: "/user/login" not in url)
