"""What the catalogue adds to, and reads from, the search index."""

from __future__ import annotations

import os
import re
from functools import cache
from typing import Any

import yaml

from ckanext.satudata import region, vocabulary

YEAR_FACET = "vocab_tahun"
WILAYAH_FACET = "vocab_wilayah"
_YEARS = re.compile(r"^(\d{4})(?:-(\d{4}))?$")

SCHEMA_FILE = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "schemas", "dataset.yaml"
)
#: CKAN's own dataset fields in the schema (indexed by core already) and
#: fields kept out of free text.
_CORE_FIELDS = {"title", "name", "notes", "owner_org", "tag_string", "license_id"}
_NOT_TEXT = {"kontak_email"}
#: Lucene refuses a whole document holding a term longer than this (bytes
#: of UTF-8). Solr indexes the SDI fields' top-level values, and CKAN's
#: ``title_string``, as single string terms (CKAN's schema: the catch-all
#: ``*`` string field), so one long free text (a ``tujuan`` or metadata
#: statistik paragraph) would fail the dataset's indexing. Their
#: ``extras_<field>`` copies keep the whole text for full-text search.
MAX_TERM_BYTES = 32766


@cache
def sdi_text_fields() -> tuple[str, ...]:
    """The SDI fields of ``schemas/dataset.yaml``, copied to
    ``extras_<field>`` in the index (free text, ``fl``)."""
    with open(SCHEMA_FILE, encoding="utf-8") as f:
        fields = yaml.safe_load(f)["dataset_fields"]
    return tuple(
        field["field_name"]
        for field in fields
        if field["field_name"] not in _CORE_FIELDS | _NOT_TEXT
    )


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
    found = region.find(code)
    if found:
        pkg_dict[WILAYAH_FACET] = region.ancestors(found.code)
        pkg_dict["extras_wilayah_nama"] = found.path
    _add_text_copies(pkg_dict)
    _clip_string_terms(pkg_dict)
    return pkg_dict


def _clip_string_terms(pkg_dict: dict[str, Any]) -> None:
    """Cut the string terms longer than :data:`MAX_TERM_BYTES` (after the
    full ``extras_`` copies are made)."""
    for key in (*sdi_text_fields(), *_NOT_TEXT, "title_string"):
        value = pkg_dict.get(key)
        if isinstance(value, str) and len(value.encode()) > MAX_TERM_BYTES:
            pkg_dict[key] = value.encode()[:MAX_TERM_BYTES].decode("utf-8", "ignore")


def _add_text_copies(pkg_dict: dict[str, Any]) -> None:
    """``extras_<field>`` copies of the SDI fields, and the Indonesian labels
    of their codes. Scheming keeps these fields out of ``extras``, so
    without the copies free text would not reach them (Solr copies
    ``extras_*`` into its catch-all ``text`` field; satudata_search weighs
    them like extras) and ``fl`` could not return them from Solr, which
    stores ``extras_*`` but not the catch-all string fields."""
    for key in sdi_text_fields():
        value = pkg_dict.get(key)
        if value not in (None, "") and f"extras_{key}" not in pkg_dict:
            pkg_dict[f"extras_{key}"] = str(value)
    for key, name in FACET_VOCABULARIES.items():
        if pkg_dict.get(key):
            pkg_dict[f"extras_{key}_label"] = vocabulary.label(
                name, pkg_dict[key], vocabulary.DEFAULT_LANG
            )


def facet_label(field: str, value: str) -> str:
    if field in FACET_VOCABULARIES:
        return vocabulary.label(FACET_VOCABULARIES[field], value)
    if field == WILAYAH_FACET:
        return region.name(value)
    return value


def label_facets(search_results: dict[str, Any]) -> dict[str, Any]:
    """Name the items of code facets by their labels (core already names
    organizations, groups and licences)."""
    for field, facet in (search_results.get("search_facets") or {}).items():
        if field in FACET_VOCABULARIES or field == WILAYAH_FACET:
            for item in facet.get("items", []):
                item["display_name"] = facet_label(field, item["name"])
    return search_results
