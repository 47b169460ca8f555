"""Our pages make the browser talk to no one but the portal (issue 14,
item 13).

Before the fix CKAN rendered Gravatar images (``//gravatar.com/avatar/<md5
of the e-mail>``): every page showing a user sent a hash of that user's
e-mail address to an outside service, and showed a broken image offline.
With ``ckan.gravatar_default = disabled`` users without a picture get the
portal's own placeholder (their initials).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories

from ckanext.satudata.testing import sdi_fields

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

SITE = "http://test.ckan.net"
#: Attributes that make the browser fetch something by itself.
FETCHING = ("src", "srcset", "data-src", "poster", "data", "action")


def _fetched_urls(html: str) -> list[str]:
    """Every URL the page loads without a click: sources of any element,
    stylesheets, icons and preloads."""
    soup = BeautifulSoup(html, "html.parser")
    urls: list[str] = []
    for tag in soup.find_all(True):
        for attr in FETCHING:
            value = tag.get(attr)
            if value and attr != "action":
                urls.extend(part.split()[0] for part in str(value).split(",")
                            if part.strip())
        if tag.name == "link" and tag.get("href"):
            urls.append(str(tag["href"]))
    return urls


def _foreign(urls: list[str]) -> list[str]:
    site = urlparse(SITE).netloc
    return [u for u in urls
            if urlparse(urljoin(SITE + "/", u)).scheme in ("http", "https")
            and urlparse(urljoin(SITE + "/", u)).netloc != site]


@pytest.fixture
def world() -> dict[str, Any]:
    """A sysadmin, an operator and their organization, none with a picture
    (CKAN's factories give them one on placekittens.com)."""
    admin = factories.Sysadmin(fullname="Sri Wahyuni", image_url="")
    operator = factories.User(fullname="Budi Santoso", email="budi@example.org",
                                 image_url="")
    org = factories.Organization(name="disdukcapil", image_url="", users=[
        {"name": operator["name"], "capacity": "editor"},
    ])
    dataset = factories.Dataset(
        name="jumlah-penduduk", title="Jumlah Penduduk", owner_org=org["id"],
        user=operator, **sdi_fields())
    token = factories.APIToken(user=admin["name"])["token"]
    return {"admin": admin, "operator": operator, "org": org, "dataset": dataset,
            "headers": {"Authorization": token}}


def _pages(world: dict[str, Any]) -> list[str]:
    return [
        "/",
        "/user/",
        f"/user/{world['operator']['name']}",
        f"/user/{world['admin']['name']}",
        f"/dataset/{world['dataset']['name']}",
        f"/dataset/activity/{world['dataset']['name']}",
        f"/organization/{world['org']['name']}",
        f"/organization/members/{world['org']['name']}",
        f"/organization/activity/{world['org']['name']}",
        "/dashboard/datasets",
    ]


def test_pages_showing_users_fetch_nothing_from_other_hosts(
    app: Any, world: dict[str, Any]
) -> None:
    """Failed before the fix: the header, the user list and the user pages
    had ``<img src="//gravatar.com/avatar/...">``."""
    for url in _pages(world):
        response = app.get(url, headers=world["headers"])
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert "gravatar" not in html.lower(), url
        assert _foreign(_fetched_urls(html)) == [], url


def test_users_without_a_picture_get_their_initials(
    app: Any, world: dict[str, Any]
) -> None:
    """Failed before the fix: a Gravatar image stood for the user."""
    html = app.get(f"/user/{world['operator']['name']}",
                   headers=world["headers"]).get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    avatars = soup.select(".user-image")
    assert avatars
    assert any(a.get_text(strip=True) == "BS" for a in avatars)
    header = soup.select_one("header .user-image, .account .user-image")
    assert header is not None and header.get_text(strip=True) == "SW"
