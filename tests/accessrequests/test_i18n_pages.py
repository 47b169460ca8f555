"""The access request pages speak Indonesian: crawled (tests/i18n's
crawler) as the institution's user and as the walidata, with a request
waiting in Pengolahan Data (detection shown) and one delivered."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories

from tests.i18n import crawler

from .support import people_with_data, request_at

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins", "mailbox"),
    pytest.mark.ckan_config("ckanext.satudata.otp.required_roles", ""),
]


def _get(app: Any, user: dict[str, Any]) -> Any:
    headers = {"Authorization": factories.APIToken(user=user["name"])["token"]}

    def get(path: str) -> tuple[int, str]:
        response = app.get(path, headers=headers, follow_redirects=False)
        return response.status_code, response.get_data(as_text=True)

    return get


def test_access_request_pages_speak_indonesian(app: Any) -> None:
    people = people_with_data()
    processing = request_at(people, "pengolahan_data")
    delivered = request_at(people, "selesai")
    own = ["/akses-data", "/akses-data/baru?dataset=penduduk-rentan",
           "/akses-data/saya", "/akses-data/unduh", f"/akses-data/{delivered}",
           f"/akses-data/{processing}", "/dashboard"]
    officer = ["/dashboard/akses-data", f"/akses-data/{processing}",
               f"/akses-data/{delivered}", "/dashboard/akses-data/audit"]
    for role, start in (("institution_user", own), ("walidata", officer)):
        report = crawler.crawl(_get(app, people[role]),
                               [path for path in start], limit=len(start))
        assert len(report.pages) == len(start), (role, report.pages)
        assert not report.findings, "\n".join(report.lines())
