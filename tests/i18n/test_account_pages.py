"""The account pages speak Indonesian (issue 15): login, the code page
(also with its error), the lockout message, password forms and their
errors, account security, locked accounts, the login history, staff
accounts and API tokens."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories

from tests.accounts.support import PASSWORD, csrf, post_code, post_login

from . import crawler

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_redis")


@pytest.fixture
def people() -> dict[str, Any]:
    walidata = factories.User(name="walidata", password=PASSWORD,
                              email="walidata@semarangkota.go.id")
    factories.Organization(name="diskominfo", users=[
        {"name": "walidata", "capacity": "editor"}])
    citizen = factories.User(name="warga", password=PASSWORD)
    factories.Organization(name="disdukcapil", title="Dinas Kependudukan")
    return {"walidata": walidata, "citizen": citizen}


def _untranslated(html: str) -> set[str]:
    return {msgid for text in crawler.ui_texts(html)
            if (msgid := crawler.untranslated_msgid(text)) is not None}


def test_login_code_and_lockout_pages(app, people, mailbox):
    response = post_login(app, "walidata")
    assert response.status_code == 302
    pages = {"code": app.get("/user/login/kode").get_data(as_text=True)}
    pages["wrong code"] = post_code(app, "000000").get_data(as_text=True)
    for _ in range(5):
        response = post_login(app, "warga", "Salah#Sandi2026")
    pages["locked"] = response.get_data(as_text=True)
    assert "dikunci" in pages["locked"] and "Masukkan kode masuk" in pages["code"]
    found = {name: _untranslated(html) for name, html in pages.items()}
    assert not any(found.values()), found


def test_weak_password_errors_are_indonesian(app, people):
    html = app.get("/user/register").get_data(as_text=True)
    response = app.post("/user/register", data={
        "name": "orang-baru", "fullname": "Orang Baru", "email": "baru@example.org",
        "password1": "rahasia", "password2": "rahasia", "_csrf_token": csrf(html),
    })
    body = response.get_data(as_text=True)
    assert "Kata sandi" in body
    assert not _untranslated(body)


def test_account_pages_speak_indonesian(app, people):
    from ckan import model

    from ckanext.satudata.accounts import lockout

    key = lockout.key_for(model.User.get("warga"))
    for _ in range(5):
        lockout.fail(key)
    token = factories.APIToken(user="walidata")["token"]

    def get(path: str) -> tuple[int, str]:
        response = app.get(path, headers={"Authorization": token},
                           follow_redirects=False)
        return response.status_code, response.get_data(as_text=True)

    start = [
        "/user/keamanan",
        "/akun",
        "/akun/terkunci",
        "/akun/staf",
        "/akun/aktivitas",
        "/dashboard/aktivitas-akun",
        "/akun/staf/baru",
        "/user/walidata/api-tokens",
        "/user/edit/walidata",
        "/user/keamanan/warga",
    ]
    report = crawler.crawl(get, start, limit=crawler.env_limit(40))
    assert set(start) <= set(report.pages), set(start) - set(report.pages)
    assert not report.findings, "\n".join(report.lines())
