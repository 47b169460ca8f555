"""Who is walidata (``ckanext.satudata.roles``): a sysadmin, or an
editor/admin of the walidata organization. Such a walidata who is not a
sysadmin works on a terbatas dataset of any OPD (entry grid, verification
queue, publication) through pages and the API; a plain read-only member of
the walidata organization is refused everywhere, in Indonesian.

Before the roles were decided in one module, entry treated every member of
the walidata organization as walidata while reading closed datasets did
not: the entry page of a terbatas dataset answered 403 to the walidata."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from ckanext.satudata import roles
from tests.indicators.support import submission_of

from .support import to_state, workflow_state

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")
ENTRY = "/dataset/penduduk-kecamatan/isian/2024-S1"


@pytest.fixture
def closed(people: dict[str, Any]) -> dict[str, Any]:
    """``people`` with the dataset terbatas (private to its OPD, walidata
    and pembina), a verified period, and a read-only member of the walidata
    organization."""
    helpers.call_action(
        "package_patch", {"user": people["sysadmin"]["name"]},
        id=people["dataset"]["id"], keterbukaan="terbatas",
    )
    reader = factories.User(name="staf-baca")
    helpers.call_action(
        "organization_member_create", {"user": people["sysadmin"]["name"]},
        id="diskominfo", username=reader["name"], role="member",
    )
    to_state(people, "verified")
    people["reader"] = reader
    return people


def _headers(user: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def _api(app: Any, action: str, user: dict[str, Any], **data: Any) -> Any:
    return app.post(f"/api/3/action/{action}", json=data, headers=_headers(user))


def test_the_rule(people: dict[str, Any]) -> None:
    admin = factories.User()
    member = factories.User()
    for user, capacity in ((admin, "admin"), (member, "member")):
        helpers.call_action(
            "organization_member_create", {"user": people["sysadmin"]["name"]},
            id="diskominfo", username=user["name"], role=capacity,
        )
    expected = {
        "sysadmin": True, "walidata": True, "operator": False,
        "verifikator": False, "pembina": False, "public": False,
        "other_operator": False,
    }
    for key, walidata in expected.items():
        assert roles.is_walidata(people[key]["name"]) is walidata, key
    assert roles.is_walidata(admin["name"]) is True
    assert roles.is_walidata(member["name"]) is False
    assert roles.is_walidata(None) is False
    assert roles.is_walidata("") is False
    assert roles.is_pembina(people["pembina"]["name"]) is True
    assert roles.reads_all_closed_data(people["pembina"]["name"]) is True
    assert roles.reads_all_closed_data(member["name"]) is False
    assert {user.name for user in roles.walidata_users()} == {
        people["sysadmin"]["name"], people["walidata"]["name"], admin["name"],
    }


def test_walidata_works_on_a_closed_dataset_through_the_api(
    app: Any, closed: dict[str, Any]
) -> None:
    walidata = closed["walidata"]
    assert not roles.is_sysadmin(walidata["name"])
    response = _api(app, "package_show", walidata, id="penduduk-kecamatan")
    assert response.status_code == 200, response.json
    assert response.json["result"]["keterbukaan"] == "terbatas"
    response = _api(app, "satudata_submission_show", walidata,
                    id="penduduk-kecamatan", period="2024-S1")
    assert response.status_code == 200, response.json
    assert response.json["result"]["state"] == "verified"
    queue = _api(app, "satudata_queue_list", walidata).json["result"]
    assert [
        (group["organization"], [item["period"] for item in group["items"]])
        for group in queue["walidata"]
    ] == [("disdukcapil", ["2024-S1"])]
    assert queue.get("verifikator") in (None, [])
    response = _api(app, "satudata_submission_publish", walidata,
                    id="penduduk-kecamatan", period="2024-S1")
    assert response.status_code == 200, response.json
    assert submission_of(closed)["state"] == "published"


def test_walidata_works_on_a_closed_dataset_through_the_pages(
    app: Any, closed: dict[str, Any]
) -> None:
    headers = _headers(closed["walidata"])
    response = app.get(ENTRY, headers=headers)
    assert response.status_code == 200, response.status_code
    page = BeautifulSoup(response.body, "html.parser")
    form = page.select_one("form.satudata-move-publish")
    assert form is not None
    queue = BeautifulSoup(
        app.get("/dashboard/verifikasi", headers=headers).body, "html.parser"
    )
    assert "2024 Semester 1" in queue.select_one(
        "#queue-walidata ~ div .satudata-queue").text
    token = page.select_one("input[name=_csrf_token]")["value"]
    response = app.post(form["action"], headers=headers, follow_redirects=False,
                        data={"_csrf_token": token, "revision": "1"})
    assert response.status_code == 302
    assert submission_of(closed)["state"] == "published"


def test_a_read_only_member_of_the_walidata_organization_is_refused(
    app: Any, closed: dict[str, Any]
) -> None:
    reader = closed["reader"]
    before = workflow_state()
    headers = {**_headers(reader), "Accept-Language": "id"}
    response = app.get(ENTRY, headers=headers)
    assert response.status_code == 403
    assert ("Hanya operator perangkat daerah pemilik dataset ini dan walidata"
            " yang boleh mengisi nilainya") in response.body
    queue = BeautifulSoup(
        app.get("/dashboard/verifikasi", headers=headers).body, "html.parser"
    )
    assert queue.select_one("#queue-walidata") is None
    assert "2024 Semester 1" not in queue.text
    assert "walidata" not in _api(app, "satudata_queue_list", reader).json["result"]
    period = {"id": "penduduk-kecamatan", "period": "2024-S1"}
    for action, data, expected in (
        ("package_show", {"id": "penduduk-kecamatan"},
         "tidak berwenang membaca dataset"),
        ("satudata_submission_show", period,
         "Hanya operator perangkat daerah pemilik dataset ini dan walidata"),
        ("satudata_submission_publish", period,
         "Hanya walidata yang dapat menerbitkan data"),
        ("satudata_submission_return", {**period, "note": "x"},
         "Hanya verifikator organisasi pemilik dataset ini atau walidata"),
        ("satudata_submission_save", {**period, "values": {}},
         "Hanya operator perangkat daerah pemilik dataset ini dan walidata"),
    ):
        response = _api(app, action, reader, **data)
        assert response.status_code == 403, (action, response.json)
        message = response.json["error"]["message"]
        assert message.startswith("Akses ditolak"), message
        assert expected in message, (action, message)
    assert workflow_state() == before
    assert submission_of(closed)["state"] == "verified"
