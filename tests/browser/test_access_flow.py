"""An access request to terbatas data as the people involved click through
it (issue 18): an institution registers on /instansi/daftar with its
letter and two users; the walidata approve it; its first user sets a
password through the e-mailed link, completes the institution's profile
(address, logo) and asks for variables of a level-3 dataset; the walidata
and the OPD's verifikator complete the stages, the extract is built by the
background jobs; the user generates the BAST, uploads it signed, the
walidata approve it, and the user downloads the extract with the token
e-mailed to them: the identifying columns are gone."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ckan import model
from ckan.tests import factories, helpers
from pypdf import PdfReader

from ckanext.satudata.testing import sdi_fields
from tests.accessrequests.support import COLUMNS, IDENTIFYING, ROWS, run_jobs, site
from tests.institutions.support import blank_pdf, person, png

from .support import MAILBOX, PASSWORD, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("with_plugins", "clean_datastore", "clean_queues"),
]

DATASET = "penduduk-rentan"
INSTITUTION = "Bappeda Provinsi Jawa Tengah"
USERS = [person(n) for n in range(2)]  # pegawai1@ and pegawai2@jatengprov.go.id
CHOSEN = ["NIK", "Nama", "Pekerjaan", "Umur"]
BAST_NUMBER = "BAST/07/BAPPEDA/2026"


@pytest.fixture
def opd() -> None:
    """The walidata, the OPD disdukcapil with its verifikator, and its
    terbatas level-3 dataset whose DataStore table holds NIK, names and
    addresses."""
    for name in ("walidata", "verifikator"):
        factories.User(name=name, fullname=name.title(), password=PASSWORD,
                       email=f"{name}@semarangkota.go.id")
    factories.Organization(name="diskominfo", users=[
        {"name": "walidata", "capacity": "editor"}])
    organization = factories.Organization(
        name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil",
        users=[{"name": "verifikator", "capacity": "admin"}])
    dataset = factories.Dataset(
        name=DATASET, title="Data Penduduk Rentan", owner_org=organization["id"],
        **sdi_fields(keterbukaan="terbatas", level_akses="3"))
    resource = factories.Resource(package_id=dataset["id"], name="Data mikro",
                                  url="", url_type="datastore")
    helpers.call_action(
        "datastore_create", site(), resource_id=resource["id"], force=True,
        fields=[{"id": c, "type": "int4" if c == "Umur" else "text"}
                for c in COLUMNS],
        records=[dict(zip(COLUMNS, row, strict=True)) for row in ROWS])


@pytest.fixture
def browse(browser, live_portal) -> Iterator[Callable[[str | None], Any]]:
    """``browse(user)``: a page in a browser context of its own, logged in
    as ``user`` (nobody for ``None``)."""
    contexts = []

    def open_page(user: str | None) -> Any:
        context = browser.new_context(locale="id-ID", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if user:
            log_in(page, live_portal, user)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _mail(address: str, pattern: str) -> str:
    """The first group of ``pattern`` in the last e-mail to ``address``."""
    mailbox = MAILBOX[0]
    messages = mailbox.to(address)
    assert messages, f"no e-mail to {address}"
    found = re.search(pattern, mailbox.text(messages[-1]), re.M)
    assert found, mailbox.text(messages[-1])
    return found.group(1)


def _step(page: Any, step: str) -> None:
    """Submit the form of ``step`` on the request's page; it comes back
    with the success message."""
    with page.expect_navigation():
        page.locator(f"form.satudata-access-step-{step} button[type=submit]").click()
    page.wait_for_selector(".alert-success")


def _stage(page: Any) -> str:
    """The code of the request's open stage (its row in the stage table)."""
    row = page.locator("tr.satudata-stage.table-active")
    classes = row.get_attribute("class").split()
    return next(c for c in classes if c.startswith("satudata-stage-"))[15:]


def test_register_request_process_bast_and_download_with_the_token(
        live_portal, opd, browse, tmp_path: Path) -> None:
    letter = tmp_path / "surat-permohonan.pdf"
    letter.write_bytes(blank_pdf())
    logo = tmp_path / "logo.png"
    logo.write_bytes(png())
    documents = {}
    for field in ("kak", "sk", "peraturan"):
        documents[field] = tmp_path / f"{field}.pdf"
        documents[field].write_bytes(blank_pdf())

    # the institution registers with its letter and two users
    public = browse(None)
    public.goto(f"{live_portal}/instansi/daftar")
    public.select_option("#field-category", "pemerintah_provinsi")
    public.fill("#field-name", INSTITUTION)
    public.fill("#field-email", "bappeda@jatengprov.go.id")
    public.fill("#field-contact_name", "Sari Wulandari")
    public.fill("#field-phone", "024-3515591")
    public.set_input_files("#field-letter", str(letter))
    for index, user in enumerate(USERS):
        for field, value in user.items():
            public.fill(f"#field-users__{index}__{field}", value)
    public.locator("form.satudata-institution-form button[type=submit]").click()
    public.wait_for_selector(".satudata-institution-registered")

    # the walidata find it among the registrations and approve it
    walidata = browse("walidata")
    walidata.goto(f"{live_portal}/dashboard/instansi?status=diajukan")
    walidata.locator("a", has_text=INSTITUTION).click()
    walidata.wait_for_url("**/dashboard/instansi/*")
    walidata.locator("form:has(#approve-notes) button[type=submit]").click()
    walidata.wait_for_selector(".alert-success")

    # the first user sets a password through the e-mailed link, logs in
    link = _mail(USERS[0]["email"], r"(http://\S+/user/reset/\S+)")
    assert link.startswith(live_portal)
    public.goto(link)
    public.fill("#field-password", PASSWORD)
    public.fill("#field-confirm-password", PASSWORD)
    public.locator("button[name=save]").click()
    public.wait_for_selector(".alert-success")
    name = model.User.by_email(USERS[0]["email"]).name
    user = browse(name)

    # completes the institution's profile: address and logo
    user.goto(f"{live_portal}/instansi/profil")
    user.fill("#field-address", "Jl. Pahlawan No. 9, Semarang")
    user.set_input_files("#field-logo", str(logo))
    user.locator("form:has(#field-address) button[type=submit]").click()
    user.wait_for_selector(".alert-success")
    assert user.locator(".satudata-institution-logo").count() == 1

    # asks for variables of the terbatas dataset
    user.goto(f"{live_portal}/akses-data/baru?dataset={DATASET}")
    assert INSTITUTION in user.locator(".satudata-access-institution").inner_text()
    user.fill("#letter_number", "005/123/BAPPEDA/2026")
    user.fill("#purpose", "Kajian kemiskinan ekstrem")
    for variable in CHOSEN:
        user.check(f"input[name='items-0-variables'][value='{variable}']")
    for field, path in documents.items():
        user.set_input_files(f"#{field}", str(path))
    user.check("#agree")
    user.locator("button.satudata-access-submit").click()
    user.wait_for_url("**/akses-data/AD-*")
    number = user.url.rsplit("/", 1)[1]
    assert _stage(user) == "verifikasi_teknis"

    # the walidata, the OPD's verifikator, the walidata again
    request = f"{live_portal}/akses-data/{number}"
    walidata.goto(request)
    _step(walidata, "advance")
    verifikator = browse("verifikator")
    verifikator.goto(request)
    assert _stage(verifikator) == "verifikasi_substansi"
    _step(verifikator, "advance")
    walidata.reload()
    assert _stage(walidata) == "verifikasi_koordinator"
    _step(walidata, "advance")
    assert _stage(walidata) == "pengolahan_data"

    # Pengolahan Data: the detection ticks the identifying columns chosen,
    # the extract is built without them
    run_jobs()
    walidata.reload()
    ticked = walidata.locator(
        "form.satudata-access-step-extract input[type=checkbox]:checked")
    assert sorted(ticked.evaluate_all("boxes => boxes.map(b => b.value)")) \
        == ["NIK", "Nama"]
    _step(walidata, "extract")
    run_jobs()
    walidata.reload()
    report = walidata.locator(".satudata-access-report").inner_text()
    assert "3 baris" in report, report
    _step(walidata, "advance")
    assert _stage(walidata) == "cek_kualitas"
    _step(walidata, "advance")
    assert _stage(walidata) == "unduh_data"

    # the user: BAST number, the BAST document, uploaded back signed
    user.goto(request)
    user.fill("#bast_number", BAST_NUMBER)
    _step(user, "bast-document")
    with user.expect_download() as download:
        user.locator("a.satudata-access-bast-document").click()
    bast = tmp_path / "bast-ttd.pdf"
    download.value.save_as(bast)
    text = "".join(p.extract_text() for p in PdfReader(bast).pages)
    assert BAST_NUMBER in text and INSTITUTION in text
    user.set_input_files("#bast-upload", str(bast))
    _step(user, "bast-upload")
    assert _stage(user) == "verifikasi_bast"

    # the walidata approve the BAST: the token goes by e-mail
    walidata.reload()
    _step(walidata, "bast-approve")
    token = _mail(USERS[0]["email"], r"^\s{2}(\S{20,})\s*$")

    # the user downloads the extract on "Cek Token"
    user.reload()
    user.locator("a.satudata-access-download").click()
    user.wait_for_url(f"**/akses-data/{number}/unduh/*")
    user.fill("#token", token)
    with user.expect_download() as download:
        user.locator("form.satudata-access-token-form button[type=submit]").click()
    saved = tmp_path / "ekstrak.csv"
    download.value.save_as(saved)
    with saved.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == [c for c in CHOSEN if c not in IDENTIFYING] == [
        "Pekerjaan", "Umur"]
    assert [row[0] for row in rows[1:]] == [row[3] for row in ROWS]
