"""Every institution action by every role: anonymous, a user of the
institution, a user of another institution, a plain logged-in user, the
operator and the verifikator of an OPD, walidata, a sysadmin and pembina.

A role that may not take a step is refused (``NotAuthorized``) and nothing
is written (the institution tables, CKAN's users and files, the stored
bytes equal before and after); each allowed role then takes it."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan import model

from ckanext.satudata.institutions import api

from .support import ROLES, Upload, call, make_people, png, register, state

pytestmark = [
    pytest.mark.usefixtures("clean_db", "with_plugins", "mailbox"),
    pytest.mark.ckan_config("ckanext.satudata.otp.required_roles", ""),
]

WALIDATA = frozenset({"walidata", "sysadmin"})
READERS = WALIDATA | {"pembina"}


def _refused(people: dict[str, Any], role: str, action: str, **data: Any) -> None:
    before = state()
    with pytest.raises(tk.NotAuthorized):
        call(people, role, action, **data)
    assert state() == before, (action, role)


def test_anybody_registers() -> None:
    people = make_people()
    for n, role in enumerate(ROLES):
        before = state()
        found = register(people, f"kab{n}.go.id", role=role)
        assert found["status"] == "diajukan", role
        assert state() != before
        assert len(found["users"]) == 2


def test_show() -> None:
    people = make_people()
    institution = people["institution"]["id"]
    allowed = READERS | {"institution_user"}
    for role in ROLES:
        if role in allowed:
            shown = call(people, role, "show", id=institution)
            assert shown["id"] == institution
            own = role in WALIDATA | {"institution_user"}
            assert (shown["users"][0]["id_number"] == "198501152010011001") is own
        else:
            _refused(people, role, "show", id=institution)
    with pytest.raises(tk.ObjectNotFound):
        call(people, "walidata", "show", id="no-such-institution")


def test_list() -> None:
    people = make_people()
    register(people, "kabx.go.id")
    for role in ROLES:
        if role in READERS:
            found = call(people, role, "list")
            assert found["count"] == 3
            assert call(people, role, "list", status="diajukan")["count"] == 1
        else:
            _refused(people, role, "list")


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_decisions(action: str) -> None:
    people = make_people()
    pending = register(people, "kabx.go.id")
    data = {"id": pending["id"], "notes": "Surat belum ditandatangani"}
    for role in ROLES:
        if role not in WALIDATA:
            _refused(people, role, action, **data)
    after = "disetujui" if action == "approve" else "ditolak"
    for n, role in enumerate(sorted(WALIDATA)):
        mine = pending if n == 0 else register(people, f"kaby{n}.go.id")
        before = state()
        result = call(people, role, action, **{**data, "id": mine["id"]})
        assert result["status"] == after
        assert state() != before
        # a decided registration cannot be decided again
        before = state()
        with pytest.raises(tk.ValidationError) as refused:
            call(people, role, action, **{**data, "id": mine["id"]})
        assert list(refused.value.error_dict) == ["status"]
        assert state() == before


def test_update() -> None:
    people = make_people()
    institution = people["institution"]["id"]
    allowed = WALIDATA | {"institution_user"}
    for role in ROLES:
        if role not in allowed:
            _refused(people, role, "update", id=institution, address="Jl. X",
                     logo=Upload(png(), "logo.png"))
    for n, role in enumerate(sorted(allowed)):
        before = state()
        found = call(people, role, "update", id=institution,
                     address=f"Jl. Pahlawan No. {n + 1}, Semarang",
                     logo=Upload(png(), "logo.png"))
        assert found["address"] == f"Jl. Pahlawan No. {n + 1}, Semarang"
        assert found["profile_complete"] is True
        assert state() != before


def test_correction_needs_the_token() -> None:
    people = make_people()
    pending = register(people, "kabx.go.id")
    call(people, "walidata", "reject", id=pending["id"], notes="Perbaiki NIP")
    for role in ROLES:
        _refused(people, role, "register", registration_id=pending["id"], token="salah",
                 category="pemerintah_provinsi")
        _refused(people, role, "show", id=pending["id"], token="salah") \
            if role not in READERS else None


def test_api_institution_of() -> None:
    people = make_people()
    mine = api.institution_of("andi")
    assert mine is not None and mine["id"] == people["institution"]["id"]
    assert mine["profile_complete"] is False
    assert api.profile_missing(mine["id"]) == ["logo", "address"]
    assert api.institution_of("warga") is None
    assert api.institution_of(None) is None
    user = model.User.get("pegawai2")
    assert user is not None and api.institution_of(user)["id"] == mine["id"]
