"""Moving a submission along one edge of the state machine.

One function for the four actions, so that every move is checked, locked,
recorded, put in the activity stream and notified the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import roles, signals
from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.indicators.api import Grid
from ckanext.satudata.messages import N_, message
from ckanext.satudata.workflow import activity, config, machine, notify, store

STATE_LABELS = {
    "belum_diisi": N_("not filled"),
    "draft": N_("draft"),
    "submitted": N_("submitted"),
    "verified": N_("verified"),
    "returned": N_("returned"),
    "published": N_("published"),
}


@dataclass(frozen=True)
class Move:
    """What a user asks: ``action`` on one dataset's period."""

    action: str
    user: model.User
    note: str = ""
    cell_notes: dict[str, dict[str, str]] | None = None
    deadline: dt.date | None = None
    revision: int | None = None


ROLE_LABELS = {
    "operator": N_("operator"),
    "verifikator": N_("verifikator"),
    "walidata": N_("walidata"),
    "surveyor": N_("surveyor"),
}


def role_label(role: str | None) -> str:
    return tk._(ROLE_LABELS[role]) if role in ROLE_LABELS else (role or "")


def state_label(state: str) -> str:
    return tk._(STATE_LABELS.get(state, state))


def separation_of_duties() -> bool:
    return config.separation_of_duties()


def default_deadline() -> dt.date:
    days = config.return_deadline_days()
    return dt.date.today() + dt.timedelta(days=days)


def _conflict(grid: Grid, state: str, action: str,
              sources: tuple[str, ...]) -> tk.ValidationError:
    allowed = ", ".join(state_label(s) for s in sources)
    return tk.ValidationError({"state": [message(N_(
        "Period {period} is {state}: it cannot be {action} now (only when it"
        " is {allowed}). Someone may have acted on it before you: reload the"
        " page."
    ), {
        "period": grid.period.label, "state": state_label(state),
        "action": tk._(ACTION_LABELS[action]), "allowed": allowed,
    })]})


ACTION_LABELS = {
    "submit": N_("submitted"),
    "verify": N_("verified"),
    "return": N_("returned"),
    "publish": N_("published"),
}


def _check_cell_notes(grid: Grid, notes: dict[str, dict[str, str]]) -> None:
    rows = {row.code for row in grid.rows}
    errors = []
    for row_code, by_component in notes.items():
        if row_code not in rows:
            errors.append(message(N_("Unknown row: {code}"), {"code": row_code}))
            continue
        for code in by_component:
            if grid.structure.component(code) is None:
                errors.append(message(N_("Unknown component: {code}"),
                                      {"code": code}))
    if errors:
        raise tk.ValidationError({"cell_notes": errors})


def move(package: model.Package, period_id: str, request: Move) -> dict[str, Any]:
    """Apply ``request`` to the submission of ``package`` for ``period_id``.

    Locks the submission row, so that of two people acting at once one
    wins and the other is told the state changed. Raises ``NotAuthorized``
    when the user does not hold the edge's role (or entered the values
    they would review), ``ValidationError`` for a move from the wrong state
    or bad input. Returns the transition and notifies; the caller commits
    and then calls :func:`notify.after_commit`.
    """
    grid = indicators.grid_for(package, period_id)
    row = indicators.submission_row(package.id, grid.period.id, lock=True)
    state = row["state"] if row else "belum_diisi"
    edge = machine.edge(request.action, state)
    held = roles.roles_of(request.user.name, package)
    # The states this user could take the action from: when the period is
    # in none of them, it is a conflict (someone moved it, e.g. verified it
    # while this verifikator returned it), not a missing role.
    mine = machine.sources(request.action, held)
    if row is None or edge is None or (edge.role not in held and mine):
        raise _conflict(grid, state, request.action,
                        mine or machine.sources(request.action))
    if edge.role not in held:
        raise tk.NotAuthorized(message(N_(
            "Only the {role} may do this while the period is {state}"
        ), {"role": role_label(edge.role), "state": state_label(state)}))
    if (
        request.action in machine.REVIEWS and separation_of_duties()
        and indicators.entered_by(row["id"], request.user.id)
    ):
        raise tk.NotAuthorized(tk._(
            "You entered values of this period: someone else must check them"
            " (separation of duties)"
        ))
    if request.revision is not None and request.revision != row["revision"]:
        raise tk.ValidationError({"revision": [message(N_(
            "The values changed after you opened the page (revision {theirs},"
            " yours {yours}). Reload the page and check them again."
        ), {"theirs": row["revision"], "yours": request.revision})]})
    if request.action == "submit" and not any(
        value is not None for cells in row["values"].values()
        for value in cells.values()
    ):
        raise tk.ValidationError({"values": [tk._(
            "Nothing to submit: no value has been filled"
        )]})
    note = (request.note or "").strip()
    cell_notes: dict[str, dict[str, str]] = {}
    deadline = None
    if request.action == "return":
        if not note:
            raise tk.ValidationError({"note": [tk._(
                "Write what must be corrected"
            )]})
        cell_notes = {
            r: {c: text.strip() for c, text in by.items() if text and text.strip()}
            for r, by in (request.cell_notes or {}).items()
        }
        cell_notes = {r: by for r, by in cell_notes.items() if by}
        _check_cell_notes(grid, cell_notes)
        deadline = request.deadline or default_deadline()
        if deadline < dt.date.today():
            raise tk.ValidationError({"deadline": [tk._(
                "The deadline cannot be in the past"
            )]})
    written = None
    if request.action == "publish":
        from ckanext.satudata.workflow import publication

        # a receiver (the personal-data guard) may hold the publication
        signals.period_publishing.send(
            package.id, package=package, grid=grid, submission=row,
            user=request.user,
        )
        written = publication.write_period(package, grid, row["values"])
    try:
        indicators.set_state(row["id"], edge.target, request.user.id)
        transition = {
            "submission_id": row["id"], "package_id": package.id,
            "period": grid.period.id, "action": request.action,
            "from_state": state, "to_state": edge.target,
            "user_id": request.user.id, "role": edge.role, "note": note,
            "cell_notes": cell_notes, "deadline": deadline,
            "revision": row["revision"],
        }
        transition["id"] = store.record_transition(**transition)
        activity.record_transition(package, grid, transition, request.user)
        signals.period_moved.send(
            package.id, package=package, grid=grid, transition=transition,
        )
        transition["notifications"] = notify.transition(package, grid, transition)
    except Exception:
        undo(written)
        raise
    transition["written"] = written
    return transition


def undo(written: Any) -> None:
    """Take back the DataStore rows of a publication whose state was not
    saved (see :func:`.publication.undo`); nothing for other moves."""
    if written is not None:
        from ckanext.satudata.workflow import publication

        publication.undo(written)
