"""Action of the automatic quality checks (see
:mod:`ckanext.satudata.workflow.quality`)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.workflow import checking, quality
from ckanext.satudata.workflow.logic import schema


@tk.side_effect_free
@validate(schema.checks)
def satudata_submission_checks(context: Context, data_dict: DataDict) -> DataDict:
    """The automatic quality checks of one dataset and period, for the
    operators, the verifikator and walidata. They never block anything.

    Checks: ``completeness`` (required cells empty: error; empty cells of
    an optional component: one info per component), ``type`` (a value that
    does not fit its component), ``range`` (outside the component's
    ``min``/``max``: error; without them a percentage outside 0 to 100 or a
    negative integer: warning), ``total`` (a component declared the sum of
    others that differs from it: error) and ``jump`` (changed by more than
    ``ckanext.satudata.quality_jump_percent``, default 50, from the previous
    period: warning).

    :param id: id or name of the dataset
    :type id: string
    :param period: period id (``2024``, ``2024-S1``, ``2024-Q3``, ``2024-06``)
    :type period: string
    :returns: ``findings`` (errors first, then warnings, then info; each
        ``check``, ``level`` — error, warning or info —, ``row`` and
        ``row_name`` (null for a finding about a whole component),
        ``component``, ``component_name``, ``message`` (in the user's
        language), ``value``, ``expected`` (a total's sum of parts, the
        bound crossed), ``previous`` (the previous period's value),
        ``difference``, ``change_percent`` and ``count``), ``summary``
        (``{"error": n, "warning": n, "info": n}``), ``period``,
        ``period_label``, ``state``, ``revision``, ``previous_period`` (the
        period before in the dataset's granularity when it has a
        submission, in whatever state, else null: then there is no jump
        check), ``previous_period_label``, ``previous_state`` and
        ``threshold_percent``
    :rtype: dictionary
    """
    tk.check_access("satudata_submission_checks", context, data_dict)
    package = indicators.package(data_dict["id"])
    grid = indicators.grid_for(package, data_dict["period"])
    row = indicators.submission_row(package.id, grid.period.id)
    previous = checking.previous(grid)
    threshold = checking.threshold()
    findings = checking.findings(grid, row["values"] if row else {}, previous)
    return {
        "findings": [finding.as_dict() for finding in findings],
        "summary": quality.summary(findings),
        "period": grid.period.id,
        "period_label": grid.period.label,
        "state": row["state"] if row else "belum_diisi",
        "revision": row["revision"] if row else 0,
        "previous_period": previous[0].id if previous else None,
        "previous_period_label": previous[0].label if previous else None,
        "previous_state": previous[1]["state"] if previous else None,
        "threshold_percent": threshold,
    }
