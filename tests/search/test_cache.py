"""The result cache answers repeated searches and never outlives a change."""

from __future__ import annotations

import copy

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories, helpers

from ckanext.satudata.search import cache

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

FACETS = {"facet.field": '["organization", "tags"]'}


def test_repeated_search_is_served_from_cache():
    org = factories.Organization(name="dinas-sosial")
    factories.Dataset(owner_org=org["id"], title="Penerima Bantuan Sosial",
                      tags=[{"name": "bansos"}])
    first = helpers.call_action("package_search", q="bantuan", **FACETS)
    before = cache.stats()["hits"]
    second = helpers.call_action("package_search", q="bantuan", **FACETS)
    assert second == first
    assert cache.stats()["hits"] >= before + 2  # facets with the count, page


def test_index_writes_retire_cached_results():
    org = factories.Organization(name="dinas-sosial")
    factories.Dataset(owner_org=org["id"], title="Penerima Bantuan Sosial",
                      tags=[{"name": "bansos"}])
    assert helpers.call_action("package_search", q="bantuan", **FACETS)[
        "facets"]["tags"] == {"bansos": 1}
    factories.Dataset(owner_org=org["id"], title="Bantuan Pangan Non Tunai",
                      tags=[{"name": "bansos"}])
    result = helpers.call_action("package_search", q="bantuan", **FACETS)
    assert result["count"] == 2
    assert result["facets"]["tags"] == {"bansos": 2}


def test_any_change_of_the_tables_retires_cached_results():
    factories.Dataset(title="Penerima Bantuan Sosial")
    assert helpers.call_action("package_search", q="bantuan")["count"] == 1
    with model.ensure_engine().begin() as conn:  # e.g. a reset, a migration
        conn.execute(sa.text("DELETE FROM satudata_search_index"))
    assert helpers.call_action("package_search", q="bantuan")["count"] == 0


@pytest.mark.ckan_config("ckanext.satudata.search.cache_size", 0)
def test_cache_can_be_turned_off():
    factories.Dataset(title="Penerima Bantuan Sosial")
    before = cache.stats()
    for _ in range(2):
        assert helpers.call_action("package_search", q="bantuan")["count"] == 1
    assert cache.stats()["hits"] == before["hits"]


def test_cached_documents_are_not_changed_by_callers():
    """CKAN and plugins change the documents they get (CKAN moves
    ``extras_*`` into ``extras``, plugins add keys in after_dataset_search):
    a cached page keeps the documents as the index stored them."""
    factories.Dataset(title="Penerima Bantuan Sosial",
                      extras=[{"key": "tahun_data", "value": "2024"}])
    params = {"q": "bantuan", "fl": "name,extras_tahun_data"}
    first = helpers.call_action("package_search", **params)
    assert first["results"][0]["tahun_data"] == "2024"
    kept = copy.deepcopy(first)
    first["results"][0]["name"] = "diubah"
    before = cache.stats()["hits"]
    second = helpers.call_action("package_search", **params)
    assert cache.stats()["hits"] > before
    assert second == kept
