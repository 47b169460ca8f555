"""The Prometheus text of /metrics: a prometheus-client ``Collector`` on a
private registry that reads, at each scrape, the request figures every
process recorded in Redis and the state of queues, search index,
storage and database (:mod:`system`). Nothing is counted in the process
itself, so any worker of any web container answers with the same
figures (the ``process_*`` series excepted: they describe the process
that answered)."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from typing import Any

import ckan
from prometheus_client import CollectorRegistry, ProcessCollector
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector

from ckanext.satudata.metrics import buckets, store, system

__all__ = ["SatudataCollector", "generate"]

#: The parts of a scrape, each reported by ``satudata_metrics_section_up``.
SECTIONS = ("requests", "queues", "search", "datasets", "storage", "database")


def _version() -> str:
    try:
        return importlib.metadata.version("ckanext-satudata")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _gauge(name: str, documentation: str, value: float | None,
           ) -> Iterator[Metric]:
    if value is not None:
        yield GaugeMetricFamily(name, documentation, value=value)


def _requests(figures: store.Figures) -> Iterator[Metric]:
    counter = CounterMetricFamily(
        "satudata_http_requests",
        "Web requests answered, per route (Flask URL rule), method and "
        "status class, by every process since the figures began",
        labels=["route", "method", "status"])
    for (route, method, status), count in sorted(figures.requests.items()):
        counter.add_metric([route, method, status], count)
    yield counter
    histogram = HistogramMetricFamily(
        "satudata_http_request_duration_seconds",
        "Time to answer a web request, per route", labels=["route"])
    for route in sorted(figures.buckets):
        running = buckets.cumulative(figures.buckets[route])
        histogram.add_metric(
            [route], [(buckets.label(i), count) for i, count in enumerate(running)],
            sum_value=figures.sums.get(route, 0.0))
    yield histogram


def _queues(found: list[dict[str, Any]]) -> Iterator[Metric]:
    families = {
        "queued": GaugeMetricFamily(
            "satudata_job_queue_length", "Background jobs waiting in the queue",
            labels=["queue"]),
        "started": GaugeMetricFamily(
            "satudata_job_running",
            "Background jobs being run (RQ started job registry)",
            labels=["queue"]),
        "failed": GaugeMetricFamily(
            "satudata_job_failed",
            "Failed background jobs kept in RQ's failed job registry (they"
            " leave it when they expire or are requeued)", labels=["queue"]),
        "oldest_seconds": GaugeMetricFamily(
            "satudata_job_oldest_queued_seconds",
            "How long the first waiting job has waited (a worker that does not"
            " run shows here)", labels=["queue"]),
    }
    for queue in found:
        for key, family in families.items():
            if queue.get(key) is not None:
                family.add_metric([queue["name"]], queue[key])
    yield from families.values()


def _search(found: dict[str, Any]) -> Iterator[Metric]:
    yield from _gauge(
        "satudata_search_index_lag_seconds",
        "How much older the search index's newest dataset change is than the"
        " database's (0: the index has the newest change)", found["lag_seconds"])
    yield from _gauge(
        "satudata_search_index_age_seconds",
        "Seconds since the change of the newest dataset in the search index",
        found["age_seconds"])
    yield from _gauge(
        "satudata_search_index_missing_datasets",
        "Active datasets that are not in the search index", found["missing"])
    yield from _gauge(
        "satudata_search_indexed_datasets",
        "Active datasets the search index finds", found["indexed"])


class SatudataCollector(Collector):
    """Reads every figure at collection time (one /metrics request)."""

    def describe(self) -> list[Metric]:
        return []  # nothing is collected at registration

    def collect(self) -> Iterator[Metric]:
        up: dict[str, bool] = {}
        yield GaugeMetricFamily("satudata_up", "The portal answered", value=1)
        info = GaugeMetricFamily("satudata_build_info", "Versions running",
                                 labels=["version", "ckan_version"])
        info.add_metric([_version(), ckan.__version__], 1)
        yield info

        figures = system.safely("request figures", store.all_time)
        up["requests"] = figures is not None
        if figures is not None:
            yield from _requests(figures)

        queues = system.safely("job queues", system.queues)
        up["queues"] = queues is not None
        if queues is not None:
            yield from _queues(queues)

        search = system.safely("search index", system.search_index)
        up["search"] = search is not None
        if search is not None:
            yield from _search(search)

        datasets = system.safely("datasets", system.datasets)
        up["datasets"] = datasets is not None
        if datasets is not None:
            family = GaugeMetricFamily("satudata_datasets",
                                       "Datasets in the database, by state",
                                       labels=["state"])
            for state, count in sorted(datasets.items()):
                family.add_metric([state], count)
            yield family

        disk = system.safely("storage disk", system.disk)
        up["storage"] = disk is not None
        if disk is not None:
            yield from _gauge("satudata_storage_free_bytes",
                              "Free bytes on the file system of ckan.storage_path",
                              disk["free_bytes"])
            yield from _gauge("satudata_storage_total_bytes",
                              "Size of the file system of ckan.storage_path",
                              disk["total_bytes"])

        size = system.safely("database size", system.database_size)
        up["database"] = size is not None
        yield from _gauge("satudata_database_size_bytes",
                          "Size of CKAN's database (pg_database_size)", size)

        sections = GaugeMetricFamily(
            "satudata_metrics_section_up",
            "Whether each part of this scrape could be read (0: see the log)",
            labels=["section"])
        for section in SECTIONS:
            sections.add_metric([section], 1 if up.get(section) else 0)
        yield sections


_registry: CollectorRegistry | None = None


def registry() -> CollectorRegistry:
    """The private registry (one a process): our collector and the
    standard ``process_*`` figures of the answering process."""
    global _registry
    if _registry is None:
        found = CollectorRegistry(auto_describe=False)
        found.register(SatudataCollector())
        ProcessCollector(registry=found)
        _registry = found
    return _registry


def generate(accept: str | None = None) -> tuple[bytes, str]:
    """Every figure in the format the scraper's ``Accept`` header asks for
    (Prometheus text 0.0.4 by default, OpenMetrics when asked) and its
    content type."""
    encoder, content_type = choose_encoder(accept or "")
    return encoder(registry()), content_type
