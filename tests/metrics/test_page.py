"""The walidata's page /pemantauan/sistem and the action
satudata_metrics_summary: who may see them, and the figures they show
(availability, volume, percentiles per route, queues, search index,
storage, database)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories

from ckanext.satudata.metrics import store, summary
from ckanext.satudata.testing import sdi_fields

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

PAGE = "/pemantauan/sistem"
ACTION = "/api/3/action/satudata_metrics_summary"
ROLES = ("anonymous", "warga", "operator", "verifikator", "verifikator-lain",
         "walidata", "pembina", "sysadmin")
ALLOWED = {"walidata", "pembina", "sysadmin"}


def _headers(staff: dict[str, Any], role: str) -> dict[str, str]:
    if role == "anonymous":
        return {}
    return {"Authorization": factories.APIToken(user=staff[role]["name"])["token"]}


def _record_known_figures(now: float) -> None:
    """Eight quick answers this hour, two slow server errors the hour
    before, one answer two days ago on another route."""
    for _ in range(8):
        store.record("/dataset/", "GET", "2xx", 0.03, now=now)
    for _ in range(2):
        store.record("/dataset/", "GET", "5xx", 2.0, now=now - 3600)
    store.record("/dataset/<id>", "POST", "2xx", 0.3, now=now - 2 * 86400)


def test_the_action_for_every_role(app, staff, figures):
    """Read-only: allowed exactly for walidata, pembina and sysadmin."""
    for role in ROLES:
        response = app.get(ACTION, headers=_headers(staff, role))
        if role in ALLOWED:
            assert response.status_code == 200, role
            result = response.json["result"]
            assert result["hours"] == 24 and len(result["hourly"]) == 24
            assert len(result["daily"]) == summary.DAYS
        else:
            assert response.status_code == 403, role
            assert "result" not in response.json


def test_the_page_for_every_role(app, staff, figures):
    for role in ROLES:
        response = app.get(PAGE, headers=_headers(staff, role),
                           follow_redirects=False)
        if role == "anonymous":
            assert response.status_code == 302
            assert "/user/login" in response.headers["Location"]
        elif role in ALLOWED:
            assert response.status_code == 200, role
            page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
            assert page.select_one("h1.page-heading")
            assert page.select_one("table.satudata-metrics-queues")
            assert page.select_one("table.satudata-metrics-daily caption")
        else:
            assert response.status_code == 403, role
            assert "satudata-metrics" not in response.get_data(as_text=True)


def test_hours_are_checked(app, staff, figures):
    headers = _headers(staff, "walidata")
    for hours in (0, 169, "x"):
        response = app.get(ACTION, query_string={"hours": hours}, headers=headers)
        assert response.status_code == 409, hours
        assert "hours" in response.json["error"]
    response = app.get(ACTION, query_string={"hours": 168}, headers=headers)
    assert len(response.json["result"]["hourly"]) == 168


def test_the_summary_of_known_figures(figures):
    now = (store.hour_of(time.time()) * 3600) + 1800  # this hour's middle
    _record_known_figures(now)

    found = summary.requests(24, now=now)
    assert found["period"] == {
        "requests": 10, "errors": 2, "client_errors": 0, "availability": 0.8,
        # rank 5 of 8 in (0.025, 0.05]; rank 9.5: 1.5 of 2 in (1, 2.5]
        "p50": 0.0406, "p95": 2.125, "mean": round((8 * 0.03 + 2 * 2.0) / 10, 4),
    }
    last, before = found["hourly"][-1], found["hourly"][-2]
    assert (last["requests"], last["errors"], last["availability"]) == (8, 0, 1.0)
    assert (before["requests"], before["errors"], before["availability"]) == (2, 2, 0.0)
    assert last["hour"] == store.hour_of(now)
    assert sum(item["requests"] for item in found["hourly"]) == 10
    # seven days, the oldest answer among them
    assert len(found["daily"]) == 7
    assert sum(item["requests"] for item in found["daily"]) == 11
    assert sum(item["errors"] for item in found["daily"]) == 2
    assert [item["route"] for item in found["routes"]] == ["/dataset/"]
    assert found["routes"][0]["methods"] == {"GET": 10}
    assert found["slowest"][0]["route"] == "/dataset/"

    week = summary.requests(168, now=now)
    assert [(item["route"], item["requests"]) for item in week["routes"]] == [
        ("/dataset/", 10), ("/dataset/<id>", 1)]
    assert week["routes"][1]["methods"] == {"POST": 1}
    assert week["period"]["requests"] == 11


def test_the_page_shows_the_figures(app, staff, figures):
    now = time.time()
    _record_known_figures(now)
    factories.Dataset(**sdi_fields())
    response = app.get(PAGE, headers=_headers(staff, "pembina"))
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.select_one(".satudata-metrics-requests").get_text(strip=True) == "10"
    assert page.select_one(".satudata-metrics-errors").get_text(strip=True) == "2"
    assert page.select_one(".satudata-metrics-availability").get_text(
        strip=True) == "80,00 %"
    slowest = page.select("table.satudata-metrics-slowest tbody tr")
    assert [row["data-route"] for row in slowest] == ["/dataset/"]
    assert page.select_one("svg.satudata-metrics-chart title")
    assert len(page.select("table.satudata-metrics-hourly tbody tr")) == 24
    assert len(page.select("table.satudata-metrics-daily tbody tr")) == 7
    queues = [row["data-queue"] for row in
              page.select("table.satudata-metrics-queues tbody tr")]
    assert {"default", "satudata", "satudata_privacy"} <= set(queues)
    assert page.select_one(".satudata-metrics-database").get_text(strip=True)
    # the week: the answer of two days ago on its route too (and the
    # page itself, opened above)
    week = BeautifulSoup(app.get(PAGE, query_string={"jam": 168},
                                 headers=_headers(staff, "pembina")
                                 ).get_data(as_text=True), "html.parser")
    assert {row["data-route"] for row in week.select(
        "table.satudata-metrics-routes tbody tr")} == {"/dataset/", "/dataset/<id>",
                                                   PAGE}
    # any other period is the default day
    other = app.get(PAGE, query_string={"jam": 999}, headers=_headers(staff, "pembina"))
    assert other.status_code == 200


def test_the_page_without_redis(app, staff, figures, monkeypatch):
    headers = _headers(staff, "walidata")
    with monkeypatch.context() as patch:
        patch.setattr(store, "connect",
                      lambda: store.client_for("redis://127.0.0.1:1/0"))
        response = app.get(PAGE, headers=headers)
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.select_one(".satudata-metrics-unavailable")
    assert page.select_one("table.satudata-metrics-queues")


def test_the_dashboard_tab_for_walidata_and_pembina_only(app, staff, figures):
    for role, shown in (("walidata", True), ("pembina", True), ("operator", False)):
        html = app.get("/dashboard/datasets",
                       headers=_headers(staff, role)).get_data(as_text=True)
        assert (f'href="{PAGE}"' in html) is shown, role
