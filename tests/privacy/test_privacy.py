"""The personal-data guard (satudata_privacy): uploads to terbuka datasets
and indicator periods are checked in background jobs; high-confidence
personal data holds them until the walidata confirm or a fix."""

from __future__ import annotations

import json
from typing import Any

import pytest
import rq
import sqlalchemy as sa
from ckan import model
from ckan.lib import jobs
from ckan.tests import helpers

from ckanext.satudata.privacy.model import scan_table
from tests.indicators.support import KECAMATAN, POPULATION, as_user
from tests.workflow.support import VALUES, move

pytestmark = pytest.mark.usefixtures(
    "clean_db", "clean_datastore", "clean_redis", "with_plugins")

NIK_CSV = (
    b"nama,nik,kecamatan\n"
    b"Budi Santoso,3374011203900001,Semarang Tengah\n"
    b"Siti Aminah,3374015507850002,Gayamsari\n"
)
CLEAN_CSV = b"kecamatan,laki_laki,perempuan\nSemarang Tengah,10,12\nGayamsari,7,9\n"


def _work() -> None:
    """Run the queued jobs of the ``satudata_privacy`` queue here and now."""
    queue = jobs.get_queue("satudata_privacy")
    rq.SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert queue.failed_job_registry.count == 0


def _scans() -> list[str]:
    rows = model.Session.execute(sa.select(scan_table)).mappings().all()
    model.Session.rollback()
    return sorted(json.dumps(dict(row), sort_keys=True, default=str) for row in rows)


def _upload(api: Any, people: dict[str, Any], content: bytes,
            filename: str = "penduduk.csv", resource_id: str | None = None
            ) -> dict[str, Any]:
    if resource_id:
        return api.upload("resource_update", people["operator"], content, filename,
                          id=resource_id, url="")["result"]
    return api.upload("resource_create", people["operator"], content, filename,
                      package_id=people["dataset"]["id"], name="Data mentah",
                      url="")["result"]


def _download(app: Any, people: dict[str, Any], resource: dict[str, Any],
              user: dict[str, Any] | None) -> Any:
    headers = {}
    if user is not None:
        from ckan.tests import factories

        headers = {"Authorization": factories.APIToken(user=user["name"])["token"]}
    return app.get(f"/dataset/{people['dataset']['name']}/resource/"
                   f"{resource['id']}/download", headers=headers)


def test_an_upload_with_niks_is_held_until_the_walidata_confirm(app, api, people):
    resource = _upload(api, people, NIK_CSV)
    shown = api.call("satudata_privacy_scan_show", people["operator"],
                     id=resource["id"])["result"]
    assert shown["status"] == "pending" and not shown["held"]
    _work()
    shown = api.call("satudata_privacy_scan_show", people["operator"],
                     id=resource["id"])["result"]
    assert shown["status"] == "done" and shown["held"]
    nik = next(f for f in shown["findings"] if f["kind"] == "nik")
    assert nik["column"] == "nik" and nik["rows"] == [2, 3]
    assert nik["example"] == "3374********0001"
    assert "3374011203900001" not in json.dumps(shown)

    # the editors see file, rows and column on the resource page
    page = app.get(f"/dataset/{people['dataset']['name']}/resource/{resource['id']}",
                   headers=api.headers(people["operator"]))
    assert "penduduk.csv" in page.body and ">nik<" in page.body
    assert "2, 3" in page.body and "3374011203900001" not in page.body
    # the public: marked held, no download, no rows
    anonymous = helpers.call_action("package_show", as_user(None),
                                    id=people["dataset"]["id"])
    assert anonymous["resources"][0]["satudata_privacy_held"] is True
    assert _download(app, people, resource, None).status_code == 403
    assert _download(app, people, resource, people["public"]).status_code == 403
    assert _download(app, people, resource, people["other_operator"]).status_code == 403
    assert _download(app, people, resource, people["operator"]).status_code == 200
    assert _download(app, people, resource, people["walidata"]).status_code == 200
    # the dataset page still opens for the public (the held file listed
    # without a preview), as it does for its editors
    for user in (None, people["public"], people["operator"]):
        headers = api.headers(user) if user else {}
        dataset_page = app.get(f"/dataset/{people['dataset']['name']}", headers=headers)
        assert dataset_page.status_code == 200
    resource_page = app.get(
        f"/dataset/{people['dataset']['name']}/resource/{resource['id']}")
    assert resource_page.status_code == 200
    assert "ditahan" in resource_page.body.lower()
    listed = api.call("satudata_privacy_scan_list", people["walidata"],
                      held=True)["result"]
    assert [item["resource_id"] for item in listed["results"]] == [resource["id"]]
    walidata_page = app.get("/dashboard/privasi",
                            headers=api.headers(people["walidata"]))
    assert "penduduk.csv" in walidata_page.body and "nik" in walidata_page.body

    # a note is required
    api.call("satudata_privacy_confirm", people["walidata"], id=resource["id"],
             status=409)
    confirmed = api.call("satudata_privacy_confirm", people["walidata"],
                         id=resource["id"], note="Data terbuka menurut SK")["result"]
    assert not confirmed["held"] and confirmed["note"] == "Data terbuka menurut SK"
    assert _download(app, people, resource, None).status_code == 200
    assert "satudata_privacy_held" not in json.dumps(helpers.call_action(
        "package_show", as_user(None), id=people["dataset"]["id"])).replace(
        '"satudata_privacy_held": false', "")


def test_a_clean_reupload_releases_a_held_file(app, api, people):
    resource = _upload(api, people, NIK_CSV)
    _work()
    assert _download(app, people, resource, None).status_code == 403
    _upload(api, people, CLEAN_CSV, "penduduk.csv", resource_id=resource["id"])
    _work()
    shown = api.call("satudata_privacy_scan_show", people["operator"],
                     id=resource["id"])["result"]
    assert shown["status"] == "done" and not shown["held"] and not shown["findings"]
    assert _download(app, people, resource, None).status_code == 200


def test_a_clean_file_is_not_held(app, api, people):
    resource = _upload(api, people, CLEAN_CSV)
    _work()
    shown = api.call("satudata_privacy_scan_show", people["walidata"],
                     id=resource["id"])["result"]
    assert shown["status"] == "done" and not shown["held"] and not shown["findings"]
    assert _download(app, people, resource, None).status_code == 200
    listed = api.call("satudata_privacy_scan_list", people["walidata"])["result"]
    assert listed["count"] == 1 and listed["results"][0]["status"] == "done"
    assert helpers.call_action("satudata_privacy_scan_list",
                               as_user(people["walidata"]),
                               status="failed")["count"] == 0
    assert api.call("satudata_privacy_scan_list", people["walidata"],
                    held=True)["result"]["count"] == 0
    # nothing to confirm
    api.call("satudata_privacy_confirm", people["walidata"], id=resource["id"],
             note="x", status=409)


def test_an_unreadable_csv_fails_and_is_held(app, api, people):
    resource = _upload(api, people, b"\x00\x01binary", "rusak.csv")
    _work()
    shown = api.call("satudata_privacy_scan_show", people["operator"],
                     id=resource["id"])["result"]
    assert shown["status"] == "failed" and shown["held"] and shown["error"]
    assert _download(app, people, resource, None).status_code == 403


@pytest.mark.ckan_config("ckanext.satudata.privacy.hold_high_confidence", "false")
def test_holding_can_be_switched_off(app, api, people):
    resource = _upload(api, people, NIK_CSV)
    _work()
    shown = api.call("satudata_privacy_scan_show", people["operator"],
                     id=resource["id"])["result"]
    assert shown["findings"] and not shown["held"]
    assert _download(app, people, resource, None).status_code == 200


# ---- periods ---------------------------------------------------------------

NOTED = {**POPULATION, "components": [
    *POPULATION["components"],
    {"code": "keterangan", "name": "Keterangan", "unit": "", "type": "text",
     "required": False},
]}


def _noted(people: dict[str, Any], note: str) -> None:
    helpers.call_action("satudata_structure_update", as_user(people["operator"]),
                        id=people["dataset"]["id"], **NOTED)
    first = next(iter(KECAMATAN))
    values = {code: dict(cells) for code, cells in VALUES.items()}
    values[first]["keterangan"] = note
    helpers.call_action("satudata_submission_save", as_user(people["operator"]),
                        id=people["dataset"]["id"], period="2024-S1", values=values)
    move(people, "submit", "operator")
    move(people, "verify", "verifikator")


def _state(people: dict[str, Any]) -> str:
    return helpers.call_action(
        "satudata_submission_show", as_user(people["walidata"]),
        id=people["dataset"]["id"], period="2024-S1")["state"]


def test_a_period_with_a_nik_is_held_until_confirmed(app, api, people):
    _noted(people, "Dilaporkan oleh NIK 3374011203900001")
    _work()
    shown = api.call("satudata_privacy_scan_show", people["operator"],
                     id=people["dataset"]["id"], period="2024-S1")["result"]
    assert shown["status"] == "done" and shown["held"]
    finding = shown["findings"][0]
    assert finding["column"] == "Keterangan" and finding["kind"] == "nik"
    assert finding["row_names"] == [next(iter(KECAMATAN.values()))]
    with pytest.raises(helpers.logic.ValidationError) as refused:
        move(people, "publish", "walidata")
    assert "privacy" in refused.value.error_dict
    model.Session.rollback()
    assert _state(people) == "verified"
    page = app.get(f"/dataset/{people['dataset']['name']}/privasi?period=2024-S1",
                   headers=api.headers(people["walidata"]))
    assert "Keterangan" in page.body and "3374********0001" in page.body
    assert 'name="_csrf_token"' in page.body
    api.call("satudata_privacy_confirm", people["walidata"],
             id=people["dataset"]["id"], period="2024-S1", note="Bukan data pribadi")
    move(people, "publish", "walidata")
    assert _state(people) == "published"


def test_a_period_is_checked_at_publication_without_a_worker(api, people):
    # no job run: the publication checks the period itself
    _noted(people, "Hubungi 081234567890")
    with pytest.raises(helpers.logic.ValidationError):
        move(people, "publish", "walidata")
    model.Session.rollback()
    shown = api.call("satudata_privacy_scan_show", people["walidata"],
                     id=people["dataset"]["id"], period="2024-S1")["result"]
    assert shown["held"] and shown["findings"][0]["kind"] == "phone"


def test_a_clean_period_is_published(people):
    _noted(people, "Angka sementara")
    move(people, "publish", "walidata")
    assert _state(people) == "published"


# ---- every action, every role -----------------------------------------------

ROLES = ("anonymous", "public", "other_operator", "operator", "verifikator",
         "walidata", "pembina")
ALLOWED = {
    "satudata_privacy_scan_show": {"operator", "verifikator", "walidata"},
    "satudata_privacy_rescan": {"operator", "verifikator", "walidata"},
    "satudata_privacy_scan_list": {"walidata"},
    "satudata_privacy_confirm": {"walidata"},
}


@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_every_action_for_every_role(api, people, action):
    resource = _upload(api, people, NIK_CSV)
    _work()
    data = {"id": resource["id"]}
    if action == "satudata_privacy_confirm":
        data["note"] = "Dikonfirmasi"
    for role in ROLES:
        user = None if role == "anonymous" else people[role]
        before = _scans()
        allowed = role in ALLOWED[action]
        body = api.call(action, user, status=200 if allowed else 403, **data)
        if not allowed:
            assert body["success"] is False
            assert _scans() == before, role
        elif action == "satudata_privacy_confirm":
            # confirmed once: undo, so the next role starts alike
            model.Session.execute(sa.update(scan_table).values(
                confirmed=None, confirmed_by=None, note=""))
            model.Session.commit()
        elif action == "satudata_privacy_rescan":
            _work()


WITHOUT_PRIVACY = (
    "satudata_accounts satudata_documents satudata_calendar satudata_datarequests"
    " satudata_institutions satudata satudata_access satudata_search satudata_dcat"
    " satudata_changes satudata_workflow satudata_indicators datastore"
    " scheming_datasets activity tracking dcat"
)


@pytest.mark.ckan_config("ckan.plugins", WITHOUT_PRIVACY)
def test_the_workflow_publishes_without_the_guard(people):
    _noted(people, "Dilaporkan oleh NIK 3374011203900001")
    move(people, "publish", "walidata")
    assert _state(people) == "published"
    assert _scans() == []


@pytest.mark.ckan_config("ckanext.satudata.privacy.hold_while_scanning", "true")
def test_an_upload_can_be_held_while_it_is_checked(app, api, people):
    resource = _upload(api, people, CLEAN_CSV)
    assert _download(app, people, resource, None).status_code == 403
    _work()
    assert _download(app, people, resource, None).status_code == 200
