"""URIs of the SDI metadata in RDF: our namespace, the portal's own
concept schemes and region URIs, and the EU vocabularies we map to."""

from __future__ import annotations

import hashlib
import re

from rdflib import Namespace, URIRef

from ckanext.satudata import config

#: The extension's own terms, for SDI fields without a standard one
#: (documented in docs/dcat.md; each portal serves the vocabulary at /ns).
SD = Namespace("https://w3id.org/satudata/ns#")
#: SDMX attribute vocabulary (W3C Data Cube): the unit of measure.
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
#: StatDCAT-AP 1.0.1 (its namespace keeps the "(xyz)" of the specification).
STAT = Namespace("http://data.europa.eu/(xyz)/statdcat-ap/")
#: W3C Data Cube and the SDMX dimensions (period, area).
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")

#: Vocabularies published as SKOS concept schemes (dcat:theme).
THEME_SCHEMES = ("urusan", "kategori")
#: Vocabularies whose concept is the object of one of our own terms.
CONCEPT_TERMS = {"level_akses": SD.levelAkses}
#: Concept schemes the portal publishes under /kosakata/.
PUBLISHED_SCHEMES = ("urusan", "kategori", "metode", "level_akses")

#: ISO 639-1 code of the portal's language -> EU language authority code
LANGUAGES = {"id": "IND", "en": "ENG"}
#: CKAN format label -> EU file-type authority code
FILE_TYPES = {
    "CSV": "CSV",
    "XLSX": "XLSX",
    "XLS": "XLS",
    "JSON": "JSON",
    "PDF": "PDF",
    "XML": "XML",
    "ZIP": "ZIP",
    "GEOJSON": "GEOJSON",
    "SHP": "SHP",
    "TXT": "TXT",
    "HTML": "HTML",
    "ODS": "ODS",
    "DOCX": "DOCX",
    "DOC": "DOC",
    "KML": "KML",
    "RDF": "RDF_XML",
    "TTL": "RDF_TURTLE",
    "JSON-LD": "JSON_LD",
}
_CONCEPT_PATH = re.compile(r"/kosakata/([a-z_]+)/([^/]+)$")
_REGION_PATH = re.compile(r"/wilayah/([0-9.]+)$")


def site_url() -> str:
    return config.site_url()


def dataset_namespace() -> URIRef:
    return URIRef(f"{site_url()}/dataset/")


def scheme_uri(name: str) -> URIRef:
    return URIRef(f"{site_url()}/kosakata/{name}")


def concept_uri(name: str, code: str) -> URIRef:
    return URIRef(f"{site_url()}/kosakata/{name}/{code}")


def region_uri(code: str) -> URIRef:
    return URIRef(f"{site_url()}/wilayah/{code}")


def organization_uri(name: str) -> URIRef:
    return URIRef(f"{site_url()}/organization/{name}")


def period_uri(start: int, end: int) -> URIRef:
    """A period of whole years, shared by every dataset covering it."""
    span = f"{start}" if start == end else f"{start}-{end}"
    return URIRef(f"{site_url()}/periode/{span}")


def contact_uri(organization: str, name: str, email: str) -> URIRef:
    """A contact point of an OPD, shared by the datasets naming it."""
    digest = hashlib.sha1(f"{name}\n{email}".lower().encode()).hexdigest()[:12]
    return URIRef(f"{site_url()}/organization/{organization}#kontak-{digest}")


def source_uri(organization: str, text: str) -> URIRef:
    """A data source (provenance statement) of an OPD, shared by the
    datasets naming the same source."""
    digest = hashlib.sha1(text.strip().lower().encode()).hexdigest()[:12]
    return URIRef(f"{site_url()}/organization/{organization}#sumber-{digest}")


def concept_of(uri: str) -> tuple[str, str] | None:
    """(vocabulary, code) of a concept URI of a Satu Data portal (any site)."""
    match = _CONCEPT_PATH.search(str(uri))
    return (match.group(1), match.group(2)) if match else None


def region_of(uri: str) -> str | None:
    match = _REGION_PATH.search(str(uri))
    return match.group(1) if match else None


def language_uri(code: str) -> URIRef | None:
    eu = LANGUAGES.get((code or "").split("_")[0].lower())
    return EU_LANGUAGE[eu] if eu else None


def file_type_uri(label: str) -> URIRef | None:
    eu = FILE_TYPES.get((label or "").strip().upper().lstrip("."))
    return EU_FILE_TYPE[eu] if eu else None


def media_type_uri(mimetype: str) -> URIRef | None:
    text = (mimetype or "").strip().lower()
    if re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", text):
        return URIRef(IANA_MEDIA_TYPES + text)
    return None
