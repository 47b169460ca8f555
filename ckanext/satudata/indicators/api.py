"""The public surface of ``satudata_indicators``: what another plugin
(``satudata_workflow`` and the capabilities after it) may use of indicator
entry. Nothing else of this sub-package is imported from outside it.

Indicator entry owns the submission table (``satudata_submission``) and its
change log; the workflow moves a submission's ``state`` only through
:func:`set_state`, and declares which of its states stay open for entry
with :func:`allow_entry_in`.
"""

from __future__ import annotations

from ckanext.satudata.indicators.due import deadline_days, due_periods
from ckanext.satudata.indicators.entry import (
    Actor,
    allow_entry_in,
    check,
    editable_states,
    grid_for,
    structure_of,
    user_actor,
)
from ckanext.satudata.indicators.grid import Grid
from ckanext.satudata.indicators.lookup import package, package_or_none
from ckanext.satudata.indicators.period import Period, containing
from ckanext.satudata.indicators.period import parse as parse_period
from ckanext.satudata.indicators.revision import read_file, revise, same, stale_cells
from ckanext.satudata.indicators.store import (
    entered_by,
    new_id,
    now,
    period_rows,
    published,
    set_state,
    structured_package_ids,
    submissions,
)
from ckanext.satudata.indicators.store import structures as structure_rows
from ckanext.satudata.indicators.store import submission as submission_row
from ckanext.satudata.indicators.structure import TOTAL_ROW, Component, Row, Structure

__all__ = [
    "TOTAL_ROW",
    "Actor",
    "Component",
    "Grid",
    "Period",
    "Row",
    "Structure",
    "allow_entry_in",
    "check",
    "containing",
    "deadline_days",
    "due_periods",
    "editable_states",
    "entered_by",
    "grid_for",
    "new_id",
    "now",
    "package",
    "package_or_none",
    "parse_period",
    "period_rows",
    "published",
    "read_file",
    "revise",
    "same",
    "set_state",
    "stale_cells",
    "structure_of",
    "structure_rows",
    "structured_package_ids",
    "submission_row",
    "submissions",
    "user_actor",
]
