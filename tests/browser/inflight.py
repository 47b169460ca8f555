"""Knowing when a live test server has finished every request it began.

``server.shutdown()`` only stops accepting: the threads of requests already
begun (a page's last asset requests, say) go on and open database sessions.
A next test that resets the database meanwhile fails with "dictionary changed
size during iteration" in SQLAlchemy's ``close_all_sessions``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

WSGIApp = Callable[..., Iterable[bytes]]


class InFlight:
    """WSGI middleware counting the requests under way (body included)."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.active = 0
        self._changed = threading.Condition()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        with self._changed:
            self.active += 1
        try:
            result = self.app(environ, start_response)
            try:
                yield from result
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        finally:
            with self._changed:
                self.active -= 1
                self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no request is under way; False if ``timeout`` passed."""
        with self._changed:
            return self._changed.wait_for(lambda: self.active == 0, timeout)
