"""A live portal and a headless Chromium (Debian's /usr/bin/chromium,
driven by Playwright) for tests of what a person clicks through."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from .inflight import InFlight

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_portal(app, ckan_config, monkeypatch, mailbox) -> Iterator[str]:
    """The test app served over HTTP on a free local port (and its site_url,
    so that CKAN's absolute redirects come back to it); its e-mail goes to
    the test SMTP server (``support.MAILBOX``)."""
    from .support import MAILBOX

    MAILBOX[:] = [mailbox]
    served = InFlight(app.app)
    server = make_server("127.0.0.1", 0, served, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setitem(ckan_config, "ckan.site_url", url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    thread.join()
    # requests begun before the shutdown still run in their own threads
    if not served.wait_idle(timeout=60):
        pytest.fail(f"the live portal still serves {served.active} request(s)"
                    " a minute after its test")
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
