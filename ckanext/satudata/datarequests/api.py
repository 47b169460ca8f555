"""The data requests' public module: what another plugin (or the
catalogue's pages) may use.

- :func:`readable` — whether a user may read a request;
- :func:`open_for` — a user's requests still in progress;
- :func:`overdue_balikan` — the requests whose data balikan a user owes
  past its due date;
- :func:`request_facts` — where each request filed in a window stands
  (answered, in time, late, rejected, in progress), for the monitoring's
  figures per OPD.
"""

from __future__ import annotations

from typing import Any

from ckanext.satudata.datarequests import figures, rules, stages, statuses, store

__all__ = ["STATUSES", "RequestFacts", "open_for", "overdue_balikan", "readable",
           "request_facts"]

STATUSES = statuses.ALL
RequestFacts = figures.RequestFacts
#: ``request_facts(start, end, organization_ids=None, now=None)``: the
#: :class:`RequestFacts` of every request filed from ``start`` to ``end``.
request_facts = figures.facts


def readable(user: str | None, ref: str) -> bool:
    found = store.find(ref)
    return found is not None and rules.may_read(rules.viewer(user), found)


def open_for(user_id: str) -> list[dict[str, Any]]:
    return [row for row in store.of_requester(user_id)
            if row["status"] not in statuses.CLOSED]


def overdue_balikan(user_id: str) -> list[dict[str, Any]]:
    """The requester's requests whose data balikan is overdue now."""
    now = store.now()
    found = []
    for row in store.of_requester(user_id, (statuses.MENUNGGU_DATA_BALIKAN,)):
        current = store.open_stage(row["id"])
        if current is not None and current["stage"] == stages.DATA_BALIKAN and (
                stages.overdue(current, now)):
            found.append(row)
    return found
