"""/metrics through the Flask client: the figures of the requests made
before (from Redis), its protection (token, networks, forwarding
headers), job queues, search index freshness, and a Redis that does not
answer."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import redis
from ckan.lib import jobs
from ckan.tests import factories
from prometheus_client.parser import text_string_to_metric_families

from ckanext.satudata.testing import sdi_fields

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

API_ROUTE = "/api/action/status_show"


def _scrape(app: Any, **kwargs: Any) -> dict[str, Any]:
    response = app.get("/metrics", **kwargs)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert "no-store" in response.headers["Cache-Control"]
    assert "public" not in response.headers["Cache-Control"]
    return {family.name: family for family in text_string_to_metric_families(
        response.get_data(as_text=True))}


def _samples(families: dict[str, Any], family: str, sample: str | None = None
             ) -> dict[tuple[tuple[str, str], ...], float]:
    name = sample or family
    return {tuple(sorted(s.labels.items())): s.value
            for s in families[family].samples if s.name == name}


def _value(families: dict[str, Any], family: str, sample: str | None = None,
           **labels: str) -> float | None:
    return _samples(families, family, sample).get(tuple(sorted(labels.items())))


def test_requests_are_counted_per_route_method_and_status(app, figures):
    for _ in range(3):
        assert app.get("/dataset/").status_code == 200
    assert app.get("/api/3/action/status_show").status_code == 200
    assert app.post("/api/3/action/status_show", json={}).status_code == 200
    assert app.get("/api/3/action/no_such_action",
                   expect_errors=True).status_code == 400
    assert app.get("/dataset/tidak-ada").status_code == 404
    assert app.get("/base/images/ckan-logo.png").status_code == 200
    assert app.get("/tidak-ada.css").status_code == 404

    found = _scrape(app)
    requests = _samples(found, "satudata_http_requests", "satudata_http_requests_total")
    counts = {(dict(k)["route"], dict(k)["method"], dict(k)["status"]): v
              for k, v in requests.items()}
    assert counts == {
        ("/dataset/", "GET", "2xx"): 3,
        (API_ROUTE, "GET", "2xx"): 1,
        (API_ROUTE, "POST", "2xx"): 1,
        ("/api/action/<unknown>", "GET", "4xx"): 1,
        ("/dataset/<id>", "GET", "4xx"): 1,
        ("static", "GET", "2xx"): 1,
        ("static", "GET", "4xx"): 1,   # an unknown path: CKAN's static files
    }
    # the histogram of a route: buckets, count and sum agree
    family = "satudata_http_request_duration_seconds"
    assert _value(found, family, f"{family}_count", route="/dataset/") == 3
    assert _value(found, family, f"{family}_bucket", route="/dataset/", le="+Inf") == 3
    assert _value(found, family, f"{family}_sum", route="/dataset/") > 0
    buckets = [v for k, v in _samples(found, family, f"{family}_bucket").items()
               if dict(k)["route"] == "/dataset/"]
    assert len(buckets) == 10 and buckets == sorted(buckets) and buckets[-1] == 3
    # /metrics itself is not counted; the next scrape sees the same
    again = _scrape(app)
    assert _samples(again, "satudata_http_requests",
                    "satudata_http_requests_total") == requests
    assert _value(again, "satudata_up") == 1
    assert _value(again, "process_start_time_seconds") > 0
    assert {dict(k)["section"]: v for k, v in
            _samples(again, "satudata_metrics_section_up").items()} == {
        "requests": 1, "queues": 1, "search": 1, "datasets": 1, "storage": 1,
        "database": 1}


def test_the_figures_are_shared_by_processes_through_redis(app, figures):
    """Another process (another worker or web container) recorded these:
    they are in the same Redis, so this process shows them."""
    figures.record("/dataset/<id>", "GET", "5xx", 0.3)
    figures.record("/dataset/<id>", "GET", "2xx", 0.03)
    found = _scrape(app)
    assert _value(found, "satudata_http_requests", "satudata_http_requests_total",
                  route="/dataset/<id>", method="GET", status="5xx") == 1
    family = "satudata_http_request_duration_seconds"
    assert _value(found, family, f"{family}_bucket", route="/dataset/<id>",
                  le="0.05") == 1
    assert _value(found, family, f"{family}_bucket", route="/dataset/<id>",
                  le="0.25") == 1
    assert _value(found, family, f"{family}_bucket", route="/dataset/<id>",
                  le="0.5") == 2


def test_another_site_in_the_same_redis_is_not_mixed_in(app, figures, monkeypatch):
    from ckan.common import config

    figures.record("/dataset/", "GET", "2xx", 0.1)
    with monkeypatch.context() as other:
        other.setitem(config, "ckan.site_id", "portal-lain")
        figures.record("/portal-lain", "GET", "2xx", 0.1)
    found = _scrape(app)
    assert {dict(k)["route"] for k in _samples(
        found, "satudata_http_requests", "satudata_http_requests_total")} == {
        "/dataset/"}
    with monkeypatch.context() as other:
        other.setitem(config, "ckan.site_id", "portal-lain")
        assert figures.all_time().routes() == {"/portal-lain"}
        assert figures.clear() == 3  # its all-time, hour and total keys
    assert figures.all_time().routes() == {"/dataset/"}


@pytest.mark.ckan_config("ckanext.satudata.metrics.token", "s3cret-token")
def test_with_a_token_set_only_the_right_token_reads(app, figures, caplog):
    for kwargs in ({}, {"headers": {"Authorization": "Bearer wrong"}},
                   {"query_string": {"token": "wrong"}},
                   {"headers": {"Authorization": "s3cret-token"}}):
        response = app.get("/metrics", **kwargs)
        assert response.status_code == 403, kwargs
        assert "satudata_" not in response.get_data(as_text=True)
    # (the header without "Bearer" above is an API token to CKAN: it logs)
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        found = _scrape(app, headers={"Authorization": "Bearer s3cret-token"})
    assert _value(found, "satudata_up") == 1
    # the scraper's bearer token is not taken for a CKAN API token
    assert "Cannot decode JWT" not in caplog.text
    # from any address when no networks are set
    found = _scrape(app, query_string={"token": "s3cret-token"},
                    environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert _value(found, "satudata_up") == 1


@pytest.mark.ckan_config("ckanext.satudata.metrics.token", "s3cret-token")
@pytest.mark.ckan_config("ckanext.satudata.metrics.allowed_networks", "10.0.0.0/8")
def test_a_token_and_networks_both_apply(app, figures):
    bearer = {"Authorization": "Bearer s3cret-token"}
    assert app.get("/metrics", headers=bearer, environ_base={
        "REMOTE_ADDR": "10.4.5.6"}).status_code == 200
    assert app.get("/metrics", headers=bearer).status_code == 403  # 127.0.0.1
    assert app.get("/metrics", environ_base={
        "REMOTE_ADDR": "10.4.5.6"}).status_code == 403  # no token


def test_without_a_token_only_the_machine_itself_reads(app, figures):
    assert app.get("/metrics").status_code == 200  # the client is 127.0.0.1
    response = app.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 403
    assert "satudata_" not in response.get_data(as_text=True)
    # through a proxy on the machine: the client it names must be allowed too
    assert app.get("/metrics", headers={
        "X-Forwarded-For": "203.0.113.9"}).status_code == 403
    assert app.get("/metrics", headers={"X-Real-IP": "203.0.113.9"}).status_code == 403
    # naming the machine from outside does not help
    assert app.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"},
                   environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 403


@pytest.mark.ckan_config("ckanext.satudata.metrics.allowed_networks",
                         "192.0.2.0/24 ::1/128")
def test_configured_networks_replace_the_default(app, figures):
    assert app.get("/metrics").status_code == 403  # 127.0.0.1 not listed
    assert app.get("/metrics", environ_base={
        "REMOTE_ADDR": "192.0.2.77"}).status_code == 200


@pytest.mark.ckan_config("ckanext.satudata.metrics.enabled", "false")
def test_switched_off_nothing_is_recorded_and_metrics_is_not_found(app, figures):
    assert app.get("/dataset/").status_code == 200
    assert app.get("/metrics").status_code == 404
    assert figures.all_time().requests == {}


QUEUE = "satudata_metrics_test"


def _job() -> None:  # pragma: no cover - never run: the queue has no worker
    pass


@pytest.mark.ckan_config("ckanext.satudata.metrics.queues", QUEUE)
def test_queue_length_shows_a_waiting_job(app, figures):
    queue = jobs.get_queue(QUEUE)
    queue.empty()
    try:
        before = _scrape(app)
        assert _value(before, "satudata_job_queue_length", queue=QUEUE) == 0
        assert _value(before, "satudata_job_queue_length", queue="satudata") is not None
        assert _value(before, "satudata_job_queue_length",
                      queue="satudata_privacy") is not None
        jobs.enqueue(_job, queue=QUEUE)
        after = _scrape(app)
        assert _value(after, "satudata_job_queue_length", queue=QUEUE) == 1
        assert _value(after, "satudata_job_oldest_queued_seconds", queue=QUEUE) >= 0
        assert _value(after, "satudata_job_failed", queue=QUEUE) == 0
    finally:
        queue.empty()


def test_search_index_freshness(app, figures):
    factories.Dataset(name="data-segar", **sdi_fields())
    found = _scrape(app)
    assert _value(found, "satudata_search_index_lag_seconds") == 0
    assert _value(found, "satudata_search_index_missing_datasets") == 0
    assert _value(found, "satudata_search_indexed_datasets") == 1
    assert _value(found, "satudata_datasets", state="active") == 1
    assert _value(found, "satudata_database_size_bytes") > 0


def _unreachable() -> redis.Redis:
    from ckanext.satudata.metrics import store

    return store.client_for("redis://127.0.0.1:1/0")  # nothing listens there


def test_a_redis_that_does_not_answer_breaks_no_page(app, figures, monkeypatch,
                                                    caplog):
    with monkeypatch.context() as patch:
        patch.setattr(figures, "connect", _unreachable)
        with caplog.at_level(logging.WARNING, logger=figures.__name__):
            assert app.get("/dataset/").status_code == 200
            assert app.get("/dataset/").status_code == 200  # paused: not tried
        assert caplog.text.count("Request figures not recorded") == 1
        found = _scrape(app)
        assert "satudata_http_requests" not in found
        assert _value(found, "satudata_metrics_section_up", section="requests") == 0
        assert _value(found, "satudata_metrics_section_up", section="database") == 1
    figures.resume()
    assert app.get("/dataset/").status_code == 200
    assert _value(_scrape(app), "satudata_http_requests",
                  "satudata_http_requests_total",
                  route="/dataset/", method="GET", status="2xx") == 1


def test_a_wrong_network_stops_ckan_at_start_up(monkeypatch):
    from ckan.common import config
    from ckan.exceptions import CkanConfigurationException

    from ckanext.satudata.metrics.plugin import SatudataMetricsPlugin

    monkeypatch.setitem(config, "ckanext.satudata.metrics.allowed_networks",
                        "10.0.0.0/8 kantor")
    with pytest.raises(CkanConfigurationException, match="'kantor' is not a network"):
        SatudataMetricsPlugin().configure(config)
    monkeypatch.setitem(config, "ckanext.satudata.metrics.allowed_networks",
                        "10.0.0.0/8")
    SatudataMetricsPlugin().configure(config)


def test_who_may_read_by_default(monkeypatch):
    from ckan.common import config

    from ckanext.satudata.metrics import config as metrics_config

    monkeypatch.setitem(config, "ckanext.satudata.metrics.allowed_networks", "")
    monkeypatch.setitem(config, "ckanext.satudata.metrics.token", "")
    assert [str(n) for n in metrics_config.allowed_networks()] == ["127.0.0.1/32",
                                                                   "::1/128"]
    monkeypatch.setitem(config, "ckanext.satudata.metrics.token", "t")
    assert metrics_config.allowed_networks() is None  # anywhere, with the token
    monkeypatch.setitem(config, "ckanext.satudata.metrics.queues", "a satudata b")
    assert metrics_config.queues() == ["default", "satudata", "satudata_privacy",
                                       "a", "b"]
