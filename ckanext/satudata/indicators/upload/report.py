"""What an import reports: the refusal of a whole file, the issues found in
it and the result of reading it."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import Any

from ckanext.satudata.messages import N_

MAX_ERRORS = 200
XLSX_NAMES = (".xlsx", ".xlsm", ".xls")
#: What zipfile, openpyxl and the XML parsers raise on a damaged workbook.
BROKEN = (
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



class Issues:
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



def unrecognized(filename: str) -> UploadRefused:
    if (filename or "").lower().endswith(XLSX_NAMES):
        return UploadRefused(N_("The file is not a valid Excel workbook (.xlsx)"))
    return UploadRefused(N_(
        "The file is neither an Excel workbook (.xlsx) nor a CSV file"
    ))


def damaged() -> UploadRefused:
    return UploadRefused(N_(
        "The workbook is damaged and cannot be read: save it again as .xlsx"
    ))
