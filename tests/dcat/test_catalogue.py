"""The DCAT catalogue the national portal harvests: the whole demo
catalogue validates against the official DCAT-AP 3 SHACL shapes, parses
back into the same SDI fields, imports into a second CKAN site, and shows
only terbuka datasets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ckan.tests import helpers
from pyshacl import validate
from rdflib import RDF, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from ckanext.dcat.processors import RDFParser
from ckanext.satudata.catalogue import indexing
from ckanext.satudata.demo import loader

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

#: the official SEMIC shapes (see shapes/README.md)
SHAPES = Path(__file__).parent / "shapes" / "dcat-ap_3_shacl_shapes.ttl"
SH = Namespace("http://www.w3.org/ns/shacl#")
PROFILES = ["euro_dcat_ap_3", "satudata"]
#: the SDI fields a harvester gets back (kontak_email included)
#: The Capaian Kinerja marks (``satudata_performance``) are the portal's
#: own, not SDI metadata: they are not federated.
PORTAL_ONLY = ("indikator_kinerja", "kinerja_komponen", "kinerja_target",
               "kinerja_arah")
SDI_FIELDS = (*(field for field in indexing.sdi_text_fields()
                if field not in PORTAL_ONLY), "kontak_email")


def _public_datasets() -> list[dict[str, Any]]:
    result = helpers.call_action("package_search", {"user": ""}, rows=1000)
    return result["results"]


def _catalogue(app: Any, fmt: str = "ttl", **params: Any) -> str:
    response = app.get(f"/catalog.{fmt}", query_string=params, status=200)
    return response.get_data(as_text=True)


def _parse(text: str, fmt: str = "turtle") -> list[dict[str, Any]]:
    parser = RDFParser(profiles=PROFILES)
    parser.parse(text, _format=fmt)
    return list(parser.datasets())


@pytest.fixture
def demo() -> None:
    loader.load(echo=lambda _line: None)


def test_demo_catalogue_is_valid_dcat_ap_3(app, demo):
    text = _catalogue(app)
    data = Graph().parse(data=text, format="turtle")
    assert (
        len(
            set(
                data.subjects(RDF.type, Namespace("http://www.w3.org/ns/dcat#").Dataset)
            )
        )
        == len(_public_datasets())
        == 49
    )
    conforms, report, _text = validate(
        data, shacl_graph=Graph().parse(SHAPES), inference="none"
    )
    results = list(report.subjects(RDF.type, SH.ValidationResult))
    severities = [report.value(r, SH.resultSeverity) for r in results]
    warnings = [
        f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}: "
        f"{report.value(r, SH.resultMessage)}"
        for r, severity in zip(results, severities, strict=True)
        if severity != SH.Violation
    ]
    print(f"DCAT-AP 3 SHACL: {len(warnings)} warnings", *warnings, sep="\n  ")
    assert SH.Violation not in severities, _text
    assert conforms


def test_catalogue_parses_back_into_the_same_sdi_fields(app, demo):
    originals = {d["id"]: d for d in _public_datasets()}
    parsed = _parse(_catalogue(app))
    assert len(parsed) == len(originals)
    for dataset in parsed:
        uri = {e["key"]: e["value"] for e in dataset["extras"]}["uri"]
        original = originals[uri.rsplit("/", 1)[-1]]
        for field in SDI_FIELDS:
            assert dataset.get(field) == original.get(field), (original["name"], field)
        assert dataset["title"] == original["title"]
        publisher = {e["key"]: e["value"] for e in dataset["extras"]}
        assert publisher["publisher_name"] == original["organization"]["title"]
        assert publisher["publisher_identifier"] == original["organization"]["name"]


def test_only_terbuka_datasets_are_published(app, demo):
    closed = helpers.call_action(
        "package_search",
        {"ignore_auth": True},
        include_private=True,
        fq="-keterbukaan:terbuka",
        rows=100,
    )["results"]
    assert len(closed) == 6
    texts = [_catalogue(app, fmt) for fmt in ("ttl", "rdf", "jsonld", "xml")]
    for dataset in closed:
        for text in texts:
            assert dataset["id"] not in text and dataset["title"] not in text
        for fmt in ("ttl", "rdf", "jsonld"):
            response = app.get(f"/dataset/{dataset['name']}.{fmt}")
            assert response.status_code in (403, 404)
            assert dataset["title"] not in response.get_data(as_text=True)


def test_paging_and_modified_since(app, demo, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.dcat.datasets_per_page", 20)
    pages = [_parse(_catalogue(app, page=n)) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [20, 20, 9]
    titles = [d["title"] for p in pages for d in p]
    assert len(set(titles)) == 49
    changed = _public_datasets()[0]
    helpers.call_action(
        "package_patch",
        {"ignore_auth": True, "user": "walidata"},
        id=changed["id"],
        satuan="Jiwa (revisi)",
    )
    since = helpers.call_action("package_show", id=changed["id"])["metadata_modified"]
    recent = _parse(_catalogue(app, modified_since=since[:19]))
    assert [d["satuan"] for d in recent] == ["Jiwa (revisi)"]


def test_second_site_imports_the_catalogue(app, demo, reset_db):
    """A second CKAN site with the same plugins reads our catalogue with
    ckanext-dcat's parser and our profile, and creates what it finds."""
    originals = {d["title"]: d for d in _public_datasets()}
    parsed = _parse(_catalogue(app, "rdf"), fmt="xml")

    reset_db()  # the second site starts empty
    from ckanext.satudata.testing import migrate_plugin_tables

    migrate_plugin_tables()
    site_user = helpers.call_action("get_site_user", {"ignore_auth": True})["name"]
    context = {"user": site_user, "ignore_auth": True}
    for dataset in parsed:
        extras = {e["key"]: e["value"] for e in dataset["extras"]}
        organization = extras["publisher_identifier"]
        if not helpers.call_action(
            "organization_list", context, organizations=[organization]
        ):
            helpers.call_action(
                "organization_create",
                dict(context),
                name=organization,
                title=extras["publisher_name"],
            )
        dataset = {
            **dataset,
            "owner_org": organization,
            "resources": [],
            "name": f"harvest-{extras['uri'].rsplit('/', 1)[-1]}",
        }
        helpers.call_action("package_create", dict(context), **dataset)

    imported = {d["title"]: d for d in _public_datasets()}
    assert set(imported) == set(originals)
    for title, original in originals.items():
        copy = imported[title]
        assert copy["organization"]["title"] == original["organization"]["title"]
        for field in ("wilayah", "tahun_data", "keterbukaan", "urusan", "frekuensi"):
            assert copy[field] == original[field], (title, field)


def test_concept_schemes_and_regions_dereference(app):
    graph = Graph().parse(
        data=app.get("/kosakata/urusan.ttl").get_data(as_text=True), format="turtle"
    )
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 42
    health = next(c for c in concepts if str(c).endswith("/kosakata/urusan/1.02"))
    assert {str(v) for v in graph.objects(health, SKOS.prefLabel)} == {
        "Kesehatan",
        "Health",
    }
    for url in (
        "/kosakata/kategori.jsonld",
        "/kosakata/urusan/2.12",
        "/wilayah/33.74.10",
        "/wilayah/3374.rdf",
        "/ns",
    ):
        assert app.get(url).status_code == 200, url
    region = Graph().parse(
        data=app.get("/wilayah/33.74.10").get_data(as_text=True), format="turtle"
    )
    assert "Tembalang" in {str(o) for o in region.objects(None, SKOS.prefLabel)}
    for url in ("/kosakata/rahasia", "/kosakata/urusan/9.99", "/wilayah/99.99"):
        assert app.get(url).status_code == 404, url


def test_periods_dereference_as_periods_of_time(app):
    dcat = "http://www.w3.org/ns/dcat#"
    graph = Graph().parse(
        data=app.get("/periode/2020-2024").get_data(as_text=True), format="turtle"
    )
    period = next(graph.subjects(RDF.type, DCTERMS.PeriodOfTime))
    assert str(period).endswith("/periode/2020-2024")
    assert graph.value(period, URIRef(dcat + "startDate")) == Literal(
        "2020-01-01", datatype=XSD.date)
    assert graph.value(period, URIRef(dcat + "endDate")) == Literal(
        "2024-12-31", datatype=XSD.date)
    assert app.get("/periode/2024.jsonld").status_code == 200
    for url in ("/periode/2024-2020", "/periode/abcd", "/periode/2024.exe"):
        assert app.get(url).status_code == 404, url
