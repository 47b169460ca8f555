"""Geometry of the charts on the dataset page, drawn as SVG by the
templates ``satudata/workflow/snippets/bar_chart.html`` and
``line_chart.html`` (no JavaScript).

Pure functions: values in, coordinates and Indonesian labels out. Sizes
are in SVG user units of a ``viewBox`` ``WIDTH`` wide that the page
scales to its column. Text widths are estimated from the number of
characters (``CHAR`` units each at ``FONT_SIZE``).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ckanext.satudata.workflow import numbers

WIDTH = 720
FONT_SIZE = 12
CHAR = 7.0  # estimated width of one character at FONT_SIZE
PAD = 8
#: Bar chart: names longer than this wrap onto a second line.
LABEL_CHARS = 26
BAR_HEIGHT = 18
ROW_PITCH = 26
ROW_PITCH_WRAPPED = 36
AXIS_TOP = 24
#: Line chart.
LINE_HEIGHT = 300
X_LABEL_SPACE = 80  # at least this far apart
MAX_POINT_LABELS = 12
LINE_MARGIN = 0.1  # of the values' range, added above and below
NUMERIC_TYPES = ("integer", "decimal", "percentage")


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Bar:
    name: str
    lines: tuple[str, ...]  # the name, wrapped (and shortened) to fit
    value: float
    value_label: str
    x: float
    y: float
    width: float
    height: float
    label_y: float  # baseline of the name's first line
    value_x: float
    value_y: float
    value_anchor: str  # "start" or "end"


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    label_x: float  # right edge of the names
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    zero_x: float
    tick_y: float  # baseline of the tick labels (above the bars)
    ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...]
    missing: int  # rows without a value (not drawn)
    left_out: int = 0  # rows beyond the limit (the lowest values, not drawn)
    font_size: int = FONT_SIZE


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    period: str
    value: float
    value_label: str
    label_y: float  # baseline of the value written above the point
    labelled: bool  # whether the value is written above the point


@dataclass(frozen=True)
class LineChart:
    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    y_ticks: tuple[Tick, ...]  # position: y; labels right-aligned at tick_x
    tick_x: float
    x_ticks: tuple[Tick, ...]  # position: x; labels centred at x_label_y
    x_label_y: float
    points: tuple[Point, ...]
    paths: tuple[str, ...]  # one "M … L …" per run of periods with a value
    font_size: int = FONT_SIZE


def text_width(text: str) -> float:
    return len(text) * CHAR


def _decimals(step: float) -> int:
    """Decimal places that tell ticks ``step`` apart."""
    if step <= 0 or not math.isfinite(step):
        return 0
    places = max(0, -math.floor(math.log10(step)))
    while places < 12 and abs(round(step, places) - step) > step * 1e-9:
        places += 1
    return places


def nice_ticks(low: float, high: float, count: int = 5) -> tuple[list[float], int]:
    """Round tick values covering ``low``..``high`` (about ``count``
    intervals) and the decimal places their labels need."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("ticks of a non-finite range")
    if high < low:
        low, high = high, low
    if high == low:
        spread = abs(high) * 0.1 or 1.0
        # a range of positive values does not dip below zero
        low = max(low - spread, 0.0) if low >= 0 else low - spread
        high = high + spread
    raw = (high - low) / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    places = _decimals(step)
    ticks = [round(i * step, places) for i in range(first, last + 1)]
    return ticks, places


def numeric(components: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The components a chart can show (numbers, not text)."""
    return [c for c in components if c.get("type") in NUMERIC_TYPES]


def pick_component(components: Sequence[dict[str, Any]],
                   requested: str | None) -> dict[str, Any] | None:
    """The numeric component ``requested``, else the first numeric one."""
    candidates = numeric(components)
    return next((c for c in candidates if c["code"] == requested),
                candidates[0] if candidates else None)


def _wrap(name: str) -> tuple[str, ...]:
    lines = textwrap.wrap(name, LABEL_CHARS, break_long_words=True) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(
            " ".join(lines[1:]), LABEL_CHARS, placeholder="…"
        )]
    return tuple(lines)


def _label(value: Decimal) -> str:
    return numbers.format_number(numbers.plain(value))


def bar_chart(items: Sequence[tuple[str, Any]],
              limit: int | None = None) -> BarChart | None:
    """Horizontal bars, one per ``(name, value)``, largest first (at most
    ``limit`` of them); ``None`` when no item has a number."""
    exact = [
        (name, number) for name, value in items
        if (number := numbers.as_decimal(value)) is not None
    ]
    if not exact:
        return None
    exact.sort(key=lambda item: item[1], reverse=True)
    left_out = max(0, len(exact) - limit) if limit and limit > 0 else 0
    exact = exact[:len(exact) - left_out]
    wrapped = [_wrap(name) for name, _value in exact]
    value_labels = [_label(value) for _name, value in exact]
    valued = [(name, float(value)) for name, value in exact]
    values = [value for _name, value in valued]
    ticks, places = nice_ticks(min(0.0, *values), max(0.0, *values))
    label_chars = max(len(line) for lines in wrapped for line in lines)
    label_x = PAD + min(label_chars, LABEL_CHARS) * CHAR
    value_space = max(text_width(label) for label in value_labels) + 2 * PAD
    plot_left = label_x + PAD + (value_space if ticks[0] < 0 else 0)
    plot_right = WIDTH - value_space
    pitch = ROW_PITCH_WRAPPED if any(len(lines) > 1 for lines in wrapped) else ROW_PITCH
    plot_top = AXIS_TOP
    plot_bottom = plot_top + pitch * len(valued)
    low, high = ticks[0], ticks[-1]

    def x_of(value: float) -> float:
        return plot_left + (value - low) / (high - low) * (plot_right - plot_left)

    zero_x = x_of(0.0)
    bars = []
    for index, ((name, value), lines, label) in enumerate(
        zip(valued, wrapped, value_labels, strict=True)
    ):
        end = x_of(value)
        top = plot_top + index * pitch + (pitch - BAR_HEIGHT) / 2
        middle = top + BAR_HEIGHT / 2
        first_baseline = middle + FONT_SIZE * 0.35 - (len(lines) - 1) * FONT_SIZE * 0.6
        bars.append(Bar(
            name=name, lines=lines, value=value, value_label=label,
            x=round(min(end, zero_x), 2), y=round(top, 2),
            width=round(max(abs(end - zero_x), 1.0 if value else 0.0), 2),
            height=BAR_HEIGHT, label_y=round(first_baseline, 2),
            value_x=round(end + PAD / 2 if value >= 0 else end - PAD / 2, 2),
            value_y=round(middle + FONT_SIZE * 0.35, 2),
            value_anchor="start" if value >= 0 else "end",
        ))
    return BarChart(
        width=WIDTH, height=plot_bottom + PAD, label_x=label_x,
        plot_left=round(plot_left, 2), plot_right=round(plot_right, 2),
        plot_top=plot_top, plot_bottom=plot_bottom, zero_x=round(zero_x, 2),
        tick_y=plot_top - PAD,
        ticks=tuple(
            Tick(round(x_of(t), 2), numbers.format_number(t, places)) for t in ticks
        ),
        bars=tuple(bars), missing=len(items) - len(valued) - left_out,
        left_out=left_out,
    )


def _valley(parsed: Sequence[tuple[str, Decimal | None]], index: int) -> bool:
    """Whether the value at ``index`` is below both its neighbours."""
    if index == 0 or index == len(parsed) - 1:
        return False
    value, before, after = parsed[index][1], parsed[index - 1][1], parsed[index + 1][1]
    return (value is not None and before is not None and after is not None
            and value < before and value < after)


def line_chart(points: Sequence[tuple[str, Any]]) -> LineChart | None:
    """A line through ``(period label, value)`` points, oldest first (gaps
    where a period has no value); ``None`` without two numbers."""
    parsed = [(label, numbers.as_decimal(value)) for label, value in points]
    numbers_only = [float(value) for _label_, value in parsed if value is not None]
    if len(numbers_only) < 2:
        return None
    # room above and below the line, so that no point sits on the axis
    margin = (max(numbers_only) - min(numbers_only)) * LINE_MARGIN
    ticks, places = nice_ticks(min(numbers_only) - margin, max(numbers_only) + margin)
    tick_labels = [numbers.format_number(t, places) for t in ticks]
    first, last = parsed[0][0], parsed[-1][0]
    plot_left = PAD + max(
        max(text_width(label) for label in tick_labels) + PAD, text_width(first) / 2,
    )
    last_value = next(value for _label_, value in reversed(parsed) if value is not None)
    plot_right = WIDTH - PAD - max(
        text_width(last) / 2, text_width(_label(last_value)) / 2, 2 * PAD,
    )
    plot_top = 2 * FONT_SIZE + PAD
    plot_bottom = LINE_HEIGHT - 2 * FONT_SIZE - PAD
    low, high = ticks[0], ticks[-1]
    span = plot_right - plot_left
    count = len(parsed)

    def x_of(index: int) -> float:
        return plot_left + span * index / (count - 1) if count > 1 else (
            plot_left + span / 2
        )

    def y_of(value: float) -> float:
        return plot_bottom - (value - low) / (high - low) * (plot_bottom - plot_top)

    every = max(1, math.ceil(count / max(1, span // X_LABEL_SPACE)))
    label_all = count <= MAX_POINT_LABELS
    drawn: list[Point] = []
    paths: list[str] = []
    run: list[str] = []
    for index, (label, value) in enumerate(parsed):
        if value is None:
            if run:
                paths.append(" ".join(run))
            run = []
            continue
        x, y = round(x_of(index), 2), round(y_of(float(value)), 2)
        run.append(f"{'L' if run else 'M'}{x} {y}")
        # in a valley the line comes down to the point: write below it
        below = _valley(parsed, index)
        drawn.append(Point(
            x=x, y=y, period=label, value=float(value), value_label=_label(value),
            label_y=round(y + FONT_SIZE + PAD / 2 if below else y - PAD, 2),
            labelled=label_all or index in (0, count - 1),
        ))
    if run:
        paths.append(" ".join(run))
    x_ticks = tuple(
        Tick(round(x_of(i), 2), label) for i, (label, _value) in enumerate(parsed)
        if (count - 1 - i) % every == 0
    )
    return LineChart(
        width=WIDTH, height=LINE_HEIGHT, plot_left=round(plot_left, 2),
        plot_right=round(plot_right, 2), plot_top=plot_top, plot_bottom=plot_bottom,
        y_ticks=tuple(Tick(round(y_of(t), 2), text)
                      for t, text in zip(ticks, tick_labels, strict=True)),
        tick_x=round(plot_left - PAD, 2), x_ticks=x_ticks,
        x_label_y=plot_bottom + FONT_SIZE + PAD, points=tuple(drawn),
        paths=tuple(paths),
    )


def bar_for(shown: dict[str, Any], component: dict[str, Any] | None,
            limit: int | None = None) -> BarChart | None:
    """The bar chart of ``component`` over the rows of the period that
    :func:`.published.summary` (``shown``) holds; ``None`` for one row."""
    if component is None or len(shown.get("rows") or []) < 2:
        return None
    return bar_chart([
        (row["name"], row["values"].get(component["code"])) for row in shown["rows"]
    ], limit)


def line_for(
    shown: dict[str, Any], component: dict[str, Any] | None,
) -> LineChart | None:
    """The line chart of ``component``'s series across the periods."""
    if component is None:
        return None
    series = next((s for s in shown.get("series") or []
                   if s["component"] == component["code"]), None)
    if series is None:
        return None
    return line_chart([(point["label"], point["value"]) for point in series["points"]])
