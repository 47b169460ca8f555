"""The submission state machine (workflow/machine.py), without a database:
every edge, every role, every refused move."""

from __future__ import annotations

import itertools

import pytest

from ckanext.satudata.roles import OPERATOR, VERIFIKATOR, WALIDATA
from ckanext.satudata.workflow import machine
from ckanext.satudata.workflow.machine import (
    DRAFT,
    PUBLISHED,
    RETURNED,
    SUBMITTED,
    VERIFIED,
)

ROLES = (OPERATOR, VERIFIKATOR, WALIDATA)

#: (action, from, to, role): the whole machine, written out once more.
MOVES = [
    ("submit", DRAFT, SUBMITTED, OPERATOR),
    ("submit", RETURNED, SUBMITTED, OPERATOR),
    ("verify", SUBMITTED, VERIFIED, VERIFIKATOR),
    ("return", SUBMITTED, RETURNED, VERIFIKATOR),
    ("return", VERIFIED, RETURNED, WALIDATA),
    ("publish", VERIFIED, PUBLISHED, WALIDATA),
]
ALLOWED_MOVES = {(action, source) for action, source, _target, _role in MOVES}
REFUSED_MOVES = sorted(
    set(itertools.product(machine.ACTIONS, machine.STATES)) - ALLOWED_MOVES
)


def test_states_and_actions():
    assert machine.STATES == ("draft", "submitted", "verified", "returned",
                              "published")
    assert machine.ACTIONS == ("submit", "verify", "return", "publish")
    assert machine.REVIEWS == ("verify", "publish")


def test_the_edges_are_exactly_the_moves():
    assert [(e.action, e.source, e.target, e.role) for e in machine.EDGES] == MOVES


@pytest.mark.parametrize("action, source, target, role", MOVES)
def test_edge(action, source, target, role):
    assert machine.edge(action, source) == machine.Edge(action, source, target, role)


@pytest.mark.parametrize("action, state", REFUSED_MOVES)
def test_refused_move_has_no_edge(action, state):
    assert machine.edge(action, state) is None


@pytest.mark.parametrize("action, state", [
    ("submit", "unknown"), ("approve", DRAFT), ("", DRAFT), ("SUBMIT", DRAFT),
])
def test_unknown_action_or_state_has_no_edge(action, state):
    assert machine.edge(action, state) is None


def test_published_is_final():
    assert [e for e in machine.EDGES if e.source == PUBLISHED] == []
    assert machine.allowed(PUBLISHED, frozenset(ROLES)) == []


def test_every_state_is_reachable_from_draft():
    reached, todo = {DRAFT}, [DRAFT]
    while todo:
        state = todo.pop()
        for e in machine.EDGES:
            if e.source == state and e.target not in reached:
                reached.add(e.target)
                todo.append(e.target)
    assert reached == set(machine.STATES)


#: What each single role may do in each state.
ALLOWED = {
    (DRAFT, OPERATOR): ["submit"],
    (DRAFT, VERIFIKATOR): [],
    (DRAFT, WALIDATA): [],
    (SUBMITTED, OPERATOR): [],
    (SUBMITTED, VERIFIKATOR): ["verify", "return"],
    (SUBMITTED, WALIDATA): [],
    (VERIFIED, OPERATOR): [],
    (VERIFIED, VERIFIKATOR): [],
    (VERIFIED, WALIDATA): ["return", "publish"],
    (RETURNED, OPERATOR): ["submit"],
    (RETURNED, VERIFIKATOR): [],
    (RETURNED, WALIDATA): [],
    (PUBLISHED, OPERATOR): [],
    (PUBLISHED, VERIFIKATOR): [],
    (PUBLISHED, WALIDATA): [],
}


@pytest.mark.parametrize("state, role", sorted(ALLOWED))
def test_allowed_for_one_role(state, role):
    assert machine.allowed(state, frozenset({role})) == ALLOWED[(state, role)]


@pytest.mark.parametrize("state, roles, actions", [
    # a verifikator is admin of the OPD and may also fill, like an operator
    (DRAFT, {OPERATOR, VERIFIKATOR}, ["submit"]),
    (SUBMITTED, {OPERATOR, VERIFIKATOR}, ["verify", "return"]),
    (VERIFIED, {OPERATOR, VERIFIKATOR}, []),
    (RETURNED, {OPERATOR, VERIFIKATOR}, ["submit"]),
    # a sysadmin holds every role
    (DRAFT, set(ROLES), ["submit"]),
    (SUBMITTED, set(ROLES), ["verify", "return"]),
    (VERIFIED, set(ROLES), ["return", "publish"]),
    (RETURNED, set(ROLES), ["submit"]),
    (PUBLISHED, set(ROLES), []),
])
def test_allowed_for_several_roles(state, roles, actions):
    assert machine.allowed(state, frozenset(roles)) == actions


@pytest.mark.parametrize("state", (*machine.STATES, "unknown"))
def test_nobody_without_a_role_may_move(state):
    assert machine.allowed(state, frozenset()) == []
    assert machine.allowed(state, frozenset({"pembina", "public"})) == []


@pytest.mark.parametrize("action, roles, states", [
    ("submit", None, (DRAFT, RETURNED)),
    ("verify", None, (SUBMITTED,)),
    ("return", None, (SUBMITTED, VERIFIED)),
    ("publish", None, (VERIFIED,)),
    ("submit", {OPERATOR}, (DRAFT, RETURNED)),
    ("submit", {VERIFIKATOR, WALIDATA}, ()),
    ("verify", {VERIFIKATOR}, (SUBMITTED,)),
    ("verify", {OPERATOR, WALIDATA}, ()),
    ("return", {VERIFIKATOR}, (SUBMITTED,)),
    ("return", {WALIDATA}, (VERIFIED,)),
    ("return", {VERIFIKATOR, WALIDATA}, (SUBMITTED, VERIFIED)),
    ("return", {OPERATOR}, ()),
    ("publish", {WALIDATA}, (VERIFIED,)),
    ("publish", {OPERATOR, VERIFIKATOR}, ()),
    ("publish", set(), ()),
    ("approve", None, ()),
])
def test_sources(action, roles, states):
    given = None if roles is None else frozenset(roles)
    assert machine.sources(action, given) == states


@pytest.mark.parametrize("action, roles", [
    ("submit", (OPERATOR,)),
    ("verify", (VERIFIKATOR,)),
    ("return", (VERIFIKATOR, WALIDATA)),
    ("publish", (WALIDATA,)),
    ("approve", ()),
])
def test_roles_for(action, roles):
    assert machine.roles_for(action) == roles


@pytest.mark.parametrize("action", machine.REVIEWS)
def test_reviews_are_never_the_operators(action):
    """Separation of duties: who checks the work is not who filled it."""
    assert OPERATOR not in machine.roles_for(action)


def test_edges_are_frozen():
    with pytest.raises(AttributeError):
        machine.EDGES[0].target = PUBLISHED  # type: ignore[misc]
