"""A CKAN harvests us with ckanext-harvest and ckanext-dcat's ``dcat_rdf``
harvester (docs/harvesting.md).

The harvesting side is the same test CKAN with the ``harvest`` and
``dcat_rdf_harvester`` plugins added for this module: the demo's catalogue
is read through the Flask client, page by page, and served to the
harvester's HTTP requests (``responses``: the harvester asks for
``{site}/catalog.ttl`` and follows ``hydra:nextPage``). The harvester's
stages run in-process without queues, as ckanext-harvest's own tests do;
the harvested datasets go into a separate organization and are compared
with the originals."""

from __future__ import annotations

import json
from typing import Any

import pytest
import responses
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import helpers
from responses import matchers

from ckanext.satudata.demo import loader
from ckanext.satudata.testing import migrate_plugin_tables

from .test_catalogue import SDI_FIELDS

PLUGINS = (
    "satudata satudata_access satudata_search satudata_dcat satudata_workflow "
    "satudata_indicators datastore scheming_datasets activity tracking dcat "
    "harvest dcat_rdf_harvester"
)
pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    # the harvester reads only this setting (not a source's config)
    pytest.mark.ckan_config("ckanext.dcat.rdf.profiles", "euro_dcat_ap_3 satudata"),
    pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", 20),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]
HARVESTER_ORGANIZATION = "portal-nasional"


def _originals() -> dict[str, dict[str, Any]]:
    found = helpers.call_action("package_search", {"user": ""}, rows=1000)
    return {d["name"]: d for d in found["results"]}


def _serve_catalogue(app: Any, mock: responses.RequestsMock) -> str:
    """Our catalogue's pages as the harvester will ask for them; the
    source URL."""
    url = f"{tk.config['ckan.site_url']}/catalog.ttl"
    page, pages = 1, 0
    while True:
        response = app.get("/catalog.ttl", query_string={"page": page}, status=200)
        body = response.get_data()
        query = {} if page == 1 else {"page": str(page)}
        for method, content in ((responses.HEAD, b""), (responses.GET, body)):
            mock.add(
                method, url, body=content, content_type="text/turtle",
                match=[matchers.query_param_matcher(query)],
            )
        pages += 1
        if b"nextPage" not in body:
            break
        page += 1
    assert pages == 3  # 49 datasets, 20 a page
    return url


def _harvest(source_url: str, organization: str) -> list[dict[str, Any]]:
    """Create a harvest source and run a job's stages in-process."""
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob, HarvestObject

    site_user = helpers.call_action("get_site_user", {"ignore_auth": True})["name"]
    context = {"user": site_user, "ignore_auth": True}
    source = helpers.call_action(
        "harvest_source_create", dict(context),
        name="satu-data-semarang", title="Satu Data Semarang",
        url=source_url, source_type="dcat_rdf", owner_org=organization,
        config=json.dumps({"rdf_format": "text/turtle"}), frequency="MANUAL",
    )
    job_dict = helpers.call_action(
        "harvest_job_create", dict(context), source_id=source["id"], run=False
    )
    job = HarvestJob.get(job_dict["id"])
    job.status = "Running"
    job.save()
    harvester = queue.get_harvester("dcat_rdf")
    object_ids = queue.gather_stage(harvester, job)
    assert isinstance(object_ids, list), [e.message for e in job.gather_errors]
    errors = []
    for object_id in object_ids:
        harvest_object = HarvestObject.get(object_id)
        queue.fetch_and_import_stages(harvester, harvest_object)
        errors += [e.message for e in harvest_object.errors]
    assert errors == []
    helpers.call_action("harvest_jobs_run", {"ignore_auth": True})
    model.Session.expire_all()
    packages = model.Session.query(model.Package).filter_by(
        owner_org=source["owner_org"], type="dataset", state="active"
    )
    return [
        helpers.call_action("package_show", dict(context), id=package.id)
        for package in packages
    ]


def _resources(dataset: dict[str, Any]) -> set[tuple[str, str]]:
    """(name, URL) of each resource; a DataStore table's URL is its dump."""
    site = tk.config["ckan.site_url"]
    return {
        (r["name"], r["url"] if r.get("url_type") != "datastore"
         else f"{site}/datastore/dump/{r['id']}")
        for r in dataset["resources"]
    }


def test_a_ckan_harvests_the_catalogue_with_ckanext_harvest(app):
    migrate_plugin_tables((("harvest", "ckanext.harvest"),))
    loader.load(echo=lambda _line: None)
    originals = _originals()
    assert len(originals) == 49
    site_user = helpers.call_action("get_site_user", {"ignore_auth": True})["name"]
    organization = helpers.call_action(
        "organization_create", {"user": site_user, "ignore_auth": True},
        name=HARVESTER_ORGANIZATION, title="Portal Data Nasional",
    )
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        url = _serve_catalogue(app, mock)
        harvested = _harvest(url, organization["id"])

    assert len(harvested) == 49
    by_uri = {}
    for copy in harvested:
        extras = {e["key"]: e["value"] for e in copy.get("extras", [])}
        by_uri[extras["uri"].rsplit("/", 1)[-1]] = (copy, extras)
    by_id = {d["id"]: d for d in originals.values()}
    assert set(by_uri) == set(by_id)
    structured = 0
    for original_id, (copy, extras) in by_uri.items():
        original = by_id[original_id]
        assert copy["title"] == original["title"]
        assert copy["organization"]["name"] == HARVESTER_ORGANIZATION
        assert copy["name"] != original["name"] or copy["id"] != original["id"]
        # the publisher: the OPD that published it at the source
        assert extras["publisher_name"] == original["organization"]["title"]
        assert extras["publisher_identifier"] == original["organization"]["name"]
        assert copy["license_id"] == original["license_id"] == "cc-by"
        # every resource (published indicator values: also as JSON and XLSX)
        assert _resources(original) <= _resources(copy), original["name"]
        # the unit in StatDCAT-AP, the structure of indicator datasets
        assert original["satuan"] in json.loads(extras["stat_unit_measure"])
        structured += "satudata_components" in extras
        for field in SDI_FIELDS:
            assert copy.get(field) == original.get(field), (original["name"], field)
    assert structured > 0
