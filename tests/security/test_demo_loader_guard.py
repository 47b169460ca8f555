"""The demo loader resets the demo accounts' passwords — the sysadmin
``walidata`` among them — to the password printed in the README. On a real
portal that is a takeover: it runs only where the site says it is the demo.

Before the fix, ``ckan satudata demo load`` ran on any site (this test
failed: exit code 0 and the sysadmin's password was reset)."""

from __future__ import annotations

from typing import Any

import pytest
from ckan import model
from ckan.cli.cli import ckan
from ckan.tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")


def test_demo_load_refuses_on_a_site_that_is_not_the_demo(cli: Any) -> None:
    walidata = factories.Sysadmin(name="walidata", password="Rahasia-Kantor#1")
    before = model.User.get(walidata["id"]).password
    result = cli.invoke(ckan, ["satudata", "demo", "load"])
    assert result.exit_code != 0
    assert "ckanext.satudata.demo.site" in result.output
    model.Session.expire_all()
    assert model.User.get(walidata["id"]).password == before
    assert model.Session.query(model.Package).count() == 0


@pytest.mark.ckan_config("ckanext.satudata.demo.site", "true")
def test_the_guard_lets_a_demo_site_through(
    cli: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the flag the command reaches the loader (replaced here: the real
    load is covered by tests/test_demo.py)."""
    from ckanext.satudata.demo import loader

    calls: list[Any] = []
    monkeypatch.setattr(loader, "load", lambda echo: calls.append(echo))
    result = cli.invoke(ckan, ["satudata", "demo", "load"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
