"""Latency histograms: the fixed bucket bounds every request is counted
in, and percentiles estimated from bucket counts (as Prometheus's
``histogram_quantile`` does). Pure functions, no CKAN."""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

#: Upper bounds (seconds) of the latency buckets; a last bucket ``+Inf``
#: follows. Fixed: changing them would mix old and new counts.
BOUNDS: tuple[float, ...] = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
#: Number of buckets, the ``+Inf`` one included.
SIZE = len(BOUNDS) + 1


def index(seconds: float, bounds: Sequence[float] = BOUNDS) -> int:
    """The bucket of a duration: the first whose upper bound is at least
    ``seconds`` (``len(bounds)`` for the ``+Inf`` bucket)."""
    return bisect.bisect_left(bounds, seconds)


def label(position: int, bounds: Sequence[float] = BOUNDS) -> str:
    """Prometheus' ``le`` label of a bucket (``"0.025"``… ``"+Inf"``)."""
    if position >= len(bounds):
        return "+Inf"
    return repr(float(bounds[position]))


def cumulative(counts: Sequence[int]) -> list[int]:
    """Per-bucket counts → the running totals Prometheus exposes."""
    total = 0
    running = []
    for count in counts:
        total += count
        running.append(total)
    return running


def quantile(q: float, counts: Sequence[int],
             bounds: Sequence[float] = BOUNDS) -> float | None:
    """The ``q`` quantile (0 ≤ q ≤ 1) of durations counted per bucket
    (``counts[i]`` in bucket ``i``, not cumulative; ``len(bounds) + 1``
    buckets, the last one ``+Inf``), interpolated linearly within its
    bucket, the first bucket starting at 0. A quantile that falls in the
    ``+Inf`` bucket is the highest finite bound (it is at least that).
    ``None`` when nothing was counted."""
    if not 0 <= q <= 1 or math.isnan(q):
        raise ValueError(f"quantile out of range: {q}")
    if len(counts) != len(bounds) + 1:
        raise ValueError("one count per bucket, the +Inf bucket included")
    total = sum(counts)
    if total <= 0:
        return None
    rank = q * total
    below = 0
    for position, count in enumerate(counts):
        if count and below + count >= rank:
            if position >= len(bounds):
                return float(bounds[-1])
            lower = float(bounds[position - 1]) if position else 0.0
            upper = float(bounds[position])
            return lower + (upper - lower) * max(rank - below, 0) / count
        below += count
    return float(bounds[-1])  # pragma: no cover - rank ≤ total


def add(into: list[int], counts: Sequence[int]) -> list[int]:
    """``into`` plus ``counts``, bucket by bucket (in place)."""
    for position, count in enumerate(counts):
        into[position] += count
    return into
