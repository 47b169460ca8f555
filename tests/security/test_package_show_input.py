"""CKAN's ``package_show`` answered 500 to an ``id`` that is no text and to
a flag that is no boolean (``asbool`` raising): now a validation error
naming the field, and nothing else changes (GET still works, names and ids
still find the dataset)."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories

from ckanext.satudata.testing import sdi_fields

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

API = "/api/3/action/package_show"


@pytest.fixture
def dataset() -> dict[str, Any]:
    return factories.Dataset(name="penduduk", owner_org=factories.Organization()["id"],
                             **sdi_fields())


@pytest.mark.parametrize(("data", "field"), [
    ({"id": {"a": 1}}, "id"),
    ({"id": ["penduduk"]}, "id"),
    ({"id": 12}, "id"),
    ({"name_or_id": {"a": 1}}, "name_or_id"),
    ({"id": "x\x00"}, "id"),
    ({"id": "penduduk", "use_default_schema": "perhaps"}, "use_default_schema"),
    ({"id": "penduduk", "use_default_schema": {}}, "use_default_schema"),
    ({"id": "penduduk", "include_plugin_data": "perhaps"}, "include_plugin_data"),
])
def test_bad_input_is_a_validation_error(app: Any, dataset: dict[str, Any],
                                         data: dict[str, Any], field: str) -> None:
    response = app.post(API, json=data)
    assert response.status_code == 409, response.get_data(as_text=True)[:500]
    error = response.json["error"]
    assert error["__type"] == "Validation Error"
    assert field in error


@pytest.mark.parametrize("query", [
    "id=penduduk", "id=penduduk&use_default_schema=true",
    "id=penduduk&include_plugin_data=false",
])
def test_good_input_still_finds_the_dataset(app: Any, dataset: dict[str, Any],
                                            query: str) -> None:
    response = app.get(f"{API}?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.json["result"]["id"] == dataset["id"]
    by_id = app.get(f"{API}?id={dataset['id']}")
    assert by_id.json["result"]["name"] == "penduduk"
