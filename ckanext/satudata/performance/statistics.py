"""Statistik Portal, the "Dashboard Statistik Data" (seed §4.1, §4.2, §5.6):
how much is published and how much it is used.

- ``datasets``, ``producers``, ``views``, ``downloads``: the Beranda's
  figures (``satudata_portal_stats``: published datasets anyone may read,
  OPDs with at least one, and every page view and resource download CKAN
  tracked);
- ``usage``: views of the datasets' pages and downloads of their files
  per month of the last ``months`` months (only datasets anyone may read),
  with the most used datasets;
- ``restricted_downloads``: downloads of restricted extracts with a
  download token (the data access service), all datasets, same months;
- ``categories`` and ``urusan``: published datasets per kategori and per
  urusan (codes with counts, most first);
- ``requests``: data requests and access requests filed in the same
  months, as they stand today (received, answered/delivered, in time).

:func:`compute` returns plain JSON (cached by the action); :func:`label`
adds the labels of the current language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import vocabulary
from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.monitoring import api as monitoring

FACETS = ("kategori", "urusan")
TOP = 10


def window(months: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """From the first day of the month ``months - 1`` months before
    ``today``'s to ``today``."""
    month = today.month - (months - 1)
    year = today.year
    while month < 1:
        month += 12
        year -= 1
    return dt.date(year, month, 1), today


def _facets() -> dict[str, list[dict[str, Any]]]:
    found = tk.get_action("package_search")(
        {"user": "", "ignore_auth": False},
        {"q": "*:*", "rows": 0, "facet.field": list(FACETS), "facet.limit": -1})
    result = {}
    for field in FACETS:
        items = (found.get("search_facets") or {}).get(field, {}).get("items", [])
        result[field] = sorted(
            ({"code": item["name"], "count": int(item["count"])} for item in items),
            key=lambda item: (-item["count"], item["code"]))
    return result


def compute(months: int, today: dt.date) -> dict[str, Any]:
    start, end = window(months, today)
    public = monitoring.usage_figures(start, end, public_only=True)
    everything = monitoring.usage_figures(start, end)
    portal = tk.get_action("satudata_portal_stats")({"user": ""}, {})
    facets = _facets()
    data = monitoring.data_request_figures(start, end).total
    access = monitoring.access_request_figures(start, end).total
    return {
        "start": start.isoformat(), "end": end.isoformat(), "months": months,
        "datasets": portal["datasets"], "producers": portal["producers"],
        "views": portal["views"], "downloads": portal["downloads"],
        "usage": {
            "views": public.views, "downloads": public.downloads,
            "months": [{"month": m.month, "views": m.views, "downloads": m.downloads}
                       for m in public.months],
            "top": [{"name": d.name, "title": d.title, "views": d.views,
                     "downloads": d.downloads}
                    for d in public.datasets[:TOP]],  # most used first
        },
        "restricted_downloads": everything.access_downloads,
        "categories": facets["kategori"],
        "urusan": facets["urusan"],
        "requests": {
            "data": {"received": data.received, "answered": data.answered,
                     "in_time": data.answered_in_time, "rejected": data.rejected,
                     "in_progress": data.in_progress,
                     "percent_in_time": data.percent_in_time},
            "access": {"received": access.received, "answered": access.delivered,
                       "in_time": access.delivered_in_time,
                       "in_progress": access.in_progress + access.returned,
                       "percent_in_time": access.percent_in_time},
        },
    }


def label(figures: dict[str, Any]) -> dict[str, Any]:
    """``figures`` with the labels of the current language: each month's
    (``Juli 2026``), each kategori's and urusan's."""
    shown = dict(figures)
    shown["usage"] = dict(figures["usage"])
    shown["usage"]["months"] = [
        {**month, "label": _month_label(month["month"])}
        for month in figures["usage"]["months"]]
    shown["categories"] = [
        {**item, "label": vocabulary.label("kategori", item["code"])}
        for item in figures["categories"]]
    shown["urusan"] = [
        {**item, "label": vocabulary.label("urusan", item["code"])}
        for item in figures["urusan"]]
    return shown


def _month_label(month: str) -> str:
    found = indicators.parse_period(month, "bulanan")
    return found.label if found is not None else month
