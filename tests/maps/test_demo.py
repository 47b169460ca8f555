"""The demo's boundary (demo/maps.py): uploaded through the action, the
same on a second run; a demo dataset broken down by kecamatan shows its
map."""

from __future__ import annotations

import pytest
from ckan.tests import helpers

from ckanext.satudata.demo import maps as demo_maps
from ckanext.satudata.demo.tables import kecamatan
from ckanext.satudata.maps import api as maps
from tests.maps.conftest import maps_state

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")


def test_the_demo_boundary_loads_once():
    lines: list[str] = []
    assert demo_maps.load_boundary(lines.append) == "created"
    state = maps_state()
    assert demo_maps.load_boundary(lines.append) == "unchanged"
    assert maps_state() == state
    assert lines == ["  map boundaries: 1 created", "  map boundaries: 1 unchanged"]
    shown = helpers.call_action("satudata_maps_boundary_show", {})
    assert shown["name"] == demo_maps.NAME and shown["repaired"] == []
    # every kecamatan of the demo city, and no other region
    assert maps.region_codes() == [item.code for item in kecamatan()]
    assert [item["name"] for item in shown["features"]] == [
        item.name for item in kecamatan()]


@pytest.mark.ckan_config("ckanext.satudata.region_code", "21.71")
def test_another_portal_region_skips_the_demo_boundary():
    assert demo_maps.load_boundary(lambda line: None) == "skipped"
    assert maps.boundary() is None
