"""Who may do what with indicator values, through the HTTP API: operators
of the dataset's OPD (editor, verifikator/admin) and walidata (sysadmin, or
member of the walidata organization) write and read drafts; nobody else
does, not a plain member of the OPD, not another OPD, not the pembina data.
The structure, being metadata, follows the dataset's visibility."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ckan.tests import factories, helpers

from .support import POPULATION, as_user, table_state

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

PERIOD = "2024-S1"
CSV = (
    b"kode,nama,perempuan,laki_laki,rasio\n"
    b"33.74.02,Semarang Utara,\"1.200\",1100,\"3,5\"\n"
)

ACTORS = (
    "anonymous", "public user", "member", "operator", "verifikator",
    "other OPD operator", "walidata (sysadmin)", "walidata (diskominfo)",
    "pembina",
)
WRITERS = {"operator", "verifikator", "walidata (sysadmin)", "walidata (diskominfo)"}
ACTIONS = (
    "satudata_structure_update", "satudata_submission_show",
    "satudata_submission_save", "satudata_submission_history",
    "satudata_submission_import", "satudata_survey_link_create",
    "satudata_survey_link_list", "satudata_survey_link_revoke",
    "satudata_period_list",
)
READS = {
    "satudata_submission_show", "satudata_submission_history",
    "satudata_survey_link_list", "satudata_period_list",
}


@pytest.fixture
def world(structured: dict[str, Any]) -> dict[str, Any]:
    """The OPD of conftest (with its structure, a saved value and a survey
    link), another OPD, the walidata, the pembina and a citizen."""
    opd = structured
    other = factories.User(name="operator-dinsos")
    factories.Organization(
        name="dinas-sosial", users=[{"name": other["name"], "capacity": "editor"}]
    )
    walidata_member = factories.User(name="staf-diskominfo")
    factories.Organization(
        name="diskominfo",
        users=[{"name": walidata_member["name"], "capacity": "editor"}],
    )
    pembina = factories.User(name="pembina-bps")
    factories.Organization(
        name="bps", users=[{"name": pembina["name"], "capacity": "member"}]
    )
    helpers.call_action(
        "satudata_submission_save", as_user(opd["operator"]),
        id=opd["dataset"]["id"], period=PERIOD,
        values={"33.74.01": {"perempuan": 500, "laki_laki": 480}},
        kode_referensi="DS-1",
    )
    link = helpers.call_action(
        "satudata_survey_link_create", as_user(opd["operator"]),
        id=opd["dataset"]["id"], period=PERIOD, label="Surveyor Genuk",
        expires=(dt.date.today() + dt.timedelta(days=7)).isoformat(),
    )
    users = {
        "anonymous": None,
        "public user": factories.User(name="warga"),
        "member": opd["member"],
        "operator": opd["operator"],
        "verifikator": opd["verifikator"],
        "other OPD operator": other,
        "walidata (sysadmin)": factories.Sysadmin(name="walidata"),
        "walidata (diskominfo)": walidata_member,
        "pembina": pembina,
    }
    return {**opd, "users": users, "link": link}


def _request(world: dict[str, Any], action: str) -> dict[str, Any]:
    dataset = world["dataset"]
    if action == "satudata_structure_update":
        components = [dict(c) for c in POPULATION["components"]]
        components[0]["name"] = "Penduduk perempuan"
        return {"id": dataset["name"], **POPULATION, "components": components}
    if action == "satudata_submission_save":
        return {"id": dataset["id"], "period": PERIOD,
                "values": {"33.74.01": {"perempuan": "1.000"}}}
    if action == "satudata_survey_link_create":
        return {"id": dataset["id"], "period": "2024-S2", "label": "Kelurahan",
                "expires": (dt.date.today() + dt.timedelta(days=3)).isoformat()}
    if action == "satudata_survey_link_revoke":
        return {"id": world["link"]["id"]}
    if action in ("satudata_survey_link_list", "satudata_period_list"):
        return {"id": dataset["name"]}
    return {"id": dataset["id"], "period": PERIOD}


def _call(api: Any, world: dict[str, Any], action: str, user: Any,
          status: int | None) -> Any:
    data = _request(world, action)
    if action == "satudata_submission_import":
        return api.upload(action, user, CSV, "isian.csv", status=status, **data)
    return api.call(action, user, status=status, **data)


def _check_allowed(world: dict[str, Any], action: str, result: Any) -> None:
    """What an allowed call returns and writes."""
    if action == "satudata_structure_update":
        assert result["components"][0]["name"] == "Penduduk perempuan"
    elif action == "satudata_submission_show":
        assert result["values"] == {"33.74.01": {"perempuan": 500, "laki_laki": 480}}
        assert result["kode_referensi"] == "DS-1"
    elif action == "satudata_submission_save":
        assert result["values"]["33.74.01"]["perempuan"] == 1000
    elif action == "satudata_submission_history":
        assert [h["user"] for h in result] == ["operator"]
    elif action == "satudata_submission_import":
        assert result["status"] == "done"
        assert result["rows_accepted"] == 1
    elif action == "satudata_survey_link_create":
        assert result["token"] and result["active"] is True
    elif action == "satudata_survey_link_list":
        assert [link["id"] for link in result] == [world["link"]["id"]]
        assert "token" not in result[0]
    elif action == "satudata_survey_link_revoke":
        assert result["active"] is False and result["revoked"]
    elif action == "satudata_period_list":
        assert result[-1]["id"] == PERIOD
        assert result[-1]["state"] == "draft"


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("actor", ACTORS)
def test_access_matrix(world, api, actor, action):
    user = world["users"][actor]
    before = table_state()
    if actor in WRITERS:
        body = _call(api, world, action, user, 200)
        assert body["success"] is True
        _check_allowed(world, action, body["result"])
        if action in READS:
            assert table_state() == before
        else:
            assert table_state() != before
    else:
        body = _call(api, world, action, user, 403)
        assert body["success"] is False
        assert body["error"]["__type"] == "Authorization Error"
        assert table_state() == before


@pytest.mark.ckan_config("ckanext.satudata.walidata_organization", "bps")
def test_walidata_organization_is_configurable(world, api):
    data = _request(world, "satudata_submission_save")
    before = table_state()
    api.call("satudata_submission_save", world["users"]["walidata (diskominfo)"],
             status=403, **data)
    assert table_state() == before
    # a read-only member of the configured organization is not walidata ...
    api.call("satudata_submission_save", world["users"]["pembina"],
             status=403, **data)
    assert table_state() == before
    # ... its editors are
    helpers.call_action("organization_member_create", {"ignore_auth": True},
                        id="bps", username=world["users"]["pembina"]["name"],
                        role="editor")
    body = api.call("satudata_submission_save", world["users"]["pembina"], **data)
    assert body["result"]["values"]["33.74.01"]["perempuan"] == 1000


def test_a_deleted_dataset_is_closed_to_everyone(world, api):
    helpers.call_action("package_delete", {"user": world["operator"]["name"]},
                        id=world["dataset"]["id"])
    before = table_state()
    for actor in ("operator", "walidata (sysadmin)"):
        user = world["users"][actor]
        for action in ("satudata_submission_save", "satudata_structure_update"):
            body = _call(api, world, action, user, None)
            assert body["success"] is False, (actor, action)
    assert table_state() == before


# ---- the structure follows the dataset's visibility -----------------------

PUBLIC_READERS = set(ACTORS)
TERBATAS_READERS = {
    "member", "operator", "verifikator", "walidata (sysadmin)",
    "walidata (diskominfo)", "pembina",
}


@pytest.fixture
def terbatas(world: dict[str, Any]) -> dict[str, Any]:
    from ckanext.satudata.testing import sdi_fields

    dataset = factories.Dataset(
        name="penduduk-rentan", owner_org=world["organization"]["id"],
        **sdi_fields(keterbukaan="terbatas"),
    )
    assert dataset["private"] is True
    helpers.call_action(
        "satudata_structure_update", as_user(world["operator"]),
        id=dataset["id"], **POPULATION,
    )
    return dataset


@pytest.mark.parametrize("actor", ACTORS)
def test_structure_show_of_a_public_dataset(world, api, actor):
    body = api.call("satudata_structure_show", world["users"][actor],
                    id=world["dataset"]["name"])
    assert body["result"]["components"] == POPULATION["components"]


@pytest.mark.parametrize("actor", ACTORS)
def test_structure_show_of_a_terbatas_dataset(world, terbatas, api, actor):
    user = world["users"][actor]
    if actor in TERBATAS_READERS:
        body = api.call("satudata_structure_show", user, id=terbatas["name"])
        assert body["result"]["package_id"] == terbatas["id"]
        assert body["result"]["granularity"] == "semester"
    else:
        body = api.call("satudata_structure_show", user, status=403,
                        id=terbatas["name"])
        # the refusal does not tell that the dataset exists
        assert "Dataset tidak ditemukan" in body["error"]["message"]
        assert "semester" not in str(body)


def test_structure_show_of_an_unknown_dataset(world, api):
    body = api.call("satudata_structure_show", None, status=403, id="tidak-ada")
    assert "Dataset tidak ditemukan" in body["error"]["message"]
