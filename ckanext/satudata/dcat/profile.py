"""ckanext-dcat profile ``satudata``: what the SDI metadata means in DCAT.

Runs after ``euro_dcat_ap_3`` (``ckanext.dcat.rdf.profiles = euro_dcat_ap_3
satudata``): it replaces the generic statements that profile derives from
CKAN's core fields with the SDI ones, makes the graph valid against the
DCAT-AP 3 SHACL shapes (typed vocabulary IRIs instead of literals) and
parses the same statements back. The mapping is documented in
docs/dcat.md.
"""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ckanext.dcat.profiles import (
    DCAT,
    DCT,
    FOAF,
    RDF,
    RDFS,
    SKOS,
    SPDX,
    VCARD,
    XSD,
    RDFProfile,
)
from ckanext.dcat.utils import resource_uri

from ..logic import region, vocabulary
from . import graphs, terms

SD = terms.SD

#: SDI text fields in our namespace (no standard term fits them).
OWN_TEXT_TERMS = {
    "tujuan": SD.tujuan,
    "metode": SD.metodePengumpulan,
    "ms_konsep": SD.msKonsep,
    "ms_interpretasi": SD.msInterpretasi,
    "ms_rumus": SD.msRumus,
    "ms_ukuran": SD.msUkuran,
    "ms_klasifikasi": SD.msKlasifikasiPenyajian,
}
#: SDI text fields with a standard term.
STANDARD_TEXT_TERMS = {
    "satuan": terms.SDMX_ATTRIBUTE.unitMeasure,
    "ms_definisi": SKOS.definition,
}
TEXT_TERMS = OWN_TEXT_TERMS | STANDARD_TEXT_TERMS

#: Statements euro_dcat_ap_3 makes from core fields that the SDI fields
#: replace, and the extras its parser makes of them.
REPLACED = {
    "publisher": DCT.publisher,
    "contact": DCAT.contactPoint,
    "spatial": DCT.spatial,
    "temporal": DCT.temporal,
    "frequency": DCT.accrualPeriodicity,
    "theme": DCAT.theme,
    "access_rights": DCT.accessRights,
    "provenance": DCT.provenance,
}
REPLACED_PREDICATES = frozenset(REPLACED.values())
PARSED_EXTRAS_REPLACED = {
    "contact_uri",
    "contact_name",
    "contact_email",
    "contact_identifier",
    "contact_url",
    "temporal_start",
    "temporal_end",
    "spatial_uri",
    "spatial_text",
    "spatial",
    "access_rights",
    "frequency",
    "theme",
    "identifier",
    "issued",
    "provenance",
    "language",
}
DCT_FORMAT = DCT["format"]
DCAT_MEDIA_TYPE = DCAT.mediaType
DCAT_ACCESS_URL = DCAT.accessURL
DCAT_DOWNLOAD_URL = DCAT.downloadURL
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPDX_CHECKSUM = SPDX.checksum
CHECKSUM_ALGORITHMS = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class SatudataDCATProfile(RDFProfile):
    """SDI metadata <-> DCAT-AP 3 (serialize and parse)."""

    # ------------------------------------------------------------ serialize

    def graph_from_dataset(
        self, dataset_dict: dict[str, Any], dataset_ref: Node
    ) -> None:
        self._sd_bind()
        self._sd_remove(dataset_ref)
        self._sd_publisher(dataset_dict, dataset_ref)
        self._sd_contact(dataset_dict, dataset_ref)
        self._sd_region(dataset_dict, dataset_ref)
        self._sd_period(dataset_dict, dataset_ref)
        self._sd_codes(dataset_dict, dataset_ref)
        self._sd_dates_and_identifier(dataset_dict, dataset_ref)
        self._sd_texts(dataset_dict, dataset_ref)
        self._sd_published_data(dataset_dict, dataset_ref)
        for distribution in list(self.g.objects(dataset_ref, DCAT.distribution)):
            self._sd_distribution(distribution)

    def graph_from_catalog(
        self, catalog_dict: dict[str, Any] | None, catalog_ref: Node
    ) -> None:
        g = self.g
        self._sd_bind()
        if not any(g.objects(catalog_ref, DCT.publisher)):
            walidata = URIRef(f"{terms.site_url()}/tentang-kami#walidata")
            name = tk.config.get("ckanext.satudata.contact.name") or tk.config.get(
                "ckan.site_title"
            )
            g.add((catalog_ref, DCT.publisher, walidata))
            g.add((walidata, RDF.type, FOAF.Agent))
            g.add((walidata, FOAF.name, Literal(name)))
            self._sd_publisher_type(walidata)
        for homepage in g.objects(catalog_ref, FOAF.homepage):
            g.add((homepage, RDF.type, FOAF.Document))
        self._sd_language(catalog_ref)
        own = graphs.add_region(g, region.portal_region_code())
        if own is not None:
            g.add((catalog_ref, DCT.spatial, own))
        for name in terms.THEME_SCHEMES:
            scheme = terms.scheme_uri(name)
            g.add((catalog_ref, DCAT.themeTaxonomy, scheme))
            g.add((scheme, RDF.type, SKOS.ConceptScheme))
            title = vocabulary.vocabulary(name)["title"]
            g.add((scheme, DCT.title, Literal(title["id"], lang="id")))

    def _sd_bind(self) -> None:
        """Our prefixes, once per graph (rdflib re-indexes its namespace
        trie on every bind, which makes serializing slow)."""
        if self.g.namespace_manager.store.namespace("sd") is None:
            self.g.bind("sd", SD)
            self.g.bind("sdmx-attribute", terms.SDMX_ATTRIBUTE)
            # A prefix for the portal's dataset URIs: rdflib caches the names
            # of URIs in a bound namespace; without one it looks each
            # dataset URI up again for every statement, in time growing
            # with the number of datasets on the page.
            self.g.bind("dataset", terms.dataset_namespace())

    def _sd_remove(self, subject: Node) -> None:
        """Remove the statements of ``subject`` that the SDI fields replace
        (:data:`REPLACED`) and the description of the nodes they pointed
        to, unless something else still points to them."""
        for predicate, obj in list(self.g.predicate_objects(subject)):
            if predicate not in REPLACED_PREDICATES:
                continue
            self.g.remove((subject, predicate, obj))
            if not isinstance(obj, Literal) and not any(self.g.subjects(None, obj)):
                self._sd_drop(obj)

    def _sd_drop(self, node: Node) -> None:
        for predicate, obj in list(self.g.predicate_objects(node)):
            self.g.remove((node, predicate, obj))
            if isinstance(obj, BNode):
                self._sd_drop(obj)

    def _sd_publisher(self, dataset: dict[str, Any], ref: Node) -> None:
        organization = dataset.get("organization") or {}
        if not organization.get("name"):
            return
        agent = terms.organization_uri(organization["name"])
        self.g.add((ref, DCT.publisher, agent))
        if (agent, RDF.type, FOAF.Agent) in self.g:
            return  # described already
        self.g.add((agent, RDF.type, FOAF.Agent))
        self.g.add(
            (
                agent,
                FOAF.name,
                Literal(organization.get("title") or organization["name"]),
            )
        )
        self.g.add((agent, DCT.identifier, Literal(organization["name"])))
        self._sd_publisher_type(agent)

    def _sd_publisher_type(self, agent: URIRef) -> None:
        """ADMS publisher type (a skos:Concept): a regional authority."""
        kind = terms.ADMS_PUBLISHER_TYPE.RegionalAuthority
        self.g.add((agent, DCT.type, kind))
        self.g.add((kind, RDF.type, SKOS.Concept))
        self.g.add((kind, SKOS.prefLabel, Literal("Regional authority", lang="en")))

    def _sd_contact(self, dataset: dict[str, Any], ref: Node) -> None:
        name, email = dataset.get("kontak_nama"), dataset.get("kontak_email")
        if not (name or email):
            return
        organization = (dataset.get("organization") or {}).get("name")
        contact = (
            terms.contact_uri(organization, name or "", email or "")
            if organization
            else BNode()
        )
        self.g.add((ref, DCAT.contactPoint, contact))
        if not self._sd_once((contact, RDF.type, VCARD.Kind)):
            return  # the OPD's contact is described already
        if name:
            self.g.add((contact, VCARD.fn, Literal(name)))
        if email:
            self.g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))

    def _sd_once(self, triple: tuple[Node, Node, Node]) -> bool:
        """Add ``triple`` unless this graph got it from us already (shared
        descriptions repeat on every dataset of a catalogue page); whether
        it was added."""
        added: set[tuple[Node, Node, Node]] = self.g.__dict__.setdefault(
            "_satudata_added", set()
        )
        if triple in added:
            return False
        added.add(triple)
        self.g.add(triple)
        return True

    def _sd_region(self, dataset: dict[str, Any], ref: Node) -> None:
        location = graphs.add_region(self.g, dataset.get("wilayah") or "")
        if location is not None:
            self.g.add((ref, DCT.spatial, location))

    def _sd_period(self, dataset: dict[str, Any], ref: Node) -> None:
        match = re.fullmatch(
            r"(\d{4})(?:-(\d{4}))?", str(dataset.get("tahun_data") or "")
        )
        if not match:
            return
        start = int(match.group(1))
        end = int(match.group(2) or start)
        self.g.add((ref, DCT.temporal, graphs.add_period(self.g, start, end)))

    def _sd_codes(self, dataset: dict[str, Any], ref: Node) -> None:
        frequency = vocabulary.item("frekuensi", dataset.get("frekuensi") or "")
        if frequency and frequency.get("dcat"):
            uri = URIRef(frequency["dcat"])
            self.g.add((ref, DCT.accrualPeriodicity, uri))
            self._sd_once((uri, RDF.type, DCT.Frequency))
        access = vocabulary.item("keterbukaan", dataset.get("keterbukaan") or "")
        if access and access.get("dcat"):
            uri = URIRef(access["dcat"])
            self.g.add((ref, DCT.accessRights, uri))
            self._sd_once((uri, RDF.type, DCT.RightsStatement))
        for name in terms.THEME_SCHEMES:
            concept = graphs.add_concept(self.g, name, dataset.get(name) or "")
            if concept is not None:
                self.g.add((ref, DCAT.theme, concept))

    def _sd_dates_and_identifier(self, dataset: dict[str, Any], ref: Node) -> None:
        if dataset.get("tanggal_rilis"):
            self._sd_replace(
                ref,
                DCT.issued,
                Literal(str(dataset["tanggal_rilis"])[:10], datatype=XSD.date),
            )
        if dataset.get("kode_referensi"):
            self._sd_replace(ref, DCT.identifier, Literal(dataset["kode_referensi"]))
        if dataset.get("sumber_data"):
            text = str(dataset["sumber_data"])
            organization = (dataset.get("organization") or {}).get("name")
            statement = (
                terms.source_uri(organization, text) if organization else BNode()
            )
            self.g.add((ref, DCT.provenance, statement))
            if self._sd_once((statement, RDF.type, DCT.ProvenanceStatement)):
                self.g.add((statement, RDFS.label, Literal(text)))

    def _sd_replace(self, ref: Node, predicate: URIRef, value: Literal) -> None:
        """Make ``value`` the only ``predicate`` of ``ref``."""
        current = list(self.g.objects(ref, predicate))
        if current == [value]:
            return
        for old in current:
            self.g.remove((ref, predicate, old))
        self.g.add((ref, predicate, value))

    def _sd_texts(self, dataset: dict[str, Any], ref: Node) -> None:
        for key, predicate in TEXT_TERMS.items():
            if dataset.get(key):
                self.g.add((ref, predicate, Literal(str(dataset[key]))))

    def _sd_language(self, subject: Node) -> None:
        """Languages as EU authority IRIs (DCAT-AP wants dct:LinguisticSystem)."""
        for value in list(self.g.objects(subject, DCT.language)):
            if isinstance(value, Literal):
                self.g.remove((subject, DCT.language, value))
        uri = terms.language_uri(tk.config.get("ckan.locale_default"))
        if uri is not None:
            self.g.add((subject, DCT.language, uri))
            self.g.add((uri, RDF.type, DCT.LinguisticSystem))

    def _sd_published_data(self, dataset: dict[str, Any], ref: Node) -> None:
        """Published indicator values (``satudata_workflow``): the DataStore
        resource is already a CSV distribution (its dump); add the JSON dump
        and the Excel download of the same table as distributions."""
        published = next((
            r for r in dataset.get("resources") or ()
            if r.get("url_type") == "datastore" and r.get("datastore_active")
        ), None)
        if published is None:
            return
        g = self.g
        site = tk.config.get("ckan.site_url").rstrip("/")
        csv = URIRef(resource_uri(published))
        for kind, url, media_type in (
            ("json", f"{site}/datastore/dump/{published['id']}?format=json",
             "application/json"),
            ("xlsx", f"{site}/dataset/{dataset['name']}/data.xlsx", XLSX),
        ):
            distribution = URIRef(f"{csv}#{kind}")
            g.add((ref, DCAT.distribution, distribution))
            g.add((distribution, RDF.type, DCAT.Distribution))
            g.add((distribution, DCT.title, Literal(
                f"{published.get('name') or dataset['title']} ({kind.upper()})")))
            g.add((distribution, DCAT_ACCESS_URL, URIRef(url)))
            g.add((distribution, DCAT_DOWNLOAD_URL, URIRef(url)))
            g.add((distribution, DCT_FORMAT, Literal(kind.upper())))
            g.add((distribution, DCAT_MEDIA_TYPE, Literal(media_type)))
            for licence in g.objects(csv, DCT.license):
                g.add((distribution, DCT.license, licence))
        if (csv, DCAT_MEDIA_TYPE, None) not in g:
            g.add((csv, DCAT_MEDIA_TYPE, Literal("text/csv")))
        # a DataStore-only resource has no URL of its own: its dump is it
        dump = URIRef(f"{site}/datastore/dump/{published['id']}")
        for predicate in (DCAT_ACCESS_URL, DCAT_DOWNLOAD_URL):
            for value in list(g.objects(csv, predicate)):
                if not str(value).startswith("http"):
                    g.remove((csv, predicate, value))
            if (csv, predicate, None) not in g:
                g.add((csv, predicate, dump))

    def _sd_distribution(self, distribution: Node) -> None:
        g = self.g
        for predicate, value in list(g.predicate_objects(distribution)):
            if predicate == DCT_FORMAT or predicate == DCAT_MEDIA_TYPE:
                self._sd_distribution_type(distribution, predicate, value)
            elif predicate == DCAT_ACCESS_URL or predicate == DCAT_DOWNLOAD_URL:
                # DCAT-AP 3's shapes want the URLs typed (an RDFS reasoner
                # would infer it; validators often run without one)
                g.add((value, RDF.type, RDFS.Resource))
            elif predicate == SPDX_CHECKSUM:
                self._sd_checksum(value)

    def _sd_distribution_type(
        self, distribution: Node, predicate: Node, value: Node
    ) -> None:
        """dct:format / dcat:mediaType as typed IRIs (EU file types, IANA)."""
        if not isinstance(value, Literal):
            return
        is_format = predicate == DCT_FORMAT
        uri = (terms.file_type_uri if is_format else terms.media_type_uri)(str(value))
        self.g.remove((distribution, predicate, value))
        if uri is not None:
            self.g.add((distribution, predicate, uri))
            kind = DCT.MediaTypeOrExtent if is_format else DCT.MediaType
            self._sd_once((uri, RDF.type, kind))

    def _sd_checksum(self, checksum: Node) -> None:
        """The checksum's algorithm, from the length of its value."""
        value, has_algorithm = None, False
        for predicate, obj in self.g.predicate_objects(checksum):
            if predicate == SPDX.checksumValue:
                value = obj
            elif predicate == SPDX.algorithm:
                has_algorithm = True
        algorithm = CHECKSUM_ALGORITHMS.get(len(str(value or "")))
        if algorithm and not has_algorithm:
            uri = SPDX[f"checksumAlgorithm_{algorithm}"]
            self.g.add((checksum, SPDX.algorithm, uri))
            self._sd_once((uri, RDF.type, SPDX.ChecksumAlgorithm))

    # ---------------------------------------------------------------- parse

    def parse_dataset(
        self, dataset_dict: dict[str, Any], dataset_ref: Node
    ) -> dict[str, Any]:
        g = self.g
        found: dict[str, Any] = {}
        for key, predicate in TEXT_TERMS.items():
            value = g.value(dataset_ref, predicate)
            if value is not None:
                found[key] = str(value)
        for statement in g.objects(dataset_ref, DCT.provenance):
            label = g.value(statement, RDFS.label)
            if label is not None:
                found["sumber_data"] = str(label)
        identifier = g.value(dataset_ref, DCT.identifier)
        if (
            "kode_referensi" not in found
            and isinstance(identifier, Literal)
            and not _UUID.match(str(identifier))
        ):
            found["kode_referensi"] = str(identifier)
        issued = g.value(dataset_ref, DCT.issued)
        if issued is not None:
            found["tanggal_rilis"] = str(issued)[:10]
        found.update(self._sd_parse_codes(dataset_ref))
        found.update(self._sd_parse_contact(dataset_ref))
        wilayah = self._sd_parse_region(dataset_ref)
        if wilayah:
            found["wilayah"] = wilayah
        tahun = self._sd_parse_period(dataset_ref)
        if tahun:
            found["tahun_data"] = tahun
        # euro_dcat_ap_3's scheming lists: ours are kontak_* and the
        # publisher_* extras (the publisher is the owning organization)
        dataset_dict.pop("contact", None)
        dataset_dict.pop("publisher", None)
        dataset_dict["extras"] = [
            extra
            for extra in dataset_dict.get("extras", [])
            if extra["key"] not in PARSED_EXTRAS_REPLACED and extra["key"] not in found
        ]
        dataset_dict.update(found)
        return dataset_dict

    def _sd_parse_codes(self, ref: Node) -> dict[str, str]:
        found: dict[str, str] = {}
        for field, predicate in (
            ("frekuensi", DCT.accrualPeriodicity),
            ("keterbukaan", DCT.accessRights),
        ):
            uri = self.g.value(ref, predicate)
            code = _code_by_uri(field, str(uri)) if uri is not None else None
            if code:
                found[field] = code
        for theme in self.g.objects(ref, DCAT.theme):
            concept = terms.concept_of(str(theme))
            if (
                concept
                and concept[0] in terms.THEME_SCHEMES
                and vocabulary.item(*concept) is not None
            ):
                found[concept[0]] = concept[1]
        return found

    def _sd_parse_contact(self, ref: Node) -> dict[str, str]:
        contacts = self._contact_details(ref, DCAT.contactPoint)
        if not contacts:
            return {}
        found = {}
        if contacts[0].get("name"):
            found["kontak_nama"] = contacts[0]["name"]
        if contacts[0].get("email"):
            found["kontak_email"] = contacts[0]["email"]
        return found

    def _sd_parse_region(self, ref: Node) -> str | None:
        for location in self.g.objects(ref, DCT.spatial):
            candidates = [
                self.g.value(location, DCT.identifier),
                terms.region_of(str(location)),
            ]
            for candidate in candidates:
                code = region.normalize(str(candidate)) if candidate else None
                if code:
                    return code
        return None

    def _sd_parse_period(self, ref: Node) -> str | None:
        start, end = self._time_interval(ref, DCT.temporal, dcat_ap_version=2)
        if not start:
            return None
        first, last = str(start)[:4], str(end or start)[:4]
        return first if first == last else f"{first}-{last}"


def _code_by_uri(vocabulary_name: str, uri: str) -> str | None:
    for code in vocabulary.codes(vocabulary_name):
        if (vocabulary.item(vocabulary_name, code) or {}).get("dcat") == uri:
            return code
    return None
