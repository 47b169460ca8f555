"""The thematic map's pure functions (maps/choropleth.py), without the
database: classes, legend ranges in Indonesian numbers, regions without a
value, and the SVG (well-formed, titled, escaped)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest

from ckanext.satudata.maps import choropleth
from ckanext.satudata.maps.choropleth import EQUAL, PALETTES, QUANTILE
from tests.maps.support import NAMES, PATHS

SVG = "{http://www.w3.org/2000/svg}"
SHAPES = [{"kode": code, "name": NAMES[code], "path": PATHS[code], "cx": 0, "cy": 0}
          for code in sorted(PATHS)]


def _classes(values: dict[str, Any], k: int = 5, method: str = QUANTILE
             ) -> list[tuple[str, int]]:
    """(legend text, count) of each class; the en dash between a range's
    ends written as `` - ``."""
    return [(item.label.replace(f" {choropleth.EN_DASH} ", " - "), item.count)
            for item in choropleth.classify(values, k, method).classes]


def _numbered(*values: Any) -> dict[str, Any]:
    return {f"r{i:02d}": value for i, value in enumerate(values)}


@pytest.mark.parametrize(("values", "k", "expected"), [
    # ten values in five classes of two
    (list(range(1, 11)), 5, [("1 - 2", 2), ("3 - 4", 2), ("5 - 6", 2),
                             ("7 - 8", 2), ("9 - 10", 2)]),
    # sixteen values in five classes: sizes 4, 3, 3, 3, 3
    (list(range(100, 1700, 100)), 5, [
        ("100 - 400", 4), ("500 - 700", 3), ("800 - 1.000", 3),
        ("1.100 - 1.300", 3), ("1.400 - 1.600", 3)]),
    # equal values share a class: fewer classes
    ([1, 1, 1, 1, 2], 5, [("1", 4), ("2", 1)]),
    ([7, 7, 7], 5, [("7", 3)]),
    # decimals as the data has them (at most two), Indonesian style
    ([99.5, 1234567.25, 12.125, 3], 2, [("3,00 - 12,13", 2),
                                        ("99,50 - 1.234.567,25", 2)]),
])
def test_quantile_classes(values: list[Any], k: int, expected: list[tuple[str, int]]):
    assert _classes(_numbered(*values), k) == expected


@pytest.mark.parametrize(("values", "k", "expected"), [
    # an edge belongs to the class above it, the highest value to the last
    ([0, 10, 25, 100], 4, [("0 - 25", 2), ("25 - 50", 1), ("50 - 75", 0),
                           ("75 - 100", 1)]),
    # edges that need a decimal to tell them apart get one
    # (the same places for every number of the legend)
    ([10, 13], 5, [("10,0 - 10,6", 1), ("10,6 - 11,2", 0), ("11,2 - 11,8", 0),
                   ("11,8 - 12,4", 0), ("12,4 - 13,0", 1)]),
    ([5, 5], 5, [("5", 2)]),
    ([-50, 50], 2, [("-50 - 0", 1), ("0 - 50", 1)]),
])
def test_equal_interval_classes(values: list[Any], k: int,
                                expected: list[tuple[str, int]]):
    assert _classes(_numbered(*values), k, EQUAL) == expected


def test_values_that_are_no_numbers_are_left_out():
    found = choropleth.classify({"a": None, "b": "x", "c": 5, "d": True,
                                 "e": float("nan"), "f": "2.5"}, 5)
    assert found.assigned == {"c": 1, "f": 0}
    assert [(c.label, c.count) for c in found.classes] == [("2,5", 1), ("5,0", 1)]
    assert choropleth.classify({"a": None}, 5).classes == ()


def test_colours_run_light_to_dark_for_as_many_classes_as_there_are():
    found = choropleth.classify(_numbered(*range(10)), 5)
    assert [c.colour for c in found.classes] == list(PALETTES[5])
    found = choropleth.classify(_numbered(1, 2, 3), 5)
    assert [c.colour for c in found.classes] == list(PALETTES[3])
    assert PALETTES[5] == ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (Decimal("1234567.891"), 2, "1.234.567,89"),
    (Decimal("1000"), 0, "1.000"),
    (Decimal("-1250.755"), 2, "-1.250,76"),
    (Decimal("-0.001"), 2, "0,00"),
    (Decimal("99.5"), 0, "100"),
])
def test_numbers_are_written_the_indonesian_way(value: Decimal, decimals: int,
                                                text: str):
    assert choropleth.format_number(value, decimals) == text


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _regions(root: ET.Element) -> dict[str, tuple[str, str]]:
    return {path.get("data-kode"): (path.get("fill"), path.find(f"{SVG}title").text)
            for path in root.iter(f"{SVG}path")}


def test_the_map_of_values_with_regions_without_data_and_codes_not_on_it():
    drawn = choropleth.choropleth(
        SHAPES, 635.3, 640.0,
        {"33.74.01": 1000, "33.74.02": 2500.5, "33.74.03": None, "33.99.01": 7},
        title="Penduduk <perempuan> & laki-laki", legend_title="Perempuan (Orang)")
    assert (drawn.total, drawn.matched, drawn.valued, drawn.no_data) == (4, 3, 2, 2)
    assert drawn.unmatched == ("33.99.01",)
    root = _parse(drawn.svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Penduduk <perempuan> & laki-laki"
    assert root.find(f"{SVG}title").text == "Penduduk <perempuan> & laki-laki"
    assert "&lt;perempuan&gt; &amp;" in drawn.svg
    uid = root.get("id")
    assert _regions(root) == {
        "33.74.01": (PALETTES[2][0], "Semarang Tengah: 1.000"),
        "33.74.02": (PALETTES[2][1], "Semarang Utara: 2.500,5"),
        "33.74.03": (f"url(#{uid}-nodata)", "Semarang Timur: No data"),
        "33.74.04": (f"url(#{uid}-nodata)", "Gayamsari: No data"),
    }
    assert root.find(f".//{SVG}pattern").get("id") == f"{uid}-nodata"
    legend = root.find(f"{SVG}g[@class='satudata-map-legend']")
    texts = ["".join(text.itertext()) for text in legend.iter(f"{SVG}text")]
    assert texts == ["Perempuan (Orang)", "1.000,0 (1)", "2.500,5 (1)", "No data (2)"]
    # the legend sits under the map: 640 + 14 + 4 rows of 24 + 4
    assert root.get("viewBox") == "0 0 635.3 754"


def test_the_map_speaks_the_users_language_and_is_the_same_each_time():
    values = {"33.74.01": 1, "33.74.02": None}
    words = {"No data": "Tidak ada data"}
    first = choropleth.choropleth(SHAPES, 635.3, 640.0, values, title="Peta",
                                  translate=lambda text: words.get(text, text))
    again = choropleth.choropleth(SHAPES, 635.3, 640.0, values, title="Peta",
                                  translate=lambda text: words.get(text, text))
    assert first.svg == again.svg
    assert "Semarang Utara: Tidak ada data" in first.svg
    legend = _parse(first.svg).find(f"{SVG}g[@class='satudata-map-legend']")
    assert ["".join(text.itertext()) for text in legend.iter(f"{SVG}text")] == [
        "1 (1)", "Tidak ada data (3)"]
    other = choropleth.choropleth(SHAPES, 635.3, 640.0, {"33.74.01": 2}, title="Peta")
    assert _parse(other.svg).get("id") != _parse(first.svg).get("id")


def test_a_map_without_any_value_is_all_hatched():
    drawn = choropleth.choropleth(SHAPES, 635.3, 640.0, {}, title="Kosong")
    assert (drawn.matched, drawn.valued, drawn.no_data) == (0, 0, 4)
    assert drawn.classification.classes == ()
    assert all(fill.startswith("url(#") for fill, _title in
               _regions(_parse(drawn.svg)).values())


def test_the_outline_names_each_region():
    svg = choropleth.outline(SHAPES, 635.3, 640.0, title="Batas kecamatan")
    root = _parse(svg)
    assert root.get("role") == "img" and root.get("aria-label") == "Batas kecamatan"
    assert _regions(root)["33.74.04"] == (choropleth.PREVIEW_FILL, "33.74.04 Gayamsari")
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert labels == [NAMES[c] for c in sorted(NAMES)]
    assert not list(_parse(choropleth.outline(
        SHAPES, 635.3, 640.0, title="x", labels=False)).iter(f"{SVG}text"))
