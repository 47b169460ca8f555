"""Files of a data request checked by their content, through the HTTP
Action API in Indonesian (the portal's default language): a broken,
oversized or wrong-type attachment, data balikan or answer file is refused
with a message naming the field and the reason, and nothing is stored (the
tables, CKAN's files and the stored bytes equal before and after); the
right files pass whatever their names."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from .support import CSV, FrozenApi, blank_pdf, bring, fields, make_people, state, xlsx

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

# Indonesian (ckanext/satudata/i18n/source/id.po; the entries of this
# plugin are in .local/i18n-h1.po until merged)
PERNYATAAN = "Surat Pernyataan ditolak: "
KAK = "Kerangka Acuan Kerja (KAK) ditolak: "
BALIKAN = "Data balikan ditolak: "
ANSWER = "Berkas jawaban ditolak: "
NOT_PDF = "Berkas bukan PDF."
DAMAGED = "PDF tidak dapat dibaca; mungkin berkasnya rusak."
JAVASCRIPT = "PDF mengandung JavaScript."
NOT_BALIKAN = ("Berkas bukan PDF, buku kerja Excel (XLSX), berkas CSV, atau"
               " dokumen Word (DOCX).")
NOT_ANSWER = ("Berkas bukan berkas CSV, buku kerja Excel (XLSX), JSON, PDF, atau"
              " arsip ZIP.")
EMPTY = "Berkas kosong"


def program() -> bytes:
    header = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    return header + bytes(48) + b"This program cannot be run in DOS mode.\r\r\n$" + (
        bytes(2048))


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('x');"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def large_pdf(size: int) -> bytes:
    return blank_pdf(title="Lampiran " + "0123456789" * (size // 10))


def plain_zip(**members: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in (members or {"data.txt": "isi"}).items():
            archive.writestr(name, text)
    return out.getvalue()


def docx() -> bytes:
    return plain_zip(**{"[Content_Types].xml": "<Types/>",
                        "word/document.xml": "<document/>"})


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(64)


def _post(api: FrozenApi, action: str, user: dict[str, Any],
          files: dict[str, tuple[bytes, str]], **data: Any) -> Any:
    form: dict[str, Any] = dict(data)
    for key, (content, name) in files.items():
        form[key] = (io.BytesIO(content), name)
    return api.app.post(f"/api/3/action/{action}", data=form,
                        headers=api.headers(user), content_type="multipart/form-data")


def _refused(api: FrozenApi, action: str, user: dict[str, Any],
             files: dict[str, tuple[bytes, str]], expected: dict[str, list[str]],
             **data: Any) -> None:
    before = state()
    response = _post(api, action, user, files, **data)
    body = response.get_json()
    assert response.status_code == 409, body
    error = body["error"]
    assert error.pop("__type") == "Validation Error"
    assert error == expected
    assert state() == before


@pytest.fixture
def setting(app: Any) -> tuple[FrozenApi, dict[str, Any]]:
    people = make_people()
    api = FrozenApi(app)
    for role in ("requester", "walidata", "operator"):
        api.headers(people[role])
    return api, people


def test_refused_attachments_store_nothing(setting: Any) -> None:
    api, people = setting
    user = people["requester"]
    form = {k: v for k, v in fields(people).items() if k != "datasets"}
    good = (blank_pdf(), "kak.pdf")
    cases = [
        ((program(), "pernyataan.pdf"), [PERNYATAAN + NOT_PDF]),
        ((png(), "pernyataan.png"), [PERNYATAAN + NOT_PDF]),
        ((pdf_with_javascript(), "pernyataan.pdf"), [PERNYATAAN + JAVASCRIPT]),
        ((blank_pdf(2)[:300], "pernyataan.pdf"), [PERNYATAAN + DAMAGED]),
        ((large_pdf(1100 * 1024), "pernyataan.pdf"),
         [PERNYATAAN + "Berkas lebih besar dari 1024 KB."]),
        ((b"", "pernyataan.pdf"), [PERNYATAAN + EMPTY]),
    ]
    for upload, expected in cases:
        _refused(api, "satudata_data_request_create", user,
                 {"pernyataan": upload, "kak": good}, {"pernyataan": expected},
                 **form)
    # both refused at once, each named; a missing KAK of an institution too
    _refused(api, "satudata_data_request_create", user,
             {"pernyataan": (program(), "p.pdf"), "kak": (png(), "k.pdf")},
             {"pernyataan": [PERNYATAAN + NOT_PDF], "kak": [KAK + NOT_PDF]}, **form)
    _refused(api, "satudata_data_request_create", user,
             {"pernyataan": (blank_pdf(), "p.pdf")},
             {"kak": ["Lampirkan Kerangka Acuan Kerja (KAK) (PDF)"]}, **form)
    # a file field left empty in a browser form (no name, no bytes): missing
    _refused(api, "satudata_data_request_create", user,
             {"pernyataan": (b"", ""), "kak": good},
             {"pernyataan": ["Lampirkan Surat Pernyataan (PDF)"]}, **form)
    # the same PDF renamed .bin passes: the content counts
    response = _post(api, "satudata_data_request_create", user,
                     {"pernyataan": (blank_pdf(), "surat.bin"), "kak": good}, **form)
    assert response.status_code == 200, response.get_json()
    names = sorted(f["name"] for f in response.get_json()["result"]["files"])
    assert names == ["kak.pdf", "surat.pdf"]


@pytest.mark.ckan_config("ckanext.satudata.datarequests.balikan_max_bytes", "4096")
def test_refused_data_balikan_stores_nothing(setting: Any) -> None:
    api, people = setting
    request = bring(people, "menunggu_data_balikan")
    user = people["requester"]
    cases = [
        ((program(), "balikan.xlsx"), [BALIKAN + NOT_BALIKAN]),
        ((png(), "balikan.pdf"), [BALIKAN + NOT_BALIKAN]),
        ((plain_zip(), "balikan.xlsx"), [BALIKAN + NOT_BALIKAN]),
        ((bytes(range(256)) * 4, "balikan.csv"), [BALIKAN + NOT_BALIKAN]),
        ((b"", "balikan.csv"), [BALIKAN + EMPTY]),
        ((CSV * 200, "balikan.csv"), [BALIKAN + "Berkas lebih besar dari 4 KB."]),
        ((pdf_with_javascript(), "balikan.pdf"), [BALIKAN + JAVASCRIPT]),
    ]
    for upload, expected in cases:
        _refused(api, "satudata_data_request_balikan_upload", user,
                 {"upload": upload}, {"upload": expected}, id=request["id"])
    _refused(api, "satudata_data_request_balikan_upload", user, {},
             {"upload": ["Pilih berkas yang akan diunggah"]}, id=request["id"])
    # an XLSX, a DOCX, a CSV pass (named by what they are)
    for content, name, stored in ((xlsx(), "a.bin", "a.xlsx"), (docx(), "b", "b.docx"),
                                  (CSV, "c.txt", "c.csv")):
        response = _post(api, "satudata_data_request_balikan_upload", user,
                         {"upload": (content, name)}, id=request["id"])
        assert response.status_code == 200, response.get_json()
        shown = response.get_json()["result"]
        assert stored in [f["name"] for f in shown["files"] if f["kind"] == "balikan"]
        api.call("satudata_data_request_balikan_accept", people["walidata"],
                 id=request["id"], accept=False, comment="Ulangi")


def test_refused_answer_files_store_nothing(setting: Any) -> None:
    api, people = setting
    request = bring(people, "diteruskan")
    user = people["operator"]
    for upload in ((program(), "data.zip"), (png(), "data.csv"),
                   (docx(), "data.xlsx"), (bytes(range(256)), "data.json")):
        _refused(api, "satudata_data_request_respond", user, {"files": upload},
                 {"files": [ANSWER + NOT_ANSWER]}, id=request["id"])
    # nothing given at all
    _refused(api, "satudata_data_request_respond", user, {},
             {"files": ["Lampirkan data atau tautkan dataset yang memuatnya"]},
             id=request["id"])
    # a JSON file and a ZIP archive pass
    response = _post(api, "satudata_data_request_respond", user, {
        "files": (b'{"data": [1, 2]}', "data.txt"),
        "files_2": (plain_zip(), "arsip.dat")}, id=request["id"])
    assert response.status_code == 200, response.get_json()
    shown = response.get_json()["result"]
    assert sorted(f["name"] for f in shown["files"] if f["kind"] == "response") == [
        "arsip.zip", "data.json"]
