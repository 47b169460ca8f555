"""Demo verification workflow (plugin ``satudata_workflow``), idempotently.

``data/workflow.yaml`` says where filled periods of the indicator demo
stand: submitted, verified, published or returned (by the verifikator or
walidata, with a note, notes per cell and a deadline). :func:`load` walks
each period there through the workflow's actions as the demo accounts —
the OPD's operator submits, its verifikator verifies or returns, walidata
publishes or returns — so the audit trail, activity stream, notifications
and the DataStore table are what real use leaves behind.

A return is dated back (``days_ago``) with its deadline, so that the demo
has overdue returns: that is the only write that does not go through an
action, and it touches only the workflow's own transition table.

Running it again changes nothing: a period already in its state is left
alone; one that someone moved elsewhere is reported as kept.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

import yaml
from ckan import authz, model

from ckanext.satudata.demo import catalogue
from ckanext.satudata.demo.calls import Ckan, Echo, report
from ckanext.satudata.demo.indicators import _operator

Outcome = Literal["moved", "unchanged", "kept", "skipped"]
OUTCOMES: tuple[Outcome, ...] = ("moved", "unchanged", "kept", "skipped")
WALIDATA = "walidata"
RESULT = {"submit": "submitted", "verify": "verified", "publish": "published",
          "return": "returned"}
PATHS = {
    ("submitted", None): (("submit", "operator"),),
    ("verified", None): (("submit", "operator"), ("verify", "verifikator")),
    ("published", None): (("submit", "operator"), ("verify", "verifikator"),
                          ("publish", "walidata")),
    ("returned", "verifikator"): (("submit", "operator"), ("return", "verifikator")),
    ("returned", "walidata"): (("submit", "operator"), ("verify", "verifikator"),
                               ("return", "walidata")),
}


class WorkflowError(ValueError):
    """An entry of ``data/workflow.yaml`` is wrong."""


@dataclass(frozen=True)
class Target:
    dataset: str
    period: str
    state: str
    returned_by: str | None = None
    note: str = ""
    cells: dict[str, dict[str, str]] = field(default_factory=dict)
    days_ago: int = 0
    deadline_days: int = 7

    @property
    def path(self) -> tuple[tuple[str, str], ...]:
        return PATHS[(self.state, self.returned_by)]


def targets() -> list[Target]:
    text = resources.files(__package__).joinpath("data/workflow.yaml").read_text(
        encoding="utf-8")
    found = []
    for entry in yaml.safe_load(text)["periods"]:
        target = Target(**entry)
        key = (target.state, target.returned_by)
        if key not in PATHS:
            raise WorkflowError(f"{target.dataset} {target.period}: unknown state"
                                f" {key}")
        if target.state == "returned" and not target.note.strip():
            raise WorkflowError(f"{target.dataset} {target.period}: a return needs"
                                " a note")
        found.append(target)
    return found


def _verifikator(dataset: str) -> str | None:
    """The demo account that is admin of ``dataset``'s organization."""
    owner = next(d.organization for d in catalogue.datasets() if d.name == dataset)
    for account in catalogue.ACCOUNTS:
        if (owner, "admin") in account.memberships and (
            authz.users_role_for_group_or_org(owner, account.name) == "admin"
        ):
            return account.name
    return None


def load(echo: Echo = print) -> None:
    """Apply ``data/workflow.yaml``. Safe to run repeatedly."""
    ckan = Ckan()
    outcomes: Counter[Outcome] = Counter()
    for target in targets():
        outcomes[_ensure(ckan, target, echo)] += 1
    report(echo, "workflow periods", outcomes, OUTCOMES)


def _ensure(ckan: Ckan, target: Target, echo: Echo) -> Outcome:
    actors = {"operator": _operator(target.dataset),
              "verifikator": _verifikator(target.dataset), "walidata": WALIDATA}
    if not all(actors.values()):
        echo(f"  {target.dataset} {target.period}: its OPD has no demo operator"
             " and verifikator: skipped")
        return "skipped"
    shown = ckan("satudata_submission_show", id=target.dataset, period=target.period)
    if shown["state"] == target.state:
        return "unchanged"
    reached = [RESULT[action] for action, _role in target.path]
    if shown["state"] == "draft":
        start = 0
    elif shown["state"] in reached[:-1]:
        start = reached.index(shown["state"]) + 1
    else:
        return "kept"
    for action, role in target.path[start:]:
        data: dict[str, Any] = {}
        if action == "return":
            data = {"note": target.note.strip(), "cell_notes": target.cells,
                    "deadline": (dt.date.today() + dt.timedelta(
                        days=target.deadline_days)).isoformat()}
        done = ckan(f"satudata_submission_{action}", user=actors[role],
                    id=target.dataset, period=target.period, **data)
        if action == "return" and target.days_ago:
            _date_back(done["id"], target.days_ago, target.deadline_days)
    return "moved"


def _date_back(transition_id: str, days_ago: int, deadline_days: int) -> None:
    """Make a return look ``days_ago`` days old, its deadline counted from
    then (the actions refuse deadlines in the past)."""
    from ckanext.satudata.workflow.model import transition_table

    when = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days_ago)
    model.Session.execute(transition_table.update().where(
        transition_table.c.id == transition_id
    ).values(timestamp=when, deadline=(when + dt.timedelta(days=deadline_days)).date()))
    model.Session.commit()
