"""The live portal's teardown waits for requests begun before it."""

from __future__ import annotations

import threading

from .inflight import InFlight


def test_waits_for_a_request_until_its_body_is_sent() -> None:
    release = threading.Event()
    closed: list[bool] = []

    class Body:
        def __iter__(self):
            release.wait(5)
            yield b"late"

        def close(self) -> None:
            closed.append(True)

    def app(environ, start_response):
        start_response("200 OK", [])
        return Body()

    served = InFlight(app)
    sent: list[bytes] = []
    worker = threading.Thread(
        target=lambda: sent.extend(served({}, lambda *a: None)))
    worker.start()
    try:
        assert not served.wait_idle(timeout=0.2)
        assert served.active == 1
    finally:
        release.set()
    assert served.wait_idle(timeout=5)
    worker.join(5)
    assert sent == [b"late"]
    assert closed == [True]
    assert served.active == 0


def test_a_failing_request_is_no_longer_counted() -> None:
    def app(environ, start_response):
        raise RuntimeError("broken")

    served = InFlight(app)
    try:
        list(served({}, lambda *a: None))
    except RuntimeError:
        pass
    else:
        raise AssertionError("the application's error was swallowed")
    assert served.active == 0
    assert served.wait_idle(timeout=0)
