"""A survey link opens its rows of one period, while it lives, and nothing
more.

Before the fix:
- a file queued for a background import through a link was still written
  after the link was revoked or had expired (``test_a_queued_import_…``
  failed: the import ended ``done`` and the values were saved);
- a link holder could change the period-wide ``kode_referensi`` and
  ``sumber_data`` (``test_link_holders_do_not_change_…`` failed: 200 and
  the fields changed);
- ``satudata_submission_show`` with a token returned the return note, the
  notes on other rows and the verifikator's user name
  (``test_the_token_shows_nothing_about_staff_or_notes`` failed);
- the pages opened by token sent no ``Referrer-Policy``, so a link on them
  (or a resource they load) could carry the token to another site in the
  ``Referer`` header (``test_token_pages_send_no_referrer`` failed).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
import rq
from ckan import model
from ckan.lib import jobs
from ckan.tests import helpers

from ckanext.satudata.indicators.model import survey_link_table
from tests.indicators.support import Api, as_user, history_of, submission_of

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins", "structured")

PERIOD = "2024-S1"
ROWS = ["33.74.05", "33.74.06"]
CSV = (
    b"kode;nama;perempuan;laki_laki;rasio\n"
    b"33.74.05;Genuk;1500;1400;\n"
)


def _link(opd: dict[str, Any], rows: list[str] | None = None) -> dict[str, Any]:
    return helpers.call_action(
        "satudata_survey_link_create", as_user(opd["operator"]),
        id=opd["dataset"]["id"], period=PERIOD, label="Surveyor Genuk", rows=rows,
        expires=(dt.date.today() + dt.timedelta(days=7)).isoformat(),
    )


def _expire(opd: dict[str, Any], link: dict[str, Any]) -> None:
    model.Session.execute(
        survey_link_table.update().where(survey_link_table.c.id == link["id"])
        .values(expires=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1))
    )
    model.Session.commit()


def _revoke(opd: dict[str, Any], link: dict[str, Any]) -> None:
    helpers.call_action("satudata_survey_link_revoke", as_user(opd["operator"]),
                        id=link["id"])


def _work_off_the_queue() -> None:
    queue = jobs.get_queue("satudata")
    assert queue.count == 1
    rq.SimpleWorker([queue], connection=queue.connection).work(burst=True)


# ---- (a) a queued import re-checks its link --------------------------------

@pytest.mark.usefixtures("clean_redis")
@pytest.mark.ckan_config("ckanext.satudata.import_background_bytes", "10")
@pytest.mark.parametrize("end", [_expire, _revoke], ids=["expired", "revoked"])
def test_a_queued_import_is_not_written_after_its_link_died(
    opd: dict[str, Any], api: Api, end: Any,
) -> None:
    link = _link(opd, ROWS)
    queued = api.upload("satudata_submission_import", None, CSV, "isian.csv",
                        id=opd["dataset"]["id"], period=PERIOD,
                        token=link["token"])["result"]
    assert queued["status"] == "queued"
    end(opd, link)
    _work_off_the_queue()
    model.Session.remove()
    shown = api.call("satudata_import_show", opd["operator"],
                     id=queued["id"])["result"]
    assert shown["status"] == "failed"
    assert "Tautan survei" in shown["errors"][0]["message"], shown["errors"]
    assert submission_of(opd, PERIOD)["values"] == {}
    assert history_of(opd, PERIOD) == []


@pytest.mark.usefixtures("clean_redis")
@pytest.mark.ckan_config("ckanext.satudata.import_background_bytes", "10")
def test_a_queued_import_of_a_live_link_is_written(
    opd: dict[str, Any], api: Api,
) -> None:
    link = _link(opd, ROWS)
    queued = api.upload("satudata_submission_import", None, CSV, "isian.csv",
                        id=opd["dataset"]["id"], period=PERIOD,
                        token=link["token"])["result"]
    _work_off_the_queue()
    model.Session.remove()
    shown = helpers.call_action("satudata_import_show", as_user(opd["operator"]),
                                id=queued["id"])
    assert shown["status"] == "done", shown
    assert submission_of(opd, PERIOD)["values"] == {
        "33.74.05": {"perempuan": 1500, "laki_laki": 1400},
    }


# ---- (b) period-wide fields belong to the OPD ------------------------------

@pytest.mark.parametrize("field", ["kode_referensi", "sumber_data"])
def test_link_holders_do_not_change_period_wide_fields(
    opd: dict[str, Any], api: Api, field: str,
) -> None:
    helpers.call_action("satudata_submission_save", as_user(opd["operator"]),
                        id=opd["dataset"]["id"], period=PERIOD,
                        kode_referensi="REF-1", sumber_data="SIAK")
    link = _link(opd, ROWS)
    data = {"id": opd["dataset"]["id"], "period": PERIOD, "token": link["token"],
            "values": {"33.74.05": {"perempuan": 7}}}
    body = api.call("satudata_submission_save", None, status=409,
                    **data, **{field: "Diubah surveyor"})
    assert field in body["error"], body
    assert "tautan survei" in body["error"][field][0], body
    shown = submission_of(opd, PERIOD)
    assert (shown["kode_referensi"], shown["sumber_data"]) == ("REF-1", "SIAK")
    assert shown["values"] == {}
    # sending the current value back (as a form would) is no change
    api.call("satudata_submission_save", None, **data, **{
        "kode_referensi": "REF-1", "sumber_data": "SIAK",
    })
    assert submission_of(opd, PERIOD)["values"] == {"33.74.05": {"perempuan": 7}}


# ---- (c) what a token shows --------------------------------------------------

def test_the_token_shows_nothing_about_staff_or_notes(
    opd: dict[str, Any], api: Api,
) -> None:
    from tests.workflow.support import fill, move

    fill(opd)
    move(opd, "submit", "operator")
    move(opd, "return", "verifikator", note="Catatan rahasia untuk operator",
         cell_notes={"33.74.01": {"perempuan": "Angka Semarang Tengah janggal"},
                     "33.74.05": {"perempuan": "Periksa Genuk"}})
    link = _link(opd, ROWS)
    shown = api.call("satudata_submission_show", None, id=opd["dataset"]["id"],
                     period=PERIOD, token=link["token"])["result"]
    text = json.dumps(shown)
    for secret in ("Catatan rahasia", "janggal", "Periksa Genuk",
                   opd["verifikator"]["name"], opd["operator"]["name"]):
        assert secret not in text, secret
    assert shown["return"] is None
    assert shown["allowed_actions"] == []
    assert set(shown["values"]) == set(ROWS)
    assert [r["code"] for r in shown["rows"]] == ROWS
    # staff still see the return
    staff = helpers.call_action("satudata_submission_show", as_user(opd["operator"]),
                                id=opd["dataset"]["id"], period=PERIOD)
    assert staff["return"]["note"] == "Catatan rahasia untuk operator"


# ---- (d) no Referer carries the token away ----------------------------------

def test_token_pages_send_no_referrer(opd: dict[str, Any], app: Any) -> None:
    link = _link(opd, ROWS)
    token = link["token"]
    pages = [
        app.get(f"/survei/{token}"),
        app.get(f"/survei/{token}/template.xlsx"),
        app.post(f"/survei/{token}/impor", data={
            "upload": (io.BytesIO(CSV), "isian.csv"),
        }, content_type="multipart/form-data", follow_redirects=False),
        app.get("/survei/bukan-token-yang-hidup", status=404),
    ]
    for response in pages:
        assert response.headers.get("Referrer-Policy") == "no-referrer", (
            response.request.path, response.status_code,
        )
    # pages of logged-in staff keep the site's policy
    staff = app.get(f"/dataset/{opd['dataset']['name']}")
    assert staff.headers.get("Referrer-Policy") != "no-referrer"
