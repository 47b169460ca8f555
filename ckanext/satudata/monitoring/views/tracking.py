"""``POST /_tracking``: the endpoint of CKAN's tracking beacon.

The ``tracking`` plugin records a visit in an ``after_request`` hook of any
``POST /_tracking``, but no view answers that URL: every page's beacon got
"405 Method Not Allowed" (an error in each visitor's browser console). This
view answers "204 No Content" and lets the hook record the visit, which the
monitoring counts (``usage.py``).

The beacon is posted by CKAN's ``tracking.js`` without a CSRF token, for
logged-in visitors too; the view changes nothing itself, so it is exempt.
"""

from __future__ import annotations

from typing import Any

from ckan.config.middleware.flask_app import csrf
from flask import Blueprint

__all__ = ["get_blueprints", "satudata_tracking"]

satudata_tracking = Blueprint("satudata_tracking", __name__)


def get_blueprints() -> list[Blueprint]:
    return [satudata_tracking]


@satudata_tracking.route("/_tracking", methods=["POST"])
@csrf.exempt
def beacon() -> Any:
    return "", 204
