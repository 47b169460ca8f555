"""Cost of reading an indicator import compared with openpyxl alone.

Builds the template (:mod:`ckanext.satudata.indicators.logic.template`) of
a grid of 10,000 category rows x 5 components (integer, integer, decimal,
percentage, text), every value filled, writes it to a temporary file, then
times, alternating, median of 5:

* bare: ``openpyxl.load_workbook(read_only=True)`` and iterating every value
  of the data sheet;
* read: ``upload.read`` on the same bytes (detection, zip checks, workbook
  identity, sheet XML scan, header, every cell parsed and checked).

Target: read at most 2 x bare. Also times the import of the same grid as a
10,000-row CSV (``;`` separators, Indonesian numbers, BOM).

The grid is built directly (10,000 categories is beyond
``structure.MAX_CATEGORIES``, which only limits what a form accepts); no
CKAN configuration or database is needed.

Run: ``.venv/bin/python benchmarks/import.py``. A measurement, not a test:
the exit code is 0 whether or not the target is met.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

import openpyxl

from ckanext.satudata.indicators import period, template, upload
from ckanext.satudata.indicators.grid import Grid
from ckanext.satudata.indicators.structure import Component, Row, Structure

TARGET_RATIO = 2.0
MAX_BYTES = 50 * 1024 * 1024
COMPONENTS = (
    Component("perempuan", "Perempuan", "Orang", "integer", True),
    Component("laki_laki", "Laki-laki", "Orang", "integer", True),
    Component("rasio", "Rasio Jenis Kelamin", "", "decimal", False),
    Component("persen", "Persentase Melek Huruf", "%", "percentage", False),
    Component("keterangan", "Keterangan", "", "text", False),
)


def build_grid(rows: int) -> Grid:
    items = tuple(Row(f"K{index:05d}", f"Kategori {index}") for index in range(rows))
    structure = Structure(
        COMPONENTS, {"type": "category", "categories": []}, "tahunan", "2024",
        items,
    )
    found = period.parse("2024", "tahunan")
    assert found is not None
    return Grid("bench-package", "bench-dataset", "Benchmark", found, structure, items)


def build_values(grid: Grid) -> dict[str, dict[str, Any]]:
    return {
        row.code: {
            "perempuan": 10000 + index, "laki_laki": 9000 + index,
            "rasio": round(90 + index % 200 / 10, 1), "persen": index % 1000 / 10,
            "keterangan": f"catatan {index}",
        }
        for index, row in enumerate(grid.rows)
    }


def build_csv(grid: Grid, values: dict[str, dict[str, Any]]) -> bytes:
    lines = [";".join(["kode", "nama", *(c.code for c in grid.components)])]
    for row in grid.rows:
        stored = values[row.code]
        cells = [
            str(stored[c.code]).replace(".", ",") if c.type != "text"
            else stored[c.code]
            for c in grid.components
        ]
        lines.append(";".join([row.code, row.name, *cells]))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def bare_read(path: str) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True)
    count = 0
    for row in workbook[template.SHEET].iter_rows(values_only=True):
        for _ in row:
            count += 1
    workbook.close()
    return count


def timed(function: Callable[[], Any]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-database", action="store_true",
                        help="skip the full import into the database")
    args = parser.parse_args()

    grid = build_grid(args.rows)
    values = build_values(grid)
    start = time.perf_counter()
    data = template.build_template(grid, values)
    print(f"template: {len(grid.rows):,} rows x {len(grid.components)} components, "
          f"{len(data) / 1024:,.0f} KiB, built in {time.perf_counter() - start:.2f} s")
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as handle:
        handle.write(data)
        path = handle.name
    try:
        with open(path, "rb") as source:
            stored = source.read()
        check = upload.read(stored, "bench.xlsx", grid, max_bytes=MAX_BYTES)
        assert not check.errors and check.values == values, check.errors[:3]
        bare, ours = [], []
        for _ in range(args.repeat):
            bare.append(timed(lambda: bare_read(path)))
            ours.append(timed(lambda: upload.read(
                stored, "bench.xlsx", grid, max_bytes=MAX_BYTES,
            )))
    finally:
        os.remove(path)
    bare_median, ours_median = statistics.median(bare), statistics.median(ours)
    ratio = ours_median / bare_median
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    print(f"openpyxl read_only load + iterate: {bare_median * 1000:8.1f} ms (median)")
    print(f"upload.read (xlsx):                {ours_median * 1000:8.1f} ms (median)")
    print(f"ratio: {ratio:.2f} (target <= {TARGET_RATIO:.1f}: {verdict})")

    text = build_csv(grid, values)
    result = upload.read(text, "bench.csv", grid, max_bytes=MAX_BYTES)
    assert not result.errors and result.values == values, result.errors[:3]
    csv_times = [
        timed(lambda: upload.read(text, "bench.csv", grid, max_bytes=MAX_BYTES))
        for _ in range(args.repeat)
    ]
    print(f"upload.read (csv, {len(text) / 1024:,.0f} KiB):      "
          f"{statistics.median(csv_times) * 1000:8.1f} ms (median)")
    if not args.no_database:
        full_import(args.rows, args.repeat, bare_median)


def full_import(rows: int, repeat: int, bare_median: float) -> None:
    """The whole import into the database, as the action runs it: read,
    check, merge into the draft, record the history (every cell is new:
    the worst case), commit. Needs the database of ``benchmarks/bench.ini``
    (``scripts/database.sh satudata_bench``)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from search import DEFAULT_INI, start_ckan

    app = start_ckan(DEFAULT_INI)
    with app._wsgi_app.test_request_context():
        from ckan import model
        from ckan.plugins import toolkit as tk

        from ckanext.satudata.indicators import entry, importing
        from ckanext.satudata.testing import migrate_plugin_tables, sdi_fields

        model.repo.init_db()
        migrate_plugin_tables()
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        context = {"user": site, "ignore_auth": True}

        def call(action: str, **data: Any) -> Any:
            return tk.get_action(action)(dict(context), data)

        org = model.Group.get("bench-import") or None
        if org is None:
            call("organization_create", name="bench-import", title="Bench")
        if model.Package.get("bench-import") is None:
            call("package_create", name="bench-import", owner_org="bench-import",
                 title="Benchmark import", **sdi_fields())
        model.Session.execute(model.meta.metadata.tables[
            "satudata_submission"].delete())
        model.Session.commit()
        call("satudata_structure_update", id="bench-import",
             components=[c.as_dict() for c in COMPONENTS],
             breakdown={"type": "category", "categories": [
                 {"code": f"K{i:05d}", "name": f"Kategori {i}"} for i in range(rows)
             ]}, granularity="tahunan", first_period="2000")
        package = model.Package.get("bench-import")
        actor = entry.Actor(None, "benchmark")
        tk.config["ckanext.satudata.import_background_bytes"] = MAX_BYTES
        tk.config["ckanext.satudata.import_max_bytes"] = MAX_BYTES
        times = []
        for index in range(repeat):
            grid = entry.grid_for(package, str(2000 + index))
            data = template.build_template(grid, build_values(grid))
            start = time.perf_counter()
            if os.environ.get("BENCH_PROFILE") and index == repeat - 1:
                import cProfile
                import pstats
                profiler = cProfile.Profile()
                report = profiler.runcall(importing.start, grid, data, actor)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            else:
                report = importing.start(grid, data, actor)
            times.append(time.perf_counter() - start)
            assert report["status"] == "done", report["errors"][:3]
    median = statistics.median(times)
    ratio = median / bare_median
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    print(f"full import into the database:     {median * 1000:8.1f} ms (median)")
    print(f"ratio: {ratio:.2f} (target <= {TARGET_RATIO:.1f}: {verdict})")


if __name__ == "__main__":
    main()
