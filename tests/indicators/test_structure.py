"""Data structures of indicator datasets: show/update round trip, the
validation errors (per field), the breakdown rows (kecamatan and kelurahan
of Kota Semarang, categories) and the lock once values are filled."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from .support import KECAMATAN, POPULATION, as_user, table_state

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


# ---- ranges and totals (what the automatic quality checks use) ------------

TOTAL = {"code": "jumlah", "name": "Jumlah", "unit": "Orang", "type": "integer",
         "required": False}


def _checked_components() -> list[dict[str, Any]]:
    components = copy.deepcopy(POPULATION["components"])
    components[0]["max"] = 60000
    components[1].update(min=0, max=60000)
    components[2].update(min=80, max=120.5)
    return [*components, TOTAL]


def test_ranges_and_totals_round_trip(opd):
    shown = _update(opd, **{
        **POPULATION, "components": _checked_components(),
        "totals": [{"component": "jumlah", "parts": ["perempuan", "laki_laki"]}],
    })
    components = {c["code"]: c for c in shown["components"]}
    assert components["perempuan"]["max"] == 60000
    assert "min" not in components["perempuan"]
    assert (components["laki_laki"]["min"], components["laki_laki"]["max"]) == (
        0, 60000)
    assert (components["rasio"]["min"], components["rasio"]["max"]) == (80, 120.5)
    assert components["jumlah"]["sum_of"] == ["perempuan", "laki_laki"]
    assert "sum_of" not in components["perempuan"]
    assert _show(opd) == shown
    # what show returns goes back into update unchanged (sum_of included)
    again = _update(opd, components=shown["components"],
                    breakdown=shown["breakdown"], granularity=shown["granularity"],
                    first_period=shown["first_period"])
    assert again == shown


def test_ranges_accept_indonesian_numbers(opd):
    components = copy.deepcopy(POPULATION["components"])
    components[0].update(min="1.000", max="1.500.000")
    components[2].update(min="0,5", max=" ")
    shown = _update(opd, **{**POPULATION, "components": components})
    assert (shown["components"][0]["min"], shown["components"][0]["max"]) == (
        1000, 1500000)
    assert shown["components"][2]["min"] == 0.5
    assert "max" not in shown["components"][2]


def test_structures_stored_without_ranges_or_totals_still_load():
    from ckanext.satudata.indicators.structure import from_stored

    old = {key: copy.deepcopy(POPULATION[key]) for key in (
        "components", "breakdown", "granularity", "first_period")}
    structure = from_stored(old)
    assert structure.as_dict() == old
    assert structure.totals == []
    assert all(c.min is None and c.max is None and c.sum_of == ()
               for c in structure.components)
    new = copy.deepcopy(old)
    new["components"][2].update(min=0, max=100)
    new["components"].append({**TOTAL, "sum_of": ["perempuan", "laki_laki"]})
    structure = from_stored(new)
    assert structure.as_dict() == new
    assert structure.totals == [
        {"component": "jumlah", "parts": ["perempuan", "laki_laki"]}
    ]


def _total(component: str, *parts: str) -> dict[str, Any]:
    return {"component": component, "parts": list(parts)}


INVALID_CHECKS = {
    "minimum above maximum": (
        {"components": [_bad_component("ok", min=10, max=5)]}, {"components.1"}),
    "minimum not a number": (
        {"components": [_bad_component("ok", min="banyak")]}, {"components.1"}),
    "maximum a boolean": (
        {"components": [_bad_component("ok", max=True)]}, {"components.1"}),
    "range on a text component": (
        {"components": [_bad_component("ok", type="text", max=5)]},
        {"components.1"}),
    "totals not a list": ({"totals": "jumlah = a + b"}, {"totals"}),
    "total not a component": (
        {"totals": [_total("jumlah", "perempuan", "laki_laki")]}, {"totals.1"}),
    "part not a component": (
        {"components": [*POPULATION["components"], TOTAL],
         "totals": [_total("jumlah", "perempuan", "anak")]}, {"totals.1"}),
    "text part": (
        {"components": [*POPULATION["components"], TOTAL,
                        _bad_component("catatan", type="text")],
         "totals": [_total("jumlah", "perempuan", "catatan")]}, {"totals.1"}),
    "total among its parts": (
        {"components": [*POPULATION["components"], TOTAL],
         "totals": [_total("jumlah", "jumlah", "perempuan")]}, {"totals.1"}),
    "part listed twice": (
        {"components": [*POPULATION["components"], TOTAL],
         "totals": [_total("jumlah", "perempuan", "perempuan")]}, {"totals.1"}),
    "one part": (
        {"components": [*POPULATION["components"], TOTAL],
         "totals": [_total("jumlah", "perempuan")]}, {"totals.1"}),
    "total declared twice": (
        {"components": [*POPULATION["components"], TOTAL],
         "totals": [_total("jumlah", "perempuan", "laki_laki"),
                    _total("jumlah", "laki_laki", "perempuan")]}, {"totals.2"}),
    "total malformed": (
        {"totals": [{"component": "jumlah", "parts": "perempuan"}]}, {"totals.1"}),
    "sum_of on a component": (
        {"components": [*POPULATION["components"],
                        {**TOTAL, "sum_of": ["perempuan", "tidak_ada"]}]},
        {"components.4"}),
}


@pytest.mark.parametrize("case", list(INVALID_CHECKS))
def test_range_and_total_errors_name_the_field(opd, case):
    change, fields = INVALID_CHECKS[case]
    before = table_state()
    with pytest.raises(tk.ValidationError) as raised:
        _update(opd, **{**POPULATION, **change})
    errors = raised.value.error_dict
    assert set(errors) == fields
    assert all(m.strip() for ms in errors.values() for m in ms)
    assert table_state() == before


def test_ranges_and_totals_may_change_after_values_are_filled(opd):
    _update(opd, **{**POPULATION, "components": [*POPULATION["components"], TOTAL]})
    _save_one_value(opd)
    assert _show(opd)["locked"] is True
    changed = _update(opd, **{
        **POPULATION, "components": _checked_components(),
        "totals": [_total("jumlah", "perempuan", "laki_laki")],
    })
    assert changed["components"][2]["max"] == 120.5
    assert changed["components"][3]["sum_of"] == ["perempuan", "laki_laki"]
    # and back: no range, no total
    cleared = _update(opd, **{
        **POPULATION, "components": [*POPULATION["components"], TOTAL],
    })
    assert cleared["components"] == [*POPULATION["components"], TOTAL]


def test_structure_form_round_trips_ranges_and_totals(app, opd):
    from .test_pages import _csrf, _open_form

    url = "/dataset/penduduk-kecamatan/struktur"
    headers, csrf = _open_form(app, opd["operator"], url)
    fields = {
        "_csrf_token": csrf, "component_count": "6",
        "breakdown_type": "region", "breakdown_level": "kecamatan",
        "granularity": "semester", "first_period": "2024-S1",
        "totals": "jumlah = perempuan + laki_laki\n\n",
    }
    for index, component in enumerate(_checked_components()):
        fields.update({
            f"component-{index}-code": component["code"],
            f"component-{index}-name": component["name"],
            f"component-{index}-type": component["type"],
            f"component-{index}-min": str(component.get("min", "")).replace(".", ","),
            f"component-{index}-max": str(component.get("max", "")).replace(".", ","),
        })
    response = app.post(url, headers=headers, data=fields, follow_redirects=True)
    assert response.status_code == 200
    shown = _show(opd)
    components = {c["code"]: c for c in shown["components"]}
    assert components["rasio"]["max"] == 120.5 and components["rasio"]["min"] == 80
    assert components["jumlah"]["sum_of"] == ["perempuan", "laki_laki"]
    # the form shows them again as typed: decimal comma, one total per line
    html = app.get(url, headers=headers).get_data(as_text=True)
    assert 'name="component-2-max" value="120,5"' in html
    assert 'name="component-1-min" value="0"' in html
    assert "jumlah = perempuan + laki_laki</textarea>" in html
    # a bad total line: an error naming the line, nothing stored
    before = table_state()
    response = app.post(url, headers=headers, data={
        **fields, "_csrf_token": _csrf(html),
        "totals": "jumlah = perempuan + laki_laki\njumlah perempuan",
        "component-2-min": "200",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="totals_errors"' in html
    assert "<code>jumlah perempuan =</code>" in html
    assert "table-danger" in html  # rasio: minimum above the maximum
    assert table_state() == before
