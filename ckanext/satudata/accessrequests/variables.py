"""Where the data of a dataset is, which variables it offers and how their
values are read, row by row.

One source per dataset, the first found of:

1. ``indicator``: a dataset with an indicator structure; its published
   components and breakdown as the long table of the downloads
   (``workflow.api.published_table``: period, breakdown code and name, one
   column per component). The period and breakdown columns are *key*
   variables, always part of an extract;
2. ``datastore``: the first active resource with a DataStore table, read
   in pages with ``datastore_search`` (keyset on ``_id``, which is never
   a variable);
3. ``resource``: the first active uploaded CSV or XLSX resource, read from
   CKAN's resource storage (never fetched from a URL); its header is the
   first row with two filled cells.

Data is read as the site (``ignore_auth``): the caller has checked that the
user may have the extract.
"""

from __future__ import annotations

import csv
import itertools
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.uploader import get_resource_uploader
from ckan.types import Context

from ckanext.satudata.accessrequests.errors import NoDataSource, UnreadableSource
from ckanext.satudata.workflow import api as workflow

__all__ = ["PAGE_SIZE", "Source", "Variable", "source_of"]

SourceKind = Literal["datastore", "resource", "indicator"]
Row = list[Any]

#: Rows read from the DataStore in one call.
PAGE_SIZE = 5000
#: Rows looked at for the header of an uploaded file (title lines above).
_HEADER_SEARCH = 20
_TABULAR = {"csv": "csv", "tsv": "csv", "xlsx": "xlsx", "xlsm": "xlsx"}


@dataclass(frozen=True)
class Variable:
    """One choosable variable of a dataset.

    :ivar name: stable key: the DataStore column id, the file's header or
        the column id of an indicator component (its code)
    :ivar label: shown to the user (DataStore label, component name with
        unit)
    :ivar source: ``datastore``, ``resource`` or ``indicator``
    :ivar type: the DataStore or component type, when known
    :ivar key: always part of the extract (period and breakdown of an
        indicator dataset); never personal data
    """

    name: str
    label: str
    source: SourceKind
    type: str = ""
    key: bool = False


@dataclass(frozen=True)
class Source:
    """The variables of a dataset and a reader of their values.

    ``read(columns)`` yields each row as a list of the values of
    ``columns`` (variable names), in order; ``total`` is the number of
    rows when known without reading them.
    """

    kind: SourceKind
    variables: tuple[Variable, ...]
    read: Callable[[Sequence[str]], Iterator[Row]]
    resource_id: str | None = None
    resource_name: str = ""
    total: int | None = field(default=None, compare=False)

    def names(self) -> list[str]:
        return [variable.name for variable in self.variables]


def _site() -> Context:
    user = tk.get_action("get_site_user")(Context(ignore_auth=True), {})
    return Context(ignore_auth=True, user=user["name"])


def _active_resources(dataset: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        resource for resource in dataset.get("resources") or []
        if resource.get("state", "active") == "active"
    ]


# ---------------------------------------------------------------- indicator


def _indicator(dataset: dict[str, Any]) -> Source | None:
    package = model.Package.get(dataset["id"])
    if package is None:
        return None
    table = workflow.published_table(package)
    fields = table["fields"]
    if not fields:
        return None
    variables = tuple(
        Variable(
            name=f["id"], label=f.get("heading") or f["label"], source="indicator",
            type=f.get("type") or "", key=f.get("component") is None,
        )
        for f in fields
    )
    records = table["records"]

    def read(columns: Sequence[str]) -> Iterator[Row]:
        for record in records:
            yield [record.get(column) for column in columns]

    return Source("indicator", variables, read, table.get("resource_id"),
                  total=len(records))


# ---------------------------------------------------------------- datastore


def _datastore(dataset: dict[str, Any]) -> Source | None:
    resource = next(
        (r for r in _active_resources(dataset) if r.get("datastore_active")), None)
    if resource is None:
        return None
    resource_id = resource["id"]
    try:
        first = tk.get_action("datastore_search")(
            _site(), {"resource_id": resource_id, "limit": 0})
    except tk.ObjectNotFound:
        return None
    variables = tuple(
        Variable(
            name=f["id"], label=(f.get("info") or {}).get("label") or f["id"],
            source="datastore", type=f.get("type") or "",
        )
        for f in first["fields"] if f["id"] != "_id"
    )

    def read(columns: Sequence[str]) -> Iterator[Row]:
        yield from _datastore_rows(resource_id, list(columns))

    return Source("datastore", variables, read, resource_id,
                  resource.get("name") or "", total=first.get("total"))


def _datastore_rows(resource_id: str, columns: list[str]) -> Iterator[Row]:
    """Every row of ``columns``, ``PAGE_SIZE`` at a time, ordered by
    ``_id`` (each page starts after the last ``_id`` of the one before)."""
    context = _site()
    after: dict[str, Any] = {}
    while True:
        page = tk.get_action("datastore_search")(dict(context), {
            "resource_id": resource_id,
            "fields": ["_id", *columns],
            "sort": "_id",
            "limit": PAGE_SIZE,
            "filters": after,
            "records_format": "lists",
            "include_total": False,
            "include_next_page": True,
        })
        records = page["records"]
        for record in records:
            yield list(record[1:])
        limit = page.get("limit") or PAGE_SIZE  # rows_max may lower it
        if len(records) < limit or not page.get("next_page"):
            return
        after = page["next_page"]


# ---------------------------------------------------------------- uploaded file


def _extension(resource: dict[str, Any]) -> str | None:
    for candidate in (
        os.path.splitext(resource.get("url") or "")[1].lstrip("."),
        resource.get("format") or "",
    ):
        kind = _TABULAR.get(candidate.strip().lower())
        if kind:
            return kind
    return None


def _stored_path(resource: dict[str, Any]) -> str | None:
    try:
        path = get_resource_uploader(dict(resource)).get_path(resource["id"])
    except (AttributeError, TypeError, tk.ValidationError):
        return None
    return path if path and os.path.isfile(path) else None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _header_at(rows: list[Row]) -> int:
    """Index of the header: the first row with two filled cells, else the
    first filled row (-1: none)."""
    first_filled = -1
    for i, row in enumerate(rows):
        filled = sum(1 for value in row if _text(value))
        if filled >= 2:
            return i
        if filled and first_filled < 0:
            first_filled = i
    return first_filled


def _names(header: Row) -> list[str]:
    """Unique variable names of a header: a blank cell is ``kolom_<n>``, a
    repeated name gets ``_2``, ``_3``..."""
    names: list[str] = []
    for i, cell in enumerate(header, start=1):
        base = _text(cell) or f"kolom_{i}"
        name, n = base, 1
        while name in names:
            n += 1
            name = f"{base}_{n}"
        names.append(name)
    return names


def _csv_reader(path: str) -> Iterator[Row]:
    with open(path, "rb") as f:
        head = f.read(8000)
    if b"\x00" in head:
        raise ValueError("binary")
    try:
        head.decode("utf-8-sig")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as error:
        # a multi-byte character cut at the end of the sample is still UTF-8
        encoding = "utf-8-sig" if error.start >= len(head) - 3 else "cp1252"
    # the delimiter most often in one line (title lines above have few)
    lines = head.decode(encoding, errors="replace").splitlines()[:_HEADER_SEARCH]
    delimiter = max((",", ";", "\t", "|"),
                    key=lambda d: max((line.count(d) for line in lines), default=0))
    with open(path, encoding=encoding, errors="replace", newline="") as text:
        yield from csv.reader(text, delimiter=delimiter)


def _xlsx_reader(path: str) -> Iterator[Row]:
    """The rows of the first sheet that holds a table."""
    import openpyxl

    # a file object: the stored upload's path has no extension, which
    # openpyxl would refuse
    with open(path, "rb") as file:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                rows = sheet.iter_rows(values_only=True)
                head = [list(row) for row in itertools.islice(rows, _HEADER_SEARCH)]
                if _header_at(head) < 0:
                    continue
                yield from head
                for row in rows:
                    yield list(row)
                return
        finally:
            book.close()


def _rows_of(path: str, kind: str) -> Iterator[Row]:
    return _csv_reader(path) if kind == "csv" else _xlsx_reader(path)


def _split(rows: Iterator[Row]) -> tuple[list[str], Iterator[Row]]:
    """Header names and the data rows after the header."""
    head = list(itertools.islice(rows, _HEADER_SEARCH))
    at = _header_at(head)
    if at < 0:
        raise ValueError("no table")

    def data() -> Iterator[Row]:
        yield from head[at + 1:]
        yield from rows

    return _names(head[at]), data()


def _header(path: str, kind: str) -> list[str]:
    rows = _rows_of(path, kind)
    try:
        return _split(rows)[0]
    finally:
        rows.close()  # type: ignore[attr-defined]


def _resource(dataset: dict[str, Any]) -> Source | None:
    for resource in _active_resources(dataset):
        if resource.get("url_type") != "upload":
            continue
        kind = _extension(resource)
        path = _stored_path(resource) if kind else None
        if kind is None or path is None:
            continue
        name = resource.get("name") or os.path.basename(resource.get("url") or "")
        try:
            names = _header(path, kind)
        except Exception as error:  # a damaged file, whatever broke
            raise UnreadableSource(name=name) from error
        variables = tuple(Variable(n, n, "resource") for n in names)
        return Source("resource", variables, _file_reader(path, kind, names, name),
                      resource["id"], name)
    return None


def _file_reader(path: str, kind: str, names: list[str], name: str
                 ) -> Callable[[Sequence[str]], Iterator[Row]]:
    def read(columns: Sequence[str]) -> Iterator[Row]:
        where = [names.index(column) for column in columns]
        rows = _rows_of(path, kind)
        try:
            _names_now, data = _split(rows)
            for row in data:
                if not any(_text(value) for value in row):
                    continue  # blank lines
                yield [row[i] if i < len(row) else None for i in where]
        except (csv.Error, ValueError, OSError) as error:
            raise UnreadableSource(name=name) from error
        finally:
            rows.close()  # type: ignore[attr-defined]

    return read


# ---------------------------------------------------------------- choice


def source_of(dataset: dict[str, Any]) -> Source:
    """The source of ``dataset`` (a ``package_show`` dictionary): its
    published indicator values, else its DataStore table, else its
    uploaded CSV/XLSX. Raises :class:`.NoDataSource` when none exists and
    :class:`.UnreadableSource` for an upload that is not a table."""
    for find in (_indicator, _datastore, _resource):
        found = find(dataset)
        if found is not None:
            return found
    raise NoDataSource()
