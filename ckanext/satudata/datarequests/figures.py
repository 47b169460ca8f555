"""The public figures of the data requests on ``/permohonan-data``: how
many requests were filed this year, how many were answered (the data
delivered, or the request rejected with its letter) and how many of those
in time (no stage of the walidata or the producer took longer than its
limit in working days). Computed from the request and stage tables
(:mod:`.store`), never from a user's view of them: numbers only, nothing
about a request or a requester."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from ckanext.satudata.calendar import api as calendar
from ckanext.satudata.datarequests import stages, statuses, store

#: The stages timed against the portal (the requester's data balikan is not).
SERVICE_STAGES = (stages.DITERIMA, stages.SURAT_PENGANTAR, stages.DITINDAKLANJUTI,
                  stages.PENYAMPAIAN, stages.PENOLAKAN)
#: A request is answered when one of these stages is finished.
ANSWER_STAGES = (stages.PENYAMPAIAN, stages.PENOLAKAN)


@dataclasses.dataclass(frozen=True)
class Figures:
    """The figures of one calendar year (in the portal's zone)."""

    year: int
    requests: int
    answered: int
    in_time: int
    in_progress: int

    @property
    def percent_in_time(self) -> int | None:
        """Answered in time, in whole percent; ``None`` before any answer."""
        if not self.answered:
            return None
        return round(100 * self.in_time / self.answered)

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "percent_in_time": self.percent_in_time}


def _answered(rows: list[dict[str, Any]]) -> bool:
    return any(row["stage"] in ANSWER_STAGES and row["finished"] is not None
               for row in rows)


def _in_time(rows: list[dict[str, Any]], now: dt.datetime) -> bool:
    return not any(stages.overdue(row, now) for row in rows
                   if row["stage"] in SERVICE_STAGES)


def of_year(year: int | None = None, now: dt.datetime | None = None) -> Figures:
    """The figures of ``year`` (default: this year) as of ``now``.

    :param year: the calendar year the requests were filed in
    :param now: the moment the open stages are timed at (default: now)
    """
    now = now or store.now()
    year = year or calendar.local_date(now).year
    requests = [row for row in store.search()
                if calendar.local_date(row["created"]).year == year]
    stage_rows = store.stages_of([row["id"] for row in requests])
    answered = in_time = in_progress = 0
    for request in requests:
        rows = stage_rows[request["id"]]
        if _answered(rows):
            answered += 1
            in_time += _in_time(rows, now)
        elif request["status"] not in statuses.CLOSED:
            in_progress += 1
    return Figures(year=year, requests=len(requests), answered=answered,
                   in_time=in_time, in_progress=in_progress)


# ---- per request, for the monitoring and the portal statistics -----------------

@dataclasses.dataclass(frozen=True)
class RequestFacts:
    """Where one request stands as of a moment: what the monitoring counts
    per OPD and window (``satudata_monitoring``'s ``requests`` module).

    ``answered``: the data delivered or the request rejected with its
    letter; ``in_time``: answered with no service stage over its limit;
    ``late``: answered late, or still open with a service stage past its
    limit; ``in_progress``: neither answered nor closed (cancelled)."""

    id: str
    organization_id: str | None  # the OPD it was forwarded to
    filed: dt.date  # in the portal's zone
    status: str
    answered: bool
    in_time: bool
    late: bool
    rejected: bool
    cancelled: bool
    in_progress: bool

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "filed": self.filed.isoformat()}


def facts(start: dt.date, end: dt.date, organization_ids: list[str] | None = None,
          now: dt.datetime | None = None) -> list[RequestFacts]:
    """The requests filed from ``start`` to ``end`` (days in the portal's
    zone, both included), of the OPDs ``organization_ids`` forwarded to
    (``None``: every request, forwarded or not), as of ``now``."""
    now = now or store.now()
    rows = [row for row in store.filed_between(start, end, organization_ids)
            if start <= calendar.local_date(row["created"]) <= end]
    stage_rows = store.stages_of([row["id"] for row in rows])
    found = []
    for row in rows:
        timed = stage_rows[row["id"]]
        answered = _answered(timed)
        closed = row["status"] in statuses.CLOSED
        overdue = not _in_time(timed, now)
        found.append(RequestFacts(
            id=row["id"], organization_id=row["organization_id"],
            filed=calendar.local_date(row["created"]), status=row["status"],
            answered=answered, in_time=answered and not overdue,
            late=overdue and (answered or not closed),
            rejected=row["status"] == statuses.DITOLAK,
            cancelled=row["status"] == statuses.DIBATALKAN,
            in_progress=not answered and not closed,
        ))
    return found
