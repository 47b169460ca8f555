"""Password rules, the end of other sessions on a password change, and the
password reset in Indonesian (issue 15, items 3, 4 and 5), through the
action layer and the real pages, the reset link read from a real SMTP
server."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib import api_token
from ckan.tests import factories, helpers

from ckanext.satudata.accounts import passwords
from ckanext.satudata.accounts.model import login_event_table
from tests.accounts.support import PASSWORD, csrf, logged_in, post_login

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_redis")

WEAK = "rahasia"
COMMON = "Password1!"
STRONG = "Kucing#Oranye-77"
RULES = "Kata sandi harus memuat"
GUESSABLE = "mudah ditebak"


def _events(user_id: str, kind: str) -> list[tuple[str, dict]]:
    rows = model.Session.execute(
        sa.select(login_event_table.c.outcome, login_event_table.c.detail)
        .where(login_event_table.c.user_id == user_id,
               login_event_table.c.kind == kind)
        .order_by(login_event_table.c.created))
    return [(row.outcome, row.detail) for row in rows]


def _hash(user_id: str) -> str:
    model.Session.expire_all()
    user = model.User.get(user_id)
    assert user is not None
    return user.password


def _as(user: dict[str, Any]) -> dict[str, Any]:
    return {"user": user["name"], "ignore_auth": False}


@pytest.fixture
def indonesian(app: Any) -> Any:
    """A request context: messages of the action layer in the site's
    language (Indonesian), e-mails rendered."""
    with app.flask_app.test_request_context():
        yield


@pytest.fixture
def citizen() -> dict[str, Any]:
    return factories.User(name="warga", email="warga@example.org",
                          fullname="Budi Santoso", password=PASSWORD)


@pytest.fixture
def sysadmin() -> dict[str, Any]:
    return factories.Sysadmin(name="admin-portal", password=PASSWORD)


# -- the rules -------------------------------------------------------------------------

@pytest.mark.usefixtures("indonesian")
def test_problems_lists_everything_missing_in_one_message() -> None:
    found = passwords.problems("abc")
    assert len(found) == 1
    assert found[0] == ("Kata sandi harus memuat: minimal 8 karakter, satu huruf "
                        "besar, satu angka, satu karakter khusus (misalnya ! # @ -)")
    assert passwords.problems("abcdefgH")[0] == (
        "Kata sandi harus memuat: satu angka, satu karakter khusus (misalnya ! # @ -)")
    # long enough but guessable: a second message
    assert GUESSABLE in passwords.problems("abcdefgH")[1]


@pytest.mark.usefixtures("indonesian")
def test_common_and_personal_passwords_are_refused() -> None:
    assert GUESSABLE in " ".join(passwords.problems(COMMON))
    assert GUESSABLE in " ".join(passwords.problems("Rahasia123!"))
    inputs = passwords.user_inputs("budisantoso", "budi.santoso@example.org",
                                   "Budi Santoso")
    assert passwords.problems("Santoso#1990") == []
    assert GUESSABLE in " ".join(passwords.problems("Santoso#1990", inputs))


def test_demo_and_strong_passwords_pass() -> None:
    for password in (PASSWORD, STRONG, "kuda-LAUT-biru-9"):
        assert passwords.problems(password) == [], password
    # the demo loader's accounts
    inputs = passwords.user_inputs("walidata", "walidata@semarangkota.go.id",
                                   "Walidata Diskominfo")
    assert passwords.problems(PASSWORD, inputs) == []


@pytest.mark.ckan_config("ckanext.satudata.password.min_length", "12")
@pytest.mark.usefixtures("indonesian")
def test_min_length_is_configurable() -> None:
    assert "minimal 12 karakter" in passwords.problems("Kuda#Laut9")[0]


# -- the actions (API) -----------------------------------------------------------------

@pytest.mark.parametrize("password", [WEAK, COMMON, "correct123"])
@pytest.mark.usefixtures("indonesian")
def test_user_create_refuses_a_weak_password_even_for_a_sysadmin(
        sysadmin: dict[str, Any], password: str) -> None:
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action("user_create", _as(sysadmin), name="baru",
                            email="baru@example.org", password=password)
    messages = " ".join(error.value.error_dict["password"])
    assert RULES in messages or GUESSABLE in messages
    assert model.User.get("baru") is None


def test_user_create_accepts_a_strong_password(sysadmin: dict[str, Any]) -> None:
    created = helpers.call_action("user_create", _as(sysadmin), name="baru",
                                  email="baru@example.org", password=STRONG)
    user = model.User.get(created["id"])
    assert user is not None and user.validate_password(STRONG)


def test_user_create_without_password_is_left_to_core(sysadmin: dict[str, Any]) -> None:
    """An invitation creates the account without a password (the reset
    link sets it)."""
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action("user_create", _as(sysadmin), name="baru",
                            email="baru@example.org")
    assert "password" in error.value.error_dict


def test_the_schema_of_the_context_is_given_back(sysadmin: dict[str, Any]) -> None:
    context = _as(sysadmin)
    helpers.call_action("user_create", context, name="baru",
                        email="baru@example.org", password=STRONG)
    assert "schema" not in context


@pytest.mark.parametrize("who", ["owner", "sysadmin"])
def test_user_update_refuses_a_weak_password(citizen: dict[str, Any],
                                             sysadmin: dict[str, Any],
                                             who: str) -> None:
    actor = citizen if who == "owner" else sysadmin
    before = _hash(citizen["id"])
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action("user_update", _as(actor), id=citizen["id"],
                            email=citizen["email"], password="budisantoso1")
    assert error.value.error_dict["password"]
    assert _hash(citizen["id"]) == before
    assert _events(citizen["id"], "password_changed") == []


@pytest.mark.usefixtures("indonesian")
def test_user_update_with_a_guessable_password_names_the_account(
        citizen: dict[str, Any]) -> None:
    """zxcvbn is given the account's name, e-mail address and full name."""
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action("user_update", _as(citizen), id=citizen["id"],
                            email=citizen["email"], password="Santoso#1990")
    assert GUESSABLE in " ".join(error.value.error_dict["password"])


def test_user_update_with_a_strong_password_ends_other_sessions(
        citizen: dict[str, Any], sysadmin: dict[str, Any]) -> None:
    helpers.call_action("user_update", _as(sysadmin), id=citizen["id"],
                        email=citizen["email"], password=STRONG)
    user = model.User.get(citizen["id"])
    assert user is not None and user.validate_password(STRONG)
    assert _events(citizen["id"], "password_changed") == [
        ("success", {"by": "admin-portal"})]
    # an update without a new password changes nothing of that
    helpers.call_action("user_update", _as(citizen), id=citizen["id"],
                        email=citizen["email"], about="Warga kota")
    assert len(_events(citizen["id"], "password_changed")) == 1


def test_api_user_update_with_a_token_keeps_no_session(
        app: Any, citizen: dict[str, Any]) -> None:
    token = factories.APIToken(user=citizen["name"])["token"]
    response = app.post("/api/3/action/user_update", json={
        "id": citizen["id"], "email": citizen["email"], "password": WEAK,
    }, headers={"Authorization": token})
    assert response.status_code == 409
    assert RULES in " ".join(response.json["error"]["password"])
    response = app.post("/api/3/action/user_update", json={
        "id": citizen["id"], "email": citizen["email"], "password": STRONG,
    }, headers={"Authorization": token})
    assert response.status_code == 200, response.json
    assert _events(citizen["id"], "password_changed") == [("success", {})]
    # the token itself is not a session: it still works
    assert api_token.get_user_from_token(token) is not None


# -- the pages -------------------------------------------------------------------------

def _register(app: Any, password: str, confirm: str | None = None) -> Any:
    token = csrf(app.get("/user/register").get_data(as_text=True))
    return app.post("/user/register", data={
        "name": "pendatang", "fullname": "Pendatang Baru",
        "email": "pendatang@example.org", "password1": password,
        "password2": password if confirm is None else confirm,
        "save": "", "_csrf_token": token,
    }, follow_redirects=False)


def test_register_page_shows_the_rules(app: Any) -> None:
    html = app.get("/user/register").get_data(as_text=True)
    assert "Minimal 8 karakter" in html


def test_register_refuses_a_weak_password_on_its_field(app: Any) -> None:
    response = _register(app, "pendek")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ("Kata sandi harus memuat: minimal 8 karakter, satu huruf besar, "
            "satu angka, satu karakter khusus") in html
    field = html[html.index('id="field-password"'):]
    assert RULES in field[:1500]
    assert model.User.get("pendatang") is None


def test_register_with_a_strong_password(app: Any) -> None:
    response = _register(app, STRONG)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    user = model.User.get("pendatang")
    assert user is not None and user.validate_password(STRONG)


def _edit(client: Any, user: dict[str, Any], old: str, new: str) -> Any:
    page = client.get(f"/user/edit/{user['name']}").get_data(as_text=True)
    return client.post(f"/user/edit/{user['name']}", data={
        "name": user["name"], "fullname": user["fullname"] or "",
        "email": user["email"], "about": "", "old_password": old,
        "password1": new, "password2": new, "save": "",
        "_csrf_token": csrf(page),
    }, follow_redirects=False)


def test_edit_page_shows_the_rules_and_refuses_a_weak_password(
        app: Any, citizen: dict[str, Any]) -> None:
    assert post_login(app, citizen["name"]).status_code == 302
    html = app.get(f"/user/edit/{citizen['name']}").get_data(as_text=True)
    assert "Minimal 8 karakter" in html
    before = _hash(citizen["id"])
    response = _edit(app, citizen, PASSWORD, "budisantoso")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    field = html[html.index('id="field-password"'):]
    assert RULES in field[:1500]
    assert _hash(citizen["id"]) == before


def test_password_change_ends_the_other_sessions_only(
        app: Any, citizen: dict[str, Any]) -> None:
    """Two browsers logged in as the same user; a password change in one
    logs the other out, the one that changed it stays logged in."""
    other = app.test_client()
    assert post_login(app, citizen["name"]).status_code == 302
    assert post_login(other, citizen["name"]).status_code == 302
    assert logged_in(app) and logged_in(other)

    response = _edit(app, citizen, PASSWORD, STRONG)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert logged_in(app)
    assert not logged_in(other)
    assert _events(citizen["id"], "password_changed") == [("success", {})]
    # the other browser logs in again with the new password
    assert post_login(other, citizen["name"], STRONG).status_code == 302
    assert logged_in(other)


# -- the password reset, in Indonesian -------------------------------------------------

def _request_reset(client: Any, login: str) -> Any:
    token = csrf(client.get("/user/reset").get_data(as_text=True))
    return client.post("/user/reset", data={"user": login, "_csrf_token": token})


def _reset_link(mailbox: Any, email: str) -> str:
    messages = mailbox.to(email)
    assert messages, "no reset e-mail"
    found = re.search(r"http://test\.ckan\.net(/user/reset/\S+)",
                      mailbox.text(messages[-1]))
    assert found, mailbox.text(messages[-1])
    return found.group(1)


def test_reset_end_to_end_in_indonesian(app: Any, mailbox: Any,
                                        citizen: dict[str, Any]) -> None:
    response = _request_reset(app, citizen["email"])
    assert response.status_code == 200
    messages = mailbox.to(citizen["email"])
    assert len(messages) == 1
    assert messages[0]["Subject"].startswith("Atur ulang kata sandi")
    body = mailbox.text(messages[0])
    assert "Yth. warga" in body and "mengatur ulang kata sandi" in body
    assert _events(citizen["id"], "password_reset_requested") == [("success", {})]

    link = _reset_link(mailbox, citizen["email"])
    page = app.get(link).get_data(as_text=True)
    assert "Minimal 8 karakter" in page
    before = _hash(citizen["id"])
    response = app.post(link, data={"password1": "rahasiaku", "password2": "rahasiaku",
                                     "_csrf_token": csrf(page)})
    html = response.get_data(as_text=True)
    assert ("Kata sandi harus memuat: satu huruf besar, satu angka, "
            "satu karakter khusus") in html
    assert _hash(citizen["id"]) == before

    response = app.post(link, data={"password1": STRONG, "password2": STRONG,
                                    "_csrf_token": csrf(html)},
                        follow_redirects=False)
    assert response.status_code == 302
    assert _events(citizen["id"], "password_changed") == [
        ("success", {"reset": True})]
    assert post_login(app, citizen["name"], STRONG).status_code == 302
    assert logged_in(app)
    # the old password no longer works
    other = app.test_client()
    assert post_login(other, citizen["name"], PASSWORD).status_code != 302


def test_reset_sends_three_mails_an_hour_per_account(
        app: Any, mailbox: Any, citizen: dict[str, Any]) -> None:
    pages = [_request_reset(app, citizen["name"]).get_data(as_text=True)
             for _ in range(4)]
    assert len(mailbox.to(citizen["email"])) == 3
    # the fourth page says what the others said
    notice = re.compile(r"alert-success[^>]*>(.*?)</div>", re.S)
    assert notice.search(pages[3]) and notice.search(pages[0])
    assert notice.search(pages[3]).group(1).strip() == notice.search(
        pages[0]).group(1).strip()
    assert [o for o, _ in _events(citizen["id"], "password_reset_requested")] == [
        "success", "success", "success", "failure"]


def test_reset_for_an_unknown_account_says_the_same(app: Any, mailbox: Any) -> None:
    html = _request_reset(app, "tidak-ada@example.org").get_data(as_text=True)
    assert "alert-success" in html
    assert mailbox.messages == []


@pytest.mark.usefixtures("indonesian")
def test_invitation_mail_is_in_indonesian(app: Any, mailbox: Any,
                                          sysadmin: dict[str, Any]) -> None:
    organization = factories.Organization(name="disdik")
    helpers.call_action("user_invite", _as(sysadmin), email="undangan@example.org",
                        group_id=organization["id"], role="editor")
    messages = mailbox.to("undangan@example.org")
    assert len(messages) == 1
    assert messages[0]["Subject"].startswith("Undangan")
    body = mailbox.text(messages[0])
    assert "Anda diundang" in body and "/user/reset/" in body


@pytest.mark.parametrize("field", ["name", "email", "fullname"])
def test_a_nul_character_is_a_validation_error_not_a_500(
    app: Any, sysadmin: dict[str, Any], field: str,
) -> None:
    """PostgreSQL refuses NUL characters: core's user_name_validator looked
    the name up and answered 500 (found by tests/security's fuzzer)."""
    from ckan import model

    token = factories.APIToken(user=sysadmin["name"])["token"]
    data = {"name": "baru", "email": "baru@example.org", "password": STRONG,
            field: "ab\u0000c"}
    response = app.post("/api/3/action/user_create", json=data,
                        headers={"Authorization": token})
    assert response.status_code == 409, response.get_data(as_text=True)
    assert field in response.get_json()["error"]
    assert model.User.get("baru") is None
