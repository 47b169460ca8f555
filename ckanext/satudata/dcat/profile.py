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
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import ckan.plugins as p
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
from ckanext.satudata import region, vocabulary
from ckanext.satudata.dcat import config, graphs, licences, statistics, terms
from ckanext.satudata.indicators import api as indicators

SD = terms.SD

#: The last line of a dataset's dct:description naming its unit (for
#: harvesters that read no StatDCAT-AP); taken off again when we parse.
UNIT_LINE = "Satuan: {unit}"


def without_unit_line(notes: str, unit: str) -> str:
    """``notes`` without the unit line :class:`SatudataDCATProfile` added."""
    line = UNIT_LINE.format(unit=unit.strip())
    if notes == line:
        return ""
    if notes.endswith("\n\n" + line):
        return notes[: -len(line) - 2]
    return notes


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
    "temporal_resolution",  # the granularity, in satudata_granularity
}
DCT_FORMAT = DCT["format"]
DCAT_MEDIA_TYPE = DCAT.mediaType
DCAT_ACCESS_URL = DCAT.accessURL
DCAT_DOWNLOAD_URL = DCAT.downloadURL
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPDX_CHECKSUM = SPDX.checksum
CHECKSUM_ALGORITHMS = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


Triple = tuple[Node, Node, Node]

#: What a statement of a dataset means to us, by predicate (one dict lookup
#: per statement in the single pass over a dataset's statements).
_REPLACED, _DISTRIBUTION, _IDENTIFIER, _ISSUED = range(4)
DATASET_ROLES: dict[Node, int] = {
    **dict.fromkeys(REPLACED_PREDICATES, _REPLACED),
    DCAT.distribution: _DISTRIBUTION,
    DCT.identifier: _IDENTIFIER,
    DCT.issued: _ISSUED,
}
_FORMAT, _MEDIA_TYPE, _URL, _CHECKSUM = range(4)
DISTRIBUTION_ROLES: dict[Node, int] = {
    DCT_FORMAT: _FORMAT,
    DCAT_MEDIA_TYPE: _MEDIA_TYPE,
    DCAT_ACCESS_URL: _URL,
    DCAT_DOWNLOAD_URL: _URL,
    SPDX_CHECKSUM: _CHECKSUM,
}
TEXT_ITEMS = tuple(TEXT_TERMS.items())
#: The statement of a dataset without a licence (dct:rights).
NO_LICENCE = {
    "id": "Lisensi tidak ditentukan: produsen data belum menetapkan lisensi "
    "dataset ini. Hubungi produsen data sebelum menggunakan ulang datanya.",
    "en": "No licence specified: the data producer has not set a licence "
    "for this dataset. Ask the data producer before reusing the data.",
}


class _Page:
    """What the datasets of one graph (a catalogue page) share: ckanext-dcat
    makes a new profile object for every dataset, so this lives on the
    graph. ``nodes`` maps a key (``("region", code)``, ...) to the shared
    resource described for it (or ``None`` when the value maps to none):
    the second dataset with the same OPD, region, period, code or format
    costs one dict lookup. ``structured``: the ids of the datasets with a
    data structure (read once per page)."""

    __slots__ = ("added", "nodes", "site", "structured")

    def __init__(self) -> None:
        self.site = terms.site_url()
        self.nodes: dict[tuple[Any, ...], Node | None] = {}
        self.added: set[Triple] = set()
        self.structured: frozenset[str] | None = None


class SatudataDCATProfile(RDFProfile):
    """SDI metadata <-> DCAT-AP 3 (serialize and parse)."""

    # ------------------------------------------------------------ serialize

    def graph_from_dataset(
        self, dataset_dict: dict[str, Any], dataset_ref: Node
    ) -> None:
        page = self._sd_page()
        distributions = self._sd_dataset_statements(dataset_dict, dataset_ref)
        self._sd_publisher(dataset_dict, dataset_ref, page)
        self._sd_contact(dataset_dict, dataset_ref, page)
        self._sd_region(dataset_dict, dataset_ref, page)
        self._sd_period(dataset_dict, dataset_ref, page)
        self._sd_codes(dataset_dict, dataset_ref, page)
        self._sd_provenance(dataset_dict, dataset_ref, page)
        self._sd_texts(dataset_dict, dataset_ref)
        self._sd_unit_in_description(dataset_dict, dataset_ref)
        distributions += self._sd_published_data(dataset_dict, dataset_ref)
        for distribution in distributions:
            self._sd_distribution(distribution, page)
        self._sd_licence(dataset_dict, dataset_ref, distributions, page)
        self._sd_statistics(dataset_dict, dataset_ref, page)

    def graph_from_catalog(
        self, catalog_dict: dict[str, Any] | None, catalog_ref: Node
    ) -> None:
        g = self.g
        self._sd_page()
        if not any(g.objects(catalog_ref, DCT.publisher)):
            walidata = URIRef(f"{terms.site_url()}/tentang-kami#walidata")
            name = config.publisher_name()
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

    def _sd_page(self) -> _Page:
        """The graph's :class:`_Page`; on first use, bind our prefixes (once
        per graph: rdflib re-indexes its namespace trie on every bind, which
        makes serializing slow)."""
        page = self.g.__dict__.get("_satudata_page")
        if page is None:
            page = self.g.__dict__["_satudata_page"] = _Page()
            self.g.bind("sd", SD)
            self.g.bind("sdmx-attribute", terms.SDMX_ATTRIBUTE)
            self.g.bind("sdmx-dimension", terms.SDMX_DIMENSION)
            self.g.bind("qb", terms.QB)
            self.g.bind("stat", terms.STAT)
            # A prefix for the portal's dataset URIs: rdflib caches the names
            # of URIs in a bound namespace; without one it looks each
            # dataset URI up again for every statement, in time growing
            # with the number of datasets on the page.
            self.g.bind("dataset", URIRef(f"{page.site}/dataset/"))
        return page

    def _sd_dataset_statements(self, dataset: dict[str, Any], ref: Node) -> list[Node]:
        """One pass over what euro_dcat_ap_3 said about the dataset: remove
        the statements the SDI fields replace (:data:`REPLACED`, with the
        description of the nodes they pointed to unless something else
        still points to them), make ``tanggal_rilis`` and ``kode_referensi``
        the only dct:issued and dct:identifier; its distributions."""
        g = self.g
        distributions: list[Node] = []
        identifiers: list[Node] = []
        issued: list[Node] = []
        roles = DATASET_ROLES
        for predicate, obj in list(g.predicate_objects(ref)):
            role = roles.get(predicate)
            if role is None:
                continue
            if role == _DISTRIBUTION:
                distributions.append(obj)
            elif role == _IDENTIFIER:
                identifiers.append(obj)
            elif role == _ISSUED:
                issued.append(obj)
            else:
                g.remove((ref, predicate, obj))
                if not isinstance(obj, Literal) and not any(g.subjects(None, obj)):
                    self._sd_drop(obj)
        if dataset.get("tanggal_rilis"):
            date = Literal(str(dataset["tanggal_rilis"])[:10], datatype=XSD.date)
            self._sd_replace(ref, DCT.issued, issued, date)
        if dataset.get("kode_referensi"):
            code = Literal(str(dataset["kode_referensi"]))
            self._sd_replace(ref, DCT.identifier, identifiers, code)
        return distributions

    def _sd_replace(
        self, ref: Node, predicate: URIRef, current: list[Node], value: Literal
    ) -> None:
        """Make ``value`` the only ``predicate`` of ``ref`` (``current``: its
        values now)."""
        if current == [value]:
            return
        for old in current:
            self.g.remove((ref, predicate, old))
        self.g.add((ref, predicate, value))

    def _sd_drop(self, node: Node) -> None:
        for predicate, obj in list(self.g.predicate_objects(node)):
            self.g.remove((node, predicate, obj))
            if isinstance(obj, BNode):
                self._sd_drop(obj)

    def _sd_publisher(self, dataset: dict[str, Any], ref: Node, page: _Page) -> None:
        organization = dataset.get("organization") or {}
        name = organization.get("name")
        if not name:
            return
        key = ("publisher", name)
        agent = page.nodes.get(key)
        if agent is None:
            agent = page.nodes[key] = terms.organization_uri(name)
            if (agent, RDF.type, FOAF.Agent) not in self.g:
                self.g.add((agent, RDF.type, FOAF.Agent))
                self.g.add(
                    (agent, FOAF.name, Literal(organization.get("title") or name))
                )
                self.g.add((agent, DCT.identifier, Literal(name)))
                self._sd_publisher_type(agent)
        self.g.add((ref, DCT.publisher, agent))

    def _sd_publisher_type(self, agent: URIRef) -> None:
        """ADMS publisher type (a skos:Concept): a regional authority."""
        kind = terms.ADMS_PUBLISHER_TYPE.RegionalAuthority
        self.g.add((agent, DCT.type, kind))
        if self._sd_once((kind, RDF.type, SKOS.Concept)):
            self.g.add(
                (kind, SKOS.prefLabel, Literal("Regional authority", lang="en"))
            )

    def _sd_contact(self, dataset: dict[str, Any], ref: Node, page: _Page) -> None:
        name, email = dataset.get("kontak_nama"), dataset.get("kontak_email")
        if not (name or email):
            return
        organization = (dataset.get("organization") or {}).get("name")
        if not organization:  # no OPD to share it: a blank node of its own
            self.g.add((ref, DCAT.contactPoint, self._sd_vcard(BNode(), name, email)))
            return
        key = ("contact", organization, name, email)
        contact = page.nodes.get(key)
        if contact is None:
            uri = terms.contact_uri(organization, name or "", email or "")
            contact = page.nodes[key] = self._sd_vcard(uri, name, email)
        self.g.add((ref, DCAT.contactPoint, contact))

    def _sd_vcard(self, contact: Node, name: str | None, email: str | None) -> Node:
        """``contact`` described as a vCard (once per graph)."""
        if self._sd_once((contact, RDF.type, VCARD.Kind)):
            if name:
                self.g.add((contact, VCARD.fn, Literal(name)))
            if email:
                self.g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
        return contact

    def _sd_once(self, triple: Triple) -> bool:
        """Add ``triple`` unless this graph got it from us already (shared
        descriptions repeat on every dataset of a catalogue page); whether
        it was added."""
        added = self._sd_page().added
        if triple in added:
            return False
        added.add(triple)
        self.g.add(triple)
        return True

    def _sd_shared(
        self, page: _Page, key: tuple[Any, ...], make: Callable[[], Node | None]
    ) -> Node | None:
        """The shared resource for ``key``, ``make()`` (which describes it
        in the graph) the first time."""
        try:
            return page.nodes[key]
        except KeyError:
            node = page.nodes[key] = make()
            return node

    def _sd_region(self, dataset: dict[str, Any], ref: Node, page: _Page) -> None:
        code = dataset.get("wilayah") or ""
        location = self._sd_shared(
            page, ("region", code), lambda: graphs.add_region(self.g, code)
        )
        if location is not None:
            self.g.add((ref, DCT.spatial, location))

    def _sd_period(self, dataset: dict[str, Any], ref: Node, page: _Page) -> None:
        text = str(dataset.get("tahun_data") or "")
        period = self._sd_shared(page, ("period", text), lambda: self._sd_years(text))
        if period is not None:
            self.g.add((ref, DCT.temporal, period))

    def _sd_years(self, text: str) -> Node | None:
        match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", text)
        if not match:
            return None
        start = int(match.group(1))
        return graphs.add_period(self.g, start, int(match.group(2) or start))

    def _sd_codes(self, dataset: dict[str, Any], ref: Node, page: _Page) -> None:
        for field, predicate in (
            ("frekuensi", DCT.accrualPeriodicity),
            ("keterbukaan", DCT.accessRights),
        ):
            code = dataset.get(field) or ""
            uri = self._sd_shared(
                page, (field, code), lambda f=field, c=code: self._sd_eu_code(f, c)
            )
            if uri is not None:
                self.g.add((ref, predicate, uri))
        for name in terms.THEME_SCHEMES:
            code = dataset.get(name) or ""
            concept = self._sd_shared(
                page,
                (name, code),
                lambda n=name, c=code: graphs.add_concept(self.g, n, c),
            )
            if concept is not None:
                self.g.add((ref, DCAT.theme, concept))
        for name, predicate in terms.CONCEPT_TERMS.items():
            code = dataset.get(name) or ""
            concept = self._sd_shared(
                page,
                (name, code),
                lambda n=name, c=code: graphs.add_concept(self.g, n, c),
            )
            if concept is not None:
                self.g.add((ref, predicate, concept))

    def _sd_eu_code(self, field: str, code: str) -> URIRef | None:
        """The EU vocabulary IRI of ``code`` (frekuensi, keterbukaan), typed."""
        found = vocabulary.item(field, code)
        if not (found and found.get("dcat")):
            return None
        uri = URIRef(found["dcat"])
        kind = DCT.Frequency if field == "frekuensi" else DCT.RightsStatement
        self._sd_once((uri, RDF.type, kind))
        return uri

    def _sd_provenance(self, dataset: dict[str, Any], ref: Node, page: _Page) -> None:
        if not dataset.get("sumber_data"):
            return
        text = str(dataset["sumber_data"])
        organization = (dataset.get("organization") or {}).get("name")
        if not organization:  # no OPD to share it: a blank node of its own
            statement: Node | None = self._sd_source(BNode(), text)
        else:
            statement = self._sd_shared(
                page,
                ("source", organization, text),
                lambda: self._sd_source(terms.source_uri(organization, text), text),
            )
        self.g.add((ref, DCT.provenance, statement))

    def _sd_source(self, statement: Node, text: str) -> Node:
        if self._sd_once((statement, RDF.type, DCT.ProvenanceStatement)):
            self.g.add((statement, RDFS.label, Literal(text)))
        return statement

    def _sd_texts(self, dataset: dict[str, Any], ref: Node) -> None:
        add = self.g.add
        for key, predicate in TEXT_ITEMS:
            value = dataset.get(key)
            if value:
                text = value if type(value) is str else str(value)
                add((ref, predicate, Literal(text)))

    def _sd_unit_in_description(self, dataset: dict[str, Any], ref: Node) -> None:
        """The unit also as the description's last line ("Satuan: Orang"):
        a harvester with no StatDCAT-AP or SDMX profile (ckanext-dcat's
        euro_dcat_ap_3) keeps the description, so its readers still see
        what the numbers count. :meth:`parse_dataset` takes the line off."""
        unit = str(dataset.get("satuan") or "").strip()
        if not unit:
            return
        line = UNIT_LINE.format(unit=unit)
        described = list(self.g.objects(ref, DCT.description))
        for old in described:
            self.g.remove((ref, DCT.description, old))
            text = str(old).rstrip()
            language = old.language if isinstance(old, Literal) else None
            self.g.add((ref, DCT.description, Literal(
                f"{text}\n\n{line}" if text else line, lang=language,
            )))
        if not described:
            self.g.add((ref, DCT.description, Literal(line)))

    def _sd_language(self, subject: Node) -> None:
        """Languages as EU authority IRIs (DCAT-AP wants dct:LinguisticSystem)."""
        for value in list(self.g.objects(subject, DCT.language)):
            if isinstance(value, Literal):
                self.g.remove((subject, DCT.language, value))
        uri = terms.language_uri(config.locale_default())
        if uri is not None:
            self.g.add((subject, DCT.language, uri))
            self.g.add((uri, RDF.type, DCT.LinguisticSystem))

    def _sd_published_data(self, dataset: dict[str, Any], ref: Node) -> list[Node]:
        """Published indicator values (``satudata_workflow``): the DataStore
        resource is already a CSV distribution (its dump); add the JSON dump
        and the Excel download of the same table as distributions (returned)."""
        published = next((
            r for r in dataset.get("resources") or ()
            if r.get("url_type") == "datastore" and r.get("datastore_active")
        ), None)
        if published is None:
            return []
        g = self.g
        site = terms.site_url()
        csv = URIRef(resource_uri(published))
        added: list[Node] = []
        for kind, url, media_type in (
            ("json", f"{site}/datastore/dump/{published['id']}?format=json",
             "application/json"),
            ("xlsx", f"{site}/dataset/{dataset['name']}/data.xlsx", XLSX),
        ):
            distribution = URIRef(f"{csv}#{kind}")
            added.append(distribution)
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
        return added

    def _sd_distribution(self, distribution: Node, page: _Page) -> None:
        g = self.g
        roles = DISTRIBUTION_ROLES
        for predicate, value in list(g.predicate_objects(distribution)):
            role = roles.get(predicate)
            if role is None:
                continue
            if role == _URL:
                # DCAT-AP 3's shapes want the URLs typed (an RDFS reasoner
                # would infer it; validators often run without one)
                g.add((value, RDF.type, RDFS.Resource))
            elif role == _CHECKSUM:
                self._sd_checksum(value, page)
            elif isinstance(value, Literal):
                # dct:format / dcat:mediaType as typed IRIs (EU file types, IANA)
                g.remove((distribution, predicate, value))
                uri = self._sd_shared(
                    page,
                    (role, str(value)),
                    lambda r=role, v=str(value): self._sd_file_type(r, v),
                )
                if uri is not None:
                    g.add((distribution, predicate, uri))

    def _sd_file_type(self, role: int, value: str) -> URIRef | None:
        if role == _FORMAT:
            uri, kind = terms.file_type_uri(value), DCT.MediaTypeOrExtent
        else:
            uri, kind = terms.media_type_uri(value), DCT.MediaType
        if uri is not None:
            self._sd_once((uri, RDF.type, kind))
        return uri

    def _sd_licence(
        self,
        dataset: dict[str, Any],
        ref: Node,
        distributions: list[Node],
        page: _Page,
    ) -> None:
        """The dataset's CKAN licence as ``dct:license`` of the dataset and
        of each distribution without one of its own; without a licence, a
        ``dct:rights`` statement saying so instead (docs/dcat.md)."""
        licence = licences.of_dataset(dataset)
        g = self.g
        if licence is None:
            statement = self._sd_shared(page, ("no-licence",), self._sd_no_licence)
            for subject in (ref, *distributions):
                if (subject, DCT.license, None) not in g:
                    g.add((subject, DCT.rights, statement))
            return
        document = self._sd_shared(
            page, ("licence", licence), lambda: self._sd_licence_document(licence)
        )
        for subject in (ref, *distributions):
            if (subject, DCT.license, None) not in g:
                g.add((subject, DCT.license, document))

    def _sd_licence_document(self, licence: licences.Licence) -> Node:
        """``licence`` as a dct:LicenseDocument with CKAN's title (which a
        harvester matches against its own licence list) and its ADMS
        licence types."""
        g = self.g
        document = URIRef(licence.uri) if licence.uri else BNode()
        # CKAN's title without a language: ckanext-dcat compares it as is
        g.add((document, RDF.type, DCT.LicenseDocument))
        g.add((document, DCT.title, Literal(licence.title)))
        g.add((document, DCT.identifier, Literal(licence.id)))
        for name in licence.types:
            kind = licences.ADMS_LICENCE_TYPE[name]
            g.add((document, DCT.type, kind))
            if self._sd_once((kind, RDF.type, SKOS.Concept)):
                g.add((kind, SKOS.prefLabel, Literal(name, lang="en")))
        return document

    def _sd_no_licence(self) -> Node:
        statement = BNode()
        self.g.add((statement, RDF.type, DCT.RightsStatement))
        for lang, text in NO_LICENCE.items():
            self.g.add((statement, RDFS.label, Literal(text, lang=lang)))
        return statement

    def _sd_statistics(self, dataset: dict[str, Any], ref: Node, page: _Page) -> None:
        """StatDCAT-AP: the unit(s) and, for a dataset with a data structure
        (``satudata_indicators``), its dimensions and series."""
        def unit_node(label: str) -> Node:
            return self._sd_shared(  # type: ignore[return-value]
                page, ("unit", label),
                lambda: statistics.unit_concept(
                    self.g, URIRef(f"{page.site}/ns#satuan-{quote(label, safe='')}"),
                    label,
                ),
            )

        statistics.add_units(self.g, ref, [dataset.get("satuan") or ""], unit_node)
        if not (dataset.get("id") and p.plugin_loaded("satudata_indicators")):
            return
        # one query per catalogue page for which datasets have a structure
        if page.structured is None:
            page.structured = indicators.structured_package_ids()
        if dataset["id"] not in page.structured:
            return
        structure = indicators.structure_of(dataset["id"])
        if structure is not None:
            statistics.add_structure(self.g, ref, structure, unit_node, self._sd_once)

    def _sd_checksum(self, checksum: Node, page: _Page) -> None:
        """The checksum's algorithm, from the length of its value."""
        value, has_algorithm = None, False
        for predicate, obj in self.g.predicate_objects(checksum):
            if predicate == SPDX.checksumValue:
                value = obj
            elif predicate == SPDX.algorithm:
                has_algorithm = True
        if has_algorithm:
            return
        length = len(str(value or ""))
        uri = self._sd_shared(
            page, ("checksum", length), lambda: self._sd_algorithm(length)
        )
        if uri is not None:
            self.g.add((checksum, SPDX.algorithm, uri))

    def _sd_algorithm(self, length: int) -> URIRef | None:
        algorithm = CHECKSUM_ALGORITHMS.get(length)
        if algorithm is None:
            return None
        uri = SPDX[f"checksumAlgorithm_{algorithm}"]
        self._sd_once((uri, RDF.type, SPDX.ChecksumAlgorithm))
        return uri

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
        licence_id = self._sd_parse_licence(dataset_ref)
        if licence_id:
            found["license_id"] = licence_id
        statistical = statistics.parse(g, dataset_ref)
        if found.get("satuan") and dataset_dict.get("notes"):
            dataset_dict["notes"] = without_unit_line(
                dataset_dict["notes"], found["satuan"]
            )
        # euro_dcat_ap_3's scheming lists: ours are kontak_* and the
        # publisher_* extras (the publisher is the owning organization)
        dataset_dict.pop("contact", None)
        dataset_dict.pop("publisher", None)
        dataset_dict["extras"] = [
            extra
            for extra in dataset_dict.get("extras", [])
            if extra["key"] not in PARSED_EXTRAS_REPLACED
            and extra["key"] not in found
            and extra["key"] not in statistical
        ]
        dataset_dict["extras"] += [
            {"key": key, "value": value} for key, value in statistical.items()
        ]
        dataset_dict.update(found)
        return dataset_dict

    def _sd_parse_licence(self, ref: Node) -> str | None:
        """The CKAN licence id of the dataset's licence (its own
        dct:license, else its distributions'): by URI, else by title."""
        documents = [
            *self.g.objects(ref, DCT.license),
            *(
                document
                for distribution in self.g.objects(ref, DCAT.distribution)
                for document in self.g.objects(distribution, DCT.license)
            ),
        ]
        for document in documents:
            found = (
                licences.id_of(str(document)) if isinstance(document, URIRef) else None
            )
            title = self.g.value(document, DCT.title)
            if not found and title is not None:
                found = licences.id_of_title(str(title))
            if found:
                return found
        return None

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
        for name, predicate in terms.CONCEPT_TERMS.items():
            value = self.g.value(ref, predicate)
            concept = terms.concept_of(str(value)) if value is not None else None
            if (
                concept
                and concept[0] == name
                and vocabulary.item(*concept) is not None
            ):
                found[name] = concept[1]
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
