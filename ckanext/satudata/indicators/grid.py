"""What one entry grid covers: a dataset, a period, its structure and the
breakdown rows being filled (every row, or a survey link's subset)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ckanext.satudata.indicators import period
from ckanext.satudata.indicators.period import Period
from ckanext.satudata.indicators.structure import Component, Row, Structure


@dataclass(frozen=True)
class Grid:
    package_id: str
    package_name: str
    title: str
    period: Period
    structure: Structure
    rows: tuple[Row, ...]

    @property
    def components(self) -> tuple[Component, ...]:
        return self.structure.components

    def row(self, code: str) -> Row | None:
        return next((row for row in self.rows if row.code == code), None)


def grid_of(package: dict[str, Any], submission: dict[str, Any]) -> Grid:
    """The grid of a submission as ``satudata_submission_show`` returns it
    (its rows are the ones the caller may see)."""
    found = period.parse(submission["period"])
    if found is None:
        raise ValueError(submission["period"])
    components = tuple(Component(**c) for c in submission["components"])
    rows = tuple(Row(r["code"], r["name"]) for r in submission["rows"])
    structure = Structure(components, {}, found.granularity, found.id, rows)
    return Grid(package["id"], package["name"], package.get("title") or package["name"],
                found, structure, rows)
