"""``POST /_tracking``: the endpoint of CKAN's tracking beacon.

The ``tracking`` plugin records a visit in an ``after_request`` hook of any
``POST /_tracking``, but no view answers that URL: every page's beacon got
"405 Method Not Allowed" (an error in each visitor's browser console). This
view answers "204 No Content" and lets the hook record the visit, which the
monitoring counts (``usage.py``).

The beacon is posted by CKAN's ``tracking.js`` without a CSRF token, for
logged-in visitors too; the view changes nothing itself, so it is exempt.

The hook reads the body from ``environ["wsgi.input"]`` to its end and
splits it by hand. On a server whose input is the raw connection
(Werkzeug's, ``make demo``) that read waits until the browser gives up, and
a body that is not ``url=…&type=…`` exactly (empty, a value holding "=")
made it fail: a 500. So the view reads the body itself (at most
``MAX_BODY`` bytes, through Werkzeug's length-bounded stream) and hands the
hook a buffer of the beacon written again, every value percent-encoded; a
beacon without a URL or with an unknown type is answered and not recorded
(the hook is shown another path).
"""

from __future__ import annotations

import io
import urllib.parse
from typing import Any

from ckan.config.middleware.flask_app import csrf
from flask import Blueprint, request

__all__ = ["get_blueprints", "satudata_tracking"]

satudata_tracking = Blueprint("satudata_tracking", __name__)

#: A beacon is a URL and a type: larger bodies are not read further.
MAX_BODY = 4096
#: The types of visit ``tracking.js`` sends.
TYPES = ("page", "resource")


def _beacon(body: bytes) -> bytes | None:
    """The beacon in ``body`` written again for core's hook, or ``None``."""
    fields = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace")))
    url, kind = fields.get("url", "").strip(), fields.get("type", "")
    if not url or "\x00" in url or kind not in TYPES:  # PostgreSQL refuses NUL
        return None
    return urllib.parse.urlencode({"url": url, "type": kind},
                                  quote_via=urllib.parse.quote, safe="").encode()


def get_blueprints() -> list[Blueprint]:
    return [satudata_tracking]


@satudata_tracking.route("/_tracking", methods=["POST"])
@csrf.exempt
def beacon() -> Any:
    found = _beacon(request.stream.read(MAX_BODY))
    if found is None:
        request.environ["PATH_INFO"] = "/_tracking/ignored"
    request.environ["wsgi.input"] = io.BytesIO(found or b"")
    return "", 204
