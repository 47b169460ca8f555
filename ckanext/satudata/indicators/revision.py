"""Revising a published period: the values of an approved change request
replace the published ones, recorded like every other change (source
``change_request``), and a filled template read back for a proposal.

Indicator entry owns the submission table: the change-request plugin
writes published values only through :func:`revise`.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.indicators import entry, importing, store, upload
from ckanext.satudata.indicators.grid import Grid
from ckanext.satudata.messages import N_, message

Values = dict[str, dict[str, Any]]
SOURCE = "change_request"


def same(a: Any, b: Any) -> bool:
    """Whether two stored cell values are the same (1 and 1.0 are not:
    the type is part of the value)."""
    return a == b and type(a) is type(b)


def stale_cells(current: Values, cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ``cells`` (``row``, ``component``, ``old``) whose value in
    ``current`` is no longer ``old``."""
    return [
        cell for cell in cells
        if not same((current.get(cell["row"]) or {}).get(cell["component"]),
                    cell["old"])
    ]


def revise(grid: Grid, cells: list[dict[str, Any]], actor: entry.Actor,
           details: dict[str, Any]) -> dict[str, Any]:
    """Write the ``new`` value of each of ``cells`` (``row``,
    ``component``, ``old``, ``new``) into ``grid``'s published period.

    Locks the submission row; refuses (``ValidationError``) when the period
    is not published or a cell's value is no longer its ``old``. Records
    the change with ``details`` (e.g. the change request and its document
    number). Returns the submission row before (``previous``) and after.
    The caller commits.
    """
    row = store.submission(grid.package_id, grid.period.id, lock=True)
    if row is None or row["state"] != "published":
        raise tk.ValidationError({"period": [message(N_(
            "Period {period} is not published: only published values are"
            " changed by a change request"
        ), {"period": grid.period.label})]})
    stale = stale_cells(row["values"], cells)
    if stale:
        raise tk.ValidationError({"values": [message(N_(
            "The published values changed after this request was made"
            " ({count} cells differ from its old values): make a new request"
        ), {"count": len(stale)})]})
    incoming: Values = {}
    for cell in cells:
        incoming.setdefault(cell["row"], {})[cell["component"]] = cell["new"]
    merged, changes = entry.merge(row["values"], incoming)
    revision = store.update_submission(row, {"values": merged}, actor.user_id)
    store.record_change(
        row["id"], revision, user_id=actor.user_id, survey_link_id=None,
        actor_name=actor.name, source=SOURCE, changes=changes,
        details=details, role=actor.role,
    )
    return {"previous": row, "current": {**row, "values": merged,
                                         "revision": revision}}


def read_file(grid: Grid, file: Any) -> Values:
    """The values of a filled template or CSV for ``grid`` (nothing is
    saved). Raises ``ValidationError`` naming the file's problems (row,
    column) when it cannot be read or holds a bad value."""
    data, filename = importing.read_upload(file)
    try:
        result = upload.read(data, filename, grid, max_bytes=importing.max_bytes())
    except upload.UploadRefused as refused:
        raise tk.ValidationError({"upload": [
            message(refused.message, refused.params)
        ]}) from refused
    if result.errors:
        raise tk.ValidationError({"upload": [
            importing.issue_text(issue) for issue in result.errors
        ]})
    return result.values
