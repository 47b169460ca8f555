"""Published values change only through the portal's workflow.

The DataStore resource that publication writes (remembered in
``satudata_publication``) holds the verified numbers that
``datastore_search``, the DataStore dump and the DCAT distributions serve.
Every other way to write it — the DataStore actions, the resource actions
and a ``package_update`` whose resources drop or change it — is refused
for every role, sysadmin included, with 403 and a message saying how
published values change; its rows and the resource stay as they were.

Before the fix every write test below failed: an operator (editor of the
OPD), the verifikator, walidata and a sysadmin could upsert, delete and
re-create the rows and patch, update or delete the resource (CKAN's
``package_update`` auth lets every editor of the organization do so), so
the public DataStore served numbers nobody verified.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from ckan.tests import helpers

from ckanext.satudata.workflow import store
from tests.indicators.support import Api
from tests.workflow.support import to_state, workflow_state

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")

ROLES = ("anonymous", "public", "operator", "verifikator", "walidata", "sysadmin")
FIRST_ROW = "33.74.01"


def _site() -> dict[str, Any]:
    return {"user": helpers.call_action("get_site_user", {"ignore_auth": True})["name"],
            "ignore_auth": True}


def _published(people: dict[str, Any]) -> str:
    to_state(people, "published")
    found = store.publication(people["dataset"]["id"])
    assert found is not None
    return found["resource_id"]


def _writes(resource_id: str, package: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every way around the workflow, with its data."""
    dataset = helpers.call_action("package_show", _site(), id=package["id"])
    others = [r for r in dataset["resources"] if r["id"] != resource_id]
    changed = [
        {**r, "url": "https://contoh.invalid/palsu.csv"} if r["id"] == resource_id
        else r for r in dataset["resources"]
    ]
    return {
        "datastore_upsert": {
            "resource_id": resource_id, "method": "upsert",
            "records": [{"periode": "2024-S1", "kode_wilayah": FIRST_ROW,
                         "perempuan": 1}],
        },
        "datastore_delete": {
            "resource_id": resource_id, "force": True,
            "filters": {"kode_wilayah": FIRST_ROW},
        },
        "datastore_delete_table": {"resource_id": resource_id, "force": True},
        "datastore_records_delete": {
            "resource_id": resource_id, "force": True,
            "filters": {"kode_wilayah": FIRST_ROW},
        },
        "datastore_create": {
            "resource_id": resource_id, "force": True,
            "records": [{"periode": "2099-S1", "kode_wilayah": FIRST_ROW}],
        },
        "datastore_run_triggers": {"resource_id": resource_id},
        "resource_patch": {"id": resource_id, "url": "https://contoh.invalid/a.csv"},
        "resource_update": {
            "id": resource_id, "name": "Data palsu", "url": "https://contoh.invalid",
        },
        "resource_delete": {"id": resource_id},
        "package_update_without": {**dataset, "resources": others},
        "package_update_changed": {**dataset, "resources": changed},
        "package_patch_without": {"id": package["id"], "resources": others},
        "package_revise": {
            "match": {"id": package["id"]},
            "update__resources__0": {"url": "https://contoh.invalid/b.csv"},
        },
    }


def _action(name: str) -> str:
    return {
        "datastore_delete_table": "datastore_delete",
        "package_update_without": "package_update",
        "package_update_changed": "package_update",
        "package_patch_without": "package_patch",
    }.get(name, name)


def _snapshot(resource_id: str) -> dict[str, Any]:
    rows = helpers.call_action("datastore_search", _site(), resource_id=resource_id,
                               limit=1000, sort="periode, kode_wilayah")
    resource = helpers.call_action("resource_show", _site(), id=resource_id)
    resource.pop("metadata_modified", None)
    return {
        "rows": json.dumps(rows["records"], sort_keys=True, default=str),
        "fields": rows["fields"],
        "resource": resource,
        "tables": workflow_state(),
    }


WRITES = (
    "datastore_upsert", "datastore_delete", "datastore_delete_table",
    "datastore_records_delete", "datastore_create", "datastore_run_triggers",
    "resource_patch", "resource_update", "resource_delete",
    "package_update_without", "package_update_changed", "package_patch_without",
    "package_revise",
)


@pytest.mark.parametrize("write", WRITES)
def test_no_role_writes_the_published_resource(
    api: Api, people: dict[str, Any], write: str,
) -> None:
    """403 for every role (anonymous and the public user already were;
    the OPD's staff, walidata and a sysadmin were not before the fix), and
    neither the rows nor the resource change."""
    resource_id = _published(people)
    before = _snapshot(resource_id)
    data = _writes(resource_id, people["dataset"])[write]
    for role in ROLES:
        user = None if role == "anonymous" else people[role]
        body = api.call(_action(write), user, status=403, **data)
        assert body["success"] is False, (role, body)
        if role in ("operator", "verifikator", "sysadmin"):  # CKAN allows them
            assert "Perubahan" in body["error"]["message"] or (
                "alur kerja" in body["error"]["message"]
            ), (role, body)
        assert _snapshot(resource_id) == before, (write, role)


def test_the_refusal_says_how_published_values_change(
    api: Api, people: dict[str, Any],
) -> None:
    resource_id = _published(people)
    body = api.call("datastore_upsert", people["sysadmin"], status=403,
                    resource_id=resource_id, method="upsert", records=[])
    text = body["error"]["message"]
    assert "diterbitkan" in text and "alur kerja" in text, text


def test_internal_calls_are_refused_too(people: dict[str, Any]) -> None:
    """Code of another plugin calling with ``ignore_auth`` (as the site
    user) is refused as well: only the workflow writes the resource."""
    resource_id = _published(people)
    before = _snapshot(resource_id)
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action("datastore_delete", _site(), resource_id=resource_id,
                            force=True)
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action("resource_delete", _site(), id=resource_id)
    assert _snapshot(resource_id) == before


def test_other_resources_and_the_dataset_stay_editable(
    api: Api, people: dict[str, Any],
) -> None:
    """The guard is about the published resource only: the operator still
    edits the dataset and its other resources."""
    resource_id = _published(people)
    before = _snapshot(resource_id)
    operator = people["operator"]
    extra = api.call("resource_create", operator, package_id=people["dataset"]["id"],
                     name="Lampiran", url="https://contoh.invalid/lampiran.pdf")
    api.call("resource_patch", operator, id=extra["result"]["id"],
             description="Catatan metode")
    api.call("package_patch", operator, id=people["dataset"]["id"],
             notes="Catatan baru")
    dataset = api.call("package_show", operator, id=people["dataset"]["id"])["result"]
    api.call("package_update", operator, **{**dataset, "notes": "Lagi"})
    api.call("resource_delete", operator, id=extra["result"]["id"])
    after = _snapshot(resource_id)
    assert after["rows"] == before["rows"]
    assert after["resource"]["url"] == before["resource"]["url"]


def test_the_workflow_still_publishes_into_it(people: dict[str, Any]) -> None:
    resource_id = _published(people)
    to_state(people, "published", "2024-S2")
    found = helpers.call_action("datastore_search", _site(), resource_id=resource_id,
                                limit=1000)
    assert {r["periode"] for r in found["records"]} == {"2024-S1", "2024-S2"}


def test_the_datastores_own_timestamp_job_still_runs(people: dict[str, Any]) -> None:
    """After a write the DataStore stamps ``last_modified`` on the resource
    from a background job (the site user patches that key alone, outside
    the publication). Seen on ``make demo``: the guard refused it and the
    worker logged a traceback for every publication. The job is allowed;
    the same patch with any other key, or by anyone else, is not."""
    from datetime import datetime, timezone

    from ckanext.datastore.logic.action import _patch_resource_last_modified

    resource_id = _published(people)
    before = _snapshot(resource_id)
    stamp = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)
    _patch_resource_last_modified(resource_id, stamp)
    shown = helpers.call_action("resource_show", _site(), id=resource_id)
    assert shown["last_modified"].startswith("2026-12-03T12:00")
    assert _snapshot(resource_id)["rows"] == before["rows"]
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action("resource_patch", _site(), id=resource_id,
                            last_modified=stamp.isoformat(), name="Lain")
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action(
            "resource_patch", {"user": people["sysadmin"]["name"]},
            id=resource_id, last_modified=stamp.isoformat(),
        )
