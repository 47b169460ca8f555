"""Filling a period: build the grid, check typed values, merge them into the
stored draft and record what changed.

Used by the form, the API, imports and survey links alike, so that every
way in accepts the same input and leaves the same trace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import roles, signals
from ckanext.satudata.indicators import cells, period, store
from ckanext.satudata.indicators.grid import Grid
from ckanext.satudata.indicators.structure import Structure, from_stored
from ckanext.satudata.messages import N_, message

Values = dict[str, dict[str, Any]]
SOURCES = ("form", "api", "excel", "csv", "survey")
# Operators fill a draft (and a period not filled yet). The other states
# belong to whichever plugin moves submissions on (the workflow): it names
# those that stay open for entry with allow_entry_in().
_EDITABLE_STATES = {"draft"}


@dataclass(frozen=True)
class Actor:
    """Who writes: a user, or a surveyor through a share link."""

    user_id: str | None
    name: str
    survey_link_id: str | None = None
    role: str | None = None  # operator, verifikator, walidata; surveyor
    #: a surveyor's: the user who made their survey link (answerable for it)
    issued_by: str | None = None


def user_actor(user_id: str | None, name: str, package: model.Package) -> Actor:
    """The actor of a logged-in user, with the role they fill ``package`` in."""
    user = model.User.get(user_id) if user_id else None
    role = roles.main_role(user.name, package) if user else None
    return Actor(user_id, name, None, role)


def allow_entry_in(state: str) -> None:
    """Let operators fill submissions in ``state`` (called by the plugin that
    owns that state, at start-up)."""
    _EDITABLE_STATES.add(state)


def editable_states() -> frozenset[str]:
    """States in which a submission's values may still be changed
    (``belum_diisi`` is a period without a submission yet)."""
    return frozenset({"belum_diisi", *_EDITABLE_STATES})


def structure_of(package_id: str) -> Structure | None:
    stored = store.structure(package_id)
    return from_stored(stored) if stored else None


def grid_for(
    package: model.Package, period_id: str, rows: list[str] | None = None
) -> Grid:
    """The grid of ``package`` for ``period_id`` (optionally only ``rows``).

    Raises ``ValidationError`` when the dataset has no structure or the
    period is not one of its periods.
    """
    structure = structure_of(package.id)
    if structure is None:
        raise tk.ValidationError({"id": [tk._(
            "This dataset has no data structure yet"
        )]})
    found = period.parse(period_id, structure.granularity)
    first = period.parse(structure.first_period, structure.granularity)
    if found is None or first is None or found < first:
        raise tk.ValidationError({"period": [message(N_(
            "Not a period of this dataset: {period} (periods are {granularity}"
            " from {first})"
        ), {
            "period": period_id, "granularity": tk._(structure.granularity),
            "first": structure.first_period,
        })]})
    selected = structure.rows
    if rows:
        wanted = set(rows)
        selected = tuple(row for row in structure.rows if row.code in wanted)
    return Grid(package.id, package.name, package.title or package.name, found,
                structure, selected)


def check(grid: Grid, raw: Any) -> tuple[Values, dict[str, dict[str, list[str]]]]:
    """Parse ``raw`` (``{row code: {component code: typed value}}``).

    Returns the parsed values and the errors, keyed by row and component
    code, each a translated message. Unknown rows or components are errors.
    """
    values: Values = {}
    errors: dict[str, dict[str, list[str]]] = {}
    if not isinstance(raw, dict):
        return values, {"*": {"*": [tk._("Values must be an object of rows")]}}
    allowed = {row.code for row in grid.rows}
    for row_code, row_values in raw.items():
        if row_code not in allowed:
            errors.setdefault(str(row_code), {})["*"] = [message(
                N_("Unknown row: {code}"), {"code": row_code}
            )]
            continue
        if not isinstance(row_values, dict):
            errors.setdefault(row_code, {})["*"] = [tk._("Not a row of values")]
            continue
        parsed: dict[str, Any] = {}
        for code, typed in row_values.items():
            component = grid.structure.component(code)
            if component is None:
                errors.setdefault(row_code, {})[str(code)] = [message(
                    N_("Unknown component: {code}"), {"code": code}
                )]
                continue
            try:
                parsed[code] = cells.parse(typed, component.type)
            except cells.CellError as error:
                errors.setdefault(row_code, {})[code] = [
                    message(error.message, error.params)
                ]
        values[row_code] = parsed
    return values, errors


def missing_required(grid: Grid, values: Values) -> list[dict[str, str]]:
    """Required cells of ``grid`` that ``values`` leaves empty."""
    missing = []
    for row in grid.rows:
        for component in grid.components:
            if component.required and values.get(row.code, {}).get(
                component.code
            ) is None:
                missing.append({"row": row.code, "component": component.code})
    return missing


def merge(current: Values, incoming: Values) -> tuple[Values, list[list[Any]]]:
    """``current`` with ``incoming``'s cells written over it, and the cells
    that changed, each ``[row, component, old, new]`` (the history's
    compact form: an import of 10,000 rows records 50,000 of them)."""
    merged = {row: dict(cells_) for row, cells_ in current.items()}
    changes: list[list[Any]] = []
    for row_code, row_values in incoming.items():
        target = merged.setdefault(row_code, {})
        for code, new in row_values.items():
            old = target.get(code)
            if old == new and type(old) is type(new):
                continue
            changes.append([row_code, code, old, new])
            if new is None:
                target.pop(code, None)
            else:
                target[code] = new
        if not target:
            merged.pop(row_code)
    return merged, changes


def expand_changes(changes: list[Any]) -> list[dict[str, Any]]:
    """The stored compact changes as ``{row, component, old, new}`` dicts."""
    return [
        dict(zip(("row", "component", "old", "new"), change, strict=True))
        if isinstance(change, list) else change
        for change in changes
    ]


def _writes_anything(values: Values, *texts: str | None) -> bool:
    return any(v is not None for row in values.values() for v in row.values()) or any(
        (text or "").strip() for text in texts
    )


def save(
    grid: Grid, values: Values, actor: Actor, source: str, *,
    kode_referensi: str | None = None, sumber_data: str | None = None,
    expected_revision: int | None = None,
) -> dict[str, Any] | None:
    """Write ``values`` (already checked) into the period's draft.

    Locks the submission row, refuses when it is no longer a draft or when
    ``expected_revision`` is given and someone saved in between, records the
    change. Returns the stored submission row (``None`` when there was none
    and nothing was to be written). The caller commits.
    """
    row = store.submission(grid.package_id, grid.period.id, lock=True)
    if row is None:
        if not _writes_anything(values, kode_referensi, sumber_data):
            return None  # an empty save does not turn "belum diisi" into a draft
        row = store.create_submission(grid.package_id, grid.period.id, actor.user_id)
    if row["state"] == "published":
        raise tk.ValidationError({"period": [message(N_(
            "Period {period} is published: its values change only through a"
            " change request"
        ), {"period": grid.period.label})]})
    if row["state"] not in editable_states():
        raise tk.ValidationError({"period": [message(
            N_("Period {period} is {state} and can no longer be edited"),
            {"period": grid.period.label, "state": tk._(row["state"])},
        )]})
    if expected_revision is not None and expected_revision != row["revision"]:
        raise tk.ValidationError({"revision": [message(N_(
            "Someone saved this period after you opened it (revision {theirs},"
            " yours {yours}). Reload the page to see their values."
        ), {"theirs": row["revision"], "yours": expected_revision})]})
    merged, changes = merge(row["values"], values)
    update: dict[str, Any] = {}
    details: dict[str, Any] = {}
    for field, new in (
        ("kode_referensi", kode_referensi), ("sumber_data", sumber_data)
    ):
        if new is not None and new.strip() != row[field]:
            details[field] = {"old": row[field], "new": new.strip()}
            update[field] = new.strip()
    if not changes and not update:
        return row
    update["values"] = merged
    revision = store.update_submission(row, update, actor.user_id)
    store.record_change(
        row["id"], revision, user_id=actor.user_id,
        survey_link_id=actor.survey_link_id, actor_name=actor.name,
        source=source, changes=changes, details=details, role=actor.role,
    )
    signals.values_changed.send(
        grid.package_id, period=grid.period.id, period_label=grid.period.label,
        submission_id=row["id"],
        revision=revision, actor=actor, source=source, cells=len(changes),
    )
    return {**row, **update, "revision": revision, "modified": store.now(),
            "modified_by": actor.user_id}
