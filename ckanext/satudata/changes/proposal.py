"""A proposal: the cells a change request changes, from the grid form, the
API or a filled template, checked against the published values.

Each cell is ``{row, row_name, component, component_name, unit, old, new,
reason}``; ``old`` is the published value when the request was made. What a
request certifies (its hash, printed on its document) is the canonical
JSON of the dataset, period, base revision and cells.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.changes import config
from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.indicators.api import Grid
from ckanext.satudata.messages import N_, message

Values = dict[str, dict[str, Any]]
REASON_MAX = 500


def _where(grid: Grid, row_code: str, component_code: str) -> str:
    row = grid.row(row_code)
    component = grid.structure.component(component_code)
    row_name = row.name if row else row_code
    return f"{row_name}, {component.name if component else component_code}"


def from_list(raw: Any) -> tuple[Values, dict[str, dict[str, str]]]:
    """``cells`` of the API (``[{row, component, value, reason}]``) as
    values and reasons keyed by row and component."""
    if not isinstance(raw, list) or not raw:
        raise tk.ValidationError({"cells": [tk._(
            "Give at least one cell to change: a list of objects with row,"
            " component, value and reason"
        )]})
    if len(raw) > config.max_cells():
        raise tk.ValidationError({"cells": [message(N_(
            "A change request changes at most {max} cells ({count} given): split it"
        ), {"max": config.max_cells(), "count": len(raw)})]})
    values: Values = {}
    reasons: dict[str, dict[str, str]] = {}
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(key), str) and item.get(key)
            for key in ("row", "component")
        ):
            raise tk.ValidationError({"cells": [message(N_(
                "Cell {number}: give its row and component codes"
            ), {"number": number})]})
        values.setdefault(item["row"], {})[item["component"]] = item.get("value")
        reason = item.get("reason")
        reasons.setdefault(item["row"], {})[item["component"]] = (
            reason if isinstance(reason, str) else "")
    return values, reasons


def changed_cells(published: Values, incoming: Values) -> Values:
    """The cells of ``incoming`` (a whole filled template) that differ from
    the published values."""
    found: Values = {}
    for row_code, cells in incoming.items():
        for code, new in cells.items():
            old = (published.get(row_code) or {}).get(code)
            if not indicators.same(old, new):
                found.setdefault(row_code, {})[code] = new
    return found


def build(grid: Grid, published: Values, raw_values: Values,
          reasons: dict[str, dict[str, str]], default_reason: str = "",
          parsed: bool = False) -> list[dict[str, Any]]:
    """The cells of a proposal: ``raw_values`` parsed with the grid's types
    (unless ``parsed``), each with its reason (or ``default_reason``).
    Raises ``ValidationError`` naming each bad cell (row, component)."""
    if parsed:
        values, errors = raw_values, {}
    else:
        values, errors = indicators.check(grid, raw_values)
    problems: list[str] = []
    for row_code, by_component in errors.items():
        for code, texts in by_component.items():
            where = _where(grid, row_code, code)
            problems.extend(f"{where}: {text}" for text in texts)
    cells: list[dict[str, Any]] = []
    for row_code, by_component in values.items():
        row = grid.row(row_code)
        for code, new in by_component.items():
            component = grid.structure.component(code)
            if row is None or component is None:
                continue
            old = (published.get(row_code) or {}).get(code)
            where = _where(grid, row_code, code)
            if indicators.same(old, new):
                problems.append(message(N_(
                    "{cell}: the new value is the same as the published one"
                ), {"cell": where}))
                continue
            reason = ((reasons.get(row_code) or {}).get(code) or "").strip() \
                or default_reason.strip()
            if not reason:
                problems.append(message(N_(
                    "{cell}: write the reason for this change"), {"cell": where}))
            elif len(reason) > REASON_MAX:
                problems.append(message(N_(
                    "{cell}: the reason is longer than {max} characters"
                ), {"cell": where, "max": REASON_MAX}))
            cells.append({
                "row": row_code, "row_name": row.name, "component": code,
                "component_name": component.name, "unit": component.unit,
                "old": old, "new": new, "reason": reason,
            })
    if problems:
        raise tk.ValidationError({"cells": problems})
    if not cells:
        raise tk.ValidationError({"cells": [tk._(
            "Nothing to change: no new value differs from the published one"
        )]})
    if len(cells) > config.max_cells():
        raise tk.ValidationError({"cells": [message(N_(
            "A change request changes at most {max} cells ({count} given): split it"
        ), {"max": config.max_cells(), "count": len(cells)})]})
    order = {row.code: index for index, row in enumerate(grid.rows)}
    columns = {c.code: index for index, c in enumerate(grid.components)}
    return sorted(cells, key=lambda c: (order[c["row"]], columns[c["component"]]))


def canonical(package_id: str, period: str, base_revision: int,
              cells: list[dict[str, Any]]) -> str:
    """What the request certifies, as canonical JSON."""
    return json.dumps({
        "package_id": package_id, "period": period, "base_revision": base_revision,
        "cells": [{key: cell[key] for key in ("row", "component", "old", "new",
                                               "reason")} for cell in cells],
    }, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_values(published: Values, cells: list[dict[str, Any]]) -> Values:
    """The period's values once ``cells`` are applied."""
    merged = {row: dict(found) for row, found in published.items()}
    for cell in cells:
        target = merged.setdefault(cell["row"], {})
        if cell["new"] is None:
            target.pop(cell["component"], None)
        else:
            target[cell["component"]] = cell["new"]
    return merged
