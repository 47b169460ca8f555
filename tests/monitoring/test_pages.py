"""The monitoring pages as pages (Flask client)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.monitoring.support import build

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")


@pytest.fixture
def fixture() -> dict[str, Any]:
    return build()


def test_walidata_dashboard(app: Any, api: Any, fixture: dict[str, Any]) -> None:
    page = app.get("/pemantauan?periode=2024-S2",
                   headers=api.headers(fixture["walidata"]))
    assert page.status_code == 200
    body = page.body
    assert "Disdukcapil" in body and "Dinkes" in body
    assert "satudata-bar-chart" in body and "satudata-line-chart" in body
    # 2024-S2: disdukcapil filled its period (a draft), dinkes did not
    assert "satudata-light-green" in body and "satudata-light-red" in body
    assert 'action=""' not in body and 'name="periode"' in body
    assert "satudata-monitoring-requests" in body  # requests and use sections
    # Indonesian
    assert "Tingkat keterisian" in body or "Tingkat Keterisian" in body


def test_opd_page_links_to_entry(app: Any, api: Any, fixture: dict[str, Any]) -> None:
    d = fixture["disdukcapil"]
    page = app.get("/pemantauan/opd/disdukcapil?periode=2024",
                   headers=api.headers(d["operator"]))
    assert page.status_code == 200
    assert f"/dataset/{d['dataset']['name']}/isian/2024-S2" in page.body
    # the operator sees only their own OPD
    assert app.get("/pemantauan/opd/dinkes?periode=2024",
                   headers=api.headers(d["operator"])).status_code == 403
    own = app.get("/pemantauan?periode=2024", headers=api.headers(d["operator"]))
    assert "Disdukcapil" in own.body and ">Dinkes<" not in own.body


def test_refused(app: Any, api: Any, fixture: dict[str, Any]) -> None:
    anonymous = app.get("/pemantauan", follow_redirects=False)
    assert anonymous.status_code == 302 and "/user/login" in anonymous.location
    assert app.get("/pemantauan", headers=api.headers(fixture["public"])
                   ).status_code == 403
    bad = app.get("/pemantauan?periode=2024-99",
                  headers=api.headers(fixture["walidata"]))
    assert bad.status_code == 200 and "2026-S2" in bad.body
