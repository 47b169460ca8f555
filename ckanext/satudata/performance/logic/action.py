"""Actions of the performance pages: Capaian Kinerja's rows and Statistik
Portal's figures (public, cached for ``cache_seconds``), and the rule of
the performance indicator fields on CKAN's dataset actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate
from ckan.logic.action import create, update
from ckan.types import Context, DataDict

from ckanext.satudata import vocabulary
from ckanext.satudata.actions import chained_action
from ckanext.satudata.performance import cache, config, fields, kinerja, statistics
from ckanext.satudata.performance.logic import schema
from ckanext.satudata.validation import check_dataset_shape

__all__ = [
    "package_create",
    "package_update",
    "satudata_performance_list",
    "satudata_performance_mark",
    "satudata_performance_statistics",
]

NOTE = """
    satudata: the performance indicator fields (``indikator_kinerja``,
    ``kinerja_komponen``, ``kinerja_target``, ``kinerja_arah``) are set
    and changed by the walidata only; others may send them unchanged, and
    leaving them out keeps them.
"""


@tk.side_effect_free
@validate(schema.performance_list)
def satudata_performance_list(context: Context, data_dict: DataDict
                              ) -> list[dict[str, Any]]:
    """Capaian Kinerja: target, realisation and achievement per year of
    every performance indicator anyone may read (datasets the walidata
    marked, public and terbuka), by OPD, title and year.

    :param organization: only this OPD (id or name, optional)
    :type organization: string
    :param urusan: only this urusan (code, e.g. ``1.02``; optional)
    :type urusan: string
    :param year: only this year (optional)
    :type year: int

    :returns: one row per indicator and year: ``package_id``, ``name``,
        ``title``, ``organization_id``, ``organization_name``,
        ``organization_title``, ``urusan`` and ``urusan_label``,
        ``component`` (code), ``component_name``, ``unit``, ``direction``
        (``naik``: higher is better, ``turun``), ``year``, ``target``,
        ``realisation`` (the published total of the component in that
        year, ``null`` when none), ``period`` and ``period_label`` (the
        period it comes from), ``basis`` (``tahunan``: the yearly period;
        ``periode_terakhir``: the last published period of the year),
        ``achievement`` (capaian in percent, two decimals; ``null``
        without target or realisation) and ``achieved`` (at least 100%)
    :rtype: list of dictionaries
    """
    tk.check_access("satudata_performance_list", context, data_dict)
    rows = cache.cached("rows", {}, kinerja.rows)
    selected = kinerja.select(rows, data_dict.get("organization"),
                              data_dict.get("urusan"), data_dict.get("year"))
    return [{**row, "urusan_label": vocabulary.label("urusan", row["urusan"])
             if row["urusan"] else ""} for row in selected]


@tk.side_effect_free
@validate(schema.performance_statistics)
def satudata_performance_statistics(context: Context, data_dict: DataDict
                                    ) -> dict[str, Any]:
    """Statistik Portal (the Dashboard Statistik Data): how much is
    published and how much it is used.

    :param months: months of the series, ending with the current one
        (optional, 1 to 36; default ``ckanext.satudata.performance.
        statistics_months``, 12)
    :type months: int

    :returns: ``start`` and ``end`` of the months; ``datasets``
        (published datasets anyone may read), ``producers`` (OPDs with at
        least one), ``views`` and ``downloads`` (every page view and
        resource download tracked: the Beranda's figures); ``usage``:
        ``views`` and ``downloads`` of the public datasets in the months,
        per month (``month``, ``label``, ``views``, ``downloads``) and the
        ``top`` datasets; ``restricted_downloads`` (downloads of restricted
        extracts with a token, in the months); ``categories`` and
        ``urusan`` (``code``, ``label``, ``count`` of published datasets);
        ``requests``: ``data`` and ``access``, each ``received``,
        ``answered``, ``in_time``, ``in_progress`` and
        ``percent_in_time`` of the requests filed in the months
    :rtype: dictionary
    """
    tk.check_access("satudata_performance_statistics", context, data_dict)
    months = data_dict.get("months") or config.statistics_months()
    today = dt.date.today()
    found = cache.cached("statistics", {"months": months},
                         lambda: statistics.compute(months, today), today)
    return statistics.label(found)


@validate(schema.performance_mark)
def satudata_performance_mark(context: Context, data_dict: DataDict
                              ) -> dict[str, Any]:
    """Mark a dataset as a performance indicator (or change or clear its
    marks): the walidata only, whatever OPD the dataset belongs to. The
    fields not sent stay as they are; an empty value clears one.

    :param id: id or name of the dataset
    :type id: string
    :param indikator_kinerja: ``ya`` (shown on Capaian Kinerja when the
        dataset is terbuka) or ``tidak``
    :type indikator_kinerja: string
    :param kinerja_komponen: code of the component whose published total
        is the realisation (a numeric component of the dataset's structure)
    :type kinerja_komponen: string
    :param kinerja_target: targets per year, ``2024: 80; 2025: 85,5`` (or
        an object ``{"2024": 80}``)
    :type kinerja_target: string
    :param kinerja_arah: ``naik`` (higher is better) or ``turun``
    :type kinerja_arah: string

    :returns: the dataset's ``id``, ``name`` and the four fields as stored
    :rtype: dictionary
    """
    tk.check_access("satudata_performance_mark", context, data_dict)
    package = model.Package.get(data_dict["id"])
    if package is None or package.state == "deleted" or package.type != "dataset":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    changes = {name: data_dict[name] for name in fields.FIELDS if name in data_dict}
    # the walidata need not be a member of the dataset's OPD: the walidata
    # rule itself is applied by package_update below (as this user)
    patched = tk.get_action("package_patch")(
        {"user": context["user"], "ignore_auth": True}, {"id": package.id, **changes})
    return {"id": patched["id"], "name": patched["name"],
            **{name: patched.get(name) or "" for name in fields.FIELDS}}


@chained_action
def package_create(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    check_dataset_shape(data_dict)
    involved = fields.check(context, data_dict, updating=False)
    result = up_func(context, data_dict)
    if involved:
        cache.invalidate()  # Capaian Kinerja shows it at once
    return result


@chained_action
def package_update(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    check_dataset_shape(data_dict)
    involved = fields.check(context, data_dict, updating=True)
    result = up_func(context, data_dict)
    if involved:
        cache.invalidate()
    return result


for _action, _original in ((package_create, create.package_create),
                           (package_update, update.package_update)):
    _action.__doc__ = (_original.__doc__ or "") + NOTE
    _action.__dict__["__doc__"] = _action.__doc__
