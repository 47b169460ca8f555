"""What other plugins use (maps/api.py): the boundary, its region codes and
a choropleth of any values by region; nothing without a boundary."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import helpers
from markupsafe import Markup

from ckanext.satudata.maps import api as maps
from ckanext.satudata.maps import thematic
from tests.indicators.support import as_user
from tests.maps.conftest import Upload
from tests.maps.support import CODES, KECAMATAN_FILE, NAMES, PATHS, encoded, square

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

DESA = encoded({"type": "FeatureCollection", "features": [
    square(110.40, -7.00, "33.74.01.1001"), square(110.45, -7.00, "33.74.01.1002"),
    square(110.50, -7.00, "33.74.01.1003")]})


def _upload(people: dict, content: bytes = KECAMATAN_FILE) -> None:
    helpers.call_action("satudata_maps_boundary_upload", as_user(people["walidata"]),
                        upload=Upload(content))


def test_nothing_without_a_boundary():
    assert maps.boundary() is None and maps.boundary("desa") is None
    assert maps.region_codes() == []
    assert maps.choropleth({"33.74.01": 1}, "Peta") is None
    assert maps.thematic_map({"33.74.01": 1}, "Peta") is None


def test_the_boundary_and_its_codes(keepers):
    _upload(keepers)
    found = maps.boundary()
    assert found is not None and found["level"] == "kecamatan"
    assert {item["kode"]: item["path"] for item in found["features"]} == PATHS
    assert maps.boundary("desa") is None
    assert maps.region_codes() == CODES == maps.region_codes("kecamatan")
    _upload(keepers, DESA)
    assert maps.region_codes("desa") == [
        "33.74.01.1001", "33.74.01.1002", "33.74.01.1003"]
    assert maps.region_codes() == sorted(CODES + maps.region_codes("desa"))
    assert maps.LEVELS == ("kecamatan", "desa")


def test_a_choropleth_of_any_values(keepers):
    _upload(keepers)
    _upload(keepers, DESA)
    svg = maps.choropleth({"33.74.01": 12.5, "337402": 3, "33.74.03": None,
                           "lain": 4}, "Capaian <2025>", legend_title="%")
    assert isinstance(svg, Markup)
    assert svg.startswith("<svg") and 'aria-label="Capaian &lt;2025&gt;"' in svg
    assert "Semarang Utara: 3" in svg  # 337402 is 33.74.02
    drawn = maps.thematic_map({"33.74.01": 12.5, "337402": 3, "33.74.03": None,
                               "lain": 4}, "Capaian")
    assert drawn is not None and drawn.level == "kecamatan"
    assert (drawn.total, drawn.matched, drawn.valued, drawn.no_data) == (4, 3, 2, 2)
    assert drawn.unmatched == ("lain",)
    # the boundary most codes match, or the one asked for
    by_desa = maps.thematic_map({"33.74.01.1001": 1, "33.74.01.1002": 2}, "Desa")
    assert by_desa is not None and by_desa.level == "desa"
    assert maps.choropleth({"33.74.01.1001": 1}, "Desa", level="kecamatan") is None
    assert maps.choropleth({"99.99": 1}, "Tidak ada") is None


def _published(**changes: Any) -> dict[str, Any]:
    """What the workflow's published section gives the dataset page."""
    shown = {
        "breakdown": {"type": "region", "level": "kecamatan"},
        "chart_component": {"code": "jumlah", "name": "Jumlah"},
        "rows": [{"code": code, "name": NAMES[code], "values": {"jumlah": i}}
                 for i, code in enumerate(CODES)],
    }
    shown.update(changes)
    return shown


def test_which_published_sections_get_a_map(keepers):
    assert thematic.published_map(_published(), "Peta") is None  # no boundary
    _upload(keepers)
    drawn = thematic.published_map(_published(), "Peta")
    assert drawn is not None and (drawn.matched, drawn.total) == (4, 4)
    for changes in (
        {"breakdown": {"type": "category"}},
        {"breakdown": {"type": "none"}},
        {"breakdown": {"type": "region", "level": "desa"}},
        {"chart_component": None},  # only text components
        {"rows": []},
        {"rows": [{"code": "33.74.05", "name": "Genuk", "values": {"jumlah": 1}}]},
    ):
        assert thematic.published_map(_published(**changes), "Peta") is None, changes
    assert thematic.published_map(None, "Peta") is None
