"""The change request pages as pages (Flask test client, real database,
users logged in through the login form, forms posted with their CSRF
token): the proposal grid, the request page and its documents, the
upload and the walidata's approval, then what the public sees (the
"Direvisi" badge, the table, the DataStore, the downloads, the revision
history), the Laporan Perubahan Data and who may open what."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import openpyxl
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from ckanext.satudata.workflow import store as workflow_store
from tests.accounts.support import (
    CODE,
    PASSWORD,
    codes,
    logged_in,
    post_code,
    post_login,
)
from tests.workflow.support import VALUES

from .support import (
    NEW_LAKI,
    NEW_PEREMPUAN,
    OTHER_ROW,
    PERIOD,
    ROW,
    blank_pdf,
    changes_state,
    create,
    publish,
    waiting_approval,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")

DATASET = "penduduk-kecamatan"
PROPOSE = f"/dataset/{DATASET}/perubahan/{PERIOD}"
REPORT = "/dashboard/perubahan-data"
OLD_PEREMPUAN = VALUES[ROW]["perempuan"]  # 1000, "1.000" on the pages
OLD_LAKI = VALUES[OTHER_ROW]["laki_laki"]  # 1000
REASON = "Salah ketik pada rekap kecamatan"
OTHER_REASON = "Data susulan dari kelurahan"
#: The Laporan Perubahan Data's columns (the Batam guide's, plus the dataset).
REPORT_COLUMNS = ["#", "Dataset", "Jumlah data diubah", "Dokumen permohonan", "Status",
                  "Dokumen bertanda tangan", "Dibuat pada", "Diubah pada"]


# ---- browsers ------------------------------------------------------------------

def _browser(app: Any, mailbox: Any, user: dict[str, Any]) -> Any:
    """A client of its own with ``user`` logged in through the login form
    (and the e-mailed code when their role needs it)."""
    from ckan import model

    account = model.User.get(user["name"])
    account.password = PASSWORD
    model.Session.commit()
    client = app.test_client()
    response = post_login(client, user["name"])
    assert response.status_code == 302, response.status_code
    if response.location.endswith(CODE):
        assert post_code(client, codes(mailbox, user["email"])[-1]).status_code == 302
    assert logged_in(client)
    return client


def _soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _open(client: Any, url: str) -> BeautifulSoup:
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 200, (url, response.status_code)
    return _soup(response)


def _token(form: Any) -> str:
    field = form.select_one("input[name=_csrf_token]")
    assert field is not None and field["value"], "the form has no CSRF field"
    return field["value"]


def _text(node: Any) -> str:
    return " ".join(node.get_text(" ").split())


def _status(page: BeautifulSoup) -> str:
    return _text(page.select_one(".satudata-change-status"))


def _flash(page: BeautifulSoup) -> str:
    found = page.select(".flash-messages .alert, .alert-success")
    return " ".join(_text(node) for node in found)


def _cells(page: BeautifulSoup) -> list[tuple[str, str, str, str, str]]:
    """The request page's cells: row, component, old, new, reason."""
    return [tuple(_text(td) for td in tr.select("td"))
            for tr in page.select("table.satudata-change-cells tbody tr")]


def _published_table(page: BeautifulSoup) -> dict[str, list[str]]:
    """The dataset page's published table: row name → cells as shown."""
    table = page.select_one("table.satudata-published-table")
    assert table is not None, "no published table"
    return {_text(tr.th): [_text(td) for td in tr.select("td")]
            for tr in table.select("tbody tr")}


def _downloaded(kind: str, body: bytes) -> dict[str, tuple[Any, Any]]:
    """``{kode_wilayah: (perempuan, laki_laki)}`` of PERIOD in a download."""
    if kind == "json":
        records = json.loads(body)["records"]
        return {r["kode_wilayah"]: (r["perempuan"], r["laki_laki"])
                for r in records if r["periode"] == PERIOD}
    if kind == "csv":
        rows = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
        return {r["kode_wilayah"]: (int(r["perempuan"]), int(r["laki_laki"]))
                for r in rows if r["periode"] == PERIOD}
    sheet = openpyxl.load_workbook(io.BytesIO(body))["Data"]
    return {row[2]: (row[4], row[5])
            for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == PERIOD}


def _pdf_has_image(reader: PdfReader) -> bool:
    for page in reader.pages:
        objects = (page.get("/Resources") or {}).get("/XObject") or {}
        for ref in objects.values():
            if ref.get_object().get("/Subtype") == "/Image":
                return True
    return False


# ---- the whole path through the pages --------------------------------------------

def test_propose_upload_approve_and_publish_through_the_pages(
    app: Any, mailbox: Any, people: dict[str, Any],
) -> None:
    publish(people)
    operator = _browser(app, mailbox, people["operator"])

    # the proposal page: the published grid, a form with its CSRF token
    page = _open(operator, PROPOSE)
    assert "Ajukan perubahan data" in _text(page.select_one("h1.page-heading, h1.h3"))
    form = page.select_one("form.satudata-change-form")
    assert form is not None and form["method"] == "post" and form["action"] == PROPOSE
    token = _token(form)
    field = form.select_one(f"input[name='value:{ROW}:perempuan']")
    assert field is not None and not field.get("value")
    shown = _text(field.find_parent("td").select_one(".satudata-old"))
    assert shown.replace(".", "") == str(OLD_PEREMPUAN)  # "1000" today (form style)
    assert form.select_one(f"input[name='reason:{ROW}:perempuan']") is not None
    assert "Buat permohonan perubahan" in _text(form.select_one("button[type=submit]"))
    upload_form = page.select_one(".satudata-change-upload form")
    assert upload_form["enctype"] == "multipart/form-data"
    _token(upload_form)

    # a bad value: the page again, the cell named, nothing made
    revision = form.select_one("input[name=revision]")["value"]
    before = changes_state()
    response = operator.post(PROPOSE, data={
        "_csrf_token": token, "revision": revision,
        f"value:{ROW}:perempuan": "seribu", f"reason:{ROW}:perempuan": REASON,
    }, follow_redirects=False)
    assert response.status_code == 400
    page = _soup(response)
    errors = _text(page.select_one(".satudata-errors"))
    assert "Permohonan perubahan tidak dibuat" in errors
    assert "Semarang Tengah, Perempuan" in errors
    assert page.select_one(f"input[name='value:{ROW}:perempuan']")["value"] == "seribu"
    assert changes_state() == before

    # new values (Indonesian grouping accepted) with their reasons
    response = operator.post(PROPOSE, data={
        "_csrf_token": token, "revision": revision,
        f"value:{ROW}:perempuan": "1.007", f"reason:{ROW}:perempuan": REASON,
        f"value:{OTHER_ROW}:laki_laki": str(NEW_LAKI),
        f"reason:{OTHER_ROW}:laki_laki": OTHER_REASON,
    }, follow_redirects=False)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    found = re.fullmatch(r"(?:https?://[^/]+)?/perubahan-data/([0-9a-f-]+)",
                         response.location)
    assert found, response.location
    request_id = found.group(1)
    url = f"/perubahan-data/{request_id}"

    page = _open(operator, url)
    assert "Permohonan perubahan data dibuat" in _flash(page)
    assert _status(page) == "Menunggu upload dokumen persetujuan"
    assert _cells(page) == [
        ("Semarang Tengah", "Perempuan (Orang)", "1.000", "1.007", REASON),
        ("Semarang Utara", "Laki-laki (Orang)", "1.000", "1.003", OTHER_REASON),
    ]
    assert "2 sel diubah" in _text(page)
    document_link = page.select_one("a.satudata-request-document")
    assert document_link["href"] == f"{url}/dokumen-permohonan.pdf"
    number = re.search(r"\((.+)\)", _text(document_link)).group(1)
    upload_form = page.select_one(".satudata-change-upload-approval form")
    assert upload_form["action"] == f"{url}/unggah"
    assert upload_form["enctype"] == "multipart/form-data"
    assert upload_form.select_one("input[type=file][name=upload]") is not None
    assert page.select_one(".satudata-change-decision") is None  # not the operator's

    # the request document: a PDF with the QR code and the values
    response = operator.get(document_link["href"])
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/pdf")
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.data))
    assert _pdf_has_image(reader), "no image XObject (QR code) in the request document"
    text = "".join(p.extract_text() for p in reader.pages)
    for expected in ("1.000", "1.007", "1.003", number, "Semarang Tengah", REASON):
        assert expected in text, expected

    # the upload needs its CSRF token; with it, the request waits for approval
    response = operator.post(f"{url}/unggah", data={
        "upload": (io.BytesIO(blank_pdf()), "persetujuan.pdf")},
        content_type="multipart/form-data", follow_redirects=False)
    assert response.status_code == 400
    assert _status(_open(operator, url)) == "Menunggu upload dokumen persetujuan"
    response = operator.post(upload_form["action"], data={
        "_csrf_token": _token(upload_form),
        "upload": (io.BytesIO(blank_pdf()), "persetujuan.pdf")},
        content_type="multipart/form-data", follow_redirects=False)
    assert response.status_code == 302
    page = _open(operator, url)
    assert "Dokumen bertanda tangan diunggah" in _flash(page)
    assert _status(page) == "Menunggu persetujuan Admin Satu Data"
    signed = page.select_one("a.satudata-approval-document")
    assert signed["href"] == f"{url}/dokumen-persetujuan.pdf"
    assert _text(signed) == "persetujuan.pdf"
    response = operator.get(signed["href"])
    assert response.status_code == 200 and response.data == blank_pdf()

    # the walidata: the quality checks and the two forms
    walidata = _browser(app, mailbox, people["walidata"])
    page = _open(walidata, url)
    decision = page.select_one(".satudata-change-decision")
    assert decision is not None
    assert decision.select_one(".satudata-checks") is not None
    approve = decision.select_one("form.satudata-change-approve")
    reject = decision.select_one("form.satudata-change-reject")
    assert approve["action"] == f"{url}/setujui" and reject["action"] == f"{url}/tolak"
    assert "Setujui perubahan" in _text(approve)
    assert reject.select_one("textarea[name=note]") is not None
    assert page.select_one(".satudata-change-upload-approval") is None
    response = walidata.post(approve["action"], data={"_csrf_token": _token(approve)},
                             follow_redirects=False)
    assert response.status_code == 302
    page = _open(walidata, url)
    assert "Perubahan disetujui" in _flash(page)
    assert _status(page) == "Selesai"
    assert page.select_one(".satudata-change-decision") is None

    # the public dataset page: "Direvisi", the link, the new values
    page = _open(app, f"/dataset/{DATASET}")
    badge = page.select_one(".satudata-revised")
    assert badge is not None and _text(badge).startswith("Direvisi ")
    link = page.select_one("a.satudata-revision-link")
    assert link["href"].startswith(f"/dataset/{DATASET}/revisi")
    assert "Riwayat revisi" in _text(link)
    table = _published_table(page)
    assert table["Semarang Tengah"][0] == "1.007"
    assert table["Semarang Utara"][1] == "1.003"

    # the DataStore and the three downloads, anonymous
    publication = workflow_store.publication(people["dataset"]["id"])
    assert publication is not None
    records = app.get("/api/3/action/datastore_search", query_string={
        "resource_id": publication["resource_id"], "limit": 1000,
    }).json["result"]["records"]
    by_row = {r["kode_wilayah"]: r for r in records if r["periode"] == PERIOD}
    assert (by_row[ROW]["perempuan"], by_row[OTHER_ROW]["laki_laki"]) == (
        NEW_PEREMPUAN, NEW_LAKI)
    for kind in ("csv", "xlsx", "json"):
        response = app.get(f"/dataset/{DATASET}/data.{kind}")
        assert response.status_code == 200, kind
        values = _downloaded(kind, response.data)
        assert values[ROW][0] == NEW_PEREMPUAN, kind
        assert values[OTHER_ROW][1] == NEW_LAKI, kind
        assert values["33.74.03"] == (VALUES["33.74.03"]["perempuan"],
                                      VALUES["33.74.03"]["laki_laki"]), kind

    # the revision history: page, JSON, CSV
    page = _open(app, link["href"])
    assert "Riwayat revisi" in _text(page.select_one("h1.page-heading, h1.h3"))
    [section] = page.select("section.satudata-revision")
    assert f"Nomor dokumen persetujuan: {number}" in _text(section)
    rows = [[_text(td) for td in tr.select("td")] for tr in section.select("tbody tr")]
    assert rows == [
        ["Semarang Tengah", "Perempuan (Orang)", "1.000", "1.007", REASON],
        ["Semarang Utara", "Laki-laki (Orang)", "1.000", "1.003", OTHER_REASON],
    ]
    downloads = page.select_one(".satudata-revision-downloads")
    assert downloads.select_one(f"a[href='/dataset/{DATASET}/revisi.csv']") is not None
    assert downloads.select_one(f"a[href='/dataset/{DATASET}/revisi.json']") is not None

    response = app.get(f"/dataset/{DATASET}/revisi.json")
    assert response.status_code == 200
    [revision] = json.loads(response.data)["revisions"]
    assert revision["document_number"] == number and revision["period"] == PERIOD
    assert [(c["row"], c["component"], c["old"], c["new"], c["reason"])
            for c in revision["cells"]] == [
        (ROW, "perempuan", OLD_PEREMPUAN, NEW_PEREMPUAN, REASON),
        (OTHER_ROW, "laki_laki", OLD_LAKI, NEW_LAKI, OTHER_REASON),
    ]

    response = app.get(f"/dataset/{DATASET}/revisi.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [(r["kode_baris"], r["kode_komponen"], r["nilai_lama"], r["nilai_baru"],
             r["alasan"], r["nomor_dokumen"]) for r in rows] == [
        (ROW, "perempuan", str(OLD_PEREMPUAN), str(NEW_PEREMPUAN), REASON, number),
        (OTHER_ROW, "laki_laki", str(OLD_LAKI), str(NEW_LAKI), OTHER_REASON, number),
    ]


# ---- Laporan Perubahan Data ------------------------------------------------------

def _report(page: BeautifulSoup) -> tuple[list[str], list[Any]]:
    table = page.select_one("table.satudata-change-report")
    assert table is not None, "no report table"
    return ([_text(th) for th in table.select("thead th")],
            table.select("tbody tr"))



def test_change_report_for_the_operator_the_walidata_and_another_opd(
    app: Any, mailbox: Any, people: dict[str, Any],
) -> None:
    request_id = waiting_approval(people)["id"]
    url = f"/perubahan-data/{request_id}"

    # the operator: the columns, the request with its documents and actions
    operator = _browser(app, mailbox, people["operator"])
    page = _open(operator, REPORT)
    assert "Laporan Perubahan Data" in _text(page)
    header, rows = _report(page)
    assert header[:-1] == REPORT_COLUMNS and len(header) == 9
    [row] = rows
    cells = row.find_all("td", recursive=False)
    assert _text(cells[0]) == "1"
    assert cells[1].select_one("a")["href"] == url
    assert _text(cells[2]) == "2"
    assert cells[3].select_one("a")["href"] == f"{url}/dokumen-permohonan.pdf"
    assert _text(cells[3]) == "Lihat Dokumen"
    assert _text(cells[4]) == "Menunggu persetujuan Admin Satu Data"
    assert cells[5].select_one("a")["href"] == f"{url}/dokumen-persetujuan.pdf"
    assert re.search(r"\d{4}", _text(cells[6])) and re.search(r"\d{4}", _text(cells[7]))
    actions = cells[8]
    upload = actions.find("a", href=f"{url}#upload-heading")
    assert upload is not None and _text(upload) == "Upload dokumen persetujuan"
    delete = actions.select_one("form")
    assert delete["action"] == f"{url}/hapus" and delete["method"] == "post"
    _token(delete)
    assert actions.find("a", href=f"{url}#decision-heading") is None
    assert page.select_one(".satudata-change-queue") is None

    # the walidata: the queue per OPD, approve or reject
    walidata = _browser(app, mailbox, people["walidata"])
    page = _open(walidata, REPORT)
    queue = page.select_one(".satudata-change-queue")
    assert queue is not None
    assert "Menunggu persetujuan, per perangkat daerah" in _text(queue)
    [link] = queue.select("a")
    assert "status=waiting_approval" in link["href"]
    assert "organization=disdukcapil" in link["href"]
    assert _text(link.select_one(".badge")) == "1"
    _, [row] = _report(_open(walidata, link["href"]))
    decide = row.find("a", href=f"{url}#decision-heading")
    assert decide is not None and _text(decide) == "Setujui atau tolak"
    assert row.select_one(f"form[action='{url}/hapus']") is None
    page = _open(walidata, f"{REPORT}?status=done")
    assert page.select_one("table.satudata-change-report") is None

    # another OPD's operator: an empty report
    other = _browser(app, mailbox, people["other_operator"])
    page = _open(other, REPORT)
    assert page.select_one("table.satudata-change-report") is None
    assert _text(page.select_one("p.empty")) == "Belum ada permohonan perubahan data."


def test_report_action_column_is_named_as_in_the_batam_guide(
    app: Any, mailbox: Any, people: dict[str, Any],
) -> None:
    publish(people)
    create(people)
    operator = _browser(app, mailbox, people["operator"])
    header, _ = _report(_open(operator, REPORT))
    assert header == [*REPORT_COLUMNS, "Aksi"]


# ---- who may open what -----------------------------------------------------------

def test_who_may_open_the_proposal_request_and_report_pages(
    app: Any, mailbox: Any, people: dict[str, Any],
) -> None:
    request_id = waiting_approval(people)["id"]
    url = f"/perubahan-data/{request_id}"

    # the proposal page: the producers only; 404 for an unknown dataset
    for who in ("walidata", "public"):
        client = _browser(app, mailbox, people[who])
        response = client.get(PROPOSE, follow_redirects=False)
        assert response.status_code == 403, who
        assert "Hanya operator dan verifikator" in response.get_data(as_text=True), who
    operator = _browser(app, mailbox, people["operator"])
    response = operator.get(f"/dataset/tidak-ada/perubahan/{PERIOD}",
                            follow_redirects=False)
    assert response.status_code == 404
    # the operator's own page says a request is in progress, with its link
    notice = _open(operator, PROPOSE).select_one(".satudata-open-request")
    assert notice is not None and notice.find("a", href=url) is not None
    assert _open(operator, url).select_one(".satudata-change-status") is not None

    # a request and its documents: not for another OPD's operator
    other = _browser(app, mailbox, people["other_operator"])
    documents = (f"{url}/dokumen-permohonan.pdf", f"{url}/dokumen-persetujuan.pdf")
    for path in (url, *documents):
        response = other.get(path, follow_redirects=False)
        assert response.status_code == 403, path
    assert "Hanya perangkat daerah pemilik dataset" in response.get_data(as_text=True)

    # anonymous: the proposal page and the report send to the login page
    for path in (PROPOSE, REPORT):
        response = app.get(path, follow_redirects=False)
        assert response.status_code == 302, path
        assert "/user/login" in response.location, path


def test_unknown_request_is_not_found(
    app: Any, mailbox: Any, people: dict[str, Any],
) -> None:
    import uuid

    operator = _browser(app, mailbox, people["operator"])
    url = f"/perubahan-data/{uuid.uuid4()}"
    for path in (url, f"{url}/dokumen-permohonan.pdf"):
        assert operator.get(path, follow_redirects=False).status_code == 404, path
