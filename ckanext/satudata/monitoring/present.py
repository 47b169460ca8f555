"""Turning the figures into what the pages show: labels, percent text,
traffic-light classes, the chart geometry and the period choices."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.messages import N_
from ckanext.satudata.monitoring import window as windows
from ckanext.satudata.workflow import api as workflow

LIGHT_LABELS = {
    "green": N_("On target"),
    "amber": N_("Below target"),
    "red": N_("Far below target"),
    "none": N_("Nothing due"),
}
KIND_LABELS = {
    "overdue": N_("Overdue"),
    "late": N_("Published late"),
    "returned": N_("Returned before publication"),
    "due": N_("Due, deadline not passed"),
}
DASH = "\u2013"
#: Years offered in the period choice: this one and the ones before.
YEARS_BACK = 4


def light_label(light: str) -> str:
    return tk._(LIGHT_LABELS.get(light, light))


def kind_label(kind: str) -> str:
    return tk._(KIND_LABELS.get(kind, kind))


def state_label(state: str) -> str:
    return workflow.state_label(state)


def pct(value: float | None) -> str:
    """``84,5%`` (Indonesian decimal comma), a dash for nothing."""
    if value is None:
        return DASH
    return workflow.format_number(value) + "%"


def days(value: float | int | None) -> str:
    if value is None:
        return DASH
    return workflow.format_number(value)


def number(value: Any) -> str:
    if value is None or value == "":
        return DASH
    if isinstance(value, int | float):
        return workflow.format_number(value)
    return str(value)


def period_label(period_id: str) -> str:
    found = indicators.parse_period(period_id)
    return found.label if found else period_id


def window_choices(today: dt.date | None = None) -> list[dict[str, Any]]:
    """``[{"year": 2026, "options": [(id, label), …]}, …]``, newest year
    first: the year, its semesters, quarters and months."""
    today = today or dt.date.today()
    groups = []
    for year in range(today.year, today.year - YEARS_BACK, -1):
        ids = [str(year), f"{year}-S1", f"{year}-S2",
               *(f"{year}-Q{q}" for q in range(1, 5)),
               *(f"{year}-{m:02d}" for m in range(1, 13))]
        options = []
        for text in ids:
            found = windows.parse(text)
            if found is not None:
                options.append((found.id, found.label))
        groups.append({"year": year, "options": options})
    return groups


def ranking_chart(rows: list[dict[str, Any]]) -> Any:
    """Bars of the OPDs' fill rates (largest first)."""
    return workflow.bar_chart([(row["title"], row["fill_rate"]) for row in rows])


def sector_chart(rows: list[dict[str, Any]]) -> Any:
    return workflow.bar_chart([(row["title"], row["fill_rate"]) for row in rows])


def trend_chart(points: list[dict[str, Any]], key: str = "fill_rate") -> Any:
    return workflow.line_chart([(point["label"], point[key]) for point in points])
