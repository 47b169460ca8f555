"""Logging in with an e-mailed code, as people click through it: a
verifikator locks their account with wrong passwords, the walidata logs
in with the code (a wrong one first, then the right one, remembering the
device), unlocks the verifikator on "Akun terkunci", and the verifikator
gets in with their own code; the walidata's remembered browser needs no
code the next time."""

from __future__ import annotations

import pytest
from ckan.tests import factories

from .support import PASSWORD, log_in, login_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_redis"),
]


@pytest.fixture
def accounts() -> None:
    for name in ("verifikator", "walidata"):
        factories.User(name=name, password=PASSWORD, email=f"{name}@semarangkota.go.id")
    factories.Organization(name="diskominfo", users=[
        {"name": "walidata", "capacity": "editor"}])
    factories.Organization(name="disdukcapil", users=[
        {"name": "verifikator", "capacity": "admin"}])


def _submit_password(page, portal: str, login: str, password: str) -> None:
    page.goto(portal + "/user/login")
    page.fill("#field-login", login)
    page.fill("#field-password", password)
    page.locator("form:has(#field-login) button[type=submit]").click()


def test_code_login_lockout_and_unlock(live_portal, page, accounts) -> None:
    for _ in range(5):
        _submit_password(page, live_portal, "verifikator", "Salah#Sandi2026")
    assert "akun ini dikunci selama 15 menit" in page.content()
    _submit_password(page, live_portal, "verifikator", PASSWORD)
    assert "akun ini dikunci" in page.content()  # the right password too

    # the walidata: password, then a wrong code, then the right one
    _submit_password(page, live_portal, "walidata", PASSWORD)
    page.wait_for_url("**/user/login/kode")
    assert "Masukkan kode masuk" in page.content()
    code = login_code("walidata")
    page.fill("#field-code", f"{(int(code) + 1) % 1_000_000:06d}")
    page.locator("#satudata-code-form button[type=submit]").click()
    assert "Kode salah. Anda dapat mencoba 4 kali lagi." in page.content()
    page.fill("#field-code", code)
    page.check("#field-remember-device")
    page.locator("#satudata-code-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/user/login" not in url)

    page.goto(live_portal + "/akun/terkunci")
    assert "verifikator" in page.content()
    page.locator("form[action*='/buka'] button").click()
    assert "Kunci akun verifikator telah dibuka." in page.content()
    assert page.locator("#no-locked").is_visible()

    # the walidata's browser is remembered: no code next time
    page.goto(live_portal + "/user/_logout")
    _submit_password(page, live_portal, "walidata", PASSWORD)
    page.wait_for_url(lambda url: "/user/login" not in url)
    page.goto(live_portal + "/user/keamanan")
    assert "Perangkat tepercaya" in page.content()
    assert page.locator("form[action*='perangkat/cabut']").count() == 1

    # the verifikator gets in again, with their own code
    page.goto(live_portal + "/user/_logout")
    log_in(page, live_portal, "verifikator")
    page.goto(live_portal + "/user/keamanan")
    assert "Wajib untuk peran Anda" in page.content()
