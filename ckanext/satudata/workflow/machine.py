"""The state machine of a submission (one dataset and one period).

::

    draft ──submit──▶ submitted ──verify──▶ verified ──publish──▶ published
      ▲                  │                     │
      │               return               return
      │             (verifikator)           (walidata)
      │                  ▼                     ▼
      └──(operator edits)── returned ◀─────────┘
                      └──submit──▶ submitted

Each edge names the role that may move it. ``returned`` is a draft that
carries the return's note, notes per cell and deadline: the operator edits
it and submits it again. Published values never change in place (a change
request does that, in a later capability).
"""

from __future__ import annotations

from dataclasses import dataclass

from ckanext.satudata.roles import OPERATOR, VERIFIKATOR, WALIDATA

DRAFT, SUBMITTED, VERIFIED, RETURNED, PUBLISHED = (
    "draft", "submitted", "verified", "returned", "published",
)
STATES = (DRAFT, SUBMITTED, VERIFIED, RETURNED, PUBLISHED)


@dataclass(frozen=True)
class Edge:
    action: str  # submit, verify, return, publish
    source: str
    target: str
    role: str


EDGES = (
    Edge("submit", DRAFT, SUBMITTED, OPERATOR),
    Edge("submit", RETURNED, SUBMITTED, OPERATOR),
    Edge("verify", SUBMITTED, VERIFIED, VERIFIKATOR),
    Edge("return", SUBMITTED, RETURNED, VERIFIKATOR),
    Edge("return", VERIFIED, RETURNED, WALIDATA),
    Edge("publish", VERIFIED, PUBLISHED, WALIDATA),
)
ACTIONS = ("submit", "verify", "return", "publish")
# Moves that check someone else's work: separation of duties applies.
REVIEWS = ("verify", "publish")


def edge(action: str, state: str) -> Edge | None:
    """The edge ``action`` moves from ``state``, if any."""
    for found in EDGES:
        if found.action == action and found.source == state:
            return found
    return None


def sources(action: str, roles: frozenset[str] | None = None) -> tuple[str, ...]:
    """The states ``action`` may start from (for someone with ``roles``,
    when given)."""
    return tuple(e.source for e in EDGES if e.action == action
                 and (roles is None or e.role in roles))


def roles_for(action: str) -> tuple[str, ...]:
    """The roles that move ``action`` from some state."""
    return tuple(dict.fromkeys(e.role for e in EDGES if e.action == action))


def allowed(state: str, roles: frozenset[str]) -> list[str]:
    """The actions someone with ``roles`` may take on a submission in
    ``state``."""
    return [e.action for e in EDGES if e.source == state and e.role in roles]
