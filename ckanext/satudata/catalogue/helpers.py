"""Template helpers of the catalogue plugin (display only: the rules live
in ``logic/``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib import formatters

from ckanext.satudata import region, vocabulary
from ckanext.satudata.catalogue import config, indexing
from ckanext.satudata.messages import N_

__all__ = [
    "satudata_browse",
    "satudata_contact",
    "satudata_facet_label",
    "satudata_is_public_class",
    "satudata_metadata_rows",
    "satudata_newest_datasets",
    "satudata_portal_stats",
    "satudata_resource_rows",
    "satudata_vocabulary_choices",
    "satudata_vocabulary_definition",
    "satudata_vocabulary_label",
    "satudata_vocabulary_title",
    "satudata_wilayah_name",
    "satudata_wilayah_options",
    "satudata_wilayah_path",
]


def satudata_vocabulary_choices(field: dict[str, Any]) -> list[dict[str, str]]:
    """Choices of a scheming select field declaring ``vocabulary``."""
    return vocabulary.choices(field["vocabulary"])


def satudata_vocabulary_label(name: str, code: str | None) -> str:
    return vocabulary.label(name, code) if code else ""


def satudata_vocabulary_title(name: str) -> str:
    """The vocabulary's title in the page's language ("Level Akses")."""
    return vocabulary.localized(vocabulary.vocabulary(name)["title"])


def satudata_vocabulary_definition(name: str, code: str | None) -> str:
    """The ``definition`` of a code (``level_akses``), in the page's language."""
    found = vocabulary.item(name, code) if code else None
    if not (found and found.get("definition")):
        return ""
    return vocabulary.localized(found["definition"])


def satudata_is_public_class(code: str | None) -> bool:
    return vocabulary.is_public_access(code)


def satudata_wilayah_name(code: str | None) -> str:
    return region.name(code)


def satudata_wilayah_path(code: str | None) -> str:
    found = region.find(code)
    return found.path if found else (code or "")


def satudata_wilayah_options() -> list[dict[str, Any]]:
    """The portal's region and its sub-regions, for the region picker."""
    return [
        {"code": option.code, "name": option.name, "level": option.level}
        for option in region.portal_options(region.portal_region_code())
    ]


def satudata_facet_label(field: str, value: str) -> str:
    return indexing.facet_label(field, value)


def satudata_portal_stats() -> dict[str, int]:
    return tk.get_action("satudata_portal_stats")({}, {})


def satudata_newest_datasets(limit: int = 6) -> list[dict[str, Any]]:
    """Newest published datasets the current user may see."""
    result = tk.get_action("package_search")(
        {}, {"q": "*:*", "sort": "metadata_created desc", "rows": limit}
    )
    return result["results"]


def satudata_browse(field: str, limit: int = 12) -> list[dict[str, Any]]:
    """Facet items of ``field`` (``urusan``, ``kategori``) with labels and
    counts, for browsing from the Beranda."""
    result = tk.get_action("package_search")(
        {}, {"q": "*:*", "rows": 0, "facet.field": [field], "facet.limit": limit}
    )
    items = result["search_facets"].get(field, {}).get("items", [])
    return sorted(
        (
            {
                "name": item["name"],
                "label": satudata_facet_label(field, item["name"]),
                "count": item["count"],
            }
            for item in items
        ),
        key=lambda item: -item["count"],
    )


def satudata_contact() -> dict[str, str]:
    """The Kontak page's content, from ``ckanext.satudata.contact.*``."""
    return config.contact()


def satudata_metadata_rows(package: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) rows of the dataset page's metadata table, in the order
    of the SDI metadata; empty values are left out."""
    organization = package.get("organization") or {}

    def label(name: str) -> str:
        return satudata_vocabulary_label(name, package.get(name))

    rows = [
        (tk._("Reference code"), package.get("kode_referensi")),
        (tk._("Data producer"), organization.get("title")),
        (tk._("Data source"), package.get("sumber_data")),
        (tk._("Region"), satudata_wilayah_path(package.get("wilayah"))),
        (tk._("Unit of measure"), package.get("satuan")),
        (tk._("Data year"), package.get("tahun_data")),
        (tk._("Release date"), _date(package.get("tanggal_rilis"))),
        (tk._("Update frequency"), label("frekuensi")),
        (tk._("Access class"), label("keterbukaan")),
        (
            satudata_vocabulary_title("level_akses"),
            _access_level(package.get("level_akses")),
        ),
        (tk._("Category"), label("kategori")),
        (tk._("Government affair"), label("urusan")),
        (tk._("Collection method"), label("metode")),
        (tk._("Purpose of collection"), package.get("tujuan")),
        (tk._("Contact"), _contact(package)),
        (tk._("License"), package.get("license_title")),
        (tk._("Last updated"), _date(package.get("metadata_modified"))),
    ]
    return [(label, str(value)) for label, value in rows if value]


def _access_level(code: str | None) -> str:
    """The access level's label and what it means, in one line."""
    label = satudata_vocabulary_label("level_akses", code)
    definition = satudata_vocabulary_definition("level_akses", code)
    return f"{label}. {definition}" if label and definition else label


def _date(value: str | None) -> str:
    if not value:
        return ""
    return tk.h.render_datetime(value)


def _contact(package: dict[str, Any]) -> str:
    name, email = package.get("kontak_nama"), package.get("kontak_email")
    return f"{name} <{email}>" if name and email else (name or email or "")


#: Technical resource keys worth showing to a visitor, with their labels;
#: the rest (ids, states, flags of other plugins) stay in the API.
_RESOURCE_KEYS = {
    "mimetype": N_("Media type"),
    "size": N_("File size"),
    "hash": N_("Checksum"),
    "last_modified": N_("Data last updated"),
    "created": N_("Created"),
}


def satudata_resource_rows(resource: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) rows of a resource page's "more information" table."""
    rows = []
    for key, label in _RESOURCE_KEYS.items():
        value = resource.get(key)
        if value in (None, ""):
            continue
        try:
            if key == "size":
                value = formatters.localised_filesize(int(value))
            elif key in ("last_modified", "created"):
                value = _date(value)
        except (TypeError, ValueError):
            pass  # shown as stored rather than failing the page
        rows.append((tk._(label), str(value)))
    return rows
