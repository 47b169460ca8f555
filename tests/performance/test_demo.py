"""The demo's performance indicators (``demo/performance.py``): two demo
datasets marked by the walidata, the same on a second run."""

from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.demo import performance
from ckanext.satudata.testing import sdi_fields
from tests.indicators.support import as_user

from . import support

pytestmark = [
    pytest.mark.usefixtures("clean_db", "with_plugins"),
    pytest.mark.ckan_config("ckanext.satudata.performance.cache_seconds", "0"),
]


def test_marks_the_two_indicators_once() -> None:
    factories.Sysadmin(name="walidata")  # the demo's walidata is a sysadmin
    operator = factories.User(name="operator-dinkes")
    organization = factories.Organization(name="dinkes", users=[
        {"name": operator["name"], "capacity": "editor"}])
    for name, code in (("angka-partisipasi-kasar-dan-murni-pendidikan-dasar", "apm"),
                       ("penemuan-kasus-tuberkulosis-per-kecamatan",
                        "keberhasilan_pengobatan")):
        dataset = factories.Dataset(name=name, owner_org=organization["id"],
                                    **sdi_fields())
        helpers.call_action(
            "satudata_structure_update", as_user(operator), id=dataset["id"],
            components=[support.component(code, "Persen", "Persen", "percentage")],
            breakdown={"type": "none"}, granularity="tahunan", first_period="2023")
    said: list[str] = []
    assert performance.load(said.append) == {"updated": 2}
    assert said == ["  performance indicators: 2 updated"]
    for name, wanted in performance.INDICATORS.items():
        shown = helpers.call_action("package_show", {"ignore_auth": True}, id=name)
        assert {key: shown[key] for key in wanted} == wanted
    rows = helpers.call_action("satudata_performance_list", as_user(None))
    assert sorted((row["component"], row["year"], row["target"]) for row in rows) == [
        ("apm", 2023, 89.5), ("apm", 2024, 90), ("apm", 2025, 90.5), ("apm", 2026, 91),
        ("keberhasilan_pengobatan", 2025, 88), ("keberhasilan_pengobatan", 2026, 90)]
    # a second run: nothing to do
    activities = helpers.call_action("package_activity_list", {"ignore_auth": True},
                                     id="penemuan-kasus-tuberkulosis-per-kecamatan")
    assert performance.load(said.append) == {"unchanged": 2}
    assert helpers.call_action("package_activity_list", {"ignore_auth": True},
                               id="penemuan-kasus-tuberkulosis-per-kecamatan"
                               ) == activities
    # a demo without one of them
    helpers.call_action("package_delete", {"user": "walidata"},
                        id="penemuan-kasus-tuberkulosis-per-kecamatan")
    assert performance.load(said.append) == {"unchanged": 1, "skipped": 1}
