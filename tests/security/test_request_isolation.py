"""One failed request never breaks the next one (issue 14, item 3).

Before the fix, ``GET /dashboard/notifikasi?page=100000000000000000000``
answered 500 (the offset overflowed PostgreSQL's bigint) and left the
database session of the process in a failed transaction, so the next
request (an anonymous ``GET /``) answered 500 too.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

HUGE = str(10**20)


def _token(user: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def _failing_view() -> str:
    """A page whose SQL PostgreSQL refuses, and which swallows the error
    without rolling back (what a careless view or helper does)."""
    try:
        model.Session.execute(sa.text("SELECT CAST(:v AS bigint)"), {"v": HUGE})
    except sa.exc.DataError:
        pass
    return "ok"


def _raising_view() -> str:
    """A page whose SQL fails with the error left to the framework."""
    model.Session.execute(sa.text("SELECT CAST(:v AS bigint)"), {"v": HUGE})
    return "not reached"


@pytest.fixture
def client(make_app: Any) -> Any:
    # routes are added: a web app of its own, not the one unmarked tests share
    app = make_app()
    app.flask_app.add_url_rule("/_test/db-error-swallowed", view_func=_failing_view)
    app.flask_app.add_url_rule("/_test/db-error-raised", view_func=_raising_view)
    return app


def test_huge_notification_page_is_not_found_and_next_request_works(
    client: Any,
) -> None:
    """Failed before the fix: the first request answered 500, then
    ``GET /`` answered 500 (InFailedSqlTransaction)."""
    user = factories.User()
    response = client.get(f"/dashboard/notifikasi?page={HUGE}",
                          headers=_token(user))
    assert response.status_code == 404
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("page", ["0", "-3", "abc", "2", "1e3"])
def test_notification_pages_outside_the_list_are_not_found(
    client: Any, page: str
) -> None:
    """Failed before the fix: any page number was accepted, beyond the last
    page an empty list answered 200 (and ``abc`` was page 1)."""
    user = factories.User()
    response = client.get(f"/dashboard/notifikasi?page={page}", headers=_token(user))
    assert response.status_code == 404


def test_first_notification_page_of_an_empty_list_is_shown(client: Any) -> None:
    user = factories.User()
    assert client.get("/dashboard/notifikasi?page=1",
                      headers=_token(user)).status_code == 200
    assert client.get("/dashboard/notifikasi", headers=_token(user)).status_code == 200


@pytest.mark.parametrize("url", ["/_test/db-error-raised",
                                 "/_test/db-error-swallowed"])
def test_database_error_is_rolled_back_before_the_next_request(
    client: Any, url: str
) -> None:
    """Failed before the fix for the raised error: ``GET /`` answered 500
    (``InFailedSqlTransaction``) after the failed request."""
    try:
        client.get(url)
    except sa.exc.DataError:
        pass  # the test client passes exceptions on (testing = true)
    assert client.get("/").status_code == 200
    assert client.get("/dataset/").status_code == 200


def test_notification_list_action_refuses_a_huge_offset(client: Any) -> None:
    """Failed before the fix: 500 (bigint overflow in the OFFSET). Now a
    validation error (409, CKAN's status for one)."""
    user = factories.User()
    response = client.get("/api/3/action/satudata_notification_list",
                          query_string={"offset": HUGE}, headers=_token(user))
    assert response.status_code == 409
    assert "offset" in response.json["error"]
    assert client.get("/").status_code == 200
