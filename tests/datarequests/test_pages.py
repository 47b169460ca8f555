"""The data request pages as pages (Flask test client, real database,
users logged in through the login form, forms posted with their CSRF
token), in Indonesian (the portal's default language): the public page
(the SOP's steps and limits, the figures), the form (pre-filled from the
Daftar Data, refusals naming the field with the values kept, nothing
written), a request's page as each role sees it, every step through its
form, the downloads (refused to those who may not, recorded for those who
may), the data balikan upload and the dashboard lists."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from typing import Any

import pytest
from bs4 import BeautifulSoup
from ckan import model
from ckan.tests import factories

from ckanext.satudata.datarequests import figures, store
from ckanext.satudata.testing import sdi_fields
from tests.accounts.support import (
    CODE,
    PASSWORD,
    codes,
    logged_in,
    post_code,
    post_login,
)

from .support import CSV, blank_pdf, bring, call, create, make_people, state

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

INDEX = "/permohonan-data"
NEW = "/permohonan-data/baru"
MINE = "/permohonan-data/saya"
DASHBOARD = "/dashboard/permohonan-data"
DATASET = "penduduk-kecamatan"
RESTRICTED = "penduduk-rentan"
#: The figure "answered in time" before any answer (an en dash).
NONE_YET = "\u2013"
LIST_COLUMNS = ["Nomor Permohonan", "Permintaan Data", "Tanggal Dibuat",
                "Terakhir Update", "Status"]


# ---- browsers and pages ----------------------------------------------------------

@pytest.fixture
def people() -> dict[str, Any]:
    """The people of tests/datarequests/support.py, with a password, and a
    restricted dataset of the OPD."""
    found = make_people()
    for role, user in found.items():
        if isinstance(user, dict) and "email" in user and "name" in user and (
                role not in ("organization", "other_organization", "dataset")):
            model.User.get(user["name"]).password = PASSWORD
    model.Session.commit()
    found["restricted"] = factories.Dataset(
        name=RESTRICTED, title="Penduduk Rentan Menurut Kelurahan",
        owner_org=found["organization"]["id"],
        **sdi_fields(keterbukaan="terbatas"))
    return found


class Browsers:
    """One logged-in client per role (logged in through the login form,
    with the e-mailed code when the role needs it), made when first used."""

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
def browsers(app: Any, mailbox: Any, people: dict[str, Any]) -> Browsers:
    return Browsers(app, mailbox, people)


def _soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _open(client: Any, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url, follow_redirects=False)
    assert response.status_code == status, (url, response.status_code,
                                            response.get_data(as_text=True)[:500])
    return _soup(response)


def _text(node: Any) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def _token(page: BeautifulSoup, selector: str = "form") -> str:
    form = page.select_one(selector)
    assert form is not None, selector
    field = form.select_one("input[name=_csrf_token]")
    assert field is not None and field["value"], f"{selector} has no CSRF field"
    return field["value"]


def _flash(page: BeautifulSoup) -> str:
    return " ".join(_text(node) for node in page.select(".flash-messages .alert,"
                                                         " .alert-success"))


def _errors(page: BeautifulSoup) -> list[str]:
    return [_text(li) for li in page.select(".satudata-errors li")]


def _status(page: BeautifulSoup) -> str:
    return _text(page.select_one(".satudata-datarequest-state"
                                 " .satudata-datarequest-status"))


def _post(client: Any, url: str, form_selector: str, data: dict[str, Any],
          page_url: str, status: int = 302) -> Any:
    """Post the form ``form_selector`` of ``page_url`` (its CSRF token)."""
    page = _open(client, page_url)
    form = page.select_one(form_selector)
    assert form is not None, (form_selector, page_url)
    assert form["method"] == "post" and form["action"] == url, form.attrs
    response = client.post(url, data={"_csrf_token": _token(page, form_selector),
                                      **data},
                           content_type="multipart/form-data",
                           follow_redirects=False)
    assert response.status_code == status, (
        url, response.status_code, _errors(_soup(response)) or
        response.get_data(as_text=True)[:800])
    return response


def _pdf(name: str = "surat.pdf") -> tuple[Any, str]:
    import io

    return (io.BytesIO(blank_pdf()), name)


def _actions(page: BeautifulSoup) -> set[str]:
    """The step forms (and links) the page offers."""
    found = set()
    for node in page.select(".satudata-datarequest-actions form,"
                            " .satudata-datarequest-actions a.btn"):
        for name in node.get("class", []):
            if name.startswith("satudata-datarequest-"):
                found.add(name.removeprefix("satudata-datarequest-"))
    return found


# ---- the public page and the figures --------------------------------------------

def test_the_public_page_shows_the_steps_the_figures_and_the_way_in(
        app: Any, people: dict[str, Any]) -> None:
    create(people, kind="perorangan")
    page = _open(app.test_client(), INDEX)
    assert _text(page.select_one("h1.page-heading")) == "Permohonan Data"
    # its entry of the main menu is the current one
    assert page.select_one("#main-navigation-toggle li.active a[aria-current=page]"
                           )["href"] == INDEX
    steps = [_text(step) for step in page.select("ol.satudata-sop li")]
    assert len(steps) == 6
    assert steps[0].startswith("Permohonan diajukan di portal")
    assert "tanpa batas waktu" in steps[0]
    assert "Permohonan diperiksa dan diterima" in steps[1]
    assert "paling lama 1 hari kerja" in steps[1]
    assert "Walidata" in steps[1]
    assert "Produsen data (OPD)" in steps[3]
    assert "paling lama 5 hari kerja" in steps[4]
    assert "paling lama 30 hari kerja" in steps[5]
    assert "<script" not in str(page.select_one(".satudata-datarequests-index"))
    year = dt.date.today().year
    assert _text(page.select_one("#figures-heading")) == f"Permohonan data tahun {year}"
    assert _text(page.select_one(".satudata-figure-requests .satudata-figure-value")) \
        == "1"
    assert _text(page.select_one(".satudata-figure-in-time .satudata-figure-value")) \
        == NONE_YET
    button = page.select_one("a.satudata-datarequest-new")
    assert button["href"] == NEW and _text(button) == "Ajukan permohonan data"

    # the form needs a login, and comes back with the dataset chosen
    response = app.test_client().get(f"{NEW}?dataset={DATASET}",
                                     follow_redirects=False)
    assert response.status_code == 302
    login = urllib.parse.urlsplit(response.location)
    assert login.path == "/user/login"
    assert urllib.parse.parse_qs(login.query)["came_from"] == [
        f"{NEW}?dataset={DATASET}"]


def test_the_figures_count_this_years_requests_and_the_answers_in_time(
        people: dict[str, Any]) -> None:
    on_time = bring(people, "ditindaklanjuti", kind="perorangan")
    on_time = call(people, "walidata", "deliver", id=on_time["id"])
    late = bring(people, "menunggu_data_balikan")
    bring(people, "diteruskan")
    # the late one was accepted 10 working days after it was filed
    rows = store.stages(late["id"])
    accepted = next(row for row in rows if row["stage"] == "diterima")
    store.update_stage(accepted["id"],
                       started=accepted["started"] - dt.timedelta(days=20))
    model.Session.commit()
    found = figures.of_year()
    assert (found.requests, found.answered, found.in_time, found.in_progress) == (
        3, 2, 1, 1)
    assert found.percent_in_time == 50
    assert figures.of_year(found.year - 1).requests == 0
    assert on_time["status"] == "selesai"


# ---- the form --------------------------------------------------------------------

def test_the_form_is_prefilled_refuses_in_indonesian_and_files_the_request(
        browsers: Browsers, people: dict[str, Any]) -> None:
    client = browsers["requester"]
    page = _open(client, f"{NEW}?dataset={DATASET}")
    form = page.select_one("form.satudata-datarequest-form")
    assert form["action"] == NEW and form["enctype"] == "multipart/form-data"
    _token(page, "form.satudata-datarequest-form")
    options = {option["value"]: option for option in
               form.select("select[name=datasets] option")}
    # the Daftar Data's titles, the restricted one too (by title only)
    assert set(options) == {DATASET, RESTRICTED}
    assert options[DATASET].has_attr("selected")
    assert not options[RESTRICTED].has_attr("selected")
    assert "Terbatas" in _text(options[RESTRICTED])
    assert form.select_one("input[name=contact_email]")["value"] == \
        people["requester"]["email"]
    assert {option["value"] for option in form.select("select[name=format] option")} \
        == {"csv", "xlsx", "json"}
    regions = [option["value"] for option in form.select("select[name=regions] option")]
    assert regions and all(re.fullmatch(r"\d\d(\.\d\d){0,2}", code) for code in regions)

    # refused: every field named in Indonesian, the values kept, nothing written
    before = state()
    data = {"requester_kind": "instansi", "institution": "", "contact_name": "Sari",
            "contact_email": "sari@example.org", "contact_phone": "12345",
            "datasets": [RESTRICTED], "description": "", "purpose": "Penelitian",
            "format": "xlsx", "regions": [regions[0]]}
    response = client.post(NEW, data={"_csrf_token": _token(page), **data},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    page = _soup(response)
    # every error at once: the field, the rule across fields, the attachments
    assert sorted(_errors(page)) == sorted([
        "Telepon narahubung: Bukan nomor telepon Indonesia yang valid",
        "Instansi: Isikan nama instansi", "Lampirkan Surat Pernyataan (PDF)",
        "Lampirkan Kerangka Acuan Kerja (KAK) (PDF)"])
    assert _text(page.select_one("#contact_phone-error")) == \
        "Telepon narahubung: Bukan nomor telepon Indonesia yang valid"
    assert "Permohonan data tidak terkirim" in _text(
        page.select_one(".satudata-errors"))
    form = page.select_one("form.satudata-datarequest-form")
    assert form.select_one("input[name=contact_phone]")["value"] == "12345"
    assert _text(form.select_one("textarea[name=purpose]")) == "Penelitian"
    assert form.select_one("#requester_kind-instansi").has_attr("checked")
    assert form.select_one(f"option[value={RESTRICTED}]").has_attr("selected")
    assert form.select_one("select[name=format] option[value=xlsx]").has_attr(
        "selected")
    assert form.select_one(f"select[name=regions] option[value='{regions[0]}']"
                           ).has_attr("selected")
    assert state() == before

    # filed
    data.update(requester_kind="perorangan", contact_phone="0812-3456-7890",
                pernyataan=_pdf("pernyataan.pdf"))
    response = client.post(NEW, data={"_csrf_token": _token(page), **data},
                           content_type="multipart/form-data",
                           follow_redirects=False)
    assert response.status_code == 302, _errors(_soup(response))
    number = f"PD-{dt.date.today().year}-00001"
    assert response.location.endswith(f"/permohonan-data/{number}")
    page = _open(client, f"/permohonan-data/{number}")
    assert f"Permohonan data {number} diajukan" in _flash(page)
    assert _status(page) == "Diajukan"
    assert "Penduduk Rentan Menurut Kelurahan" in _text(
        page.select_one(".satudata-datarequest-datasets"))
    assert "+6281234567890" in _text(page.select_one(".satudata-datarequest-contact"))


def test_a_requester_whose_data_balikan_is_overdue_is_told_why(
        browsers: Browsers, people: dict[str, Any]) -> None:
    owed = bring(people, "menunggu_data_balikan")
    balikan = next(row for row in store.stages(owed["id"])
                   if row["stage"] == "data_balikan")
    store.update_stage(balikan["id"],
                       started=balikan["started"] - dt.timedelta(days=90))
    model.Session.commit()
    page = _open(browsers["requester"], NEW, status=403)
    notice = _text(page.select_one(".satudata-datarequest-blocked"))
    assert owed["number"] in notice
    assert "data balikan" in notice.lower()
    assert page.select_one("form.satudata-datarequest-form") is None
    # somebody else files as before
    _open(browsers["other_requester"], NEW)


# ---- who sees what ---------------------------------------------------------------

def test_each_role_sees_what_it_may_and_nothing_else(
        browsers: Browsers, people: dict[str, Any]) -> None:
    filed = create(people)  # an institution's, by the requester
    url = f"/permohonan-data/{filed['number']}"
    email = people["requester"]["email"]

    page = _open(browsers["requester"], url)
    assert _status(page) == "Diajukan"
    assert "sari@example.org" in _text(page.select_one(".satudata-datarequest-contact"))
    files = {_text(a) for a in page.select("a.satudata-datarequest-file")}
    assert files == {"pernyataan.pdf", "kak.pdf"}
    assert _actions(page) == {"cancel"}
    stages = page.select("table.satudata-datarequest-stages tbody tr")
    assert [_text(row.th).split(" Pemohon")[0].split(" Walidata")[0]
            for row in stages] == ["Permohonan diajukan",
                                   "Permohonan diperiksa dan diterima"]
    assert "✓" in _text(stages[0]) and "Dalam proses" in _text(stages[1])
    assert "0 dari 1" in _text(stages[1].select_one(".satudata-stage-days"))

    page = _open(browsers["walidata"], url)
    assert "sari@example.org" in _text(page.select_one(".satudata-datarequest-contact"))
    assert _actions(page) == {"accept", "incomplete", "reject", "cancel"}

    page = _open(browsers["pembina"], url)
    contact = _text(page.select_one(".satudata-datarequest-contact"))
    assert "Sari Wulandari" in contact and "@" not in contact and "+62" not in contact
    assert email not in page.get_text()
    assert page.select("a.satudata-datarequest-file") == []
    names = page.select(".satudata-datarequest-files td:first-child")
    assert {_text(td) for td in names} == {"pernyataan.pdf", "kak.pdf"}
    assert _actions(page) == set()
    assert page.select_one(".satudata-datarequest-actions") is None

    for role in ("other_requester", "operator", "other_operator"):
        _open(browsers[role], url, status=403)
    response = browsers["anonymous"].get(url, follow_redirects=False)
    assert response.status_code == 302 and "/user/login" in response.location
    _open(browsers["walidata"], "/permohonan-data/PD-1999-99999", status=404)

    # the lists
    page = _open(browsers["requester"], MINE)
    table = page.select_one("table.satudata-datarequest-list")
    assert [_text(th) for th in table.select("thead th")] == LIST_COLUMNS
    rows = table.select("tbody tr")
    assert len(rows) == 1 and _text(rows[0]).startswith(filed["number"])
    assert "Jumlah Penduduk Menurut Kecamatan" in _text(rows[0])
    page = _open(browsers["other_requester"], MINE)
    assert page.select("table.satudata-datarequest-list") == []
    assert "belum mengajukan" in _text(page.select_one(".empty"))
    for role, count in (("walidata", 1), ("pembina", 1), ("operator", 0),
                        ("other_requester", 0)):
        page = _open(browsers[role], DASHBOARD)
        rows = page.select("table.satudata-datarequest-list tbody tr")
        assert len(rows) == count, role
    nav = _open(browsers["walidata"], DASHBOARD).select_one(
        f".nav-tabs a[href='{DASHBOARD}']")
    assert nav is not None and _text(nav) == "Permohonan Data (1)"


# ---- every step through its form -------------------------------------------------

def test_a_request_goes_through_every_step_on_the_pages(
        browsers: Browsers, people: dict[str, Any]) -> None:
    filed = create(people)
    number = filed["number"]
    url = f"/permohonan-data/{number}"
    walidata, operator, requester = (browsers["walidata"], browsers["operator"],
                                     browsers["requester"])

    # a rejection needs its reason: refused, named, nothing written
    before = state()
    page = _soup(_post(walidata, f"{url}/tolak", "form.satudata-datarequest-reject",
                       {"step": "reject", "reason": ""}, url, status=400))
    assert _errors(page) == ["Alasan: Sebutkan alasan permohonan ditolak"]
    assert state() == before

    # accepted
    _post(walidata, f"{url}/terima", "form.satudata-datarequest-accept",
          {"step": "accept", "comment": "Lengkap"}, url)
    page = _open(walidata, url)
    assert "Permohonan data diterima" in _flash(page)
    assert _status(page) == "Diterima"
    assert _actions(page) == {"forward", "reject", "cancel"}
    options = [o["value"] for o in page.select("#forward-organization option") if
               o["value"]]
    assert options == ["dinkes", "disdukcapil"]  # OPDs only, by title

    # forwarded: the OPD must be chosen
    page = _soup(_post(walidata, f"{url}/teruskan", "form.satudata-datarequest-forward",
                       {"step": "forward", "organization": "", "comment": "Mohon"},
                       url, status=400))
    assert _errors(page) == [
        "Produsen data (OPD): Pilih organisasi (OPD) yang menghasilkan data ini"]
    assert page.select_one("#forward-comment")["value"] == "Mohon"
    _post(walidata, f"{url}/teruskan", "form.satudata-datarequest-forward",
          {"step": "forward", "organization": "disdukcapil", "comment": "Mohon"}, url)
    page = _open(walidata, url)
    assert _status(page) == "Diteruskan ke produsen data"
    assert page.select_one("a.satudata-datarequest-letter") is not None

    # the OPD sees it now (another OPD does not), and answers with a file
    _open(browsers["other_operator"], url, status=403)
    rows = _open(operator, DASHBOARD).select("table.satudata-datarequest-list tbody tr")
    assert len(rows) == 1 and number in _text(rows[0])
    page = _open(operator, url)
    assert _actions(page) == {"respond", "decline"}
    assert "sari@example.org" not in page.get_text()
    import io
    _post(operator, f"{url}/tindak-lanjut", "form.satudata-datarequest-respond",
          {"step": "respond", "comment": "Terlampir",
           "files": [(io.BytesIO(CSV), "penduduk.csv")]}, url)
    assert _status(_open(operator, url)) == "Ditindaklanjuti"

    # delivered by the walidata
    _post(walidata, f"{url}/sampaikan", "form.satudata-datarequest-deliver",
          {"step": "deliver", "comment": "Silakan"}, url)
    page = _open(requester, url)
    assert _status(page) == "Menunggu data balikan"
    delivered = page.select_one(".satudata-file-delivery a.satudata-datarequest-file")
    assert delivered is not None and _text(delivered) == "penduduk.csv"
    assert _actions(page) == {"balikan"}

    # the download: refused to those who may not, recorded for the requester
    for role in ("pembina", "other_requester"):
        assert browsers[role].get(delivered["href"]).status_code == 403
    assert store.downloads(filed["id"]) == []
    response = requester.get(delivered["href"])
    assert response.status_code == 200 and response.data == CSV
    assert "attachment" in response.headers["Content-Disposition"]
    logged = store.downloads(filed["id"])
    assert [(row["user_id"], row["file_id"]) for row in logged] == [
        (people["requester"]["id"], delivered["href"].rsplit("/", 1)[1])]

    # the data balikan: the file is needed, then uploaded
    balikan = f"{url}/data-balikan"
    page = _soup(_post(requester, balikan, "form.satudata-datarequest-balikan-form",
                       {}, balikan, status=400))
    assert _errors(page) == ["Pilih berkas data balikan yang akan diunggah"]
    _open(walidata, balikan, status=403)
    _post(requester, balikan, "form.satudata-datarequest-balikan-form",
          {"upload": _pdf("laporan.pdf")}, balikan)
    page = _open(requester, url)
    assert "Data balikan diunggah" in _flash(page)
    assert _status(page) == "Data balikan diunggah"

    # accepted by the walidata: every stage done
    _post(walidata, f"{url}/terima-balikan",
          "form.satudata-datarequest-balikan-accept", {"accept": "1"}, url)
    page = _open(requester, url)
    assert _status(page) == "Selesai"
    rows = page.select("table.satudata-datarequest-stages tbody tr")
    assert len(rows) == 7 and all("✓" in _text(row) for row in rows)
    letters = page.select(".satudata-datarequest-letters li")
    assert len(letters) == 3  # pengantar, tindak lanjut, penyampaian
    # the requester downloads the delivery letter only (recorded too)
    mine = [a["href"] for li in letters for a in li.select("a")
            if a["href"].startswith(url)]
    every = [a["href"] for a in _open(walidata, url).select(
        ".satudata-datarequest-letters a") if a["href"].startswith(url)]
    assert len(mine) == 1 and len(every) == 3 and mine[0] in every
    for href in every:
        response = requester.get(href)
        assert response.status_code == (200 if href in mine else 403), href
    response = requester.get(mine[0])
    assert response.data.startswith(b"%PDF")
    assert response.mimetype == "application/pdf"
    assert len(store.downloads(filed["id"])) == 3


def test_completeness_is_asked_and_given_on_the_pages(
        browsers: Browsers, people: dict[str, Any]) -> None:
    filed = create(people, kind="perorangan")
    url = f"/permohonan-data/{filed['number']}"
    walidata, requester = browsers["walidata"], browsers["requester"]
    page = _soup(_post(walidata, f"{url}/kelengkapan",
                       "form.satudata-datarequest-incomplete",
                       {"step": "incomplete", "comment": " "}, url, status=400))
    assert _errors(page) == ["Catatan: Sebutkan apa yang kurang"]
    _post(walidata, f"{url}/kelengkapan", "form.satudata-datarequest-incomplete",
          {"step": "incomplete", "comment": "Tujuan belum jelas"}, url)
    page = _open(requester, url)
    assert _status(page) == "Menunggu kelengkapan"
    assert _actions(page) == {"update", "cancel"}

    edit = f"{url}/perbarui"
    page = _open(requester, edit)
    form = page.select_one("form.satudata-datarequest-form")
    assert form.select_one("textarea[name=purpose]").get_text() == "Penelitian skripsi"
    assert "Tujuan belum jelas" in _text(
        page.select_one(".satudata-datarequest-incomplete"))
    _open(walidata, edit, status=403)
    response = _post(requester, edit, "form.satudata-datarequest-form", {
        "contact_name": "Sari Wulandari", "contact_email": "sari@example.org",
        "contact_phone": "+6281234567890", "datasets": [DATASET],
        "description": "", "purpose": "Penelitian skripsi tentang penduduk",
        "format": "csv", "comment": "Tujuan diperjelas"}, edit)
    assert response.location.endswith(url)
    page = _open(requester, url)
    assert _status(page) == "Diajukan"
    assert "Penelitian skripsi tentang penduduk" in page.get_text()


def test_the_daftar_data_and_the_dataset_page_lead_to_the_form(
        app: Any, people: dict[str, Any]) -> None:
    client = app.test_client()
    page = _open(client, "/daftar-data")
    # with the access requests loaded, "Ajukan akses" opens their form
    assert [a["href"] for a in page.select("a.satudata-request-access")] == [
        f"/akses-data/baru?dataset={RESTRICTED}"]
    page = _open(client, f"/daftar-data/permohonan-akses/{RESTRICTED}")
    link = page.select_one("a.satudata-datarequest-new")
    assert link["href"] == f"{NEW}?dataset={RESTRICTED}"
    assert _text(link) == "Ajukan permohonan data"
    page = _open(client, f"/dataset/{DATASET}")
    link = page.select_one("a.satudata-datarequest-dataset")
    assert link["href"] == f"{NEW}?dataset={DATASET}"
    assert _text(link) == "Minta data"


def test_the_api_steps_and_the_pages_agree(browsers: Browsers,
                                           people: dict[str, Any]) -> None:
    """A request taken along by the actions reads the same on its page."""
    request = bring(people, "ditindaklanjuti")
    page = _open(browsers["walidata"], f"/permohonan-data/{request['number']}")
    assert _actions(page) == {"deliver", "reject", "cancel"}
    answer = page.select_one(".satudata-file-response a.satudata-datarequest-file")
    assert answer is not None and _text(answer) == "data.csv"
    rejected = call(people, "walidata", "reject", id=request["id"], reason="Rahasia")
    page = _open(browsers["requester"], f"/permohonan-data/{rejected['number']}")
    assert _status(page) == "Ditolak"
    assert _text(page.select_one(".satudata-datarequest-reason")) == "Rahasia"
    assert page.select_one(".satudata-datarequest-actions") is None
