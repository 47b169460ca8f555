"""Personal data in a table (or an uploaded CSV/XLSX file), found with the
detectors of ``lokal.samaran``; shared by the features that need it:
removing the identifying columns of a level 3 dataset and holding a terbuka
upload or indicator period that holds personal data (``docs/personaldata.md``).

Seven kinds are reported (``KINDS``): ``nik``, ``kk``, ``name``, ``address``,
``phone``, ``email``, ``birth_date``. lokal's other types (NPWP, NIP,
gender, religion, coordinates, …) are not reported: aggregate tables have
"Jenis Kelamin" or "Agama" columns that identify nobody.

A column is classified two ways:

- by its **name** (``lokal.samaran.field_type``: "NIK", "No. KK", "Nama",
  "Alamat", "No HP", "Email", "Tanggal Lahir", …), its cells checked with
  lokal's ``is_plausible_value`` (and, for NIK and KK, ``lokal.nik``'s
  16-digit structure);
- by its **content** (``lokal.samaran.detect_pii`` on every cell: a NIK
  with a valid structure, a mobile number, an e-mail, "Jl. …" addresses,
  person names).

Confidence (``high`` > ``medium`` > ``low``) of a finding:

- name only, no cell to check (empty column): ``medium``;
- name, and at least half of the non-empty cells are plausible values of
  that kind: ``high`` (``medium`` for a name column no cell of which lokal's
  content detectors recognise as a person's name, e.g. "Nama" listing
  kecamatan, and for lokal's generic ``name`` key);
- name, some plausible cells but fewer than half: ``medium``;
- name, non-empty cells none of which is plausible (a "KK" column holding
  counts of families): ``low``;
- content: ``high`` when lokal reports any match in the column as ``high``
  (a validated NIK, a phone number, an e-mail, a street address); else
  ``medium`` when at least half of the non-empty cells match, ``low`` when
  fewer do (a stray name in a "Keterangan" column).

A 16-digit number lokal reads as a NIK in a column whose name announces a KK
is a KK number (both share the structure; lokal itself decides by the word
before the number).

Findings never hold a raw value: only lokal's partial mask
(``3374********0001``, ``0812****7890``, ``s***@gmail.com``).
This module imports no CKAN.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from lokal.files import MAX_FILE_BYTES
from lokal.nik import parse_nik
from lokal.samaran import PiiType, detect_pii, field_type, partial_mask
from lokal.samaran.fields import is_generic_name_key, is_plausible_value

__all__ = [
    "KINDS",
    "MAX_LISTED_ROWS",
    "MAX_ROWS",
    "Finding",
    "Scan",
    "UnreadableFile",
    "holds_high_confidence",
    "identifying_columns",
    "scan_file",
    "scan_table",
]

Kind = Literal["nik", "kk", "name", "address", "phone", "email", "birth_date"]
Confidence = Literal["high", "medium", "low"]
FoundBy = Literal["column name", "content"]

#: lokal's types reported, and the kind each becomes.
_KIND_OF: dict[PiiType, Kind] = {
    "NIK": "nik",
    "KK": "kk",
    "NAME": "name",
    "ADDRESS": "address",
    "PHONE": "phone",
    "EMAIL": "email",
    "BIRTH_DATE": "birth_date",
}
_TYPE_OF: dict[Kind, PiiType] = {kind: t for t, kind in _KIND_OF.items()}
_TYPES: tuple[PiiType, ...] = tuple(_KIND_OF)

KINDS: tuple[Kind, ...] = tuple(_KIND_OF.values())

#: Data rows read at most by default; more are not read (``Scan.truncated``).
MAX_ROWS = 10_000
#: Row numbers kept per finding (``Finding.row_count`` counts them all).
MAX_LISTED_ROWS = 20
#: Uncompressed size of an XLSX read at most (lokal's limit for one file).
MAX_XLSX_UNCOMPRESSED = MAX_FILE_BYTES

_RANK: dict[Confidence, int] = {"low": 0, "medium": 1, "high": 2}

#: Kinds that make a table held on their own; ``name`` only with an address
#: (the issue: "NIK, KK, names with addresses, phone numbers, e-mails").
_HOLDING_KINDS: frozenset[Kind] = frozenset({"nik", "kk", "phone", "email"})

_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Finding:
    """Personal data of one ``kind`` in one column.

    ``rows`` are 1-based data row numbers (the header is not counted), at
    most ``MAX_LISTED_ROWS`` of them; ``row_count`` counts every row it was
    seen in. ``example`` is one value masked by lokal (``None`` when the
    column name alone announced it). ``sheet`` names the XLSX sheet.
    """

    column: str
    column_index: int
    kind: Kind
    confidence: Confidence
    found_by: tuple[FoundBy, ...]
    rows: tuple[int, ...] = ()
    row_count: int = 0
    example: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class Scan:
    """What :func:`scan_table` or :func:`scan_file` found.

    ``rows_read`` data rows were read; ``truncated`` says more were left
    unread (``max_rows``). ``header_rows`` gives, per sheet (``None`` for a
    CSV or a table), the 1-based row of the file the header was found in:
    data row ``n`` is row ``header_row + n`` of the file.
    """

    findings: tuple[Finding, ...] = ()
    rows_read: int = 0
    truncated: bool = False
    header_rows: tuple[tuple[str | None, int], ...] = ()

    def by_column(self) -> dict[str, tuple[Finding, ...]]:
        """The findings grouped by column name, in column order."""
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.column, []).append(finding)
        return {column: tuple(found) for column, found in grouped.items()}


class UnreadableFile(ValueError):
    """The file cannot be scanned; ``msgid`` (English) and ``params`` say
    why, for the caller to translate. Never treat such a file as clean."""

    def __init__(self, msgid: str, **params: Any) -> None:
        self.msgid = msgid
        self.params = params
        super().__init__(msgid.format(**params) if params else msgid)


NOT_TABULAR = "Only CSV and XLSX files can be checked for personal data."
TOO_LARGE = "The file is larger than {max_mb} MB."
BINARY = "The file is not a text (CSV) file."
BAD_XLSX = "The spreadsheet cannot be read; it may be damaged."
EMPTY = "The file holds no table."


# ---------------------------------------------------------------- tables


def _text(value: Any) -> str:
    """A cell as the text the detectors read."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _cannot_hold_pii(text: str) -> bool:
    """Fewer than 8 digits and no letter: a count, a year, a short code.

    Every lokal detector of the seven kinds needs a letter, an ``@`` or a run
    of at least 8 digits; skipping these cells only saves time.
    """
    if _LETTER.search(text) or "@" in text:
        return False
    return len(_DIGIT.findall(text)) < 8


def _is_16_digits(text: str) -> bool:
    return parse_nik(text).nik is not None


def _plausible(kind: Kind, text: str, column: str) -> bool:
    """A value of ``kind`` under a column named ``column``, by lokal's rules."""
    if not is_plausible_value(_TYPE_OF[kind], text, column):
        return False
    return _is_16_digits(text) if kind in ("nik", "kk") else True


#: What lokal found in one cell: kind, masked value, whether "high".
_Match = tuple[Kind, str, bool]


def _found(lokal_type: PiiType, value: str, confidence: str) -> _Match:
    return _KIND_OF[lokal_type], partial_mask(lokal_type, value), confidence == "high"


class _Seen:
    """Rows, best confidence and one masked example of one kind in a column."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.last = 0
        self.count = 0
        self.high = False
        self.example: str | None = None

    def add(self, row: int, example: str, high: bool = False) -> None:
        if row != self.last:
            self.last = row
            self.count += 1
            if len(self.rows) < MAX_LISTED_ROWS:
                self.rows.append(row)
        self.high = self.high or high
        if self.example is None:
            self.example = example


class _Column:
    def __init__(self, index: int, name: str) -> None:
        self.index = index
        self.name = name
        lokal_type = field_type(name) if name else None
        self.named: Kind | None = _KIND_OF.get(lokal_type) if lokal_type else None
        self.non_empty = 0
        self.plausible = _Seen()
        self.content: dict[Kind, _Seen] = {}

    def read(self, row: int, text: str, cache: dict[str, list[_Match]]) -> None:
        if not text:
            return
        self.non_empty += 1
        if self.named and _plausible(self.named, text, self.name):
            self.plausible.add(row, partial_mask(_TYPE_OF[self.named], text))
        if _cannot_hold_pii(text):
            return
        found = cache.get(text)
        if found is None:
            found = [
                _found(m.type, m.value, m.confidence)
                for m in detect_pii(text, types=_TYPES)
            ]
            cache[text] = found
        for kind, example, high in found:
            if kind == "nik" and self.named == "kk":
                kind = "kk"  # same structure and the same mask
            self.content.setdefault(kind, _Seen()).add(row, example, high)

    def _content_confidence(self, seen: _Seen) -> Confidence:
        if seen.high:
            return "high"
        return "medium" if seen.count * 2 >= self.non_empty else "low"

    def findings(self, sheet: str | None) -> list[Finding]:
        out: list[Finding] = []
        if self.named:
            confidence: Confidence
            support = self.plausible.count
            if not self.non_empty:
                confidence = "medium"
            elif not support:
                confidence = "low"
            elif support * 2 >= self.non_empty:
                confidence = "high"
            else:
                confidence = "medium"
            confirmed = self.content.pop(self.named, None)
            if confidence == "high" and (
                is_generic_name_key(self.name)
                or (self.named == "name" and confirmed is None)
            ):
                confidence = "medium"
            found_by: tuple[FoundBy, ...] = ("column name",)
            rows, count = self.plausible.rows, self.plausible.count
            example = self.plausible.example
            if confirmed is not None:
                found_by = ("column name", "content")
                if _RANK[self._content_confidence(confirmed)] > _RANK[confidence]:
                    confidence = self._content_confidence(confirmed)
                if confirmed.count > count:
                    rows, count = confirmed.rows, confirmed.count
                example = example or confirmed.example
            out.append(Finding(
                self.name, self.index, self.named, confidence, found_by,
                tuple(rows), count, example, sheet,
            ))
        for kind in KINDS:
            seen = self.content.get(kind)
            if seen is None:
                continue
            out.append(Finding(
                self.name, self.index, kind, self._content_confidence(seen),
                ("content",), tuple(seen.rows), seen.count, seen.example, sheet,
            ))
        return out


def _scan_rows(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    max_rows: int,
    sheet: str | None,
) -> tuple[list[Finding], int, bool]:
    """Findings of one table, the data rows read and whether more were left."""
    state = [_Column(i, _text(name)) for i, name in enumerate(columns)]
    cache: dict[str, list[_Match]] = {}
    read = 0
    truncated = False
    for row in rows:
        if read >= max_rows:
            truncated = True
            break
        read += 1
        for i, value in enumerate(row):
            if i >= len(state):
                state.append(_Column(i, ""))  # a cell beyond the header
            state[i].read(read, _text(value), cache)
    findings = [finding for column in state for finding in column.findings(sheet)]
    return findings, read, truncated


def scan_table(
    columns: list[str],
    rows: Iterable[Sequence[Any]],
    *,
    max_rows: int = MAX_ROWS,
) -> Scan:
    """Personal data in a table: ``columns`` are its header, ``rows`` its data
    rows (any cell values: text, numbers, dates, ``None``).

    At most ``max_rows`` rows are read (``Scan.truncated`` tells); row
    numbers in the findings are 1-based data rows.
    """
    findings, read, truncated = _scan_rows(columns, rows, max_rows, None)
    return Scan(tuple(findings), read, truncated)


# ---------------------------------------------------------------- files


def _header_at(rows: list[list[Any]]) -> int:
    """Index of the header: the first row with two filled cells (title
    lines above a table have one), else the first filled row."""
    first_filled = -1
    for i, row in enumerate(rows):
        filled = sum(1 for value in row if _text(value))
        if filled >= 2:
            return i
        if filled and first_filled < 0:
            first_filled = i
    return first_filled


#: Rows looked at for the header (title lines, blank lines above a table).
_HEADER_SEARCH = 20


def _scan_sheet(
    rows: Iterator[Sequence[Any]], max_rows: int, sheet: str | None
) -> tuple[list[Finding], int, bool, int] | None:
    """Findings of one sheet, rows read, truncated, 1-based header row;
    ``None`` for a sheet with no table."""
    head: list[list[Any]] = []
    for row in rows:
        head.append(list(row))
        if len(head) >= _HEADER_SEARCH:
            break
    at = _header_at(head)
    if at < 0:
        return None
    header = [_text(value) for value in head[at]]

    def data() -> Iterator[Sequence[Any]]:
        yield from head[at + 1 :]
        yield from rows

    findings, read, truncated = _scan_rows(header, data(), max_rows, sheet)
    return findings, read, truncated, at + 1


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    if b"\x00" in data[:8000]:  # lokal.files.is_text_file's rule
        raise UnreadableFile(BINARY)
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t", "|"), key=first.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_sheets(data: bytes) -> Iterator[tuple[str, Iterator[Sequence[Any]]]]:
    """Each sheet's rows, read with openpyxl (read-only: every row, blank ones
    too, so row numbers are the sheet's; dates as dates)."""
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_XLSX_UNCOMPRESSED:
            raise UnreadableFile(TOO_LARGE, max_mb=MAX_XLSX_UNCOMPRESSED // 2**20)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UnreadableFile:
        raise
    except Exception as error:  # a damaged file is refused, whatever broke
        raise UnreadableFile(BAD_XLSX) from error
    try:
        for sheet in book.worksheets:
            yield sheet.title, sheet.iter_rows(values_only=True)
    finally:
        book.close()


def scan_file(
    path_or_bytes: str | os.PathLike[str] | bytes,
    filename: str,
    *,
    max_rows: int = MAX_ROWS,
) -> Scan:
    """Personal data in a CSV or XLSX file (``filename`` gives the format).

    Every sheet of an XLSX is scanned, its header being the first row with
    two filled cells; ``max_rows`` bounds the data rows read over all sheets.
    Raises :class:`UnreadableFile` for another format, a file larger than
    lokal's ``MAX_FILE_BYTES``, a binary "CSV", a damaged spreadsheet or a
    file without a table.
    """
    ext = os.path.splitext(filename)[1].lower()
    if ext not in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm"):
        raise UnreadableFile(NOT_TABULAR)
    if isinstance(path_or_bytes, bytes):
        data = path_or_bytes
    else:
        if os.stat(path_or_bytes).st_size > MAX_FILE_BYTES:
            raise UnreadableFile(TOO_LARGE, max_mb=MAX_FILE_BYTES // 1024 // 1024)
        with open(path_or_bytes, "rb") as f:
            data = f.read()
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(TOO_LARGE, max_mb=MAX_FILE_BYTES // 1024 // 1024)

    sheets: Iterable[tuple[str | None, Iterator[Sequence[Any]]]]
    if ext in (".xlsx", ".xlsm"):
        sheets = _xlsx_sheets(data)
    else:
        sheets = [(None, _csv_rows(data))]

    findings: list[Finding] = []
    header_rows: list[tuple[str | None, int]] = []
    read = 0
    truncated = False
    for name, rows in sheets:
        if read >= max_rows:
            truncated = True
            break
        try:
            result = _scan_sheet(rows, max_rows - read, name)
        except csv.Error as error:
            raise UnreadableFile(BINARY) from error
        except UnreadableFile:
            raise
        except Exception as error:  # openpyxl failing on a damaged sheet
            if name is None:
                raise
            raise UnreadableFile(BAD_XLSX) from error
        if result is None:
            continue
        found, sheet_read, sheet_truncated, header_row = result
        findings.extend(found)
        read += sheet_read
        truncated = truncated or sheet_truncated
        header_rows.append((name, header_row))
    if not header_rows:
        raise UnreadableFile(EMPTY)
    return Scan(tuple(findings), read, truncated, tuple(header_rows))


# ---------------------------------------------------------------- decisions


def identifying_columns(scan: Scan, min_confidence: Confidence = "medium") -> list[str]:
    """Columns a level 3 dataset would lose: those with a finding of at least
    ``min_confidence``, in column order, each once (the officer confirms)."""
    wanted = _RANK[min_confidence]
    out: list[str] = []
    for finding in scan.findings:
        if _RANK[finding.confidence] >= wanted and finding.column not in out:
            out.append(finding.column)
    return out


def holds_high_confidence(scan: Scan) -> bool:
    """Whether a terbuka upload or period is held until the walidata
    confirms: a ``high`` finding of a NIK, KK, phone number or e-mail, or of
    names in a table that also has an address (``medium`` or better).
    Addresses or birth dates alone do not hold it."""
    high = {f.kind for f in scan.findings if f.confidence == "high"}
    if high & _HOLDING_KINDS:
        return True
    addressed = any(
        f.kind == "address" and f.confidence != "low" for f in scan.findings
    )
    return "name" in high and addressed
