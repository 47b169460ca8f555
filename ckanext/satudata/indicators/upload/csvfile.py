"""Reading a CSV file: its separator, its records, and the rows with more or
fewer cells than the header (see docs/indicators.md, "How an import is
read")."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from ckanext.satudata.indicators import template
from ckanext.satudata.indicators.grid import Grid
from ckanext.satudata.indicators.upload.report import (
    MAX_ERRORS,
    ImportIssue,
    ImportResult,
    UploadRefused,
)
from ckanext.satudata.indicators.upload.table import (
    TableReader,
    norm,
    numbered,
    read_table,
)
from ckanext.satudata.messages import N_

_HEADER_LINE = re.compile(
    r'^[ \t]*"?kode"?[ \t]*([,;\t|])', re.IGNORECASE | re.MULTILINE,
)


def read_csv(
    text: str, grid: Grid, progress: Callable[[int, int], None] | None,
) -> ImportResult:
    delimiter = _delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise UploadRefused(
            N_("The CSV file is malformed and cannot be read"),
        ) from error
    reader = TableReader(grid, "csv")

    def structure(header: int) -> None:
        reader.pending = _structure_issues(text, delimiter, header, records, reader)

    return read_table(
        reader, numbered(records), len(records), progress, before_rows=structure,
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
    reader: TableReader,
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
    elif norm(labels[position - 1]) == template.NAME_KEY:
        column = template.NAME_LABEL
    else:
        column = names.get(position - 1)
    return ImportIssue(
        row, column, N_("The row has fewer cells than the header"),
        {"position": position},
    )
