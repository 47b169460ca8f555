"""The signed approval document of a change request
(``satudata_change_request_upload_approval``): what is refused by its
content — through the HTTP API, in Indonesian — leaves the request as it
was; a PDF signed electronically (a certificate made here, signed with
pyHanko) is read as ``electronic`` with its signer, a plain one as
``wet_ink``."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers
from cryptography.hazmat.primitives.asymmetric import ec
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from ckanext.satudata import pdfcheck
from tests.indicators.support import Api, as_user
from tests.test_pdfsign import certificate, name, sign

from .support import (
    Upload,
    blank_pdf,
    changes_state,
    create,
    publish,
    upload,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")

ACTION = "satudata_change_request_upload_approval"
SIGNER = "Budi Santoso"
SIGNER_ORGANISATION = "Dinas Kependudukan Kota Contoh"

# The Indonesian messages (ckanext/satudata/i18n/source/id.po): the
# refusal, then the reason of pdfcheck.
REFUSED_PREFIX = "Dokumen persetujuan bertanda tangan ditolak: "
NOT_PDF = "Berkas bukan PDF."
JAVASCRIPT = "PDF mengandung JavaScript."
TOO_LARGE = "Berkas lebih besar dari 1024 KB."
DAMAGED = "PDF tidak dapat dibaca; mungkin berkasnya rusak."


# ---- files ------------------------------------------------------------------

def windows_program() -> bytes:
    """The start of a Windows program (``MZ`` header, DOS stub)."""
    header = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    stub = b"This program cannot be run in DOS mode.\r\r\n$"
    return header + bytes(48) + stub + bytes(4096)


def pdf_with_javascript() -> bytes:
    """A PDF that runs JavaScript when opened."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('x');"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def large_pdf(size: int = 3 * 1024 * 1024) -> bytes:
    """A valid one-page PDF of about ``size`` bytes (a long title)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Lampiran " + "0123456789" * (size // 10)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_image() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


REFUSED = {
    # kind: (content, file name, the Indonesian reason)
    "renamed program": (windows_program(), "persetujuan.pdf", NOT_PDF),
    "javascript": (pdf_with_javascript(), "persetujuan.pdf", JAVASCRIPT),
    "3 MB": (large_pdf(), "persetujuan.pdf", TOO_LARGE),
    "truncated": (blank_pdf(2)[:300], "persetujuan.pdf", DAMAGED),
    "png image": (png_image(), "persetujuan.png", NOT_PDF),
}


def _files_are_what_they_claim() -> None:
    """Each refused file is refused for its own reason only: the 3 MB PDF
    passes every check but the size, and the program is a program."""
    assert REFUSED["renamed program"][0].startswith(b"MZ")
    big = REFUSED["3 MB"][0]
    assert len(big) > 3 * 1024 * 1024
    assert pdfcheck.problems(big, max_bytes=len(big), max_pages=20) == []
    assert REFUSED["png image"][0].startswith(b"\x89PNG")
    for kind, (content, _, _) in REFUSED.items():
        found = pdfcheck.problems(content, max_bytes=1024 * 1024, max_pages=20)
        assert len(found) == 1, (kind, found)


@pytest.fixture(scope="module")
def signed_pdf() -> bytes:
    """A blank PDF signed (PAdES) with a self-signed certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    identity = certificate(key, name(SIGNER, SIGNER_ORGANISATION))
    return sign(blank_pdf(), identity.signer())


# ---- helpers ----------------------------------------------------------------

@pytest.fixture
def request_(people: dict[str, Any]) -> dict[str, Any]:
    """A change request of the published period, waiting for its signed
    document."""
    publish(people)
    return create(people)


def _show(people: dict[str, Any], request_id: str) -> dict[str, Any]:
    return helpers.call_action("satudata_change_request_show",
                               as_user(people["operator"]), id=request_id)


def _kept(shown: dict[str, Any]) -> dict[str, Any]:
    """What a refused upload must not change."""
    return {key: shown[key] for key in ("status", "approval", "modified")}


def _refused_through_the_api(api: Api, people: dict[str, Any],
                             request_id: str) -> None:
    api.headers(people["operator"])  # the token exists before the snapshot
    for kind, (content, filename, reason) in REFUSED.items():
        before, shown = changes_state(), _kept(_show(people, request_id))
        body = api.upload(ACTION, people["operator"], content, filename,
                          status=409, id=request_id)
        error = body["error"]
        assert error["__type"] == "Validation Error", kind
        assert set(error) == {"__type", "upload"}, (kind, error)
        [text] = error["upload"]
        assert text == f"{REFUSED_PREFIX}{reason}", (kind, text)
        assert changes_state() == before, kind
        assert _kept(_show(people, request_id)) == shown, kind


# ---- refused ------------------------------------------------------------------

def test_refused_files_leave_a_request_waiting_for_its_document(
    api: Api, people: dict[str, Any], request_: dict[str, Any],
) -> None:
    _files_are_what_they_claim()
    _refused_through_the_api(api, people, request_["id"])
    shown = _show(people, request_["id"])
    assert shown["status"] == "waiting_upload"
    assert shown["approval"] is None
    assert [e["action"] for e in shown["events"]] == ["create"]


def test_refused_files_keep_the_document_already_uploaded(
    api: Api, people: dict[str, Any], request_: dict[str, Any],
) -> None:
    first = upload(people, request_["id"])
    assert first["status"] == "waiting_approval"
    _refused_through_the_api(api, people, request_["id"])
    shown = _show(people, request_["id"])
    assert shown["status"] == "waiting_approval"
    assert shown["approval"]["sha256"] == first["approval"]["sha256"]
    assert shown["approval"]["signature"] == "wet_ink"
    assert [e["action"] for e in shown["events"]] == ["create", "upload"]


def test_the_action_refuses_on_upload_and_writes_nothing(
    people: dict[str, Any], request_: dict[str, Any],
) -> None:
    before = changes_state()
    for kind, (content, filename, _) in REFUSED.items():
        with pytest.raises(tk.ValidationError) as refused:
            helpers.call_action(ACTION, as_user(people["operator"]),
                                id=request_["id"], upload=Upload(content, filename))
        assert list(refused.value.error_dict) == ["upload"], kind
        assert len(refused.value.error_dict["upload"]) == 1, kind
        assert changes_state() == before, kind
    for empty in ({}, {"upload": Upload(b"")}):
        with pytest.raises(tk.ValidationError) as refused:
            helpers.call_action(ACTION, as_user(people["operator"]),
                                id=request_["id"], **empty)
        assert list(refused.value.error_dict) == ["upload"]
        assert changes_state() == before
    assert _show(people, request_["id"])["status"] == "waiting_upload"


# ---- accepted -------------------------------------------------------------------

def test_an_electronically_signed_pdf(api: Api, people: dict[str, Any],
                                      request_: dict[str, Any],
                                      signed_pdf: bytes) -> None:
    body = api.upload(ACTION, people["operator"], signed_pdf, "persetujuan.pdf",
                      id=request_["id"])
    result = body["result"]
    assert result["status"] == "waiting_approval"
    approval = result["approval"]
    assert approval["signature"] == "electronic"
    assert SIGNER in approval["signature_text"]
    # the HTTP API speaks Indonesian
    assert approval["signature_text"].startswith(
        "Ditandatangani secara elektronik oleh"), approval["signature_text"]
    [signature] = approval["signatures"]
    assert signature["common_name"] == SIGNER
    assert signature["intact"] and not signature["trusted"]
    assert approval["name"] == "persetujuan.pdf"
    # what is kept is the uploaded file, byte for byte
    assert approval["sha256"] == hashlib.sha256(signed_pdf).hexdigest()
    assert approval["uploaded_by"] == people["operator"]["fullname"]

    # replaced by the same PDF with a byte of the signed range changed: still
    # a PDF, accepted, but its signature is not intact
    damaged = bytearray(signed_pdf)
    damaged[signed_pdf.index(b"\n") + 2] ^= 0x01
    replaced = upload(people, request_["id"], bytes(damaged))
    assert replaced["status"] == "waiting_approval"
    assert replaced["approval"]["signature"] == "broken"
    assert [e["action"] for e in replaced["events"]] == ["create", "upload", "upload"]


def test_a_plain_pdf_is_a_wet_ink_signature(people: dict[str, Any],
                                            request_: dict[str, Any]) -> None:
    result = upload(people, request_["id"], blank_pdf(text="Pindaian"),
                    filename="scan persetujuan.PDF")
    assert result["status"] == "waiting_approval"
    assert result["approval"]["signature"] == "wet_ink"
    assert result["approval"]["signatures"] == []
    assert result["approval"]["signature_text"] in (
        "Wet-ink signature (scanned)", "Tanda tangan basah (pindaian)")
    [event] = [e for e in result["events"] if e["action"] == "upload"]
    assert event["from_status"] == "waiting_upload"
    assert event["to_status"] == "waiting_approval"

