"""Login with an e-mailed code, lockout, throttling, trusted devices and
session ends (issue 15, items 1, 2 and 8), through the real pages, with
the codes read from a real SMTP server."""

from __future__ import annotations

from typing import Any

import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.satudata.accounts import keys, otp
from ckanext.satudata.accounts.model import login_event_table
from tests.accounts.support import (
    CODE,
    PASSWORD,
    codes,
    logged_in,
    post_code,
    post_login,
    post_resend,
    wrong,
)

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_redis")


@pytest.fixture
def walidata() -> dict[str, Any]:
    user = factories.User(name="wali", email="wali@semarangkota.go.id",
                          password=PASSWORD, fullname="Wali Data")
    factories.Organization(name="diskominfo", users=[
        {"name": user["name"], "capacity": "editor"}])
    return user


@pytest.fixture
def citizen() -> dict[str, Any]:
    return factories.User(name="warga", email="warga@example.org", password=PASSWORD)


def _events(user_id: str | None = None) -> list[tuple[str, str]]:
    import sqlalchemy as sa

    query = sa.select(login_event_table.c.kind, login_event_table.c.outcome)
    if user_id:
        query = query.where(login_event_table.c.user_id == user_id)
    return [tuple(row) for row in model.Session.execute(
        query.order_by(login_event_table.c.created))]


def _page(app: Any, path: str) -> str:
    return app.get(path).get_data(as_text=True)


def _code_step(app: Any, mailbox: Any, user: dict[str, Any]) -> str:
    response = post_login(app, user["name"])
    assert response.status_code == 302 and response.location.endswith(CODE)
    found = codes(mailbox, user["email"])
    assert len(found) == 1
    return found[-1]


def test_walidata_needs_the_emailed_code(app, mailbox, walidata):
    response = post_login(app, walidata["name"])
    assert response.status_code == 302 and response.location.endswith(CODE)
    assert not logged_in(app)  # the password alone is not a login
    [message] = mailbox.to(walidata["email"])
    assert message["Subject"].startswith("Kode masuk")
    [code] = codes(mailbox, walidata["email"])
    assert code not in message["Subject"]  # not shown in a notification preview
    page = _page(app, CODE)
    assert "Masukkan kode masuk" in page and "wa***@semarangkota.go.id" in page
    assert code not in page
    response = post_code(app, code)
    assert response.status_code == 302
    assert logged_in(app)
    assert _events(walidata["id"]) == [("code_sent", "success"), ("login", "success")]
    # a code works once
    app.get("/user/_logout")
    post_login(app, walidata["name"])
    assert post_code(app, code).status_code == 400


def test_the_email_address_logs_in_too(app, mailbox, walidata):
    response = post_login(app, walidata["email"])
    assert response.location.endswith(CODE)
    post_code(app, codes(mailbox, walidata["email"])[-1])
    assert logged_in(app)


def test_wrong_then_right_code(app, mailbox, walidata):
    code = _code_step(app, mailbox, walidata)
    response = post_code(app, wrong(code))
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Kode salah. Anda dapat mencoba 4 kali lagi." in body
    assert not logged_in(app)
    assert post_code(app, code).status_code == 302
    assert logged_in(app)
    assert ("code_failed", "failure") in _events(walidata["id"])


def test_an_expired_code_is_refused(app, mailbox, walidata):
    code = _code_step(app, mailbox, walidata)
    keys.redis().hset(keys.key("otp", walidata["id"]), "expires", 1)  # long ago
    response = post_code(app, code)
    assert response.status_code == 400
    assert "Kode sudah kedaluwarsa" in response.get_data(as_text=True)
    assert not logged_in(app)


def test_resend_has_a_cooldown_and_replaces_the_code(app, mailbox, walidata,
                                                     ckan_config, monkeypatch):
    first = _code_step(app, mailbox, walidata)
    response = post_resend(app)
    assert response.status_code == 429
    assert "Tunggu" in response.get_data(as_text=True)
    assert len(codes(mailbox, walidata["email"])) == 1
    monkeypatch.setitem(ckan_config, "ckanext.satudata.otp.resend_seconds", 0)
    response = post_resend(app)
    assert response.status_code == 302
    found = codes(mailbox, walidata["email"])
    assert len(found) == 2
    if found[1] != first:  # one chance in a million they are equal
        assert post_code(app, first).status_code == 400
    assert post_code(app, found[1]).status_code == 302


def test_the_code_page_needs_a_password_first(app):
    response = app.get(CODE, follow_redirects=False)
    assert response.status_code == 302 and "/user/login" in response.location


@pytest.mark.ckan_config("ckanext.satudata.lockout.attempts", "5")
def test_five_wrong_codes_lock_the_account_until_walidata_unlocks(
        app, mailbox, walidata):
    code = _code_step(app, mailbox, walidata)
    for _ in range(4):
        assert post_code(app, wrong(code)).status_code == 400
    response = post_code(app, wrong(code))
    assert response.status_code == 302  # back to the login page
    locked = _page(app, "/user/login")
    assert "akun ini dikunci" in locked
    # the right password (by name or by e-mail) does not get in either
    for login in (walidata["name"], walidata["email"]):
        response = post_login(app, login)
        assert response.status_code == 200
        assert "akun ini dikunci" in response.get_data(as_text=True)
    assert len(codes(mailbox, walidata["email"])) == 1  # no code while locked
    assert ("lockout", "info") in _events(walidata["id"])
    # another walidata unlocks it
    other = factories.Sysadmin()
    helpers.call_action("satudata_account_unlock", {"user": other["name"]},
                        id=walidata["name"])
    response = post_login(app, walidata["name"])
    assert response.location.endswith(CODE)
    assert post_code(app, codes(mailbox, walidata["email"])[-1]).status_code == 302
    assert logged_in(app)


def test_five_failed_passwords_lock_name_and_email_alike(app, citizen):
    for _ in range(4):
        response = post_login(app, citizen["name"], "Salah#Sandi99")
        assert "Login gagal" in response.get_data(as_text=True)
    response = post_login(app, citizen["email"], "Salah#Sandi99")  # the 5th
    assert "akun ini dikunci" in response.get_data(as_text=True)
    for login in (citizen["name"], citizen["email"]):
        response = post_login(app, login)  # right password
        assert "akun ini dikunci" in response.get_data(as_text=True)
        assert not logged_in(app)


def test_an_unknown_login_is_answered_like_a_real_one(app, citizen):
    """Nothing tells whether an account exists: the same messages, after
    the same number of attempts."""
    answers = {}
    for login in (citizen["name"], "tidak-ada"):
        seen = []
        for _ in range(6):
            body = post_login(app, login, "Salah#Sandi99").get_data(as_text=True)
            seen.append("akun ini dikunci" in body)
        answers[login] = seen
    assert answers[citizen["name"]] == answers["tidak-ada"] == [
        False, False, False, False, True, True]


@pytest.mark.ckan_config("ckanext.satudata.throttle.login", "3")
def test_login_attempts_are_throttled_per_address(app, citizen):
    for _ in range(3):
        assert post_login(app, citizen["name"], "Salah#Sandi99").status_code == 200
    response = post_login(app, citizen["name"])
    assert response.status_code == 429
    assert "Terlalu banyak percobaan dari jaringan Anda" in response.get_data(
        as_text=True)
    assert not logged_in(app)


@pytest.mark.ckan_config("ckanext.satudata.throttle.code", "2")
def test_code_entries_are_throttled_per_address(app, mailbox, walidata):
    code = _code_step(app, mailbox, walidata)
    post_code(app, wrong(code))
    post_code(app, wrong(code))
    assert post_code(app, code).status_code == 429


def test_a_citizen_logs_in_with_the_password_alone(app, citizen, mailbox):
    response = post_login(app, citizen["name"])
    assert response.status_code == 302 and not response.location.endswith(CODE)
    assert logged_in(app)
    assert mailbox.to(citizen["email"]) == []


def test_a_citizen_can_turn_the_code_on(app, citizen, mailbox):
    helpers.call_action("satudata_account_security_update",
                        {"user": citizen["name"]}, otp_opt_in=True)
    response = post_login(app, citizen["name"])
    assert response.location.endswith(CODE)
    assert post_code(app, codes(mailbox, citizen["email"])[-1]).status_code == 302


@pytest.mark.ckan_config("ckanext.satudata.otp.required_roles", "operator")
def test_the_roles_that_need_a_code_are_configurable(app, mailbox, walidata):
    operator = factories.User(password=PASSWORD)
    factories.Organization(users=[{"name": operator["name"], "capacity": "editor"}])
    assert post_login(app, walidata["name"]).location.endswith(CODE) is False
    app.get("/user/_logout")
    assert post_login(app, operator["name"]).location.endswith(CODE)


def test_a_remembered_device_skips_the_code_until_revoked(app, mailbox, walidata):
    code = _code_step(app, mailbox, walidata)
    response = post_code(app, code, remember=True)
    assert "satudata_device_" in response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in response.headers["Set-Cookie"]
    app.get("/user/_logout")
    response = post_login(app, walidata["name"])
    assert not response.location.endswith(CODE)
    assert logged_in(app)
    assert len(codes(mailbox, walidata["email"])) == 1
    shown = helpers.call_action("satudata_account_security_show",
                                {"user": walidata["name"]})
    assert len(shown["devices"]) == 1
    helpers.call_action("satudata_trusted_device_revoke", {"user": walidata["name"]})
    app.get("/user/_logout")
    assert post_login(app, walidata["name"]).location.endswith(CODE)


def test_a_forged_device_cookie_is_not_trusted(app, mailbox, walidata):
    from ckanext.satudata.accounts import devices

    app.client.set_cookie(devices.cookie_name(walidata["id"]),
                   f'{{"u": "{walidata["id"]}", "d": "x"}}')
    assert post_login(app, walidata["name"]).location.endswith(CODE)


def test_api_tokens_need_no_second_factor(app, walidata):
    token = factories.APIToken(user=walidata["name"])["token"]
    response = app.post("/api/3/action/satudata_account_security_show", json={},
                        headers={"Authorization": token})
    assert response.status_code == 200
    assert response.json["result"]["otp_required"] is True


def test_log_out_of_all_devices(app, make_app, citizen):
    other = make_app()
    for client in (app, other):
        post_login(client, citizen["name"])
        assert logged_in(client)
    helpers.call_action("satudata_sessions_end", {"user": citizen["name"]})
    for client in (app, other):
        assert not logged_in(client)
    post_login(app, citizen["name"])
    assert logged_in(app)  # a new login is a new session
    assert ("sessions_ended", "info") in _events(citizen["id"])


def test_log_out_of_all_devices_from_the_page(app, make_app, citizen):
    from tests.accounts.support import csrf

    other = make_app()
    for client in (app, other):
        post_login(client, citizen["name"])
    token = csrf(_page(app, "/user/keamanan"))
    response = app.post("/user/keamanan/keluar-semua", data={"_csrf_token": token},
                        follow_redirects=False)
    assert response.status_code == 302 and "/user/login" in response.location
    assert not logged_in(app) and not logged_in(other)


@pytest.mark.ckan_config("ckanext.satudata.session.idle_minutes", "30")
def test_an_idle_staff_session_ends(app, mailbox, walidata, citizen, freezer,
                                    make_app):
    post_code(app, _code_step(app, mailbox, walidata))
    public = make_app()
    post_login(public, citizen["name"])
    freezer.tick(29 * 60)
    assert logged_in(app)  # activity resets the clock
    freezer.tick(29 * 60)
    assert logged_in(app)
    freezer.tick(31 * 60)
    response = app.get("/user/keamanan", follow_redirects=False)
    assert response.status_code == 302
    assert "tidak aktif" in _page(app, "/user/login")
    assert logged_in(public)  # citizens are not staff


def test_the_login_code_is_only_kept_hashed(app, mailbox, walidata):
    code = _code_step(app, mailbox, walidata)
    stored = keys.redis().hgetall(keys.key("otp", walidata["id"]))
    assert code.encode() not in b"".join(stored.values())
    assert otp.verify(walidata["id"], code)[0] == "ok"


@pytest.mark.ckan_config("ckanext.satudata.throttle.register", "2")
@pytest.mark.ckan_config("ckanext.satudata.throttle.reset", "2")
def test_registration_and_reset_requests_are_throttled_per_address(app, mailbox):
    from tests.accounts.support import csrf

    for path, field in (("/user/register", "name"), ("/user/reset", "user")):
        for attempt in range(3):
            token = csrf(_page(app, path))
            response = app.post(path, data={field: f"orang-{attempt}",
                                            "_csrf_token": token},
                                follow_redirects=False)
            if attempt < 2:
                assert "Terlalu banyak" not in _page(app, "/"), path
            else:
                assert response.status_code == 302, path
                assert "Terlalu banyak percobaan dari jaringan Anda" in _page(
                    app, response.location), path
    assert model.Session.query(model.User).filter(
        model.User.name.like("orang-%")).count() == 0


def test_a_new_registration_stays_logged_in(app):
    """Core's registration logs the new account in with ``login_user``:
    that session is stamped too (it is not ended as a stale one)."""
    from tests.accounts.support import csrf

    token = csrf(_page(app, "/user/register"))
    response = app.post("/user/register", data={
        "name": "warga-baru", "fullname": "Warga Baru", "email": "baru@example.org",
        "password1": PASSWORD, "password2": PASSWORD, "_csrf_token": token,
    }, follow_redirects=False)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert logged_in(app)
    assert logged_in(app)
