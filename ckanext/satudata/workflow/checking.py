"""Running the quality checks (:mod:`.quality`) on a period's values,
against the period before it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.indicators.api import Grid
from ckanext.satudata.workflow import config, quality

Values = dict[str, dict[str, Any]]


def previous(grid: Grid) -> tuple[indicators.Period, dict[str, Any]] | None:
    """The period before ``grid``'s in its granularity and its submission,
    when it is one of the dataset's periods and has a submission."""
    structure = grid.structure
    before = indicators.containing(
        grid.period.start - dt.timedelta(days=1), structure.granularity
    )
    first = indicators.parse_period(structure.first_period, structure.granularity)
    if first is None or before < first:
        return None
    row = indicators.submission_row(grid.package_id, before.id)
    return (before, row) if row else None


def threshold() -> int | float:
    """The jump threshold in percent (``ckanext.satudata.quality_jump_percent``)."""
    value = config.quality_jump_percent()
    return int(value) if value.is_integer() else value


def findings(grid: Grid, values: Values,
             before: tuple[indicators.Period, dict[str, Any]] | None = None,
             ) -> list[quality.Finding]:
    """The findings of ``values`` of ``grid``'s period (``before``: the
    previous period and its submission, see :func:`previous`)."""
    return quality.run(grid, values, before[1]["values"] if before else None,
                       threshold())


def report(grid: Grid, values: Values) -> dict[str, Any]:
    """The findings of ``values`` as the API returns them, with their
    summary, the previous period compared with and the jump threshold."""
    before = previous(grid)
    found = findings(grid, values, before)
    return {"findings": [finding.as_dict() for finding in found],
            "summary": quality.summary(found),
            "previous_period": before[0].id if before else None,
            "previous_period_label": before[0].label if before else None,
            "threshold_percent": threshold()}
