"""The long table of published values: one row per period and breakdown
row, one column per component.

Columns: ``periode`` (period id), ``periode_label``, the breakdown's code
and name (``kode_wilayah``/``nama_wilayah`` for a region breakdown and for
none, where the one row is the portal's region; ``kode_kategori``/
``nama_kategori`` for categories), then one column per component. The
same builder feeds the DataStore table and the CSV, JSON and Excel
downloads, so that they always hold the same rows.

Column labels are part of the data, so they are Indonesian (like period
labels).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ckanext.satudata import region
from ckanext.satudata.indicators.api import TOTAL_ROW, Component, Period, Structure

Record = dict[str, Any]
Values = Mapping[str, Mapping[str, Any]]

PERIOD, PERIOD_LABEL = "periode", "periode_label"
#: DataStore column types of the component types.
DATASTORE_TYPES = {
    "integer": "int8", "decimal": "numeric", "percentage": "numeric", "text": "text",
}
_TYPE_NOTES = {
    "integer": "bilangan bulat",
    "decimal": "bilangan desimal",
    "percentage": "persentase",
    "text": "teks",
}


@dataclass(frozen=True)
class Column:
    """One column of the long table; ``component`` is the component code
    of a value column (``None`` for the key columns)."""

    id: str
    label: str
    type: str  # integer, decimal, percentage or text
    unit: str = ""
    component: str | None = None

    @property
    def heading(self) -> str:
        """``Perempuan (Orang)``: the name with its unit."""
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "label": self.label, "unit": self.unit,
            "type": self.type, "component": self.component,
            "heading": self.heading,
        }

    def as_field(self) -> dict[str, Any]:
        """The DataStore field: type, and the label with unit in ``info``."""
        notes = f"Tipe: {_TYPE_NOTES.get(self.type, self.type)}."
        if self.unit:
            notes = f"Satuan: {self.unit}. {notes}"
        return {
            "id": self.id,
            "type": DATASTORE_TYPES[self.type],
            "info": {"label": self.heading, "notes": notes},
        }


def key_columns(structure: Structure) -> tuple[Column, Column]:
    """The code and name columns of ``structure``'s breakdown."""
    if structure.breakdown.get("type") == "category":
        return (Column("kode_kategori", "Kode kategori", "text"),
                Column("nama_kategori", "Nama kategori", "text"))
    return (Column("kode_wilayah", "Kode wilayah", "text"),
            Column("nama_wilayah", "Nama wilayah", "text"))


def _component_column(component: Component, taken: set[str]) -> Column:
    # A component may be coded like a key column ("periode"): its column
    # then gets a prefix, so that no two columns share an id.
    column_id = component.code
    while column_id in taken:
        column_id = f"nilai_{column_id}"
    taken.add(column_id)
    return Column(column_id, component.name, component.type, component.unit,
                  component.code)


def columns(structure: Structure) -> list[Column]:
    """Every column of the long table, in order."""
    fixed = [
        Column(PERIOD, "Periode", "text"),
        Column(PERIOD_LABEL, "Label periode", "text"),
        *key_columns(structure),
    ]
    taken = {column.id for column in fixed}
    return fixed + [_component_column(c, taken) for c in structure.components]


def primary_key(structure: Structure) -> list[str]:
    return [PERIOD, key_columns(structure)[0].id]


def datastore_fields(structure: Structure) -> list[dict[str, Any]]:
    return [column.as_field() for column in columns(structure)]


def row_key(structure: Structure, row_code: str, row_name: str) -> tuple[str, str]:
    """Code and name a breakdown row has in the table: the one row of a
    dataset without breakdown is the portal's region."""
    if structure.breakdown.get("type") not in ("region", "category") and (
        row_code == TOTAL_ROW
    ):
        code = region.portal_region_code()
        return code, region.name(code)
    return row_code, row_name


def records(structure: Structure, period: Period, values: Values) -> list[Record]:
    """The rows of one period: every breakdown row of ``structure``, empty
    cells as ``None``."""
    table = columns(structure)
    code_column, name_column = key_columns(structure)
    found = []
    for row in structure.rows:
        code, name = row_key(structure, row.code, row.name)
        cells = values.get(row.code) or {}
        record: Record = {
            PERIOD: period.id, PERIOD_LABEL: period.label,
            code_column.id: code, name_column.id: name,
        }
        for column in table:
            if column.component is not None:
                record[column.id] = cells.get(column.component)
        found.append(record)
    return found


def all_records(
    structure: Structure, periods: Iterable[tuple[Period, Values]],
) -> list[Record]:
    """The rows of every period given, oldest period first."""
    found: list[Record] = []
    for period, values in sorted(periods, key=lambda item: item[0]):
        found.extend(records(structure, period, values))
    return found
