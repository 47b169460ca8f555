"""The whole way through the pages, with the real SMTP server of the
``mailbox`` fixture and the real reset and login pages: an institution
registers on /instansi/daftar, the walidata approve it on
/dashboard/instansi/<id>, each user gets a set-password link, sets a
password and logs in; a rejected registration is corrected through its
link. And every refusal of bad input: a clear Indonesian message naming
the field or the row, nothing stored."""

from __future__ import annotations

import io
import re
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan import model

from ckanext.satudata.accounts import api as accounts
from ckanext.satudata.institutions import api
from tests.accounts.support import csrf, logged_in, post_login

from .support import (
    NIK,
    Upload,
    blank_pdf,
    call,
    make_people,
    person,
    png,
    registration,
    state,
)

pytestmark = [
    pytest.mark.usefixtures("clean_db", "with_plugins"),
    pytest.mark.ckan_config("ckanext.satudata.otp.required_roles", ""),
    pytest.mark.ckan_config("ckanext.satudata.institutions.register_per_hour",
                            "100000"),
]

NEW_PASSWORD = "Instansi#Jateng2026!"


def _form(domain: str = "kendalkab.go.id", users: int = 2) -> dict[str, Any]:
    data: dict[str, Any] = {
        "category": "pemerintah_kabkota", "name": "Bappeda Kabupaten Kendal",
        "email": f"bappeda@{domain}", "contact_name": "Sari Wulandari",
        "phone": "0294-381234", "homepage": "",
        "letter": (io.BytesIO(blank_pdf()), "surat.pdf"),
    }
    for index in range(users):
        for field, value in person(index, domain).items():
            data[f"users__{index}__{field}"] = value
    return data


def _post(app: Any, url: str, data: dict[str, Any]) -> Any:
    token = csrf(app.get(url).get_data(as_text=True))
    return app.post(url, data={**data, "_csrf_token": token},
                    content_type="multipart/form-data")


def _log_in(app: Any, name: str, password: str) -> None:
    response = post_login(app, name, password)
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]


def _link(mailbox: Any, email: str, pattern: str) -> str:
    text = mailbox.text(mailbox.to(email)[-1])
    found = re.search(r"http://test\.ckan\.net(" + pattern + r"\S*)", text)
    assert found, text
    return found.group(1)


def test_register_approve_set_password_log_in(app: Any, mailbox: Any) -> None:
    make_people()
    mailbox.clear()
    page = app.get("/instansi/daftar")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="_csrf_token"' in html and 'name="homepage"' in html
    assert "Pemerintah Kabupaten/Kota" in html
    response = _post(app, "/instansi/daftar", _form())
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    (row,) = [item for item in call({"w": "walidata"} | {"walidata": {
        "name": "walidata"}}, "walidata", "list", status="diajukan")["results"]]
    assert row["name"] == "Bappeda Kabupaten Kendal"
    received = mailbox.text(mailbox.to("bappeda@kendalkab.go.id")[0])
    assert "telah kami terima" in received
    assert mailbox.to("walidata@semarangkota.go.id")

    # the walidata approve on the detail page
    _log_in(app, "walidata", "SatuData#2026")
    # the dashboard has the walidata's tab to the registrations
    tabs = app.get("/dashboard/datasets").get_data(as_text=True)
    assert 'href="/dashboard/instansi"' in tabs
    detail = f"/dashboard/instansi/{row['id']}"
    page = app.get(detail)
    assert page.status_code == 200 and "Pegawai 2" in page.get_data(as_text=True)
    token = csrf(page.get_data(as_text=True))
    done = app.post(f"{detail}/setujui", data={"_csrf_token": token, "notes": ""},
                    follow_redirects=False)
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    assert api.institution_of("pegawai1") is not None

    # the first user sets a password through the e-mailed link, logs in
    invite = mailbox.text(mailbox.to("pegawai1@kendalkab.go.id")[0])
    assert "Kata sandi tidak pernah dikirim" in invite
    assert NEW_PASSWORD not in invite
    app.client = app.test_client()
    link = _link(mailbox, "pegawai1@kendalkab.go.id", "/user/reset/")
    form = app.get(link)
    assert form.status_code == 200
    set_password = app.post(link, data={
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
        "_csrf_token": csrf(form.get_data(as_text=True))}, follow_redirects=False)
    assert set_password.status_code == 302, set_password.get_data(as_text=True)[:2000]
    _log_in(app, "pegawai1", NEW_PASSWORD)
    assert logged_in(app)
    # an institution user's dashboard leads to its profile, not to the list
    tabs = app.get("/dashboard/datasets").get_data(as_text=True)
    assert 'href="/instansi/profil"' in tabs
    assert 'href="/dashboard/instansi"' not in tabs

    # the profile: logo and address, then complete
    profile = app.get("/instansi/profil")
    assert profile.status_code == 200
    saved = app.post("/instansi/profil", data={
        "_csrf_token": csrf(profile.get_data(as_text=True)),
        "address": "Jl. Soekarno-Hatta No. 193, Kendal",
        "logo": (io.BytesIO(png()), "logo.png"),
        "sdi": (io.BytesIO(blank_pdf()), "sk-sdi.pdf"),
    }, content_type="multipart/form-data", follow_redirects=False)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    assert api.profile_complete(row["id"])
    logo = app.get(f"/instansi/{row['id']}/berkas/logo")
    assert logo.status_code == 200 and logo.data == png()


def test_reject_and_correct_through_the_link(app: Any, mailbox: Any) -> None:
    people = make_people()
    pending = call(people, "anonymous", "register",
                   **registration("kendalkab.go.id"))
    mailbox.clear()
    call(people, "walidata", "reject", id=pending["id"],
         notes="Surat tanpa tanda tangan")
    text = mailbox.text(mailbox.to("bappeda@kendalkab.go.id")[0])
    assert "Surat tanpa tanda tangan" in text
    link = _link(mailbox, "bappeda@kendalkab.go.id", "/instansi/perbaikan/")
    page = app.get(link)
    assert page.status_code == 200
    assert "Surat tanpa tanda tangan" in page.get_data(as_text=True)
    assert app.get(link.split("?")[0] + "?token=palsu").status_code == 403
    data = _form()
    data["name"] = "Bappeda Kabupaten Kendal (perbaikan)"
    response = _post(app, link, data)
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    shown = call(people, "walidata", "show", id=pending["id"])
    assert shown["status"] == "diajukan" and shown["name"].endswith("(perbaikan)")
    assert app.get(link).status_code == 403  # the link is used up


# ---- bad input: a clear message naming the field or the row, nothing stored ----

def _bad(people: dict[str, Any], data: dict[str, Any]) -> dict[str, list[str]]:
    before = state()
    with pytest.raises(tk.ValidationError) as refused:
        call(people, "anonymous", "register", **data)
    assert state() == before
    return refused.value.error_dict


#: The messages are checked in English (the msgids): their Indonesian is the
#: catalogue's (make i18n checks it is complete).
@pytest.mark.ckan_config("ckan.locale_default", "en")
@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda d: d["users"][1].update(id_number="19850115201001100"),
     "users__1__id_number", ["User 2", "NIP", "18 digits"]),
    (lambda d: d["users"][0].update(id_number="198513452010011001"),
     "users__0__id_number", ["User 1", "date of birth"]),
    (lambda d: d["users"][0].update(id_number=NIK),
     "users__0__id_number", ["User 1", "NIP"]),
    (lambda d: d.update(email="bappeda@gmail.com"), "email", ["*.go.id"]),
    (lambda d: d["users"][1].update(email="pegawai@yahoo.co.id"),
     "users__1__email", ["User 2", "E-mail", "*.go.id"]),
    (lambda d: d.update(users=d["users"][:1]), "users", ["at least 2", "1 given"]),
    (lambda d: d.update(users=[person(n, "kendalkab.go.id") for n in range(5)]),
     "users", ["at most 4", "5 given"]),
    (lambda d: d.update(letter=Upload(b"%PDF-1.4 rusak", "surat.pdf")), "letter",
     ["Account request letter", "damaged"]),
    (lambda d: d.update(letter=Upload(b"x" * (1024 * 1024 + 1), "surat.pdf")),
     "letter", ["1024 KB"]),
    (lambda d: d.pop("letter"), "letter", ["Account request letter"]),
    (lambda d: d.update(homepage="http://spam.example"), "homepage", ["empty"]),
    (lambda d: d["users"][0].update(phone="12"), "users__0__phone",
     ["User 1", "Phone"]),
    (lambda d: d["users"][0].update(unit=""), "users__0__unit",
     ["User 1", "Work unit", "Missing"]),
    (lambda d: d.update(category="bumn_asing"), "category", ["Choose"]),
])
def test_bad_input_is_refused_naming_the_field(change: Any, field: str,
                                                words: list[str]) -> None:
    people = make_people()
    data = registration("kendalkab.go.id")
    change(data)
    errors = _bad(people, data)
    assert field in errors, errors
    text = " ".join(errors[field])
    for word in words:
        assert word.lower() in text.lower(), (word, text)


def test_nik_is_accepted_for_bumn_and_checked() -> None:
    people = make_people()
    data = registration("pln.co.id", category="bumn")
    data["users"][0]["id_number"] = NIK
    found = call(people, "anonymous", "register", **data)
    assert found["users"][0]["id_kind"] == "nik"
    bad = registration("pln2.co.id", category="bumn")
    bad["users"][0]["id_number"] = "3374019901900001"
    errors = _bad(people, bad)
    assert "NIK" in " ".join(errors["users__0__id_number"])


@pytest.mark.ckan_config("ckan.locale_default", "en")
def test_the_same_person_twice_is_refused() -> None:
    people = make_people()
    data = registration("kendalkab.go.id")
    data["users"][1]["email"] = data["users"][0]["email"]
    errors = _bad(people, data)
    assert "User 2, E-mail: The same as user 1" in errors["users__1__email"]


def test_too_many_registrations_from_one_address(
        app: Any, mailbox: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    make_people()
    # the module's mark sets a high limit: this test sets its own
    monkeypatch.setitem(tk.config, "ckanext.satudata.institutions.register_per_hour", 2)
    accounts.ip_limit_reset("institution_register", "127.0.0.1")
    for n in range(2):
        response = _post(app, "/instansi/daftar", _form(f"kab{n}.go.id"))
        assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    before = state()
    response = _post(app, "/instansi/daftar", _form("kab9.go.id"))
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Terlalu banyak registrasi" in body or "Too many registrations" in body
    assert state() == before
    accounts.ip_limit_reset("institution_register", "127.0.0.1")


def test_honeypot_on_the_page(app: Any) -> None:
    make_people()
    before = state()
    data = {**_form(), "homepage": "http://spam.example"}
    response = _post(app, "/instansi/daftar", data)
    assert response.status_code == 400
    assert state() == before


def test_walidata_pages_refuse_others(app: Any) -> None:
    people = make_people()
    _log_in(app, "warga", "SatuData#2026")
    assert app.get("/dashboard/instansi").status_code == 403
    detail = f"/dashboard/instansi/{people['institution']['id']}"
    assert app.get(detail).status_code == 403
    assert model.User.get("warga") is not None
