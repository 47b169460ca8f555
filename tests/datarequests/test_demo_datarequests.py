"""The demo data requests (``ckanext/satudata/demo/datarequests.py``,
``demo/data/datarequests.yaml``): loaded with the demo portal, one request
in every status, one forwarded and overdue, one rejected with its Surat
Penolakan, one whose data balikan is overdue (reminded); a second load
changes nothing."""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata.datarequests import reminders, statuses
from ckanext.satudata.demo import datarequests as demo
from ckanext.satudata.demo import loader
from ckanext.satudata.documents import api as documents

from .support_h3 import text_of


def _list(user: str, **data: Any) -> list[dict[str, Any]]:
    return tk.get_action("satudata_data_request_list")(
        {"user": user, "ignore_auth": False}, {"limit": 1000, **data})["results"]


def _show(number: str) -> dict[str, Any]:
    return tk.get_action("satudata_data_request_show")(
        {"user": "walidata", "ignore_auth": False}, {"id": number})


def test_the_yaml_is_valid():
    found = demo.targets()
    assert {target.status for target in found} == set(statuses.ALL)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_redis")
def test_the_demo_requests(app: Any) -> None:
    output: list[str] = []
    loader.load(echo=output.append)
    total = len(demo.targets())
    assert any(re.fullmatch(rf"\s*data requests: {total} created", line)
               for line in output), output
    items = _list("walidata")
    assert len(items) == total
    assert {item["status"] for item in items} == set(statuses.ALL)
    # a forwarded request past its OPD's limit
    assert any(item["status"] == statuses.DITERUSKAN and item["overdue"]
               for item in items)
    # the rejected one, with its letter and reason
    [rejected] = [item for item in items if item["status"] == statuses.DITOLAK]
    shown = _show(rejected["number"])
    [letter] = [x for x in shown["letters"] if x["letter"] == "penolakan"]
    assert "data pribadi" in text_of(documents.pdf(letter["id"]))
    # the overdue data balikan: its requester may file nothing new, and is
    # reminded
    from ckanext.satudata.datarequests import api

    late = api.overdue_balikan(tk.get_action("user_show")(
        {"ignore_auth": True}, {"id": "bappeda-provinsi"})["id"])
    assert len(late) == 1
    assert len(reminders.remind()) == 1

    again: list[str] = []
    loader.load(echo=again.append)
    assert any(re.fullmatch(rf"\s*data requests: {total} unchanged", line)
               for line in again), again
    assert any(re.fullmatch(r"\s*data request accounts: 3 unchanged", line)
               for line in again), again
    assert [(i["number"], i["status"]) for i in _list("walidata")] == [
        (i["number"], i["status"]) for i in items]
