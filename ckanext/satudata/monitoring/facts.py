"""The fact table (``satudata_monitoring_period``): one row per dataset
with a structure and period, rewritten per dataset when something about
it changes and wholly by the daily refresh.

Everything the dashboards need about a period is decided here, once:
state, filled, when it was submitted, verified and published, the working
days each step took (:mod:`calendar.api`, the portal's holidays), how many
working days after its fill deadline it was published, returns, cell
notes, quality flags at the last submission and approved change requests.
What depends on *today* (due, overdue, days missing) is left to the
queries (:mod:`.figures`), so a row stays true until its dataset changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from ckan import model
from sqlalchemy.dialects.postgresql import insert

from ckanext.satudata.calendar import api as calendar
from ckanext.satudata.changes import api as changes
from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.monitoring.model import check_table, period_table
from ckanext.satudata.rows import Row, now
from ckanext.satudata.workflow import api as workflow

#: At most this many periods per dataset (50 years of months).
MAX_PERIODS = 600
NO_URUSAN = ""
#: Rows written per statement.
BATCH = 5000


def _datasets(package_ids: list[str] | None) -> list[Row]:
    """Active datasets of an OPD with a structure (of ``package_ids``)."""
    package = model.package_table
    statement = sa.select(
        package.c.id, package.c.owner_org,
        package.c.extras["urusan"].astext.label("urusan"),
    ).where(
        package.c.state == "active", package.c.type == "dataset",
        package.c.owner_org.isnot(None),
    )
    if package_ids is not None:
        statement = statement.where(package.c.id.in_(package_ids))
    return [dict(row) for row in model.Session.execute(statement).mappings()]


def _last_checks(package_ids: list[str]) -> dict[str, int]:
    """Per submission: the flags of its newest quality check."""
    if not package_ids:
        return {}
    found: dict[str, int] = {}
    rows = model.Session.execute(
        sa.select(check_table.c.submission_id, check_table.c.flags)
        .where(check_table.c.package_id.in_(package_ids))
        .order_by(check_table.c.timestamp)
    )
    for submission_id, flags in rows:
        found[submission_id] = flags
    return found


def _timeline(moves: list[Row]) -> dict[str, Any]:
    """When one submission was (last) submitted, verified, published, the
    working days each step took, its returns and their cell notes."""
    result: dict[str, Any] = {
        "submitted": None, "verified": None, "published": None,
        "verify_days": None, "publish_days": None, "returns": 0, "cell_notes": 0,
    }
    for move in moves:
        when = move["timestamp"]
        if move["action"] == "submit":
            result["submitted"] = when
        elif move["action"] == "verify":
            result["verified"] = when
            if result["submitted"] is not None:
                result["verify_days"] = calendar.working_days_between(
                    result["submitted"], when)
        elif move["action"] == "publish":
            result["published"] = when
            if result["verified"] is not None:
                result["publish_days"] = calendar.working_days_between(
                    result["verified"], when)
        elif move["action"] == "return":
            result["returns"] += 1
            result["cell_notes"] += int(move["cell_notes"] or 0)
    return result


def rows_for(package_ids: list[str] | None, today: dt.date | None = None,
             stamp: dt.datetime | None = None) -> tuple[list[str], list[Row]]:
    """The datasets looked at and the fact rows of ``package_ids``
    (``None``: every dataset), computed from the tables of indicator entry,
    the workflow and the change requests."""
    today = today or dt.date.today()
    datasets = {row["id"]: row for row in _datasets(package_ids)}
    ids = list(datasets)
    structures = indicators.structure_rows(ids)
    submissions = {(row["package_id"], row["period"]): row
                   for row in indicators.period_rows(ids)}
    by_submission: dict[str, list[Row]] = {}
    for move in workflow.moves(ids):
        by_submission.setdefault(move["submission_id"], []).append(move)
    checks = _last_checks(ids)
    approved = changes.approved_counts(ids)
    days = indicators.deadline_days()
    stamp = stamp or now()
    facts: list[Row] = []
    for package_id, structure in structures.items():
        dataset = datasets[package_id]
        first = indicators.parse_period(structure["first_period"],
                                        structure["granularity"])
        if first is None:
            continue
        current = indicators.containing(today, structure["granularity"])
        found, count = first, 0
        while found <= current and count < MAX_PERIODS:
            count += 1
            submission = submissions.get((package_id, found.id))
            deadline = found.end + dt.timedelta(days=days)
            timeline = _timeline(by_submission.get(submission["id"], [])
                                 if submission else [])
            late = None
            if timeline["published"] is not None:
                late = calendar.working_days_between(deadline, timeline["published"])
            facts.append({
                "package_id": package_id, "period": found.id,
                "organization_id": dataset["owner_org"],
                "urusan": dataset["urusan"] or NO_URUSAN,
                "granularity": structure["granularity"],
                "period_end": found.end, "deadline": deadline,
                "state": submission["state"] if submission else "belum_diisi",
                "filled": bool(submission and submission["filled"]),
                **timeline, "late_days": late,
                "quality_flags": checks.get(submission["id"], 0) if submission else 0,
                "changes_approved": approved.get((package_id, found.id), 0),
                "refreshed": stamp,
            })
            found = found.next()
    return ids, facts


def refresh(package_ids: list[str] | None = None,
            today: dt.date | None = None) -> int:
    """Rewrite the fact rows of ``package_ids`` (``None``: all of them,
    dropping those of datasets gone since), in the caller's transaction.
    Returns the number of rows written.

    Rows are upserted (two moves of one dataset committed at once both
    write its rows: the second waits for the first's row locks, then
    updates), and the rows no longer true are deleted after."""
    stamp = now()
    ids, facts = rows_for(package_ids, today, stamp)
    if facts:
        statement = insert(period_table)
        columns = {name: statement.excluded[name] for name in facts[0]
                   if name not in ("package_id", "period")}
        for start in range(0, len(facts), BATCH):
            model.Session.execute(statement.on_conflict_do_update(
                index_elements=["package_id", "period"], set_=columns,
            ), facts[start:start + BATCH])
    # what this refresh did not write is no longer true
    stale = period_table.delete().where(period_table.c.refreshed != stamp)
    if package_ids is not None:
        stale = stale.where(period_table.c.package_id.in_(package_ids))
    model.Session.execute(stale)
    return len(facts)


def record_check(transition: Row, summary: dict[str, int]) -> None:
    """Keep the quality checks' findings of a submission (at ``submit``)."""
    model.Session.execute(check_table.insert().values(
        transition_id=transition["id"], submission_id=transition["submission_id"],
        package_id=transition["package_id"], period=transition["period"],
        timestamp=now(), flags=sum(summary.values()), summary=summary,
    ))
