"""Automatic quality checks of one period's values, shown to the verifier
and walidata before they decide. The checks never block anything: they
point at values to look at again.

- ``completeness``: a required cell that is empty is an error; empty cells
  of an optional component are one info finding per component (how many
  rows are empty), not one per cell.
- ``type``: a stored value that does not fit its component (text in a
  numeric component, a fraction in an integer one, not a finite number).
  Values are typed when they are saved, so this finds only what came in
  some other way; an error.
- ``range``: below the component's declared ``min`` or above its ``max``
  is an error. Without a declared range two defaults apply, as warnings:
  a percentage with neither ``min`` nor ``max`` is expected from 0 to 100,
  and an integer (a count) without ``min`` is expected not negative.
- ``total``: a component declared the sum of others (``sum_of``) that
  differs from the sum of its parts in a row, with the difference; an
  error. Checked only when the total and every part are filled. Integers
  must add up exactly; when decimals are involved a rounding difference of
  half a unit of the last decimal place given, per part, is accepted
  (33,3 + 33,3 + 33,3 against 100).
- ``jump``: a value that changed by more than ``threshold_percent`` (of
  the absolute previous value) from the previous period's value of the
  same row and component; a warning. A value that was 0 and is not 0 now
  is a jump too (there is no percentage to give).

:func:`run` is pure (no database) and fast: 10,000 rows of 5 components
take a fraction of a second.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.indicators.api import Component, Grid, Row
from ckanext.satudata.messages import N_

CHECKS = ("completeness", "type", "range", "total", "jump")
ERROR, WARNING, INFO = "error", "warning", "info"
LEVELS = (ERROR, WARNING, INFO)
PERCENT_RANGE = (0, 100)
Values = Mapping[str, Mapping[str, Any]]
_HUGE = Decimal(10) ** 20  # beyond this a change is shown without decimals
_NEAR = 1e-9  # float changes this close to the threshold are recomputed exactly

_MESSAGES = {
    "required": N_("Required value is empty"),
    "optional": N_("Empty in {count} of {rows} rows (optional component)"),
    "text": N_("Text in a numeric component: {value}"),
    "fraction": N_("Not a whole number: {value}"),
    "not_number": N_("Not a number: {value}"),
    "not_text": N_("Not a text value: {value}"),
    "below": N_("{value} is below the minimum {min}"),
    "above": N_("{value} is above the maximum {max}"),
    "percent": N_("{value} is outside 0 to 100, the usual range of a"
                  " percentage (declare a minimum or maximum in the data"
                  " structure if it is right)"),
    "negative": N_("{value} is negative (a count is expected to be 0 or"
                   " more; declare a minimum in the data structure if it is"
                   " right)"),
    "total": N_("{total} is {value} but {parts} add up to {expected}"
                " (difference {difference})"),
    "jump": N_("Changed by {change}% from the previous period ({previous}"
               " to {value}), more than {threshold}%"),
    "from_zero": N_("Was 0 in the previous period, now {value}"),
}


@dataclass(frozen=True)
class Finding:
    """One thing a check found.

    ``row`` and ``component`` are codes (``row`` is None for a finding
    about a whole component); ``value`` is the cell's value, ``expected``
    what it should be (a total's sum of parts, the bound it crosses),
    ``previous`` the previous period's value, ``difference`` value minus
    expected (totals) or minus previous (jumps), ``change_percent`` the
    relative change of a jump and ``count`` the empty cells of an optional
    component.
    """

    check: str
    level: str
    row: str | None
    component: str | None
    message: str
    row_name: str = ""
    component_name: str = ""
    value: Any = None
    expected: Any = None
    previous: Any = None
    difference: Any = None
    change_percent: float | None = None
    count: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def number_text(value: Any) -> str:
    """A number as Indonesian text for people: ``.`` groups thousands and
    ``,`` is the decimal comma (``10518`` → ``10.518``, ``-3.5`` →
    ``-3,5``). Anything else as it is."""
    if type(value) is int:  # the common case, fast (bool is not int here)
        return f"{value:,}".replace(",", ".")
    if type(value) is float and math.isfinite(value):
        text = repr(value)
        if "e" not in text:  # fast: digits as typed, no Decimal
            whole, _point, fraction = text.partition(".")
            fraction = fraction.rstrip("0")
            grouped = f"{int(whole):,}".replace(",", ".")
            if whole.startswith("-") and not grouped.startswith("-"):
                grouped = "-" + grouped  # -0.5
            return grouped + ("," + fraction if fraction else "")
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    number = value if isinstance(value, Decimal) else Decimal(
        repr(value) if isinstance(value, float) else value
    )
    sign = "-" if number < 0 else ""
    whole, _point, fraction = format(abs(number), "f").partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


def _decimal(value: int | float) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _plain(number: Decimal) -> int | float:
    """A Decimal result as JSON (an int when whole)."""
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def _is_number(value: Any) -> bool:
    kind = type(value)  # not isinstance: a bool is no number here
    return kind is int or (kind is float and math.isfinite(value))


class _Run:
    """The state of one :func:`run`: the translated messages (each msgid
    translated once) and the findings so far."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.texts: dict[str, str] = {}
        self.findings: list[Finding] = []

    def say(self, key: str, **params: Any) -> str:
        text = self.texts.get(key)
        if text is None:
            text = self.texts[key] = tk._(_MESSAGES[key])
        return text.format(**{
            name: number_text(value) for name, value in params.items()
        })

    def add(self, check: str, level: str, row: Row | None, component: Component,
            message: str, **data: Any) -> None:
        self.findings.append(Finding(
            check, level, row.code if row else None, component.code, message,
            row.name if row else "", component.name, **data,
        ))


def _type_problem(value: Any, component: Component) -> str | None:
    """The message key of a value that does not fit its component."""
    if component.type == "text":
        return None if isinstance(value, str | int | float) and not isinstance(
            value, bool) else "not_text"
    if isinstance(value, str):
        return "text"
    if not _is_number(value):
        return "not_number"
    if component.type == "integer" and value != int(value):
        return "fraction"
    return None


def _check_range(run: _Run, row: Row, component: Component, value: Any) -> None:
    low, high = component.min, component.max
    if low is not None and value < low:
        run.add("range", ERROR, row, component,
                run.say("below", value=value, min=low), value=value, expected=low)
    elif high is not None and value > high:
        run.add("range", ERROR, row, component,
                run.say("above", value=value, max=high), value=value,
                expected=high)
    elif component.type == "percentage" and low is None and high is None:
        if not PERCENT_RANGE[0] <= value <= PERCENT_RANGE[1]:
            bound = PERCENT_RANGE[0] if value < PERCENT_RANGE[0] else PERCENT_RANGE[1]
            run.add("range", WARNING, row, component, run.say("percent", value=value),
                    value=value, expected=bound)
    elif component.type == "integer" and low is None and value < 0:
        run.add("range", WARNING, row, component, run.say("negative", value=value),
                value=value, expected=0)


def _check_jump(run: _Run, row: Row, component: Component, value: Any,
                previous: Any, threshold: Decimal) -> None:
    if not _is_number(previous) or value == previous:
        return
    if previous == 0:
        run.add("jump", WARNING, row, component, run.say("from_zero", value=value),
                value=value, previous=previous,
                difference=_plain(_decimal(value) - _decimal(previous)))
        return
    rough = abs((value - previous) / previous) * 100  # floats: fast
    if abs(rough - float(threshold)) > _NEAR * max(1.0, rough):
        if rough < threshold:
            return
    difference = _decimal(value) - _decimal(previous)
    change = difference / abs(_decimal(previous)) * 100  # exact near the limit
    if abs(change) <= threshold:
        return
    shown = (change.quantize(Decimal("0.1")) if abs(change) < _HUGE
             else change.to_integral_value())
    run.add("jump", WARNING, row, component, run.say(
        "jump", change=("+" if shown > 0 else "") + number_text(shown),
        previous=previous, value=value, threshold=threshold,
    ), value=value, previous=previous, difference=_plain(difference),
        change_percent=float(shown))


def _places(value: int | float) -> int:
    exponent = _decimal(value).normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _check_total(run: _Run, row: Row, total: Component, parts: list[Component],
                 cells: Mapping[str, Any]) -> None:
    value = cells.get(total.code)
    found = [cells.get(part.code) for part in parts]
    if not _is_number(value) or not all(_is_number(v) for v in found):
        return  # empty or mistyped: completeness and type say so
    if _type_problem(value, total) or any(
        _type_problem(v, part) for v, part in zip(found, parts, strict=True)
    ):
        return
    if type(value) is int and all(type(v) is int for v in found):
        if value == sum(found):  # integers: exact, fast
            return
    expected = sum((_decimal(v) for v in found), Decimal(0))
    difference = _decimal(value) - expected
    # rounding: half a unit of the last decimal place given, per part
    places = max(_places(v) for v in (value, *found))
    tolerance = len(parts) * Decimal("0.5") * Decimal(10) ** -places if (
        places) else Decimal(0)
    if abs(difference) <= tolerance:
        return
    run.add("total", ERROR, row, total, run.say(
        "total", total=total.name, value=value,
        parts=" + ".join(part.name for part in parts), expected=_plain(expected),
        difference=_plain(difference),
    ), value=value, expected=_plain(expected), difference=_plain(difference))


def run(grid: Grid, values: Values | None, previous_values: Values | None,
        threshold_percent: float) -> list[Finding]:
    """Check ``values`` (``{row code: {component code: value}}``) of the
    rows and components of ``grid``, against ``previous_values`` (the
    previous period's, or None when there is none) for jumps above
    ``threshold_percent``. Errors first, then warnings, then info; in row
    and component order within each level."""
    values = values or {}
    checked = _Run(grid)
    components = grid.components
    by_code = {component.code: component for component in components}
    totals = [
        (component, [by_code[code] for code in component.sum_of if code in by_code])
        for component in components if component.sum_of and component.numeric
    ]
    threshold = Decimal(repr(float(threshold_percent)))
    empty = dict.fromkeys((c.code for c in components), 0)
    for row in grid.rows:
        cells = values.get(row.code) or {}
        before = (previous_values or {}).get(row.code) or {}
        for component in components:
            value = cells.get(component.code)
            if value is None or value == "":
                if component.required:
                    checked.add("completeness", ERROR, row, component,
                                checked.say("required"))
                else:
                    empty[component.code] += 1
                continue
            problem = _type_problem(value, component)
            if problem:
                checked.add("type", ERROR, row, component,
                            checked.say(problem, value=value), value=value)
                continue
            if component.numeric:
                _check_range(checked, row, component, value)
                if previous_values is not None:
                    _check_jump(checked, row, component, value,
                                before.get(component.code), threshold)
        for total, parts in totals:
            _check_total(checked, row, total, parts, cells)
    for component in components:
        if empty[component.code]:
            checked.add("completeness", INFO, None, component, checked.say(
                "optional", count=empty[component.code], rows=len(grid.rows),
            ), count=empty[component.code])
    rank = {level: index for index, level in enumerate(LEVELS)}
    return sorted(checked.findings, key=lambda finding: rank[finding.level])


def summary(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each level."""
    counts = dict.fromkeys(LEVELS, 0)
    for finding in findings:
        counts[finding.level] += 1
    return counts
