"""Every change request action by every role: the producer (operator and
verifikator of the dataset's OPD) makes a request, uploads its signed
document and deletes it; the walidata (a sysadmin counting as walidata)
approve or reject it, and make none; the producer, the walidata and the
pembina read it and its document; a plain member of the OPD, an operator of
another OPD, a public user and anonymous do none of it. The list shows a
producer their OPD's requests only, the walidata and the pembina every
OPD's. The revision history is public for a terbuka dataset and follows
the dataset's visibility otherwise.

One test per role takes a request through its whole life (create, request
document, upload, show, list, reject, upload again, approve; a second
request to delete; the revision history, then the dataset made terbatas).
At each step the role under test tries first, in the state where the step
would succeed for an allowed role, so a refusal is about the role: it
raises NotAuthorized and writes nothing (``changes_state`` equal before and
after), and then someone allowed takes the step. Each allowed write is
checked on the stored request. (One test per cell would clear the database
and build the people 100 times over; this needs 9.)

One more test per action goes through the HTTP Action API, with a refused
and an allowed role.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
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
#: Who lists change requests (each sees what ``_check_list`` says).
LISTERS = READERS | {"other_operator"}
#: Who reads every OPD's requests (and the waiting queue per OPD).
READ_ALL = frozenset({"walidata", "pembina", "sysadmin"})
#: Who may read a terbatas dataset, and so its revision history.
CLOSED_READERS = READERS | {"member"}

#: The specification: action → the roles that may take it.
ALLOWED: dict[str, frozenset[str]] = {
    "create": PRODUCERS,
    "upload_approval": PRODUCERS,
    "delete": PRODUCERS,
    "approve": REVIEWERS,
    "reject": REVIEWERS,
    "show": READERS,
    "document": READERS,
    "list": LISTERS,
    "revision_list": frozenset(ROLES),  # a terbuka dataset
}
READS = ("show", "document", "list", "revision_list")
#: The role recorded on a step.
RECORDED_ROLE = {"operator": "operator", "verifikator": "verifikator",
                 "walidata": "walidata", "sysadmin": "walidata"}
NOTE = "Dokumen belum ditandatangani kepala dinas"
#: The cells of a second request, made after the first is approved.
SECOND_CELLS = [{"row": ROW, "component": "perempuan", "value": NEW_PEREMPUAN + 1,
                 "reason": "Koreksi lanjutan"}]


def _user(people: dict[str, Any], role: str) -> dict[str, Any] | None:
    return None if role == "anonymous" else people[role]


def _action(action: str) -> str:
    return (f"satudata_{action}" if action == "revision_list"
            else f"satudata_change_request_{action}")


def _call(people: dict[str, Any], role: str, action: str, **data: Any) -> Any:
    return helpers.call_action(_action(action), as_user(_user(people, role)), **data)


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


def _closed(people: dict[str, Any]) -> None:
    """Make the dataset terbatas (private), as a sysadmin."""
    dataset = helpers.call_action(
        "package_patch", as_user(people["sysadmin"]), id=people["dataset"]["id"],
        keterbukaan="terbatas")
    assert dataset["private"] is True


def _refused(people: dict[str, Any], role: str, action: str,
             data: Callable[[], dict[str, Any]]) -> None:
    """``role`` may not take ``action``: NotAuthorized, nothing written."""
    before = changes_state()
    with pytest.raises(tk.NotAuthorized):
        _call(people, role, action, **data())
    assert changes_state() == before, (action, role)


def _step(people: dict[str, Any], role: str, action: str,
          data: Callable[[], dict[str, Any]], stand_in: str | None
          ) -> tuple[dict[str, Any] | None, str | None]:
    """``role`` tries the write ``action``; when refused, ``stand_in`` (if
    any) takes it. The result and who took the step."""
    if role not in ALLOWED[action]:
        _refused(people, role, action, data)
        if stand_in is None:
            return None, None
        assert stand_in in ALLOWED[action]
        role = stand_in
    before = changes_state()
    result = _call(people, role, action, **data())
    assert changes_state() != before, (action, role)
    return result, role


def _read(people: dict[str, Any], role: str, action: str,
          data: Callable[[], dict[str, Any]],
          allowed: frozenset[str] | None = None) -> dict[str, Any] | None:
    """``role`` tries the read ``action``: its result (it wrote nothing),
    or None when refused."""
    if role not in (ALLOWED[action] if allowed is None else allowed):
        _refused(people, role, action, data)
        return None
    before = changes_state()
    result = _call(people, role, action, **data())
    assert changes_state() == before, (action, role)
    return result


def _assert_effect(people: dict[str, Any], action: str, role: str,
                   result: dict[str, Any], request_id: str | None) -> None:
    """What the write ``action`` by ``role`` did, read from the tables."""
    user_id = people[role]["id"]
    if action == "create":
        assert result["status"] == "waiting_upload"
        request_id = result["id"]
        row = store.get(request_id)
        assert row is not None
        assert (row["status"], row["created_by"]) == ("waiting_upload", user_id)
        found = documents.get(row["document_id"])
        assert found is not None
        assert found["status"] == documents.ISSUED
    else:
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
        assert action == "create", action
    event = store.events(request_id)[-1]
    recorded = {"upload_approval": "upload"}.get(action, action)
    assert (event["action"], event["user_id"], event["role"]) == (
        recorded, user_id, RECORDED_ROLE[role])


def _assert_shown(role: str, result: dict[str, Any], request_id: str) -> None:
    """The request waiting for approval, as ``role`` sees it."""
    assert (result["id"], result["status"]) == (request_id, "waiting_approval")
    assert [(c["row"], c["component"]) for c in result["cells"]] == [
        (c["row"], c["component"]) for c in CELLS]
    assert result["allowed"] == {
        "upload_approval": role in PRODUCERS, "delete": role in PRODUCERS,
        "approve": role in REVIEWERS, "reject": role in REVIEWERS,
    }
    if role in REVIEWERS:
        assert result["checks"]["summary"]["error"] == 0


def _assert_document(result: dict[str, Any], request_id: str) -> None:
    row = store.get(request_id)
    assert row is not None
    found = documents.get(row["document_id"])
    assert found is not None
    assert (result["id"], result["number"]) == (found["id"], found["number"])
    assert base64.b64decode(result["content"]).startswith(b"%PDF")


# ---- the action layer: every action by every role ---------------------------

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


def _ids(found: dict[str, Any]) -> list[str]:
    assert found["count"] == len(found["results"])
    return [r["id"] for r in found["results"]]


def _check_list(people: dict[str, Any], role: str, ours: str, theirs: str) -> None:
    """``ours`` (disdukcapil) waits for approval, ``theirs`` (dinkes) for
    its upload."""
    found = _read(people, role, "list", dict)
    by_opd = _read(people, role, "list", lambda: {"organization": "disdukcapil"},
                   PRODUCERS | READ_ALL)
    if found is None:
        assert role not in LISTERS
        return
    if role == "other_operator":
        assert _ids(found) == [theirs]
        assert found["waiting_per_organization"] == {}
        assert by_opd is None
    elif role in PRODUCERS:
        assert _ids(found) == [ours]
        assert found["waiting_per_organization"] == {}
        assert by_opd is not None
        assert _ids(by_opd) == [ours]
        assert _read(people, role, "list", lambda: {"organization": "dinkes"},
                     frozenset()) is None
    else:
        assert role in READ_ALL
        assert set(_ids(found)) == {ours, theirs}
        assert found["waiting_per_organization"] == {"disdukcapil": 1}
        assert by_opd is not None
        assert _ids(by_opd) == [ours]
        queue = _read(people, role, "list", lambda: {"status": "waiting_approval"})
        assert queue is not None
        assert _ids(queue) == [ours]


@pytest.mark.parametrize("role", ROLES)
def test_every_action_by_role(people: dict[str, Any], role: str) -> None:
    theirs = _other_opd_request(people)
    publish(people)

    result, by = _step(people, role, "create", lambda: {
        "id": people["dataset"]["id"], "period": PERIOD, "cells": CELLS,
    }, "operator")
    assert result is not None and by is not None
    _assert_effect(people, "create", by, result, None)
    request_id = result["id"]

    def ref() -> dict[str, Any]:
        return {"id": request_id}

    document = _read(people, role, "document", ref)
    if document is not None:
        _assert_document(document, request_id)

    def signed() -> dict[str, Any]:
        return {"id": request_id, "upload": Upload(blank_pdf())}

    result, by = _step(people, role, "upload_approval", signed, "verifikator")
    assert result is not None and by is not None
    _assert_effect(people, "upload_approval", by, result, request_id)

    shown = _read(people, role, "show", ref)
    if shown is not None:
        _assert_shown(role, shown, request_id)
    _check_list(people, role, request_id, theirs)

    result, by = _step(people, role, "reject",
                       lambda: {"id": request_id, "note": NOTE}, "walidata")
    assert result is not None and by is not None
    _assert_effect(people, "reject", by, result, request_id)
    upload(people, request_id)  # sent back, waiting for approval again

    result, by = _step(people, role, "approve", ref, "sysadmin")
    assert result is not None and by is not None
    _assert_effect(people, "approve", by, result, request_id)

    second = create(people, cells=SECOND_CELLS)["id"]
    result, by = _step(people, role, "delete", lambda: {"id": second}, None)
    if result is None:
        row = store.get(second)
        assert row is not None
        assert row["status"] == "waiting_upload"
    else:
        assert by is not None
        _assert_effect(people, "delete", by, result, second)

    def history() -> dict[str, Any]:
        return {"id": people["dataset"]["name"]}

    revisions = _read(people, role, "revision_list", history)
    assert revisions is not None
    assert revisions["package_id"] == people["dataset"]["id"]
    assert [r["period"] for r in revisions["revisions"]] == [PERIOD]
    assert revisions["revisions"][0]["cells"][0]["new"] == NEW_PEREMPUAN

    _closed(people)
    closed = _read(people, role, "revision_list", history, CLOSED_READERS)
    if closed is not None:
        assert closed["revisions"] == revisions["revisions"]


# ---- the same through the HTTP Action API ------------------------------------

#: action → (the state it starts from, a refused role, an allowed role).
API_CASES = {
    "create": ("published", "walidata", "operator"),
    "upload_approval": ("waiting_upload", "sysadmin", "verifikator"),
    "delete": ("waiting_upload", "other_operator", "verifikator"),
    "approve": ("waiting_approval", "operator", "sysadmin"),
    "reject": ("waiting_approval", "pembina", "walidata"),
    "show": ("waiting_approval", "anonymous", "pembina"),
    "document": ("waiting_upload", "member", "walidata"),
    "list": ("waiting_approval", "public", "walidata"),
    "revision_list": ("done", "public", "anonymous"),
}


def _api_call(people: dict[str, Any], api: Api, action: str, role: str,
              request_id: str | None, status: int) -> dict[str, Any]:
    user = _user(people, role)
    name = _action(action)
    if action == "upload_approval":
        return api.upload(name, user, blank_pdf(), "persetujuan.pdf",
                          status=status, id=request_id)
    data: dict[str, Any] = {"id": request_id}
    if action == "create":
        data = {"id": people["dataset"]["id"], "period": PERIOD, "cells": CELLS}
    elif action == "reject":
        data["note"] = NOTE
    elif action == "list":
        data = {}
    elif action == "revision_list":
        data = {"id": people["dataset"]["name"]}
    return api.call(name, user, status=status, **data)


@pytest.mark.parametrize("action", list(API_CASES))
def test_action_api(people: dict[str, Any], api: Api, action: str) -> None:
    state, refused, allowed = API_CASES[action]
    assert refused not in ALLOWED[action] or action == "revision_list"
    assert allowed in ALLOWED[action]
    request_id = _bring(people, state)
    for role in (refused, allowed):
        api.headers(_user(people, role))  # the API token exists before the snapshot

    def refusal() -> None:
        before = changes_state()
        body = _api_call(people, api, action, refused, request_id, 403)
        assert body["success"] is False
        assert body["error"]["__type"] == "Authorization Error"
        assert body["error"]["message"]
        assert changes_state() == before

    if action != "revision_list":
        refusal()
    before = changes_state()
    result = _api_call(people, api, action, allowed, request_id, 200)["result"]
    if action in READS:
        assert changes_state() == before
    else:
        assert changes_state() != before
    if action == "show":
        assert request_id is not None
        _assert_shown(allowed, result, request_id)
    elif action == "document":
        assert request_id is not None
        _assert_document(result, request_id)
    elif action == "list":
        assert _ids(result) == [request_id]
        assert result["waiting_per_organization"] == {"disdukcapil": 1}
    elif action == "revision_list":
        assert [r["period"] for r in result["revisions"]] == [PERIOD]
        _closed(people)  # the public user may not read a terbatas dataset
        refusal()
    else:
        _assert_effect(people, action, allowed, result, request_id)
