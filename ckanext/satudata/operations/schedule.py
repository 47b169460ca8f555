"""The daily tasks: what runs when, and whether a run was missed.

A task is a line of ``ckanext.satudata.operations.schedule``:
``<name> <HH:MM> <ckan command …>``, e.g. ``backup 01:30 satudata backup
create``. Times are in ``ckanext.satudata.operations.timezone``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_LINE = re.compile(
    r"^(?P<name>[a-z0-9][a-z0-9_-]*)\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"\s+(?P<command>\S.*)$"
)


@dataclass(frozen=True)
class Task:
    name: str
    hour: int
    minute: int
    command: tuple[str, ...]

    @property
    def time(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    def last_due(self, now: dt.datetime) -> dt.datetime:
        """The latest moment at or before ``now`` (aware) the task was due."""
        today = now.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)
        return today if today <= now else today - dt.timedelta(days=1)

    def missed(self, now: dt.datetime, last_run: dt.datetime | None) -> bool:
        """Whether the run due last (before ``now``) has not happened:
        the scheduler was down at the time. A task never run before is
        not "missed" (a new site runs it at its next time)."""
        return last_run is not None and last_run < self.last_due(now)


def parse(text: str) -> list[Task]:
    """The tasks of the option's text; ``ValueError`` names a bad line."""
    tasks: list[Task] = []
    names: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            raise ValueError(
                f"ckanext.satudata.operations.schedule line {number}:"
                f" expected '<name> <HH:MM> <ckan command>', got {line!r}"
            )
        hour, minute = int(match["hour"]), int(match["minute"])
        if hour > 23 or minute > 59:
            raise ValueError(
                f"ckanext.satudata.operations.schedule line {number}:"
                f" no such time {match['hour']}:{match['minute']}"
            )
        if match["name"] in names:
            raise ValueError(
                f"ckanext.satudata.operations.schedule line {number}:"
                f" task {match['name']!r} named twice"
            )
        names.add(match["name"])
        tasks.append(Task(match["name"], hour, minute, tuple(match["command"].split())))
    return tasks
