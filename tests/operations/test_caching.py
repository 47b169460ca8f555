"""What a shared cache may keep (nginx's page cache in `make prod`): CKAN
marks an answer ``public`` for anyone when it rendered no template (the
API, downloads); the portal makes every answer to a logged-in user, an API
token or a write private, and a URL with a secret token no-store. An
anonymous page without a form opens no session, so it can be kept."""

from __future__ import annotations

import pytest
from ckan.tests import factories

pytestmark = [
    pytest.mark.usefixtures("with_plugins"),
    pytest.mark.ckan_config("ckan.cache_enabled", "true"),
    pytest.mark.ckan_config("ckan.cache_expires", "60"),
]


def _cache_control(response) -> set[str]:
    return {
        part.strip() for part in response.headers.get("Cache-Control", "").split(",")
    }


def test_an_anonymous_page_is_public_and_opens_no_session(app):
    response = app.get("/dataset/")
    assert response.status_code == 200
    assert {"public", "max-age=60"} <= _cache_control(response)
    assert "Set-Cookie" not in response.headers
    assert 'name="_csrf_token"' not in response.get_data(as_text=True)


def test_an_api_answer_to_a_token_is_private(app):
    user = factories.User()
    token = factories.APIToken(user=user["name"])["token"]
    anonymous = app.get("/api/3/action/package_search")
    assert "public" in _cache_control(anonymous)
    personal = app.get("/api/3/action/package_search", headers={"Authorization": token})
    assert "private" in _cache_control(personal)
    assert "public" not in _cache_control(personal)


def test_a_logged_in_page_is_private(app):
    user = factories.User()
    token = factories.APIToken(user=user["name"])["token"]
    response = app.get("/dataset/", headers={"Authorization": token})
    assert "private" in _cache_control(response)


def test_a_url_with_a_secret_token_is_never_stored(app):
    link = "/akses-data/unduh?token=not-a-real-one"
    response = app.get(link, follow_redirects=False)
    assert "no-store" in _cache_control(response)
    assert "public" not in _cache_control(response)
    # the login page it sends a stranger to carries the link
    login = app.get(response.headers["Location"], follow_redirects=False)
    assert "token=" in login.request.url or "token" in response.headers["Location"]
    assert "no-store" in _cache_control(login)


def test_a_write_is_private(app):
    response = app.post("/api/3/action/package_search", json={})
    assert "public" not in _cache_control(response)
