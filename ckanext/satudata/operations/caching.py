"""Which answers a shared cache (nginx, a proxy) may keep.

CKAN marks a page ``Cache-Control: public`` when it rendered a template for
an anonymous visitor, and ``private`` when someone is logged in, but an
answer that rendered no template (the Action API, a download, a file) is
marked ``public`` even for a logged-in user or an API token. This hook
runs just before CKAN's own (Flask runs ``after_request`` functions in
reverse order of registration) and makes every answer to a logged-in user,
an API token or a write ``private``, and every answer to a URL carrying a
secret token (access-request downloads, survey links) ``no-store``.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Response, request

_SAFE_METHODS = {"GET", "HEAD"}


def _personal() -> bool:
    if request.method not in _SAFE_METHODS:
        return True
    header = tk.config.get("apitoken_header_name") or "Authorization"
    if request.headers.get("Authorization") or request.headers.get(header):
        return True
    user = tk.current_user
    return bool(user and user.is_authenticated)


def _secret_url() -> bool:
    """A token in the URL, or in a URL it carries (the login page's
    ``came_from`` after a download link)."""
    if "token" in request.args or "token" in (request.view_args or {}):
        return True
    return any("token=" in value for value in request.args.values())


def mark_answer(response: Response) -> Response:
    if _secret_url():
        response.headers["Cache-Control"] = "no-store"
        request.environ["__no_cache__"] = True
    elif _personal():
        request.environ["__no_cache__"] = True
    return response


def install(app: Any) -> Any:
    app.after_request(mark_answer)
    return app
