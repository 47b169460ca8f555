from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def figures() -> Any:
    """This site's request figures emptied in Redis, recording resumed
    (a Redis failure of an earlier test pauses it)."""
    from ckanext.satudata.metrics import store

    store.resume()
    store.clear()
    yield store
    store.resume()
    store.clear()


@pytest.fixture
def staff() -> dict[str, Any]:
    """One user of each role: operator and verifikator of an OPD, the
    verifikator of another OPD, walidata (editor of the walidata
    organization), pembina (member of bps), a sysadmin and a plain user."""
    from ckan.tests import factories

    people = {name: factories.User(name=name) for name in (
        "operator", "verifikator", "verifikator-lain", "walidata", "pembina",
        "warga")}
    factories.Organization(name="disdukcapil", users=[
        {"name": "operator", "capacity": "editor"},
        {"name": "verifikator", "capacity": "admin"},
    ])
    factories.Organization(name="dinkes", users=[
        {"name": "verifikator-lain", "capacity": "admin"},
    ])
    factories.Organization(name="diskominfo", users=[
        {"name": "walidata", "capacity": "editor"},
    ])
    factories.Organization(name="bps", users=[
        {"name": "pembina", "capacity": "member"},
    ])
    people["sysadmin"] = factories.Sysadmin(name="admin-portal")
    return people
