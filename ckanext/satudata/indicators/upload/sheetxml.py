"""What a worksheet's XML tells beyond openpyxl's values: formula cells,
merged ranges and percentage-formatted cells.

The XML is scanned before openpyxl parses the rows, so it may be anything a
sender crafted: every scan here is linear in its size. A tag is matched only
up to the next ``<`` or ``>`` (``[^<>]*``: the spans of two matches never
overlap), attributes are searched inside one matched tag, and no pattern has
two unbounded repetitions in a row (the regexes used before backtracked
cubically: a 6 KB workbook held a worker for over a minute).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

from ckanext.satudata.indicators.upload.report import BROKEN

Position = tuple[int, int]  # (sheet row, 0-based column)

_PREFIX = rb"<(?:[A-Za-z_][\w.\-]*:)?"  # a start tag, with or without prefix
_CELL = re.compile(_PREFIX + rb"c\s([^<>]*)>")
_FORMULA = re.compile(_PREFIX + rb"f[\s/>]")
_MERGE = re.compile(_PREFIX + rb"mergeCell\s([^<>]*)>")
_REF = re.compile(rb'(?:^|\s)r="([A-Z]{1,3})([0-9]{1,7})"')
_STYLE = re.compile(rb'(?:^|\s)s="([0-9]{1,6})"')
_RANGE = re.compile(rb'(?:^|\s)ref="([A-Z0-9:$]{1,40})"')
_FORMULA_TAGS = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/")
_QUOTED = re.compile(r'"[^"]*"|\\.')
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@dataclass
class Sheet:
    """What the sheet XML tells beyond openpyxl's values (xlsx only)."""

    formulas: set[Position] = field(default_factory=set)
    percent: set[Position] = field(default_factory=set)
    merged: list[str] = field(default_factory=list)


def scan(xml: bytes, percent_styles: set[int]) -> Sheet:
    """Formulas, merged ranges and the cells whose style is one of
    ``percent_styles``, from a worksheet's raw XML."""
    found = Sheet()
    if any(tag in xml for tag in _FORMULA_TAGS):
        found.formulas = _formulas(xml)
    if b"mergeCell" in xml:
        found.merged = [
            ref.group(1).decode("ascii")
            for match in _MERGE.finditer(xml)
            if (ref := _RANGE.search(match.group(1))) is not None
        ]
    if percent_styles:
        found.percent = _styled(xml, percent_styles)
    return found


def _formulas(xml: bytes) -> set[Position]:
    """Cells whose first child is ``<f>``: from each ``<f``, back to the
    ``<`` before it, which must open that cell (the spans walked back over
    never overlap)."""
    found = set()
    for formula in _FORMULA.finditer(xml):
        start = formula.start()
        opening = xml.rfind(b"<", 0, start)
        if opening < 0:
            continue
        cell = _CELL.match(xml, opening)
        if cell is None or cell.group(1).endswith(b"/"):
            continue
        if xml[cell.end():start].strip():
            continue
        position = _position(cell.group(1))
        if position is not None:
            found.add(position)
    return found


def _styled(xml: bytes, styles: set[int]) -> set[Position]:
    found = set()
    for cell in _CELL.finditer(xml):
        attributes = cell.group(1)
        style = _STYLE.search(attributes)
        if style is None or int(style.group(1)) not in styles:
            continue
        position = _position(attributes)
        if position is not None:
            found.add(position)
    return found


def _position(attributes: bytes) -> Position | None:
    ref = _REF.search(attributes)
    if ref is None:
        return None
    column = 0
    for letter in ref.group(1):
        column = column * 26 + letter - 64
    return int(ref.group(2)), column - 1


def percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles (``cellXfs``) showing a percentage (none
    when the stylesheet cannot be read: openpyxl has read it already).
    Parsed with defusedxml: no entity expansion."""
    ns = {"m": _MAIN}
    try:
        root = ElementTree.fromstring(archive.read("xl/styles.xml"))
        custom = {
            int(item.get("numFmtId", "0")): item.get("formatCode", "")
            for item in root.findall("m:numFmts/m:numFmt", ns)
        }
        numbers = [int(xf.get("numFmtId", "0"))
                   for xf in root.findall("m:cellXfs/m:xf", ns)]
    except BROKEN:  # defusedxml's refusals are ValueErrors, ParseError too
        return set()
    styles = set()
    for index, number in enumerate(numbers):
        code = custom.get(number)
        if code is None and number < BUILTIN_FORMATS_MAX_SIZE:
            code = BUILTIN_FORMATS.get(number)
        if code and "%" in _QUOTED.sub("", code):
            styles.add(index)
    return styles

