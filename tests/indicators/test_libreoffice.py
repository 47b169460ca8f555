"""The product check: the template downloaded for a period, filled in a
spreadsheet program and uploaded, yields exactly the typed values.

LibreOffice Calc (Debian's headless build) opens the template, values are
typed into cells as an Indonesian user types them (``.uno:EnterString``
with the Indonesian locale setting: ``10.518``, ``3,5``, ``12,5%``), cells
are emptied with the Delete key's equivalent, and Calc saves the workbook
as .xlsx (see ``libreoffice_fill.py``). ``upload.read`` must then give
exactly those values.

Needs ``soffice`` and Debian's ``python3-uno`` (``make office-deps``); the
test fails, not skips, when they are missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ckanext.satudata.indicators import template

from .sheets import all_rows, issues, make_grid, read, ref

pytestmark = pytest.mark.office

SCRIPT = Path(__file__).with_name("libreoffice_fill.py")
SYSTEM_PYTHON = "/usr/bin/python3"
MISSING = (
    "LibreOffice is needed for this test and {what} is missing: "
    "run `make office-deps`"
)


def _require_office() -> None:
    if shutil.which("soffice") is None:
        pytest.fail(MISSING.format(what="soffice"))
    found = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False,
    ) if Path(SYSTEM_PYTHON).exists() else None
    if found is None or found.returncode != 0:
        pytest.fail(MISSING.format(what=f"the uno module of {SYSTEM_PYTHON}"))


def _fill_in_calc(
    tmp_path: Path, data: bytes, edits: list[dict[str, Any]],
) -> tuple[bytes, dict[str, dict[str, Any]]]:
    """``data`` typed into by LibreOffice Calc and saved as .xlsx; with what
    Calc says each edited cell holds."""
    _require_office()
    source, target = tmp_path / "template.xlsx", tmp_path / "filled.xlsx"
    spec = tmp_path / "edits.json"
    source.write_bytes(data)
    spec.write_text(json.dumps({"sheet": template.SHEET, "locale": "id-ID",
                                "edits": edits}))
    done = subprocess.run(
        [SYSTEM_PYTHON, str(SCRIPT), str(source), str(target), str(spec)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert target.exists(), done.stdout + done.stderr
    cells = {
        line["cell"]: line
        for line in map(json.loads, done.stdout.splitlines()) if line
    }
    return target.read_bytes(), cells


def _typed(code: str, component: str, text: str) -> dict[str, Any]:
    return {"cell": ref(code, component), "type": text}


def _cleared(code: str, component: str) -> dict[str, Any]:
    return {"cell": ref(code, component), "clear": True}


def test_values_typed_in_libreoffice_are_imported_exactly(tmp_path):
    grid = make_grid()
    data = template.build_template(grid, all_rows(keterangan="lama"))
    edits = [
        _typed("33.74.01", "perempuan", "10518"),
        _typed("33.74.01", "laki_laki", "10.518"),
        _typed("33.74.01", "rasio", "3,5"),
        _typed("33.74.01", "melek_huruf", "12,5%"),
        _typed("33.74.01", "keterangan", "10.518"),
        _typed("33.74.02", "laki_laki", "7"),
        _typed("33.74.02", "rasio", "0,1"),
        _typed("33.74.02", "melek_huruf", "99,25"),
        _typed("33.74.02", "keterangan", "Data sementara"),
        _typed("33.74.03", "perempuan", "1.000.000"),
        _cleared("33.74.03", "rasio"),
        _cleared("33.74.03", "keterangan"),
        _typed("33.74.04", "rasio", "-2,25"),
        _typed("33.74.04", "melek_huruf", "100"),
        _typed("33.74.04", "keterangan", "3,5"),
    ]
    filled, calc = _fill_in_calc(tmp_path, data, edits)

    # what Calc made of the typing (Indonesian input recognition)
    assert calc["C7"]["kind"] == "value" and calc["C7"]["value"] == 10518
    assert calc["D7"]["kind"] == "value" and calc["D7"]["value"] == 10518
    assert calc["E7"]["value"] == 3.5
    assert calc["F7"]["value"] == 0.125 and "%" in calc["F7"]["format"]
    assert calc["G7"]["kind"] == "text" and calc["G7"]["string"] == "10.518"

    result = read(filled, "isian.xlsx", grid)
    assert result.errors == []
    assert (result.rows_read, result.rows_accepted) == (4, 4)
    assert result.values == {
        "33.74.01": {"perempuan": 10518, "laki_laki": 10518, "rasio": 3.5,
                     "melek_huruf": 12.5, "keterangan": "10.518"},
        "33.74.02": {"perempuan": 100, "laki_laki": 7, "rasio": 0.1,
                     "melek_huruf": 99.25, "keterangan": "Data sementara"},
        "33.74.03": {"perempuan": 1000000, "laki_laki": 90, "rasio": None,
                     "melek_huruf": 98.5, "keterangan": None},
        "33.74.04": {"perempuan": 100, "laki_laki": 90, "rasio": -2.25,
                     "melek_huruf": 100, "keterangan": "3,5"},
    }
    kinds = {code: {k: type(v) for k, v in row.items()}
             for code, row in result.values.items()}
    assert kinds["33.74.01"] == {"perempuan": int, "laki_laki": int, "rasio": float,
                                 "melek_huruf": float, "keterangan": str}
    assert kinds["33.74.04"]["melek_huruf"] is int


def test_formulas_and_merged_cells_made_in_libreoffice_are_reported(tmp_path):
    grid = make_grid()
    data = template.build_template(grid, all_rows())
    edits = [
        _typed("33.74.01", "perempuan", "=40+2"),
        _typed("33.74.02", "keterangan", "=1+2"),  # a text cell: stays text
        {"cell": "D9:E9", "merge": True},
        _typed("33.74.04", "laki_laki", "sembilan"),
    ]
    filled, calc = _fill_in_calc(tmp_path, data, edits)
    assert calc["C7"]["kind"] == "formula"
    result = read(filled, "isian.xlsx", grid)
    assert issues(result) == [
        (7, "Perempuan", "C7", "Formula instead of a value", {"formula": "=40+2"}),
        (9, "Laki-laki", "D9:E9", "Merged cells: unmerge them and fill every cell",
         {"range": "D9:E9"}),
        (10, "Laki-laki", "D10", "Not a number: {value}", {"value": "sembilan"}),
    ]
