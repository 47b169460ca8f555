"""The walidata's boundary page, /ckan-admin/batas-wilayah, through the
Flask client (users logged in through the login form, forms posted with
their CSRF token): others get 403; the walidata upload a boundary and see
its preview and regions, get the original file back, see a refused file's
problems (nothing stored) and delete it."""

from __future__ import annotations

import io
from typing import Any

import pytest
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
from tests.maps.conftest import maps_state
from tests.maps.support import CODES, KECAMATAN_FILE, NAMES, collection, encoded

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

#: In English: the texts do not change when the Indonesian catalogue does.
PAGE = "/en/ckan-admin/batas-wilayah"


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


def _post_file(client: Any, form: Any, content: bytes, **fields: str) -> Any:
    return client.post(form["action"], data={
        "_csrf_token": _token(form), **fields,
        "upload": (io.BytesIO(content), "kecamatan.geojson"),
    }, content_type="multipart/form-data", follow_redirects=False)


def test_only_walidata_open_the_page(app, mailbox, people):
    assert app.get(PAGE, follow_redirects=False).status_code == 403
    for role in ("public", "operator", "verifikator", "pembina"):
        client = _browser(app, mailbox, people[role])
        assert client.get(PAGE, follow_redirects=False).status_code == 403, role
        # nor post to it, with a valid token of their session
        token = csrf(client.get("/user/keamanan").get_data(as_text=True))
        response = client.post(PAGE, data={
            "_csrf_token": token, "upload": (io.BytesIO(KECAMATAN_FILE), "k.geojson")},
            content_type="multipart/form-data", follow_redirects=False)
        assert response.status_code == 403, role
        assert client.get(f"{PAGE}/kecamatan/unduh").status_code == 403, role
    assert maps_state()["rows"] == []
    for role in ("walidata", "sysadmin"):
        page = _open(_browser(app, mailbox, people[role]), PAGE)
        assert page.select_one(".satudata-boundary-none") is not None, role
        assert page.select_one("form.satudata-boundary-form") is not None, role


def test_the_walidata_upload_see_download_and_delete_a_boundary(app, mailbox, keepers):
    client = _browser(app, mailbox, keepers["walidata"])
    # the walidata's dashboard links to the page
    dashboard = _open(client, "/en/dashboard/datasets")
    assert dashboard.select_one("a[href$='/ckan-admin/batas-wilayah']") is not None
    form = _open(client, PAGE).select_one("form.satudata-boundary-form")
    assert form["enctype"] == "multipart/form-data"
    response = _post_file(client, form, KECAMATAN_FILE, name="Kecamatan uji")
    assert response.status_code == 302
    page = _open(client, PAGE)
    assert "Kecamatan uji (4 regions)" in page.get_text()  # the flash message
    [section] = page.select("section.satudata-boundary")
    assert section["data-level"] == "kecamatan"
    assert section.select_one(".satudata-boundary-count").get_text() == "4"
    svg = section.select_one(".satudata-boundary-preview svg")
    assert svg["role"] == "img" and svg["aria-label"] == "Boundary: Kecamatan uji"
    assert [text.get_text() for text in svg.select("text")] == [
        NAMES[code] for code in CODES]
    assert [[cell.get_text() for cell in row.select("td")] for row in
            section.select("table.satudata-boundary-regions tbody tr")] == [
        [code, NAMES[code]] for code in CODES]
    # the original file, as uploaded
    download = client.get(section.select_one("a[download]")["href"])
    assert download.status_code == 200 and download.data == KECAMATAN_FILE
    assert "attachment" in download.headers["Content-Disposition"]
    # delete: without its CSRF token refused
    delete = section.select_one("form")
    assert client.post(delete["action"], follow_redirects=False).status_code == 400
    assert len(maps_state()["rows"]) == 1
    response = client.post(delete["action"], data={"_csrf_token": _token(delete)},
                           follow_redirects=False)
    assert response.status_code == 302
    assert maps_state()["rows"] == []
    assert _open(client, PAGE).select_one(".satudata-boundary-none") is not None
    assert client.get(f"{PAGE}/kecamatan/unduh").status_code == 404


def test_a_refused_file_shows_why_and_stores_nothing(app, mailbox, keepers):
    client = _browser(app, mailbox, keepers["sysadmin"])
    form = _open(client, PAGE).select_one("form.satudata-boundary-form")
    before = maps_state()
    wrong = encoded(collection(f2={"properties": {}}, f4={"geometry": None}))
    response = _post_file(client, form, wrong, name="Salah")
    assert response.status_code == 200
    page = _soup(response)
    problems = [item.get_text() for item in page.select(".alert-danger li")]
    assert problems == ["Feature 2: the property kode is missing",
                        "Feature 4: it has no geometry"]
    again = page.select_one("form.satudata-boundary-form")
    assert again.select_one("input[name=name]")["value"] == "Salah"
    assert _token(again)
    # without a token nothing is even looked at
    response = client.post(form["action"], data={
        "upload": (io.BytesIO(KECAMATAN_FILE), "k.geojson")},
        content_type="multipart/form-data", follow_redirects=False)
    assert response.status_code == 400
    # no file chosen
    response = client.post(form["action"], data={"_csrf_token": _token(form)},
                           follow_redirects=False)
    assert response.status_code == 200
    assert _soup(response).select_one(".alert-danger li").get_text() == (
        "Choose a boundary file (GeoJSON) to upload")
    assert maps_state() == before
    # the sysadmin's other admin pages link to it
    admin = _open(client, "/en/ckan-admin/trash")
    assert admin.select_one("a[href$='/ckan-admin/batas-wilayah']") is not None
