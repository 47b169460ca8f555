"""Staff accounts created by the walidata on an assignment letter (issue
15, seed 001 §7.1), the letters in CKAN's file storage, and deactivated
accounts losing their sessions and API tokens.

Real PostgreSQL, real file storage (``ckan.files.storage.satudata``), the
real SMTP server of the ``mailbox`` fixture, the real login and reset
pages."""

from __future__ import annotations

import datetime as dt
import io
import pathlib
import re
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib import files as ckan_files
from ckan.tests import factories, helpers
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from werkzeug.datastructures import FileStorage

from ckanext.satudata import files, roles
from ckanext.satudata.accounts import history, sessions, staff
from ckanext.satudata.accounts.model import (
    login_event_table,
    staff_assignment_table,
    trusted_device_table,
)

from .support import PASSWORD, csrf, logged_in, post_login

pytestmark = [
    pytest.mark.usefixtures("clean_db", "with_plugins"),
    # no e-mailed login code: these tests are about accounts, not the code
    pytest.mark.ckan_config("ckanext.satudata.otp.required_roles", ""),
]

NEW_PASSWORD = "Staf#Semarang2026!"
EMAIL = "budi.santoso@semarangkota.go.id"


def pdf(pages: int = 1, javascript: bool = False) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if javascript:
        writer.add_open_action(JavaScript("app.alert(1)"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def cast() -> dict[str, Any]:
    """Every role of the role tables: an OPD (disdukcapil) with its
    operator and verifikator, another OPD (dinkes) with its verifikator,
    the walidata, pembina, a sysadmin and a plain user."""
    people = {name: factories.User(name=name, password=PASSWORD) for name in (
        "operator", "verifikator", "verifikator-lain", "walidata", "pembina",
        "warga",
    )}
    people["sysadmin"] = factories.Sysadmin(name="admin-portal", password=PASSWORD)
    people["opd"] = factories.Organization(
        name="disdukcapil", title="Disdukcapil", users=[
            {"name": "operator", "capacity": "editor"},
            {"name": "verifikator", "capacity": "admin"},
        ])
    people["other_opd"] = factories.Organization(
        name="dinkes", title="Dinkes", users=[
            {"name": "verifikator-lain", "capacity": "admin"},
        ])
    factories.Organization(name="diskominfo", users=[
        {"name": "walidata", "capacity": "editor"}])
    factories.Organization(name="bps", users=[
        {"name": "pembina", "capacity": "member"}])
    people["anonymous"] = None
    return people


def as_user(user: dict[str, Any] | None) -> dict[str, Any]:
    return {"user": user["name"] if user else "", "ignore_auth": False}


def fields(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "budi-santoso", "fullname": "Budi Santoso", "email": EMAIL,
        "organization": "disdukcapil", "role": "operator",
        "letter_number": "800/123/DISKOMINFO/2026", "letter_date": "2026-01-05",
        "letter": pdf(),
    }
    data.update(overrides)
    return data


def storage_dir() -> pathlib.Path:
    return pathlib.Path(str(ckan_files.get_storage(files.STORAGE).settings.path))


def state() -> dict[str, Any]:
    """What a staff creation writes: users, memberships, files (rows and
    bytes), assignments, account events. Equal before and after: nothing
    written."""
    session = model.Session
    return {
        "users": sorted(u.name for u in session.query(model.User)),
        "members": sorted(
            (m.group_id, m.table_id, m.capacity, m.state)
            for m in session.query(model.Member).filter_by(table_name="user")),
        "files": session.query(model.File).count(),
        "stored": sorted(p.name for p in storage_dir().glob("*")),
        "assignments": session.execute(
            sa.select(sa.func.count()).select_from(staff_assignment_table)).scalar(),
        "events": session.execute(sa.select(sa.func.count()).select_from(
            login_event_table).where(login_event_table.c.kind == "account_created")
        ).scalar(),
    }


def reset_link(mailbox: Any, email: str) -> str:
    (message,) = mailbox.to(email)
    found = re.search(r"http://test\.ckan\.net(/user/reset/\S+)", mailbox.text(message))
    assert found, mailbox.text(message)
    return found.group(1)


def log_in(app: Any, name: str, password: str = PASSWORD) -> None:
    response = post_login(app, name, password)
    body = response.get_data(as_text=True)
    assert response.status_code == 302, re.findall(r"alert[^>]*>([^<]+)", body)
    assert "/user/login" not in response.location


# ---- the whole way: the walidata's form, the e-mail, a password, a login --


def test_walidata_creates_a_staff_account_who_sets_a_password_and_logs_in(
    app: Any, cast: dict[str, Any], mailbox: Any,
):
    log_in(app, "walidata")
    page = app.get("/akun/staf/baru")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert '<option value="disdukcapil"' in html
    assert '<option value="diskominfo"' not in html  # not an OPD
    assert '<option value="bps"' not in html
    for label in ("Operator", "Verifikator", "Surveyor"):
        assert f">{label}</option>" in html
    data = fields(letter=(io.BytesIO(pdf(2)), "surat-tugas-budi.pdf"))
    response = app.post("/akun/staf/baru", data={**data, "_csrf_token": csrf(html)},
                        content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    confirmation = response.get_data(as_text=True)
    assert "budi-santoso" in confirmation
    assert EMAIL in confirmation
    assert "kata sandi" in confirmation.lower()

    user = model.User.get("budi-santoso")
    assert user is not None and user.state == "active"
    assert user.fullname == "Budi Santoso" and user.email == EMAIL
    organization = model.Group.get("disdukcapil")
    assert roles.capacity_in(user, organization.id) == "editor"
    (row,) = staff.assignments(organization.id)
    assert row["user_id"] == user.id and row["role"] == "operator"
    assert row["letter_number"] == "800/123/DISKOMINFO/2026"
    assert row["letter_date"] == "2026-01-05"
    member = model.Session.query(model.Member).filter_by(
        group_id=organization.id, table_id=user.id, state="active").one()
    assert row["member_id"] == member.id
    stored = model.Session.get(model.File, row["file_id"])
    assert stored.storage == files.STORAGE and stored.name == "surat-tugas-budi.pdf"
    assert stored.owner.owner_type == "satudata_staff_assignment"
    assert stored.owner.owner_id == row["id"] and stored.owner.pinned
    assert files.read(row["file_id"]) == pdf(2)
    assert [e for e in history_of(user.id) if e == "account_created"]

    # the e-mail: in Indonesian, a one-time link, never a password
    (message,) = mailbox.to(EMAIL)
    text = mailbox.text(message)
    assert "surat tugas nomor 800/123/DISKOMINFO/2026" in text
    assert "Disdukcapil" in text and "Operator" in text
    assert "Kata sandi tidak pernah dikirim" in text

    # the person opens the link in their own browser and sets a password
    app.client = app.test_client()
    link = reset_link(mailbox, EMAIL)
    form = app.get(link)
    assert form.status_code == 200
    done = app.post(link, data={
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
        "_csrf_token": csrf(form.get_data(as_text=True)),
    }, follow_redirects=False)
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    assert app.get(link).status_code == 403  # the link is used up

    log_in(app, "budi-santoso", NEW_PASSWORD)
    assert logged_in(app)
    assert roles.organization_roles("budi-santoso", organization.id) == {"operator"}


def history_of(user_id: str) -> list[str]:
    return [row.kind for row in model.Session.execute(
        sa.select(login_event_table.c.kind)
        .where(login_event_table.c.user_id == user_id))]


@pytest.mark.parametrize(("role", "capacity"), [
    ("verifikator", "admin"), ("surveyor", "member"),
])
def test_each_role_is_its_capacity(cast: dict[str, Any], mailbox: Any,
                                   role: str, capacity: str):
    helpers.call_action("satudata_staff_create", as_user(cast["walidata"]),
                        **fields(role=role))
    organization = model.Group.get("disdukcapil")
    assert roles.capacity_in("budi-santoso", organization.id) == capacity


def test_an_existing_account_gets_the_role_and_a_notice(cast: dict[str, Any],
                                                        mailbox: Any):
    existing = factories.User(name="budi", email=EMAIL.upper())
    before = state()
    found = helpers.call_action(
        "satudata_staff_create", as_user(cast["walidata"]),
        **fields(name="budi-santoso", role="verifikator", organization="dinkes"))
    assert found["created_account"] is False
    assert found["user_name"] == "budi" and found["user_id"] == existing["id"]
    after = state()
    assert after["users"] == before["users"]  # no second account
    assert roles.capacity_in("budi", model.Group.get("dinkes").id) == "admin"
    assert after["assignments"] == before["assignments"] + 1
    assert after["events"] == before["events"]  # no account was created
    (message,) = mailbox.to(EMAIL.upper())
    text = mailbox.text(message)
    assert "/user/reset/" not in text
    assert "peran baru" in text.lower() and "Dinkes" in text
    assert model.User.get("budi").reset_key is None


def test_a_taken_username_with_an_existing_email_is_no_error(cast: dict[str, Any],
                                                              mailbox: Any):
    """The e-mail names the person; the username typed is then not used."""
    factories.User(name="budi", email=EMAIL)
    found = helpers.call_action("satudata_staff_create", as_user(cast["walidata"]),
                                **fields(name="operator"))
    assert found["user_name"] == "budi"


# ---- refused inputs: an Indonesian error on the field, nothing written ----


@pytest.mark.parametrize(("overrides", "field"), [
    ({"email": "bukan-email"}, "email"),
    ({"email": ""}, "email"),
    ({"name": "operator", "email": "baru@semarangkota.go.id"}, "name"),
    ({"name": "Budi Santoso"}, "name"),
    ({"fullname": ""}, "fullname"),
    ({"letter": b"PK\x03\x04 dokumen word yang diganti namanya .pdf"}, "letter"),
    ({"letter": pdf(javascript=True)}, "letter"),
    ({"letter": pdf(11)}, "letter"),
    ({"letter": b""}, "letter"),
    ({"letter": None}, "letter"),
    ({"organization": "tidak-ada"}, "organization"),
    ({"organization": "diskominfo"}, "organization"),
    ({"organization": "bps"}, "organization"),
    ({"role": "kepala"}, "role"),
    ({"role": "admin"}, "role"),
    ({"letter_number": ""}, "letter_number"),
    ({"letter_date": "kemarin"}, "letter_date"),
    ({"letter_date": (dt.date.today() + dt.timedelta(days=2)).isoformat()},
     "letter_date"),
])
def test_a_bad_field_is_refused_and_nothing_is_created(
    cast: dict[str, Any], mailbox: Any, overrides: dict[str, Any], field: str,
):
    before = state()
    data = fields(**overrides)
    if data["letter"] is None:
        del data["letter"]
    with pytest.raises(helpers.logic.ValidationError) as caught:
        helpers.call_action("satudata_staff_create", as_user(cast["walidata"]), **data)
    assert field in caught.value.error_dict, caught.value.error_dict
    assert state() == before
    assert model.User.get("budi-santoso") is None
    assert mailbox.to(data["email"] or EMAIL) == []


def test_an_oversized_letter_is_refused(cast: dict[str, Any], ckan_config: Any,
                                        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.staff_letter_max_kb", 1)
    before = state()
    big = pdf(10)
    assert len(big) > 1024
    with pytest.raises(helpers.logic.ValidationError) as caught:
        helpers.call_action("satudata_staff_create", as_user(cast["walidata"]),
                            **fields(letter=big))
    (error,) = caught.value.error_dict["letter"]
    assert "1 KB" in error  # the size limit, in the request's language
    assert state() == before
    # an upload (as a form sends it) is read no further than the limit
    upload = FileStorage(io.BytesIO(big), filename="surat.pdf",
                         content_type="application/pdf")
    with pytest.raises(helpers.logic.ValidationError) as caught:
        helpers.call_action("satudata_staff_create", as_user(cast["walidata"]),
                            **fields(letter=upload))
    assert "1 KB" in caught.value.error_dict["letter"][0]
    assert upload.stream.tell() == 1025
    assert state() == before


def test_errors_are_in_indonesian_next_to_their_fields(app: Any, cast: dict[str, Any]):
    log_in(app, "walidata")
    html = app.get("/akun/staf/baru").get_data(as_text=True)
    data = fields(organization="diskominfo", role="kepala",
                  letter=(io.BytesIO(b"<html>bukan pdf</html>"), "surat.pdf"))
    before = state()
    response = app.post("/akun/staf/baru", data={**data, "_csrf_token": csrf(html)},
                        content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert state() == before
    for field, text in (
        ("organization", "Pilih OPD"),
        ("role", "Pilih operator, verifikator, atau surveyor."),
        ("letter", "Berkas bukan PDF."),
    ):
        found = re.search(rf'id="field-{field}-error">([^<]*)<', page)
        assert found and text in found.group(1), (field, found and found.group(1))
    assert 'value="budi-santoso"' in page  # what was typed stays


def test_a_failure_after_the_first_write_leaves_nothing(
    cast: dict[str, Any], mailbox: Any, monkeypatch: pytest.MonkeyPatch,
):
    """The account, the membership and the stored letter are written before
    the assignment's event; when that fails everything is undone, the
    letter's bytes too."""
    before = state()

    def broken(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("the history table is gone")

    monkeypatch.setattr(history, "record", broken)
    with pytest.raises(RuntimeError):
        helpers.call_action("satudata_staff_create", as_user(cast["walidata"]),
                            **fields())
    assert state() == before
    assert mailbox.to(EMAIL) == []


def test_the_form_needs_a_csrf_token(app: Any, cast: dict[str, Any]):
    log_in(app, "walidata")
    before = state()
    response = app.post("/akun/staf/baru", data=fields(
        letter=(io.BytesIO(pdf()), "surat.pdf")), content_type="multipart/form-data")
    assert response.status_code in (400, 403)
    assert state() == before


# ---- who may do what ----------------------------------------------------

REFUSED = ("anonymous", "warga", "operator", "verifikator", "pembina")


@pytest.mark.parametrize("who", [*REFUSED, "walidata", "sysadmin"])
def test_role_table_of_staff_create(cast: dict[str, Any], mailbox: Any, who: str):
    before = state()
    if who in REFUSED:
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("satudata_staff_create", as_user(cast[who]), **fields())
        assert state() == before
    else:
        found = helpers.call_action("satudata_staff_create", as_user(cast[who]),
                                    **fields())
        assert found["user_name"] == "budi-santoso"
        assert found["created_by"] == cast[who]["id"]


@pytest.mark.parametrize("who", [*REFUSED, "verifikator-lain", "walidata", "sysadmin"])
def test_role_table_of_the_assignment_list(cast: dict[str, Any], mailbox: Any,
                                           who: str):
    helpers.call_action("satudata_staff_create", as_user(cast["walidata"]), **fields())
    call = helpers.call_action
    if who in ("walidata", "sysadmin"):
        assert len(call("satudata_staff_assignment_list", as_user(cast[who]))) == 1
        assert len(call("satudata_staff_assignment_list", as_user(cast[who]),
                        organization="dinkes")) == 0
        return
    if who == "verifikator":
        # their own OPD's letters only
        (row,) = call("satudata_staff_assignment_list", as_user(cast[who]),
                      organization="disdukcapil")
        assert row["user_name"] == "budi-santoso"
    else:
        with pytest.raises(helpers.logic.NotAuthorized):
            call("satudata_staff_assignment_list", as_user(cast[who]),
                 organization="disdukcapil")
    with pytest.raises(helpers.logic.NotAuthorized):
        call("satudata_staff_assignment_list", as_user(cast[who]))


@pytest.mark.parametrize("who", [*REFUSED, "walidata", "sysadmin"])
def test_role_table_of_account_deactivate(cast: dict[str, Any], who: str):
    target = factories.User(name="staf-lama")
    if who in REFUSED:
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("satudata_account_deactivate", as_user(cast[who]),
                                id="staf-lama")
        assert model.User.get(target["id"]).state == "active"
    else:
        helpers.call_action("satudata_account_deactivate", as_user(cast[who]),
                            id="staf-lama")
        assert model.User.get(target["id"]).state == "deleted"


def test_the_walidata_cannot_deactivate_a_sysadmin_or_themselves(cast: dict[str, Any]):
    for target in ("admin-portal", "walidata"):
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("satudata_account_deactivate",
                                as_user(cast["walidata"]), id=target)
        assert model.User.get(target).state == "active"
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action("satudata_account_deactivate",
                            as_user(cast["sysadmin"]), id="admin-portal")


def test_deactivating_an_unknown_account(cast: dict[str, Any]):
    with pytest.raises(helpers.logic.NotFound):
        helpers.call_action("satudata_account_deactivate", as_user(cast["walidata"]),
                            id="tidak-ada")
    with pytest.raises(helpers.logic.ValidationError) as caught:
        helpers.call_action("satudata_account_deactivate", as_user(cast["walidata"]))
    assert "id" in caught.value.error_dict


@pytest.mark.parametrize("who", [*REFUSED, "walidata", "sysadmin"])
def test_only_the_walidata_downloads_a_letter_and_sees_the_links(
    app: Any, cast: dict[str, Any], mailbox: Any, who: str,
):
    letter = pdf(3)
    helpers.call_action("satudata_staff_create", as_user(cast["walidata"]),
                        **fields(letter=letter))
    (row,) = staff.assignments()
    url = f"/akun/staf/surat/{row['id']}"
    if cast[who] is not None:
        log_in(app, cast[who]["name"])
    response = app.get(url)
    members = app.get("/organization/members/disdukcapil")
    if who in ("walidata", "sysadmin"):
        assert response.status_code == 200
        assert response.data == letter
        assert response.headers["Content-Type"] == "application/pdf"
        assert "attachment" in response.headers["Content-Disposition"]
        assert url in members.get_data(as_text=True)
        assert "Surat tugas" in members.get_data(as_text=True)
    else:
        assert response.status_code == 403
        assert url not in members.get_data(as_text=True)


def test_letter_of_an_unknown_assignment(app: Any, cast: dict[str, Any]):
    log_in(app, "walidata")
    assert app.get("/akun/staf/surat/tidak-ada").status_code == 404


def test_the_staff_pages_are_the_walidatas(app: Any, cast: dict[str, Any]):
    for path in ("/akun/staf", "/akun/staf/baru"):
        assert app.get(path).status_code == 403
    log_in(app, "verifikator")
    for path in ("/akun/staf", "/akun/staf/baru"):
        assert app.get(path).status_code == 403
    app.client = app.test_client()
    log_in(app, "walidata")
    for path in ("/akun/staf", "/akun/staf/baru"):
        assert app.get(path).status_code == 200


# ---- deactivated: sessions and API tokens end ----------------------------


def test_a_deactivated_account_loses_its_session_and_its_api_tokens(
    app: Any, cast: dict[str, Any], mailbox: Any,
):
    helpers.call_action("satudata_staff_create", as_user(cast["walidata"]), **fields())
    user = model.User.get("budi-santoso")
    user.password = NEW_PASSWORD
    model.repo.commit()
    token = factories.APIToken(user="budi-santoso")["token"]
    model.Session.execute(sa.insert(trusted_device_table).values(
        id="perangkat-1", user_id=user.id, created=history.now(),
        expires=history.now() + dt.timedelta(days=30)))
    model.repo.commit()

    def api_ok() -> bool:
        response = app.client.get("/api/3/action/api_token_list?user_id=budi-santoso",
                                  headers={"Authorization": token})
        return response.status_code == 200

    # the staff member's browser: logged in; their script: a token
    staff_browser = app.test_client()
    app.client = staff_browser
    log_in(app, "budi-santoso", NEW_PASSWORD)
    assert logged_in(app) and api_ok()

    # the walidata deactivates the account on the staff page
    app.client = app.test_client()
    log_in(app, "walidata")
    listing = app.get("/akun/staf").get_data(as_text=True)
    assert "/akun/staf/nonaktifkan/budi-santoso" in listing
    done = app.post("/akun/staf/nonaktifkan/budi-santoso",
                    data={"_csrf_token": csrf(listing)}, follow_redirects=False)
    assert done.status_code == 302
    assert model.User.get("budi-santoso").state == "deleted"

    app.client = staff_browser
    assert not logged_in(app)
    assert not api_ok()
    assert model.Session.query(model.ApiToken).filter_by(user_id=user.id).count() == 0
    revoked = model.Session.execute(sa.select(trusted_device_table.c.revoked).where(
        trusted_device_table.c.id == "perangkat-1")).scalar()
    assert revoked is not None
    assert "account_deactivated" in history_of(user.id)
    assert sessions.sessions_after(user.id) is not None


def test_a_sysadmins_user_delete_also_ends_tokens(cast: dict[str, Any]):
    """CKAN's own ``user_delete`` (the sysadmin's user page) is chained."""
    target = factories.User(name="staf-lama")
    factories.APIToken(user="staf-lama")
    helpers.call_action("user_delete", {"user": "admin-portal"}, id="staf-lama")
    assert model.Session.query(model.ApiToken).filter_by(
        user_id=target["id"]).count() == 0
    assert "account_deactivated" in history_of(target["id"])


def test_the_deactivate_button_needs_a_csrf_token(app: Any, cast: dict[str, Any]):
    factories.User(name="staf-lama")
    log_in(app, "walidata")
    response = app.post("/akun/staf/nonaktifkan/staf-lama", follow_redirects=False)
    assert response.status_code in (400, 403)
    assert model.User.get("staf-lama").state == "active"
