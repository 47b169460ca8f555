"""The extract of "Pengolahan Data": the variables an institution chose of
a restricted dataset, built by the portal in the format it asked for.

- :func:`variables`: what may be chosen (:class:`Variable`);
- :func:`detect`: which chosen columns identify people (NIK, KK, name,
  address, phone, e-mail, birth date, by ``personaldata``), shown to the
  officer before anything is built;
- :func:`build`: the file and its report (:class:`Extract`): row count,
  columns kept and removed, the detection.

Access levels (``level_akses``): 1 agregat terbuka, 2 agregat kustom,
3 mikro tanpa identitas, 4 mikro dengan identitas. At level 3 every
identifying column detected (confidence ``medium`` or more) is removed,
whatever the officer confirmed; the officer's ``remove`` list adds
columns, never keeps one. Level 4 keeps the identifying columns. At
every level the columns the officer listed are removed.

The caller has checked permissions; data is read as the site. Errors are
:class:`~.errors.ExtractError`s (``ValueError``), translated with their
``message()``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ckanext.satudata import personaldata
from ckanext.satudata.accessrequests import formats
from ckanext.satudata.accessrequests.errors import (
    ExtractError,
    NoDataSource,
    NothingLeft,
    NoVariable,
    TooManyRows,
    UnknownFormat,
    UnknownLevel,
    UnknownVariable,
    UnreadableSource,
)
from ckanext.satudata.accessrequests.variables import Source, Variable, source_of

__all__ = [
    "FORMATS",
    "LEVELS",
    "Detection",
    "Extract",
    "ExtractError",
    "NoDataSource",
    "NoVariable",
    "NothingLeft",
    "TooManyRows",
    "UnknownFormat",
    "UnknownLevel",
    "UnknownVariable",
    "UnreadableSource",
    "Variable",
    "build",
    "detect",
    "variables",
]

FORMATS: tuple[str, ...] = formats.FORMATS
#: The access levels and the one that loses its identifying columns.
LEVELS = (1, 2, 3, 4)
WITHOUT_IDENTITY = 3
#: Findings of this confidence or more are removed at level 3.
MIN_CONFIDENCE: personaldata.Confidence = "medium"
#: Rows the detection reads (the first ones).
SCAN_ROWS = personaldata.MAX_ROWS

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Detection:
    """Personal data in the chosen columns (``personaldata.Scan``-like).

    :ivar findings: ``personaldata.Finding``s: column, kind, confidence,
        ``found_by`` (``column name`` and/or ``content``), rows, a masked
        example (never a raw value)
    :ivar identifying: the columns removed at level 3 (confidence
        ``medium`` or more), in column order
    :ivar rows_read: data rows read; ``truncated``: more were not read
    """

    findings: tuple[personaldata.Finding, ...] = ()
    identifying: tuple[str, ...] = ()
    rows_read: int = 0
    truncated: bool = False

    def by_column(self) -> dict[str, tuple[personaldata.Finding, ...]]:
        """The findings grouped by column, in column order."""
        grouped: dict[str, list[personaldata.Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.column, []).append(finding)
        return {column: tuple(found) for column, found in grouped.items()}


@dataclass
class Extract:
    """A built extract and what "Cek Kualitas Data" shows of it.

    :ivar data: the file; ``filename``, ``content_type``, ``format``
    :ivar rows: data rows written
    :ivar columns: the columns written, in order
    :ivar removed: the chosen columns left out (detected at level 3 and
        listed by the officer), in column order
    :ivar findings: the detection's findings (of the chosen columns)
    :ivar detected: the identifying columns the detection found
    :ivar source: ``datastore``, ``resource`` or ``indicator``
    """

    data: bytes
    filename: str
    content_type: str
    format: str
    rows: int
    columns: list[str]
    removed: list[str]
    findings: list[personaldata.Finding]
    level: int = 0
    source: str = ""
    detected: list[str] = field(default_factory=list)
    scan_truncated: bool = False


def variables(dataset: dict[str, Any]) -> list[Variable]:
    """The variables of ``dataset`` (a ``package_show`` dictionary), in
    column order. Raises :class:`NoDataSource` without a table."""
    return list(source_of(dataset).variables)


def _chosen(source: Source, chosen: Iterable[str]) -> list[Variable]:
    """The chosen variables (and the key ones) in column order."""
    wanted = list(dict.fromkeys(chosen))
    names = set(source.names())
    for name in wanted:
        if name not in names:
            raise UnknownVariable(name=name)
    if not wanted:
        raise NoVariable()
    return [v for v in source.variables if v.key or v.name in wanted]


def _detect(source: Source, columns: Sequence[Variable]) -> Detection:
    scanned = [v.name for v in columns if not v.key]
    if not scanned:
        return Detection()
    rows = itertools.islice(source.read(scanned), SCAN_ROWS + 1)
    scan = personaldata.scan_table(scanned, rows, max_rows=SCAN_ROWS)
    return Detection(
        findings=scan.findings,
        identifying=tuple(personaldata.identifying_columns(scan, MIN_CONFIDENCE)),
        rows_read=scan.rows_read,
        truncated=scan.truncated,
    )


def detect(dataset: dict[str, Any], chosen: list[str]) -> Detection:
    """What :func:`build` would remove at level 3 from the ``chosen``
    variables of ``dataset``, without building anything: the findings
    (kind, confidence, whether by column name or content, a masked
    example) and the identifying columns. The first
    ``personaldata.MAX_ROWS`` rows are read.

    :raises UnknownVariable: a name the dataset does not have
    :raises NoVariable: nothing chosen
    :raises NoDataSource: the dataset has no table
    """
    source = source_of(dataset)
    return _detect(source, _chosen(source, chosen))


def _level(level: Any) -> int:
    try:
        number = int(level)
    except (TypeError, ValueError):
        raise UnknownLevel(level=level) from None
    if number not in LEVELS:
        raise UnknownLevel(level=level)
    return number


def _filename(dataset: dict[str, Any], fmt: str) -> str:
    base = _UNSAFE_NAME.sub("-", str(dataset.get("name") or "data")).strip("-.")
    return f"{base or 'data'}-ekstrak.{fmt}"


def build(dataset: dict[str, Any], chosen: list[str], fmt: str, level: int, *,
          remove: Sequence[str] = ()) -> Extract:
    """The extract of the ``chosen`` variables of ``dataset`` in ``fmt``.

    At ``level`` 3 the identifying columns :func:`detect` finds are
    removed even when ``remove`` does not list them; ``remove`` (the
    columns the officer confirmed) removes more at any level. Rows are
    read a page at a time and written as they come.

    :param dataset: a ``package_show`` dictionary
    :param chosen: variable names (:attr:`Variable.name`); the key
        variables of an indicator dataset are always included
    :param fmt: one of :data:`FORMATS`
    :param level: the dataset's access level, 1 to 4
    :param remove: more columns to leave out
    :raises UnknownFormat, UnknownLevel, UnknownVariable, NoVariable,
        NoDataSource, UnreadableSource, NothingLeft, TooManyRows: see
        :mod:`.errors`
    """
    fmt = str(fmt or "").strip().lower()
    if fmt not in FORMATS:
        raise UnknownFormat(format=fmt)
    level = _level(level)
    source = source_of(dataset)
    columns = _chosen(source, chosen)
    known = set(source.names())
    for name in remove:
        if name not in known:
            raise UnknownVariable(name=name)
    detection = _detect(source, columns)
    dropped = set(remove)
    if level == WITHOUT_IDENTITY:
        dropped |= set(detection.identifying)
    removed = [v for v in columns if v.name in dropped and not v.key]
    kept = [v for v in columns if v not in removed]
    if not any(not v.key for v in kept):
        raise NothingLeft()
    names = [v.name for v in kept]
    try:
        data, count = formats.write(
            fmt, [(v.name, v.label) for v in kept], source.read(names),
            meta={"dataset": str(dataset.get("name") or "")},
        )
    except formats.RowLimit as error:
        raise TooManyRows(limit=error.limit) from error
    return Extract(
        data=data,
        filename=_filename(dataset, fmt),
        content_type=formats.CONTENT_TYPES[fmt],
        format=fmt,
        rows=count,
        columns=names,
        removed=[v.name for v in removed],
        findings=list(detection.findings),
        level=level,
        source=source.kind,
        detected=list(detection.identifying),
        scan_truncated=detection.truncated,
    )
