"""What the dashboards, the API and the report show, composed from
:mod:`.figures` and cached (:mod:`.cache`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ckanext.satudata.monitoring import cache, config, figures, requests, usage
from ckanext.satudata.monitoring import window as windows
from ckanext.satudata.monitoring.window import Window


def targets() -> dict[str, int]:
    return {"target_fill_rate": config.target_fill_rate(),
            "warning_fill_rate": config.warning_fill_rate()}


#: Rows of the "most used datasets" table.
TOP_USED = 10


def services(window: Window, organization_ids: list[str] | None) -> dict[str, Any]:
    """Data requests, access requests and the use of the data in the
    window (of ``organization_ids``: requests forwarded to / datasets of)."""
    data = requests.data_requests(window.start, window.end, organization_ids)
    access = requests.access_requests(window.start, window.end, organization_ids)
    used = usage.figures(window.start, window.end, organization_ids).as_dict()
    used["datasets"] = used["datasets"][:TOP_USED]
    return {"data_requests": data.as_dict(), "access_requests": access.as_dict(),
            "usage": used}


def summary(window: Window, organization_ids: list[str] | None,
            today: dt.date | None = None) -> dict[str, Any]:
    """The walidata dashboard (or an OPD's): ranking, totals, sectors and
    the trend over the last windows of the same granularity."""
    today = today or dt.date.today()
    ids = sorted(organization_ids) if organization_ids is not None else None

    def compute() -> dict[str, Any]:
        ranking = figures.organizations(window, ids, today)
        return {
            "window": window.as_dict(), "today": today.isoformat(), **targets(),
            **ranking,
            "sectors": figures.sectors(window, ids, today),
            "trend": figures.trend(windows.trend(window, config.trend_windows()),
                                   ids, today),
            **services(window, ids),
        }

    return cache.cached("summary", {"window": window.id, "organizations": ids},
                        compute, today)


def organization(window: Window, organization_id: str,
                 today: dt.date | None = None) -> dict[str, Any]:
    """One OPD: its figures, sectors, trend and what is behind."""
    today = today or dt.date.today()

    def compute() -> dict[str, Any]:
        ranking = figures.organizations(window, [organization_id], today)
        rows = ranking["organizations"]
        return {
            "window": window.as_dict(), "today": today.isoformat(), **targets(),
            "organization": rows[0] if rows else None,
            "sectors": figures.sectors(window, [organization_id], today),
            "trend": figures.trend(windows.trend(window, config.trend_windows()),
                                   [organization_id], today),
            "problems": figures.problems(window, [organization_id], today),
            **services(window, [organization_id]),
        }

    return cache.cached("organization",
                        {"window": window.id, "organization": organization_id},
                        compute, today)
