"""The demo institutions (``ckanext/satudata/demo/institutions.py``,
``demo/data/institutions.yaml``): one approved, whose users have accounts
with the demo password and a complete profile, one waiting for the
walidata; a second load changes nothing. Loaded on their own, with only
the demo's ``walidata`` account (the whole demo: ``tests/test_demo.py``)."""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan import model

from ckanext.satudata import files
from ckanext.satudata.demo import catalogue, loader
from ckanext.satudata.demo import institutions as demo
from ckanext.satudata.demo.calls import Ckan
from ckanext.satudata.institutions import api, identity, store

from .support import state

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _walidata() -> None:
    [account] = [a for a in catalogue.ACCOUNTS if a.name == demo.WALIDATA]
    loader._ensure_account(Ckan(), account, loader.demo_password())


def _listed() -> list[dict[str, Any]]:
    return tk.get_action("satudata_institution_list")(
        {"user": demo.WALIDATA, "ignore_auth": False}, {})["results"]


def _show(institution_id: str) -> dict[str, Any]:
    return tk.get_action("satudata_institution_show")(
        {"user": demo.WALIDATA, "ignore_auth": False}, {"id": institution_id})


def test_the_yaml_is_valid() -> None:
    found = demo.targets()
    assert {target.status for target in found} == {"diajukan", "disetujui"}
    for target in found:
        assert all(identity.nip_problem(p.id_number) is None for p in target.users)
    [approved] = [t for t in found if t.status == "disetujui"]
    assert 2 <= len(approved.users) <= 3
    assert demo.logo(approved).startswith(b"\x89PNG\r\n\x1a\n")


def test_the_demo_institutions(app: Any, mailbox: Any) -> None:
    _walidata()
    output: list[str] = []
    demo.load(echo=output.append)
    assert "  institutions: 2 created" in output, output
    assert "  institution accounts: 3 created" in output, output

    by_name = {item["name"]: item for item in _listed()}
    assert set(by_name) == {"Bappeda Provinsi Jawa Tengah", "Universitas Diponegoro"}
    bappeda = _show(by_name["Bappeda Provinsi Jawa Tengah"]["id"])
    undip = _show(by_name["Universitas Diponegoro"]["id"])
    assert (bappeda["status"], undip["status"]) == ("disetujui", "diajukan")
    assert bappeda["category"] == "pemerintah_provinsi"
    assert undip["category"] == "perguruan_tinggi"

    # the approved institution's users: accounts with the demo password,
    # found as its users; its profile is complete
    names = [person["user_name"] for person in bappeda["users"]]
    assert names == ["dwi-rahayu", "agus-setiawan", "rina-kusumawati"]
    for person in bappeda["users"]:
        user = model.User.get(person["user_name"])
        assert user is not None and user.state == "active"
        assert user.email == person["email"]
        assert user.email.endswith("@jatengprov.go.id")
        assert user.validate_password(loader.demo_password())
        assert not user.sysadmin
        found = api.institution_of(user.name)
        assert found is not None
        assert found["id"] == bappeda["id"]
        assert found["profile_complete"]
        # each new account was e-mailed its set-password link
        assert mailbox.to(user.email)
    assert bappeda["profile_complete"] and not bappeda["profile_missing"]
    assert bappeda["address"].startswith("Jl. Pemuda")
    assert set(bappeda["files"]) == {"letter", "logo", "sdi"}
    assert bappeda["phone"] == "+62243515591"
    assert api.profile_complete(bappeda["id"])
    row = store.get(bappeda["id"])
    assert row is not None
    assert files.read(row["logo_file_id"]).startswith(b"\x89PNG")
    assert files.read(row["sdi_file_id"]).startswith(b"%PDF")

    # the waiting one: no accounts yet
    assert [person["user_name"] for person in undip["users"]] == [None, None]
    assert set(undip["files"]) == {"letter"}
    assert api.institution_of(None) is None
    assert all(model.User.by_email(p["email"]) is None for p in undip["users"])

    before = state()
    again: list[str] = []
    demo.load(echo=again.append)
    assert "  institutions: 2 unchanged" in again, again
    assert "  institution accounts: 3 unchanged" in again, again
    assert state() == before


def test_an_interrupted_load_is_moved_on(app: Any) -> None:
    """A registration left waiting (a load stopped before the approval) is
    approved, its profile filled, by the next load."""
    _walidata()
    [approved] = [t for t in demo.targets() if t.status == "disetujui"]
    demo._register(Ckan(), approved)
    output: list[str] = []
    demo.load(echo=output.append)
    assert any(re.fullmatch(r"\s*institutions: 1 created, 1 moved", line)
               for line in output), output
    found = api.institution_of("dwi-rahayu")
    assert found is not None and found["profile_complete"]
