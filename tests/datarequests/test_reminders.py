"""Data balikan reminders (SOP step 10): to the requester of a request
waiting for its data balikan, 7 working days before the due date and on
it (``ckanext.satudata.datarequests.reminder_days``, default ``7 0``),
then weekly while overdue; each once, in the app and by e-mail (a
background job, the real SMTP sink of ``mailbox``), in Indonesian, with a
link to the request. A fixed clock (freezegun).

The due date 2026-05-20 (a Wednesday): seven working days before it is
2026-05-07, Ascension Day (14 May) and its cuti bersama (15 May) being
days off."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ckan import model
from ckan.tests import factories, helpers
from freezegun import freeze_time

from ckanext.satudata.datarequests import reminders, store
from tests.indicators.support import as_user

from .support_h3 import mails, run_jobs, subject

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_redis", "with_plugins", "app"),
    # the declared default (also while the plugin is not loaded)
    pytest.mark.ckan_config("ckanext.satudata.datarequests.reminder_days", "7 0"),
]

DUE = dt.date(2026, 5, 20)
SEVEN_BEFORE = dt.date(2026, 5, 7)
KIND = "datarequest_balikan_reminder"


def _insert(requester: dict[str, Any], number: str,
            status: str = "menunggu_data_balikan", due: dt.date | None = DUE,
            kind: str = "instansi") -> str:
    request_id = store.new_id()
    moment = dt.datetime(2026, 4, 1, 9, tzinfo=dt.timezone.utc)
    store.insert(
        id=request_id, number=number, requester_id=requester["id"],
        requester_kind=kind, institution="Universitas Brawijaya",
        contact_name="Dewi Lestari", contact_email="dewi@example.org",
        contact_phone="+6281234567890", datasets=[], description="Penduduk",
        variables="", period="2024", regions=[], format="csv", purpose="Penelitian",
        status=status, balikan_due=due, created=moment, modified=moment)
    return request_id


@pytest.fixture
def requester() -> dict[str, Any]:
    found = factories.User(name="peneliti", fullname="Dewi Lestari",
                           email="dewi@example.org")
    _insert(found, "PD-2026-00001")
    model.repo.commit()
    return found


def _run(day: str) -> int:
    with freeze_time(f"{day} 01:00:00"):  # 08:00 in Jakarta
        reminders.enqueue()
        run_jobs()
    return len(_reminders())


def _reminders() -> list[dict[str, Any]]:
    from ckanext.satudata.workflow import store as workflow_store

    user = model.User.get("peneliti")
    return [row for row in workflow_store.notifications(user.id, 100)
            if row["kind"] == KIND]


# ---- the schedule ---------------------------------------------------------------

@pytest.mark.usefixtures("clean_db")
def test_seven_working_days_before_skips_the_holidays():
    assert reminders.working_days_before(DUE, 7) == SEVEN_BEFORE
    assert reminders.working_days_before(DUE, 0) == DUE
    # a due date on a Saturday: its day-0 reminder on the Friday
    saturday = dt.date(2026, 5, 23)
    assert reminders.working_days_before(saturday, 0) == dt.date(2026, 5, 22)


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize(("today", "key"), [
    ("2026-05-06", None),
    ("2026-05-07", "2026-05-20:7"),
    ("2026-05-19", "2026-05-20:7"),
    ("2026-05-20", "2026-05-20:due"),
    ("2026-05-26", "2026-05-20:due"),
    ("2026-05-27", "2026-05-20:late-1"),
    ("2026-06-03", "2026-05-20:late-2"),
    ("2026-06-09", "2026-05-20:late-2"),
])
def test_the_reminder_due_on_a_day(today, key):
    assert reminders.current(DUE, dt.date.fromisoformat(today), [7, 0]) == key


# ---- sending -------------------------------------------------------------------

def test_each_reminder_is_sent_once_on_its_day(requester, mailbox):
    assert _run("2026-05-06") == 0
    assert _run("2026-05-07") == 1
    assert _run("2026-05-07") == 1  # a second run the same day: nothing new
    assert _run("2026-05-08") == 1
    assert _run("2026-05-20") == 2
    assert _run("2026-05-21") == 2
    assert _run("2026-05-27") == 3
    assert _run("2026-05-28") == 3
    assert _run("2026-06-03") == 4
    sent = mails(mailbox)["dewi@example.org"]
    assert [subject(message) for message in sent] == [
        "Pengingat data balikan: PD-2026-00001",
        "Pengingat data balikan: PD-2026-00001",
        "Data balikan terlambat: PD-2026-00001",
        "Data balikan terlambat: PD-2026-00001",
    ]
    bodies = [mailbox.text(message) for message in sent]
    assert "20 Mei 2026 (7 hari kerja lagi)" in bodies[0]
    assert "Hari ini, 20 Mei 2026, adalah batas waktu" in bodies[1]
    assert "telah lewat" in bodies[2] and "tidak dapat mengajukan" in bodies[2]
    for body in bodies:
        assert "Yth. Dewi Lestari" in body
        assert "http://test.ckan.net/permohonan-data/PD-2026-00001" in body
        assert "{{" not in body


def test_only_requests_waiting_for_their_balikan_are_reminded(requester, mailbox):
    other = factories.User(name="orang-lain", email="lain@example.org")
    _insert(other, "PD-2026-00002", status="data_balikan_diunggah")
    _insert(other, "PD-2026-00003", status="selesai")
    _insert(other, "PD-2026-00004", status="selesai", due=None, kind="perorangan")
    model.repo.commit()
    assert _run("2026-05-20") == 1
    assert set(mails(mailbox)) == {"dewi@example.org"}


def test_a_missed_run_catches_up_with_the_latest_reminder_only(requester, mailbox):
    assert _run("2026-05-21") == 1
    assert [row["data"]["reminder"] for row in _reminders()] == ["2026-05-20:due"]


def test_a_new_due_date_starts_again(requester, mailbox):
    assert _run("2026-05-20") == 1
    store.update(store.find("PD-2026-00001")["id"], balikan_due=dt.date(2026, 6, 10))
    model.repo.commit()
    assert _run("2026-05-21") == 1
    assert _run("2026-06-10") == 2


def test_the_days_are_configured(requester, mailbox, monkeypatch):
    from ckan.common import config

    monkeypatch.setitem(config, "ckanext.satudata.datarequests.reminder_days", "3")
    assert _run("2026-05-12") == 0
    assert _run("2026-05-13") == 1  # 3 working days before (14, 15 May off)
    assert _run("2026-05-20") == 1  # no reminder on the due day
    assert _run("2026-05-27") == 2  # weekly when overdue


def test_the_notification_is_in_the_requesters_list(requester):
    _run("2026-05-07")
    found = helpers.call_action("satudata_notification_list", as_user(requester))
    items = [item for item in found["items"] if item["kind"] == KIND]
    assert len(items) == 1
    assert items[0]["link"] == "http://test.ckan.net/permohonan-data/PD-2026-00001"
    assert "PD-2026-00001" in items[0]["text"]


# ---- through the actions and the command ---------------------------------------

def test_a_delivered_request_is_reminded_before_its_due_date(mailbox):
    """Delivered through the actions on 1 April 2026: the data balikan is
    due 30 working days later; the reminder comes 7 working days before."""
    from .support import bring, make_people

    with freeze_time("2026-04-01 03:00:00"):
        people = make_people()
        model.User.get(people["requester"]["id"]).email = "pemohon@example.org"
        model.repo.commit()
        request = bring(people, "menunggu_data_balikan")
        run_jobs()  # the steps' own e-mails
    due = store.find(request["number"])["balikan_due"]
    assert due == dt.date(2026, 5, 19)  # 30 working days (3 Apr, 1, 14, 15 May off)
    mailbox.clear()
    day = reminders.working_days_before(due, 7)
    with freeze_time(f"{day.isoformat()} 01:00:00"):
        reminders.job()
        run_jobs()
    [message] = mails(mailbox)["pemohon@example.org"]
    assert subject(message) == f"Pengingat data balikan: {request['number']}"
    body = mailbox.text(message)
    assert "19 Mei 2026 (7 hari kerja lagi)" in body
    assert f"http://test.ckan.net/permohonan-data/{request['number']}" in body


def test_the_remind_command(requester, cli, mailbox):
    from ckan.cli.cli import ckan

    with freeze_time("2026-05-20 01:00:00"):
        result = cli.invoke(ckan, ["satudata-datarequests", "remind", "--now"])
    assert result.exit_code == 0, result.output
    assert "Reminded 1 requesters of their data balikan" in result.output
    run_jobs()
    assert len(mails(mailbox)["dewi@example.org"]) == 1
    result = cli.invoke(ckan, ["satudata-datarequests", "remind"])
    assert result.exit_code == 0, result.output
    assert "queued" in result.output
