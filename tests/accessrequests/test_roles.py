"""Every access request action by every role: anonymous, a user of the
requesting institution, a user of another institution, a plain logged-in
user, the operator and the verifikator of the OPD producing the dataset,
walidata, a sysadmin and pembina.

A role that may not take a step is refused (``NotAuthorized``) and nothing
is written (the access request and institution tables, users, files and
stored bytes equal before and after); each allowed role then takes it."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest

from .support import (
    ROLES,
    Upload,
    blank_pdf,
    call,
    create,
    people_with_data,
    request_at,
    state,
)

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins", "mailbox"),
    pytest.mark.ckan_config("ckanext.satudata.otp.required_roles", ""),
]

WALIDATA = frozenset({"walidata", "sysadmin"})
MEMBER = frozenset({"institution_user"})
READERS = WALIDATA | MEMBER | {"pembina", "operator", "verifikator"}


def _refused(people: dict[str, Any], role: str, action: str, **data: Any) -> None:
    before = state()
    with pytest.raises(tk.NotAuthorized):
        call(people, role, action, **data)
    assert state() == before, (action, role)


def _check(people: dict[str, Any], action: str, allowed: frozenset[str],
           make: Any, **data: Any) -> None:
    """Refused for every role outside ``allowed``; each allowed role takes
    the step on a request of its own (``make()``: a request's number)."""
    ref = make()
    for role in ROLES:
        if role not in allowed:
            _refused(people, role, action, id=ref, **data)
    for role in sorted(allowed):
        before = state()
        call(people, role, action, id=make(), **data)
        assert state() != before, (action, role)


@pytest.fixture
def people() -> dict[str, Any]:
    return people_with_data()


def test_create(people: dict[str, Any]) -> None:
    for role in ROLES:
        if role in MEMBER | {"other_institution_user"}:
            before = state()
            assert create(people, role)["stage"] == "verifikasi_teknis"
            assert state() != before
        else:
            before = state()
            with pytest.raises(tk.NotAuthorized):
                create(people, role)
            assert state() == before, role


def test_show_and_list(people: dict[str, Any]) -> None:
    ref = create(people)["number"]
    for role in ROLES:
        if role in READERS:
            assert call(people, role, "access_request_show", id=ref)["number"] == ref
            found = call(people, role, "access_request_list")
            assert [row["number"] for row in found] == [ref], role
        else:
            _refused(people, role, "access_request_show", id=ref)
            if role == "anonymous":
                _refused(people, role, "access_request_list")
            else:
                assert call(people, role, "access_request_list") == [], role
    with pytest.raises(tk.ObjectNotFound):
        call(people, "walidata", "access_request_show", id="AD-2026-99999")


@pytest.mark.parametrize(("stage", "allowed"), [
    ("verifikasi_teknis", WALIDATA),
    ("verifikasi_substansi", WALIDATA | {"verifikator"}),
])
@pytest.mark.parametrize("action", ["advance", "return"])
def test_moving_a_stage(people: dict[str, Any], stage: str,
                        allowed: frozenset[str], action: str) -> None:
    data = {"stage": stage, "note": "Lengkapi dokumen", "comment": "OK"}
    _check(people, f"access_request_{action}", allowed,
           lambda: request_at(people, stage), **data)


def test_resubmit(people: dict[str, Any]) -> None:
    def returned() -> str:
        ref = create(people)["number"]
        call(people, "walidata", "access_request_return", id=ref,
             stage="verifikasi_teknis", note="Lengkapi")
        return ref

    _check(people, "access_request_resubmit", MEMBER, returned, comment="Sudah")


def test_extract(people: dict[str, Any]) -> None:
    _check(people, "access_request_extract", WALIDATA,
           lambda: request_at(people, "pengolahan_data"))


def test_bast_steps(people: dict[str, Any]) -> None:
    _check(people, "access_request_bast_document", MEMBER,
           lambda: request_at(people, "unduh_data"), bast_number="BAST/9")
    ref = request_at(people, "unduh_data")
    call(people, "institution_user", "access_request_bast_document", id=ref,
         bast_number="BAST/9")
    for role in ROLES:
        if role not in MEMBER:
            _refused(people, role, "access_request_bast_upload", id=ref,
                     upload=Upload(blank_pdf(), "bast.pdf"))
    call(people, "institution_user", "access_request_bast_upload", id=ref,
         upload=Upload(blank_pdf(), "bast.pdf"))
    for action in ("bast_approve", "bast_return"):
        _check(people, f"access_request_{action}", WALIDATA,
               lambda: request_at(people, "verifikasi_bast"), note="Stempel kurang")


def test_tokens_and_downloads(people: dict[str, Any]) -> None:
    ref = request_at(people, "selesai")
    item = call(people, "walidata", "access_request_show", id=ref)["items"][0]["id"]
    for role in ROLES:
        if role not in MEMBER:
            _refused(people, role, "access_request_token_issue", id=ref)
            _refused(people, role, "access_request_download", id=ref,
                     item_id=item, token="x" * 32)
    before = state()
    call(people, "institution_user", "access_request_token_issue", id=ref)
    assert state() != before
    # a member with a wrong token: refused, nothing counted
    before = state()
    with pytest.raises(tk.ValidationError):
        call(people, "institution_user", "access_request_download", id=ref,
             item_id=item, token="x" * 32)
    assert state() == before


def test_download_log(people: dict[str, Any]) -> None:
    for role in ROLES:
        if role in WALIDATA | {"pembina"}:
            assert call(people, role, "download_log_list") == []
        else:
            _refused(people, role, "download_log_list")
    # anybody logged in may list their own downloads, nobody else's
    own = people["institution_user"]["id"]
    assert call(people, "institution_user", "download_log_list", user_id=own) == []
    _refused(people, "plain", "download_log_list", user_id=own)


@pytest.mark.parametrize("stage", ["verifikasi_substansi", "unduh_data"])
def test_reject(people: dict[str, Any], stage: str) -> None:
    """Only the walidata reject, in any stage (also one the OPD's
    verifikator or the institution moves)."""
    _check(people, "access_request_reject", WALIDATA,
           lambda: request_at(people, stage), reason="Tujuan tidak sesuai")
