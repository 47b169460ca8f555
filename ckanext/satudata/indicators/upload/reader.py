"""The entry point of an import: the values of an uploaded file and every
problem found in it (see docs/indicators.md, "How an import is read")."""

from __future__ import annotations

from collections.abc import Callable

from ckanext.satudata.indicators.grid import Grid
from ckanext.satudata.indicators.upload.csvfile import read_csv
from ckanext.satudata.indicators.upload.detection import detect_content
from ckanext.satudata.indicators.upload.report import ImportResult
from ckanext.satudata.indicators.upload.xlsx import read_xlsx


def read(
    data: bytes, filename: str, grid: Grid, *, max_bytes: int,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """The values of ``data`` (an upload for ``grid``) and every problem
    found; :class:`UploadRefused` when the file is refused as a whole."""
    kind, text = detect_content(data, filename, max_bytes)
    if kind == "xlsx":
        return read_xlsx(data, grid, progress)
    return read_csv(text, grid, progress)
