"""Survey links: a token opens one dataset and period (optionally only some
rows) to a surveyor without an account, until it expires or is revoked."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from ckanext.satudata.indicators.model import survey_link_table
from ckanext.satudata.testing import sdi_fields

from .support import (
    KECAMATAN,
    POPULATION,
    as_user,
    history_of,
    submission_of,
    table_state,
)

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins", "structured")

PERIOD = "2024-S1"
ROWS = ["33.74.05", "33.74.06"]
CSV = (
    b"kode;nama;perempuan;laki_laki;rasio\n"
    b"33.74.05;Genuk;\"1.500\";1400;\n"
)


def _in_days(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


def _create(opd: dict[str, Any], **data: Any) -> dict[str, Any]:
    data = {"id": opd["dataset"]["id"], "period": PERIOD, "label": "Surveyor Genuk",
            "expires": _in_days(14), **data}
    return helpers.call_action("satudata_survey_link_create",
                               as_user(opd["operator"]), **data)


def _links(opd: dict[str, Any]) -> list[dict[str, Any]]:
    return helpers.call_action("satudata_survey_link_list", as_user(opd["operator"]),
                               id=opd["dataset"]["id"])


def test_create_returns_the_token_once(opd, api):
    link = api.call("satudata_survey_link_create", opd["operator"],
                    id=opd["dataset"]["name"], period=PERIOD,
                    label="Surveyor Genuk", rows=ROWS, expires=_in_days(10))["result"]
    token = link["token"]
    assert len(token) >= 32
    assert token in link["url"]
    assert link["active"] is True
    assert link["rows"] == ROWS
    assert link["period"] == PERIOD
    assert link["package_id"] == opd["dataset"]["id"]
    # a date means the end of that day
    assert link["expires"].startswith(_in_days(10) + "T23:59:59")
    listed = api.call("satudata_survey_link_list", opd["operator"],
                      id=opd["dataset"]["id"])["result"]
    assert [item["id"] for item in listed] == [link["id"]]
    assert "token" not in listed[0] and "url" not in listed[0]
    assert token not in json.dumps(listed)
    # the database keeps only a hash
    assert token not in json.dumps(table_state())


def test_list_filters_by_period(opd):
    first = _create(opd)
    second = _create(opd, period="2024-S2", label="Lain")
    assert {link["id"] for link in _links(opd)} == {first["id"], second["id"]}
    only = helpers.call_action("satudata_survey_link_list", as_user(opd["operator"]),
                               id=opd["dataset"]["id"], period="2024-S2")
    assert [link["id"] for link in only] == [second["id"]]


@pytest.mark.parametrize(("data", "field"), [
    ({"expires": "2020-01-01"}, "expires"),
    ({"expires": _in_days(365)}, "expires"),
    ({"expires": "besok"}, "expires"),
    ({"rows": ["33.74.05", "33.99.01"]}, "rows"),
    ({"rows": 5}, "rows"),
    ({"label": ""}, "label"),
    ({"period": "2023-S2"}, "period"),
])
def test_create_refuses_invalid_links(opd, data, field):
    before = table_state()
    with pytest.raises(tk.ValidationError) as raised:
        _create(opd, **data)
    assert field in raised.value.error_dict
    assert table_state() == before


def test_save_with_token_records_the_surveyor(opd, api):
    link = _create(opd, rows=ROWS)
    shown = api.call("satudata_submission_show", None, id=opd["dataset"]["id"],
                     period=PERIOD, token=link["token"])["result"]
    assert [row["code"] for row in shown["rows"]] == ROWS
    saved = api.call(
        "satudata_submission_save", None, id=opd["dataset"]["id"], period=PERIOD,
        token=link["token"], surveyor_name="  Budi Santoso ",
        values={"33.74.05": {"perempuan": "2.345", "rasio": "4,5"}},
    )["result"]
    assert saved["values"] == {"33.74.05": {"perempuan": 2345, "rasio": 4.5}}
    history = history_of(opd, PERIOD)
    assert len(history) == 1
    assert history[0]["source"] == "survey"
    assert history[0]["actor_name"] == "Budi Santoso"
    assert history[0]["user"] is None
    assert history[0]["survey_link_id"] == link["id"]
    assert history[0]["changes"] == [
        {"row": "33.74.05", "component": "perempuan", "old": None, "new": 2345},
        {"row": "33.74.05", "component": "rasio", "old": None, "new": 4.5},
    ]
    # without a name the link's label stands for the surveyor
    api.call("satudata_submission_save", None, id=opd["dataset"]["id"],
             period=PERIOD, token=link["token"],
             values={"33.74.06": {"laki_laki": 8}})
    assert history_of(opd, PERIOD)[0]["actor_name"] == "Surveyor Genuk"


def test_the_link_shows_only_its_rows(opd, api):
    helpers.call_action("satudata_submission_save", as_user(opd["operator"]),
                        id=opd["dataset"]["id"], period=PERIOD,
                        values={"33.74.01": {"perempuan": 9},
                                "33.74.05": {"perempuan": 5}})
    link = _create(opd, rows=ROWS)
    shown = api.call("satudata_submission_show", None, id=opd["dataset"]["id"],
                     period=PERIOD, token=link["token"])["result"]
    assert shown["values"] == {"33.74.05": {"perempuan": 5}}
    assert {m["row"] for m in shown["missing_required"]} == set(ROWS)


def test_a_link_for_all_rows(opd, api):
    link = _create(opd)
    shown = api.call("satudata_submission_show", None, id=opd["dataset"]["id"],
                     period=PERIOD, token=link["token"])["result"]
    assert [row["code"] for row in shown["rows"]] == list(KECAMATAN)


def test_another_row_is_refused(opd, api):
    link = _create(opd, rows=ROWS)
    before = table_state()
    body = api.call(
        "satudata_submission_save", None, status=409, id=opd["dataset"]["id"],
        period=PERIOD, token=link["token"],
        values={"33.74.05": {"perempuan": 1}, "33.74.01": {"perempuan": 2}},
    )
    assert set(body["error"]["values"]) == {"33.74.01"}
    assert table_state() == before


def test_another_period_or_dataset_is_refused(opd, api):
    link = _create(opd)
    other = factories.Dataset(owner_org=opd["organization"]["id"],
                              name="dataset-lain", **sdi_fields())
    helpers.call_action("satudata_structure_update", as_user(opd["operator"]),
                        id=other["id"], **POPULATION)
    before = table_state()
    for target, period in ((opd["dataset"]["id"], "2024-S2"), (other["id"], PERIOD)):
        for action in ("satudata_submission_show", "satudata_submission_save"):
            body = api.call(action, None, status=403, id=target, period=period,
                            token=link["token"],
                            values={"33.74.05": {"perempuan": 1}})
            assert body["error"]["__type"] == "Authorization Error"
        api.upload("satudata_submission_import", None, CSV, "isian.csv", status=403,
                   id=target, period=period, token=link["token"])
    # nor do the history, the structure or the links open to a token (a
    # complete structure: an incomplete one is a validation error first)
    for action in ("satudata_submission_history", "satudata_survey_link_list",
                   "satudata_period_list", "satudata_structure_update"):
        api.call(action, None, status=403, id=opd["dataset"]["id"], period=PERIOD,
                 token=link["token"], **POPULATION)
    assert table_state() == before


def test_import_with_token(opd, api):
    link = _create(opd, rows=ROWS)
    result = api.upload("satudata_submission_import", None, CSV, "genuk.csv",
                        id=opd["dataset"]["id"], period=PERIOD, token=link["token"],
                        surveyor_name="Siti")["result"]
    assert result["status"] == "done"
    assert submission_of(opd, PERIOD)["values"] == {
        "33.74.05": {"perempuan": 1500, "laki_laki": 1400}
    }
    history = history_of(opd, PERIOD)
    assert (history[0]["source"], history[0]["actor_name"]) == ("csv", "Siti")
    assert history[0]["survey_link_id"] == link["id"]
    # the import's report is readable with the same token, not with another
    found = api.call("satudata_import_show", None, id=result["id"],
                     token=link["token"])["result"]
    assert found["status"] == "done"
    other = _create(opd, rows=ROWS, label="Lain")
    api.call("satudata_import_show", None, status=403, id=result["id"],
             token=other["token"])


def test_import_with_token_refuses_other_rows(opd, api):
    link = _create(opd, rows=ROWS)
    before = table_state()["satudata_submission"]
    body = api.upload(
        "satudata_submission_import", None,
        CSV + b"33.74.01;Semarang Tengah;1;1;\n", "isian.csv", status=409,
        id=opd["dataset"]["id"], period=PERIOD, token=link["token"],
    )
    errors = body["error"]["report"]["errors"]
    assert [error["row"] for error in errors] == [3]
    assert "33.74.01" in errors[0]["message"]
    assert table_state()["satudata_submission"] == before


def _expire(link: dict[str, Any]) -> None:
    """Test setup: move the link's expiry into the past."""
    model.Session.execute(
        survey_link_table.update()
        .where(survey_link_table.c.id == link["id"])
        .values(expires=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1))
    )
    model.Session.commit()


def _revoke(opd: dict[str, Any], link: dict[str, Any]) -> None:
    revoked = helpers.call_action("satudata_survey_link_revoke",
                                  as_user(opd["operator"]), id=link["id"])
    assert revoked["active"] is False


@pytest.mark.parametrize("end", [_expire, _revoke], ids=["expired", "revoked"])
def test_a_dead_link_opens_nothing(opd, api, end):
    link = _create(opd)
    data = {"id": opd["dataset"]["id"], "period": PERIOD, "token": link["token"]}
    api.call("satudata_submission_show", None, **data)  # alive until now
    if end is _expire:
        end(link)
    else:
        end(opd, link)
    assert _links(opd)[0]["active"] is False
    before = table_state()
    for action in ("satudata_submission_show", "satudata_submission_save"):
        body = api.call(action, None, status=403,
                        values={"33.74.01": {"perempuan": 1}}, **data)
        assert body["error"]["__type"] == "Authorization Error"
        assert body["error"]["message"].strip()
    api.upload("satudata_submission_import", None, CSV, "isian.csv", status=403,
               **data)
    assert table_state() == before


def test_the_token_shows_what_its_link_opens(opd, api):
    link = _create(opd, rows=ROWS)
    shown = api.call("satudata_survey_link_show", None,
                     token=link["token"])["result"]
    assert (shown["id"], shown["package_name"], shown["period"], shown["rows"]) == (
        link["id"], opd["dataset"]["name"], PERIOD, ROWS)
    assert "token" not in shown
    api.call("satudata_survey_link_show", None, status=403, token="not-a-token")
    _revoke(opd, link)
    api.call("satudata_survey_link_show", None, status=403, token=link["token"])


def test_revoke_is_for_the_links_opd(opd, api):
    link = _create(opd)
    other = factories.User(name="operator-dinsos")
    factories.Organization(name="dinas-sosial",
                           users=[{"name": other["name"], "capacity": "editor"}])
    before = table_state()
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("satudata_survey_link_revoke", as_user(other),
                            id=link["id"])
    api.call("satudata_survey_link_revoke", other, status=403, id=link["id"])
    api.call("satudata_survey_link_revoke", None, status=403, id=link["id"])
    assert table_state() == before
    assert _links(opd)[0]["active"] is True
    # the verifikator of the OPD may
    revoked = api.call("satudata_survey_link_revoke", opd["verifikator"],
                       id=link["id"])["result"]
    assert revoked["active"] is False
    assert revoked["revoked"] is not None
    # revoking again changes nothing
    state = table_state()
    again = api.call("satudata_survey_link_revoke", opd["operator"],
                     id=link["id"])["result"]
    assert again["revoked"] == revoked["revoked"]
    assert table_state() == state


def test_the_expiry_is_stored(opd):
    link = _create(opd)
    stored = model.Session.execute(
        sa.select(survey_link_table.c.expires, survey_link_table.c.label)
        .where(survey_link_table.c.id == link["id"])
    ).one()
    assert stored.label == "Surveyor Genuk"
    assert stored.expires > dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=13)
