"""Chart geometry and Indonesian number formatting (pure functions)."""

from __future__ import annotations

import pytest

from ckanext.satudata.workflow import charts
from ckanext.satudata.workflow.numbers import format_number

COMPONENTS = [
    {"code": "nama", "name": "Nama", "type": "text"},
    {"code": "jumlah", "name": "Jumlah", "type": "integer"},
    {"code": "rasio", "name": "Rasio", "type": "percentage"},
]


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (1234567, None, "1.234.567"),
    (1000, None, "1.000"),
    (999, None, "999"),
    (99.5, None, "99,5"),
    (-1250.75, None, "-1.250,75"),
    (0.1 + 0.2, 2, "0,30"),
    (2.345, 2, "2,35"),
    (17280.0, 0, "17.280"),
    (1000.0, None, "1.000"),
    (1e20, None, "100.000.000.000.000.000.000"),
    (-0.0, None, "0"),
    (None, None, ""),
    ("teks", None, "teks"),
])
def test_format_number(value: object, decimals: int | None, expected: str) -> None:
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(("low", "high", "ticks", "places"), [
    (0, 1150, [0, 250, 500, 750, 1000, 1250], 0),
    (99.0, 100.5, [99.0, 99.5, 100.0, 100.5], 1),
    (-3, 7, [-4, -2, 0, 2, 4, 6, 8], 0),
    (0, 0.037, [0, 0.01, 0.02, 0.03, 0.04], 2),
    (0, 0, [0, 0.2, 0.4, 0.6, 0.8, 1.0], 1),
])
def test_nice_ticks(low: float, high: float, ticks: list[float], places: int) -> None:
    found, found_places = charts.nice_ticks(low, high)
    assert found == pytest.approx(ticks)
    assert found_places == places


def test_nice_ticks_of_one_value_surround_it() -> None:
    ticks, _places = charts.nice_ticks(72.5, 72.5)
    assert ticks[0] < 72.5 < ticks[-1]
    ticks, _places = charts.nice_ticks(3, 3)
    assert ticks[0] >= 0  # positive values do not get a negative axis


def test_the_chart_component_is_numeric() -> None:
    assert charts.pick_component(COMPONENTS, "rasio")["code"] == "rasio"
    assert charts.pick_component(COMPONENTS, "nama")["code"] == "jumlah"
    assert charts.pick_component(COMPONENTS, None)["code"] == "jumlah"
    assert charts.pick_component(COMPONENTS[:1], None) is None
    assert [c["code"] for c in charts.numeric(COMPONENTS)] == ["jumlah", "rasio"]


def test_bars_are_sorted_labelled_and_inside_the_plot() -> None:
    chart = charts.bar_chart([
        ("Semarang Tengah", 1000), ("Tugu", 1150), ("Genuk", None), ("Mijen", 1075.5),
    ])
    assert chart is not None
    assert [bar.name for bar in chart.bars] == ["Tugu", "Mijen", "Semarang Tengah"]
    assert [bar.value_label for bar in chart.bars] == ["1.150", "1.075,5", "1.000"]
    assert chart.missing == 1
    assert [tick.label for tick in chart.ticks] == ["0", "250", "500", "750", "1.000",
                                                    "1.250"]
    assert chart.zero_x == chart.plot_left
    for bar in chart.bars:
        assert chart.plot_left <= bar.x and bar.x + bar.width <= chart.plot_right
        assert bar.value_anchor == "start"
        assert bar.value_x + charts.text_width(bar.value_label) <= chart.width
        assert chart.plot_top <= bar.y and bar.y + bar.height <= chart.plot_bottom
    widths = [bar.width for bar in chart.bars]
    assert widths == sorted(widths, reverse=True)
    # equal steps between bars, the chart as tall as its rows
    assert chart.bars[1].y - chart.bars[0].y == charts.ROW_PITCH
    assert chart.height == chart.plot_bottom + charts.PAD


def test_long_names_wrap_on_two_lines_and_are_shortened() -> None:
    name = ("Sekolah Menengah Pertama dan Madrasah Tsanawiyah Negeri maupun Swasta"
            " di Seluruh Kecamatan")
    chart = charts.bar_chart([(name, 5), ("SD", 7)])
    assert chart is not None
    long_bar = next(bar for bar in chart.bars if bar.name == name)
    assert len(long_bar.lines) == 2
    assert all(len(line) <= charts.LABEL_CHARS for line in long_bar.lines)
    assert long_bar.lines[1].endswith("…")
    assert long_bar.name == name  # the full name stays for the tooltip
    assert chart.bars[1].y - chart.bars[0].y == charts.ROW_PITCH_WRAPPED
    assert chart.label_x <= charts.PAD + charts.LABEL_CHARS * charts.CHAR


def test_negative_bars_grow_left_of_zero() -> None:
    chart = charts.bar_chart([("Naik", 12.5), ("Turun", -4)])
    assert chart is not None
    up, down = chart.bars
    assert chart.plot_left < chart.zero_x < chart.plot_right
    assert up.x == chart.zero_x and down.x + down.width == pytest.approx(chart.zero_x)
    assert down.value_anchor == "end" and down.value_x < down.x
    assert down.value_label == "-4"
    # the value written left of the bar does not run into the names
    assert down.value_x - charts.text_width(down.value_label) >= chart.label_x


def test_at_most_limit_bars_the_highest() -> None:
    items = [(f"Desa {i}", i) for i in range(177)] + [("Kosong", None)]
    chart = charts.bar_chart(items, limit=40)
    assert chart is not None
    assert len(chart.bars) == 40 and chart.left_out == 137 and chart.missing == 1
    assert chart.bars[0].name == "Desa 176" and chart.bars[-1].name == "Desa 137"
    assert len(charts.bar_chart(items, limit=0).bars) == 177  # 0: no limit


def test_no_bars_without_numbers() -> None:
    assert charts.bar_chart([("A", None), ("B", "teks")]) is None
    assert charts.bar_chart([]) is None


def test_a_line_through_the_periods_with_gaps() -> None:
    chart = charts.line_chart([
        ("2022", 100), ("2023", None), ("2024", 120), ("2025", 90),
    ])
    assert chart is not None
    assert [point.period for point in chart.points] == ["2022", "2024", "2025"]
    assert len(chart.paths) == 2 and chart.paths[1].startswith("M")
    assert " L" in chart.paths[1] and " L" not in chart.paths[0]
    assert [tick.label for tick in chart.x_ticks] == ["2022", "2023", "2024", "2025"]
    highest = max(chart.points, key=lambda point: point.value)
    assert highest.y == min(point.y for point in chart.points)  # up is more
    for point in chart.points:
        assert chart.plot_left <= point.x <= chart.plot_right
        assert chart.plot_top < point.y < chart.plot_bottom  # never on the axis
        assert point.labelled and point.label_y < point.y
    valley = charts.line_chart([("a", 5), ("b", 1), ("c", 4)])
    assert valley is not None
    low = valley.points[1]
    assert low.label_y > low.y  # written below the point the line comes down to
    assert all(p.label_y < p.y for p in (valley.points[0], valley.points[2]))
    assert [point.value_label for point in chart.points] == ["100", "120", "90"]
    ys = [tick.position for tick in chart.y_ticks]
    assert ys == sorted(ys, reverse=True)  # ticks go up the page


def test_many_periods_thin_the_labels() -> None:
    months = [(f"Bulan {i}", 1000 + i * 3.5) for i in range(60)]
    chart = charts.line_chart(months)
    assert chart is not None
    assert len(chart.points) == 60
    assert chart.x_ticks[-1].label == "Bulan 59"  # the newest is always named
    gaps = [b.position - a.position for a, b in zip(chart.x_ticks, chart.x_ticks[1:],
                                                     strict=False)]
    assert min(gaps) >= charts.X_LABEL_SPACE
    labelled = [point.period for point in chart.points if point.labelled]
    assert labelled == ["Bulan 0", "Bulan 59"]


def test_no_line_with_fewer_than_two_values() -> None:
    assert charts.line_chart([("2024", 5)]) is None
    assert charts.line_chart([("2024", 5), ("2025", None)]) is None


def test_charts_of_a_published_summary() -> None:
    shown = {
        "rows": [
            {"code": "a", "name": "A", "values": {"jumlah": 3, "rasio": 50}},
            {"code": "b", "name": "B", "values": {"jumlah": 5, "rasio": None}},
        ],
        "series": [{"component": "jumlah", "points": [
            {"label": "2023", "value": 6}, {"label": "2024", "value": 8}]}],
    }
    jumlah = COMPONENTS[1]
    bar = charts.bar_for(shown, jumlah)
    assert bar is not None and [b.name for b in bar.bars] == ["B", "A"]
    assert charts.line_for(shown, jumlah) is not None
    assert charts.line_for(shown, COMPONENTS[2]) is None  # no series of it
    assert charts.bar_for({**shown, "rows": shown["rows"][:1]}, jumlah) is None
    assert charts.bar_for(shown, None) is None
