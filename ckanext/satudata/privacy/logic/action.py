"""Actions of the personal-data guard: see ``docs/privacy.md``."""

from __future__ import annotations

import os
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata import validation
from ckanext.satudata.privacy import lookup, present, scanning, store
from ckanext.satudata.privacy.logic import schema

__all__ = [
    "resource_view_list",
    "satudata_privacy_confirm",
    "satudata_privacy_rescan",
    "satudata_privacy_scan_list",
    "satudata_privacy_scan_show",
]


def _scan(target: lookup.Target) -> dict[str, Any]:
    row = target.scan()
    if row is None:
        raise tk.ObjectNotFound(tk._("This has not been checked for personal data"))
    return row


def _user_id(context: Context) -> str | None:
    user = model.User.get(context.get("user") or "")
    return user.id if user else None


@validate(schema.scan_show)
@tk.side_effect_free
def satudata_privacy_scan_show(context: Context, data_dict: DataDict
                               ) -> dict[str, Any]:
    """The newest personal-data check of an uploaded file (a resource of a
    terbuka dataset) or of an indicator period: ``status`` (``pending``,
    ``running``, ``done``, ``failed``), ``held``, the ``findings`` (each
    with its ``column``, ``kind``, ``confidence``, ``rows`` — rows of the
    file, or of the period's table with their ``row_names`` — and a masked
    ``example``; never a raw value), ``error``, the walidata's
    confirmation. For the dataset's editors and the walidata.

    :param id: the resource's id, or the dataset's id or name with
        ``period``
    :type id: string
    :param period: the indicator period (e.g. ``2024-S1``; optional)
    :type period: string
    :rtype: dictionary
    """
    tk.check_access("satudata_privacy_scan_show", context, data_dict)
    return present.scan(_scan(lookup.target(data_dict)))


@validate(schema.scan_list)
@tk.side_effect_free
def satudata_privacy_scan_list(context: Context, data_dict: DataDict
                               ) -> dict[str, Any]:
    """The newest check of every file and period, newest first
    (``count`` and ``results``, each as :func:`satudata_privacy_scan_show`
    gives it). For the walidata.

    :param status: only this status (``pending``, ``running``, ``done``,
        ``failed``; optional)
    :type status: string
    :param held: only the held ones (optional)
    :type held: bool
    :param limit: at most this many (default 100, at most 1000)
    :type limit: int
    :param offset: skip this many
    :type offset: int
    :rtype: dictionary
    """
    tk.check_access("satudata_privacy_scan_list", context, data_dict)
    for key in ("limit", "offset"):  # an empty list slips past the schema
        if key in data_dict and not isinstance(data_dict[key], int):
            raise tk.ValidationError({key: [tk._("Give a whole number")]})
    limit = min(int(data_dict.get("limit", 100)), 1000)
    offset = int(data_dict.get("offset", 0))
    status = data_dict.get("status")
    if not data_dict.get("held"):
        count, rows = store.listing(limit, offset, status)
        return {"count": count, "results": [present.scan(row) for row in rows]}
    # held depends on the options and the dataset: decided here, on the
    # newest checks (the held ones are few)
    _, rows = store.listing(10_000, 0, status)
    results = [item for item in map(present.scan, rows) if item["held"]]
    count = len(results)
    results = results[offset:offset + limit]
    return {"count": count, "results": results}


@validate(schema.confirm)
def satudata_privacy_confirm(context: Context, data_dict: DataDict
                             ) -> dict[str, Any]:
    """Release a held file or period: the walidata confirm, with a note,
    that it may be published as it is (the finished check stays with the
    confirmation). A period can then be published. For the walidata.

    :param id: the resource's id, or the dataset's id or name with
        ``period``
    :type id: string
    :param period: the indicator period (optional)
    :type period: string
    :param note: why it may be published (required)
    :type note: string
    :returns: the check (see :func:`satudata_privacy_scan_show`)
    :rtype: dictionary
    """
    tk.check_access("satudata_privacy_confirm", context, data_dict)
    target = lookup.target(data_dict)
    row = store.latest(target.subject)
    if row is None:
        raise tk.ObjectNotFound(tk._("This has not been checked for personal data"))
    row = store.get(row["id"], lock=True)
    assert row is not None
    if row["status"] in (scanning.PENDING, scanning.RUNNING):
        raise tk.ValidationError({"status": [tk._(
            "The check is not finished yet: confirm once it is")]})
    if row["confirmed"] is not None:
        raise tk.ValidationError({"status": [tk._("This was confirmed already")]})
    if not (row["high"] or row["status"] == scanning.FAILED):
        raise tk.ValidationError({"status": [tk._(
            "Nothing to confirm: no personal data holds it")]})
    scanning.confirm(row, _user_id(context) or "", data_dict["note"])
    if not context.get("defer_commit"):
        model.repo.commit()
    found = store.get(row["id"])
    assert found is not None
    return present.scan(found)


@validate(schema.rescan)
def satudata_privacy_rescan(context: Context, data_dict: DataDict
                            ) -> dict[str, Any]:
    """Check a file or period again (a background job): for a file its
    current upload, for a period its current values. A confirmation of the
    same content is dropped. For the dataset's editors and the walidata.

    :param id: the resource's id, or the dataset's id or name with
        ``period``
    :type id: string
    :param period: the indicator period (optional)
    :type period: string
    :returns: the check, pending (see :func:`satudata_privacy_scan_show`)
    :rtype: dictionary
    """
    tk.check_access("satudata_privacy_rescan", context, data_dict)
    target = lookup.target(data_dict)
    user_id = _user_id(context)
    if target.resource is not None:
        resource = target.resource
        filename = os.path.basename(resource.url or "")
        if (resource.url_type != "upload"
                or os.path.splitext(filename)[1].lower() not in scanning.TABULAR
                or not scanning.is_terbuka(target.package)):
            raise tk.ValidationError({"id": [tk._(
                "Only CSV and XLSX files uploaded to a terbuka dataset are"
                " checked")]})
        marker = str(resource.last_modified or resource.created or "")
        row = store.ensure(scanning.RESOURCE, target.package.id, resource.id,
                           marker, resource_id=resource.id, label=filename,
                           requested_by=user_id)
    else:
        from ckanext.satudata.indicators import api as indicators

        assert target.period is not None
        grid = indicators.grid_for(target.package, target.period)
        submission = indicators.submission_row(target.package.id, grid.period.id)
        if submission is None:
            raise tk.ValidationError({"period": [tk._(
                "Nothing has been filled for this period")]})
        row = store.ensure(scanning.PERIOD, target.package.id, target.subject,
                           str(submission["revision"]), period=grid.period.id,
                           label=grid.period.label, requested_by=user_id)
    row = store.get(row["id"], lock=True) or row
    if row["status"] == scanning.RUNNING:
        raise tk.ValidationError({"status": [tk._(
            "It is being checked now: wait for the result")]})
    row = scanning.rescan(row, user_id)
    # committed before the job is queued: the job must find it
    model.repo.commit()
    scanning.enqueue(row)
    return present.scan(row)


@tk.chained_action
@tk.side_effect_free
def resource_view_list(next_action: Any, context: Context, data_dict: DataDict
                       ) -> list[dict[str, Any]]:
    """Core's, except that a held upload (personal data found, not released)
    has no views for whoever may not read it: core's dataset page lists
    every resource's views and would otherwise fail as a whole (500) for the
    public instead of showing the held file without a preview."""
    validation.check_refs(data_dict, required=("id",))
    try:
        return next_action(context, data_dict)
    except tk.NotAuthorized:
        resource = model.Resource.get(str((data_dict or {}).get("id") or ""))
        if resource is not None and scanning.held_resource(resource):
            return []
        raise
