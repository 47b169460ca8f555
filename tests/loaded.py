"""The plugins and the web app of the test ini, kept from test to test.

CKAN's ``with_plugins`` loads every plugin before a test and unloads them
after it (about 1.2 s a test), and its ``app`` builds the whole web app
again, plugins reloaded included (about 1.9 s). With some 1,300 and 700
tests using them, that was half of ``make test``.

Here a test that changes nothing (no ``ckan_config``, ``with_plugins`` or
``provide_plugin`` mark) gets the plugins of the test ini as the previous
such test left them, and a fresh test client of the same web app. The
moment anything else loads plugins (a marked test, a ``make_app`` call,
``load_all`` in a test), the plugin instances change, and the next
unmarked test loads them again and builds a new app: reuse needs the very
plugin instances the kept state was made with.

A test that must change the web app itself (add a route) calls
``make_app()`` for an app of its own.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

#: The state made for unmarked tests: the ids of the plugin instances it
#: was made with, and the web app built with them (if one was asked for).
_KEPT: dict[str, Any] = {"services": None, "app": None}


def _services() -> tuple[int, ...]:
    from ckan.plugins import core

    return tuple(id(service) for service in core._PLUGINS_SERVICE.values())


def _unmarked(request: pytest.FixtureRequest) -> bool:
    node = request.node
    return not any(
        any(node.iter_markers(name))
        for name in ("ckan_config", "with_plugins", "provide_plugin")
    )


def _kept() -> bool:
    return bool(_KEPT["services"]) and _KEPT["services"] == _services()


def _keep(app: Any = None) -> None:
    _KEPT["services"] = _services()
    _KEPT["app"] = app


def _forget() -> None:
    _KEPT["services"] = None
    _KEPT["app"] = None


@pytest.fixture
def with_plugins(request: pytest.FixtureRequest) -> Iterator[None]:
    """CKAN's ``with_plugins``, which keeps the plugins of the test ini
    loaded for the next unmarked test; a marked test gets CKAN's own (the
    fixture this one overrides: same marks, same meaning)."""
    import ckan.plugins

    if not _unmarked(request):
        _forget()
        yield request.getfixturevalue("with_plugins")
        return
    if not _kept():
        ckan.plugins.load_all()
        _keep()
    yield


@pytest.fixture
def app(make_app: Any, request: pytest.FixtureRequest) -> Any:
    """CKAN's ``app``: a test client of the web app. Unmarked tests share one
    web app (each with a client of its own, so no cookie carries over)."""
    from ckan.common import config
    from ckan.tests.helpers import CKANTestApp

    if not _unmarked(request):
        _forget()
        return request.getfixturevalue("app")  # CKAN's, which this overrides
    if _kept() and _KEPT["app"] is not None:
        config["testing"] = True
        return CKANTestApp(_KEPT["app"])
    test_app = make_app()
    _keep(test_app.app)
    return test_app
