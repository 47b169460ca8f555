"""Geometry of the page's bar chart (requests per hour, the 5xx answers
at the foot of each bar), drawn as SVG by the template. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

WIDTH = 720
HEIGHT = 160
#: Room below the bars for the hour labels.
FOOT = 18
#: Hour labels: the first, every ``LABEL_EVERY``-th and the last bar.
LABEL_EVERY = 6


def bars(values: Sequence[tuple[int, int]], width: int = WIDTH,
         height: int = HEIGHT) -> dict[str, Any]:
    """``values`` — (requests, errors) per bar — as rectangles: ``x``,
    ``width``, ``height``/``y`` of the whole bar and ``error_height``/
    ``error_y`` of its 5xx part, and whether the bar gets a label."""
    count = len(values)
    plot = height - FOOT
    peak = max((requests for requests, _e in values), default=0)
    step = width / count if count else width
    gap = min(2.0, step * 0.2)
    found = []
    for position, (requests, errors) in enumerate(values):
        tall = plot * requests / peak if peak else 0.0
        low = plot * min(errors, requests) / peak if peak else 0.0
        found.append({
            "x": round(position * step + gap / 2, 2),
            "width": round(max(step - gap, 1.0), 2),
            "height": round(tall, 2), "y": round(plot - tall, 2),
            "error_height": round(low, 2), "error_y": round(plot - low, 2),
            "label": position % LABEL_EVERY == 0 or position == count - 1,
            "label_x": round(position * step + step / 2, 2),
        })
    return {"width": width, "height": height, "plot": plot, "peak": peak,
            "bars": found}
