"""The daily tasks' schedule (pure): lines read, runs missed while the
scheduler was down found."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ckanext.satudata.operations import schedule

WIB = ZoneInfo("Asia/Jakarta")


def test_the_default_schedule_is_read():
    text = """
        # comment
        backup 01:30 satudata backup create
        reminders 7:00 satudata-workflow remind
    """
    tasks = schedule.parse(text)
    assert [(t.name, t.time, t.command) for t in tasks] == [
        ("backup", "01:30", ("satudata", "backup", "create")),
        ("reminders", "07:00", ("satudata-workflow", "remind")),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("backup 1:30", "line 1: expected '<name> <HH:MM> <ckan command>'"),
        ("backup 24:00 satudata backup create", "line 1: no such time 24:00"),
        ("Backup 01:30 x", "line 1: expected"),
    ],
)
def test_a_bad_line_is_named(line, message):
    with pytest.raises(ValueError, match=message):
        schedule.parse(line)


def test_a_task_named_twice_is_refused():
    with pytest.raises(ValueError, match="line 2: task 'a' named twice"):
        schedule.parse("a 01:00 x\na 02:00 y")


def test_last_due_is_today_after_its_time_and_yesterday_before():
    task = schedule.parse("backup 01:30 satudata backup create")[0]
    assert task.last_due(dt.datetime(2026, 12, 4, 9, 0, tzinfo=WIB)) == dt.datetime(
        2026, 12, 4, 1, 30, tzinfo=WIB
    )
    assert task.last_due(dt.datetime(2026, 12, 4, 1, 0, tzinfo=WIB)) == dt.datetime(
        2026, 12, 3, 1, 30, tzinfo=WIB
    )


def test_a_run_missed_while_the_scheduler_was_down_is_found():
    task = schedule.parse("backup 01:30 satudata backup create")[0]
    now = dt.datetime(2026, 12, 4, 9, 0, tzinfo=WIB)
    ran_yesterday = dt.datetime(2026, 12, 3, 1, 30, 5, tzinfo=WIB)
    ran_today = dt.datetime(2026, 12, 4, 1, 30, 5, tzinfo=WIB)
    assert task.missed(now, ran_yesterday)
    assert not task.missed(now, ran_today)
    assert not task.missed(now, None)  # a new site waits for the time


@pytest.mark.ckan_config("ckanext.satudata.jobs.retry_seconds", "30 five")
def test_a_bad_retry_option_is_named():
    from ckanext.satudata import jobs

    with pytest.raises(ValueError, match="ckanext.satudata.jobs.retry_seconds"):
        jobs.retry_intervals()
