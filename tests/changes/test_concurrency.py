"""Two walidata approve the same change request at the same moment:
exactly one approval goes through, the other is told the request was
decided already (a ValidationError), and the new values are written once:
one revision of the submission, one change in its history, the DataStore
rows, one 'approve' event, one activity.

For real, as tests/workflow/test_concurrency.py: each walidata is an HTTP
request in a thread of its own (so its own database session), released by
a barrier. The test holds the request's row (``SELECT ... FOR UPDATE``) on
a third connection until both approvals wait for it in PostgreSQL, then
lets go: the row lock of ``requests.approve`` decides the race. Without it
both would write.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import helpers

from ckanext.activity.model import Activity
from ckanext.satudata.changes.model import change_request_table, event_table
from ckanext.satudata.indicators.model import change_table
from ckanext.satudata.workflow import store as workflow_store
from tests.indicators.support import Api, as_user, submission_of
from tests.workflow.support import waiting_on_locks

from .support import PERIOD, ROW, create, publish, upload

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")

ROUNDS = 3
APPROVE = "/api/3/action/satudata_change_request_approve"


@pytest.fixture
def reviewers(people: dict[str, Any]) -> dict[str, Any]:
    """``people`` with a second walidata (editor of the walidata
    organization) and the period published."""
    second = helpers.call_action("user_create", {"ignore_auth": True},
                                 name="walidata-2", email="w2@example.org",
                                 fullname="Walidata Kedua",
                                 password="Rahasia#Sekali123")
    helpers.call_action("organization_member_create",
                        {"user": people["sysadmin"]["name"]}, id="diskominfo",
                        username=second["name"], role="editor")
    people["walidata_2"] = second
    publish(people)
    return people


def _race(app: Any, api: Api, people: dict[str, Any], request_id: str,
          who: tuple[str, ...]) -> list[tuple[str, int, Any]]:
    """Approve ``request_id`` as each of ``who`` at once; each result is
    (who, HTTP status, JSON body)."""
    headers = {name: api.headers(people[name]) for name in who}
    model.Session.commit()  # everything the threads read is committed
    model.Session.remove()
    barrier = threading.Barrier(len(who))
    results: list[tuple[str, int, Any]] = []

    def run(name: str) -> None:
        client = app.test_client()
        barrier.wait(timeout=10)
        response = client.post(APPROVE, json={"id": request_id},
                               headers=headers[name])
        results.append((name, response.status_code, response.get_json()))

    engine = model.meta.engine
    with engine.connect() as holder, engine.connect() as watcher:
        lock = holder.begin()
        holder.execute(sa.select(change_request_table.c.id).where(
            change_request_table.c.id == request_id).with_for_update())
        threads = [threading.Thread(target=run, args=(name,), daemon=True)
                   for name in who]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 15
        while waiting_on_locks(watcher) < len(who) and time.monotonic() < deadline:
            time.sleep(0.02)
        waiting = waiting_on_locks(watcher)
        lock.rollback()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    # both approvals stood at the row lock at once: a real race
    assert waiting == len(who), results
    model.Session.remove()
    return results


def _records(people: dict[str, Any]) -> list[dict[str, Any]]:
    found = workflow_store.publication(people["dataset"]["id"])
    assert found is not None
    records = helpers.call_action("datastore_search", as_user(None),
                                  resource_id=found["resource_id"],
                                  limit=1000)["records"]
    return [r for r in records if r["periode"] == PERIOD]


def _events(request_id: str) -> list[tuple[str, str]]:
    return [(row.action, row.user_id) for row in model.Session.execute(
        sa.select(event_table.c.action, event_table.c.user_id)
        .where(event_table.c.request_id == request_id)
        .order_by(event_table.c.timestamp))]


def _history(request_id: str) -> list[dict[str, Any]]:
    """The submission's changes recorded for ``request_id``."""
    return [dict(row) for row in model.Session.execute(
        sa.select(change_table).where(
            change_table.c.details["change_request"].astext == request_id))
        .mappings()]


def _revised_activities() -> int:
    return model.Session.query(Activity).filter(
        Activity.activity_type == "satudata revised package").count()


def test_two_walidata_approve_at_once(app: Any, api: Api,
                                      reviewers: dict[str, Any]) -> None:
    rows = len(_records(reviewers))
    for round_ in range(ROUNDS):
        before = submission_of(reviewers)
        new = before["values"][ROW]["perempuan"] + 11 + round_
        made = create(reviewers, cells=[{
            "row": ROW, "component": "perempuan", "value": new,
            "reason": f"Koreksi ke-{round_ + 1}"}])
        upload(reviewers, made["id"])
        who = ("walidata", "walidata_2") if round_ % 2 else ("walidata_2", "walidata")
        results = _race(app, api, reviewers, made["id"], who)

        winners = [r for r in results if r[1] == 200]
        losers = [r for r in results if r[1] != 200]
        assert len(winners) == 1 and len(losers) == 1, results
        winner, _, body = winners[0]
        assert body["result"]["status"] == "done"
        assert body["result"]["decided_by"] == reviewers[winner]["fullname"]
        # the other is told, in a ValidationError, that it was decided already
        _, status, refused = losers[0]
        assert status == 409, refused
        assert refused["error"]["__type"] == "Validation Error"
        assert set(refused["error"]) == {"__type", "status"}
        assert refused["error"]["status"] == [
            'Permohonan perubahan ini berstatus "Selesai": sekarang tidak dapat'
            " disetujui. Mungkin orang lain sudah menindaklanjutinya lebih dulu:"
            " muat ulang halaman."]

        # written once: one revision, one change in the history
        after = submission_of(reviewers)
        assert after["values"][ROW]["perempuan"] == new
        assert after["revision"] == before["revision"] + 1
        [change] = _history(made["id"])
        assert change["revision"] == after["revision"]
        assert change["changes"] == [
            [ROW, "perempuan", before["values"][ROW]["perempuan"], new]]
        # one 'approve' event, the winner's
        events = _events(made["id"])
        assert [e for e in events if e[0] == "approve"] == [
            ("approve", reviewers[winner]["id"])]
        assert [e[0] for e in events] == ["create", "upload", "approve"]
        # the DataStore holds the new value, in one row per region
        records = _records(reviewers)
        assert len(records) == rows
        [row] = [r for r in records if r["kode_wilayah"] == ROW]
        assert row["perempuan"] == new
        assert _revised_activities() == round_ + 1
        shown = helpers.call_action("satudata_change_request_show",
                                    as_user(reviewers["operator"]), id=made["id"])
        assert shown["status"] == "done"
        assert shown["revision"] == after["revision"]
