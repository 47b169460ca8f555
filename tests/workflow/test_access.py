"""Every edge of the state machine by every role, through the HTTP Action
API: a move is allowed exactly where the state machine says (submit:
operator; verify and return from submitted: verifikator; return from
verified and publish: walidata, a sysadmin counting as walidata); every
other call is refused and writes nothing. And every action from a state it
does not start from is refused with a message about the state.

The operator enters the values, so the separation of duties (whoever
entered values may not verify or publish them) never stands in the way of
the roles that are allowed.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.indicators.support import Api, submission_of

from .support import fill, to_state, workflow_state

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")

PERIOD = "2024-S1"
ROLES = (
    "anonymous", "public", "operator", "other_operator", "verifikator",
    "walidata", "pembina", "sysadmin",
)
#: (action, from state) → the roles that may take it, and the state it leads to.
EDGES = {
    ("submit", "draft"): ({"operator"}, "submitted"),
    ("submit", "returned"): ({"operator"}, "submitted"),
    ("verify", "submitted"): ({"verifikator"}, "verified"),
    ("return", "submitted"): ({"verifikator"}, "returned"),
    ("return", "verified"): ({"walidata", "sysadmin"}, "returned"),
    ("publish", "verified"): ({"walidata", "sysadmin"}, "published"),
}
#: Refusals that are about the state, not the role: the user may take the
#: action, only from another state (409, like a move someone else beat).
STATE_REFUSALS = {
    ("return", "submitted", "walidata"), ("return", "submitted", "sysadmin"),
    ("return", "verified", "verifikator"),
}
#: The role recorded on the transition.
RECORDED_ROLE = {
    "operator": "operator", "verifikator": "verifikator",
    "walidata": "walidata", "sysadmin": "walidata",
}
STATES = ("belum_diisi", "draft", "submitted", "verified", "returned", "published")
#: Who may take each action from some state.
MOVERS = {
    "submit": ("operator",),
    "verify": ("verifikator",),
    "return": ("verifikator", "walidata", "sysadmin"),
    "publish": ("walidata", "sysadmin"),
}
WRONG_STATES = [
    (action, state, role)
    for action, movers in MOVERS.items()
    for state in STATES
    if not any(edge[0] == action and edge[1] == state for edge in EDGES)
    for role in movers
]


def _user(people: dict[str, Any], role: str) -> dict[str, Any] | None:
    return None if role == "anonymous" else people[role]


def _bring(people: dict[str, Any], state: str) -> None:
    if state != "belum_diisi":
        to_state(people, state, PERIOD)


def _data(people: dict[str, Any], action: str) -> dict[str, Any]:
    data = {"id": people["dataset"]["name"], "period": PERIOD}
    if action == "return":
        data.update(note="Angka Genuk tidak wajar", deadline="2099-12-31",
                    cell_notes={"33.74.05": {"perempuan": "Terlalu besar"}})
    return data


def _state(people: dict[str, Any]) -> str:
    return submission_of(people, PERIOD)["state"]


def _transitions(state: dict[str, list[str]]) -> list[str]:
    return state["satudata_transition"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("edge", list(EDGES), ids=lambda e: f"{e[0]}-from-{e[1]}")
def test_edge_by_role(people: dict[str, Any], api: Api, edge: tuple[str, str],
                      role: str) -> None:
    action, source = edge
    allowed, target = EDGES[edge]
    _bring(people, source)
    user = _user(people, role)
    api.headers(user)  # the API token exists before the snapshot
    before = workflow_state()
    if role in allowed:
        body = api.call(f"satudata_submission_{action}", user,
                        **_data(people, action))
        result = body["result"]
        assert (result["from_state"], result["state"]) == (source, target)
        assert result["user"] == people[role]["name"]
        assert result["role"] == RECORDED_ROLE[role]
        assert _state(people) == target
        after = workflow_state()
        assert len(_transitions(after)) == len(_transitions(before)) + 1
        return
    conflict = (action, source, role) in STATE_REFUSALS
    body = api.call(f"satudata_submission_{action}", user,
                    status=409 if conflict else 403, **_data(people, action))
    assert body["success"] is False
    error = body["error"]
    if conflict:
        assert error["__type"] == "Validation Error"
        assert "2024 Semester 1" in error["state"][0]
    else:
        assert error["__type"] == "Authorization Error"
        assert error["message"]
    assert _state(people) == source
    assert workflow_state() == before


@pytest.mark.parametrize(("action", "state", "role"), WRONG_STATES)
def test_action_from_a_wrong_state(people: dict[str, Any], api: Api, action: str,
                                   state: str, role: str) -> None:
    _bring(people, state)
    user = people[role]
    api.headers(user)
    before = workflow_state()
    body = api.call(f"satudata_submission_{action}", user, status=409,
                    **_data(people, action))
    error = body["error"]
    assert error["__type"] == "Validation Error"
    assert set(error) == {"__type", "state"}
    # names the period; the page tells to reload it
    assert "2024 Semester 1" in error["state"][0]
    assert _state(people) == state
    assert workflow_state() == before


def test_the_verifikator_who_entered_values_is_refused(people: dict[str, Any],
                                                        api: Api) -> None:
    """The one case an allowed role is refused: separation of duties."""
    fill(people, PERIOD)
    api.call("satudata_submission_save", people["verifikator"], id=people[
        "dataset"]["id"], period=PERIOD, values={"33.74.01": {"rasio": "98,5"}})
    api.call("satudata_submission_submit", people["operator"],
             id=people["dataset"]["id"], period=PERIOD)
    before = workflow_state()
    body = api.call("satudata_submission_verify", people["verifikator"],
                    status=403, id=people["dataset"]["id"], period=PERIOD)
    assert body["error"]["__type"] == "Authorization Error"
    assert body["error"]["message"]
    assert _state(people) == "submitted"
    assert workflow_state() == before
