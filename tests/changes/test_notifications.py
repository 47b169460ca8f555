"""Who is told about a change request, in the app
(``satudata_notification_list``) and by e-mail (a background job sending
to the real SMTP sink of the ``mailbox`` fixture):

- a signed document uploaded → the walidata;
- approved or rejected → the OPD's operators and verifikator, and whoever
  made the request (also after leaving the OPD); the rejection's e-mail
  holds the walidata's note.
"""

from __future__ import annotations

import email.message
from typing import Any

import pytest
import rq
import sqlalchemy as sa
from ckan import model
from ckan.lib import jobs
from ckan.tests import factories, helpers

from ckanext.satudata.workflow import mail
from ckanext.satudata.workflow import model as tables
from tests.indicators.support import as_user

from .support import approve, create, publish, upload

pytestmark = pytest.mark.usefixtures(
    "clean_db", "clean_datastore", "clean_redis", "with_plugins",
)

TITLE = "Jumlah Penduduk Menurut Jenis Kelamin"
LABEL = "2024 Semester 1"
KINDS = ("change_request_uploaded", "change_request_approved",
         "change_request_rejected")


# ---- helpers ------------------------------------------------------------------

def _received() -> dict[str, list[str]]:
    """The change request notifications: ``{user name: [kind, ...]}``."""
    rows = model.Session.execute(sa.select(
        model.user_table.c.name, tables.notification_table.c.kind,
    ).join(model.user_table,
           model.user_table.c.id == tables.notification_table.c.user_id)
        .where(tables.notification_table.c.kind.in_(KINDS))
        .order_by(tables.notification_table.c.created)).all()
    found: dict[str, list[str]] = {}
    for name, kind in rows:
        found.setdefault(name, []).append(kind)
    return found


def _items(user: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    found = helpers.call_action("satudata_notification_list", as_user(user))
    return [item for item in found["items"] if item["kind"] == kind]


def _run_jobs() -> None:
    """Work off the ``satudata`` queue here and now; no job may fail."""
    queue = jobs.get_queue(mail.QUEUE)
    rq.SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert queue.count == 0
    assert queue.failed_job_registry.count == 0


def _mails(mailbox: Any) -> dict[str, email.message.EmailMessage]:
    """What the SMTP sink received, by recipient (one each)."""
    found: dict[str, email.message.EmailMessage] = {}
    for _, _, message in mailbox.messages:
        address = message["To"].addresses[0].addr_spec
        assert address not in found, f"two e-mails to {address}"
        found[address] = message
    return found


def _subject(message: email.message.EmailMessage) -> str:
    return " ".join(str(message["Subject"]).split())  # a long one is folded


def _published(people: dict[str, Any], mailbox: Any) -> None:
    """The period published and the e-mails of its publication sent."""
    publish(people)
    _run_jobs()
    mailbox.clear()


def _link(request_id: str) -> str:
    return f"http://test.ckan.net/perubahan-data/{request_id}"


@pytest.fixture
def creator(people: dict[str, Any]) -> dict[str, Any]:
    """A second operator of the OPD, who makes the request."""
    user = factories.User(name="operator-2")
    helpers.call_action("organization_member_create",
                        {"user": people["sysadmin"]["name"]},
                        id=people["organization"]["id"], username=user["name"],
                        role="editor")
    people["creator"] = user
    return user


def _waiting(people: dict[str, Any], mailbox: Any) -> dict[str, Any]:
    """A request made by ``creator``, uploaded by the operator; then the
    creator leaves the OPD. Every e-mail so far is sent and cleared."""
    _published(people, mailbox)
    made = create(people, "creator")
    upload(people, made["id"])
    helpers.call_action("organization_member_delete",
                        {"user": people["sysadmin"]["name"]},
                        id=people["organization"]["id"],
                        username=people["creator"]["name"])
    _run_jobs()
    mailbox.clear()
    return made


# ---- upload -------------------------------------------------------------------

def test_an_upload_tells_the_walidata(people: dict[str, Any], mailbox: Any) -> None:
    _published(people, mailbox)
    made = create(people)
    assert _received() == {}  # made, not yet signed: nobody is told
    upload(people, made["id"])
    # the walidata: the walidata organization's editor and the sysadmin
    assert _received() == {"walidata": ["change_request_uploaded"],
                           "admin-portal": ["change_request_uploaded"]}

    [item] = _items(people["walidata"], "change_request_uploaded")
    assert item["unread"] is True
    assert item["title"] == TITLE and item["period_label"] == LABEL
    assert item["link"] == _link(made["id"])
    assert people["operator"]["fullname"] in item["text"]
    assert TITLE in item["text"] and LABEL in item["text"]
    assert _items(people["operator"], "change_request_uploaded") == []

    assert _mails(mailbox) == {}  # sent by the job
    _run_jobs()
    mails = _mails(mailbox)
    assert set(mails) == {people["walidata"]["email"], people["sysadmin"]["email"]}
    message = mails[people["walidata"]["email"]]
    assert _subject(message) == (
        f"Menunggu persetujuan: perubahan data {TITLE} ({LABEL})")
    body = message.get_content()
    assert f"Yth. {people['walidata']['fullname']}," in body
    assert f"{people['operator']['fullname']} mengunggah dokumen" in body
    assert "Jumlah diubah : 2 sel" in body
    assert _link(made["id"]) in body
    assert _items(people["walidata"], "change_request_uploaded")[0]["emailed"]


# ---- approve ------------------------------------------------------------------

def test_an_approval_tells_the_opd_and_the_creator(
    people: dict[str, Any], creator: dict[str, Any], mailbox: Any,
) -> None:
    made = _waiting(people, mailbox)
    approve(people, made["id"])
    told = {"operator", "verifikator", "operator-2"}
    received = _received()
    assert {name for name, kinds in received.items()
            if "change_request_approved" in kinds} == told
    # the walidata who approved, the other walidata and other OPDs are not
    for name in ("walidata", "admin-portal", "operator-lain", "pembina"):
        assert "change_request_approved" not in received.get(name, []), name

    [item] = _items(people["verifikator"], "change_request_approved")
    assert people["walidata"]["fullname"] in item["text"]
    assert item["link"] == _link(made["id"])
    [item] = _items(creator, "change_request_approved")
    assert item["title"] == TITLE

    _run_jobs()
    mails = _mails(mailbox)
    assert set(mails) == {people[who]["email"] for who in (
        "operator", "verifikator", "creator")}
    for message in mails.values():
        assert _subject(message) == f"Perubahan data disetujui: {TITLE} ({LABEL})"
        body = message.get_content()
        assert f"{people['walidata']['fullname']} menyetujui" in body
        assert _link(made["id"]) in body
    assert f"Yth. {creator['fullname']}," in (
        mails[creator["email"]].get_content())


# ---- reject -------------------------------------------------------------------

def test_a_rejection_tells_the_opd_and_the_creator_with_the_note(
    people: dict[str, Any], creator: dict[str, Any], mailbox: Any,
) -> None:
    made = _waiting(people, mailbox)
    note = "Tanda tangan & stempel \"Kepala Dinas\" belum ada <mohon dilengkapi>"
    helpers.call_action("satudata_change_request_reject",
                        as_user(people["walidata"]), id=made["id"], note=note)
    received = _received()
    assert {name for name, kinds in received.items()
            if "change_request_rejected" in kinds} == {
        "operator", "verifikator", "operator-2"}
    [item] = _items(people["operator"], "change_request_rejected")
    assert item["note"] == note
    assert item["link"] == _link(made["id"])

    _run_jobs()
    mails = _mails(mailbox)
    assert set(mails) == {people[who]["email"] for who in (
        "operator", "verifikator", "creator")}
    for message in mails.values():
        assert _subject(message) == f"Perubahan data ditolak: {TITLE} ({LABEL})"
        body = message.get_content()
        assert f"{people['walidata']['fullname']} menolak" in body
        assert note in body  # unescaped
        assert "&amp;" not in body and "&#34;" not in body and "&lt;" not in body
        assert _link(made["id"]) in body
