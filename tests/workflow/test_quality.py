"""Automatic quality checks: each check with its level, message and data
(pure, on grids built from structures), then the action on real
submissions (previous period, configured threshold, who may see them), the
template helper and the snippet."""

from __future__ import annotations

import copy
import datetime as dt
import time
from typing import Any

import markupsafe
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.satudata.indicators import period
from ckanext.satudata.indicators.grid import Grid
from ckanext.satudata.indicators.structure import from_stored, validate
from ckanext.satudata.workflow import quality
from tests.indicators.support import KECAMATAN, POPULATION, as_user

from .support import VALUES, fill, to_state

db = pytest.mark.usefixtures("clean_db", "with_plugins")

CLASSES = [{"code": "A", "name": "Kelas A"}, {"code": "B", "name": "Kelas B"},
           {"code": "C", "name": "Kelas C"}]


def _component(code: str, ctype: str = "integer", required: bool = False,
               **more: Any) -> dict[str, Any]:
    return {"code": code, "name": code.replace("_", " ").title(), "unit": "",
            "type": ctype, "required": required, **more}


def _grid(components: list[dict[str, Any]],
          totals: list[dict[str, Any]] | None = None,
          categories: list[dict[str, str]] | None = None) -> Grid:
    """A grid of a category breakdown (no database needed), through the
    structure's own validation and stored form."""
    structure = from_stored(validate({
        "components": components, "totals": totals or [],
        "breakdown": {"type": "category", "categories": categories or CLASSES},
        "granularity": "tahunan", "first_period": "2023",
    }).as_dict())
    found = period.parse("2024")
    assert found is not None
    return Grid("id", "paket", "Paket", found, structure, structure.rows)


def _run(grid: Grid, values: dict[str, Any], previous: dict[str, Any] | None = None,
         threshold: float = 50) -> list[quality.Finding]:
    return quality.run(grid, values, previous, threshold)


def _only(findings: list[quality.Finding], check: str) -> list[quality.Finding]:
    return [finding for finding in findings if finding.check == check]


# ---- number formatting -----------------------------------------------------

@pytest.mark.parametrize(("value", "text"), [
    (0, "0"), (-3, "-3"), (10518, "10.518"), (-1234567, "-1.234.567"),
    (3.5, "3,5"), (-0.5, "-0,5"), (2.0, "2"), (1234567.25, "1.234.567,25"),
    (1e-7, "0,0000001"), ("abc", "abc"),
])
def test_numbers_are_written_the_indonesian_way(value, text):
    assert quality.number_text(value) == text


# ---- completeness ----------------------------------------------------------

def test_empty_required_cells_are_errors_and_optional_ones_one_info():
    grid = _grid([_component("siswa", required=True), _component("guru"),
                  _component("catatan", "text")])
    findings = _run(grid, {"A": {"siswa": 10, "guru": 2},
                           "B": {"guru": 3, "catatan": "baru"}})
    assert [(f.check, f.level, f.row, f.component) for f in findings] == [
        ("completeness", "error", "B", "siswa"),
        ("completeness", "error", "C", "siswa"),
        ("completeness", "info", None, "guru"),
        ("completeness", "info", None, "catatan"),
    ]
    required = findings[0]
    assert (required.row_name, required.component_name) == ("Kelas B", "Siswa")
    assert required.message == tk._("Required value is empty")
    guru, catatan = findings[2], findings[3]
    assert (guru.count, catatan.count) == (1, 2)
    assert "1" in guru.message and "3" in guru.message
    assert "2" in catatan.message and "3" in catatan.message


# ---- type ------------------------------------------------------------------

def test_values_that_do_not_fit_their_component_are_type_errors():
    grid = _grid([_component("siswa"), _component("nilai", "decimal"),
                  _component("catatan", "text")])
    findings = _run(grid, {
        "A": {"siswa": "sepuluh", "nilai": True, "catatan": 12},
        "B": {"siswa": 2.5, "nilai": float("nan"), "catatan": ["x"]},
        "C": {"siswa": 3.0, "nilai": 7, "catatan": "ok"},
    })
    found = {(f.row, f.component): f for f in findings}
    assert set(found) == {("A", "siswa"), ("A", "nilai"), ("B", "siswa"),
                          ("B", "nilai"), ("B", "catatan")}
    assert all(f.check == "type" and f.level == "error" for f in findings)
    assert "sepuluh" in found["A", "siswa"].message
    assert "2,5" in found["B", "siswa"].message
    assert found["A", "siswa"].value == "sepuluh"


# ---- range -----------------------------------------------------------------

def test_declared_ranges_are_errors_with_the_bound():
    grid = _grid([_component("siswa", min=10, max=1000),
                  _component("rasio", "percentage", min=80, max=120.5)])
    findings = _run(grid, {
        "A": {"siswa": 5, "rasio": 120.5},
        "B": {"siswa": 1500, "rasio": 79.9},
        "C": {"siswa": 10, "rasio": 100},
    })
    assert all(f.check == "range" and f.level == "error" for f in findings)
    found = {(f.row, f.component): f for f in findings}
    assert set(found) == {("A", "siswa"), ("B", "siswa"), ("B", "rasio")}
    below, above = found["A", "siswa"], found["B", "siswa"]
    assert (below.value, below.expected) == (5, 10)
    assert (above.value, above.expected) == (1500, 1000)
    assert "1.500" in above.message and "1.000" in above.message
    assert "79,9" in found["B", "rasio"].message
    assert "80" in found["B", "rasio"].message


def test_default_ranges_are_warnings():
    grid = _grid([
        _component("persen", "percentage"),
        _component("jumlah"),
        _component("saldo", "integer", min=-100),
        _component("selisih", "decimal"),
        _component("indeks", "percentage", max=300),
    ])
    findings = _run(grid, {
        "A": {"persen": 150, "jumlah": -3, "saldo": -50, "selisih": -2.5,
              "indeks": 150},
        "B": {"persen": -0.5, "jumlah": 0, "saldo": 0, "selisih": 1,
              "indeks": 0},
        "C": {"persen": 100, "jumlah": 7, "saldo": 1, "selisih": 0, "indeks": 1},
    })
    assert all(f.check == "range" and f.level == "warning" for f in findings)
    found = {(f.row, f.component): f for f in findings}
    assert set(found) == {("A", "persen"), ("B", "persen"), ("A", "jumlah")}
    assert found["A", "persen"].expected == 100
    assert found["B", "persen"].expected == 0
    assert "-0,5" in found["B", "persen"].message
    assert (found["A", "jumlah"].value, found["A", "jumlah"].expected) == (-3, 0)


# ---- totals ----------------------------------------------------------------

TOTALS = [_component("jumlah"), _component("laki_laki"), _component("perempuan")]
SUM = [{"component": "jumlah", "parts": ["laki_laki", "perempuan"]}]


def test_a_total_that_is_not_the_sum_of_its_parts_is_an_error():
    grid = _grid(TOTALS, SUM)
    findings = _run(grid, {
        "A": {"jumlah": 2000, "laki_laki": 1000, "perempuan": 990},
        "B": {"jumlah": 2000, "laki_laki": 1000, "perempuan": 1000},
        "C": {"jumlah": 5, "laki_laki": 3},  # a part is empty: not compared
    })
    assert [(f.check, f.level, f.row, f.component) for f in findings] == [
        ("total", "error", "A", "jumlah"),
        ("completeness", "info", None, "perempuan"),
    ]
    total = findings[0]
    assert (total.value, total.expected, total.difference) == (2000, 1990, 10)
    for text in ("2.000", "1.990", "10", "Laki Laki", "Perempuan"):
        assert text in total.message


def test_totals_of_decimals_allow_rounding():
    grid = _grid([_component("semua", "percentage"), _component("a", "percentage"),
                  _component("b", "percentage"), _component("c", "percentage")],
                 [{"component": "semua", "parts": ["a", "b", "c"]}])
    findings = _run(grid, {
        "A": {"semua": 100, "a": 33.3, "b": 33.3, "c": 33.3},
        "B": {"semua": 100, "a": 33.3, "b": 33.3, "c": 30},
        "C": {"semua": 0.3, "a": 0.1, "b": 0.2, "c": 0},
    })
    assert [(f.check, f.row) for f in findings] == [("total", "B")]
    assert findings[0].expected == 96.6
    assert findings[0].difference == pytest.approx(3.4)
    assert "96,6" in findings[0].message and "3,4" in findings[0].message


# ---- jumps -----------------------------------------------------------------

def test_jumps_against_the_previous_period():
    categories = [{"code": code, "name": code} for code in "ABCDEFG"]
    grid = _grid([_component("siswa"), _component("catatan", "text")],
                 categories=categories)
    previous = {
        "A": {"siswa": 1000}, "B": {"siswa": 1000}, "C": {"siswa": 1000},
        "D": {"siswa": 1000}, "E": {"siswa": 0}, "F": {"siswa": 0},
        "G": {"catatan": "lama"},
    }
    values = {
        "A": {"siswa": 1600}, "B": {"siswa": 1400}, "C": {"siswa": 1500},
        "D": {"siswa": 400}, "E": {"siswa": 5}, "F": {"siswa": 0},
        "G": {"siswa": 9, "catatan": "baru"},
    }
    findings = _only(_run(grid, values, previous), "jump")
    assert all(f.level == "warning" for f in findings)
    found = {f.row: f for f in findings}
    assert set(found) == {"A", "D", "E"}  # 40 % and exactly 50 % are not above
    up, down, from_zero = found["A"], found["D"], found["E"]
    assert (up.value, up.previous, up.difference, up.change_percent) == (
        1600, 1000, 600, 60.0)
    assert "+60" in up.message and "1.000" in up.message and "1.600" in up.message
    assert down.change_percent == -60.0 and "-60" in down.message
    assert (from_zero.value, from_zero.previous) == (5, 0)
    assert from_zero.change_percent is None and "5" in from_zero.message
    # a lower threshold finds more
    lower = {f.row for f in _only(_run(grid, values, previous, threshold=20),
                                  "jump")}
    assert lower == {"A", "B", "C", "D", "E"}


def test_no_previous_period_means_no_jumps():
    grid = _grid([_component("siswa")])
    values = {"A": {"siswa": 1}, "B": {"siswa": 2}, "C": {"siswa": 3}}
    assert _run(grid, values, None) == []
    assert _run(grid, values, {}) == []  # a previous period without values


def test_clean_data_has_no_findings_and_levels_come_in_order():
    grid = _grid(
        [*TOTALS, _component("rasio", "percentage", required=True)], SUM,
    )
    values = {
        code: {"jumlah": 200 + i, "laki_laki": 100, "perempuan": 100 + i,
               "rasio": 99.5}
        for i, code in enumerate("ABC")
    }
    previous = copy.deepcopy(values)
    previous["A"]["perempuan"] = 90
    assert _run(grid, values, previous) == []
    values["A"]["rasio"] = None                # error
    values["B"]["rasio"] = 101                 # warning (default range)
    values["C"]["jumlah"] = 0                  # error (total) and warning (jump)
    values["C"].pop("laki_laki")               # info
    levels = [f.level for f in _run(grid, values, previous)]
    assert levels == sorted(levels, key=quality.LEVELS.index)
    assert set(levels) == {"error", "warning", "info"}


def test_ten_thousand_rows_take_well_under_a_second():
    categories = [{"code": f"K{i:05d}", "name": f"Kategori {i}"}
                  for i in range(10_000)]
    grid = _grid([
        _component("jumlah", required=True), _component("laki_laki", required=True),
        _component("perempuan", required=True),
        _component("rasio", "percentage"), _component("nilai", "decimal", min=0),
    ], SUM, categories)
    values = {
        row["code"]: {"jumlah": 2000 + i, "laki_laki": 1000, "perempuan": 1000 + i,
                      "rasio": 99.5, "nilai": 3.25}
        for i, row in enumerate(categories)
    }
    previous = {
        code: {**cells, "perempuan": cells["perempuan"] - 5, "nilai": 3.5}
        for code, cells in values.items()
    }
    best = min(_timed(grid, values, previous) for _ in range(3))
    assert best < 1.0, best
    assert _run(grid, values, previous) == []


def _timed(grid: Grid, values: dict[str, Any], previous: dict[str, Any]) -> float:
    start = time.perf_counter()
    quality.run(grid, values, previous, 50)
    return time.perf_counter() - start


# ---- the action --------------------------------------------------------------

CHECKED = {
    **POPULATION,
    "components": [
        *copy.deepcopy(POPULATION["components"][:2]),
        {**POPULATION["components"][2], "min": 90, "max": 110},
        {"code": "jumlah", "name": "Jumlah", "unit": "Orang", "type": "integer",
         "required": False},
    ],
    "totals": [{"component": "jumlah", "parts": ["perempuan", "laki_laki"]}],
}


def _values(factor: float = 1.0) -> dict[str, dict[str, Any]]:
    values = {}
    for code, cells in VALUES.items():
        perempuan = round(cells["perempuan"] * factor)
        laki_laki = round(cells["laki_laki"] * factor)
        values[code] = {"perempuan": perempuan, "laki_laki": laki_laki,
                        "rasio": cells["rasio"], "jumlah": perempuan + laki_laki}
    return values


def _checks(opd: dict[str, Any], period_id: str = "2024-S2",
            who: str = "verifikator") -> dict[str, Any]:
    return helpers.call_action(
        "satudata_submission_checks", as_user(opd[who]),
        id=opd["dataset"]["name"], period=period_id,
    )


@pytest.fixture
def checked(people: dict[str, Any]) -> dict[str, Any]:
    """``people`` with ranges and a total declared in the structure."""
    helpers.call_action("satudata_structure_update", as_user(people["operator"]),
                        id=people["dataset"]["id"], **CHECKED)
    return people


@db
def test_a_clean_period_has_no_findings(checked):
    fill(checked, "2024-S1", _values())
    fill(checked, "2024-S2", _values(1.02))
    result = _checks(checked)
    assert result["findings"] == []
    assert result["summary"] == {"error": 0, "warning": 0, "info": 0}
    assert (result["period"], result["state"]) == ("2024-S2", "draft")
    assert result["previous_period"] == "2024-S1"
    assert result["previous_period_label"] == "2024 Semester 1"
    assert result["previous_state"] == "draft"
    assert result["threshold_percent"] == 50


@db
def test_findings_of_a_period_come_with_names_and_a_summary(checked):
    fill(checked, "2024-S1", _values())
    values = _values(1.02)
    values["33.74.01"]["jumlah"] += 7                      # total: error
    values["33.74.02"]["rasio"] = 130                      # range: error
    values["33.74.03"]["laki_laki"] *= 2                   # jump: warning
    values["33.74.03"]["jumlah"] = (values["33.74.03"]["laki_laki"]
                                    + values["33.74.03"]["perempuan"])
    values["33.74.04"]["perempuan"] = None                 # completeness: error
    fill(checked, "2024-S2", values)
    result = _checks(checked)
    found = {(f["check"], f["row"], f["component"]): f for f in result["findings"]}
    assert set(found) == {
        ("total", "33.74.01", "jumlah"), ("range", "33.74.02", "rasio"),
        ("jump", "33.74.03", "laki_laki"), ("jump", "33.74.03", "jumlah"),
        ("completeness", "33.74.04", "perempuan"),
    }
    assert result["summary"] == {"error": 3, "warning": 2, "info": 0}
    total = found["total", "33.74.01", "jumlah"]
    assert total["level"] == "error"
    assert total["row_name"] == KECAMATAN["33.74.01"]
    assert total["component_name"] == "Jumlah"
    assert total["difference"] == 7
    assert total["expected"] == total["value"] - 7
    jump = found["jump", "33.74.03", "laki_laki"]
    assert jump["previous"] == VALUES["33.74.03"]["laki_laki"]
    assert jump["change_percent"] == pytest.approx(104.0)
    assert found["range", "33.74.02", "rasio"]["expected"] == 110
    assert [f["level"] for f in result["findings"]][:3] == ["error"] * 3


@db
@pytest.mark.ckan_config("ckanext.satudata.quality_jump_percent", "20")
def test_the_jump_threshold_is_configured(checked):
    fill(checked, "2024-S1", _values())
    fill(checked, "2024-S2", _values(1.3))
    result = _checks(checked)
    assert result["threshold_percent"] == 20
    jumps = [f for f in result["findings"] if f["check"] == "jump"]
    assert len(jumps) == 3 * len(KECAMATAN)  # perempuan, laki_laki, jumlah
    assert all("20" in f["message"] for f in jumps)


@db
def test_the_default_threshold_lets_thirty_percent_pass(checked):
    fill(checked, "2024-S1", _values())
    fill(checked, "2024-S2", _values(1.3))
    assert _checks(checked)["findings"] == []


@db
def test_without_a_previous_submission_there_are_no_jumps(checked):
    fill(checked, "2024-S2", _values(5))
    result = _checks(checked)
    assert result["previous_period"] is None and result["previous_state"] is None
    assert result["findings"] == []
    # the first period has no previous period at all
    fill(checked, "2024-S1", _values())
    assert _checks(checked, "2024-S1")["previous_period"] is None


@db
def test_the_previous_period_in_any_state(checked):
    to_state(checked, "verified", "2024-S1")  # VALUES: no jumlah
    fill(checked, "2024-S2", _values(3))
    result = _checks(checked)
    assert (result["previous_period"], result["previous_state"]) == (
        "2024-S1", "verified")
    jumps = {f["component"] for f in result["findings"] if f["check"] == "jump"}
    assert jumps == {"perempuan", "laki_laki"}


@db
def test_an_empty_period_reports_every_required_cell(checked):
    result = _checks(checked, "2024-S1")
    assert result["state"] == "belum_diisi"
    assert result["summary"]["error"] == 2 * len(KECAMATAN)
    assert result["summary"]["info"] == 2  # rasio and jumlah: all rows empty


@db
def test_not_a_period_of_the_dataset(checked):
    for period_id in ("2023-S2", "2024-Q1", "kemarin"):
        with pytest.raises(tk.ValidationError) as raised:
            _checks(checked, period_id)
        assert "period" in raised.value.error_dict


ALLOWED = ("operator", "verifikator", "walidata", "sysadmin")
REFUSED = ("anonymous", "public", "other_operator", "pembina", "member")


@db
@pytest.mark.parametrize("who", ALLOWED + REFUSED)
def test_who_may_see_the_checks(checked, who):
    fill(checked, "2024-S1", _values())
    user = None if who == "anonymous" else checked[who]
    call = helpers.call_action
    if who in ALLOWED:
        result = call("satudata_submission_checks", as_user(user),
                      id=checked["dataset"]["id"], period="2024-S1")
        assert result["summary"] == {"error": 0, "warning": 0, "info": 0}
    else:
        with pytest.raises(tk.NotAuthorized):
            call("satudata_submission_checks", as_user(user),
                 id=checked["dataset"]["id"], period="2024-S1")


@db
def test_refused_through_the_api_and_with_a_survey_link(checked, api):
    fill(checked, "2024-S1", _values())
    dataset = checked["dataset"]["name"]
    api.call("satudata_submission_checks", None, status=403, id=dataset,
             period="2024-S1")
    api.call("satudata_submission_checks", checked["other_operator"], status=403,
             id=dataset, period="2024-S1")
    link = helpers.call_action(
        "satudata_survey_link_create", as_user(checked["operator"]), id=dataset,
        period="2024-S1", label="Petugas",
        expires=(dt.date.today() + dt.timedelta(days=3)).isoformat(),
    )
    api.call("satudata_submission_checks", None, status=403, id=dataset,
             period="2024-S1", token=link["token"])
    body = api.call("satudata_submission_checks", checked["walidata"], id=dataset,
                    period="2024-S1")
    assert body["result"]["summary"]["error"] == 0


# ---- helper and snippet --------------------------------------------------------

def _as_logged_in(app: Any, user: dict[str, Any] | None) -> Any:
    """A request context of ``app`` with ``user`` logged in (None: anonymous)."""
    import flask_login
    from ckan import model

    context = app.flask_app.test_request_context()
    context.push()
    if user is not None:
        flask_login.login_user(model.User.get(user["name"]))
    return context


@db
def test_helper_and_snippet(app, checked):
    fill(checked, "2024-S1", _values())
    values = _values(1.02)
    values["33.74.05"]["jumlah"] = 1
    fill(checked, "2024-S2", values)
    dataset_id = checked["dataset"]["id"]
    for who in (None, "public", "other_operator"):
        context = _as_logged_in(app, checked[who] if who else None)
        try:
            assert tk.h.satudata_submission_checks(dataset_id, "2024-S2") is None
        finally:
            context.pop()
    context = _as_logged_in(app, checked["verifikator"])
    try:
        checks = tk.h.satudata_submission_checks(dataset_id, "2024-S2")
        assert checks is not None and checks["summary"]["error"] == 1
        assert tk.h.satudata_submission_checks(dataset_id, "2023-S1") is None
        html = tk.render_snippet("satudata/workflow/snippets/checks.html",
                                 {"checks": checks})
        clean = tk.render_snippet(
            "satudata/workflow/snippets/checks.html",
            {"checks": tk.h.satudata_submission_checks(dataset_id, "2024-S1")},
        )
        nothing = tk.render_snippet("satudata/workflow/snippets/checks.html",
                                    {"checks": None})
    finally:
        context.pop()
    assert 'class="satudata-checks' in html
    finding = checks["findings"][0]
    row = html[html.index("satudata-finding-error"):]
    row = row[:row.index("</tr>")]
    assert "Genuk" in row and "33.74.05" in row and "Jumlah" in row
    assert str(markupsafe.escape(finding["message"])) in row
    assert "badge bg-danger" in row
    assert "alert-success" not in html
    assert "alert-success" in clean and "satudata-checks-table" not in clean
    assert nothing.strip() == ""
