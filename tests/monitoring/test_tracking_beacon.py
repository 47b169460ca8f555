"""``POST /_tracking`` (CKAN's tracking beacon, on every page) answers 204
and the visit is recorded, for anonymous and logged-in visitors alike (the
beacon carries no CSRF token); it opens no other door."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories

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
