"""Actions of the monitoring: see ``docs/monitoring.md``."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata.monitoring import dashboard, jobs, scope
from ckanext.satudata.monitoring import window as windows
from ckanext.satudata.monitoring.logic import schema

__all__ = [
    "satudata_monitoring_organization",
    "satudata_monitoring_refresh",
    "satudata_monitoring_summary",
]


def _window(data_dict: DataDict) -> windows.Window:
    found = windows.parse(data_dict.get("window"))
    return found or windows.current_year()


@validate(schema.summary)
@tk.side_effect_free
def satudata_monitoring_summary(context: Context, data_dict: DataDict
                                ) -> dict[str, Any]:
    """The monitoring figures of a window, per OPD (ranked by tingkat
    keterisian), in total, per urusan and as a trend over the last windows
    of the same granularity. The walidata and the pembina see every OPD,
    an OPD's operators and verifikator only their own.

    Each OPD row (and ``total``) holds: ``datasets`` (active),
    ``structured`` (with a structure), ``due``, ``filled``, ``submitted``,
    ``verified``, ``published`` (due periods), ``fill_rate`` and
    ``verified_rate`` (percent of due, ``null`` without due periods),
    ``deadline_passed``, ``on_time``, ``late`` (published after the fill
    deadline), ``overdue`` (deadline passed, not published),
    ``compliance_rate``, ``max_days_late`` (working days), ``returns``,
    ``cell_notes``, ``quality_flags``, ``changes_approved``,
    ``verify_median``/``verify_max`` and ``publish_median``/``publish_max``
    (working days), ``light`` (``green``, ``amber``, ``red``, ``none``)
    and ``rank``.

    :param window: the period the figures are for: a year (``2026``),
        semester (``2026-S2``), quarter (``2026-Q3``) or month
        (``2026-07``); periods count when they end inside it (default: this
        year)
    :type window: string
    :param organization: only this OPD (id or name; optional)
    :type organization: string
    :rtype: dictionary
    """
    tk.check_access("satudata_monitoring_summary", context, data_dict)
    visible = scope.organizations_of(context.get("user") or None)
    ref = data_dict.get("organization")
    if ref:
        found = scope.organization(ref)
        if found is None:
            raise tk.ObjectNotFound(tk._("Organization not found"))
        if visible is not None and found.id not in visible:
            raise tk.NotAuthorized(tk._("Not allowed to see this OPD's monitoring"))
        visible = [found.id]
    return dashboard.summary(_window(data_dict), visible)


@validate(schema.organization)
@tk.side_effect_free
def satudata_monitoring_organization(context: Context, data_dict: DataDict
                                     ) -> dict[str, Any]:
    """One OPD's monitoring: its figures (as in
    :func:`satudata_monitoring_summary`), urusan, trend and ``problems``:
    every due period of the window that is not filled, overdue (``kind``
    ``overdue``: the deadline passed and it is not published), published
    late (``late``) or was returned, oldest deadline first, with the
    dataset, period, state, deadline and ``days_late`` (working days).

    :param id: the OPD (organization id or name)
    :type id: string
    :param window: the period (see :func:`satudata_monitoring_summary`)
    :type window: string
    :rtype: dictionary
    """
    tk.check_access("satudata_monitoring_organization", context, data_dict)
    found = scope.organization(data_dict["id"])
    if found is None:
        raise tk.ObjectNotFound(tk._("Organization not found"))
    return dashboard.organization(_window(data_dict), found.id)


@validate(schema.refresh)
def satudata_monitoring_refresh(context: Context, data_dict: DataDict
                                ) -> dict[str, Any]:
    """Recompute the monitoring's fact table for every dataset (the daily
    job does it too: periods fall due as days pass). For the walidata.

    :param background: run it as a background job (queue ``satudata``,
        default ``true``) or here and now
    :type background: boolean
    :returns: ``{"job_id": …}`` or ``{"rows": n}``
    :rtype: dictionary
    """
    tk.check_access("satudata_monitoring_refresh", context, data_dict)
    if data_dict.get("background", True):
        return {"job_id": jobs.enqueue_refresh()}
    return {"rows": jobs.refresh_all()}

