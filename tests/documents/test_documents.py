"""Documents (issue 16 item 1): a template rendered to PDF with WeasyPrint,
numbered, dated in Indonesian, with a QR code to its public verification
page, stored in CKAN's file storage owned by its object.

Real PostgreSQL, real file storage (``ckan.files.storage.satudata``), real
WeasyPrint; the document kind ``sample`` and its template
(``tests/documents/templates``) exist only in these tests."""

from __future__ import annotations

import hashlib
import io
import pathlib
import re
import socket
import threading
from typing import Any

import pytest
import segno
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers
from freezegun import freeze_time
from pypdf import PdfReader

from ckanext.satudata import files
from ckanext.satudata.documents import api, render
from ckanext.satudata.documents.numbering import pattern_problem

TEMPLATES = pathlib.Path(__file__).parent / "templates"
TEMPLATE = "satudata/documents/letters/sample.html"
OWNER = "satudata_sample_request"
SECRET = "Nilai tertutup 987654"

pytestmark = [
    pytest.mark.usefixtures("with_plugins", "clean_db"),
    pytest.mark.ckan_config("extra_template_paths", str(TEMPLATES)),
]

api.register_kind("sample", "Sample letter")
api.register_kind("sample_other", "Another sample letter")


@pytest.fixture
def in_request(app: Any) -> Any:
    """A request context of the portal (as in a view or a job)."""
    with app.flask_app.test_request_context():
        yield


@pytest.fixture
def issuer() -> dict[str, Any]:
    return factories.Organization(name="disdukcapil", title="Dinas Kependudukan")


def sample(organization: Any = None, owner_id: str = "request-1",
           kind: str = "sample", **extra: Any) -> dict[str, Any]:
    extra_vars = {"recipient": "Kepala Dinas",
                  "rows": [{"cell": "Kec. Tugu, L", "old": "1.000", "new": SECRET}],
                  "amount": None, "amount_words": "", "external_image": None,
                  **extra}
    return api.issue(kind, TEMPLATE, extra_vars, OWNER, owner_id,
                     organization=organization,
                     subject="Permohonan perubahan data Jumlah Penduduk 2024",
                     certified='{"cells":[["L","Tugu",1000,987654]]}',
                     defer_commit=False)


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(page.extract_text() or "" for page in pages)


# -- the PDF ------------------------------------------------------------------


@pytest.mark.usefixtures("in_request")
@freeze_time("2026-03-05 10:00:00")
def test_the_pdf_opens_with_its_number_date_and_letterhead(issuer):
    document = sample(issuer["id"], amount="1.500.000",
                      amount_words=api.terbilang(1500000, currency=True))
    pdf = api.pdf(document["id"])
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = text_of(pdf)
    assert document["number"] == "1/SD/DISDUKCAPIL/III/2026"
    assert "1/SD/DISDUKCAPIL/III/2026" in text
    assert "5 Maret 2026" in text
    assert "Nomor" in text and "Tanggal" in text  # the letterhead in Indonesian
    assert "Portal Satu Data Kota Semarang".upper() in text
    assert "Jl. Pemuda No. 148" in text  # ckanext.satudata.contact.address
    assert "Dinas Kependudukan" in text
    assert "satu juta lima ratus ribu rupiah" in text
    assert document["verification_url"] in text.replace("\n", "")
    assert reader.metadata.title == "Permohonan perubahan data Jumlah Penduduk 2024"


def _qr_modules(image: Any, size: int) -> list[list[bool]]:
    """The dark modules of a QR picture of ``size`` modules plus the
    border, read at the middle of each module."""
    grey = image.convert("L")
    scale = grey.width // (size + 2 * render.QR_BORDER)
    offset = render.QR_BORDER * scale + scale // 2
    return [[grey.getpixel((offset + x * scale, offset + y * scale)) < 128
             for x in range(size)] for y in range(size)]


@pytest.mark.usefixtures("in_request")
def test_the_qr_code_is_the_verification_address(issuer):
    document = sample(issuer["id"])
    url = document["verification_url"]
    assert url == f"http://test.ckan.net/dokumen/{document['id']}/verifikasi"
    expected = segno.make_qr(url, error="m", boost_error=False)
    matrix = [[bool(bit) for bit in row] for row in expected.matrix]
    side = len(matrix) + 2 * render.QR_BORDER
    reader = PdfReader(io.BytesIO(api.pdf(document["id"])))
    images = [image for image in reader.pages[0].images
              if image.image.width == image.image.height == side * render.QR_SCALE]
    assert len(images) == 1, [i.image.size for i in reader.pages[0].images]
    # the picture in the PDF, module by module, is the QR code of the
    # address (what any reader decodes), with its light border
    assert _qr_modules(images[0].image, len(matrix)) == matrix
    # and segno reads back that the code holds exactly this address
    assert expected.designator.endswith("-M")


# -- numbers ------------------------------------------------------------------


@pytest.mark.usefixtures("in_request")
def test_numbers_count_per_kind_organization_and_year(issuer):
    other_opd = factories.Organization(name="dinkes")
    with freeze_time("2026-11-30 12:00:00"):
        first = sample(issuer["id"])["number"]
        second = sample(issuer["name"], owner_id="request-2")["number"]
        elsewhere = sample(other_opd["id"])["number"]
        other_kind = sample(issuer["id"], kind="sample_other")["number"]
        portal = sample(None)["number"]
    with freeze_time("2027-01-02 12:00:00"):
        next_year = sample(issuer["id"])["number"]
    assert first == "1/SD/DISDUKCAPIL/XI/2026"
    assert second == "2/SD/DISDUKCAPIL/XI/2026"
    assert elsewhere == "1/SD/DINKES/XI/2026"
    assert other_kind == "1/SD/DISDUKCAPIL/XI/2026"
    assert portal.startswith("1/SD/")
    assert next_year == "1/SD/DISDUKCAPIL/I/2027"


@pytest.mark.usefixtures("in_request")
@pytest.mark.ckan_config("ckanext.satudata.documents.number_pattern",
                         "{org}-{kind}-{year}-{seq:04d}")
@freeze_time("2026-07-01 12:00:00")
def test_the_number_pattern_is_configurable(issuer):
    assert sample(issuer["id"])["number"] == "DISDUKCAPIL-sample-2026-0001"


def test_a_pattern_that_cannot_number_is_refused():
    assert pattern_problem("{seq}/SD/{org}/{roman_month}/{year}") is None
    assert "unknown" in (pattern_problem("{seq}/{nomor}") or "")
    assert "seq" in (pattern_problem("SD/{year}") or "")
    assert pattern_problem("{seq") is not None


def test_two_concurrent_issues_get_different_numbers(app, issuer):
    barrier = threading.Barrier(2)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def issue_one(owner_id: str) -> None:
        try:
            with app.flask_app.test_request_context():
                barrier.wait(timeout=30)
                numbers.append(sample(issuer["id"], owner_id=owner_id)["number"])
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            model.Session.remove()  # this thread's own session

    threads = [threading.Thread(target=issue_one, args=(f"request-{n}",))
               for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    # one waited for the other's sequence row: 1 and 2, never 1 twice
    assert sorted(number.split("/", 1)[0] for number in numbers) == ["1", "2"]
    assert len({number.split("/", 1)[1] for number in numbers}) == 1


# -- storage, status ----------------------------------------------------------


@pytest.mark.usefixtures("in_request")
def test_the_pdf_is_in_ckans_file_storage_owned_by_its_object(issuer):
    document = sample(issuer["id"], owner_id="request-7")
    owned = files.owned_by(OWNER, "request-7")
    assert [found["id"] for found in owned] == [document["file_id"]]
    assert owned[0]["storage"] == files.STORAGE
    assert owned[0]["content_type"] == "application/pdf"
    pdf = files.read(document["file_id"])
    assert pdf == api.pdf(document["id"])
    assert hashlib.sha256(pdf).hexdigest() == document["pdf_sha256"]
    assert document["certified_sha256"] == hashlib.sha256(
        b'{"cells":[["L","Tugu",1000,987654]]}').hexdigest()
    assert files.owned_by(OWNER, "request-other") == []
    stored = api.get(document["id"])
    assert stored["status"] == api.ISSUED
    assert stored["owner_type"] == OWNER and stored["owner_id"] == "request-7"
    assert stored["organization_id"] == issuer["id"]
    download = api.response(document["id"])
    assert "attachment" in download.headers["Content-Disposition"]


@pytest.mark.usefixtures("in_request")
def test_an_unknown_kind_or_owner_is_refused(issuer):
    with pytest.raises(ValueError, match="unknown document kind"):
        sample(issuer["id"], kind="never_registered")
    with pytest.raises(ValueError, match="owner"):
        api.issue("sample", TEMPLATE, {"rows": []}, OWNER, "")
    with pytest.raises(tk.ObjectNotFound):
        sample("no-such-organization")


def test_terbilang_and_roman_months():
    assert api.terbilang(1500000, currency=True) == "satu juta lima ratus ribu rupiah"
    assert api.terbilang(21, case="sentence") == "Dua puluh satu"
    assert [api.roman_month(n) for n in (1, 4, 9, 12)] == ["I", "IV", "IX", "XII"]
    with pytest.raises(ValueError):
        api.roman_month(13)


# -- nothing leaves the machine ------------------------------------------------


@pytest.mark.usefixtures("in_request")
def test_rendering_fetches_nothing_from_other_hosts(issuer, monkeypatch):
    asked: list[str] = []
    fetchers: list[render.LocalFetcher] = []

    class Recording(render.LocalFetcher):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            fetchers.append(self)

        def fetch(self, url: str, headers: Any = None) -> Any:
            asked.append(url)
            return super().fetch(url, headers)

    connections: list[Any] = []
    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> Any:
        connections.append(address)
        return real_connect(sock, address)

    monkeypatch.setattr(render, "LocalFetcher", Recording)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: pytest.fail(
        f"rendering opened a connection: {a}"))
    document = sample(issuer["id"], external_image="http://example.org/x.png")
    assert "http://example.org/x.png" in asked
    assert fetchers[0].refused == ["http://example.org/x.png"]
    assert not [address for address in connections
                if isinstance(address, tuple) and "example.org" in str(address[0])]
    assert api.pdf(document["id"]).startswith(b"%PDF-")


def test_the_fetcher_answers_only_local_files(app):
    fetcher = render.LocalFetcher()
    with app.flask_app.test_request_context():
        logo = fetcher.fetch("http://test.ckan.net/base/images/ckan-logo.png")
        assert logo.read().startswith(b"\x89PNG")
        for url in ("http://example.org/x.png", "https://example.org/x.png",
                    "http://test.ckan.net.example.org/base/images/ckan-logo.png",
                    "http://test.ckan.net/../../../../etc/passwd",
                    "file:///etc/passwd", "ftp://example.org/x.png"):
            with pytest.raises(ValueError):
                fetcher.fetch(url)
    assert "file:///etc/passwd" in fetcher.refused


@pytest.mark.usefixtures("in_request")
@pytest.mark.ckan_config("ckanext.satudata.documents.letterhead_logo",
                         "/base/images/ckan-logo.png")
@pytest.mark.ckan_config("ckanext.satudata.documents.letterhead_name",
                         "Pemerintah Kota Semarang")
def test_the_letterhead_comes_from_the_config(issuer):
    document = sample(issuer["id"])
    pdf = api.pdf(document["id"])
    assert "PEMERINTAH KOTA SEMARANG" in text_of(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 2  # logo and QR


@pytest.mark.usefixtures("in_request")
@pytest.mark.ckan_config("ckanext.satudata.documents.letterhead_logo",
                         "http://example.org/logo.png")
def test_a_logo_on_another_host_is_left_out(issuer):
    document = sample(issuer["id"])
    assert len(PdfReader(io.BytesIO(api.pdf(document["id"]))).pages[0].images) == 1


# -- the public verification page ----------------------------------------------


def _issue_in(app: Any, organization: Any, **extra: Any) -> dict[str, Any]:
    with app.flask_app.test_request_context():
        return sample(organization, **extra)


def test_anybody_sees_what_the_document_is_and_not_the_document(app, issuer):
    document = _issue_in(app, issuer["id"])
    page = app.get(f"/dokumen/{document['id']}/verifikasi")
    assert page.status_code == 200
    assert page.content_type.startswith("text/html")
    html = page.get_data(as_text=True)
    assert "Verifikasi Dokumen" in html
    assert document["number"] in html
    assert "Berlaku" in html
    assert document["pdf_sha256"] in html
    assert document["certified_sha256"] in html
    assert "Permohonan perubahan data Jumlah Penduduk 2024" in html
    assert "Dinas Kependudukan" in html
    assert "Sample letter" in html  # the kind's label (a test kind: no translation)
    # never the closed values, never the file
    assert SECRET not in html and "987654" not in html
    assert document["file_id"] not in html and ".pdf" not in html.lower().replace(
        'accept="application/pdf,.pdf"', "")


def test_a_revoked_document_says_so(app, issuer):
    document = _issue_in(app, issuer["id"])
    api.set_status(document["id"], api.REVOKED)
    html = app.get(f"/dokumen/{document['id']}/verifikasi").get_data(as_text=True)
    assert "Dicabut" in html and "Berlaku" not in html
    api.set_status(document["id"], api.SUPERSEDED)
    assert api.get(document["id"])["status"] == "superseded"
    with pytest.raises(ValueError):
        api.set_status(document["id"], "lost")


def test_an_unknown_document_is_404(app):
    assert app.get("/dokumen/no-such-document/verifikasi").status_code == 404
    assert app.get("/dokumen/7f2c7d0e-0000-4000-8000-000000000000/verifikasi"
                   ).status_code == 404


def _csrf(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def _check(app: Any, document_id: str, content: bytes | None) -> Any:
    url = f"/dokumen/{document_id}/verifikasi"
    # the form carries a CSRF token (CKAN checks it for logged-in users)
    data: dict[str, Any] = {"_csrf_token": _csrf(app.get(url).get_data(as_text=True))}
    if content is not None:
        data["pdf"] = (io.BytesIO(content), "dokumen.pdf")
    return app.post(url, data=data, content_type="multipart/form-data")


def test_a_visitor_checks_the_pdf_they_hold(app, issuer):
    document = _issue_in(app, issuer["id"])
    pdf = api.pdf(document["id"])
    same = _check(app, document["id"], pdf).get_data(as_text=True)
    assert "PDF ini adalah dokumen yang diterbitkan portal" in same
    other = _check(app, document["id"], pdf + b"\n%changed").get_data(as_text=True)
    assert "bukan dokumen yang diterbitkan portal" in other
    assert hashlib.sha256(pdf + b"\n%changed").hexdigest() in other
    missing = _check(app, document["id"], None).get_data(as_text=True)
    assert "Berkas PDF: Pilih berkas PDF yang akan diperiksa." in missing


@pytest.mark.ckan_config("ckanext.satudata.documents.check_max_kb", "1")
def test_a_pdf_above_the_limit_is_not_read(app, issuer):
    document = _issue_in(app, issuer["id"])
    html = _check(app, document["id"], b"%PDF-" + b"x" * 2000).get_data(as_text=True)
    assert "Berkas PDF: Berkas lebih besar dari 1 KB." in html
    assert "check-result" not in html


# -- the action ------------------------------------------------------------------


def test_every_role_may_verify_a_document(app, people):
    document = _issue_in(app, people["organization"]["id"])
    users = [None, people["public"], people["operator"], people["verifikator"],
             people["walidata"], people["pembina"], people["sysadmin"],
             people["other_operator"]]
    for user in users:
        context = {"ignore_auth": False, "user": user["name"] if user else ""}
        found = helpers.call_action("satudata_document_verify", context,
                                    id=document["id"])
        assert found["number"] == document["number"]
        assert found["status"] == "issued"
        assert set(found) == {
            "id", "kind", "kind_label", "number", "date", "date_text", "subject",
            "organization", "status", "status_label", "certified_sha256",
            "pdf_sha256"}
    answer = app.get("/api/3/action/satudata_document_verify",
                     query_string={"id": document["id"]})
    assert answer.json["result"]["pdf_sha256"] == document["pdf_sha256"]
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("satudata_document_verify", id="no-such-document")
    with pytest.raises(tk.ValidationError, match="id"):
        helpers.call_action("satudata_document_verify")
