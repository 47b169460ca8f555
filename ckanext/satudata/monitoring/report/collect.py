"""The figures a report is made from, computed once and kept in the
report's ``figures`` (JSON) so that a finalised report never changes:
the dashboard's figures (:func:`dashboard.summary`: per OPD, total, per
urusan, trend), the periods behind (:func:`figures.problems`), the most
returned datasets, the data and access requests and the use of the data
(:mod:`..requests`, :mod:`..usage`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.satudata.monitoring import dashboard, figures, requests, usage
from ckanext.satudata.monitoring.model import period_table
from ckanext.satudata.monitoring.window import Window
from ckanext.satudata.rows import now

#: Problems in the report: deadline passed and not published, or published
#: after the deadline (a period returned but published in time is not one).
PROBLEM_KINDS = ("overdue", "late")
#: Rows of the "most returned" and "most used" tables.
TOP = 10
#: At most this many periods behind are listed (oldest deadline first).
PROBLEMS_MAX = 500
#: Version of the snapshot's layout (kept in it).
VERSION = 1


def most_returned(window: Window, today: dt.date, limit: int = TOP
                  ) -> list[dict[str, Any]]:
    """The datasets returned most often in the window's due periods (at
    least once), with their OPD, returns, cell notes and periods returned."""
    t = period_table
    package = model.package_table
    group = model.group_table
    statement = (
        sa.select(
            t.c.package_id, package.c.name, package.c.title,
            group.c.name.label("organization"),
            group.c.title.label("organization_title"),
            sa.func.sum(t.c.returns).label("returns"),
            sa.func.sum(t.c.cell_notes).label("cell_notes"),
            sa.func.count().filter(t.c.returns > 0).label("periods"),
        )
        .join(package, package.c.id == t.c.package_id)
        .join(group, group.c.id == t.c.organization_id)
        .where(t.c.period_end >= window.start, t.c.period_end <= window.end,
               t.c.period_end < today, t.c.returns > 0)
        .group_by(t.c.package_id, package.c.name, package.c.title,
                  group.c.name, group.c.title)
        .order_by(sa.desc("returns"), sa.desc("cell_notes"), package.c.title,
                  t.c.package_id)
        .limit(limit)
    )
    return [
        {"package_id": row.package_id, "name": row.name,
         "title": row.title or row.name, "organization": row.organization,
         "organization_title": row.organization_title or row.organization,
         "returns": int(row.returns or 0), "cell_notes": int(row.cell_notes or 0),
         "periods": int(row.periods or 0)}
        for row in model.Session.execute(statement)
    ]


def _usage(window: Window) -> dict[str, Any]:
    found = usage.figures(window.start, window.end, None).as_dict()
    found["datasets"] = found["datasets"][:TOP]
    return found


def collect(window: Window, today: dt.date | None = None) -> dict[str, Any]:
    """Every figure of the report of ``window`` as seen on ``today``
    (JSON-able)."""
    today = today or dt.date.today()
    problems = [
        {**row, "deadline": str(row["deadline"])}
        for row in figures.problems(window, None, today, limit=PROBLEMS_MAX)
        if row["kind"] in PROBLEM_KINDS
    ]
    return {
        "version": VERSION,
        "window": window.as_dict(),
        "today": today.isoformat(),
        "computed": now().isoformat(),
        "summary": dashboard.summary(window, None, today),
        "problems": problems,
        "most_returned": most_returned(window, today),
        "data_requests": requests.data_requests(window.start, window.end).as_dict(),
        "access_requests": requests.access_requests(window.start, window.end).as_dict(),
        "usage": _usage(window),
    }
