"""``/metrics`` (Prometheus text for the scraper of the Pengelola TIK,
protected by a token and/or the network) and ``/pemantauan/sistem`` (the
walidata's and pembina's page, from the action
``satudata_metrics_summary``)."""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, request
from flask import Blueprint, Response

from ckanext.satudata.metrics import access, collector, recorder, summary
from ckanext.satudata.metrics import config as metrics_config

__all__ = ["get_blueprints", "satudata_metrics"]

log = logging.getLogger(__name__)

satudata_metrics = Blueprint("satudata_metrics", __name__)

#: Choices of the page's period (``?jam=``).
PERIODS = (24, summary.MAX_HOURS)


def get_blueprints() -> list[Blueprint]:
    return [satudata_metrics]


def _context() -> dict[str, Any]:
    return {"user": "" if current_user.is_anonymous else current_user.name}


def _refused() -> Response:
    return Response("403 Forbidden\n", status=403, mimetype="text/plain",
                    headers={"Cache-Control": "no-store"})


def _may_scrape() -> bool:
    try:
        networks = metrics_config.allowed_networks()
    except ValueError:
        log.error("ckanext.satudata.metrics.allowed_networks is wrong: /metrics"
                  " refuses every client")
        return False
    presented = access.presented_token(
        request.environ.get(recorder.AUTHORIZATION_KEY)
        or request.headers.get("Authorization"),
        request.args.get("token"))
    return access.allowed(
        remote_addr=request.remote_addr,
        forwarded=access.forwarded_addresses(request.headers),
        networks=networks, expected_token=metrics_config.token(),
        presented=presented)


@satudata_metrics.route("/metrics")
def metrics() -> Any:
    request.environ["__no_cache__"] = True  # never public, never cached
    if not metrics_config.enabled():
        return tk.abort(404)
    if not _may_scrape():
        return _refused()
    body, content_type = collector.generate(request.headers.get("Accept"))
    return Response(body, status=200, content_type=content_type,
                    headers={"Cache-Control": "no-store"})


def _hours() -> int:
    text = (request.args.get("jam") or "").strip()
    return int(text) if text.isdigit() and int(text) in PERIODS else PERIODS[0]


@satudata_metrics.route("/pemantauan/sistem")
def system() -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to("user.login", came_from=request.path)
    hours = _hours()
    try:
        figures = tk.get_action("satudata_metrics_summary")(
            _context(), {"hours": hours})
    except tk.NotAuthorized:
        return tk.abort(403, tk._(
            "Only walidata and pembina may see the system figures"))
    return tk.render("satudata/metrics/system.html", {
        "figures": figures, "hours": hours, "periods": PERIODS,
    })
