"""The access request pages as pages (Flask test client, real database,
users logged in through the login form, forms posted with their CSRF
token): the public page (the DTSEN stages, the required documents, the
FAQ, the access policy), the form (refused and explained to a user of no
institution, every refusal next to its field with the values kept and
nothing written, a request filed), the request's page (the stage table),
the steps' forms, "Cek Token" and the download, the audit of the downloads
(CSV for the walidata, refused to others) and the links of the Daftar
Data."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import pathlib
import re
import urllib.parse
from typing import Any

import pytest
from bs4 import BeautifulSoup

from ckanext.satudata.accessrequests import stages
from tests.accounts.support import CODE, codes, logged_in, post_code, post_login

from .support import COLUMNS, blank_pdf, call, create, people_with_data, run_jobs, state

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins", "mailbox"),
    pytest.mark.ckan_config("ckanext.satudata.otp.required_roles", ""),
]

INDEX = "/akses-data"
NEW = "/akses-data/baru"
MINE = "/akses-data/saya"
DOWNLOADS = "/akses-data/unduh"
DASHBOARD = "/dashboard/akses-data"
AUDIT = "/dashboard/akses-data/audit"
DATASET = "penduduk-rentan"
TOKEN = re.compile(r"^\s{2}(\S{20,})\s*$", re.M)


def _plugins_access_first() -> str:
    """The portal's ``ckan.plugins`` with ``satudata_accessrequests`` before
    ``satudata_datarequests``: the templates of an earlier plugin win, and
    both fill the Daftar Data's "Ajukan akses" block."""
    path = pathlib.Path(__file__).parents[2] / "config" / "portal.ini"
    line = next(line for line in path.read_text().splitlines()
                if line.startswith("ckan.plugins"))
    names = line.split("=", 1)[1].split()
    names.remove("satudata_accessrequests")
    names.insert(names.index("satudata_datarequests"), "satudata_accessrequests")
    return " ".join(names)


_ACCESS_BEFORE_DATAREQUESTS = _plugins_access_first()


# ---- browsers and pages ----------------------------------------------------------

class Browsers:
    """One logged-in client per role (through the login form, with the
    e-mailed code when the role needs it), made when first used."""

    def __init__(self, app: Any, mailbox: Any, people: dict[str, Any]) -> None:
        self.app, self.mailbox, self.people = app, mailbox, people
        self.clients: dict[str, Any] = {}

    def __getitem__(self, role: str) -> Any:
        if role == "anonymous":
            return self.app.test_client()
        if role not in self.clients:
            user = self.people[role]
            client = self.app.test_client()
            response = post_login(client, user["name"])
            assert response.status_code == 302, response.status_code
            if response.location.endswith(CODE):
                found = codes(self.mailbox, user["email"])
                assert post_code(client, found[-1]).status_code == 302
            assert logged_in(client)
            self.clients[role] = client
        return self.clients[role]


@pytest.fixture
def people() -> dict[str, Any]:
    return people_with_data(level="2")


@pytest.fixture
def browsers(app: Any, mailbox: Any, people: dict[str, Any]) -> Browsers:
    return Browsers(app, mailbox, people)


def _soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _open(client: Any, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url, follow_redirects=False)
    assert response.status_code == status, (url, response.status_code,
                                            response.get_data(as_text=True)[:800])
    return _soup(response)


def _text(node: Any) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def _token(page: BeautifulSoup, selector: str = "form") -> str:
    form = page.select_one(selector)
    assert form is not None, selector
    field = form.select_one("input[name=_csrf_token]")
    assert field is not None and field["value"], f"{selector} has no CSRF field"
    return field["value"]


def _errors(page: BeautifulSoup) -> list[str]:
    return [_text(li) for li in page.select(".satudata-errors li")]


def _pdf(name: str) -> tuple[Any, str]:
    return (io.BytesIO(blank_pdf()), name)


def _mailed_token(mailbox: Any, address: str) -> str:
    found = mailbox.to(address)
    assert found, f"no e-mail to {address}"
    match = TOKEN.search(mailbox.text(found[-1]))
    assert match, mailbox.text(found[-1])
    return match.group(1)


def _delivered(people: dict[str, Any]) -> dict[str, Any]:
    """A level 2 request taken through its stages by the actions: done,
    its token e-mailed."""
    request = create(people, variables=["Pekerjaan", "Umur"])
    ref = request["number"]
    call(people, "walidata", "access_request_advance", id=ref,
         stage="verifikasi_teknis", comment="Dokumen lengkap")
    call(people, "verifikator", "access_request_advance", id=ref,
         stage="verifikasi_substansi", comment="Sesuai kebutuhan")
    call(people, "walidata", "access_request_advance", id=ref,
         stage="verifikasi_koordinator")
    run_jobs()
    call(people, "walidata", "access_request_extract", id=ref, remove={})
    run_jobs()
    call(people, "walidata", "access_request_advance", id=ref,
         stage="pengolahan_data")
    shown = call(people, "walidata", "access_request_advance", id=ref,
                 stage="cek_kualitas", comment="Jumlah baris sesuai")
    assert (shown["status"], shown["stage"]) == ("selesai", "selesai")
    return shown


def _post_step(client: Any, url: str, step: str, data: dict[str, Any]) -> Any:
    page = _open(client, url)
    selector = f"form.satudata-access-step-{step.replace('_', '-')}"
    form = page.select_one(selector)
    assert form is not None, (selector, [f.get("class") for f in page.select("form")])
    assert form["action"] == f"{url}/{step}"
    response = client.post(f"{url}/{step}", data={
        "_csrf_token": _token(page, selector), **data},
        content_type="multipart/form-data", follow_redirects=False)
    assert response.status_code == 302, (step, _errors(_soup(response)) or
                                         response.get_data(as_text=True)[:800])
    return response


# ---- the public page -------------------------------------------------------------

@pytest.mark.ckan_config("ckanext.satudata.accessrequests.policy",
                         "Data hanya untuk **tujuan** yang diajukan.")
@pytest.mark.ckan_config("ckanext.satudata.accessrequests.faq",
                         "### Pertanyaan daerah\n\nJawaban *daerah*.")
def test_the_public_page_shows_the_stages_documents_faq_and_policy(
        app: Any, people: dict[str, Any]) -> None:
    page = _open(app.test_client(), INDEX)
    main = page.select_one(".satudata-access-index")
    # the nine DTSEN stages, in order, with their labels
    shown = [node["class"][-1].removeprefix("satudata-access-stage-")
             for node in main.select("ol.satudata-access-stages li")]
    assert shown == list(stages.CODES)
    labels = [_text(node) for node in main.select(".satudata-access-stage-name")]
    assert len(labels) == len(stages.CODES) and all(labels)
    assert labels[-1] == "Selesai"
    # the documents to prepare: KAK, SK, Peraturan (and others, optional)
    for field in ("kak", "sk", "peraturan", "lainnya"):
        assert main.select_one(f".satudata-access-requirement-{field}") is not None
    # the built-in questions and the configured ones (Markdown)
    assert len(main.select(".satudata-access-faq details")) >= 5
    assert main.select_one(".satudata-access-faq-extra h3").get_text() == \
        "Pertanyaan daerah"
    # the configured policy, as Markdown
    policy = main.select_one("#kebijakan-akses .satudata-access-policy-text")
    assert policy.select_one("strong").get_text() == "tujuan"
    # the ways in, no script
    assert main.select_one("a.satudata-access-register")["href"] == "/instansi/daftar"
    assert main.select_one("a.satudata-access-new")["href"] == NEW
    assert "<script" not in str(main)
    # its entry of the main menu is the current one
    assert page.select_one("li.active a[aria-current=page]")["href"] == INDEX


def test_the_public_page_has_a_default_policy(app: Any, people: dict[str, Any]
                                              ) -> None:
    page = _open(app.test_client(), INDEX)
    assert len(page.select("#kebijakan-akses ol.satudata-access-policy-text li")) >= 3


# ---- the form --------------------------------------------------------------------

def test_the_form_needs_a_login_and_an_approved_institution(
        app: Any, browsers: Browsers, people: dict[str, Any]) -> None:
    response = app.test_client().get(f"{NEW}?dataset={DATASET}",
                                     follow_redirects=False)
    assert response.status_code == 302
    login = urllib.parse.urlsplit(response.location)
    assert login.path == "/user/login"
    assert urllib.parse.parse_qs(login.query)["came_from"] == [
        f"{NEW}?dataset={DATASET}"]

    for role in ("plain", "walidata"):
        page = _open(browsers[role], NEW, status=403)
        notice = page.select_one(".satudata-access-blocked")
        assert notice is not None
        assert notice.select_one("a[href='/instansi/daftar']") is not None
        assert page.select_one("form.satudata-access-form") is None


def test_the_form_explains_an_incomplete_institution_profile(
        browsers: Browsers, people: dict[str, Any]) -> None:
    from ckan import model

    from ckanext.satudata.institutions import store as institution_store

    institution_store.update(people["other_institution"]["id"], address="")
    model.Session.commit()
    page = _open(browsers["other_institution_user"], NEW, status=403)
    notice = page.select_one(".satudata-access-blocked")
    assert notice.select_one("a[href='/instansi/profil']") is not None
    assert page.select_one("form.satudata-access-form") is None


def test_the_form_of_an_institution_user_with_the_dataset_chosen(
        browsers: Browsers, people: dict[str, Any]) -> None:
    page = _open(browsers["institution_user"], f"{NEW}?dataset={DATASET}")
    form = page.select_one("form.satudata-access-form")
    assert form["action"] == NEW and form["enctype"] == "multipart/form-data"
    _token(page, "form.satudata-access-form")
    options = form.select("select[name=items-0-dataset_id] option[value]")
    chosen = [option["value"] for option in options if option.has_attr("selected")]
    assert chosen == [people["dataset"]["id"]]
    variables = [box["value"] for box in
                 form.select("input[name=items-0-variables]")]
    assert variables == COLUMNS
    assert {option["value"] for option in
            form.select("select[name=items-0-format] option")} == {
        "csv", "xlsx", "json", "xml"}
    for field in ("kak", "sk", "peraturan", "lainnya"):
        assert form.select_one(f"input[type=file][name={field}]") is not None
    assert form.select_one("input[type=checkbox][name=agree]") is not None

    # without a script: another row, then it goes again
    response = browsers["institution_user"].post(NEW, data={
        "_csrf_token": _token(page), "items-0-dataset_id": people["dataset"]["id"],
        "items-0-variables": ["Umur"], "items-0-format": "json",
        "letter_number": "001/A", "add_item": "1"},
        content_type="multipart/form-data")
    assert response.status_code == 200
    form = _soup(response).select_one("form.satudata-access-form")
    assert len(form.select(".satudata-access-item")) == 2
    assert form.select_one("input[name=items-0-variables][value=Umur]"
                           ).has_attr("checked")
    assert form.select_one("select[name=items-0-format] option[value=json]"
                           ).has_attr("selected")
    assert form.select_one("input[name=letter_number]")["value"] == "001/A"


def test_a_refused_form_shows_each_error_by_its_field_and_stores_nothing(
        browsers: Browsers, people: dict[str, Any]) -> None:
    client = browsers["institution_user"]
    page = _open(client, f"{NEW}?dataset={DATASET}")
    before = state()
    response = client.post(NEW, data={
        "_csrf_token": _token(page), "letter_number": "", "purpose": "Kajian",
        "items-0-dataset_id": people["dataset"]["id"], "items-0-notes": "2024",
        "items-0-format": "xlsx", "kak": _pdf("kak.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    page = _soup(response)
    for field in ("letter_number", "sk", "peraturan", "items-0-variables", "agree"):
        assert _text(page.select_one(f"#{field}-error")), field
    assert page.select_one("#kak-error") is None
    assert len(_errors(page)) >= 5
    form = page.select_one("form.satudata-access-form")
    assert _text(form.select_one("textarea[name=purpose]")) == "Kajian"
    assert _text(form.select_one("textarea[name=items-0-notes]")) == "2024"
    assert form.select_one("select[name=items-0-format] option[value=xlsx]"
                           ).has_attr("selected")
    assert form.select_one(
        f"select[name=items-0-dataset_id] option[value='{people['dataset']['id']}']"
    ).has_attr("selected")
    assert state() == before


def test_a_valid_form_files_the_request_and_shows_its_stages(
        browsers: Browsers, people: dict[str, Any]) -> None:
    client = browsers["institution_user"]
    page = _open(client, f"{NEW}?dataset={DATASET}")
    response = client.post(NEW, data={
        "_csrf_token": _token(page), "letter_number": "005/123/BAPPEDA/2026",
        "purpose": "Kajian kemiskinan",
        "items-0-dataset_id": people["dataset"]["id"],
        "items-0-variables": ["Pekerjaan", "Umur"], "items-0-format": "csv",
        "agree": "1", "kak": _pdf("kak.pdf"), "sk": _pdf("sk.pdf"),
        "peraturan": _pdf("peraturan.pdf")},
        content_type="multipart/form-data", follow_redirects=False)
    assert response.status_code == 302, _errors(_soup(response))
    number = f"AD-{dt.date.today().year}-00001"
    assert response.location.endswith(f"/akses-data/{number}")

    page = _open(client, f"/akses-data/{number}")
    assert number in _text(page.select_one(".flash-messages"))
    assert _text(page.select_one(".satudata-access-letter")) == "005/123/BAPPEDA/2026"
    rows = page.select("table.satudata-access-stage-table tbody tr")
    assert len(rows) == len(stages.CODES)
    assert rows[0].select_one(".satudata-stage-done") is not None
    assert rows[1].select_one(".satudata-stage-open") is not None
    assert rows[2].select_one(".satudata-stage-done") is None
    files = {_text(link) for link in page.select("a.satudata-access-file")}
    assert files == {"kak.pdf", "sk.pdf", "peraturan.pdf"}
    # an attachment downloads
    link = page.select_one("a.satudata-access-file")["href"]
    got = client.get(link)
    assert got.status_code == 200 and got.data.startswith(b"%PDF")
    # the institution's list
    page = _open(client, MINE)
    row = page.select_one("table.satudata-access-list tbody tr")
    assert _text(row.select_one(".satudata-access-number")) == number
    assert "Data Penduduk Rentan" in _text(row)
    # no step for the institution now; the walidata's page has theirs
    page = _open(client, f"/akses-data/{number}")
    assert page.select_one(".satudata-access-actions") is None
    page = _open(browsers["walidata"], f"/akses-data/{number}")
    assert page.select_one("form.satudata-access-step-advance") is not None
    assert page.select_one("form.satudata-access-step-return") is not None
    # others may not see it
    _open(browsers["other_institution_user"], f"/akses-data/{number}", status=403)


def test_the_steps_forms_move_the_request(browsers: Browsers,
                                          people: dict[str, Any]) -> None:
    request = create(people, variables=["Umur"])
    url = f"/akses-data/{request['number']}"
    client = browsers["walidata"]
    # a return needs its note
    page = _open(client, url)
    response = client.post(f"{url}/return", data={
        "_csrf_token": _token(page, "form.satudata-access-step-return"), "note": ""})
    assert response.status_code == 400
    assert _errors(_soup(response))
    page = _open(client, url)
    response = client.post(f"{url}/advance", data={
        "_csrf_token": _token(page, "form.satudata-access-step-advance"),
        "comment": "Dokumen lengkap"}, follow_redirects=False)
    assert response.status_code == 302
    page = _open(client, url)
    row = page.select_one("tr.satudata-stage-verifikasi_teknis")
    assert row.select_one(".satudata-stage-done") is not None
    assert "Dokumen lengkap" in _text(row)
    # returned with a note, corrected and sent again with a new KAK
    _post_step(client, url, "return", {"note": "Lampirkan SK yang ditandatangani"})
    page = _open(browsers["institution_user"], url)
    assert "Lampirkan SK yang ditandatangani" in _text(
        page.select_one(".satudata-access-returned"))
    _post_step(browsers["institution_user"], url, "resubmit", {
        "comment": "SK sudah ditandatangani", "sk": _pdf("sk-baru.pdf")})
    page = _open(browsers["institution_user"], url)
    assert page.select_one(".satudata-access-returned") is None
    assert "sk-baru.pdf" in {_text(a) for a in page.select("a.satudata-access-file")}
    # an unknown step is no page
    page = _open(client, url)
    assert client.post(f"{url}/hapus", data={
        "_csrf_token": _token(page, "form")}).status_code == 404


# ---- the download and the audit -------------------------------------------------

def test_the_token_page_refuses_a_wrong_token_and_downloads_with_the_right_one(
        browsers: Browsers, mailbox: Any, people: dict[str, Any]) -> None:
    shown = _delivered(people)
    token = _mailed_token(mailbox, people["institution_user"]["email"])
    client = browsers["institution_user"]
    page = _open(client, DOWNLOADS)
    link = page.select_one("a.satudata-access-download")
    item = shown["items"][0]["id"]
    url = f"/akses-data/{shown['number']}/unduh/{item}"
    assert link["href"] == url
    page = _open(client, url)
    before = state()
    response = client.post(url, data={
        "_csrf_token": _token(page, "form.satudata-access-token-form"),
        "token": "salah-" + "x" * 30})
    assert response.status_code == 400
    page = _soup(response)
    assert _text(page.select_one("#token-error"))
    assert page.select_one("form.satudata-access-token-form") is not None
    assert state() == before
    response = client.post(url, data={
        "_csrf_token": _token(page, "form.satudata-access-token-form"),
        "token": token})
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["Pekerjaan", "Umur"]

    # the audit: the walidata's CSV, with the download
    response = browsers["walidata"].get(f"{AUDIT}?format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith(codecs.BOM_UTF8)
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(table) == 2
    assert shown["number"] in table[1]
    assert "Data Penduduk Rentan" in table[1]
    page = _open(browsers["walidata"], AUDIT)
    assert len(page.select("table.satudata-access-audit tbody tr")) == 1
    # the others may not
    for role in ("institution_user", "plain", "operator"):
        assert browsers[role].get(f"{AUDIT}?format=csv").status_code == 403
    # the institution user's dashboard shows the download and the request
    page = _open(client, "/dashboard/")
    panel = page.select_one(".satudata-access-activity")
    assert shown["number"] in _text(panel.select_one(
        ".satudata-access-activity-requests"))
    assert "Data Penduduk Rentan" in _text(panel.select_one(
        ".satudata-access-activity-downloads"))


def test_the_audit_csv_neutralises_formulas(browsers: Browsers, mailbox: Any,
                                            people: dict[str, Any]) -> None:
    from ckan import model

    package = model.Package.get(people["dataset"]["id"])
    package.title = "=HYPERLINK(\"http://x\")"
    model.Session.commit()
    shown = _delivered(people)
    token = _mailed_token(mailbox, people["institution_user"]["email"])
    call(people, "institution_user", "access_request_download", id=shown["number"],
         item_id=shown["items"][0]["id"], token=token)
    response = browsers["walidata"].get(f"{AUDIT}?format=csv")
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert table[1][4].startswith("'=")


# ---- the Daftar Data and the dashboard -------------------------------------------

@pytest.mark.ckan_config("ckan.plugins", _ACCESS_BEFORE_DATAREQUESTS)
def test_the_daftar_data_leads_to_the_access_request_form(
        app: Any, browsers: Browsers, people: dict[str, Any]) -> None:
    page = _open(app.test_client(), "/daftar-data")
    link = page.select_one("a.satudata-request-access")
    assert link["href"] == f"{NEW}?dataset={DATASET}"
    page = _open(app.test_client(), f"/daftar-data/permohonan-akses/{DATASET}")
    assert page.select_one("a.satudata-access-new")["href"] == \
        f"{NEW}?dataset={DATASET}"


def test_the_dashboard_lists_the_requests_with_filters(
        browsers: Browsers, people: dict[str, Any]) -> None:
    request = create(people, variables=["Umur"])
    page = _open(browsers["walidata"], DASHBOARD)
    assert request["number"] in _text(page.select_one("table.satudata-access-list"))
    assert page.select_one(f"a[href='{DASHBOARD}']") is not None
    page = _open(browsers["walidata"], f"{DASHBOARD}?status=selesai")
    assert page.select_one("table.satudata-access-list") is None
    page = _open(browsers["walidata"], f"{DASHBOARD}?stage=verifikasi_teknis")
    assert request["number"] in _text(page.select_one("table.satudata-access-list"))


# ---- level 3: the extract form and the BAST through the pages ---------------------

def test_the_extract_and_the_bast_through_the_pages(app: Any, mailbox: Any) -> None:
    people = people_with_data(level="3")
    browsers = Browsers(app, mailbox, people)
    request = create(people)
    ref = request["number"]
    url = f"/akses-data/{ref}"
    _post_step(browsers["walidata"], url, "advance", {"comment": "Dokumen lengkap"})
    _post_step(browsers["verifikator"], url, "advance", {"comment": "Sesuai"})
    _post_step(browsers["walidata"], url, "advance", {"comment": ""})
    run_jobs()  # the detection

    # the detected identifying columns are ticked, the others tickable
    page = _open(browsers["walidata"], url)
    form = page.select_one("form.satudata-access-step-extract")
    item = request["items"][0]["id"]
    boxes = {box["value"]: box.has_attr("checked")
             for box in form.select(f"input[name=remove-{item}]")}
    assert boxes == {"NIK": True, "Nama": True, "Alamat": True,
                     "Pekerjaan": False, "Umur": False}
    # the institution sees neither the form nor the detection
    page = _open(browsers["institution_user"], url)
    assert page.select_one("form.satudata-access-step-extract") is None
    _post_step(browsers["walidata"], url, "extract", {
        f"remove-{item}": ["NIK", "Nama", "Alamat", "Pekerjaan"]})
    run_jobs()
    page = _open(browsers["walidata"], url)
    assert "Pekerjaan" in _text(page.select_one(".satudata-access-removed"))
    _post_step(browsers["walidata"], url, "advance", {"comment": "Ekstrak siap"})
    _post_step(browsers["walidata"], url, "advance", {"comment": "Baris sesuai"})

    # Unduh Data: the BAST number, the generated BAST, the signed one
    client = browsers["institution_user"]
    page = _open(client, DOWNLOADS)
    assert page.select_one("a.satudata-access-download") is None  # not yet
    _post_step(client, url, "bast_document", {"bast_number": "BAST/07/2026"})
    page = _open(client, url)
    link = page.select_one("a.satudata-access-bast-document")
    assert link["href"] == f"{url}/bast"
    got = client.get(link["href"])
    assert got.status_code == 200 and got.data.startswith(b"%PDF")
    _open(browsers["other_institution_user"], f"{url}/bast", status=403)
    _post_step(client, url, "bast_upload", {"upload": _pdf("bast-ttd.pdf")})
    page = _open(client, url)
    assert "bast-ttd.pdf" in _text(page.select_one("#bast"))
    _post_step(browsers["walidata"], url, "bast_approve", {"comment": "BAST sah"})

    page = _open(client, url)
    assert page.select_one(".satudata-access-status") is not None
    rows = page.select("table.satudata-access-stage-table tbody tr")
    assert all(row.select_one(".satudata-stage-done") for row in rows)
    page = _open(client, DOWNLOADS)
    assert page.select_one("a.satudata-access-download")["href"] == \
        f"{url}/unduh/{item}"
    token = _mailed_token(mailbox, people["institution_user"]["email"])
    page = _open(client, f"{url}/unduh/{item}")
    response = client.post(f"{url}/unduh/{item}", data={
        "_csrf_token": _token(page, "form.satudata-access-token-form"),
        "token": token})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["Umur"]


def test_the_walidata_rejects_a_request_with_a_reason(browsers: Browsers,
                                                      people: dict[str, Any]) -> None:
    request = create(people, variables=["Umur"])
    url = f"/akses-data/{request['number']}"
    # the institution and the OPD's verifikator have no rejection form
    for role in ("institution_user", "verifikator"):
        page = _open(browsers[role], url)
        assert page.select_one("form.satudata-access-step-reject") is None, role
    client = browsers["walidata"]
    # a rejection needs its reason; nothing is written without it
    before = state()
    page = _open(client, url)
    response = client.post(f"{url}/reject", data={
        "_csrf_token": _token(page, "form.satudata-access-step-reject"),
        "reason": " "})
    assert response.status_code == 400
    assert _errors(_soup(response)) or _soup(response).select(".satudata-field-error")
    assert _soup(response).select_one("details.satudata-access-reject[open]")
    assert state() == before
    _post_step(client, url, "reject", {"reason": "Tujuan penggunaan tidak jelas"})
    # the institution reads the rejection and its reason; no step is left
    page = _open(browsers["institution_user"], url)
    assert "Tujuan penggunaan tidak jelas" in _text(
        page.select_one(".satudata-access-rejected"))
    assert _text(page.select_one(".satudata-access-status")) == "Ditolak"
    assert page.select_one(".satudata-stage-verifikasi_teknis .satudata-stage-rejected")
    assert page.select_one(".satudata-access-actions") is None
    # the officers' list filters on it
    listed = _open(client, f"{DASHBOARD}?status=ditolak")
    assert request["number"] in _text(listed.select_one("main") or listed)
