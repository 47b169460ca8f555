"""Demo performance indicators (plugin ``satudata_performance``),
idempotently.

Two open indicator datasets of the demo, with values the workflow demo
publishes, are marked by the demo walidata (``package_patch`` as the
account ``walidata``) with plausible targets per year:

- Angka Partisipasi Murni pendidikan dasar (Dinas Pendidikan, yearly:
  2023 and 2024 published): the mean APM of SD/MI and SMP/MTs, higher is
  better;
- the treatment success rate of tuberculosis (Dinas Kesehatan, quarterly:
  2025-Q1 to Q3 published; the realisation of 2025 is its last published
  quarter), higher is better.

Running it again changes nothing: a dataset whose four fields already say
the same (targets compared by their numbers) is left alone. Call it after
the workflow demo, e.g.::

    from ckanext.satudata.demo import performance
    performance.load(print)
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from ckanext.satudata.demo.calls import Ckan, Echo, report
from ckanext.satudata.demo.workflow import WALIDATA
from ckanext.satudata.performance import targets

Outcome = Literal["updated", "unchanged", "skipped"]
OUTCOMES: tuple[Outcome, ...] = ("updated", "unchanged", "skipped")

#: dataset name → the fields the walidata set.
INDICATORS: dict[str, dict[str, str]] = {
    "angka-partisipasi-kasar-dan-murni-pendidikan-dasar": {
        "indikator_kinerja": "ya",
        "kinerja_komponen": "apm",
        "kinerja_target": "2023: 89,5; 2024: 90; 2025: 90,5; 2026: 91",
        "kinerja_arah": "naik",
    },
    "penemuan-kasus-tuberkulosis-per-kecamatan": {
        "indikator_kinerja": "ya",
        "kinerja_komponen": "keberhasilan_pengobatan",
        "kinerja_target": "2025: 88; 2026: 90",
        "kinerja_arah": "naik",
    },
}


def _same(package: dict[str, Any], wanted: dict[str, str]) -> bool:
    for name, value in wanted.items():
        stored = package.get(name) or ""
        if name == "kinerja_target":
            try:
                if targets.parse(stored) != targets.parse(value):
                    return False
            except targets.TargetError:
                return False
        elif stored != value:
            return False
    return True


def load(echo: Echo = print, walidata: str = WALIDATA) -> Counter[Outcome]:
    """Mark the demo's performance indicators (as ``walidata``); what
    happened to each dataset, also echoed."""
    ckan = Ckan()
    outcomes: Counter[Outcome] = Counter()
    for name, wanted in INDICATORS.items():
        package = ckan.show("package_show", id=name)
        if package is None or package.get("state") != "active":
            echo(f"  performance indicator {name}: dataset not found, skipped")
            outcomes["skipped"] += 1
            continue
        if _same(package, wanted):
            outcomes["unchanged"] += 1
            continue
        ckan("package_patch", user=walidata, id=package["id"], **wanted)
        outcomes["updated"] += 1
    report(echo, "performance indicators", outcomes, OUTCOMES)
    return outcomes
