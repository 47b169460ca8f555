"""Who is asking: the client's IP address and user agent of the current
request (empty outside a request).

The address is Flask's ``request.remote_addr``. CKAN's ``g.remote_addr``
prefers the ``X-Forwarded-For`` header, which any client can set; behind
a reverse proxy the proxy's address is replaced by the client's with
werkzeug's ``ProxyFix`` (see docs/deployment.md), never by trusting the
header here.
"""

from __future__ import annotations

from flask import has_request_context, request


def ip() -> str:
    if not has_request_context():
        return ""
    return request.remote_addr or ""


def user_agent() -> str:
    if not has_request_context():
        return ""
    return (request.headers.get("User-Agent") or "")[:300]
