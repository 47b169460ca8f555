"""Latency buckets and the percentile estimate (pure, no CKAN)."""

from __future__ import annotations

import pytest

from ckanext.satudata.metrics import buckets, chart

BOUNDS = (0.1, 0.5, 1.0)


@pytest.mark.parametrize(("seconds", "position"), [
    (0.0, 0), (0.1, 0), (0.1001, 1), (0.5, 1), (0.7, 2), (1.0, 2), (1.5, 3),
    (99.0, 3),
])
def test_a_duration_falls_in_the_first_bucket_that_holds_it(seconds, position):
    assert buckets.index(seconds, BOUNDS) == position


def test_the_default_buckets_and_their_labels():
    assert buckets.SIZE == len(buckets.BOUNDS) + 1 == 10
    assert [buckets.label(i) for i in range(buckets.SIZE)] == [
        "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf"]
    assert buckets.index(0.3) == 4 and buckets.index(20) == 9


def test_counts_become_running_totals():
    assert buckets.cumulative([1, 0, 3, 2]) == [1, 1, 4, 6]
    assert buckets.cumulative([]) == []
    assert buckets.add([1, 2, 3, 4], [1, 1, 0, 5]) == [2, 3, 3, 9]


@pytest.mark.parametrize(("q", "counts", "expected"), [
    # everything in the first bucket: interpolated from 0 to 0.1
    (0.5, [10, 0, 0, 0], 0.05),
    (1.0, [10, 0, 0, 0], 0.1),
    # half in (0, 0.1], half in (0.1, 0.5]: the median at the border
    (0.5, [5, 5, 0, 0], 0.1),
    # rank 9.5 of 10: 4.5 into the 5 of (0.1, 0.5] -> 0.1 + 0.4 * 0.9
    (0.95, [5, 5, 0, 0], 0.46),
    # empty buckets before the one that holds the rank are skipped
    (0.5, [0, 0, 4, 0], 0.75),
    # a rank in +Inf: the highest finite bound (at least that long)
    (0.95, [1, 0, 0, 19], 1.0),
    (0.0, [0, 3, 0, 0], 0.1),
])
def test_a_quantile_is_interpolated_within_its_bucket(q, counts, expected):
    assert buckets.quantile(q, counts, BOUNDS) == pytest.approx(expected)


def test_the_quantile_of_the_default_buckets():
    counts = [0] * buckets.SIZE
    counts[buckets.index(0.03)] = 90   # (0.025, 0.05]
    counts[buckets.index(2.0)] = 10    # (1, 2.5]
    assert buckets.quantile(0.5, counts) == pytest.approx(0.025 + 0.025 * 50 / 90)
    assert buckets.quantile(0.95, counts) == pytest.approx(1.0 + 1.5 * 5 / 10)


def test_no_quantile_without_requests_and_none_out_of_range():
    assert buckets.quantile(0.5, [0, 0, 0, 0], BOUNDS) is None
    with pytest.raises(ValueError):
        buckets.quantile(1.5, [1, 0, 0, 0], BOUNDS)
    with pytest.raises(ValueError):
        buckets.quantile(0.5, [1, 0, 0], BOUNDS)


def test_the_chart_scales_bars_to_the_busiest_hour():
    drawn = chart.bars([(10, 0), (5, 5), (0, 0), (20, 2)], width=400, height=118)
    assert drawn["peak"] == 20 and drawn["plot"] == 100
    heights = [bar["height"] for bar in drawn["bars"]]
    assert heights == [50.0, 25.0, 0.0, 100.0]
    assert [bar["error_height"] for bar in drawn["bars"]] == [0.0, 25.0, 0.0, 10.0]
    assert [bar["y"] + bar["height"] for bar in drawn["bars"]] == [100.0] * 4
    assert [bar["x"] for bar in drawn["bars"]] == [1.0, 101.0, 201.0, 301.0]
    assert [bar["label"] for bar in drawn["bars"]] == [True, False, False, True]
    assert chart.bars([(0, 0)])["bars"][0]["height"] == 0.0
    assert chart.bars([])["bars"] == []
