"""Imports of an entry grid from an Excel workbook (.xlsx) or a CSV file.

``detect`` tells the kind of a file by its content, ``read`` checks and reads
it into an :class:`ImportResult`; :class:`UploadRefused` refuses a file as a
whole. What is accepted and checked: docs/indicators.md, "How an import is
read". Modules: ``detection`` (kind, size, zip checks), ``reader`` (entry
point), ``report`` (what is reported), ``table`` (header, rows and cells),
``xlsx``, ``sheetxml`` (linear scans of the sheet XML), ``csvfile``.
"""

from ckanext.satudata.indicators.upload.detection import (
    MB,
    ZIP_INFLATED_FLOOR,
    ZIP_MAX_MEMBERS,
    ZIP_MEMBER_FACTOR,
    ZIP_MEMBER_FLOOR,
    ZIP_RATIO,
    ZIP_RATIO_MIN_SIZE,
    ZIP_TOTAL_CAP,
    ZIP_TOTAL_FACTOR,
    detect,
)
from ckanext.satudata.indicators.upload.reader import read
from ckanext.satudata.indicators.upload.report import (
    MAX_ERRORS,
    ImportIssue,
    ImportResult,
    UploadRefused,
)
from ckanext.satudata.indicators.upload.table import (
    HEADER_SEARCH_ROWS,
    PROGRESS_EVERY,
)
from ckanext.satudata.indicators.upload.xlsx import MAX_COLUMNS, MAX_ROWS

__all__ = [
    "HEADER_SEARCH_ROWS",
    "MAX_COLUMNS",
    "MAX_ERRORS",
    "MAX_ROWS",
    "MB",
    "PROGRESS_EVERY",
    "ZIP_INFLATED_FLOOR",
    "ZIP_MAX_MEMBERS",
    "ZIP_MEMBER_FACTOR",
    "ZIP_MEMBER_FLOOR",
    "ZIP_RATIO",
    "ZIP_RATIO_MIN_SIZE",
    "ZIP_TOTAL_CAP",
    "ZIP_TOTAL_FACTOR",
    "ImportIssue",
    "ImportResult",
    "UploadRefused",
    "detect",
    "read",
]
