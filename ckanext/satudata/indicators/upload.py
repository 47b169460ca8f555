"""Imports of an entry grid from an Excel workbook (.xlsx) or a CSV file.

**What is accepted.** The kind of file is judged by its content, never by its
name (the name only words the refusal of a file that is neither):

* xlsx: a zip holding ``[Content_Types].xml`` and ``xl/workbook.xml``.
  Zip bombs are refused from the zip directory before anything is
  unpacked: more than :data:`ZIP_MAX_MEMBERS` members, a sum of uncompressed
  sizes above ``min(20 * max_bytes, 200 MB)`` (a real 5 MB workbook unpacks
  to about 50 MB; our template compresses about 10:1), or a member above
  4 MB compressed more than 200:1. Python's zipfile never inflates a member
  beyond its declared size, so the directory is a real bound.
* csv: UTF-8 text with or without BOM; otherwise cp1252 when that decodes
  and holds no control characters (NUL, C0/C1 controls other than tab and
  line ends). UTF-16 text and anything else are refused.

A refusal of the whole file raises :class:`UploadRefused`.

**Layout read.** The header row is, among the first
:data:`HEADER_SEARCH_ROWS` rows, the row whose first cell is ``kode`` (any
case) and which names the most component codes (the first of equals); when
no such row names a code, the first one naming a component by its name or
template label (``Perempuan``, ``Perempuan (Orang) *``) is taken. CSV
headers may thus be codes or names. So the template's code row (row 6, see
:mod:`.template`), a bare ``kode,nama,<codes>`` CSV, a CSV headed by
component names, and a CSV saved from the template with its title block are
all read. Rows above the header are ignored; the ``nama`` column is
optional and never read (names come from the structure). The code column is
the first column. Header problems reported: unknown columns, duplicated
columns (two labels naming one component), components without a column,
values in a column without a header.

The sheet read is ``Isian``, else the workbook's first sheet. A CSV's
separator (``,``, ``;`` as an Indonesian Excel writes, tab or ``|``) is the
character right after the header's ``kode`` (frictionless's sniffer decides
when no line starts so); fields may be quoted with ``"``; lines end with CRLF
or LF.

Row codes are matched exactly, then ignoring case, then ignoring dots
(``320101`` for ``32.01.01``), the last two only where unambiguous. Only
``grid.rows`` are accepted (a survey link's grid may hold a subset).

**Checks per row**: unknown, missing and duplicated row codes; every cell
through :func:`cells.parse` (so ``10.518`` and ``3,5`` mean what they mean
in the entry form; fast paths give the same results for plain numbers);
required cells left empty; for xlsx, formulas (found in the sheet XML, so a
text that merely starts with ``=`` is not one) and merged cells touching the
header or data rows (read from the sheet XML's ``<mergeCell>`` elements:
openpyxl's read-only sheets do not expose them); for csv, rows with more
cells (non-empty) or fewer cells than the header, found by ``frictionless``.
A row whose code and cells are all blank is skipped and not counted.

A percentage cell that Excel or LibreOffice formatted as a percentage (the
user typed ``12,5%``, stored as 0.125) is read in percent units (12.5), the
unit of stored percentages (found from ``xl/styles.xml`` and the cells'
``s`` attribute, written after ``r`` as Excel and LibreOffice do).

**Workbook identity.** A workbook with our hidden sheet ``_satudata`` must be
the template of the same dataset (``package_id``) and period; otherwise
that single issue is reported. A workbook without it (typed from scratch,
or copied into a new workbook) is accepted when its header matches.

**Issues** carry the row as the user sees it (the sheet row; for csv the
record number, which is the row number a spreadsheet program shows and the
line number when no quoted cell spans lines), the column header (the
component's name, ``Kode``, or the label of an unknown column), for xlsx the
cell reference, and an English msgid with ``{placeholders}``. All problems
are collected; at most :data:`MAX_ERRORS` are listed, then one "And {count}
more errors". ``values`` is empty when there is any issue.

Relies on openpyxl 3.1.5's read-only worksheets keeping the sheet's part
name in ``_worksheet_path``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import openpyxl
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from ckanext.satudata.indicators import cells, template
from ckanext.satudata.indicators.grid import Grid
from ckanext.satudata.indicators.structure import Component
from ckanext.satudata.messages import N_

MAX_ERRORS = 200
PROGRESS_EVERY = 500
HEADER_SEARCH_ROWS = 30
MAX_COLUMNS = 200  # columns read per row: components are at most 50
MB = 1024 * 1024
ZIP_TOTAL_FACTOR = 20
ZIP_TOTAL_CAP = 200 * MB
ZIP_RATIO = 200
ZIP_RATIO_MIN_SIZE = 4 * MB
ZIP_MAX_MEMBERS = 10_000

_MAX = int(cells.MAX_ABS)
_XLSX_NAMES = (".xlsx", ".xlsm", ".xls")
# Binary formats told by their first bytes (text files and the rest are
# refused by _decode); "MZ" (Windows executables) only with NUL bytes in its
# header, so that a CSV titled "MZ..." is still text.
_SIGNATURES = (
    b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"\x1f\x8b",
    b"Rar!", b"7z\xbc\xaf\x27\x1c",
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HEADER_LINE = re.compile(
    r'^[ \t]*"?kode"?[ \t]*([,;\t|])', re.IGNORECASE | re.MULTILINE,
)
_FORMULA_TAGS = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/")
_FORMULA_CELL = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]+)"[^>]*>\s*<(?:\w+:)?f\b'
)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z0-9:$]+)"')
_QUOTED = re.compile(r'"[^"]*"|\\.')
# What zipfile, openpyxl and the XML parsers raise on a damaged workbook.
_BROKEN = (
    KeyError, ValueError, TypeError, IndexError, SyntaxError, EOFError, OSError,
    NotImplementedError, zipfile.BadZipFile,
)


class UploadRefused(Exception):
    """A file refused as a whole; ``message`` is a msgid with ``{params}``."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


@dataclass
class ImportIssue:
    row: int | None
    column: str | None
    message: str
    params: dict[str, Any]
    cell: str | None = None


@dataclass
class ImportResult:
    format: str
    rows_read: int
    rows_accepted: int
    errors: list[ImportIssue]
    values: dict[str, dict[str, Any]]


# ---- detection ----------------------------------------------------------


def detect(data: bytes, filename: str, max_bytes: int) -> str:
    """``"xlsx"`` or ``"csv"``, judged by content; :class:`UploadRefused`
    for anything else."""
    return _detect(data, filename, max_bytes)[0]


def _detect(data: bytes, filename: str, max_bytes: int) -> tuple[str, str]:
    """The kind and, for csv, the decoded text."""
    if not data:
        raise UploadRefused(N_("The file is empty"))
    if len(data) > max_bytes:
        raise UploadRefused(
            N_("The file is too large ({size} MB); the limit is {limit} MB"),
            size=_megabytes(len(data)), limit=_megabytes(max_bytes),
        )
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        _check_zip(data, filename, max_bytes)
        return "xlsx", ""
    if data.startswith(_OLE):
        raise UploadRefused(N_(
            "Excel 97-2003 (.xls) and password-protected workbooks cannot be "
            "read: save the file as .xlsx without a password"
        ))
    if data.startswith(_SIGNATURES) or (
        data.startswith(b"MZ") and b"\x00" in data[:1024]
    ):
        raise _unrecognized(filename)
    text = _decode(data, filename)
    if not text.strip():
        raise UploadRefused(N_("The file is empty"))
    return "csv", text


def _megabytes(size: int) -> str:
    """``10`` or ``10,5``: Indonesian, since it is shown as is."""
    value = round(size / MB, 1)
    return cells.display(int(value) if value.is_integer() else value)


def _unrecognized(filename: str) -> UploadRefused:
    if (filename or "").lower().endswith(_XLSX_NAMES):
        return UploadRefused(N_("The file is not a valid Excel workbook (.xlsx)"))
    return UploadRefused(N_(
        "The file is neither an Excel workbook (.xlsx) nor a CSV file"
    ))


def _damaged() -> UploadRefused:
    return UploadRefused(N_(
        "The workbook is damaged and cannot be read: save it again as .xlsx"
    ))


def _check_zip(data: bytes, filename: str, max_bytes: int) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _BROKEN as error:
        raise _damaged() from error
    _check_bomb(members, max_bytes)
    names = {member.filename for member in members}
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return
    if _is_opendocument(archive, names):
        raise UploadRefused(N_(
            "OpenDocument spreadsheets (.ods) cannot be read: save the file "
            "as .xlsx"
        ))
    raise _unrecognized(filename)


def _check_bomb(members: list[zipfile.ZipInfo], max_bytes: int) -> None:
    limit = min(ZIP_TOTAL_FACTOR * max_bytes, ZIP_TOTAL_CAP)
    total = sum(member.file_size for member in members)
    absurd = any(
        member.file_size > ZIP_RATIO_MIN_SIZE
        and member.file_size > ZIP_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if len(members) > ZIP_MAX_MEMBERS or total > limit or absurd:
        raise UploadRefused(N_(
            "The workbook unpacks to far more data than a spreadsheet holds "
            "and was refused"
        ))


def _is_opendocument(archive: zipfile.ZipFile, names: set[str]) -> bool:
    if "mimetype" not in names or archive.getinfo("mimetype").file_size > 200:
        return False
    try:
        return archive.read("mimetype").startswith(
            b"application/vnd.oasis.opendocument",
        )
    except _BROKEN:
        return False


def _decode(data: bytes, filename: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UploadRefused(N_("The CSV file is UTF-16 text: save it as CSV UTF-8"))
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[len(codecs.BOM_UTF8):].decode("utf-8")
        except UnicodeDecodeError as error:
            raise UploadRefused(N_(
                "The CSV file is not valid UTF-8 text: save it as CSV UTF-8"
            )) from error
    else:
        text = _decode_plain(data, filename)
    if _CONTROL.search(text):
        raise _unrecognized(filename)
    return text


def _decode_plain(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _unrecognized(filename) from error


# ---- reading ------------------------------------------------------------


def read(
    data: bytes, filename: str, grid: Grid, *, max_bytes: int,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """The values of ``data`` (an upload for ``grid``) and every problem
    found; :class:`UploadRefused` when the file is refused as a whole."""
    kind, text = _detect(data, filename, max_bytes)
    if kind == "xlsx":
        return _read_xlsx(data, grid, progress)
    return _read_csv(text, grid, progress)


class _Issues:
    """Issues in the order found, at most :data:`MAX_ERRORS` kept."""

    def __init__(self) -> None:
        self.items: list[ImportIssue] = []
        self.more = 0

    def __len__(self) -> int:
        return len(self.items) + self.more

    def add(
        self, row: int | None, column: str | None, message: str,
        params: dict[str, Any] | None = None, cell: str | None = None,
    ) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append(ImportIssue(row, column, message, params or {}, cell))
        else:
            self.more += 1

    def listed(self) -> list[ImportIssue]:
        if not self.more:
            return list(self.items)
        more = ImportIssue(
            None, None, N_("And {count} more errors"), {"count": self.more},
        )
        return [*self.items, more]


@dataclass(frozen=True)
class _Column:
    index: int  # 0-based position in the row
    component: Component
    letter: str
    parse: Callable[[Any], Any]


@dataclass
class _Sheet:
    """What the sheet XML tells beyond openpyxl's values (xlsx only)."""

    formulas: set[tuple[int, int]] = field(default_factory=set)
    percent: set[tuple[int, int]] = field(default_factory=set)
    merged: list[str] = field(default_factory=list)


def _norm(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip().rstrip("*").strip().casefold()


def _labels(grid: Grid) -> tuple[dict[str, Component], dict[str, Component]]:
    """Header lookups: by code, and by name or template label."""
    codes = {c.code.casefold(): c for c in grid.components}
    names: dict[str, Component] = {}
    for component in grid.components:
        for label in (component.name, template.header_label(component)):
            names.setdefault(_norm(label), component)
    return codes, names


def _find_header(
    rows: Sequence[tuple[int, Sequence[Any]]], grid: Grid,
) -> int | None:
    """Position in ``rows`` of the header row (see the module docstring):
    the row naming the most component codes (the first of equals), else the
    first naming a component by name or label."""
    codes, names = _labels(grid)
    candidates = [
        (position, values) for position, (_, values) in enumerate(rows)
        if values and _norm(values[0]) == template.CODE_KEY
    ]
    best, score = None, 0
    for position, values in candidates:
        matches = sum(_norm(value) in codes for value in values[1:])
        if matches > score:
            best, score = position, matches
    if best is not None:
        return best
    for position, values in candidates:
        if any(_norm(value) in names for value in values[1:]):
            return position
    return None


def _row_lookup(grid: Grid) -> dict[str, str]:
    aliases: dict[str, set[str]] = {}
    for row in grid.rows:
        for alias in (row.code.casefold(), row.code.replace(".", "").casefold()):
            aliases.setdefault(alias, set()).add(row.code)
    lookup = {alias: next(iter(codes)) for alias, codes in aliases.items()
              if len(codes) == 1}
    lookup.update({row.code: row.code for row in grid.rows})
    return lookup


def _code_text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _blank(values: Sequence[Any]) -> bool:
    return all(
        value is None or (isinstance(value, str) and not value.strip())
        for value in values
    )


# ---- cell parsers: same results as cells.parse, faster for plain numbers --


def _number_parser(ctype: str) -> Callable[[Any], Any]:
    whole = ctype == "integer"

    def parse(raw: Any) -> Any:
        kind = type(raw)
        if kind is int:
            if -_MAX < raw < _MAX:
                return raw
        elif kind is float:
            if math.isfinite(raw) and -_MAX < raw < _MAX:
                if raw.is_integer():
                    return int(raw)
                if not whole:
                    return raw
        elif raw is None or raw == "":
            return None
        elif kind is str and raw.isascii() and raw.isdigit() and len(raw) < 16:
            return int(raw)
        return cells.parse(raw, ctype)  # errors, and everything else

    return parse


def _parse_text(raw: Any) -> Any:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # a number typed into a text cell: as an Indonesian reads it
        raw = cells.display(raw)
    elif isinstance(raw, dt.datetime):
        raw = raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(" ")
    return cells.parse(raw, "text")


def _parser(ctype: str) -> Callable[[Any], Any]:
    if ctype == "text":
        return _parse_text
    return _number_parser(ctype)


def _percent_points(raw: Any) -> Any:
    """A cell formatted as a percentage holds a fraction: 0.125 is 12.5."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return raw
    if isinstance(raw, float) and not math.isfinite(raw):
        return raw
    number = Decimal(repr(raw)) * 100
    return int(number) if number == number.to_integral_value() else float(number)


# ---- the common reader ----------------------------------------------------


class _Reader:
    """Reads the header and data rows of one table (sheet or CSV)."""

    def __init__(self, grid: Grid, kind: str, sheet: _Sheet | None = None) -> None:
        self.grid = grid
        self.kind = kind
        self.sheet = sheet or _Sheet()
        self.issues = _Issues()
        self.lookup = _row_lookup(grid)
        self.columns: list[_Column] = []
        self.unnamed: list[int] = []
        self.reported_unnamed: set[int] = set()
        self.first_seen: dict[str, int] = {}
        self.values: dict[str, dict[str, Any]] = {}
        self.rows_read = 0
        self.rows_accepted = 0
        self.pending: dict[int, list[ImportIssue]] = {}  # csv: by row
        self.later: list[ImportIssue] = []  # xlsx: merged cells, by row

    def ref(self, letter: str, row: int) -> str | None:
        return f"{letter}{row}" if self.kind == "xlsx" else None

    # header

    def header(self, number: int, labels: Sequence[Any]) -> None:
        codes, names = _labels(self.grid)
        seen: set[str] = set()
        for index, raw in enumerate(labels):
            key = _norm(raw)
            if index == 0 or key == template.NAME_KEY:
                continue
            letter = get_column_letter(index + 1)
            if not key:
                self.unnamed.append(index)
                continue
            component = codes.get(key) or names.get(key)
            if component is None:
                self.issues.add(
                    number, str(raw).strip(), N_("Unknown column"),
                    {"label": str(raw).strip()}, self.ref(letter, number),
                )
            elif component.code in seen:
                self.issues.add(
                    number, component.name, N_("Duplicated column"),
                    {"code": component.code}, self.ref(letter, number),
                )
            else:
                seen.add(component.code)
                self.columns.append(_Column(
                    index, component, letter, _parser(component.type),
                ))
        for component in self.grid.components:
            if component.code not in seen:
                self.issues.add(
                    number, component.name, N_("Column missing from the file"),
                    {"code": component.code},
                )

    def merged(self, header: int, width: int) -> None:
        """Merged ranges touching the header or the data rows (within the
        header's ``width``), reported in row order with the cells' issues."""
        by_index = {c.index: c.component.name for c in self.columns}
        found = []
        for ref in self.sheet.merged:
            low_col, low_row, _, high_row = range_boundaries(ref.replace("$", ""))
            if high_row is None or high_row < header or (low_col or 1) > width:
                continue
            index = (low_col or 1) - 1
            found.append(ImportIssue(
                max(low_row or header, header),
                template.CODE_LABEL if index == 0 else by_index.get(index),
                N_("Merged cells: unmerge them and fill every cell"),
                {"range": ref}, ref,
            ))
        self.later = sorted(found, key=lambda issue: (issue.row or 0, issue.cell or ""))

    def add(self, issue: ImportIssue) -> None:
        self.issues.add(
            issue.row, issue.column, issue.message, issue.params, issue.cell,
        )

    def flush(self, upto: int | None) -> None:
        """Reports the waiting sheet issues of rows up to ``upto`` (all when
        ``None``)."""
        while self.later and (upto is None or (self.later[0].row or 0) <= upto):
            self.add(self.later.pop(0))

    # rows

    def rows(
        self, rows: Iterable[tuple[int, Sequence[Any]]], total: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        done = 0
        for number, values in rows:
            if self.later:
                self.flush(number - 1)
            self.row(number, values)
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, max(total, done))
        self.flush(None)
        if progress is not None:
            progress(done, done)

    def row(self, number: int, values: Sequence[Any]) -> None:
        raw_code = values[0] if values else None
        code = _code_text(raw_code)
        if not code and _blank(values):
            return
        self.rows_read += 1
        before = len(self.issues)
        if self.later:
            self.flush(number)
        for issue in self.pending.pop(number, ()):
            self.add(issue)
        row_code = self.row_code(number, code, raw_code)
        stored: dict[str, Any] = {}
        width = len(values)
        for column in self.columns:
            if column.index >= width and self.kind == "csv":
                continue  # reported as a missing cell
            raw = values[column.index] if column.index < width else None
            stored[column.component.code] = self.cell(number, column, raw)
        if self.unnamed:
            self.unnamed_values(number, values)
        if row_code is not None:
            self.values[row_code] = stored
        if len(self.issues) == before:
            self.rows_accepted += 1

    def row_code(self, number: int, code: str, raw: Any) -> str | None:
        cell = self.ref("A", number)
        label = template.CODE_LABEL
        if (number, 0) in self.sheet.formulas:
            self.issues.add(number, label, N_("Formula instead of a value"),
                            {"formula": str(raw)}, cell)
            return None
        if not code:
            self.issues.add(number, label, N_("Row code missing"), {}, cell)
            return None
        found = (self.lookup.get(code) or self.lookup.get(code.casefold())
                 or self.lookup.get(code.replace(".", "").casefold()))
        if found is None:
            self.issues.add(number, label, N_("Unknown row code {code}"),
                            {"code": code}, cell)
            return None
        first = self.first_seen.get(found)
        if first is not None:
            self.issues.add(
                number, label, N_("Row {code} appears again (first at row {first})"),
                {"code": found, "first": first}, cell,
            )
            return None
        self.first_seen[found] = number
        return found

    def cell(self, number: int, column: _Column, raw: Any) -> Any:
        component = column.component
        if isinstance(raw, (ArrayFormula, DataTableFormula)) or (
            self.sheet.formulas and (number, column.index) in self.sheet.formulas
        ):
            self.issues.add(
                number, component.name, N_("Formula instead of a value"),
                {"formula": str(getattr(raw, "text", raw))},
                self.ref(column.letter, number),
            )
            return None
        if self.sheet.percent and (number, column.index) in self.sheet.percent:
            raw = _percent_points(raw)
        try:
            value = column.parse(raw)
        except cells.CellError as error:
            self.issues.add(number, component.name, error.message, error.params,
                            self.ref(column.letter, number))
            return None
        if value is None and component.required:
            self.issues.add(number, component.name, N_("Required value missing"),
                            {}, self.ref(column.letter, number))
        return value

    def unnamed_values(self, number: int, values: Sequence[Any]) -> None:
        for index in self.unnamed:
            if index in self.reported_unnamed or index >= len(values):
                continue
            value = values[index]
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            self.reported_unnamed.add(index)
            self.issues.add(
                number, None, N_("Value in column {position}, which has no header"),
                {"position": index + 1},
                self.ref(get_column_letter(index + 1), number),
            )

    def result(self) -> ImportResult:
        if not self.rows_read and not len(self.issues):
            self.issues.add(None, None, N_("The file has no data rows"))
        errors = self.issues.listed()
        return ImportResult(
            self.kind, self.rows_read, self.rows_accepted, errors,
            {} if errors else self.values,
        )


def _read_table(
    reader: _Reader, rows: Iterator[tuple[int, Sequence[Any]]], total: int,
    progress: Callable[[int, int], None] | None,
    before_rows: Callable[[int], None] | None = None,
) -> ImportResult:
    """Finds the header among the first rows of ``rows``, then reads the rest."""
    head: list[tuple[int, Sequence[Any]]] = []
    for item in rows:
        head.append(item)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    position = _find_header(head, reader.grid)
    if position is None:
        reader.issues.add(None, None, N_(
            "No header row: its first cell must be \"kode\", followed by the "
            "component codes (download the template again)"
        ))
        return reader.result()
    number, labels = head[position]
    reader.header(number, labels)
    if before_rows is not None:
        before_rows(number)
    width = max((i for i, label in enumerate(labels) if _norm(label)), default=0)
    reader.merged(number, width + 1)
    remaining = head[position + 1:]
    reader.rows(_chain(remaining, rows), max(total - number, 0), progress)
    return reader.result()


def _chain(
    first: list[tuple[int, Sequence[Any]]], rest: Iterator[tuple[int, Sequence[Any]]],
) -> Iterator[tuple[int, Sequence[Any]]]:
    yield from first
    yield from rest


# ---- xlsx -----------------------------------------------------------------


def _read_xlsx(
    data: bytes, grid: Grid, progress: Callable[[int, int], None] | None,
) -> ImportResult:
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False,
        )
    except Exception as error:  # openpyxl raises many kinds on broken files
        raise _damaged() from error
    try:
        refused = _identity(workbook, grid)
        if refused is not None:
            return ImportResult("xlsx", 0, 0, [refused], {})
        sheet = _data_sheet(workbook)
        reader = _Reader(grid, "xlsx", _scan_sheet(data, sheet, grid))
        rows = sheet.iter_rows(
            min_row=1, max_col=min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS),
            values_only=True,
        )
        return _read_table(
            reader, _numbered(_guarded(rows)), sheet.max_row or 0, progress,
        )
    finally:
        workbook.close()


def _guarded(rows: Iterator[Any]) -> Iterator[Any]:
    """Broken sheet XML found while reading refuses the file."""
    try:
        yield from rows
    except _BROKEN as error:
        raise _damaged() from error


def _numbered(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[int, Sequence[Any]]]:
    return enumerate(rows, start=1)


def _sheet(workbook: Any, name: str) -> Any:
    try:
        return workbook[name]
    except _BROKEN as error:
        raise _damaged() from error


def _data_sheet(workbook: Any) -> Any:
    if template.SHEET in workbook.sheetnames:
        return _sheet(workbook, template.SHEET)
    names = [n for n in workbook.sheetnames if n != template.META_SHEET]
    if not names:
        raise _damaged()
    return _sheet(workbook, names[0])


def _meta(workbook: Any) -> dict[str, Any]:
    if template.META_SHEET not in workbook.sheetnames:
        return {}
    sheet = _sheet(workbook, template.META_SHEET)
    pairs = {}
    rows = sheet.iter_rows(min_row=1, max_row=30, max_col=2, values_only=True)
    for row in _guarded(rows):
        if len(row) == 2 and row[0] is not None:
            pairs[str(row[0]).strip()] = row[1]
    return pairs


def _identity(workbook: Any, grid: Grid) -> ImportIssue | None:
    """The issue refusing another dataset's or period's template, if any."""
    meta = _meta(workbook)
    if meta.get("format") != template.FORMAT_NAME:
        return None
    version = _code_text(meta.get("version"))
    if not version.isdigit() or int(version) > template.FORMAT_VERSION:
        return ImportIssue(None, None, N_(
            "Template version {version} is not supported: download the "
            "template again"
        ), {"version": version})
    if _code_text(meta.get("package_id")) != grid.package_id:
        return ImportIssue(None, None, N_(
            "This is the template of another dataset ({name})"
        ), {"name": _code_text(meta.get("package_name")),
            "expected": grid.package_name})
    found = _code_text(meta.get("period"))
    if found != grid.period.id:
        label = _code_text(meta.get("period_label")) or found
        return ImportIssue(None, None, N_(
            "This is the template of period {period}, not {expected}"
        ), {"period": label, "expected": grid.period.label})
    return None


def _scan_sheet(data: bytes, sheet: Any, grid: Grid) -> _Sheet:
    """Formulas, merged cells and percentage-formatted cells, from the XML."""
    path = getattr(sheet, "_worksheet_path", None)
    scan = _Sheet()
    if not path:
        return scan
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        xml = archive.read(path.lstrip("/"))
    except _BROKEN as error:
        raise _damaged() from error
    if any(tag in xml for tag in _FORMULA_TAGS):
        scan.formulas = _cells_matching(_FORMULA_CELL, xml)
    if b"mergeCell" in xml:
        scan.merged = [m.group(1).decode("ascii") for m in _MERGE.finditer(xml)]
    if any(c.type == "percentage" for c in grid.components):
        styles = _percent_styles(archive)
        if styles:
            pattern = re.compile(
                rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]+)"[^>]*?\bs="(?:'
                + b"|".join(str(s).encode() for s in sorted(styles)) + rb')"'
            )
            scan.percent = _cells_matching(pattern, xml)
    return scan


def _cells_matching(pattern: re.Pattern[bytes], xml: bytes) -> set[tuple[int, int]]:
    """(row, 0-based column) of the cells ``pattern`` finds."""
    found = set()
    for match in pattern.finditer(xml):
        letters, row = match.group(1).decode("ascii"), int(match.group(2))
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - 64
        found.add((row, column - 1))
    return found


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles (``cellXfs``) showing a percentage (none
    when the stylesheet cannot be read: openpyxl has read it already)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    try:
        root = ElementTree.fromstring(archive.read("xl/styles.xml"))
        custom = {
            int(item.get("numFmtId", "0")): item.get("formatCode", "")
            for item in root.findall("m:numFmts/m:numFmt", ns)
        }
        numbers = [int(xf.get("numFmtId", "0"))
                   for xf in root.findall("m:cellXfs/m:xf", ns)]
    except _BROKEN:
        return set()
    styles = set()
    for index, number in enumerate(numbers):
        code = custom.get(number)
        if code is None and number < BUILTIN_FORMATS_MAX_SIZE:
            code = BUILTIN_FORMATS.get(number)
        if code and "%" in _QUOTED.sub("", code):
            styles.add(index)
    return styles


# ---- csv ------------------------------------------------------------------


def _read_csv(
    text: str, grid: Grid, progress: Callable[[int, int], None] | None,
) -> ImportResult:
    delimiter = _delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise UploadRefused(
            N_("The CSV file is malformed and cannot be read"),
        ) from error
    reader = _Reader(grid, "csv")

    def structure(header: int) -> None:
        reader.pending = _structure_issues(text, delimiter, header, records, reader)

    return _read_table(
        reader, _numbered(records), len(records), progress, before_rows=structure,
    )


def _delimiter(text: str) -> str:
    """The character after the header's ``kode``; else frictionless's guess."""
    match = _HEADER_LINE.search(text, 0, 65536)
    if match:
        return match.group(1)
    from frictionless import FrictionlessException, Resource

    sample = "\n".join(text.splitlines()[:100])
    resource = Resource(data=sample.encode("utf-8"), format="csv", encoding="utf-8")
    try:
        resource.infer()
    except FrictionlessException:
        return ","
    control = resource.dialect.get_control("csv")
    return getattr(control, "delimiter", None) or ","


def _structure_issues(
    text: str, delimiter: str, header: int, records: list[list[str]],
    reader: _Reader,
) -> dict[int, list[ImportIssue]]:
    """Rows with more (non-empty) or fewer cells than the header, as found by
    frictionless, keyed by row number."""
    from frictionless import (
        Checklist,
        Dialect,
        FrictionlessException,
        Resource,
        Schema,
        fields,
        formats,
    )

    labels = records[header - 1]
    names = {c.index: c.component.name for c in reader.columns}
    schema = Schema(fields=[
        fields.StringField(name=f"c{index}") for index in range(1, len(labels) + 1)
    ])
    dialect = Dialect(header_rows=[header], controls=[
        formats.CsvControl(delimiter=delimiter),
    ])
    resource = Resource(
        data=text.encode("utf-8"), format="csv", encoding="utf-8",
        dialect=dialect, schema=schema,
    )
    try:
        report = resource.validate(
            checklist=Checklist(pick_errors=["extra-cell", "missing-cell"]),
            limit_errors=20 * MAX_ERRORS,
        )
    except FrictionlessException as error:
        raise UploadRefused(
            N_("The CSV file is malformed and cannot be read"),
        ) from error
    found: dict[int, list[ImportIssue]] = {}
    for row, position, kind in report.flatten(["rowNumber", "fieldNumber", "type"]):
        issue = _structure_issue(row, position, kind, records, labels, names)
        if issue is not None and not any(
            i.message == issue.message for i in found.get(row, ())
        ):
            found.setdefault(row, []).append(issue)
    return found


def _structure_issue(
    row: int, position: int, kind: str, records: list[list[str]],
    labels: list[str], names: dict[int, str],
) -> ImportIssue | None:
    values = records[row - 1] if 0 < row <= len(records) else []
    if kind == "extra-cell":
        if position > len(values) or not values[position - 1].strip():
            return None
        return ImportIssue(
            row, None, N_("Extra cell in column {position}, beyond the header"),
            {"position": position},
        )
    if not values or not labels[position - 1].strip():
        return None  # a blank line, or a cell missing under a blank header
    if position == 1:
        column: str | None = template.CODE_LABEL
    elif _norm(labels[position - 1]) == template.NAME_KEY:
        column = template.NAME_LABEL
    else:
        column = names.get(position - 1)
    return ImportIssue(
        row, column, N_("The row has fewer cells than the header"),
        {"position": position},
    )
