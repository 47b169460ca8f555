"""Nomor Permohonan under concurrency: two filings of the same moment, each
in its own transaction (its own thread, so its own connection), get
consecutive numbers — the second waits for the year's lock until the first
commits. Without the lock both would read the same last number and the
second would fail on the unique index."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model

from ckanext.satudata.datarequests import numbering, store
from ckanext.satudata.datarequests.model import request_table

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

WHEN = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.timezone.utc)


def _file_one(results: dict[str, Any], name: str, hold: float,
              started: threading.Event | None) -> None:
    """Take a number and insert the request in one transaction, holding it
    open ``hold`` seconds before committing."""
    try:
        number = numbering.next_number(WHEN)
        if started is not None:
            started.set()
        store.insert(id=store.new_id(), number=number, requester_id=name,
                     requester_kind="perorangan", contact_name=name,
                     contact_email=f"{name}@example.org",
                     contact_phone="+6281234567890", datasets=[], regions=[],
                     format="csv", status="diajukan", created=WHEN, modified=WHEN)
        time.sleep(hold)
        model.Session.commit()
        results[name] = number
    except Exception as error:  # reported by the test
        model.Session.rollback()
        results[name] = error
    finally:
        model.Session.remove()


def test_two_filings_at_once_get_consecutive_numbers() -> None:
    model.Session.commit()
    model.Session.remove()
    results: dict[str, Any] = {}
    first_has_number = threading.Event()
    first = threading.Thread(target=_file_one,
                             args=(results, "first", 1.0, first_has_number))
    second = threading.Thread(target=_file_one, args=(results, "second", 0, None))
    first.start()
    assert first_has_number.wait(timeout=10)
    second.start()  # asks for its number while the first is not committed
    first.join(timeout=30)
    second.join(timeout=30)
    assert results == {"first": "PD-2026-00001", "second": "PD-2026-00002"}
    numbers = model.Session.execute(
        sa.select(request_table.c.number).order_by(request_table.c.number)
    ).scalars().all()
    assert numbers == ["PD-2026-00001", "PD-2026-00002"]


def test_the_sequence_starts_again_each_year() -> None:
    assert numbering.next_number(WHEN) == "PD-2026-00001"
    assert numbering.format_number(2027, 1) == "PD-2027-00001"
