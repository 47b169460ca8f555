"""Thematic maps (choropleths) drawn as SVG on the server. Pure functions:
shapes and values in, classes, legend and SVG text out; nothing here
reads the database or the request.

Classes (:func:`classify`):

- ``quantile``: the regions with a value, sorted, are cut into ``k``
  groups of (about) the same size; a class holds the values from its
  lowest to its highest member, and equal values always share a class
  (so there are fewer classes when there are fewer distinct values);
- ``equal``: ``k`` intervals of the same width from the lowest to the
  highest value; a value on an edge belongs to the class above it, the
  highest value to the last class.

Colours are ColorBrewer's sequential YlGnBu scheme (readable with the
common colour-vision deficiencies and in greyscale, light = low); a
region without a value is grey and hatched ("No data"). Numbers are
written the Indonesian way (``1.234.567``, ``99,5``).

The SVG is ``role="img"`` with an ``aria-label``; every region has a
``<title>`` (name: value) shown on hover; the page's table is the text
alternative.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from markupsafe import escape

QUANTILE, EQUAL = "quantile", "equal"
#: ColorBrewer YlGnBu, by number of classes (light to dark).
PALETTES: dict[int, tuple[str, ...]] = {
    1: ("#41b6c4",),
    2: ("#a1dab4", "#225ea8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}
NO_DATA_FILL = "#f0f0f0"
NO_DATA_HATCH = "#969696"
OUTLINE = "#636363"
PREVIEW_FILL = "#c6dbef"
TEXT = "#212529"
MUTED = "#6c757d"
#: Decimal places legend numbers get at most.
MAX_DECIMALS = 2
#: Between the ends of a range in the legend.
EN_DASH = "\u2013"
#: Layout of the legend under the map (SVG units).
FONT_SIZE = 15
ROW = 24
SWATCH_W, SWATCH_H = 24, 17
LEGEND_GAP = 14
MIN_WIDTH = 360.0
#: The preview writes names on the map up to this many regions.
MAX_LABELS = 40

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


def as_decimal(value: Any) -> Decimal | None:
    """``value`` as an exact :class:`Decimal` (floats by their shortest
    repr; numeric text too), ``None`` for what is not a finite number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except ArithmeticError:
            return None
        return number if number.is_finite() else None
    return None


def format_number(value: Decimal, decimals: int = 0) -> str:
    """``value`` rounded to ``decimals`` places, thousands grouped with
    ``.`` and the decimal comma (``1.234,5``); no ``-0``."""
    number = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)
    text = format(number, ",f")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_value(value: Decimal) -> str:
    """A value as the page's table writes it: every decimal it has."""
    return format_number(value, _places(value))


@dataclass(frozen=True)
class ValueClass:
    """One class: the range ``low``..``high`` it stands for, its colour,
    how many regions it holds and its legend text."""

    low: Decimal
    high: Decimal
    colour: str
    count: int
    label: str


@dataclass(frozen=True)
class Classification:
    method: str
    classes: tuple[ValueClass, ...]
    #: class index of each code with a value (codes without one are absent)
    assigned: Mapping[str, int]


def palette(count: int) -> tuple[str, ...]:
    """The colours of ``count`` classes (1 to 7), light to dark."""
    return PALETTES[min(max(count, 1), max(PALETTES))]


def quantile_uppers(values: Sequence[Decimal], k: int) -> list[Decimal]:
    """The highest value of each quantile class (ascending, distinct)."""
    ordered = sorted(values)
    n = len(ordered)
    k = max(1, min(k, len(set(ordered))))
    uppers: list[Decimal] = []
    for group in range(k):
        last = max(i for i in range(n) if i * k // n == group)
        if not uppers or ordered[last] > uppers[-1]:
            uppers.append(ordered[last])
    return uppers


def equal_edges(values: Sequence[Decimal], k: int) -> list[Decimal]:
    """``k + 1`` edges of equal intervals from the lowest to the highest
    value (two edges, one class, when they are the same)."""
    low, high = min(values), max(values)
    if low == high:
        return [low, high]
    step = (high - low) / k
    return [low + step * i for i in range(k)] + [high]


def _edge_decimals(edges: Sequence[Decimal], at_least: int) -> int:
    """Places that keep the edges apart (at most :data:`MAX_DECIMALS`)."""
    for places in range(min(at_least, MAX_DECIMALS), MAX_DECIMALS + 1):
        rounded = [edge.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
                   for edge in edges]
        if len(set(rounded)) == len(set(edges)):
            return places
    return MAX_DECIMALS


def _range_label(low: Decimal, high: Decimal, decimals: int) -> str:
    first, last = format_number(low, decimals), format_number(high, decimals)
    return first if first == last else f"{first} {EN_DASH} {last}"


def classify(values: Mapping[str, Any], k: int = 5,
             method: str = QUANTILE) -> Classification:
    """The classes of the numbers among ``values`` (code → value; values
    that are not numbers are left out) and the class of each code."""
    numbers = {code: number for code, raw in values.items()
               if (number := as_decimal(raw)) is not None}
    if not numbers:
        return Classification(method, (), {})
    data = list(numbers.values())
    data_places = min(max(_places(value) for value in data), MAX_DECIMALS)
    assigned: dict[str, int] = {}
    ranges: list[tuple[Decimal, Decimal]]
    if method == EQUAL:
        edges = equal_edges(data, k)
        count = len(edges) - 1
        for code, number in numbers.items():
            index = count - 1
            for i in range(count):
                if number < edges[i + 1]:
                    index = i
                    break
            assigned[code] = index
        ranges = [(edges[i], edges[i + 1]) for i in range(count)]
        decimals = _edge_decimals(edges, data_places)
    else:
        uppers = quantile_uppers(data, k)
        for code, number in numbers.items():
            assigned[code] = next(
                i for i, upper in enumerate(uppers) if number <= upper)
        ranges = [
            (min(n for c, n in numbers.items() if assigned[c] == i), upper)
            for i, upper in enumerate(uppers)
        ]
        decimals = data_places
    colours = palette(len(ranges))
    counts = [0] * len(ranges)
    for index in assigned.values():
        counts[index] += 1
    classes = tuple(
        ValueClass(low, high, colour, count, _range_label(low, high, decimals))
        for (low, high), colour, count in zip(ranges, colours, counts, strict=True)
    )
    return Classification(method, classes, assigned)


@dataclass(frozen=True)
class Choropleth:
    """A drawn thematic map: the SVG, the classes, and how the values met
    the boundary: ``matched`` codes of ``total`` given are regions of the
    boundary (``unmatched`` lists the others), ``valued`` of them have a
    number, ``no_data`` regions of the boundary have none."""

    svg: str
    classification: Classification
    total: int
    matched: int
    valued: int
    no_data: int
    unmatched: tuple[str, ...]


def _uid(*parts: Any) -> str:
    digest = hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()
    return f"sdmap-{digest[:10]}"


def _svg_open(width: float, height: float, label: str, uid: str,
              css_class: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" id="{uid}"'
        f' viewBox="0 0 {_n(width)} {_n(height)}" role="img"'
        f' aria-label="{escape(label)}" preserveAspectRatio="xMinYMin meet"'
        f' style="max-width: 100%; height: auto;"'
        f' font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">',
        f"<title>{escape(label)}</title>",
    ]


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _hatch(uid: str) -> str:
    return (
        f'<defs><pattern id="{uid}-nodata" patternUnits="userSpaceOnUse"'
        f' width="6" height="6" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{NO_DATA_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{NO_DATA_HATCH}"'
        f' stroke-width="1.5"/></pattern></defs>'
    )


def _region(shape: Mapping[str, Any], fill: str, title: str,
            extra: str = "") -> str:
    return (
        f'<path d="{escape(shape["path"])}" fill="{fill}" fill-rule="evenodd"'
        f' stroke="{OUTLINE}" stroke-width="0.6" stroke-linejoin="round"'
        f' data-kode="{escape(shape["kode"])}"{extra}>'
        f"<title>{escape(title)}</title></path>"
    )


def choropleth(
    shapes: Sequence[Mapping[str, Any]], width: float, height: float,
    values: Mapping[str, Any], *, title: str, legend_title: str = "",
    k: int = 5, method: str = QUANTILE, translate: Translate = _same,
) -> Choropleth:
    """The thematic map of ``values`` (region code → number or ``None``)
    over ``shapes`` (``kode``, ``name``, ``path`` in a ``width`` by
    ``height`` box, as :mod:`.geometry` made them). Only codes of
    ``shapes`` count; the classes are made from their numbers.
    ``translate`` gives the user's language (``tk._``)."""
    _ = translate
    codes = {shape["kode"] for shape in shapes}
    matched = {code: value for code, value in values.items() if code in codes}
    classification = classify(matched, k, method)
    classes = classification.classes
    uid = _uid(title, legend_title, sorted(matched.items(), key=str), width, height,
               method, k)
    no_data = 0
    body: list[str] = []
    for shape in shapes:
        index = classification.assigned.get(shape["kode"])
        if index is None:
            no_data += 1
            body.append(_region(
                shape, f"url(#{uid}-nodata)",
                f"{shape['name']}: {_('No data')}", ' data-class="none"'))
        else:
            number = as_decimal(matched[shape["kode"]])
            assert number is not None
            body.append(_region(
                shape, classes[index].colour,
                f"{shape['name']}: {format_value(number)}",
                f' data-class="{index}"'))
    rows: list[tuple[str, str, int]] = [
        (item.colour, item.label, item.count) for item in classes]
    if no_data:
        rows.append((f"url(#{uid}-nodata)", _("No data"), no_data))
    legend_top = height + LEGEND_GAP
    heading = 1 if legend_title else 0
    total_height = legend_top + (heading + len(rows)) * ROW + 4
    total_width = max(width, MIN_WIDTH)
    parts = _svg_open(total_width, total_height, title, uid, "satudata-choropleth")
    parts.append(_hatch(uid))
    parts.append(f'<g class="satudata-map-regions">{"".join(body)}</g>')
    legend = [f'<g class="satudata-map-legend" font-size="{FONT_SIZE}" fill="{TEXT}">']
    y = legend_top
    if legend_title:
        legend.append(f'<text x="{_n(4)}" y="{_n(y + FONT_SIZE)}"'
                      f' font-weight="bold">{escape(legend_title)}</text>')
        y += ROW
    for fill, label, count in rows:
        legend.append(
            f'<rect x="4" y="{_n(y)}" width="{SWATCH_W}" height="{SWATCH_H}"'
            f' fill="{fill}" stroke="{OUTLINE}" stroke-width="0.6"/>'
            f'<text x="{_n(4 + SWATCH_W + 8)}" y="{_n(y + SWATCH_H - 3)}">'
            f'{escape(label)} <tspan fill="{MUTED}">({count})</tspan></text>')
        y += ROW
    legend.append("</g>")
    parts.extend(legend)
    parts.append("</svg>")
    return Choropleth(
        svg="".join(parts), classification=classification, total=len(values),
        matched=len(matched), valued=len(classification.assigned), no_data=no_data,
        unmatched=tuple(sorted(code for code in values if code not in codes)),
    )


def outline(shapes: Sequence[Mapping[str, Any]], width: float, height: float, *,
            title: str, labels: bool | None = None) -> str:
    """The boundary alone (the walidata's preview): every region in one
    colour with its code and name as ``<title>``, and the names written on
    the map when there are at most :data:`MAX_LABELS` regions (or as
    ``labels`` says)."""
    uid = _uid("outline", title, width, height, len(shapes))
    show_labels = len(shapes) <= MAX_LABELS if labels is None else labels
    parts = _svg_open(max(width, MIN_WIDTH), height, title, uid, "satudata-map-outline")
    parts.append('<g class="satudata-map-regions">')
    parts.extend(_region(shape, PREVIEW_FILL, f"{shape['kode']} {shape['name']}")
                 for shape in shapes)
    parts.append("</g>")
    if show_labels:
        size = 11 if len(shapes) <= 20 else 9
        parts.append(f'<g class="satudata-map-labels" font-size="{size}"'
                     f' fill="{TEXT}" text-anchor="middle" aria-hidden="true">')
        parts.extend(
            f'<text x="{_n(shape["cx"])}" y="{_n(shape["cy"])}">'
            f"{escape(shape['name'])}</text>" for shape in shapes)
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
