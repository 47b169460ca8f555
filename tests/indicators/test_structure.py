"""Data structures of indicator datasets: show/update round trip, the
validation errors (per field), the breakdown rows (kecamatan and kelurahan
of Kota Semarang, categories) and the lock once values are filled."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from .conftest import KECAMATAN, POPULATION, as_user, table_state

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")


def _update(opd: dict[str, Any], **structure: Any) -> dict[str, Any]:
    return helpers.call_action(
        "satudata_structure_update", as_user(opd["operator"]),
        id=opd["dataset"]["id"], **structure,
    )


def _show(opd: dict[str, Any]) -> dict[str, Any]:
    return helpers.call_action(
        "satudata_structure_show", as_user(opd["operator"]), id=opd["dataset"]["name"]
    )


def _save_one_value(opd: dict[str, Any]) -> None:
    helpers.call_action(
        "satudata_submission_save", as_user(opd["operator"]),
        id=opd["dataset"]["id"], period="2024-S1",
        values={"33.74.01": {"perempuan": 1}},
    )


def test_round_trip(opd):
    with pytest.raises(tk.ObjectNotFound):
        _show(opd)
    updated = _update(opd, **POPULATION)
    shown = _show(opd)
    assert shown == updated
    assert shown["package_id"] == opd["dataset"]["id"]
    assert shown["package_name"] == "penduduk-kecamatan"
    assert shown["components"] == POPULATION["components"]
    assert shown["breakdown"] == {"type": "region", "level": "kecamatan"}
    assert shown["granularity"] == "semester"
    assert shown["first_period"] == "2024-S1"
    assert shown["first_period_label"] == "2024 Semester 1"
    assert shown["locked"] is False


def test_round_trip_through_the_api(opd, api):
    dataset = opd["dataset"]
    api.call("satudata_structure_update", opd["operator"], id=dataset["name"],
             **POPULATION)
    shown = api.call("satudata_structure_show", None, id=dataset["name"])["result"]
    assert shown["components"] == POPULATION["components"]
    assert [row["code"] for row in shown["rows"]] == list(KECAMATAN)


def test_defaults_are_filled_and_codes_normalised(opd):
    shown = _update(
        opd,
        components=[{"code": " Jumlah ", "name": " Jumlah penduduk "}],
        granularity="tahunan", first_period="2020",
    )
    assert shown["components"] == [{
        "code": "jumlah", "name": "Jumlah penduduk", "unit": "",
        "type": "integer", "required": False,
    }]
    # no breakdown: one row, the portal's whole region
    assert shown["breakdown"] == {"type": "none"}
    assert shown["rows"] == [{"code": "total", "name": "Kota Semarang"}]


def test_region_rows_are_the_16_kecamatan_of_kota_semarang(opd):
    shown = _update(opd, **POPULATION)
    assert shown["rows"] == [
        {"code": code, "name": name} for code, name in KECAMATAN.items()
    ]


def test_desa_level_gives_the_kelurahan(opd):
    shown = _update(opd, **{**POPULATION, "breakdown": {
        "type": "region", "level": "desa",
    }})
    rows = {row["code"]: row["name"] for row in shown["rows"]}
    assert len(rows) == 177
    assert {code[:8] for code in rows} == set(KECAMATAN)
    assert all(len(code) == 13 for code in rows)
    assert rows["33.74.01.1007"] == "Sekayu"
    assert rows["33.74.07.1005"] == "Pleburan"
    assert rows["33.74.10.1006"] == "Tembalang"
    assert rows["33.74.16.1002"] == "Tugurejo"
    # no kecamatan row among them
    assert not set(rows) & set(KECAMATAN)


def test_category_breakdown(opd):
    categories = [
        {"code": "SD", "name": "Sekolah Dasar"},
        {"code": "SMP", "name": "Sekolah Menengah Pertama"},
        {"code": "SMA.1", "name": "Sekolah Menengah Atas"},
    ]
    shown = _update(opd, **{**POPULATION, "breakdown": {
        "type": "category", "categories": categories,
    }})
    assert shown["breakdown"] == {"type": "category", "categories": categories}
    assert shown["rows"] == categories


def test_categories_typed_one_per_line(opd):
    shown = _update(opd, **{**POPULATION, "breakdown": {
        "type": "category", "categories": "L;Laki-laki\n\nP\tPerempuan\nX",
    }})
    assert shown["rows"] == [
        {"code": "L", "name": "Laki-laki"},
        {"code": "P", "name": "Perempuan"},
        {"code": "X", "name": "X"},
    ]


def _bad_component(code: str = "bad code", **fields: Any) -> dict[str, Any]:
    return {"code": code, "name": "Nama", "unit": "", "type": "integer", **fields}


INVALID = {
    "no components": ({"components": []}, {"components"}),
    "second component's code": (
        {"components": [POPULATION["components"][0], _bad_component("Bad Code!")]},
        {"components.2"},
    ),
    "duplicate component code": (
        {"components": [POPULATION["components"][0], _bad_component("perempuan")]},
        {"components.2"},
    ),
    "component without name": (
        {"components": [_bad_component("ok", name="  ")]}, {"components.1"},
    ),
    "component of an unknown type": (
        {"components": [_bad_component("ok", type="tanggal")]}, {"components.1"},
    ),
    "region level": ({"breakdown": {"type": "region", "level": "provinsi"}},
                     {"breakdown"}),
    "empty categories": ({"breakdown": {"type": "category", "categories": []}},
                         {"breakdown"}),
    "duplicate category": ({"breakdown": {"type": "category", "categories": [
        {"code": "A", "name": "Satu"}, {"code": "A", "name": "Dua"},
    ]}}, {"breakdown"}),
    "unknown breakdown": ({"breakdown": {"type": "rt"}}, {"breakdown"}),
    "granularity": ({"granularity": "mingguan"}, {"granularity", "first_period"}),
    "first period of another granularity": ({"first_period": "2024-Q1"},
                                            {"first_period"}),
    "first period not a period": ({"first_period": "2024-S3"}, {"first_period"}),
    "several fields": (
        {"components": [_bad_component("x!")], "granularity": "harian",
         "breakdown": {"type": "region", "level": ""}},
        {"components.1", "breakdown", "granularity", "first_period"},
    ),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_validation_errors_name_the_field(opd, case):
    change, fields = INVALID[case]
    before = table_state()
    with pytest.raises(tk.ValidationError) as raised:
        _update(opd, **{**POPULATION, **change})
    errors = raised.value.error_dict
    assert set(errors) == fields
    for field in fields:
        messages = errors[field]
        assert messages and all(isinstance(m, str) and m.strip() for m in messages)
    assert table_state() == before


def test_validation_errors_through_the_api(opd, api):
    body = api.call(
        "satudata_structure_update", opd["operator"], status=409,
        id=opd["dataset"]["id"],
        **{**POPULATION, "components": [_bad_component("ok"), _bad_component("A B")]},
    )
    error = body["error"]
    assert error["__type"] == "Validation Error"
    assert set(error) == {"__type", "components.2"}
    # in Indonesian, the portal's default language (catalogue ckanext-satudata)
    assert error["components.2"] == [
        "Kode harus berupa huruf kecil, angka, atau _ (paling banyak 40)"
    ]
    api.call("satudata_structure_show", opd["operator"], status=404,
             id=opd["dataset"]["id"])


def test_missing_fields(opd):
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action(
            "satudata_structure_update", as_user(opd["operator"]),
            id=opd["dataset"]["id"],
        )
    assert {"components", "granularity", "first_period"} <= set(raised.value.error_dict)


def test_unknown_dataset(opd):
    with pytest.raises((tk.ObjectNotFound, tk.NotAuthorized)):
        helpers.call_action(
            "satudata_structure_update", as_user(opd["operator"]),
            id="tidak-ada", **POPULATION,
        )


def test_everything_may_change_before_values_are_filled(opd):
    _update(opd, **POPULATION)
    _save_one_value(opd)
    helpers.call_action(
        "satudata_submission_save", as_user(opd["operator"]),
        id=opd["dataset"]["id"], period="2024-S1",
        values={"33.74.01": {"perempuan": ""}},
    )
    assert _show(opd)["locked"] is False  # the only value was cleared again
    changed = _update(opd, **{
        **POPULATION, "granularity": "tahunan", "first_period": "2023",
        "breakdown": {"type": "none"},
        "components": [{"code": "jumlah", "name": "Jumlah", "type": "decimal"}],
    })
    assert changed["granularity"] == "tahunan"
    assert [c["code"] for c in changed["components"]] == ["jumlah"]


def _components_with(index: int, **fields: Any) -> list[dict[str, Any]]:
    components = copy.deepcopy(POPULATION["components"])
    components[index].update(fields)
    return components


LOCKED = {
    "breakdown": ({"breakdown": {"type": "region", "level": "desa"}}, {"breakdown"}),
    "breakdown type": ({"breakdown": {"type": "none"}}, {"breakdown"}),
    "granularity": ({"granularity": "tahunan", "first_period": "2024"},
                    {"granularity", "first_period"}),
    "first period": ({"first_period": "2023-S2"}, {"first_period"}),
    "component code": ({"components": _components_with(0, code="wanita")},
                       {"components"}),
    "component type": ({"components": _components_with(0, type="decimal")},
                       {"components"}),
    "component order": (
        {"components": list(reversed(POPULATION["components"]))}, {"components"},
    ),
    "component added": (
        {"components": [*POPULATION["components"], _bad_component("baru")]},
        {"components"},
    ),
    "component removed": ({"components": POPULATION["components"][:2]},
                          {"components"}),
}


@pytest.mark.parametrize("case", list(LOCKED))
def test_lock_refuses_changes_of_shape(opd, case):
    _update(opd, **POPULATION)
    _save_one_value(opd)
    stored = _show(opd)
    assert stored["locked"] is True
    before = table_state()
    change, fields = LOCKED[case]
    with pytest.raises(tk.ValidationError) as raised:
        _update(opd, **{**POPULATION, **change})
    assert set(raised.value.error_dict) == fields
    assert all(m.strip() for ms in raised.value.error_dict.values() for m in ms)
    assert _show(opd) == stored
    assert table_state() == before


def test_lock_allows_names_units_and_required_flags(opd):
    _update(opd, **POPULATION)
    _save_one_value(opd)
    components = _components_with(0, name="Penduduk perempuan", unit="Jiwa",
                                  required=False)
    components[2]["name"] = "Rasio jenis kelamin (L/P)"
    components[2]["required"] = True
    changed = _update(opd, **{**POPULATION, "components": components})
    assert changed["components"] == components
    assert changed["locked"] is True
    assert _show(opd)["components"] == components
    # the values are still there, under the same codes
    submission = helpers.call_action(
        "satudata_submission_show", as_user(opd["operator"]),
        id=opd["dataset"]["id"], period="2024-S1",
    )
    assert submission["values"] == {"33.74.01": {"perempuan": 1}}
    assert submission["components"][0]["name"] == "Penduduk perempuan"


def test_lock_applies_to_walidata_too(opd):
    from ckan.tests import factories

    walidata = factories.Sysadmin()
    _update(opd, **POPULATION)
    _save_one_value(opd)
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action(
            "satudata_structure_update", as_user(walidata),
            id=opd["dataset"]["id"], **{**POPULATION, "granularity": "bulanan",
                                        "first_period": "2024-01"},
        )
    assert "granularity" in raised.value.error_dict
    assert _show(opd)["granularity"] == "semester"


def test_a_dataset_without_structure_cannot_be_filled(opd):
    before = table_state()
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action(
            "satudata_submission_save", as_user(opd["operator"]),
            id=opd["dataset"]["id"], period="2024", values={"total": {"jumlah": 1}},
        )
    assert set(raised.value.error_dict) == {"id"}
    assert table_state() == before
