"""Two verifikators act on the same submitted period at the same moment:
exactly one move goes through, the other is told the state changed, and
exactly one transition is recorded.

For real: each verifikator is an HTTP request in a thread of its own (so
its own database connection, CKAN's session being per thread), both
released by a barrier. To make them meet at the lock every time, the test
itself holds the submission row (``SELECT ... FOR UPDATE``) on a third
connection until both requests wait for it in PostgreSQL, then lets go:
they are then in the race the row lock of ``satudata_submission_*``
decides. Without that lock both would go through, and the test fails.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import helpers

from ckanext.satudata.indicators.model import submission_table
from ckanext.satudata.workflow.model import transition_table
from tests.indicators.support import Api, as_user, submission_of

from .support import move, to_state, waiting_on_locks

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")

PERIOD = "2024-S1"
ROUNDS = 5
TARGETS = {"verify": "verified", "return": "returned"}


@pytest.fixture
def verifiers(people: dict[str, Any]) -> dict[str, Any]:
    """``people`` with a second verifikator (admin) of the OPD and the
    period submitted by the operator."""
    second = helpers.call_action("user_create", {"ignore_auth": True},
                                 name="verifikator-2", email="v2@example.org",
                                 password="Rahasia#Sekali123")
    helpers.call_action(
        "organization_member_create", as_user(people["verifikator"]),
        id=people["organization"]["id"], username=second["name"], role="admin",
    )
    people["verifikator_2"] = second
    to_state(people, "submitted", PERIOD)
    return people


def _race(app: Any, api: Api, people: dict[str, Any],
          moves: list[tuple[str, str]]) -> list[tuple[str, str, int, Any]]:
    """Send ``moves`` (action, who) at once; each result is (action, who,
    HTTP status, JSON body)."""
    data = {"id": people["dataset"]["id"], "period": PERIOD}
    headers = {who: api.headers(people[who]) for _, who in moves}
    model.Session.commit()  # everything the threads read is committed
    model.Session.remove()
    barrier = threading.Barrier(len(moves))
    results: list[tuple[str, str, int, Any]] = []

    def run(action: str, who: str) -> None:
        client = app.test_client()
        payload = dict(data, note="Periksa lagi") if action == "return" else data
        barrier.wait(timeout=10)
        response = client.post(f"/api/3/action/satudata_submission_{action}",
                               json=payload, headers=headers[who])
        results.append((action, who, response.status_code, response.get_json()))

    engine = model.meta.engine
    with engine.connect() as holder, engine.connect() as watcher:
        lock = holder.begin()
        holder.execute(sa.select(submission_table.c.id).where(
            submission_table.c.period == PERIOD
        ).with_for_update())
        threads = [threading.Thread(target=run, args=m, daemon=True) for m in moves]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 15
        while waiting_on_locks(watcher) < len(moves) and time.monotonic() < deadline:
            time.sleep(0.02)
        waiting = waiting_on_locks(watcher)
        lock.rollback()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    # both requests stood at the row lock at once: a real race
    assert waiting == len(moves), results
    return results


def _transitions() -> list[dict[str, Any]]:
    return [dict(row) for row in model.Session.execute(
        sa.select(transition_table).order_by(transition_table.c.timestamp)
    ).mappings()]


def _back_to_submitted(people: dict[str, Any], state: str) -> None:
    if state == "verified":
        move(people, "return", "walidata", PERIOD, note="Ulangi")
    move(people, "submit", "operator", PERIOD)


@pytest.mark.parametrize("moves", [
    [("verify", "verifikator"), ("verify", "verifikator_2")],
    [("verify", "verifikator"), ("return", "verifikator_2")],
    [("return", "verifikator"), ("verify", "verifikator_2")],
], ids=["verify-verify", "verify-return", "return-verify"])
def test_two_verifikators_at_once(app: Any, api: Api, verifiers: dict[str, Any],
                                  moves: list[tuple[str, str]]) -> None:
    for _ in range(ROUNDS):
        before = _transitions()
        results = _race(app, api, verifiers, moves)
        winners = [r for r in results if r[2] == 200]
        losers = [r for r in results if r[2] != 200]
        assert len(winners) == 1, results
        assert len(losers) == 1, results
        action, who, _, body = winners[0]
        assert body["result"]["from_state"] == "submitted"
        # the loser is told the state changed, in a ValidationError
        _, _, status, refused = losers[0]
        assert status == 409, refused
        assert refused["error"]["__type"] == "Validation Error"
        assert set(refused["error"]) == {"__type", "state"}
        assert "2024 Semester 1" in refused["error"]["state"][0]
        # no lost update: one transition, the winner's, and the state it set
        new = _transitions()[len(before):]
        assert [(t["action"], t["user_id"], t["from_state"], t["to_state"])
                for t in new] == [(action, verifiers[who]["id"], "submitted",
                                   TARGETS[action])]
        shown = submission_of(verifiers, PERIOD)
        assert shown["state"] == TARGETS[action]
        assert shown["revision"] == new[0]["revision"]
        _back_to_submitted(verifiers, shown["state"])
