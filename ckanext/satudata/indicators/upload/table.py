"""The reading shared by sheets and CSV files: finding the header row, then
checking every row and cell (see docs/indicators.md, "How an import is
read")."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from ckanext.satudata.indicators import cells, template
from ckanext.satudata.indicators.grid import Grid
from ckanext.satudata.indicators.structure import Component
from ckanext.satudata.indicators.upload.report import ImportIssue, ImportResult, Issues
from ckanext.satudata.indicators.upload.sheetxml import Sheet
from ckanext.satudata.messages import N_

PROGRESS_EVERY = 500
HEADER_SEARCH_ROWS = 30

_MAX = int(cells.MAX_ABS)


@dataclass(frozen=True)
class _Column:
    index: int  # 0-based position in the row
    component: Component
    letter: str
    parse: Callable[[Any], Any]


def norm(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip().rstrip("*").strip().casefold()


def _labels(grid: Grid) -> tuple[dict[str, Component], dict[str, Component]]:
    """Header lookups: by code, and by name or template label."""
    codes = {c.code.casefold(): c for c in grid.components}
    names: dict[str, Component] = {}
    for component in grid.components:
        for label in (component.name, template.header_label(component)):
            names.setdefault(norm(label), component)
    return codes, names


def _find_header(
    rows: Sequence[tuple[int, Sequence[Any]]], grid: Grid,
) -> int | None:
    """Position in ``rows`` of the header row (see docs/indicators.md):
    the row naming the most component codes (the first of equals), else the
    first naming a component by name or label."""
    codes, names = _labels(grid)
    candidates = [
        (position, values) for position, (_, values) in enumerate(rows)
        if values and norm(values[0]) == template.CODE_KEY
    ]
    best, score = None, 0
    for position, values in candidates:
        matches = sum(norm(value) in codes for value in values[1:])
        if matches > score:
            best, score = position, matches
    if best is not None:
        return best
    for position, values in candidates:
        if any(norm(value) in names for value in values[1:]):
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


def code_text(raw: Any) -> str:
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


class TableReader:
    """Reads the header and data rows of one table (sheet or CSV)."""

    def __init__(self, grid: Grid, kind: str, sheet: Sheet | None = None) -> None:
        self.grid = grid
        self.kind = kind
        self.sheet = sheet or Sheet()
        self.issues = Issues()
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
            key = norm(raw)
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
        skip: object = None  # openpyxl yields one tuple for every missing row
        for number, values in rows:
            if values is not skip:
                if self.later:
                    self.flush(number - 1)
                if not self.row(number, values):
                    skip = values
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, max(total, done))
        self.flush(None)
        if progress is not None:
            progress(done, done)

    def row(self, number: int, values: Sequence[Any]) -> bool:
        """Reads one row; ``False`` when it is blank (skipped, not counted)."""
        raw_code = values[0] if values else None
        code = code_text(raw_code)
        if not code and _blank(values):
            return False
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
        return True

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


def read_table(
    reader: TableReader, rows: Iterator[tuple[int, Sequence[Any]]], total: int,
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
    width = max((i for i, label in enumerate(labels) if norm(label)), default=0)
    reader.merged(number, width + 1)
    remaining = head[position + 1:]
    reader.rows(_chain(remaining, rows), max(total - number, 0), progress)
    return reader.result()


def _chain(
    first: list[tuple[int, Sequence[Any]]], rest: Iterator[tuple[int, Sequence[Any]]],
) -> Iterator[tuple[int, Sequence[Any]]]:
    yield from first
    yield from rest




def numbered(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[int, Sequence[Any]]]:
    return enumerate(rows, start=1)
