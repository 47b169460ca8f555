"""Notifications: who is told about each move, the list and read actions,
the dashboard page and counters, the e-mails sent by background jobs, and
the daily reminder."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import socket
from typing import Any

import pytest
import rq
import sqlalchemy as sa
from bs4 import BeautifulSoup
from ckan import model
from ckan.lib import jobs
from ckan.tests import factories, helpers

from ckanext.satudata.indicators import period
from ckanext.satudata.workflow import mail
from ckanext.satudata.workflow import model as tables
from tests.indicators.support import POPULATION, as_user

from .support import fill, move, to_state

pytestmark = pytest.mark.usefixtures(
    "clean_db", "clean_datastore", "clean_redis", "with_plugins",
)
TITLE = "Jumlah Penduduk Menurut Jenis Kelamin"
LABEL = "2024 Semester 1"
ENTRY_URL = "http://test.ckan.net/dataset/penduduk-kecamatan/isian/2024-S1"


# ---- helpers --------------------------------------------------------------

def _received() -> dict[str, list[str]]:
    """Every notification row: ``{user name: [kind, ...]}``."""
    rows = model.Session.execute(sa.select(
        model.user_table.c.name, tables.notification_table.c.kind,
    ).join(model.user_table,
           model.user_table.c.id == tables.notification_table.c.user_id)
        .order_by(tables.notification_table.c.created)).all()
    found: dict[str, list[str]] = {}
    for name, kind in rows:
        found.setdefault(name, []).append(kind)
    return found


def _list(user: dict[str, Any], **data: Any) -> dict[str, Any]:
    return helpers.call_action("satudata_notification_list", as_user(user), **data)


def _read(user: dict[str, Any], **data: Any) -> dict[str, Any]:
    return helpers.call_action("satudata_notification_read", as_user(user), **data)


def _run_jobs() -> None:
    """Work off the ``satudata`` queue here and now; no job may fail."""
    queue = jobs.get_queue(mail.QUEUE)
    rq.SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert queue.count == 0
    assert queue.failed_job_registry.count == 0


def _mails(mailbox: Any) -> list[email.message.EmailMessage]:
    """What the real SMTP server of the test received, oldest first."""
    return [message for _, _, message in mailbox.messages]


def _closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _subject(message: email.message.EmailMessage) -> str:
    return str(message["Subject"]).strip()  # a long one is folded


def _to(message: email.message.EmailMessage) -> str:
    return message["To"].addresses[0].addr_spec


def _overdue(opd: dict[str, Any]) -> None:
    """Put the deadline of every return in the past (a return cannot be
    given a past deadline, time has to pass)."""
    model.Session.execute(tables.transition_table.update().where(
        tables.transition_table.c.action == "return",
    ).values(deadline=dt.date.today() - dt.timedelta(days=1)))
    model.Session.commit()


def _remind(user: dict[str, Any]) -> list[str]:
    return helpers.call_action("satudata_reminder_send", as_user(user))["reminded"]


# ---- who is told what -----------------------------------------------------

def test_submit_tells_the_verifikators_only(people: dict[str, Any]) -> None:
    second = factories.User(name="verifikator-2")
    helpers.call_action("organization_member_create",
                        id=people["organization"]["id"],
                        username=second["name"], role="admin")
    fill(people)
    move(people, "submit", "operator")
    assert _received() == {"verifikator": ["submit"], "verifikator-2": ["submit"]}


def test_verify_tells_walidata(people: dict[str, Any]) -> None:
    to_state(people, "submitted")
    move(people, "verify", "verifikator")
    received = _received()
    # walidata: the walidata organization's members and the sysadmins
    assert received.pop("walidata") == ["verify"]
    assert received.pop("admin-portal") == ["verify"]
    assert received == {"verifikator": ["submit"]}


def test_return_tells_the_operators_and_whoever_submitted(
    people: dict[str, Any],
) -> None:
    colleague = factories.User(name="operator-2")
    helpers.call_action("organization_member_create",
                        id=people["organization"]["id"],
                        username=colleague["name"], role="editor")
    to_state(people, "submitted")
    # the submitter left the OPD since: they are still told
    helpers.call_action("organization_member_delete",
                        {"user": people["sysadmin"]["name"]},
                        id=people["organization"]["id"],
                        username=people["operator"]["name"])
    move(people, "return", "verifikator", note="Rasio Tugu salah",
         deadline="2099-01-31")
    received = _received()
    assert received["operator"] == ["return"]
    assert received["operator-2"] == ["return"]
    assert received["verifikator"] == ["submit"]  # not told what they did
    assert "walidata" not in received


def test_return_by_walidata_tells_the_operators(people: dict[str, Any]) -> None:
    to_state(people, "verified")
    move(people, "return", "walidata", note="Sumber data belum diisi")
    received = _received()
    assert received["operator"] == ["return"]
    assert received["walidata"] == ["verify"]  # the return is theirs


def test_publish_tells_the_operators(people: dict[str, Any]) -> None:
    to_state(people, "published")
    received = _received()
    assert received["operator"] == ["publish"]
    assert received["walidata"] == ["verify"]
    assert received["verifikator"] == ["submit"]


def test_the_actor_is_never_told(people: dict[str, Any]) -> None:
    # the verifikator is walidata too: verifying tells the other walidata
    helpers.call_action("organization_member_create", id="diskominfo",
                        username=people["verifikator"]["name"], role="member")
    to_state(people, "verified")
    received = _received()
    assert received["walidata"] == ["verify"]
    assert received["verifikator"] == ["submit"]


# ---- list and read --------------------------------------------------------

def test_list_holds_the_callers_own_notifications_newest_first(
    people: dict[str, Any],
) -> None:
    to_state(people, "returned")
    fill(people, values={"33.74.16": {"rasio": "99,1"}})
    move(people, "submit", "operator")
    mine = _list(people["verifikator"])
    assert [i["kind"] for i in mine["items"]] == ["submit", "submit"]
    assert mine["unread"] == mine["count"] == 2
    newest = mine["items"][0]
    assert newest["unread"] is True and newest["read"] is None
    assert newest["title"] == TITLE and newest["period_label"] == LABEL
    assert newest["package_name"] == "penduduk-kecamatan"
    assert newest["link"] == ENTRY_URL
    assert TITLE in newest["text"] and LABEL in newest["text"]
    assert people["operator"]["fullname"] in newest["text"]
    operator = _list(people["operator"])
    assert [i["kind"] for i in operator["items"]] == ["return"]
    assert operator["items"][0]["note"] == "Periksa lagi"
    assert operator["items"][0]["deadline"]
    assert _list(people["walidata"]) == {"items": [], "count": 0, "unread": 0}


def test_list_pages_and_unread_only(people: dict[str, Any]) -> None:
    to_state(people, "returned")
    fill(people, values={"33.74.16": {"rasio": "99,1"}})
    move(people, "submit", "operator")
    items = _list(people["verifikator"])["items"]
    first = _list(people["verifikator"], limit=1)
    assert [i["id"] for i in first["items"]] == [items[0]["id"]]
    assert first["count"] == 2
    second = _list(people["verifikator"], limit=1, offset=1)
    assert [i["id"] for i in second["items"]] == [items[1]["id"]]
    _read(people["verifikator"], ids=[items[0]["id"]])
    unread = _list(people["verifikator"], unread_only=True)
    assert [i["id"] for i in unread["items"]] == [items[1]["id"]]
    assert unread["count"] == unread["unread"] == 1


@pytest.mark.parametrize("data", [{"limit": 101}, {"limit": -1}, {"offset": "x"}])
def test_list_refuses_bad_paging(people: dict[str, Any], data: dict[str, Any]) -> None:
    with pytest.raises(helpers.logic.ValidationError) as error:
        _list(people["operator"], **data)
    assert set(error.value.error_dict) == set(data)


def test_mark_read_own_only(people: dict[str, Any]) -> None:
    to_state(people, "submitted")
    theirs = _list(people["verifikator"])["items"][0]["id"]
    for other in ("operator", "walidata", "sysadmin"):
        with pytest.raises(helpers.logic.NotAuthorized):
            _read(people[other], ids=[theirs])
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("satudata_notification_show",
                                as_user(people[other]), id=theirs)
    assert _list(people["verifikator"])["unread"] == 1
    shown = helpers.call_action("satudata_notification_show",
                                as_user(people["verifikator"]), id=theirs)
    assert shown["kind"] == "submit" and shown["unread"] is True
    assert _read(people["verifikator"], ids=[theirs]) == {"marked": 1, "unread": 0}
    assert _list(people["verifikator"])["items"][0]["read"]
    assert _read(people["verifikator"], ids=theirs) == {"marked": 0, "unread": 0}


def test_mark_all_read(people: dict[str, Any]) -> None:
    to_state(people, "returned")
    fill(people, values={"33.74.16": {"rasio": "99,1"}})
    move(people, "submit", "operator")
    assert _read(people["verifikator"], all=True) == {"marked": 2, "unread": 0}
    assert _list(people["operator"])["unread"] == 1  # others' stay unread
    with pytest.raises(helpers.logic.ValidationError) as error:
        _read(people["verifikator"])
    assert "ids" in error.value.error_dict


def test_anonymous_has_no_notifications(people: dict[str, Any], api: Any) -> None:
    api.call("satudata_notification_list", None, status=403)
    api.call("satudata_notification_read", None, status=403, all=True)
    body = api.call("satudata_notification_list", people["operator"])
    assert body["result"] == {"items": [], "count": 0, "unread": 0}


# ---- dashboard ------------------------------------------------------------

def _headers(user: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def test_dashboard_page_lists_and_counts(app: Any, people: dict[str, Any]) -> None:
    to_state(people, "submitted")
    headers = _headers(people["verifikator"])
    response = app.get("/dashboard/notifikasi", headers=headers)
    assert response.status_code == 200
    page = BeautifulSoup(response.body, "html.parser")
    unread = page.select(".satudata-notification-unread")
    assert len(unread) == 1
    assert TITLE in unread[0].get_text() and LABEL in unread[0].get_text()
    assert page.select_one(".satudata-unread-badge").get_text() == "1"
    tab = page.select_one(".nav-tabs a[href='/dashboard/notifikasi']")
    assert "(1)" in tab.get_text()
    # mark all read: a form with its CSRF token
    form = page.select_one("form.satudata-read-all")
    token = form.select_one("input[name=_csrf_token]")["value"]
    done = app.post(form["action"], data={"_csrf_token": token}, headers=headers,
                    follow_redirects=False)
    assert done.status_code == 302
    page = BeautifulSoup(app.get("/dashboard/notifikasi", headers=headers).body,
                         "html.parser")
    assert not page.select(".satudata-notification-unread")
    assert len(page.select(".satudata-notification")) == 1
    assert page.select_one(".satudata-unread-badge") is None
    assert page.select_one("form.satudata-read-all") is None


def test_opening_a_notification_marks_it_read(app: Any, people: dict[str, Any]) -> None:
    to_state(people, "submitted")
    found = _list(people["verifikator"])["items"][0]
    url = f"/dashboard/notifikasi/{found['id']}"
    # someone else cannot open it (nor learn it exists), nor mark it read
    for other in ("operator", "sysadmin"):
        response = app.get(url, headers=_headers(people[other]))
        assert response.status_code == 404
    assert _list(people["verifikator"])["unread"] == 1
    response = app.get(url, headers=_headers(people["verifikator"]),
                       follow_redirects=False)
    assert response.status_code == 302
    assert response.location == ENTRY_URL
    assert _list(people["verifikator"])["unread"] == 0


def test_dashboard_page_needs_a_login(app: Any, people: dict[str, Any]) -> None:
    assert app.get("/dashboard/notifikasi").status_code == 403


# ---- e-mail ---------------------------------------------------------------

def test_submit_is_emailed_in_indonesian(people: dict[str, Any],
                                         mailbox: Any) -> None:
    fill(people)
    move(people, "submit", "operator")
    assert _mails(mailbox) == []  # sent by the job
    _run_jobs()
    [message] = _mails(mailbox)
    assert _to(message) == people["verifikator"]["email"]
    assert _subject(message) == f"Menunggu verifikasi: {TITLE} ({LABEL})"
    body = message.get_content()
    assert f"Yth. {people['verifikator']['fullname']}," in body
    assert f"{people['operator']['fullname']} (operator) telah mengirim" in body
    assert f"Periode : {LABEL}" in body
    assert ENTRY_URL in body
    assert "http://test.ckan.net/dashboard/notifikasi" in body
    found = _list(people["verifikator"])["items"][0]
    assert found["emailed"]


def test_return_email_has_note_and_deadline_unescaped(
    people: dict[str, Any], mailbox: Any,
) -> None:
    helpers.call_action("package_patch", {"user": people["sysadmin"]["name"]},
                        id=people["dataset"]["id"],
                        title="Penduduk & Rasio 'Jenis Kelamin'")
    to_state(people, "submitted")
    move(people, "return", "verifikator", note="Rasio Tugu > 120 & salah",
         deadline="2099-01-31")
    _run_jobs()
    [message] = [m for m in _mails(mailbox)
                 if _to(m) == people["operator"]["email"]]
    assert _subject(message) == (
        f"Perlu perbaikan: Penduduk & Rasio 'Jenis Kelamin' ({LABEL}),"
        " batas 31 Januari 2099"
    )
    body = message.get_content()
    assert "Rasio Tugu > 120 & salah" in body
    assert "Batas waktu : 31 Januari 2099" in body
    assert "(verifikator) mengembalikan" in body
    assert "&amp;" not in body and "&#39;" not in body


def test_verify_and_publish_are_emailed(people: dict[str, Any],
                                        mailbox: Any) -> None:
    to_state(people, "published")
    _run_jobs()
    subjects = {(_to(m), _subject(m)) for m in _mails(mailbox)}
    assert (people["walidata"]["email"],
            f"Siap diterbitkan: {TITLE} ({LABEL})") in subjects
    assert (people["operator"]["email"],
            f"Telah terbit: {TITLE} ({LABEL})") in subjects


def test_each_notification_is_emailed_once(people: dict[str, Any],
                                           mailbox: Any) -> None:
    to_state(people, "submitted")
    ids = [i["id"] for i in _list(people["verifikator"])["items"]]
    mail.enqueue(ids)  # queued twice
    _run_jobs()
    assert len(_mails(mailbox)) == 1
    assert mail.send(ids) == 0
    assert len(_mails(mailbox)) == 1


def test_no_address_no_email_and_no_failure(people: dict[str, Any],
                                            mailbox: Any) -> None:
    user = model.User.get(people["verifikator"]["id"])
    user.email = ""
    model.Session.commit()
    to_state(people, "submitted")
    _run_jobs()  # the job does not fail
    assert _mails(mailbox) == []
    assert _list(people["verifikator"])["items"][0]["emailed"] is None


def test_a_mailer_error_is_logged_and_retried_later(
    people: dict[str, Any], mailbox: Any,
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    # an earlier test may have raised the level of our loggers (a CLI run
    # loads the ini's logging): capture this one's warnings explicitly
    caplog.set_level(logging.WARNING, logger="ckanext.satudata.workflow.mail")
    to_state(people, "submitted")
    ids = [i["id"] for i in _list(people["verifikator"])["items"]]
    from ckan.common import config

    working = config["smtp.server"]
    config["smtp.server"] = f"127.0.0.1:{_closed_port()}"  # the mail server is down
    _run_jobs()  # logged, the job itself does not fail
    assert "Could not e-mail notification" in caplog.text
    assert _list(people["verifikator"])["items"][0]["emailed"] is None
    assert _mails(mailbox) == []
    config["smtp.server"] = working  # the mail server is back: a later job sends it
    assert mail.send(ids) == 1
    assert len(_mails(mailbox)) == 1


@pytest.mark.ckan_config("ckanext.satudata.notification_emails", "false")
def test_emails_can_be_switched_off(people: dict[str, Any]) -> None:
    to_state(people, "submitted")
    assert jobs.get_queue(mail.QUEUE).count == 0
    assert _list(people["verifikator"])["unread"] == 1  # still in the app


# ---- the daily reminder ---------------------------------------------------

def test_reminder_of_overdue_returns_and_due_periods(
    people: dict[str, Any], mailbox: Any,
) -> None:
    to_state(people, "returned")
    _overdue(people)
    _run_jobs()
    mailbox.clear()
    assert _remind(people["sysadmin"]) == ["operator"]
    reminder = _list(people["operator"])["items"][0]
    assert reminder["kind"] == "reminder"
    assert reminder["returns"] == 1
    # 2024-S2, 2025-S1, 2025-S2 and 2026-S1 ended before today and have
    # nothing sent (2024-S1 is the returned one)
    ended = period.ended(period.parse("2024-S1"), dt.date.today())
    assert reminder["due"] == len(ended) - 1
    assert reminder["link"] == "http://test.ckan.net/dashboard/verifikasi"
    _run_jobs()
    [message] = _mails(mailbox)
    assert _to(message) == people["operator"]["email"]
    assert _subject(message) == (
        f"Pengingat: {len(ended)} periode data perlu tindakan Anda")
    body = message.get_content()
    assert f"{TITLE}, {LABEL} (batas " in body
    assert f"{TITLE}, 2024 Semester 2 (batas pengisian " in body
    assert "TERLAMBAT" in body
    assert ENTRY_URL in body


def test_one_reminder_a_day(people: dict[str, Any], mailbox: Any) -> None:
    to_state(people, "draft")
    assert _remind(people["sysadmin"]) == ["operator"]
    assert _remind(people["sysadmin"]) == []
    assert _received()["operator"] == ["reminder"]
    _run_jobs()
    assert len(_mails(mailbox)) == 1


def test_no_reminder_when_nothing_is_due(people: dict[str, Any],
                                         mailbox: Any) -> None:
    current = period.containing(dt.date.today(), "semester").id
    helpers.call_action("satudata_structure_update", as_user(people["operator"]),
                        id=people["dataset"]["id"],
                        **{**POPULATION, "first_period": current})
    assert _remind(people["sysadmin"]) == []
    assert "operator" not in _received()
    _run_jobs()
    assert _mails(mailbox) == []


def test_only_sysadmins_send_the_reminder(people: dict[str, Any], api: Any) -> None:
    for who in ("operator", "verifikator", "walidata"):
        with pytest.raises(helpers.logic.NotAuthorized):
            _remind(people[who])
    api.call("satudata_reminder_send", None, status=403)
    assert "operator" not in _received()


def test_remind_command(people: dict[str, Any], cli: Any, mailbox: Any) -> None:
    from ckan.cli.cli import ckan

    fill(people)
    result = cli.invoke(ckan, ["satudata-workflow", "remind", "--now"])
    assert result.exit_code == 0, result.output
    assert "Reminded 1 users, 1 e-mails sent." in result.output
    assert _received()["operator"] == ["reminder"]
    assert len(_mails(mailbox)) == 1
    # without --now it is queued for the worker
    result = cli.invoke(ckan, ["satudata-workflow", "remind"])
    assert result.exit_code == 0, result.output
    assert jobs.get_queue(mail.QUEUE).count == 1


def _waited(period_id: str, days: int) -> None:
    """Make the period's submission look as if its state changed ``days``
    ago (time has to pass for a period to wait)."""
    from ckanext.satudata.indicators.model import submission_table

    model.Session.execute(submission_table.update().where(
        submission_table.c.period == period_id,
    ).values(modified=sa.func.now() - dt.timedelta(days=days)))
    model.Session.commit()


def test_reviewers_are_reminded_of_periods_waiting_for_them(
    people: dict[str, Any], mailbox: Any,
) -> None:
    to_state(people, "verified", "2024-S1")
    to_state(people, "submitted", "2024-S2")
    to_state(people, "submitted", "2025-S1")
    _waited("2024-S1", 4)
    _waited("2024-S2", 3)  # 2025-S1 was submitted just now: not yet
    _run_jobs()
    mailbox.clear()
    assert set(_remind(people["sysadmin"])) == {
        "operator", "verifikator", "walidata", people["sysadmin"]["name"],
    }
    verifier = _list(people["verifikator"])["items"][0]
    assert (verifier["kind"], verifier["to_verify"], verifier["to_publish"],
            verifier["returns"], verifier["due"]) == ("reminder", 1, 0, 0, 0)
    assert verifier["text"] == (
        "Reminder: 1 submitted period waits for your verification")
    assert verifier["link"] == "http://test.ckan.net/dashboard/verifikasi"
    walidata = _list(people["walidata"])["items"][0]
    assert (walidata["to_verify"], walidata["to_publish"]) == (0, 1)
    _run_jobs()
    mails = {_to(m): m for m in _mails(mailbox)}
    body = mails[people["verifikator"]["email"]].get_content()
    assert _subject(mails[people["verifikator"]["email"]]) == (
        "Pengingat: 1 periode data perlu tindakan Anda")
    assert "Menunggu verifikasi Anda (1):" in body
    assert f"{TITLE}, 2024 Semester 2 (dikirim " in body
    assert "2025 Semester 1" not in body
    body = mails[people["walidata"]["email"]].get_content()
    assert "menunggu diterbitkan (1):" in body
    assert f"{TITLE}, {LABEL} (diverifikasi " in body


@pytest.mark.ckan_config("ckanext.satudata.review_reminder_days", "0")
def test_reviewer_reminders_can_be_switched_off(people: dict[str, Any]) -> None:
    to_state(people, "verified", "2024-S1")
    to_state(people, "submitted", "2024-S2")
    _waited("2024-S1", 30)
    _waited("2024-S2", 30)
    reminded = _remind(people["sysadmin"])
    assert "verifikator" not in reminded and "walidata" not in reminded
