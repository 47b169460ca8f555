"""The access level (``level_akses``, after the Bappenas DTSEN data service):
validated through the action layer against the access class, shown on the
dataset page and the Daftar Data, published in DCAT."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers
from pyshacl import validate
from rdflib import RDF, SKOS, Graph, Literal, Namespace, URIRef

from ckanext.dcat.processors import RDFParser
from ckanext.satudata import vocabulary
from ckanext.satudata.testing import sdi_fields

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

SD = Namespace("https://w3id.org/satudata/ns#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Path(__file__).parents[1] / "dcat" / "shapes" / "dcat-ap_3_shacl_shapes.ttl"


@pytest.fixture
def operator() -> dict[str, Any]:
    user = factories.User(name="operator-dinsos")
    factories.Organization(
        name="dinsos",
        title="Dinas Sosial",
        users=[{"name": user["name"], "capacity": "editor"}],
    )
    return user


def _create(operator: dict[str, Any], name: str = "dtks", **fields: Any) -> dict:
    return helpers.call_action(
        "package_create",
        {"user": operator["name"]},
        name=name,
        title=f"Data {name}",
        owner_org="dinsos",
        **fields,
    )


def _errors(operator: dict[str, Any], **fields: Any) -> dict[str, list[str]]:
    with pytest.raises(tk.ValidationError) as caught:
        _create(operator, **fields)
    assert model.Session.query(model.Package).count() == 0, "nothing is stored"
    return caught.value.error_dict


# ---- the vocabulary ------------------------------------------------------


def test_vocabulary_has_four_levels_with_labels_and_definitions():
    shown = helpers.call_action("satudata_vocabulary_show", id="level_akses")
    assert [item["value"] for item in shown["items"]] == ["1", "2", "3", "4"]
    assert shown["title"] == {"id": "Level Akses", "en": "Access level"}
    labels = [item["label"]["id"] for item in shown["items"]]
    assert labels == [
        "Level 1: Agregat terbuka",
        "Level 2: Agregat kustom",
        "Level 3: Mikro tanpa identitas",
        "Level 4: Mikro dengan identitas",
    ]
    for item in shown["items"]:
        assert item["label"]["en"] and item["definition"]["en"]
        assert item["definition"]["id"]
    # level 1 is open data; 2-4 need a request; 3-4 the BAST
    flags = [(i["public"], i["request"], i["bast"]) for i in shown["items"]]
    assert flags == [
        (True, False, False),
        (False, True, False),
        (False, True, True),
        (False, True, True),
    ]


# ---- validation through the action layer --------------------------------


@pytest.mark.parametrize(
    ("keterbukaan", "level"),
    [("terbuka", "1"), ("terbatas", "2"), ("terbatas", "3"), ("rahasia", "4")],
)
def test_matching_levels_are_stored(operator, keterbukaan, level):
    created = _create(
        operator, **sdi_fields(keterbukaan=keterbukaan, level_akses=level)
    )
    shown = helpers.call_action("package_show", id=created["id"])
    assert shown["level_akses"] == level
    assert shown["keterbukaan"] == keterbukaan


def test_level_is_optional(operator):
    created = _create(operator, **sdi_fields(keterbukaan="terbatas"))
    assert "level_akses" not in created
    blank = _create(operator, name="blank", **sdi_fields(level_akses=""))
    assert "level_akses" not in blank


def test_number_is_taken_as_its_code(operator):
    created = _create(operator, **sdi_fields(keterbukaan="terbatas", level_akses=3))
    assert created["level_akses"] == "3"


def test_unknown_level_is_refused(operator):
    errors = _errors(operator, **sdi_fields(level_akses="5"))
    assert list(errors) == ["level_akses"]
    assert '"5"' in errors["level_akses"][0]
    assert "1, 2, 3, 4" in errors["level_akses"][0]


@pytest.mark.parametrize("level", ["2", "3", "4"])
def test_open_data_cannot_have_a_request_level(operator, level):
    errors = _errors(operator, **sdi_fields(keterbukaan="terbuka", level_akses=level))
    assert list(errors) == ["level_akses"], "the error names the field"
    (message,) = errors["level_akses"]
    assert level in message and "terbuka" in message


@pytest.mark.parametrize("keterbukaan", ["terbatas", "rahasia"])
def test_restricted_data_may_keep_level_1(operator, keterbukaan):
    """The rule is one-way (terbuka -> level 1): closing an open dataset
    does not require changing its level as well."""
    created = _create(operator, **sdi_fields(keterbukaan=keterbukaan, level_akses="1"))
    assert (created["level_akses"], created["private"]) == ("1", True)


def test_restricted_dataset_cannot_be_opened_while_its_level_needs_a_request(
    operator,
):
    created = _create(operator, **sdi_fields(keterbukaan="terbatas", level_akses="3"))
    context = {"user": operator["name"]}
    with pytest.raises(tk.ValidationError) as caught:
        helpers.call_action(
            "package_patch", context, id=created["id"], keterbukaan="terbuka"
        )
    assert list(caught.value.error_dict) == ["level_akses"]
    shown = helpers.call_action("package_show", id=created["id"])
    assert (shown["keterbukaan"], shown["private"]) == ("terbatas", True)
    opened = helpers.call_action(
        "package_patch",
        context,
        id=created["id"],
        keterbukaan="terbuka",
        level_akses="1",
    )
    assert (opened["level_akses"], opened["private"]) == ("1", False)
    cleared = helpers.call_action(
        "package_patch", context, id=created["id"], level_akses=""
    )
    assert "level_akses" not in cleared


def test_draft_without_access_class_may_have_a_level(operator):
    draft = _create(operator, state="draft", level_akses="4")
    assert draft["level_akses"] == "4"


# ---- pages ---------------------------------------------------------------


@pytest.fixture
def catalogue(operator) -> dict[str, dict[str, Any]]:
    return {
        "rekap-dtks": _create(
            operator,
            name="rekap-dtks",
            **sdi_fields(keterbukaan="terbuka", level_akses="1"),
        ),
        "kpm-bansos": _create(
            operator,
            name="kpm-bansos",
            **sdi_fields(
                keterbukaan="terbatas", level_akses="3", kategori="data_mikro"
            ),
        ),
    }


def _page(app: Any, url: str, **headers: str) -> BeautifulSoup:
    response = app.get(url, headers=headers, status=200)
    return BeautifulSoup(response.body, "html.parser")


def _text(node: Any) -> str:
    assert node is not None
    return " ".join(node.get_text(" ").split())


def _metadata(soup: BeautifulSoup) -> dict[str, str]:
    table = soup.select_one("section.satudata-metadata")
    return {_text(row.find("th")): _text(row.find("td")) for row in table.select("tr")}


def test_dataset_page_shows_the_level_and_what_it_means(app, catalogue):
    rows = _metadata(_page(app, "/dataset/rekap-dtks"))
    definition = vocabulary.item("level_akses", "1")["definition"]["id"]
    assert rows["Level Akses"] == f"Level 1: Agregat terbuka. {definition}"

    walidata = factories.Sysadmin()
    token = factories.APIToken(user=walidata["name"])["token"]
    soup = _page(app, "/dataset/kpm-bansos", Authorization=token)
    assert _metadata(soup)["Level Akses"].startswith(
        "Level 3: Mikro tanpa identitas. Data individu (mikro)"
    )
    notice = soup.select_one(".satudata-access-notice")
    assert _text(notice.select_one(".satudata-level-3")) == (
        "Level 3: Mikro tanpa identitas"
    )

    english = _page(app, "/en/dataset/rekap-dtks")
    assert _metadata(english)["Access level"].startswith("Level 1: Open aggregate.")


def test_dataset_form_offers_the_levels(app, catalogue, operator):
    token = factories.APIToken(user=operator["name"])["token"]
    soup = _page(app, "/dataset/edit/kpm-bansos", Authorization=token)
    select = soup.find("select", attrs={"name": "level_akses"})
    options = [(o["value"], _text(o)) for o in select.find_all("option")]
    assert options[0][0] == "", "a blank choice: the field is optional"
    assert [value for value, _label in options[1:]] == ["1", "2", "3", "4"]
    assert options[3] == ("3", "Level 3: Mikro tanpa identitas")
    assert select.find("option", selected=True)["value"] == "3"
    assert soup.find("label", attrs={"for": select["id"]})


def test_daftar_data_has_an_access_level_column(app, catalogue):
    soup = _page(app, "/daftar-data")
    table = soup.select_one("section#opd-dinsos table")
    headers = [_text(th) for th in table.select("thead th")]
    assert headers[2] == "Level Akses"
    rows = {
        _text(row.find("th").find(["a", "span"])): row
        for row in table.select("tbody tr")
    }
    for title, level in (("Data rekap-dtks", "1"), ("Data kpm-bansos", "3")):
        badge = rows[title].find_all("td")[1].select_one(".satudata-level")
        assert f"satudata-level-{level}" in badge["class"]
        assert _text(badge) == vocabulary.label("level_akses", level, "id")
        assert (
            badge["title"] == vocabulary.item("level_akses", level)["definition"]["id"]
        )
    listed = helpers.call_action("satudata_daftar_data", {"user": ""})
    levels = {d["name"]: d["level_akses"] for org in listed for d in org["datasets"]}
    assert levels == {"rekap-dtks": "1", "kpm-bansos": "3"}


def test_access_request_page_names_the_level(app, catalogue):
    soup = _page(app, "/daftar-data/permohonan-akses/kpm-bansos")
    text = _text(soup.find(attrs={"role": "main"}))
    assert "Level Akses Level 3: Mikro tanpa identitas" in text
    assert "BAST" in vocabulary.item("level_akses", "3")["definition"]["id"]


# ---- DCAT ----------------------------------------------------------------


def _concept(level: str) -> URIRef:
    return URIRef(f"{tk.config['ckan.site_url']}/kosakata/level_akses/{level}")


def test_dcat_publishes_the_level_as_a_concept(app, catalogue):
    text = app.get("/dataset/rekap-dtks.ttl", status=200).get_data(as_text=True)
    graph = Graph().parse(data=text, format="turtle")
    dataset = URIRef(
        f"{tk.config['ckan.site_url']}/dataset/{catalogue['rekap-dtks']['id']}"
    )
    concept = _concept("1")
    assert graph.value(dataset, SD.levelAkses) == concept
    assert (concept, RDF.type, SKOS.Concept) in graph
    assert graph.value(concept, SKOS.notation) == Literal("1")
    assert (
        concept,
        SKOS.prefLabel,
        Literal("Level 1: Open aggregate", lang="en"),
    ) in graph
    assert graph.value(concept, SKOS.inScheme) == URIRef(
        f"{tk.config['ckan.site_url']}/kosakata/level_akses"
    )
    assert len(list(graph.objects(concept, SKOS.definition))) == 2  # id, en
    conforms, report, report_text = validate(
        graph, shacl_graph=Graph().parse(SHAPES), inference="none"
    )
    assert conforms, report_text

    parser = RDFParser(profiles=["euro_dcat_ap_3", "satudata"])
    parser.parse(text, _format="turtle")
    (parsed,) = parser.datasets()
    assert parsed["level_akses"] == "1"
    assert "level_akses" not in {extra["key"] for extra in parsed["extras"]}


def test_dcat_of_a_restricted_dataset_carries_its_level(app, catalogue):
    hidden = app.get("/dataset/kpm-bansos.ttl")  # closed to the public
    assert hidden.status_code in (403, 404)
    walidata = factories.Sysadmin()
    token = factories.APIToken(user=walidata["name"])["token"]
    response = app.get(
        "/dataset/kpm-bansos.ttl", headers={"Authorization": token}, status=200
    )
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert set(graph.objects(None, SD.levelAkses)) == {_concept("3")}


def test_level_scheme_and_term_are_dereferenceable(app):
    text = app.get("/kosakata/level_akses.ttl", status=200).get_data(as_text=True)
    graph = Graph().parse(data=text, format="turtle")
    scheme = URIRef(f"{tk.config['ckan.site_url']}/kosakata/level_akses")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert set(graph.objects(scheme, SKOS.hasTopConcept)) == {
        _concept(level) for level in "1234"
    }
    one = app.get("/kosakata/level_akses/4", status=200).get_data(as_text=True)
    assert "Mikro dengan identitas" in one
    app.get("/kosakata/level_akses/5", status=404)
    ns = Graph().parse(data=app.get("/ns.ttl").get_data(as_text=True), format="turtle")
    assert (SD.levelAkses, RDF.type, RDF.Property) in ns
