"""Stages with deadlines: one engine for data requests and access
requests.

A process (e.g. the SOP Permohonan Data) is a sequence of :class:`Stage`
definitions: a code, an English label (a msgid marked with ``N_``), the
role that acts and a limit in working days. A request keeps one
:class:`StageRecord` per stage it went through: when the stage started and
finished, who acted, their comment, and the intervals the clock was
stopped (:class:`Pause`, e.g. "Menunggu kelengkapan" while the applicant
completes the documents).

The functions here are pure: they read no table and no clock (pass ``now``
explicitly), only the working-day functions of :mod:`.workdays`, whose
convention they follow: a limit of ``n`` working days from a start on day
``d`` ends at the end of ``add_working_days(d, n)``; a working day counts
for the stage after day 0 of its start; a pause stops the clock for the
working days after day 0 of its start up to and including the day it
ended, and pushes the due date by as many working days.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ckanext.satudata.calendar.workdays import (
    Moment,
    add_working_days,
    day_zero,
    local_date,
    working_days_in,
)


@dataclasses.dataclass(frozen=True)
class Stage:
    """One stage of a process.

    :param code: its code, unique in the process (``diterima``)
    :param label: an English msgid marked with ``N_`` (translate it with
        ``tk._`` where it is shown)
    :param actor: the role that acts in this stage (``walidata``,
        ``produsen``, ``pemohon``...)
    :param limit: the working days it may take; ``None``: no limit
    """

    code: str
    label: str
    actor: str
    limit: int | None = None

    def __post_init__(self) -> None:
        if self.limit is not None and (
                isinstance(self.limit, bool) or not isinstance(self.limit, int)
                or self.limit < 0):
            raise ValueError(f"Stage {self.code}: the limit must be a whole"
                             f" number of working days, 0 or more: {self.limit!r}")


@dataclasses.dataclass(frozen=True)
class Pause:
    """An interval the stage's clock stood still (``ended`` ``None``: it
    still does)."""

    started: Moment
    ended: Moment | None = None
    reason: str = ""


@dataclasses.dataclass(frozen=True)
class StageRecord:
    """One stage of one request: ``finished`` ``None`` while it is open."""

    stage: str
    started: Moment
    finished: Moment | None = None
    actor: str | None = None
    comment: str = ""
    pauses: tuple[Pause, ...] = ()

    @property
    def waiting(self) -> bool:
        """Whether the clock stands still now (an open pause of an open
        stage)."""
        return self.finished is None and any(p.ended is None for p in self.pauses)


@dataclasses.dataclass(frozen=True)
class Timing:
    """Where a stage stands (see :func:`timing`)."""

    stage: str
    limit: int | None
    started: dt.date
    finished: dt.date | None
    taken: int
    paused: int
    due: dt.date | None
    remaining: int | None
    overdue: bool
    waiting: bool

    def as_dict(self) -> dict[str, Any]:
        """The timing as JSON-ready values (dates as ``YYYY-MM-DD``)."""
        found = dataclasses.asdict(self)
        for key in ("started", "finished", "due"):
            found[key] = found[key].isoformat() if found[key] else None
        return found


# ---- definitions ------------------------------------------------------------

def parse_limits(text: str) -> dict[str, int]:
    """Limits as a config option writes them, ``code=days`` separated by
    spaces, commas or new lines: ``"diterima=1 penyampaian=5"``.

    :raises ValueError: a part that is not ``code=days``
    """
    limits: dict[str, int] = {}
    for part in re.split(r"[\s,]+", text or ""):
        if not part:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_\-]+)=([0-9]{1,4})", part)
        if not match:
            raise ValueError(f"Not a stage limit (code=working days): {part!r}")
        limits[match.group(1)] = int(match.group(2))
    return limits


def with_limits(stages: Sequence[Stage], limits: Mapping[str, int] | str
                ) -> tuple[Stage, ...]:
    """``stages`` with the limits of ``limits`` (a mapping or the text of
    :func:`parse_limits`) instead of their own: how a plugin makes its
    limits configurable.

    :raises ValueError: a code that is not one of ``stages``, or a limit
        that is not a whole number of 0 or more
    """
    given = parse_limits(limits) if isinstance(limits, str) else dict(limits)
    unknown = sorted(set(given) - {stage.code for stage in stages})
    if unknown:
        raise ValueError(f"Unknown stage: {', '.join(unknown)} (stages:"
                         f" {', '.join(stage.code for stage in stages)})")
    return tuple(dataclasses.replace(stage, limit=given[stage.code])
                 if stage.code in given else stage for stage in stages)


def stage_by_code(stages: Iterable[Stage], code: str) -> Stage:
    """The stage ``code`` of ``stages``.

    :raises KeyError: no such stage
    """
    for stage in stages:
        if stage.code == code:
            return stage
    raise KeyError(code)


# ---- a record's clock -------------------------------------------------------

def _end(record: StageRecord, now: Moment | None) -> Moment:
    """Where the record's clock stops: its end, else ``now``."""
    if record.finished is not None:
        return record.finished
    if now is None:
        raise ValueError(f"Stage {record.stage} is open: give now")
    return now


def _paused_days(record: StageRecord, now: Moment | None) -> set[dt.date]:
    """The working days of the stage the clock stood still: those after
    day 0 of a pause's start up to and including the day it ended (or the
    stage's end, or ``now``), within the stage."""
    end: dt.date | None = None
    if record.finished is not None or now is not None:
        end = local_date(_end(record, now))
    first = day_zero(record.started)
    days: set[dt.date] = set()
    for pause in record.pauses:
        if pause.ended is not None:
            until = local_date(pause.ended)
        elif end is not None:
            until = end
        else:
            raise ValueError(f"Stage {record.stage} is waiting: give now")
        if end is not None:
            until = min(until, end)
        days.update(day for day in working_days_in(pause.started, until)
                    if day > first)
    return days


def paused_days(record: StageRecord, now: Moment | None = None) -> int:
    """Working days the clock of ``record`` stood still (up to ``now``
    for a pause still open; ``now`` is needed then, or when the stage is
    open)."""
    return len(_paused_days(record, now))


def taken(record: StageRecord, now: Moment | None = None) -> int:
    """Working days the stage took (an open one: up to ``now``), without
    the days it was paused."""
    end = _end(record, now)
    paused = _paused_days(record, now)
    return sum(1 for day in working_days_in(record.started, end)
               if day not in paused)


def due_date(stage: Stage, record: StageRecord, now: Moment | None = None
             ) -> dt.date | None:
    """The last day of the stage's limit: its start plus the limit in
    working days, pushed by the working days it was paused (a pause still
    open counts up to ``now``, needed then). ``None`` without a limit."""
    if stage.limit is None:
        return None
    pushed = len(_paused_days(record, now)) if record.pauses else 0
    return add_working_days(record.started, stage.limit + pushed)


def overdue(stage: Stage, record: StageRecord, now: Moment | None = None) -> bool:
    """Terlambat: the day of ``now`` (of the end, for a finished stage) is
    after the due date. Never for a stage without a limit."""
    due = due_date(stage, record, now)
    if due is None:
        return False
    return local_date(_end(record, now)) > due


def remaining(stage: Stage, record: StageRecord, now: Moment | None = None
              ) -> int | None:
    """Working days left of the limit (0 on the due date; negative: that
    many working days late). ``None`` without a limit."""
    if stage.limit is None:
        return None
    return stage.limit - taken(record, now)


def timing(stage: Stage, record: StageRecord, now: Moment | None = None) -> Timing:
    """Everything about the stage's clock at once, as of ``now`` (needed
    while the stage is open)."""
    if record.stage != stage.code:
        raise ValueError(f"Record of stage {record.stage}, not {stage.code}")
    return Timing(
        stage=stage.code,
        limit=stage.limit,
        started=local_date(record.started),
        finished=local_date(record.finished) if record.finished is not None else None,
        taken=taken(record, now),
        paused=paused_days(record, now),
        due=due_date(stage, record, now),
        remaining=remaining(stage, record, now),
        overdue=overdue(stage, record, now),
        waiting=record.waiting,
    )


def _moment(value: Any) -> Any:
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    return value


def record_of(row: Mapping[str, Any]) -> StageRecord:
    """A stage row of a plugin's table as a :class:`StageRecord`: ``stage``,
    ``started``, ``finished``, ``actor_id``, ``comment`` and ``pauses`` (a
    JSON list of ``{"started", "ended", "reason"}`` with ISO times)."""
    pauses = tuple(
        Pause(_moment(pause["started"]),
              _moment(pause.get("ended")) if pause.get("ended") else None,
              pause.get("reason") or "")
        for pause in row.get("pauses") or []
    )
    return StageRecord(
        row["stage"], row["started"], row.get("finished"),
        actor=row.get("actor_id"), comment=row.get("comment") or "", pauses=pauses,
    )
