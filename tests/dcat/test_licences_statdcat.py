"""Licences and StatDCAT-AP in the DCAT description: every dataset and
distribution carries the dataset's CKAN licence as its canonical URI (a
dataset without one says so with a rights statement instead), an
indicator dataset publishes its unit, dimensions and series in StatDCAT-AP
terms, and our profile parses both back."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ckan.tests import factories, helpers
from pyshacl import validate
from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from ckanext.dcat.processors import RDFParser
from ckanext.satudata.dcat import licences
from ckanext.satudata.testing import sdi_fields

from .test_catalogue import PROFILES, SH, SHAPES

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
STAT = Namespace("http://data.europa.eu/(xyz)/statdcat-ap/")
SDMX_DIM = "http://purl.org/linked-data/sdmx/2009/dimension#"
SDMX_ATT = "http://purl.org/linked-data/sdmx/2009/attribute#"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
FORMATS = {"ttl": "turtle", "rdf": "xml", "xml": "xml", "jsonld": "json-ld"}


def _graph(app: Any, url: str, fmt: str = "ttl") -> Graph:
    text = app.get(url, status=200).get_data(as_text=True)
    return Graph().parse(data=text, format=FORMATS[fmt])


def _parse(graph: Graph) -> list[dict[str, Any]]:
    parser = RDFParser(profiles=PROFILES)
    parser.g = graph
    return list(parser.datasets())


def _extras(dataset: dict[str, Any]) -> dict[str, str]:
    return {e["key"]: e["value"] for e in dataset["extras"]}


@pytest.fixture
def catalogue_data(opd: dict[str, Any]) -> dict[str, Any]:
    """The OPD's dataset (cc-by, two resources), one under ODbL and one
    without a licence."""
    organization = opd["organization"]["id"]
    datasets = {"cc-by": opd["dataset"]}
    for licence_id, name in (("odc-odbl", "odbl"), ("", "tanpa-lisensi")):
        datasets[licence_id] = factories.Dataset(
            name=name, title=name, owner_org=organization, license_id=licence_id,
            **sdi_fields(kode_referensi=f"DS-{name}"),
        )
    for dataset in datasets.values():
        for number in (1, 2):
            factories.Resource(
                package_id=dataset["id"], url=f"https://example.org/{number}.csv",
                format="CSV",
            )
    helpers.call_action(
        "package_patch", {"ignore_auth": True, "user": opd["operator"]["name"]},
        id=opd["dataset"]["id"], license_id="cc-by",
    )
    return datasets


def test_every_dataset_and_distribution_has_its_licence(app, catalogue_data):
    expected = {
        "penduduk-kecamatan": CC_BY,
        "odbl": URIRef("https://opendatacommons.org/licenses/odbl/1-0/"),
    }
    for fmt in FORMATS:
        graph = _graph(app, f"/catalog.{fmt}", fmt)
        datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
        assert len(datasets) == 3
        for dataset in datasets:
            name = str(graph.value(dataset, DCT.title))
            if name == "Jumlah Penduduk Menurut Jenis Kelamin":
                name = "penduduk-kecamatan"
            distributions = list(graph.objects(dataset, DCAT.distribution))
            assert len(distributions) == 2
            if name == "tanpa-lisensi":  # no invented licence: a statement
                for subject in (dataset, *distributions):
                    assert (subject, DCT.license, None) not in graph
                    statement = graph.value(subject, DCT.rights)
                    assert (statement, RDF.type, DCT.RightsStatement) in graph
                    labels = {str(v) for v in graph.objects(statement, RDFS.label)}
                    assert any(v.startswith("No licence specified") for v in labels)
                continue
            for subject in (dataset, *distributions):
                assert list(graph.objects(subject, DCT.license)) == [expected[name]]
            document = expected[name]
            assert (document, RDF.type, DCT.LicenseDocument) in graph
        cc_by = graph.value(CC_BY, DCT.title)
        assert str(cc_by) == "Creative Commons Attribution"
        # one dataset's own description says the same
        one = _graph(app, f"/dataset/odbl.{fmt}", fmt)
        assert len(set(one.subjects(DCT.license, expected["odbl"]))) == 3


def test_licences_parse_back_and_stay_valid(app, catalogue_data):
    graph = _graph(app, "/catalog.ttl")
    parsed = {d["title"]: d["license_id"] for d in _parse(graph)}
    assert parsed == {
        "Jumlah Penduduk Menurut Jenis Kelamin": "cc-by",
        "odbl": "odc-odbl",
        "tanpa-lisensi": "",
    }
    conforms, report, text = validate(
        graph, shacl_graph=Graph().parse(SHAPES), inference="none")
    severities = [report.value(r, SH.resultSeverity)
                  for r in report.subjects(RDF.type, SH.ValidationResult)]
    assert SH.Violation not in severities, text


@pytest.mark.parametrize(("uri", "expected"), [
    ("https://creativecommons.org/licenses/by/4.0/", "cc-by"),
    ("http://creativecommons.org/licenses/by/4.0", "cc-by"),
    ("http://www.opendefinition.org/licenses/cc-by", "cc-by"),  # CKAN's own URL
    ("https://opendatacommons.org/licenses/pddl/1-0/", "odc-pddl"),
    ("https://example.org/licence", None),
])
def test_licence_ids_of_uris(uri, expected):
    assert licences.id_of(uri) == expected


def test_every_ckan_licence_with_a_url_has_a_canonical_uri():
    """The licences CKAN offers (ckan.model.license): each one with a
    document maps to a canonical URI, each one without stays without."""
    from ckan.model.license import LicenseRegister

    for licence_id, licence in LicenseRegister().items():
        found = licences.of_dataset({
            "license_id": licence_id, "license_title": licence.title,
            "license_url": licence.url,
        })
        if licence_id == "notspecified":
            assert found is None
        elif licence.url:
            assert found is not None
            assert found.uri == licences.CANONICAL_URIS[licence_id]
            assert licences.id_of(licence.url) == licence_id
        else:
            assert found is not None and found.uri is None


def test_indicator_dataset_in_statdcat_ap(app, structured):
    """The POPULATION structure: 16 kecamatan x 3 components, semesters."""
    graph = _graph(app, "/dataset/penduduk-kecamatan.ttl")
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    assert set(graph.objects(dataset, STAT.dimension)) == {
        URIRef(SDMX_DIM + "refPeriod"), URIRef(SDMX_DIM + "refArea")}
    assert list(graph.objects(dataset, STAT.attribute)) == [
        URIRef(SDMX_ATT + "unitMeasure")]
    assert graph.value(dataset, STAT.numSeries).toPython() == 48
    units = {str(graph.value(u, SKOS.prefLabel))
             for u in graph.objects(dataset, STAT.statUnitMeasure)}
    assert units == {"Orang", "Persen"}
    assert str(graph.value(dataset, DCAT.temporalResolution)) == "P6M"

    parsed = _extras(_parse(graph)[0])
    assert json.loads(parsed["stat_unit_measure"]) == ["Orang", "Persen"]
    assert json.loads(parsed["stat_dimension"]) == [
        SDMX_DIM + "refArea", SDMX_DIM + "refPeriod"]
    assert json.loads(parsed["stat_attribute"]) == [SDMX_ATT + "unitMeasure"]
    assert parsed["stat_num_series"] == "48"
    assert parsed["satudata_granularity"] == "semester"
    assert parsed["satudata_breakdown"] == "kecamatan"
    assert json.loads(parsed["satudata_components"]) == [
        {"code": "laki_laki", "name": "Laki-laki", "unit": "Orang", "type": "integer"},
        {"code": "perempuan", "name": "Perempuan", "unit": "Orang", "type": "integer"},
        {"code": "rasio", "name": "Rasio jenis kelamin", "unit": "Persen",
         "type": "decimal"},
    ]
    assert "temporal_resolution" not in parsed
    conforms, report, text = validate(
        graph, shacl_graph=Graph().parse(SHAPES), inference="none")
    severities = [report.value(r, SH.resultSeverity)
                  for r in report.subjects(RDF.type, SH.ValidationResult)]
    assert SH.Violation not in severities, text


def test_category_breakdown_and_a_dataset_without_structure(app, opd):
    helpers.call_action(
        "package_patch", {"ignore_auth": True, "user": opd["operator"]["name"]},
        id=opd["dataset"]["id"], satuan="Unit",
    )
    graph = _graph(app, "/dataset/penduduk-kecamatan.ttl")
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    # no structure: the unit only, no dimensions
    assert [str(graph.value(u, SKOS.prefLabel))
            for u in graph.objects(dataset, STAT.statUnitMeasure)] == ["Unit"]
    assert (dataset, STAT.dimension, None) not in graph
    helpers.call_action(
        "satudata_structure_update", {"user": opd["operator"]["name"]},
        id=opd["dataset"]["id"],
        components=[{"code": "jumlah", "name": "Jumlah", "unit": "Unit",
                     "type": "integer", "required": True}],
        breakdown={"type": "category", "categories": [
            {"code": "a", "name": "A"}, {"code": "b", "name": "B"}]},
        granularity="tahunan", first_period="2024",
    )
    graph = _graph(app, "/dataset/penduduk-kecamatan.ttl")
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    own = URIRef(f"{dataset}#dimensi-kategori")
    assert set(graph.objects(dataset, STAT.dimension)) == {
        URIRef(SDMX_DIM + "refPeriod"), own}
    assert graph.value(own, RDFS.label) == Literal("Kategori", lang="id")
    assert graph.value(dataset, STAT.numSeries).toPython() == 2
    parsed = _extras(_parse(graph)[0])
    assert parsed["satudata_breakdown"] == "kategori"
    assert json.loads(parsed["stat_unit_measure"]) == ["Unit"]


def test_a_plain_dcat_ap_3_parser_keeps_the_licence(app, catalogue_data):
    """A harvester with euro_dcat_ap_3 alone (no satudata profile) finds
    the licence in its own licence list by the licence document's title,
    and the unit as the description's last line; our profile takes that
    line off again."""
    text = app.get("/catalog.ttl").get_data(as_text=True)
    parser = RDFParser(profiles=["euro_dcat_ap_3"])
    parser.parse(text, _format="turtle")
    plain = list(parser.datasets())
    for dataset in plain:
        assert dataset["notes"].endswith("Satuan: Orang"), dataset["notes"]
    ours = RDFParser(profiles=["euro_dcat_ap_3", "satudata"])
    ours.parse(text, _format="turtle")
    for dataset in ours.datasets():
        assert "Satuan:" not in dataset["notes"]
        assert dataset["satuan"] == "Orang"
    parsed = {d["title"]: d.get("license_id") for d in plain}
    assert parsed == {
        "Jumlah Penduduk Menurut Jenis Kelamin": "cc-by",
        "odbl": "odc-odbl",
        "tanpa-lisensi": "",
    }
