"""Every change request action by every role: the producer (operator and
verifikator of the dataset's OPD) makes a request, uploads its signed
document and deletes it; the walidata (a sysadmin counting as walidata)
approve or reject it, and make none; the producer, the walidata and the
pembina read it and its document; a plain member of the OPD, an operator of
another OPD, a public user and anonymous do none of it. The revision
history is public for a terbuka dataset and follows the dataset's
visibility otherwise.

Each cell of the table starts from the state where the action would
succeed for an allowed role, so a refusal is about the role: it raises
NotAuthorized and writes nothing (``changes_state`` equal before and
after). Each allowed write is checked on the stored request. One test goes
through the HTTP Action API, once for an allowed and once for a refused
role of every action.
"""

from __future__ import annotations

import base64
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.changes import store
from ckanext.satudata.documents import api as documents
from ckanext.satudata.testing import sdi_fields
from tests.indicators.support import POPULATION, Api, as_user, submission_of

from .support import (
    CELLS,
    NEW_PEREMPUAN,
    PERIOD,
    ROW,
    Upload,
    approve,
    blank_pdf,
    changes_state,
    create,
    publish,
    upload,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")

ROLES = (
    "anonymous", "public", "operator", "verifikator", "member", "other_operator",
    "walidata", "pembina", "sysadmin",
)
PRODUCERS = frozenset({"operator", "verifikator"})
REVIEWERS = frozenset({"walidata", "sysadmin"})
READERS = PRODUCERS | REVIEWERS | {"pembina"}
#: Who may read a terbatas dataset (and so its revision history).
CLOSED_READERS = READERS | {"member"}
#: The roles that read every OPD's requests.
READ_ALL = frozenset({"walidata", "pembina", "sysadmin"})
#: The role recorded on a step.
RECORDED_ROLE = {"operator": "operator", "verifikator": "verifikator",
                 "walidata": "walidata", "sysadmin": "walidata"}
NOTE = "Dokumen belum ditandatangani kepala dinas"

#: action → (the state it starts from, the roles allowed to take it).
ACTIONS: dict[str, tuple[str, frozenset[str]]] = {
    "create": ("published", PRODUCERS),
    "upload_approval": ("waiting_upload", PRODUCERS),
    "delete": ("waiting_upload", PRODUCERS),
    "approve": ("waiting_approval", REVIEWERS),
    "reject": ("waiting_approval", REVIEWERS),
    "show": ("waiting_approval", READERS),
    "document": ("waiting_upload", READERS),
}
READS = ("show", "document")


def _user(people: dict[str, Any], role: str) -> dict[str, Any] | None:
    return None if role == "anonymous" else people[role]


def _bring(people: dict[str, Any], state: str) -> str | None:
    """Publish PERIOD and take its request to ``state``; the request's id."""
    publish(people)
    if state == "published":
        return None
    request_id = create(people)["id"]
    if state == "waiting_upload":
        return request_id
    upload(people, request_id)
    if state == "waiting_approval":
        return request_id
    approve(people, request_id)
    assert state == "done"
    return request_id


def _data(people: dict[str, Any], action: str, request_id: str | None
          ) -> dict[str, Any]:
    if action == "create":
        return {"id": people["dataset"]["id"], "period": PERIOD, "cells": CELLS}
    data: dict[str, Any] = {"id": request_id}
    if action == "reject":
        data["note"] = NOTE
    return data


def _closed(people: dict[str, Any]) -> None:
    """Make the dataset terbatas (private), as a sysadmin."""
    dataset = helpers.call_action(
        "package_patch", as_user(people["sysadmin"]), id=people["dataset"]["id"],
        keterbukaan="terbatas")
    assert dataset["private"] is True


def _last_event(request_id: str) -> dict[str, Any]:
    return store.events(request_id)[-1]


def _assert_effect(people: dict[str, Any], action: str, role: str,
                   result: dict[str, Any], request_id: str | None) -> None:
    """What an allowed ``action`` by ``role`` did, read from the tables."""
    user_id = people[role]["id"]
    if action == "create":
        assert result["status"] == "waiting_upload"
        assert result["cells_changed"] == len(CELLS)
        row = store.get(result["id"])
        assert row is not None
        assert (row["status"], row["created_by"]) == ("waiting_upload", user_id)
        event = _last_event(result["id"])
        assert (event["action"], event["user_id"]) == ("create", user_id)
        assert event["role"] == RECORDED_ROLE[role]
        found = documents.get(row["document_id"])
        assert found is not None
        assert found["status"] == documents.ISSUED
        return
    assert request_id is not None
    row = store.get(request_id)
    assert row is not None
    if action == "upload_approval":
        assert result["status"] == "waiting_approval"
        assert result["approval"]["signature"] == "wet_ink"
        assert (row["status"], row["approval_uploaded_by"]) == (
            "waiting_approval", user_id)
        assert row["approval_file_id"]
    elif action == "delete":
        assert result == {"id": request_id, "status": "deleted"}
        assert (row["status"], row["modified_by"]) == ("deleted", user_id)
        found = documents.get(row["document_id"])
        assert found is not None
        assert found["status"] == documents.REVOKED
    elif action == "approve":
        assert result["status"] == "done"
        assert (row["status"], row["decided_by"]) == ("done", user_id)
        assert submission_of(people, PERIOD)["values"][ROW]["perempuan"] == (
            NEW_PEREMPUAN)
    elif action == "reject":
        assert result["status"] == "rejected"
        assert result["note"] == NOTE
        assert (row["status"], row["decided_by"], row["note"]) == (
            "rejected", user_id, NOTE)
    else:
        raise AssertionError(action)
    event = _last_event(request_id)
    recorded = {"upload_approval": "upload"}.get(action, action)
    assert (event["action"], event["user_id"]) == (recorded, user_id)
    assert event["role"] == RECORDED_ROLE[role]


def _assert_read(people: dict[str, Any], action: str, role: str,
                 result: dict[str, Any], request_id: str | None) -> None:
    row = store.get(request_id or "")
    assert row is not None
    if action == "show":
        assert (result["id"], result["status"]) == (request_id, "waiting_approval")
        assert [(c["row"], c["component"]) for c in result["cells"]] == [
            (c["row"], c["component"]) for c in CELLS]
        assert result["allowed"] == {
            "upload_approval": role in PRODUCERS, "delete": role in PRODUCERS,
            "approve": role in REVIEWERS, "reject": role in REVIEWERS,
        }
        if role in REVIEWERS:
            assert result["checks"]["summary"]["error"] == 0
        return
    assert action == "document"
    found = documents.get(row["document_id"])
    assert found is not None
    assert result["number"] == found["number"]
    assert base64.b64decode(result["content"]).startswith(b"%PDF")


# ---- the action layer: every action by every role ---------------------------

@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_action_by_role(people: dict[str, Any], action: str, role: str) -> None:
    state, allowed = ACTIONS[action]
    request_id = _bring(people, state)
    data = _data(people, action, request_id)
    if action == "upload_approval":
        data["upload"] = Upload(blank_pdf())
    name = f"satudata_change_request_{action}"
    context = as_user(_user(people, role))
    before = changes_state()
    if role not in allowed:
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action(name, context, **data)
        assert changes_state() == before
        if request_id is not None:
            row = store.get(request_id)
            assert row is not None
            assert row["status"] == state
        return
    result = helpers.call_action(name, context, **data)
    if action in READS:
        _assert_read(people, action, role, result, request_id)
        assert changes_state() == before
        return
    _assert_effect(people, action, role, result, request_id)
    assert changes_state() != before


# ---- the list: who sees which OPD's requests ---------------------------------

def _other_opd_request(people: dict[str, Any]) -> str:
    """A request of dinkes (other_operator's OPD), waiting for its upload."""
    verifikator = factories.User(name="verifikator-lain")
    dinkes = helpers.call_action("organization_show", {"ignore_auth": True},
                                 id="dinkes")
    helpers.call_action("organization_member_create", {"ignore_auth": True},
                        id=dinkes["id"], username=verifikator["name"],
                        role="admin")
    dataset = factories.Dataset(
        name="penduduk-dinkes", owner_org=dinkes["id"],
        **sdi_fields(kode_referensi="DS-DINKES-001"))
    helpers.call_action("satudata_structure_update",
                        as_user(people["other_operator"]), id=dataset["id"],
                        **POPULATION)
    opd = {"operator": people["other_operator"], "verifikator": verifikator,
           "walidata": people["walidata"], "dataset": dataset}
    publish(opd)
    return create(opd)["id"]


def _list(context: dict[str, Any], **data: Any) -> dict[str, Any]:
    return helpers.call_action("satudata_change_request_list", context, **data)


@pytest.mark.parametrize("role", ROLES)
def test_list_by_role(people: dict[str, Any], role: str) -> None:
    ours = _bring(people, "waiting_approval")
    theirs = _other_opd_request(people)
    context = as_user(_user(people, role))
    before = changes_state()
    if role in {"anonymous", "public", "member"}:
        with pytest.raises(tk.NotAuthorized):
            _list(context)
        with pytest.raises(tk.NotAuthorized):
            _list(context, organization="disdukcapil")
    elif role == "other_operator":
        found = _list(context)
        assert [r["id"] for r in found["results"]] == [theirs]
        assert found["count"] == 1
        assert found["waiting_per_organization"] == {}
        with pytest.raises(tk.NotAuthorized):
            _list(context, organization="disdukcapil")
    elif role in PRODUCERS:
        found = _list(context)
        assert [r["id"] for r in found["results"]] == [ours]
        assert found["count"] == 1
        assert found["waiting_per_organization"] == {}
        mine = _list(context, organization="disdukcapil")
        assert [r["id"] for r in mine["results"]] == [ours]
        with pytest.raises(tk.NotAuthorized):
            _list(context, organization="dinkes")
    else:
        assert role in READ_ALL
        found = _list(context)
        assert {r["id"] for r in found["results"]} == {ours, theirs}
        assert found["count"] == 2
        assert found["waiting_per_organization"] == {"disdukcapil": 1}
        queue = _list(context, status="waiting_approval")
        assert [r["id"] for r in queue["results"]] == [ours]
        other = _list(context, organization="dinkes")
        assert [r["id"] for r in other["results"]] == [theirs]
    assert changes_state() == before


# ---- the revision history follows the dataset's visibility -------------------

def _revisions(context: dict[str, Any], people: dict[str, Any]) -> dict[str, Any]:
    return helpers.call_action("satudata_revision_list", context,
                               id=people["dataset"]["name"])


@pytest.mark.parametrize("role", ROLES)
def test_revision_list_of_a_terbuka_dataset(people: dict[str, Any], role: str
                                            ) -> None:
    _bring(people, "done")
    before = changes_state()
    found = _revisions(as_user(_user(people, role)), people)
    assert found["package_id"] == people["dataset"]["id"]
    assert [r["period"] for r in found["revisions"]] == [PERIOD]
    assert found["revisions"][0]["cells"][0]["new"] == NEW_PEREMPUAN
    assert changes_state() == before


@pytest.mark.parametrize("role", ROLES)
def test_revision_list_of_a_terbatas_dataset(people: dict[str, Any], role: str
                                             ) -> None:
    _bring(people, "done")
    _closed(people)
    context = as_user(_user(people, role))
    before = changes_state()
    if role in CLOSED_READERS:
        found = _revisions(context, people)
        assert [r["period"] for r in found["revisions"]] == [PERIOD]
    else:
        with pytest.raises(tk.NotAuthorized):
            _revisions(context, people)
    assert changes_state() == before


# ---- the same through the HTTP Action API ------------------------------------

#: (action, role, allowed): each action once for an allowed and a refused role.
API_CASES = [
    ("create", "operator", True), ("create", "walidata", False),
    ("upload_approval", "verifikator", True), ("upload_approval", "sysadmin", False),
    ("delete", "verifikator", True), ("delete", "other_operator", False),
    ("approve", "sysadmin", True), ("approve", "operator", False),
    ("reject", "walidata", True), ("reject", "pembina", False),
    ("show", "pembina", True), ("show", "anonymous", False),
    ("document", "walidata", True), ("document", "member", False),
    ("list", "walidata", True), ("list", "public", False),
    ("revision_list", "anonymous", True), ("revision_list", "public", False),
]


def _api_call(people: dict[str, Any], api: Api, action: str, role: str,
              request_id: str | None, status: int) -> dict[str, Any]:
    user = _user(people, role)
    if action == "upload_approval":
        return api.upload("satudata_change_request_upload_approval", user,
                          blank_pdf(), "persetujuan.pdf", status=status,
                          id=request_id)
    if action == "list":
        return api.call("satudata_change_request_list", user, status=status)
    if action == "revision_list":
        return api.call("satudata_revision_list", user, status=status,
                        id=people["dataset"]["name"])
    return api.call(f"satudata_change_request_{action}", user, status=status,
                    **_data(people, action, request_id))


@pytest.mark.parametrize(("action", "role", "allowed"), API_CASES,
                         ids=[f"{a}-{r}" for a, r, _ in API_CASES])
def test_action_api(people: dict[str, Any], api: Api, action: str, role: str,
                    allowed: bool) -> None:
    state = {"list": "waiting_approval", "revision_list": "done"}.get(
        action) or ACTIONS[action][0]
    request_id = _bring(people, state)
    if action == "revision_list" and not allowed:
        _closed(people)
    api.headers(_user(people, role))  # the API token exists before the snapshot
    before = changes_state()
    if not allowed:
        body = _api_call(people, api, action, role, request_id, 403)
        assert body["success"] is False
        assert body["error"]["__type"] == "Authorization Error"
        assert body["error"]["message"]
        assert changes_state() == before
        return
    result = _api_call(people, api, action, role, request_id, 200)["result"]
    if action == "list":
        assert [r["id"] for r in result["results"]] == [request_id]
        assert result["waiting_per_organization"] == {"disdukcapil": 1}
    elif action == "revision_list":
        assert [r["period"] for r in result["revisions"]] == [PERIOD]
    elif action in READS:
        _assert_read(people, action, role, result, request_id)
    else:
        _assert_effect(people, action, role, result, request_id)
        assert changes_state() != before
        return
    assert changes_state() == before
