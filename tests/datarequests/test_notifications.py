"""Who is told about each step of a data request, in the app
(``satudata_notification_list``) and by e-mail (a background job sending
to the real SMTP sink of the ``mailbox`` fixture), in Indonesian, with a
link to ``/permohonan-data/<number>``.

The steps are called directly with a request dictionary (the transitions
call :func:`notify.step` the same way in their transaction)."""

from __future__ import annotations

from typing import Any

import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.satudata.datarequests import notify
from tests.indicators.support import as_user

from .support_h3 import mails, request_dict, run_jobs, subject

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_redis", "with_plugins", "app"),
]

NUMBER = "PD-2026-00007"


@pytest.fixture
def world() -> dict[str, Any]:
    walidata = factories.User(name="walidata", email="walidata@example.org")
    factories.Organization(name="diskominfo", users=[
        {"name": walidata["name"], "capacity": "editor"},
    ])
    sysadmin = factories.Sysadmin(name="admin-portal", email="admin@example.org")
    operator = factories.User(name="operator", email="operator@example.org")
    verifikator = factories.User(name="verifikator", email="verifikator@example.org")
    member = factories.User(name="anggota", email="anggota@example.org")
    organization = factories.Organization(
        name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil", users=[
            {"name": operator["name"], "capacity": "editor"},
            {"name": verifikator["name"], "capacity": "admin"},
            {"name": member["name"], "capacity": "member"},
        ])
    requester = factories.User(name="peneliti", fullname="Dewi Lestari",
                               email="dewi@example.org")
    request = request_dict(
        requester_id=requester["id"],
        datasets=[{"id": "d1", "name": "penduduk", "title": "Jumlah Penduduk"}],
        organization={"id": organization["id"], "name": organization["name"],
                      "title": organization["title"]},
        number=NUMBER, balikan_due="2026-04-16",
    )
    return {"walidata": walidata, "sysadmin": sysadmin, "operator": operator,
            "verifikator": verifikator, "member": member, "requester": requester,
            "organization": organization, "request": request}


def _step(world: dict[str, Any], step: str, actor: str | None,
          note: str = "", **request: Any) -> list[str]:
    actor_id = world[actor]["id"] if actor else None
    ids = notify.step({**world["request"], **request}, step, actor_id, note=note)
    model.repo.commit()
    return ids


def _told(ids: list[str]) -> set[str]:
    from ckanext.satudata.workflow import store

    return {model.User.get(store.notification(i)["user_id"]).name for i in ids}


WALIDATA = {"walidata", "admin-portal"}
OPD = {"operator", "verifikator"}


@pytest.mark.parametrize(("step", "actor", "told"), [
    ("created", "requester", WALIDATA),
    ("updated", "requester", WALIDATA),
    ("incomplete", "walidata", {"peneliti"}),
    ("accepted", "walidata", {"peneliti"}),
    ("forwarded", "walidata", OPD),
    ("responded", "operator", WALIDATA),
    ("delivered", "walidata", {"peneliti"}),
    ("rejected", "walidata", {"peneliti"} | OPD),
    ("cancelled", "requester", WALIDATA | OPD),
    ("cancelled", "walidata", {"admin-portal", "peneliti"} | OPD),
    ("balikan_uploaded", "requester", WALIDATA),
    ("balikan_accepted", "sysadmin", {"peneliti"}),
    ("balikan_returned", "walidata", {"peneliti"}),
    ("balikan_reminder", None, {"peneliti"}),
])
def test_the_next_actor_is_told_and_not_who_did_it(world, step, actor, told):
    assert _told(_step(world, step, actor)) == told


def test_before_forwarding_the_opd_hears_nothing(world):
    ids = _step(world, "rejected", "walidata", organization=None)
    assert _told(ids) == {"peneliti"}


def test_a_plain_member_of_the_opd_is_not_told(world):
    assert "anggota" not in _told(_step(world, "forwarded", "walidata"))


def test_an_unknown_step_is_refused(world):
    with pytest.raises(ValueError):
        notify.step(world["request"], "lost", None)


def test_the_notification_says_what_happened_with_a_link(world):
    _step(world, "forwarded", "walidata")
    found = helpers.call_action("satudata_notification_list",
                                as_user(world["operator"]))
    items = [item for item in found["items"] if item["kind"] == "datarequest_forwarded"]
    assert len(items) == 1
    item = items[0]
    assert item["link"] == f"http://test.ckan.net/permohonan-data/{NUMBER}"
    assert NUMBER in item["text"]
    assert item["package_id"] is None
    assert item["title"] == NUMBER


def test_the_notification_keeps_no_contact_data(world):
    from ckanext.satudata.workflow import store

    ids = _step(world, "created", "requester")
    data = store.notification(ids[0])["data"]
    shown = repr(data)
    for private in ("dewi@example.org", "6281234567890", "Brawijaya", "tesis"):
        assert private not in shown


def test_the_opd_is_e_mailed_in_indonesian_with_the_link(world, mailbox):
    ids = _step(world, "forwarded", "walidata", note="Mohon segera")
    notify.after_commit(ids)
    run_jobs()
    received = mails(mailbox)
    assert set(received) == {"operator@example.org", "verifikator@example.org"}
    message = received["operator@example.org"][0]
    assert subject(message) == f"Permohonan data untuk ditindaklanjuti: {NUMBER}"
    body = mailbox.text(message)
    for expected in ("Yth.", "meneruskan permohonan data",
                     "Dinas Kependudukan dan Pencatatan Sipil", "Jumlah Penduduk",
                     "Mohon segera", "1 (satu) hari kerja",
                     f"http://test.ckan.net/permohonan-data/{NUMBER}"):
        assert expected in body, expected


@pytest.mark.parametrize(("step", "actor", "address", "title", "words"), [
    ("created", "requester", "walidata@example.org",
     f"Permohonan data baru: {NUMBER}", "mengajukan permohonan data"),
    ("incomplete", "walidata", "dewi@example.org",
     f"Permohonan data perlu dilengkapi: {NUMBER}", "Yang perlu dilengkapi"),
    ("accepted", "walidata", "dewi@example.org",
     f"Permohonan data diterima: {NUMBER}", "diteruskan"),
    ("responded", "operator", "walidata@example.org",
     f"Permohonan data ditindaklanjuti: {NUMBER}", "Surat Tindak Lanjut"),
    ("delivered", "walidata", "dewi@example.org",
     f"Data permohonan Anda tersedia: {NUMBER}", "16 April 2026"),
    ("rejected", "walidata", "dewi@example.org",
     f"Permohonan data ditolak: {NUMBER}", "Data rahasia"),
    ("cancelled", "requester", "walidata@example.org",
     f"Permohonan data dibatalkan: {NUMBER}", "membatalkan"),
    ("balikan_uploaded", "requester", "walidata@example.org",
     f"Data balikan diunggah: {NUMBER}", "Data Balikan"),
    ("balikan_accepted", "walidata", "dewi@example.org",
     f"Data balikan diterima: {NUMBER}", "telah selesai"),
    ("balikan_returned", "walidata", "dewi@example.org",
     f"Data balikan perlu diperbaiki: {NUMBER}", "Data rahasia"),
])
def test_each_step_has_its_indonesian_e_mail(world, mailbox, step, actor, address,
                                             title, words):
    ids = _step(world, step, actor, note="Data rahasia", reason="Data rahasia")
    notify.after_commit(ids)
    run_jobs()
    message = mails(mailbox)[address][0]
    assert subject(message) == title
    body = mailbox.text(message)
    assert words in body
    assert f"http://test.ckan.net/permohonan-data/{NUMBER}" in body
    assert "{{" not in body and "Yth." in body


# ---- through the actions --------------------------------------------------------

def test_the_steps_notify_through_the_actions(mailbox, app):
    """The actions (H1's transitions) notify as :func:`notify.step` says,
    and each e-mail's link names the request."""
    from .support import bring, make_people

    people = make_people()
    for role in ("walidata", "operator", "verifikator", "requester"):
        model.User.get(people[role]["id"]).email = f"{people[role]['name']}@example.org"
    model.repo.commit()
    request = bring(people, "ditindaklanjuti")
    run_jobs()
    received = mails(mailbox)
    link = f"http://test.ckan.net/permohonan-data/{request['number']}"
    assert [subject(m) for m in received["walidata@example.org"]] == [
        f"Permohonan data baru: {request['number']}",
        f"Permohonan data ditindaklanjuti: {request['number']}",
    ]
    assert [subject(m) for m in received["operator@example.org"]] == [
        f"Permohonan data untuk ditindaklanjuti: {request['number']}"]
    assert [subject(m) for m in received["pemohon@example.org"]] == [
        f"Permohonan data diterima: {request['number']}"]
    for address, messages in received.items():
        recipient = address.split("@")[0]
        token = helpers.call_action("api_token_create", {"ignore_auth": True},
                                    user=recipient, name="mail")["token"]
        for message in messages:
            assert link in mailbox.text(message)
            # the link works for whom it was sent to: the request's own page
            page = app.get(link.removeprefix("http://test.ckan.net"),
                           headers={"Authorization": token})
            assert page.status_code == 200
            assert request["number"] in page.get_data(as_text=True)
    # and nobody else is let in through it: anonymous is sent to log in,
    # another requester is refused
    path = link.removeprefix("http://test.ckan.net")
    anonymous = app.get(path, follow_redirects=False)
    assert anonymous.status_code == 302
    assert anonymous.location.split("?")[0].endswith("/user/login")
    token = helpers.call_action("api_token_create", {"ignore_auth": True},
                                user=people["other_requester"]["name"],
                                name="mail")["token"]
    assert app.get(path, headers={"Authorization": token}).status_code == 403
