"""The reporting window every monitoring figure is computed for.

A window is one period of any granularity (``2026``, ``2026-S2``,
``2026-Q3``, ``2026-07``: the ids of :mod:`indicators.api`). A dataset's
period belongs to a window when it *ends* inside it: the window ``2026-S2``
holds the months July to December 2026, the third and fourth quarters, the
second semester and the year 2026 (it ends on 31 December).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ckanext.satudata.indicators import api as indicators

GRANULARITY_LABELS = {
    "tahunan": "Tahun", "semester": "Semester", "triwulan": "Triwulan",
    "bulanan": "Bulan",
}


@dataclass(frozen=True)
class Window:
    id: str
    label: str
    granularity: str
    start: dt.date
    end: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Window:
        found = indicators.containing(self.start - dt.timedelta(days=1),
                                      self.granularity)
        return of_period(found)

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "label": self.label, "granularity": self.granularity,
                "start": self.start.isoformat(), "end": self.end.isoformat()}


def of_period(found: indicators.Period) -> Window:
    return Window(found.id, found.label, found.granularity, found.start, found.end)


def parse(text: str | None) -> Window | None:
    """The window ``text`` names (a period id), ``None`` when it names none."""
    found = indicators.parse_period((text or "").strip())
    return of_period(found) if found is not None else None


def current_year(today: dt.date | None = None) -> Window:
    """This year's window (the dashboards' default)."""
    today = today or dt.date.today()
    found = indicators.parse_period(str(today.year))
    assert found is not None
    return of_period(found)


def trend(last: Window, count: int) -> list[Window]:
    """``count`` windows of ``last``'s granularity ending with ``last``,
    oldest first (the charts' x axis)."""
    windows = [last]
    while len(windows) < count:
        windows.append(windows[-1].previous())
    return list(reversed(windows))
