"""Saving and showing the values of a period: Indonesian number formats,
all-or-nothing validation, clearing cells, revision conflicts, kode
referensi / sumber data, the history and the required cells still empty."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from .support import KECAMATAN, POPULATION, as_user, table_state

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins", "structured")

PERIOD = "2024-S1"


def _save(opd: dict[str, Any], values: dict[str, Any], user: Any = None,
          **extra: Any) -> dict[str, Any]:
    return helpers.call_action(
        "satudata_submission_save", as_user(user or opd["operator"]),
        id=opd["dataset"]["id"], period=extra.pop("period", PERIOD),
        values=values, **extra,
    )


def _show(opd: dict[str, Any], period: str = PERIOD) -> dict[str, Any]:
    return helpers.call_action(
        "satudata_submission_show", as_user(opd["operator"]),
        id=opd["dataset"]["id"], period=period,
    )


def _history(opd: dict[str, Any], period: str = PERIOD) -> list[dict[str, Any]]:
    return helpers.call_action(
        "satudata_submission_history", as_user(opd["operator"]),
        id=opd["dataset"]["id"], period=period,
    )


def test_nothing_saved_yet(opd):
    shown = _show(opd)
    assert shown["state"] == "belum_diisi"
    assert shown["id"] is None
    assert shown["revision"] == 0
    assert shown["values"] == {}
    assert shown["period_label"] == "2024 Semester 1"
    assert [row["code"] for row in shown["rows"]] == list(KECAMATAN)
    assert [c["code"] for c in shown["components"]] == [
        "perempuan", "laki_laki", "rasio"
    ]
    assert len(shown["missing_required"]) == 16 * 2
    assert _history(opd) == []


@pytest.mark.parametrize(("component", "typed", "stored"), [
    ("perempuan", "10.518", 10518),
    ("perempuan", "1.234.567", 1234567),
    ("perempuan", " 42 ", 42),
    ("perempuan", 7, 7),
    ("perempuan", "10.000,0", 10000),
    ("rasio", "3,5", 3.5),
    ("rasio", "12,5%", 12.5),
    ("rasio", "12,5 %", 12.5),
    ("rasio", "100%", 100),
    ("rasio", "1.250,75", 1250.75),
    ("rasio", "0.25", 0.25),
    ("rasio", 97.5, 97.5),
])
def test_indonesian_number_formats(opd, component, typed, stored):
    saved = _save(opd, {"33.74.05": {component: typed}})
    value = saved["values"]["33.74.05"][component]
    assert value == stored
    assert type(value) is type(stored)
    assert _show(opd)["values"] == {"33.74.05": {component: stored}}


def test_indonesian_formats_through_the_api(opd, api):
    result = api.call(
        "satudata_submission_save", opd["operator"], id=opd["dataset"]["name"],
        period=PERIOD, values={
            "33.74.01": {"perempuan": "10.518", "laki_laki": "9.870", "rasio": "3,5"},
            "33.74.02": {"rasio": "12,5%"},
        },
    )["result"]
    assert result["values"] == {
        "33.74.01": {"perempuan": 10518, "laki_laki": 9870, "rasio": 3.5},
        "33.74.02": {"rasio": 12.5},
    }
    shown = api.call("satudata_submission_show", opd["operator"],
                     id=opd["dataset"]["id"], period=PERIOD)["result"]
    assert shown["values"] == result["values"]
    assert shown["state"] == "draft"
    assert shown["revision"] == 1


@pytest.mark.parametrize(("row", "component", "typed"), [
    ("33.74.03", "perempuan", "sepuluh"),
    ("33.74.03", "perempuan", "3,5"),  # not a whole number
    ("33.74.03", "perempuan", "1.5.0"),
    ("33.74.03", "perempuan", True),
    ("33.74.03", "perempuan", "1.000.000.000.000.000"),  # too large
    ("33.74.03", "rasio", "12,5%%"),
    ("33.74.03", "tidak_ada", "5"),  # unknown component
    ("33.99.99", "perempuan", "5"),  # unknown row
])
def test_a_bad_cell_writes_nothing(opd, row, component, typed):
    _save(opd, {"33.74.01": {"perempuan": 100}}, kode_referensi="REF-1")
    before_show = json.dumps(_show(opd), sort_keys=True)
    before_tables = table_state()
    with pytest.raises(tk.ValidationError) as raised:
        _save(opd, {
            "33.74.01": {"perempuan": 200, "laki_laki": "1.000"},
            row: {component: typed},
            "33.74.16": {"laki_laki": 5},
        }, kode_referensi="REF-2", sumber_data="Survei")
    errors = raised.value.error_dict
    assert set(errors) == {"values"}
    assert set(errors["values"]) == {row}
    assert set(errors["values"][row]) == {component if row in KECAMATAN else "*"}
    message = next(iter(errors["values"][row].values()))[0]
    assert isinstance(message, str) and message.strip()
    assert json.dumps(_show(opd), sort_keys=True) == before_show
    assert table_state() == before_tables
    assert len(_history(opd)) == 1


def test_bad_cells_through_the_api_name_row_and_component(opd, api):
    body = api.call(
        "satudata_submission_save", opd["operator"], status=409,
        id=opd["dataset"]["id"], period=PERIOD,
        values={"33.74.02": {"laki_laki": "banyak", "perempuan": 3},
                "33.74.04": {"rasio": "x%"}},
    )
    errors = body["error"]["values"]
    assert set(errors) == {"33.74.02", "33.74.04"}
    assert set(errors["33.74.02"]) == {"laki_laki"}
    assert set(errors["33.74.04"]) == {"rasio"}
    assert "banyak" in errors["33.74.02"]["laki_laki"][0]
    assert _show(opd)["state"] == "belum_diisi"


def test_values_must_be_an_object_of_rows(opd):
    before = table_state()
    for values in (["33.74.01"], {"33.74.01": 5}):
        with pytest.raises(tk.ValidationError) as raised:
            _save(opd, values)
        assert "values" in raised.value.error_dict
    assert table_state() == before


@pytest.mark.parametrize(
    "period", ["2023-S2", "2024", "2024-Q1", "2024-S3", "semester"]
)
def test_a_period_outside_the_structure_is_refused(opd, period):
    before = table_state()
    with pytest.raises(tk.ValidationError) as raised:
        _save(opd, {"33.74.01": {"perempuan": 1}}, period=period)
    assert set(raised.value.error_dict) == {"period"}
    assert table_state() == before


@pytest.mark.parametrize("empty", ["", "  ", None])
def test_clearing_a_cell(opd, empty):
    _save(opd, {"33.74.01": {"perempuan": 10, "laki_laki": 11},
                "33.74.02": {"rasio": 2}})
    saved = _save(opd, {"33.74.01": {"perempuan": empty}, "33.74.02": {"rasio": empty}})
    assert saved["values"] == {"33.74.01": {"laki_laki": 11}}
    assert saved["revision"] == 2
    latest = _history(opd)[0]
    assert sorted(latest["changes"], key=lambda c: c["row"]) == [
        {"row": "33.74.01", "component": "perempuan", "old": 10, "new": None},
        {"row": "33.74.02", "component": "rasio", "old": 2, "new": None},
    ]


def test_saving_the_same_values_again_is_no_change(opd):
    first = _save(opd, {"33.74.01": {"perempuan": "1.000"}})
    again = _save(opd, {"33.74.01": {"perempuan": 1000}})
    assert again["revision"] == first["revision"] == 1
    assert len(_history(opd)) == 1


def test_only_the_given_cells_are_written(opd):
    _save(opd, {"33.74.01": {"perempuan": 1, "laki_laki": 2}})
    saved = _save(opd, {"33.74.01": {"laki_laki": 3}, "33.74.09": {"perempuan": 4}})
    assert saved["values"] == {
        "33.74.01": {"perempuan": 1, "laki_laki": 3},
        "33.74.09": {"perempuan": 4},
    }


def test_revision_conflict(opd):
    opened = _show(opd)
    first = _save(opd, {"33.74.01": {"perempuan": 111}}, revision=opened["revision"])
    assert first["revision"] == opened["revision"] + 1
    before = table_state()
    with pytest.raises(tk.ValidationError) as raised:
        _save(opd, {"33.74.01": {"perempuan": 222}}, user=opd["verifikator"],
              revision=opened["revision"])
    assert set(raised.value.error_dict) == {"revision"}
    assert raised.value.error_dict["revision"][0].strip()
    assert table_state() == before
    assert _show(opd)["values"] == {"33.74.01": {"perempuan": 111}}
    # with the current revision the second save goes through
    second = _save(opd, {"33.74.01": {"perempuan": 222}}, user=opd["verifikator"],
                   revision=first["revision"])
    assert second["values"] == {"33.74.01": {"perempuan": 222}}


def test_revision_conflict_through_the_api(opd, api):
    data = {"id": opd["dataset"]["id"], "period": PERIOD, "revision": 0}
    api.call("satudata_submission_save", opd["operator"],
             values={"33.74.01": {"perempuan": "1"}}, **data)
    body = api.call("satudata_submission_save", opd["verifikator"], status=409,
                    values={"33.74.01": {"perempuan": "2"}}, **data)
    assert set(body["error"]) == {"__type", "revision"}
    assert _show(opd)["values"] == {"33.74.01": {"perempuan": 1}}


def test_kode_referensi_and_sumber_data_are_kept(opd):
    saved = _save(opd, {"33.74.01": {"perempuan": 1}},
                  kode_referensi=" DS-DUKCAPIL-001 ", sumber_data="SIAK")
    assert saved["kode_referensi"] == "DS-DUKCAPIL-001"
    assert saved["sumber_data"] == "SIAK"
    # a later save without them keeps them
    _save(opd, {"33.74.01": {"perempuan": 2}})
    shown = _show(opd)
    assert shown["kode_referensi"] == "DS-DUKCAPIL-001"
    assert shown["sumber_data"] == "SIAK"
    # changing only the source is a change of its own
    changed = _save(opd, {}, sumber_data="Survei lapangan")
    assert changed["revision"] == 3
    assert changed["kode_referensi"] == "DS-DUKCAPIL-001"
    latest = _history(opd)[0]
    assert latest["changes"] == []
    assert latest["details"] == {
        "sumber_data": {"old": "SIAK", "new": "Survei lapangan"}
    }
    assert _history(opd)[-1]["details"] == {
        "kode_referensi": {"old": "", "new": "DS-DUKCAPIL-001"},
        "sumber_data": {"old": "", "new": "SIAK"},
    }


def test_history_lists_every_save(opd, api):
    walidata = factories.Sysadmin(name="walidata", fullname="Walidata Kota")
    _save(opd, {"33.74.01": {"perempuan": "10.518"}})
    _save(opd, {"33.74.01": {"perempuan": "10.600", "laki_laki": 9}},
          user=opd["verifikator"])
    api.call("satudata_submission_save", walidata, id=opd["dataset"]["id"],
             period=PERIOD, values={"33.74.01": {"perempuan": ""}})
    history = _history(opd)
    assert [h["revision"] for h in history] == [3, 2, 1]
    assert [h["source"] for h in history] == ["api", "api", "api"]
    assert [h["user"] for h in history] == ["walidata", "verifikator", "operator"]
    assert history[0]["actor_name"] == "Walidata Kota"
    assert all(h["survey_link_id"] is None for h in history)
    assert all(h["timestamp"] for h in history)
    assert history[2]["changes"] == [
        {"row": "33.74.01", "component": "perempuan", "old": None, "new": 10518},
    ]
    assert sorted(history[1]["changes"], key=lambda c: c["component"]) == [
        {"row": "33.74.01", "component": "laki_laki", "old": None, "new": 9},
        {"row": "33.74.01", "component": "perempuan", "old": 10518, "new": 10600},
    ]
    assert history[0]["changes"] == [
        {"row": "33.74.01", "component": "perempuan", "old": 10600, "new": None},
    ]
    # the history of another period is its own
    assert _history(opd, "2024-S2") == []
    via_api = api.call("satudata_submission_history", opd["operator"],
                       id=opd["dataset"]["name"], period=PERIOD)["result"]
    assert via_api == history


def test_missing_required(opd):
    saved = _save(opd, {"33.74.01": {"perempuan": 5, "rasio": 1},
                        "33.74.02": {"perempuan": 1, "laki_laki": 2}})
    missing = saved["missing_required"]
    assert {"row": "33.74.01", "component": "laki_laki"} in missing
    assert {"row": "33.74.01", "component": "perempuan"} not in missing
    assert not [m for m in missing if m["row"] == "33.74.02"]
    assert not [m for m in missing if m["component"] == "rasio"]
    assert len(missing) == 16 * 2 - 3
    assert saved["state"] == "draft"  # a draft may stay incomplete
    complete = _save(opd, {
        code: {"perempuan": 1, "laki_laki": 1} for code in KECAMATAN
    })
    assert complete["missing_required"] == []
    assert _show(opd)["missing_required"] == []


@pytest.mark.usefixtures("clean_db", "with_plugins")
def test_an_empty_save_leaves_the_period_not_filled(opd):
    context = {"user": opd["operator"]["name"]}
    helpers.call_action("satudata_structure_update", dict(context),
                        id=opd["dataset"]["id"], **POPULATION)
    saved = helpers.call_action("satudata_submission_save", dict(context),
                        id=opd["dataset"]["id"], period="2024-S1",
                        values={"33.74.01": {"perempuan": ""}})
    assert saved["state"] == "belum_diisi" and saved["revision"] == 0
    due = helpers.call_action("satudata_due_list", dict(context))
    assert "2024-S1" in [item["period"] for item in due]
    assert helpers.call_action("satudata_submission_history", dict(context),
                       id=opd["dataset"]["id"], period="2024-S1") == []


@pytest.mark.usefixtures("clean_db", "with_plugins")
def test_read_actions_answer_get_requests(app, opd):
    helpers.call_action("satudata_structure_update", {"user": opd["operator"]["name"]},
                id=opd["dataset"]["id"], **POPULATION)
    response = app.get("/api/3/action/satudata_structure_show",
                       query_string={"id": opd["dataset"]["name"]})
    assert response.status_code == 200
    assert response.json["result"]["granularity"] == "semester"
