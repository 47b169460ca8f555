"""How the portal answers requests, per OPD and window: the data requests
(Permohonan Data: received, answered, answered in time, late, rejected,
in progress, cancelled) and the access requests to restricted data
(received, delivered, delivered in time against the limit in working
days, late, returned to the institution, in progress).

A request belongs to the window it was *filed* in (its day in the
portal's zone) and is counted as it stands at ``now``. The OPD of a data
request is the one it was forwarded to (requests not forwarded yet are
counted in the totals and in ``not_forwarded``); the OPDs of an access
request are those owning the requested datasets (a request for datasets
of two OPDs counts once for each, once in the totals). The rules of
"answered" and "late" are the requests plugins' own (their ``api``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ckan import model

from ckanext.satudata.accessrequests import api as accessrequests
from ckanext.satudata.datarequests import api as datarequests


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclasses.dataclass(frozen=True)
class DataRequestCounts:
    received: int = 0
    answered: int = 0  # data delivered, or rejected with its letter
    answered_in_time: int = 0
    late: int = 0  # answered late, or open past a stage's limit
    rejected: int = 0
    in_progress: int = 0
    cancelled: int = 0

    @property
    def answered_late(self) -> int:
        return self.answered - self.answered_in_time

    @property
    def percent_in_time(self) -> int | None:
        """Answered in time of those answered, whole percent (``None``
        before any answer)."""
        return _percent(self.answered_in_time, self.answered)

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "answered_late": self.answered_late,
                "percent_in_time": self.percent_in_time}


@dataclasses.dataclass(frozen=True)
class AccessRequestCounts:
    received: int = 0
    delivered: int = 0
    delivered_in_time: int = 0
    late: int = 0  # delivered late, or open past the limit
    returned: int = 0  # waiting for the institution's corrections
    in_progress: int = 0  # with the officers, not delivered
    rejected: int = 0  # rejected for good by the walidata

    @property
    def percent_in_time(self) -> int | None:
        return _percent(self.delivered_in_time, self.delivered)

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "percent_in_time": self.percent_in_time}


@dataclasses.dataclass(frozen=True)
class OrganizationCounts:
    organization_id: str
    name: str
    title: str
    counts: DataRequestCounts | AccessRequestCounts

    def as_dict(self) -> dict[str, Any]:
        return {"organization_id": self.organization_id, "name": self.name,
                "title": self.title, **self.counts.as_dict()}


@dataclasses.dataclass(frozen=True)
class DataRequestFigures:
    start: dt.date
    end: dt.date
    total: DataRequestCounts
    #: requests not forwarded to an OPD yet (only when all OPDs are counted)
    not_forwarded: DataRequestCounts
    #: per OPD forwarded to, by title
    organizations: tuple[OrganizationCounts, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(),
                "total": self.total.as_dict(),
                "not_forwarded": self.not_forwarded.as_dict(),
                "organizations": [o.as_dict() for o in self.organizations]}


@dataclasses.dataclass(frozen=True)
class AccessRequestFigures:
    start: dt.date
    end: dt.date
    total: AccessRequestCounts
    #: per OPD owning a requested dataset, by title
    organizations: tuple[OrganizationCounts, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(),
                "total": self.total.as_dict(),
                "organizations": [o.as_dict() for o in self.organizations]}


def _data_counts(facts: Iterable[datarequests.RequestFacts]) -> DataRequestCounts:
    found = list(facts)
    return DataRequestCounts(
        received=len(found),
        answered=sum(f.answered for f in found),
        answered_in_time=sum(f.in_time for f in found),
        late=sum(f.late for f in found),
        rejected=sum(f.rejected for f in found),
        in_progress=sum(f.in_progress for f in found),
        cancelled=sum(f.cancelled for f in found),
    )


def _access_counts(facts: Iterable[accessrequests.AccessRequestFacts]
                   ) -> AccessRequestCounts:
    found = list(facts)
    return AccessRequestCounts(
        received=len(found),
        delivered=sum(f.delivered for f in found),
        delivered_in_time=sum(f.in_time for f in found),
        late=sum(f.late for f in found),
        returned=sum(f.returned for f in found),
        in_progress=sum(f.in_progress for f in found),
        rejected=sum(f.rejected for f in found),
    )


def _organizations(grouped: dict[str, list[Any]], count: Any
                   ) -> tuple[OrganizationCounts, ...]:
    groups = {group.id: group for group in model.Session.query(model.Group)
              .filter(model.Group.id.in_(list(grouped)))} if grouped else {}
    found = []
    for organization_id, facts in grouped.items():
        group = groups.get(organization_id)
        found.append(OrganizationCounts(
            organization_id=organization_id, name=group.name if group else "",
            title=(group.title or group.name) if group else "",
            counts=count(facts)))
    return tuple(sorted(found, key=lambda o: (o.title.casefold(), o.organization_id)))


def data_requests(start: dt.date, end: dt.date,
                  organization_ids: list[str] | None = None,
                  now: dt.datetime | None = None) -> DataRequestFigures:
    """The data requests filed from ``start`` to ``end`` (both included),
    forwarded to one of ``organization_ids`` (``None``: every request), as
    they stand at ``now`` (default: now)."""
    facts = datarequests.request_facts(start, end, organization_ids, now)
    grouped: dict[str, list[Any]] = defaultdict(list)
    for fact in facts:
        if fact.organization_id:
            grouped[fact.organization_id].append(fact)
    return DataRequestFigures(
        start=start, end=end, total=_data_counts(facts),
        not_forwarded=_data_counts(f for f in facts if not f.organization_id),
        organizations=_organizations(grouped, _data_counts),
    )


def access_requests(start: dt.date, end: dt.date,
                    organization_ids: list[str] | None = None,
                    now: dt.datetime | None = None) -> AccessRequestFigures:
    """The access requests filed from ``start`` to ``end`` (both included)
    for datasets of ``organization_ids`` (``None``: every request), as they
    stand at ``now`` (default: now)."""
    facts = accessrequests.request_facts(start, end, organization_ids, now)
    wanted = set(organization_ids) if organization_ids is not None else None
    grouped: dict[str, list[Any]] = defaultdict(list)
    for fact in facts:
        for organization_id in fact.organization_ids:
            if wanted is None or organization_id in wanted:
                grouped[organization_id].append(fact)
    return AccessRequestFigures(
        start=start, end=end, total=_access_counts(facts),
        organizations=_organizations(grouped, _access_counts),
    )
