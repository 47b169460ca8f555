"""Actions reading the published values of a dataset (the dataset page,
its downloads and the API)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.workflow import published
from ckanext.satudata.workflow.logic import schema


@tk.side_effect_free
@validate(schema.published_show)
def satudata_published_show(context: Context, data_dict: DataDict) -> DataDict:
    """The published values of a dataset: its published periods, the table
    of one of them and the series of every numeric component across them.
    For whoever may read the dataset (terbatas and rahasia datasets: their
    organization, walidata and the pembina data).

    :param id: id or name of the dataset
    :type id: string
    :param period: the period to show (default the newest published one);
        a period that is not published is an error
    :type period: string
    :returns: ``components`` (``code``, ``name``, ``unit``, ``type``),
        ``breakdown`` (``type``, and ``level`` of a region breakdown),
        ``columns`` (the long table's columns, as in the DataStore:
        ``id``, ``label``, ``unit``, ``type``, ``component``),
        ``periods`` (published periods, ``id`` and ``label``, newest
        first), ``period`` (the one shown), ``rows`` (its table: ``code``,
        ``name`` and ``values`` by component code), ``totals`` (per numeric
        component: ``value``, ``aggregate`` — ``sum``, or ``mean`` for
        percentages — and ``count`` of rows with a value), ``series`` (per
        numeric component: ``component``, ``name``, ``unit``, ``type``,
        ``aggregate`` and ``points``, oldest first: ``period``, ``label``,
        ``value``, ``count``) and ``resource_id`` (the DataStore resource);
        the lists are empty while nothing is published
    :rtype: dictionary
    """
    tk.check_access("satudata_published_show", context, data_dict)
    return published.summary(
        indicators.package(data_dict["id"]), data_dict.get("period")
    )


@tk.side_effect_free
@validate(schema.published_records)
def satudata_published_records(context: Context, data_dict: DataDict) -> DataDict:
    """Every published period of a dataset as one long table, the rows its
    DataStore table holds (and the CSV, JSON and Excel downloads).

    :param id: id or name of the dataset
    :type id: string
    :returns: ``fields`` (``id``, ``label``, ``unit``, ``type``,
        ``component``: ``periode``, ``periode_label``, the breakdown's code
        and name — ``kode_wilayah``/``nama_wilayah`` or
        ``kode_kategori``/``nama_kategori`` — then one per component),
        ``records`` (oldest period first, rows in the breakdown's order)
        and ``resource_id``
    :rtype: dictionary
    """
    tk.check_access("satudata_published_records", context, data_dict)
    return published.export(indicators.package(data_dict["id"]))
