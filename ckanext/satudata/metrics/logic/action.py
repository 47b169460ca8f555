"""Actions of the metrics plugin: see ``docs/metrics.md``."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata.metrics import summary
from ckanext.satudata.metrics.logic import schema

__all__ = ["satudata_metrics_summary"]


@validate(schema.metrics_summary)
@tk.side_effect_free
def satudata_metrics_summary(context: Context, data_dict: DataDict
                             ) -> dict[str, Any]:
    """The operations figures of the portal (the page
    ``/pemantauan/sistem``), for the walidata and the pembina.

    Web requests are those every web process recorded in Redis
    (``ckanext.satudata.metrics.enabled``): ``period`` (the last ``hours``
    hours: ``requests``, ``errors`` — answers 5xx —, ``client_errors``
    — 4xx —, ``availability`` — the share of requests that were not 5xx,
    ``null`` without requests —, ``p50``, ``p95`` and ``mean`` seconds,
    percentiles estimated from latency buckets), ``hourly`` (the same per
    hour, with its UTC ``start``), ``daily`` (the same for each of the last
    7 days in the portal's time zone), ``routes`` (per Flask route, most
    requested first, with ``methods``) and ``slowest`` (the ten routes with
    the highest p95); ``requests_available`` is false when Redis did not
    answer. Also ``queues`` (per job queue: ``queued``, ``started``,
    ``failed``, ``scheduled``, ``oldest_seconds``), ``search`` (``lag_seconds``
    — how much older the index's newest change is than the database's —,
    ``age_seconds``, ``missing``, ``indexed``, ``datasets``), ``datasets``
    (by state), ``storage`` (``ckan.storage_path``: ``bytes``, ``files``,
    ``complete`` — false when the walk was cut short — and its ``disk``)
    and ``database`` (``size_bytes``); a part that cannot be read is ``null``.

    :param hours: hours of the per-hour and per-route figures (optional,
        default 24, at most 168)
    :type hours: int
    :rtype: dictionary
    """
    tk.check_access("satudata_metrics_summary", context, data_dict)
    return summary.summary(int(data_dict.get("hours") or summary.DEFAULT_HOURS))
