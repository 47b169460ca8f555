"""The public surface of ``satudata_monitoring``: what another plugin (the
public performance pages of ``satudata_performance``) may use of the
monitoring figures. Nothing else of this sub-package is imported from
outside it.

Use of the data (CKAN's tracking, :mod:`.usage`), each taking a window of
days ``start``..``end`` (both included) and ``organization_ids`` (``None``:
every OPD):

- :func:`usage_figures` — views and downloads in total, per dataset, per
  OPD and per month (:class:`Usage`);
- :func:`usage_by_month` — the months only;
- :func:`most_used` — the most used datasets.

Requests (:mod:`.requests`), counted as they stand at ``now``:

- :func:`data_request_figures` — Permohonan Data per OPD forwarded to;
- :func:`access_request_figures` — access requests per OPD owning the
  requested datasets.
"""

from __future__ import annotations

from ckanext.satudata.monitoring import requests as _requests
from ckanext.satudata.monitoring import usage as _usage

__all__ = [
    "AccessRequestCounts",
    "AccessRequestFigures",
    "DataRequestCounts",
    "DataRequestFigures",
    "DatasetUsage",
    "MonthUsage",
    "OrganizationCounts",
    "OrganizationUsage",
    "Usage",
    "access_request_figures",
    "data_request_figures",
    "most_used",
    "usage_by_month",
    "usage_figures",
]

# ---- use of the data (views and downloads) ----------------------------------------
Usage = _usage.Usage
DatasetUsage = _usage.DatasetUsage
OrganizationUsage = _usage.OrganizationUsage
MonthUsage = _usage.MonthUsage
usage_figures = _usage.figures
usage_by_month = _usage.by_month
most_used = _usage.most_used

# ---- data requests and access requests --------------------------------------------
DataRequestCounts = _requests.DataRequestCounts
DataRequestFigures = _requests.DataRequestFigures
AccessRequestCounts = _requests.AccessRequestCounts
AccessRequestFigures = _requests.AccessRequestFigures
OrganizationCounts = _requests.OrganizationCounts
data_request_figures = _requests.data_requests
access_request_figures = _requests.access_requests
