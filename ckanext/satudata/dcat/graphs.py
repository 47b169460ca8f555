"""RDF descriptions of the portal's reference data: SKOS concept schemes
of the vocabularies, dct:Location resources of region codes and
dct:PeriodOfTime resources of years. The DCAT profile adds the pieces it
points to; the views publish the whole."""

from __future__ import annotations

from rdflib import RDF, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS as DCT

from ckanext.satudata import region, vocabulary
from ckanext.satudata.dcat import terms

LOCN_GEOGRAPHIC_NAME = URIRef("http://www.w3.org/ns/locn#geographicName")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
LANGS = ("id", "en")


def _first_time(graph: Graph, node: URIRef) -> bool:
    """Whether ``node`` is not described in ``graph`` yet (and now counts
    as described): catalogue pages repeat the same concepts, regions and
    periods on every dataset."""
    described: set[URIRef] = graph.__dict__.setdefault("_satudata_described", set())
    if node in described:
        return False
    described.add(node)
    return True


def new_graph() -> Graph:
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("dct", DCT)
    graph.bind("locn", "http://www.w3.org/ns/locn#")
    graph.bind("sd", terms.SD)
    return graph


def add_concept(graph: Graph, name: str, code: str) -> URIRef | None:
    """The concept of ``code`` in scheme ``name``, typed and labelled."""
    item = vocabulary.item(name, code)
    if item is None:
        return None
    concept = terms.concept_uri(name, code)
    if not _first_time(graph, concept):
        return concept
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, SKOS.notation, Literal(code)))
    graph.add((concept, SKOS.inScheme, terms.scheme_uri(name)))
    for lang in LANGS:
        label = item["label"].get(lang)
        if label:
            graph.add((concept, SKOS.prefLabel, Literal(label, lang=lang)))
        definition = (item.get("definition") or {}).get(lang)
        if definition:
            graph.add((concept, SKOS.definition, Literal(definition, lang=lang)))
    return concept


def add_scheme(graph: Graph, name: str) -> URIRef:
    """The whole concept scheme of vocabulary ``name``."""
    data = vocabulary.vocabulary(name)
    scheme = terms.scheme_uri(name)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    for lang in LANGS:
        title = data["title"].get(lang)
        if title:
            graph.add((scheme, SKOS.prefLabel, Literal(title, lang=lang)))
            graph.add((scheme, DCT.title, Literal(title, lang=lang)))
    if data.get("source"):
        graph.add((scheme, DCT.source, Literal(data["source"])))
    for code in vocabulary.codes(name):
        concept = add_concept(graph, name, code)
        graph.add((scheme, SKOS.hasTopConcept, concept))
        graph.add((concept, SKOS.topConceptOf, scheme))
    return scheme


def add_region(graph: Graph, code: str) -> URIRef | None:
    """A region code as a dct:Location with its official name."""
    found = region.find(code)
    if found is None:
        return None
    location = terms.region_uri(found.code)
    if not _first_time(graph, location):
        return location
    graph.add((location, RDF.type, DCT.Location))
    graph.add((location, DCT.identifier, Literal(found.code)))
    graph.add((location, SKOS.prefLabel, Literal(found.name, lang="id")))
    graph.add((location, LOCN_GEOGRAPHIC_NAME, Literal(found.path, lang="id")))
    graph.add((location, terms.SD.tingkatWilayah, Literal(found.type)))
    parent = ".".join(found.code.split(".")[:-1])
    if parent:
        graph.add((location, terms.SD.bagianDari, terms.region_uri(parent)))
    return location


def add_period(graph: Graph, start: int, end: int) -> URIRef:
    """The years ``start`` to ``end`` as a dct:PeriodOfTime."""
    period = terms.period_uri(start, end)
    if not _first_time(graph, period):
        return period
    graph.add((period, RDF.type, DCT.PeriodOfTime))
    graph.add((period, DCAT.startDate, Literal(f"{start}-01-01", datatype=XSD.date)))
    graph.add((period, DCAT.endDate, Literal(f"{end}-12-31", datatype=XSD.date)))
    return period
