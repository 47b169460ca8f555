"""Whoever entered values of a period may not review them, whichever way
they entered them.

The workflow's check (``indicators.entered_by``) looked only at changes
recorded with the reviewer's own user id. Values saved or imported
through a survey link carry no user id, so a verifikator could create a
link, fill the period through it (form or file) and later verify the same
period. Before the fix both tests below failed: the verify went through.
Now a survey link's values count as entered by the link's creator, and an
import as entered by its uploader.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ckan.tests import helpers

from tests.indicators.support import Api, as_user, submission_of
from tests.workflow.support import move, workflow_state

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")

PERIOD = "2024-S1"
CSV = (
    b"kode;nama;perempuan;laki_laki;rasio\n"
    b"33.74.05;Genuk;1500;1400;\n"
)


def _link(people: dict[str, Any], creator: str) -> dict[str, Any]:
    return helpers.call_action(
        "satudata_survey_link_create", as_user(people[creator]),
        id=people["dataset"]["id"], period=PERIOD, label="Survei kecamatan",
        expires=(dt.date.today() + dt.timedelta(days=7)).isoformat(),
    )


def _fill_by_form(api: Api, people: dict[str, Any], token: str) -> None:
    api.call("satudata_submission_save", None, id=people["dataset"]["id"],
             period=PERIOD, token=token, surveyor_name="Teman",
             values={"33.74.05": {"perempuan": 1500, "laki_laki": 1400}})


def _fill_by_file(api: Api, people: dict[str, Any], token: str) -> None:
    result = api.upload("satudata_submission_import", None, CSV, "isian.csv",
                        id=people["dataset"]["id"], period=PERIOD, token=token)
    assert result["result"]["status"] == "done"


@pytest.mark.parametrize("fill", [_fill_by_form, _fill_by_file],
                         ids=["form", "import"])
def test_a_verifikator_does_not_verify_what_their_link_filled(
    api: Api, people: dict[str, Any], fill: Any,
) -> None:
    link = _link(people, "verifikator")
    fill(api, people, link["token"])
    move(people, "submit", "operator")
    before = workflow_state()
    body = api.call("satudata_submission_verify", people["verifikator"], status=403,
                    id=people["dataset"]["id"], period=PERIOD)
    assert "pemisahan tugas" in body["error"]["message"], body
    assert workflow_state() == before
    assert submission_of(people, PERIOD)["state"] == "submitted"


def test_an_operators_link_does_not_stop_the_verifikator(
    api: Api, people: dict[str, Any],
) -> None:
    """The link counts for its creator only."""
    link = _link(people, "operator")
    _fill_by_form(api, people, link["token"])
    move(people, "submit", "operator")
    move(people, "verify", "verifikator")
    assert submission_of(people, PERIOD)["state"] == "verified"


def test_walidata_does_not_publish_what_their_link_filled(
    api: Api, people: dict[str, Any],
) -> None:
    link = _link(people, "walidata")
    _fill_by_form(api, people, link["token"])
    move(people, "submit", "operator")
    move(people, "verify", "verifikator")
    api.call("satudata_submission_publish", people["walidata"], status=403,
             id=people["dataset"]["id"], period=PERIOD)
    assert submission_of(people, PERIOD)["state"] == "verified"
