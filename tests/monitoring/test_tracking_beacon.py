"""``POST /_tracking`` (CKAN's tracking beacon, on every page) answers 204
and the visit is recorded, for anonymous and logged-in visitors alike (the
beacon carries no CSRF token); it opens no other door."""

from __future__ import annotations

import http.client
import threading
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories
from werkzeug.serving import make_server

from tests.accounts.support import PASSWORD, logged_in, post_login

pytestmark = pytest.mark.usefixtures("clean_db")

BROWSER = {"User-Agent": "Mozilla/5.0 (test)", "Accept-Language": "id-ID"}


def _visits() -> list[tuple[str, str]]:
    model.Session.remove()
    return [tuple(row) for row in model.Session.execute(sa.text(
        "SELECT url, tracking_type FROM tracking_raw ORDER BY access_timestamp"))]


def test_an_anonymous_visit_is_answered_and_recorded(app: Any) -> None:
    response = app.post("/_tracking", headers=BROWSER,
                        data={"url": "/dataset/penduduk", "type": "page"})
    assert response.status_code == 204
    assert response.get_data() == b""
    assert _visits() == [("/dataset/penduduk", "page")]
    # the beacon is POST only
    assert app.get("/_tracking").status_code in (404, 405)


def test_a_logged_in_visit_needs_no_csrf_token(app: Any) -> None:
    factories.User(name="warga", password=PASSWORD)
    assert post_login(app, "warga").status_code == 302
    assert logged_in(app)
    response = app.post("/_tracking", headers=BROWSER,
                        data={"url": "/dataset/penduduk/data.csv", "type": "resource"})
    assert response.status_code == 204
    assert _visits() == [("/dataset/penduduk/data.csv", "resource")]
    # the exemption is the beacon's alone: a form still needs its token
    refused = app.post("/dataset/new", headers=BROWSER,
                       data={"name": "tanpa-token", "title": "Tanpa token"})
    assert refused.status_code == 400
    assert model.Package.get("tanpa-token") is None


def _beacon(app: Any, body: bytes) -> Any:
    return app.post("/_tracking", headers=BROWSER, data=body,
                    content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("body", [
    b"", b"garbage", b"type=page", b"url=&type=page", b"url=%2Fdataset&type=x",
    b"url=%2Fdataset%00&type=page",
])
def test_a_malformed_beacon_is_answered_and_not_recorded(app: Any, body: bytes) -> None:
    """Core's hook answered 500 to these (it splits the body by hand)."""
    assert _beacon(app, body).status_code == 204
    assert _visits() == []


def test_a_url_holding_equals_and_ampersands_is_recorded_whole(app: Any) -> None:
    assert _beacon(app, b"url=/dataset?q=a=b&type=page").status_code == 204
    assert _beacon(app, b"url=%2Fdataset%2F%3Fq%3Dx%26page%3D2&type=page"
                   ).status_code == 204
    assert _visits() == [("/dataset?q=a=b", "page"), ("/dataset/?q=x&page=2", "page")]


def test_a_real_server_answers_at_once_on_a_kept_alive_connection(app: Any) -> None:
    """Under Werkzeug's server (``make demo``) the body is the open
    connection: core's hook read it to the end and the answer waited until
    the browser gave up."""
    server = make_server("127.0.0.1", 0, app.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port,
                                            timeout=10)
    try:
        connection.request("POST", "/_tracking", body="url=%2Fdataset%2Fx&type=page",
                           headers={**BROWSER, "Content-Type":
                                    "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        assert response.status == 204
        response.read()
    finally:
        connection.close()
        server.shutdown()
        thread.join()
        server.server_close()
    assert _visits() == [("/dataset/x", "page")]
