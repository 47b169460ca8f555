"""Times every web request and counts it in Redis (:mod:`store`).

:func:`install` wraps the Flask app's WSGI callable (outermost, so the
time includes CKAN's own middleware) and adds a ``before_request`` hook,
first of all, that notes the request's route in the WSGI environ: the
Flask URL rule (``/dataset/<id>``), never the raw path, so the number of
series stays bounded. Static files and unknown paths (CKAN serves both
through its ``static`` endpoint), webassets and ``/metrics`` itself are
left out of the per-route figures (static files are counted under the
one route ``static``; ``/metrics`` not at all). Action API calls are
counted per action (``/api/action/package_search``) when the action
exists (``/api/action/<unknown>`` otherwise)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Flask, request

from ckanext.satudata.metrics import config as metrics_config
from ckanext.satudata.metrics import store

log = logging.getLogger(__name__)

#: WSGI environ keys of this module.
ROUTE_KEY = "satudata.metrics.route"
AUTHORIZATION_KEY = "satudata.metrics.authorization"
#: Endpoint of the /metrics view (not recorded).
METRICS_ENDPOINT = "satudata_metrics.metrics"
SKIP = "-"
STATIC = "static"
OTHER = "other"
API_ACTION_ENDPOINT = "api.action"
UNKNOWN_ACTION = "/api/action/<unknown>"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def _action_exists(name: str) -> bool:
    try:
        tk.get_action(name)
    except (KeyError, AttributeError):
        return False
    return True


def route_of(endpoint: str | None, rule: str | None,
             view_args: dict[str, Any] | None = None) -> str:
    """The route label of a request: its URL rule, ``static`` for static
    files and webassets, ``other`` when no rule matched, ``-`` (not
    recorded) for /metrics, the action's name for an Action API call."""
    if endpoint == METRICS_ENDPOINT:
        return SKIP
    if endpoint is None or rule is None:
        return OTHER
    if endpoint == "static" or endpoint.startswith("webassets.") \
            or endpoint.endswith(".static"):
        return STATIC
    if endpoint == API_ACTION_ENDPOINT:
        name = str((view_args or {}).get("logic_function") or "")
        if name and len(name) <= 100 and _action_exists(name):
            return f"/api/action/{name}"
        return UNKNOWN_ACTION
    return rule


def status_class(status: int) -> str:
    return f"{status // 100}xx" if 100 <= status < 600 else "5xx"


def method_of(method: str | None) -> str:
    method = (method or "").upper()
    return method if method in METHODS else "other"


def _note_route() -> None:
    """``before_request``: the route, and for /metrics the scraper's
    ``Authorization: Bearer …`` moved aside before CKAN reads the header
    as an API token (and logs an error for each scrape)."""
    rule = request.url_rule
    route = route_of(request.endpoint, rule.rule if rule else None,
                     request.view_args)
    request.environ[ROUTE_KEY] = route
    if route == SKIP:
        header = request.environ.get("HTTP_AUTHORIZATION", "")
        if header[:7].lower() == "bearer ":
            request.environ[AUTHORIZATION_KEY] = request.environ.pop(
                "HTTP_AUTHORIZATION")


class Recorder:
    """WSGI middleware: times the wrapped app and records each request."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse
                 ) -> Iterable[bytes]:
        if not metrics_config.enabled():
            return self.app(environ, start_response)
        started = time.perf_counter()
        status = [500]

        def _start(line: str, headers: Any, exc_info: Any = None) -> Any:
            try:
                status[0] = int(line.split(" ", 1)[0])
            except ValueError:
                status[0] = 500
            if exc_info is None:
                return start_response(line, headers)
            return start_response(line, headers, exc_info)

        try:
            return self.app(environ, _start)
        except BaseException:
            status[0] = 500
            raise
        finally:
            _record(environ, status[0], time.perf_counter() - started)


def _record(environ: dict[str, Any], status: int, seconds: float) -> None:
    route = environ.get(ROUTE_KEY) or OTHER
    if route == SKIP:
        return
    try:
        store.record(route, method_of(environ.get("REQUEST_METHOD")),
                     status_class(status), seconds)
    except Exception:  # never break a request
        log.exception("Request figures not recorded")


def install(app: Any) -> Any:
    """Add the recorder to CKAN's Flask app (``IMiddleware``); another
    WSGI app is returned unchanged, with a warning."""
    if not isinstance(app, Flask):
        log.warning("satudata_metrics: not the Flask app (%r), requests are"
                    " not recorded: put satudata_metrics first in ckan.plugins",
                    type(app).__name__)
        return app
    app.before_request_funcs.setdefault(None, []).insert(0, _note_route)
    app.wsgi_app = Recorder(app.wsgi_app)  # type: ignore[method-assign]
    return app
