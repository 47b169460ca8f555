"""Per-request CSRF exemption in place of CKAN 2.12.0's per-process one.

The flaw: CKAN 2.12.0's ``ckan_before_request``
(``ckan/config/middleware/flask_app.py``) calls ``csrf.exempt(view)`` for
every anonymous or API-token request. Flask-WTF keeps exempted views in a
set of the process, so after one anonymous visit the view accepted POSTs
without a CSRF token from every logged-in user until the process
restarted (reproduced on ``/organization/member_new/<org>``).

Upstream: CKAN 2.11.6 exempts only the request at hand
(``csrf.exempt_this_request()``); no 2.12 release has that change yet, and
Flask-WTF 1.3.0 (pinned by CKAN 2.12.0) has no per-request exemption.

The fix: the exemption set of CKAN's ``CSRFProtect`` is replaced by one
that files exemptions made while a request is being served under that
request only (in ``flask.g``); exemptions declared outside a request
(``@csrf.exempt`` on the API views at import time) stay process-wide.
A request carrying an API token (or none at all) still needs no CSRF
token, as CKAN intends, and the next request is checked again.

Remove this module (and its call in ``catalogue/plugin.py``) when
CKAN > 2.12.0 is pinned.
"""

from __future__ import annotations

import logging
from typing import Any

import flask
from ckan.config.middleware import flask_app

log = logging.getLogger(__name__)

#: ``flask.g`` attribute holding the views exempted for this request only.
_REQUEST_KEY = "satudata_csrf_exempt_views"


class RequestScopedExemptions(set):  # type: ignore[type-arg]
    """Flask-WTF's ``_exempt_views``, with in-request additions kept in
    ``flask.g`` (gone with the request) instead of the process-wide set."""

    def add(self, view: Any) -> None:
        if flask.has_app_context() and flask.has_request_context():
            exempt: set[str] = flask.g.setdefault(_REQUEST_KEY, set())
            exempt.add(view)
            return
        super().add(view)

    def __contains__(self, view: object) -> bool:
        if super().__contains__(view):
            return True
        if flask.has_app_context() and flask.has_request_context():
            return view in flask.g.get(_REQUEST_KEY, ())
        return False


def install() -> None:
    """Make CKAN's CSRF exemptions per request (idempotent).

    Called when the Flask app is built, before it serves a request: the
    process-wide set then holds only the views declared exempt in code.
    """
    csrf = flask_app.csrf
    # Flask-WTF has no public API for the set of exempted views
    views = csrf._exempt_views
    if not isinstance(views, RequestScopedExemptions):
        csrf._exempt_views = RequestScopedExemptions(views)
        log.debug("CSRF exemptions of anonymous and API-token requests now "
                  "last one request (CKAN 2.12.0 flaw)")


def uninstall() -> None:
    """Give Flask-WTF a plain set back (tests)."""
    csrf = flask_app.csrf
    csrf._exempt_views = set(csrf._exempt_views)
