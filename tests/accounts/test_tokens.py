"""API tokens for integrations (issue 15, item 6): an expiry capped by
``ckanext.satudata.api_token.max_days``, expired tokens refused by the
API, creation and revocation in the login history, the token page in
Indonesian."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib import api_token
from ckan.tests import factories, helpers

from ckanext.satudata.accounts.model import login_event_table
from tests.accounts.support import PASSWORD, csrf, post_login

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_redis")

DAY = 86400


@pytest.fixture
def indonesian(app: Any) -> Any:
    with app.flask_app.test_request_context():
        yield


@pytest.fixture
def owner() -> dict[str, Any]:
    return factories.User(name="integrasi", email="integrasi@example.org",
                          password=PASSWORD)


def _create(user: dict[str, Any], actor: dict[str, Any] | None = None,
            **extra: Any) -> dict[str, Any]:
    return helpers.call_action("api_token_create",
                               {"user": (actor or user)["name"], "ignore_auth": False},
                               user=user["name"], name="sistem-bappeda", **extra)


def _exp(token: str) -> int | None:
    data = api_token.decode(token)
    assert data is not None
    return data.get("exp")


def _events(user_id: str) -> list[tuple[str, dict]]:
    rows = model.Session.execute(
        sa.select(login_event_table.c.kind, login_event_table.c.detail)
        .where(login_event_table.c.user_id == user_id,
               login_event_table.c.kind.in_(["token_created", "token_revoked"]))
        .order_by(login_event_table.c.created))
    return [(row.kind, row.detail) for row in rows]


def _about(seconds: int) -> int:
    return int(time.time()) + seconds


# -- the expiry and its cap ------------------------------------------------------------

def test_a_token_without_expiry_gets_the_cap(owner: dict[str, Any]) -> None:
    created = _create(owner)
    assert abs(_exp(created["token"]) - _about(365 * DAY)) <= 5
    assert created["expires"] is not None
    expires = dt.datetime.fromisoformat(created["expires"])
    assert abs(expires.timestamp() - _exp(created["token"])) <= 1


def test_a_token_asked_for_longer_gets_the_cap(owner: dict[str, Any]) -> None:
    created = _create(owner, expires_in=400, unit=DAY)
    assert abs(_exp(created["token"]) - _about(365 * DAY)) <= 5


def test_a_shorter_expiry_is_kept(owner: dict[str, Any]) -> None:
    assert abs(_exp(_create(owner, expires_in=2, unit=3600)["token"])
               - _about(7200)) <= 5
    # days are the default unit
    assert abs(_exp(_create(owner, expires_in=30)["token"]) - _about(30 * DAY)) <= 5


@pytest.mark.ckan_config("ckanext.satudata.api_token.max_days", "7")
def test_the_cap_is_configurable(owner: dict[str, Any]) -> None:
    assert abs(_exp(_create(owner, expires_in=30)["token"]) - _about(7 * DAY)) <= 5


def test_the_walidata_sets_the_cap_on_the_config_page(app: Any,
                                                     owner: dict[str, Any]) -> None:
    """A walidata (sysadmin) caps tokens at run time, on /ckan-admin/config
    (CKAN's runtime-editable options)."""
    from ckan.common import config

    walidata = factories.Sysadmin(password=PASSWORD)
    token = factories.APIToken(user=walidata["name"])["token"]
    page = app.get("/ckan-admin/config", headers={"Authorization": token})
    assert 'name="ckanext.satudata.api_token.max_days"' in page.get_data(as_text=True)
    with pytest.raises(tk.ValidationError):
        helpers.call_action("config_option_update", {"user": walidata["name"]},
                            **{"ckanext.satudata.api_token.max_days": "-3"})
    try:
        helpers.call_action("config_option_update", {"user": walidata["name"]},
                            **{"ckanext.satudata.api_token.max_days": "10"})
        assert abs(_exp(_create(owner, expires_in=30)["token"])
                   - _about(10 * DAY)) <= 5
        with pytest.raises(tk.NotAuthorized):  # not for anyone else
            helpers.call_action("config_option_update",
                                {"user": owner["name"], "ignore_auth": False},
                                **{"ckanext.satudata.api_token.max_days": "0"})
    finally:
        helpers.call_action("config_option_update", {"user": walidata["name"]},
                            **{"ckanext.satudata.api_token.max_days": "365"})
        config["ckanext.satudata.api_token.max_days"] = 365


@pytest.mark.ckan_config("ckanext.satudata.api_token.max_days", "0")
def test_no_cap_no_expiry(owner: dict[str, Any]) -> None:
    created = _create(owner)
    assert _exp(created["token"]) is None and created["expires"] is None
    assert abs(_exp(_create(owner, expires_in=400)["token"]) - _about(400 * DAY)) <= 5


@pytest.mark.usefixtures("indonesian")
@pytest.mark.parametrize("extra", [{"unit": 5}, {"expires_in": -3},
                                   {"expires_in": "x"}])
def test_a_wrong_expiry_is_refused(owner: dict[str, Any],
                                   extra: dict[str, Any]) -> None:
    with pytest.raises(helpers.logic.ValidationError) as error:
        _create(owner, **extra)
    assert set(error.value.error_dict) & {"unit", "expires_in"}


def test_an_expired_token_is_refused_by_the_api(app: Any,
                                                owner: dict[str, Any]) -> None:
    token = _create(owner, expires_in=1, unit=1)["token"]
    url = "/api/3/action/api_token_list"
    response = app.get(url, query_string={"user_id": owner["name"]},
                       headers={"Authorization": token})
    assert response.status_code == 200
    assert response.json["result"][0]["expires"]
    time.sleep(2.1)
    response = app.get(url, query_string={"user_id": owner["name"]},
                       headers={"Authorization": token})
    assert response.status_code == 403
    assert api_token.get_user_from_token(token) is None


# -- the login history -----------------------------------------------------------------

def test_creation_and_revocation_are_recorded(owner: dict[str, Any]) -> None:
    created = _create(owner)
    helpers.call_action("api_token_revoke",
                        {"user": owner["name"], "ignore_auth": False},
                        jti=created["id"])
    assert model.ApiToken.get(created["id"]) is None
    events = _events(owner["id"])
    assert [kind for kind, _ in events] == ["token_created", "token_revoked"]
    assert events[0][1]["name"] == "sistem-bappeda"
    assert events[0][1]["jti"] == created["id"]
    assert events[0][1]["expires"] == created["expires"]
    assert events[1][1] == {"name": "sistem-bappeda", "jti": created["id"],
                            "by": "integrasi"}


def test_revocation_by_the_token_itself_is_recorded(owner: dict[str, Any]) -> None:
    created = _create(owner)
    helpers.call_action("api_token_revoke",
                        {"user": owner["name"], "ignore_auth": False},
                        token=created["token"])
    assert [kind for kind, _ in _events(owner["id"])] == ["token_created",
                                                          "token_revoked"]


# -- roles: core's auth is kept --------------------------------------------------------

ROLES = ["anonymous", "public", "operator", "verifikator", "walidata", "pembina",
         "sysadmin"]


def _who(people: dict[str, Any], role: str) -> str:
    return "" if role == "anonymous" else people[role]["name"]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_and_a_sysadmin_create_and_revoke(
        people: dict[str, Any], owner: dict[str, Any], role: str) -> None:
    context = {"user": _who(people, role), "ignore_auth": False}
    allowed = role == "sysadmin"
    if not allowed:
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("api_token_create", dict(context),
                                user=owner["name"], name="x")
        assert model.Session.query(model.ApiToken).filter_by(
            user_id=owner["id"]).count() == 0
    else:
        helpers.call_action("api_token_create", dict(context),
                            user=owner["name"], name="x")
    jti = _create(owner)["id"]
    if not allowed:
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("api_token_revoke", dict(context), jti=jti)
        assert model.ApiToken.get(jti) is not None
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("api_token_list", dict(context), user_id=owner["id"])
    else:
        helpers.call_action("api_token_revoke", dict(context), jti=jti)
        assert model.ApiToken.get(jti) is None
    kinds = [kind for kind, _ in _events(owner["id"])]
    assert kinds == (["token_created"] * 2 + ["token_revoked"] if allowed
                     else ["token_created"])


# -- the token page --------------------------------------------------------------------

#: English words of core's token page and our additions that must not show.
ENGLISH = ["API Token", "Expires", "No expiry", "Last access", "Never",
           "Revoke tokens", "Valid for", "Unit", "hours", "days", "Created",
           "Name", "Make sure to copy", "Copy to clipboard", "does not expire",
           "Are you sure", "leave the field", "Give each"]


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    attributes = " ".join(re.findall(
        r'(?:aria-label|title|placeholder|data-module-content)="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + attributes


def test_the_token_page_is_in_indonesian(app: Any, owner: dict[str, Any]) -> None:
    _create(owner)
    assert post_login(app, owner["name"]).status_code == 302
    page = app.get(f"/user/{owner['name']}/api-tokens")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = _visible_text(html[html.index('id="content"'):])
    found = [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]
    assert not found, found
    assert "Berlaku sampai" in text and "paling lama 365 hari" in text
    # the expiry, a year from now, in the token's row
    row = re.search(r'<tr id="token-.*?</tr>', html, re.S)
    assert row, html
    year = str((dt.date.today() + dt.timedelta(days=365)).year)
    assert year in _visible_text(row.group(0)), row.group(0)

    response = app.post(f"/user/{owner['name']}/api-tokens", data={
        "name": "sistem-dinkes", "expires_in": "2", "unit": "3600",
        "_csrf_token": csrf(html),
    })
    assert response.status_code == 200
    created = response.get_data(as_text=True)
    text = _visible_text(created)
    assert "Berlaku sampai" in text
    found = [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]
    assert not found, found
    token = model.Session.query(model.ApiToken).filter_by(name="sistem-dinkes").one()
    assert token.plugin_extras["satudata"]["expires"]


def test_the_token_form_shows_a_wrong_expiry_in_indonesian(
        app: Any, owner: dict[str, Any]) -> None:
    assert post_login(app, owner["name"]).status_code == 302
    html = app.get(f"/user/{owner['name']}/api-tokens").get_data(as_text=True)
    response = app.post(f"/user/{owner['name']}/api-tokens", data={
        "name": "sistem-dinkes", "expires_in": "-1", "unit": "86400",
        "_csrf_token": csrf(html),
    })
    text = _visible_text(response.get_data(as_text=True))
    assert "bilangan bulat positif" in text.lower(), text[:2000]
    assert model.Session.query(model.ApiToken).count() == 0
