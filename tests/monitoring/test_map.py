"""The monitoring's thematic map page: a published dataset broken down by
kecamatan over the walidata's boundary."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import helpers

from tests.indicators.support import as_user
from tests.maps.conftest import Upload
from tests.maps.support import KECAMATAN_FILE
from tests.monitoring.support import build

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")


def test_map_page(app: Any, api: Any) -> None:
    found = build()
    walidata = found["walidata"]
    d = found["disdukcapil"]
    page = app.get("/pemantauan/peta", headers=api.headers(walidata))
    assert page.status_code == 200 and "satudata-thematic-map" not in page.body
    helpers.call_action("satudata_maps_boundary_upload", as_user(walidata),
                        upload=Upload(KECAMATAN_FILE))
    url = (f"/pemantauan/peta?dataset={d['dataset']['name']}&komponen=perempuan"
           "&periode=2024-S1")
    page = app.get(url, headers=api.headers(walidata))
    assert page.status_code == 200
    assert "satudata-thematic-map" in page.body and 'role="img"' in page.body
    # the table behind the map: Semarang Tengah's published value
    assert "Semarang Tengah" in page.body and "1.000" in page.body
    # an operator sees only their OPD's datasets; another OPD's is refused
    other = found["dinkes"]["operator"]
    mine = app.get("/pemantauan/peta", headers=api.headers(other))
    assert d["dataset"]["name"] not in mine.body
    refused = app.get(url, headers=api.headers(other))
    assert "satudata-thematic-map" not in refused.body
    assert app.get("/pemantauan/peta", headers=api.headers(found["public"])
                   ).status_code == 403
