"""What the catalogue adds to, and reads from, the search index."""

from __future__ import annotations

import re
from typing import Any

from . import region, vocabulary

YEAR_FACET = "vocab_tahun"
WILAYAH_FACET = "vocab_wilayah"
_YEARS = re.compile(r"^(\d{4})(?:-(\d{4}))?$")

#: Index field -> vocabulary naming its facet items.
FACET_VOCABULARIES = {
    "urusan": "urusan",
    "kategori": "kategori",
    "frekuensi": "frekuensi",
    "keterbukaan": "keterbukaan",
    "metode": "metode",
}


def add_index_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Multi-valued facet fields: every year of ``tahun_data`` and the
    region with the regions containing it (a kecamatan's dataset is found
    under its kota and province too). ``vocab_*`` fields are multi-valued
    strings in CKAN's Solr schema as well."""
    match = _YEARS.match(str(pkg_dict.get("tahun_data") or ""))
    if match:
        start = int(match.group(1))
        end = int(match.group(2) or start)
        pkg_dict[YEAR_FACET] = [str(year) for year in range(start, end + 1)]
    code = pkg_dict.get("wilayah")
    if code and region.find(code):
        pkg_dict[WILAYAH_FACET] = region.ancestors(code)
    return pkg_dict


def facet_label(field: str, value: str) -> str:
    if field in FACET_VOCABULARIES:
        return vocabulary.label(FACET_VOCABULARIES[field], value)
    if field == WILAYAH_FACET:
        return region.name(value)
    return value


def label_facets(search_results: dict[str, Any]) -> dict[str, Any]:
    """Name facet items by their labels instead of their codes."""
    for field, facet in (search_results.get("search_facets") or {}).items():
        for item in facet.get("items", []):
            item["display_name"] = facet_label(field, item["name"])
    return search_results
