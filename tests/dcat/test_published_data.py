"""Published indicator values (satudata_workflow) appear in the dataset's
DCAT description as three distributions — the DataStore dump as CSV and
JSON, and the Excel download — with formats and media types, and the
description still validates against the DCAT-AP 3 shapes."""

from __future__ import annotations

from typing import Any

import pytest
from pyshacl import validate
from rdflib import RDF, Graph, Namespace, URIRef

from tests.workflow.support import to_state

from .test_catalogue import SH, SHAPES

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
IANA = "https://www.iana.org/assignments/media-types/"
EU_FILE = "http://publications.europa.eu/resource/authority/file-type/"


def _graph(app: Any) -> Graph:
    response = app.get("/dataset/penduduk-kecamatan.ttl", status=200)
    return Graph().parse(data=response.get_data(as_text=True), format="turtle")


def test_no_distributions_before_publication(app: Any, people: dict[str, Any]) -> None:
    to_state(people, "verified")
    graph = _graph(app)
    assert not list(graph.subjects(RDF.type, DCAT.Distribution))


def test_published_values_are_three_distributions(
    app: Any, people: dict[str, Any]
) -> None:
    to_state(people, "published")
    graph = _graph(app)
    distributions = set(graph.subjects(RDF.type, DCAT.Distribution))
    media = {str(graph.value(d, DCAT.mediaType)) for d in distributions}
    formats = {str(graph.value(d, DCT["format"])) for d in distributions}
    assert media == {
        IANA + "text/csv", IANA + "application/json",
        IANA + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert formats == {EU_FILE + "CSV", EU_FILE + "JSON", EU_FILE + "XLSX"}
    urls = {str(graph.value(d, DCAT.downloadURL)) for d in distributions}
    assert any(u.endswith("/dataset/penduduk-kecamatan/data.xlsx") for u in urls)
    assert any("/datastore/dump/" in u and u.endswith("format=json") for u in urls)
    for url in urls:  # each download answers
        path = url.split("test.ckan.net", 1)[-1]
        assert app.get(path).status_code == 200, url
    conforms, report, text = validate(
        graph, shacl_graph=Graph().parse(SHAPES), inference="none")
    severities = [report.value(r, SH.resultSeverity)
                  for r in report.subjects(RDF.type, SH.ValidationResult)]
    assert SH.Violation not in severities, text
    assert isinstance(next(iter(distributions)), URIRef)
