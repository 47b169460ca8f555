"""The whole path of an access request through the actions, with the
e-mails read from a real local SMTP server: filing → Verifikasi Teknis →
Verifikasi Substansi (the OPD's verifikator) → Verifikasi Koordinator →
Pengolahan Data (detection and extract as background jobs) → Cek Kualitas →
Unduh Data (BAST number, BAST document, signed BAST) → Verifikasi BAST →
token e-mail → three downloads, the fourth refused; an expired token, and
another request's or user's token, refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import helpers

from ckanext.satudata import files
from ckanext.satudata.accessrequests import model as tables

from .support import (
    COLUMNS,
    IDENTIFYING,
    Upload,
    blank_pdf,
    call,
    create,
    people_with_data,
    request_at,
    run_jobs,
    state,
)

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins", "mailbox"),
    pytest.mark.ckan_config("ckanext.satudata.otp.required_roles", ""),
]

TOKEN = re.compile(r"^\s{2}(\S{20,})\s*$", re.M)


def _token(mailbox: Any, address: str) -> str:
    found = mailbox.to(address)
    assert found, f"no e-mail to {address}"
    match = TOKEN.search(mailbox.text(found[-1]))
    assert match, mailbox.text(found[-1])
    return match.group(1)


def _through_processing(people: dict[str, Any], request: dict[str, Any],
                        remove: dict[str, list[str]] | None = None) -> dict[str, Any]:
    ref = request["number"]
    call(people, "walidata", "access_request_advance", id=ref,
         stage="verifikasi_teknis", comment="Dokumen lengkap")
    call(people, "verifikator", "access_request_advance", id=ref,
         stage="verifikasi_substansi", comment="Sesuai kebutuhan")
    call(people, "walidata", "access_request_advance", id=ref,
         stage="verifikasi_koordinator")
    run_jobs()  # the detection
    shown = call(people, "walidata", "access_request_show", id=ref)
    assert shown["stage"] == "pengolahan_data"
    chosen = set(shown["items"][0]["variables"])
    assert set(shown["items"][0]["identifying"]) == IDENTIFYING & chosen
    call(people, "walidata", "access_request_extract", id=ref, remove=remove or {})
    run_jobs()  # the extract
    shown = call(people, "walidata", "access_request_show", id=ref)
    assert shown["items"][0]["report"]["status"] == "ready", shown["items"][0]
    call(people, "walidata", "access_request_advance", id=ref,
         stage="pengolahan_data")
    return call(people, "walidata", "access_request_advance", id=ref,
                stage="cek_kualitas", comment="Jumlah baris sesuai")


def test_the_whole_path(mailbox: Any) -> None:
    people = people_with_data()
    request = create(people)
    assert request["number"].startswith("AD-")
    assert request["stage"] == "verifikasi_teknis"
    shown = _through_processing(people, request)
    assert shown["stage"] == "unduh_data"
    assert shown["delivered"] is not None
    report = shown["items"][0]["report"]
    assert report["rows"] == 3
    assert set(report["removed"]) >= IDENTIFYING
    assert not set(report["columns"]) & IDENTIFYING

    # the institution: BAST number, the BAST document, the signed BAST
    ref = request["number"]
    with pytest.raises(tk.ValidationError):
        call(people, "institution_user", "access_request_bast_upload", id=ref,
             upload=Upload(blank_pdf(), "bast.pdf"))
    shown = call(people, "institution_user", "access_request_bast_document", id=ref,
                 bast_number="BAST/07/2026")
    assert shown["bast_document"]["number"]
    shown = call(people, "institution_user", "access_request_bast_upload", id=ref,
                 upload=Upload(blank_pdf(), "bast-ttd.pdf"))
    assert shown["stage"] == "verifikasi_bast"
    shown = call(people, "walidata", "access_request_bast_approve", id=ref,
                 comment="BAST sah")
    assert (shown["status"], shown["stage"]) == ("selesai", "selesai")
    stages = [row["stage"] for row in shown["stages"]]
    assert stages == ["permohonan", "verifikasi_teknis", "verifikasi_substansi",
                      "verifikasi_koordinator", "pengolahan_data", "cek_kualitas",
                      "unduh_data", "verifikasi_bast", "selesai"]
    assert all(row["done"] for row in shown["stages"])

    token = _token(mailbox, "pegawai1@jatengprov.go.id")
    item = shown["items"][0]["id"]
    for _ in range(3):
        got = call(people, "institution_user", "access_request_download", id=ref,
                   item_id=item, token=token)
        rows = list(csv.reader(io.StringIO(files.read(got["file_id"]).decode(
            "utf-8-sig"))))
        assert rows[0] == [c for c in COLUMNS if c not in IDENTIFYING]
        assert len(rows) == 4
    before = state()
    with pytest.raises(tk.ValidationError) as refused:
        call(people, "institution_user", "access_request_download", id=ref,
             item_id=item, token=token)
    assert list(refused.value.error_dict) == ["token"]
    assert state() == before
    log = call(people, "walidata", "download_log_list", request_id=shown["id"])
    assert len(log) == 3
    assert log[0]["bast_number"] == "BAST/07/2026"
    assert log[0]["sha256"] == got["sha256"]

    # a new token works again, the old one stays refused
    call(people, "institution_user", "access_request_token_issue", id=ref)
    fresh = _token(mailbox, "pegawai1@jatengprov.go.id")
    assert fresh != token
    call(people, "institution_user", "access_request_download", id=ref,
         item_id=item, token=fresh)


def test_tokens_expire_and_are_bound(mailbox: Any, freezer: Any) -> None:
    people = people_with_data(level="2")
    freezer.move_to(dt.datetime(2026, 8, 3, 9, tzinfo=dt.timezone.utc))
    first = create(people, variables=["Pekerjaan", "Umur"])
    shown = _through_processing(people, first)
    # level 2 only: no BAST, the token at once
    assert (shown["status"], shown["stage"]) == ("selesai", "selesai")
    token = _token(mailbox, "pegawai1@jatengprov.go.id")
    item = shown["items"][0]["id"]
    second = _through_processing(people, create(people, variables=["Umur"]))
    # another request's token
    with pytest.raises(tk.ValidationError):
        call(people, "institution_user", "access_request_download",
             id=second["number"], item_id=second["items"][0]["id"], token=token)
    # another user's: the other institution may not even try
    with pytest.raises(tk.NotAuthorized):
        call(people, "other_institution_user", "access_request_download",
             id=first["number"], item_id=item, token=token)
    # five days later the token has expired
    freezer.move_to(dt.datetime(2026, 8, 8, 9, 1, tzinfo=dt.timezone.utc))
    with pytest.raises(tk.ValidationError) as refused:
        call(people, "institution_user", "access_request_download",
             id=first["number"], item_id=item, token=token)
    assert "expired" in refused.value.error_dict["token"][0] or "kedaluwarsa" in \
        refused.value.error_dict["token"][0]


def test_return_and_resubmit_pause_the_stage(mailbox: Any) -> None:
    people = people_with_data()
    request = create(people)
    ref = request["number"]
    with pytest.raises(tk.ValidationError):
        call(people, "walidata", "access_request_return", id=ref,
             stage="verifikasi_teknis", note="")
    shown = call(people, "walidata", "access_request_return", id=ref,
                 stage="verifikasi_teknis", note="KAK belum ditandatangani")
    assert shown["status"] == "dikembalikan"
    assert shown["return_note"] == "KAK belum ditandatangani"
    # a returned request cannot be moved on
    with pytest.raises(tk.ValidationError):
        call(people, "walidata", "access_request_advance", id=ref,
             stage="verifikasi_teknis")
    shown = call(people, "institution_user", "access_request_resubmit", id=ref,
                 comment="KAK diganti", kak=Upload(blank_pdf(), "kak-baru.pdf"))
    assert shown["status"] == "diproses"
    pauses = shown["stages"][1]["pauses"]
    assert len(pauses) == 1 and pauses[0]["ended"]
    assert [f["kind"] for f in shown["files"]].count("kak") == 2


def test_level_4_needs_the_coordinators_approval(mailbox: Any) -> None:
    people = people_with_data(level="4")
    ref = create(people)["number"]
    call(people, "walidata", "access_request_advance", id=ref,
         stage="verifikasi_teknis")
    call(people, "verifikator", "access_request_advance", id=ref,
         stage="verifikasi_substansi")
    with pytest.raises(tk.ValidationError) as refused:
        call(people, "walidata", "access_request_advance", id=ref,
             stage="verifikasi_koordinator")
    assert list(refused.value.error_dict) == ["identity_approved"]
    shown = call(people, "walidata", "access_request_advance", id=ref,
                 stage="verifikasi_koordinator", identity_approved=True)
    assert shown["stage"] == "pengolahan_data"
    run_jobs()
    call(people, "walidata", "access_request_extract", id=ref)
    run_jobs()
    shown = call(people, "walidata", "access_request_show", id=ref)
    assert set(shown["items"][0]["report"]["columns"]) == set(COLUMNS)


def test_no_path_reveals_the_values(mailbox: Any, app: Any) -> None:
    """Before and after delivery, nobody reads the terbatas values but
    through the token: not the institution through CKAN's API (dataset,
    DataStore, files), not the notifications or e-mails."""
    people = people_with_data()
    ref = request_at(people, "selesai")
    shown = call(people, "walidata", "access_request_show", id=ref)
    extract = next(f for f in shown["files"] if f["kind"] == "extract")
    secret = ("3374010101900001", "Budi Santoso")
    from tests.indicators.support import as_user

    for role in ("institution_user", "other_institution_user", "plain"):
        context = as_user(people[role])
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("package_show", dict(context),
                                id=people["dataset"]["id"])
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("datastore_search", dict(context),
                                resource_id=people["resource_id"])
        row = model.Session.execute(sa.select(tables.file_table).where(
            tables.file_table.c.id == extract["id"])).mappings().one()
        with pytest.raises(tk.NotAuthorized):
            helpers.call_auth("file_show", dict(context), id=row["file_id"])
        # the institution's own view of the request lists no extract file
        if role == "institution_user":
            mine = call(people, role, "access_request_show", id=ref)
            assert all(f["kind"] != "extract" for f in mine["files"])
    for message in mailbox.messages:
        text = str(message[2])
        assert not any(value in text for value in secret)
    rows = model.Session.execute(sa.text(
        "select data::text from satudata_notification")).scalars().all()
    assert rows and not any(value in row for row in rows for value in secret)


def test_a_rejection_is_final(mailbox: Any) -> None:
    people = people_with_data()
    ref = request_at(people, "verifikasi_substansi")
    # a reason is required, and nothing is written without it
    before = state()
    with pytest.raises(tk.ValidationError) as refused:
        call(people, "walidata", "access_request_reject", id=ref, reason="  ")
    assert "reason" in refused.value.error_dict
    assert state() == before
    # returned and waiting for the institution: it may still be rejected
    call(people, "verifikator", "access_request_return", id=ref,
         stage="verifikasi_substansi", note="Lengkapi KAK")
    shown = call(people, "walidata", "access_request_reject", id=ref,
                 reason="Data yang diminta bukan kewenangan pemohon")
    assert (shown["status"], shown["stage"]) == ("ditolak", "verifikasi_substansi")
    assert shown["reject_reason"] == "Data yang diminta bukan kewenangan pemohon"
    assert shown["rejected"] and shown["return_note"] == ""
    assert shown["status_label"] in ("Ditolak", "Rejected")
    # the open stage ends there, with the reason; its pause too
    stage = shown["stages"][-1]
    assert stage["stage"] == "verifikasi_substansi" and stage["finished"]
    assert stage["comment"] == "Data yang diminta bukan kewenangan pemohon"
    assert all(pause["ended"] for pause in stage["pauses"])
    assert not any(shown["can"].values())
    # the institution is told why, by e-mail
    run_jobs()
    (message,) = [m for m in mailbox.to("pegawai1@jatengprov.go.id")
                  if "ditolak" in mailbox.text(m).lower()]
    text = mailbox.text(message)
    assert ref in text and "Data yang diminta bukan kewenangan pemohon" in text
    # nothing moves it any more: no stage, no resubmission, no second rejection
    before = state()
    for role, action, data in (
            ("walidata", "access_request_advance", {"stage": "verifikasi_substansi"}),
            ("institution_user", "access_request_resubmit", {"comment": "Sudah"}),
            ("walidata", "access_request_reject", {"reason": "Lagi"}),
            ("institution_user", "access_request_token_issue", {})):
        with pytest.raises((tk.ValidationError, tk.NotAuthorized)):
            call(people, role, action, id=ref, **data)
    assert state() == before
    # the list filters on it
    listed = call(people, "walidata", "access_request_list", status="ditolak")
    assert [row["number"] for row in listed] == [ref]


def test_a_completed_request_cannot_be_rejected(mailbox: Any) -> None:
    people = people_with_data(level="2")
    ref = request_at(people, "cek_kualitas")
    call(people, "walidata", "access_request_advance", id=ref, stage="cek_kualitas")
    shown = call(people, "walidata", "access_request_show", id=ref)
    assert shown["status"] == "selesai"
    before = state()
    with pytest.raises(tk.ValidationError):
        call(people, "walidata", "access_request_reject", id=ref, reason="Terlambat")
    assert state() == before
