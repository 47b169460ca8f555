"""The thematic map on the dataset page: with a boundary, a dataset broken
down by kecamatan shows "Peta Tematik" of the chosen component and period
(the chart's ``?komponen=`` and ``?periode=``) under its bar chart, from
the published values only; without a boundary the page is as it was."""

from __future__ import annotations

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers

from tests.indicators.support import as_user
from tests.maps.conftest import Upload
from tests.maps.support import CODES, KECAMATAN_FILE, NAMES
from tests.workflow.support import VALUES, fill, move, to_state

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")

SVG_TITLE = "Thematic map: Perempuan (Orang) by kecamatan, 2024 Semester 1"


def _page(app: Any, people: dict[str, Any], headers: dict[str, str] | None = None,
          status: int = 200, **args: str) -> str:
    # in English: the texts do not change when the Indonesian catalogue does
    response = app.get(f"/en/dataset/{people['dataset']['name']}", query_string=args,
                       headers=headers or {})
    assert response.status_code == status
    return response.get_data(as_text=True)


def _upload(people: dict[str, Any], content: bytes = KECAMATAN_FILE) -> None:
    helpers.call_action("satudata_maps_boundary_upload", as_user(people["walidata"]),
                        upload=Upload(content))


def _map(body: str) -> Any:
    return BeautifulSoup(body, "html.parser").select_one("figure#peta-tematik")


def _titles(figure: Any) -> dict[str, str]:
    return {path["data-kode"]: path.title.get_text()
            for path in figure.select("svg path[data-kode]")}


def test_the_map_shows_the_chosen_component_and_period(app, people):
    to_state(people, "published")
    fill(people, "2024-S2", {code: {"perempuan": cells["perempuan"] + 5,
                                    "laki_laki": cells["laki_laki"],
                                    "rasio": cells["rasio"]}
                             for code, cells in VALUES.items()})
    for action, who in (("submit", "operator"), ("verify", "verifikator"),
                        ("publish", "walidata")):
        move(people, action, who, "2024-S2")
    _upload(people)
    figure = _map(_page(app, people, periode="2024-S1"))
    assert figure is not None
    assert figure["data-matched"] == "4" and figure["data-level"] == "kecamatan"
    svg = figure.select_one("svg")
    assert svg["role"] == "img" and svg["aria-label"] == SVG_TITLE
    assert _titles(figure) == {
        code: f"{NAMES[code]}: {value}" for code, value in
        zip(CODES, ("1.000", "1.010", "1.020", "1.030"), strict=True)}
    legend = [" ".join(text.get_text().split())
              for text in figure.select("g.satudata-map-legend text")]
    assert legend == ["Perempuan (Orang)", "1.000 (1)", "1.010 (1)", "1.020 (1)",
                      "1.030 (1)"]
    caption = figure.get_text(" ")
    assert "4 of 16 rows match a region of the boundary file" in caption
    # the map sits with the charts, under the bar chart
    section = BeautifulSoup(_page(app, people), "html.parser").select_one(
        "#komponen-data")
    figures = [f.get("id") or f.figcaption.get_text()[:9]
               for f in section.select("figure")]
    assert figures[1] == "peta-tematik" and len(figures) == 3
    # the newest period by default; another component
    assert _titles(_map(_page(app, people)))["33.74.01"] == "Semarang Tengah: 1.005"
    picked = _map(_page(app, people, periode="2024-S1", komponen="rasio"))
    assert _titles(picked) == {"33.74.01": "Semarang Tengah: 99",
                               "33.74.02": "Semarang Utara: 99,1",
                               "33.74.03": "Semarang Timur: 99,2",
                               "33.74.04": "Gayamsari: 99,3"}
    assert picked.select_one("svg")["aria-label"].startswith(
        "Thematic map: Rasio jenis kelamin (Persen)")


def _same(body: str) -> str:
    """The page without its thematic map, its CSRF token (new on each
    request) and the difference between runs of white space."""
    body = re.sub(r'<figure id="peta-tematik".*?</figure>', "", body, flags=re.S)
    body = re.sub(r'(name="_csrf_token"[^>]*?(?:content|value)=")[^"]*"', r"\1", body)
    return " ".join(body.split())


def test_without_a_boundary_the_page_is_unchanged(app, people):
    to_state(people, "published")
    before = _page(app, people)
    assert "peta-tematik" not in before and "satudata-choropleth" not in before
    _upload(people)
    shown = _page(app, people)
    assert _map(shown) is not None
    assert _same(shown) == _same(before)
    assert _same(shown) != " ".join(shown.split())  # the map was there
    helpers.call_action("satudata_maps_boundary_delete", as_user(people["walidata"]),
                        level="kecamatan")
    assert _same(_page(app, people)) == _same(before)
    # a desa/kelurahan boundary: the dataset is broken down by kecamatan
    desa = (b'{"type": "FeatureCollection", "features": [{"type": "Feature",'
            b' "properties": {"kode": "33.74.01.1001"}, "geometry": {"type":'
            b' "Polygon", "coordinates": [[[110.4, -7.0], [110.5, -7.0],'
            b' [110.5, -6.9], [110.4, -7.0]]]}}]}')
    _upload(people, desa)
    assert _same(_page(app, people)) == _same(before)


def test_a_closed_dataset_shows_its_map_only_to_whoever_reads_it(app, api, people):
    site = {"user": helpers.call_action("get_site_user", {"ignore_auth": True})["name"],
            "ignore_auth": True}
    helpers.call_action("package_patch", site, id=people["dataset"]["id"],
                        keterbukaan="terbatas")
    to_state(people, "published")
    _upload(people)
    body = _page(app, people, status=404)
    assert "peta-tematik" not in body and "Semarang Tengah: 1.000" not in body
    for who in ("public", "other_operator"):
        body = _page(app, people, api.headers(people[who]), status=404)
        assert "Semarang Tengah: 1.000" not in body, who
    for who in ("member", "pembina", "walidata"):
        figure = _map(_page(app, people, api.headers(people[who])))
        assert _titles(figure)["33.74.01"] == "Semarang Tengah: 1.000", who
