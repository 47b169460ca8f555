"""The walidata's holiday page, /ckan-admin/hari-libur, through the Flask
client (users logged in through the login form, forms posted with their
CSRF token): others get 403; the walidata see the year's holidays, add a
regional holiday and delete it; a refused day shows why and writes
nothing."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from ckan import model

from tests.accounts.support import (
    CODE,
    PASSWORD,
    codes,
    csrf,
    logged_in,
    post_code,
    post_login,
)

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

PAGE = "/ckan-admin/hari-libur"


def _browser(app: Any, mailbox: Any, user: dict[str, Any]) -> Any:
    """A client of its own with ``user`` logged in through the login form
    (and the e-mailed code when their role needs it)."""
    account = model.User.get(user["name"])
    account.password = PASSWORD
    model.Session.commit()
    client = app.test_client()
    response = post_login(client, user["name"])
    assert response.status_code == 302, response.status_code
    if response.location.endswith(CODE):
        assert post_code(client, codes(mailbox, user["email"])[-1]).status_code == 302
    assert logged_in(client)
    return client


def _soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _open(client: Any, url: str) -> BeautifulSoup:
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 200, (url, response.status_code)
    return _soup(response)


def _token(form: Any) -> str:
    field = form.select_one("input[name=_csrf_token]")
    assert field is not None and field["value"], "the form has no CSRF field"
    return field["value"]


def _rows() -> list[tuple[str, str]]:
    return [(row.day.isoformat(), row.name) for row in model.Session.execute(
        sa.text("SELECT day, name FROM satudata_holiday ORDER BY day"))]


def _listed(page: BeautifulSoup) -> dict[str, str]:
    """The page's table: day → kind (its row's class)."""
    return {row["data-day"]: " ".join(row["class"])
            for row in page.select("table.satudata-holidays tbody tr")}


def test_only_walidata_open_the_page(app, mailbox, people):
    assert app.get(PAGE, follow_redirects=False).status_code == 403
    for role in ("public", "operator", "verifikator", "pembina"):
        client = _browser(app, mailbox, people[role])
        assert client.get(PAGE, follow_redirects=False).status_code == 403, role
        # nor post to it, with a valid token of their session
        token = csrf(client.get("/user/keamanan").get_data(as_text=True))
        response = client.post(PAGE, data={
            "_csrf_token": token, "day": "2026-04-01", "name": "Hari Jadi"},
            follow_redirects=False)
        assert response.status_code == 403, role
    for role in ("walidata", "sysadmin"):
        page = _open(_browser(app, mailbox, people[role]), f"{PAGE}?tahun=2026")
        assert "satudata-holiday-libur_nasional" in _listed(page)["2026-08-17"], role
        assert len(_listed(page)) == 25, role
    assert _rows() == []


def test_the_walidata_add_and_delete_a_regional_holiday(app, mailbox, people):
    client = _browser(app, mailbox, people["walidata"])
    page = _open(client, f"{PAGE}?tahun=2026")
    form = page.select_one("form.satudata-holiday-form")
    assert form is not None and form["method"] == "post"
    response = client.post(form["action"], data={
        "_csrf_token": _token(form), "day": "2026-04-01",
        "name": "Hari Jadi Kota Malang"}, follow_redirects=False)
    assert response.status_code == 302
    assert "tahun=2026" in response.location
    assert _rows() == [("2026-04-01", "Hari Jadi Kota Malang")]
    page = _open(client, f"{PAGE}?tahun=2026")
    assert "Hari Jadi Kota Malang" in page.get_text()  # the flash message
    row = page.select_one("tr[data-day='2026-04-01']")
    assert "satudata-holiday-regional" in row["class"]
    assert "Hari Jadi Kota Malang" in row.get_text()
    delete = row.select_one("form")
    # without its CSRF token the delete is refused
    assert client.post(delete["action"], data={"tahun": "2026"},
                       follow_redirects=False).status_code == 400
    assert len(_rows()) == 1
    response = client.post(delete["action"], data={
        "_csrf_token": _token(delete), "tahun": "2026"}, follow_redirects=False)
    assert response.status_code == 302
    assert _rows() == []
    assert "2026-04-01" not in _listed(_open(client, f"{PAGE}?tahun=2026"))


def test_a_refused_day_shows_why_and_writes_nothing(app, mailbox, people):
    client = _browser(app, mailbox, people["sysadmin"])
    form = _open(client, PAGE).select_one("form.satudata-holiday-form")
    response = client.post(form["action"], data={
        "_csrf_token": _token(form), "day": "2026-08-17", "name": "Hari Jadi"},
        follow_redirects=False)
    assert response.status_code == 200
    page = _soup(response)
    assert "Proklamasi Kemerdekaan" in page.select_one(".alert-danger").get_text()
    # the form keeps what was typed, with a fresh token
    again = page.select_one("form.satudata-holiday-form")
    assert again.select_one("input[name=name]")["value"] == "Hari Jadi"
    assert _token(again)
    # without a token nothing is even looked at
    assert client.post(form["action"], data={"day": "2026-04-01", "name": "X"},
                       follow_redirects=False).status_code == 400
    assert _rows() == []


def test_a_year_without_national_holidays_says_so(app, mailbox, people):
    page = _open(_browser(app, mailbox, people["walidata"]), f"{PAGE}?tahun=2031")
    assert page.select_one(".satudata-holiday-unknown") is not None
    assert _listed(page) == {}
    # the sysadmin's other admin pages link to it
    admin = _open(_browser(app, mailbox, people["sysadmin"]), "/ckan-admin/trash")
    assert admin.select_one(f"a[href='{PAGE}']") is not None
