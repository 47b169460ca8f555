"""What the portal sends to Solr fits the Solr schema CKAN 2.12 ships
(``ckan/config/solr/schema.xml``), so the same portal runs on Solr once
``satudata_search`` leaves ``ckan.plugins`` (docs/deployment.md).

No Solr runs here. The index documents are the real ones: datasets made
with our scheming schema, indexed by CKAN's own ``PackageSearchIndex``
(our ``before_dataset_index`` included) into a connection that keeps
them. The queries are the real ones too: the pages and actions that
search run as usual (on the embedded engine) while the parameters CKAN's
``PackageSearchQuery`` hands to the connection are recorded, and then
checked: the filters and queries parse as Lucene syntax (luqum), and
every field they, dismax's ``qf``, the facets, the sort and ``fl`` name
exists in Solr with the properties that use needs.
"""

from __future__ import annotations

import fnmatch
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ckan
import pytest
from luqum.parser import parser
from luqum.tree import SearchField

SCHEMA_FILE = Path(ckan.__file__).parent / "config" / "solr" / "schema.xml"
#: Lucene's longest indexed term (bytes of UTF-8): a longer value of a
#: string field makes Solr refuse the whole document.
MAX_TERM_BYTES = 32766
#: Solr dates: ISO 8601 in UTC with a Z.
SOLR_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: CKAN 2.12's own home view sorts by ``view_recent`` (for ``views_recent``):
#: Solr takes it (the catch-all ``*`` field) and the sort does nothing.
CORE_SLIPS = {("sort", "view_recent")}


# ---- the schema --------------------------------------------------------------


@dataclass(frozen=True)
class SolrField:
    name: str  # the field, or the dynamicField pattern that matched
    kind: str  # the fieldType's class without "solr."
    multi: bool
    indexed: bool
    stored: bool

    @property
    def tokenized(self) -> bool:
        return self.kind == "TextField"


@dataclass(frozen=True)
class Schema:
    fields: dict[str, SolrField]
    dynamic: tuple[SolrField, ...]  # longest pattern first, as Solr tries them

    def field(self, name: str) -> SolrField | None:
        if name in self.fields:
            return self.fields[name]
        return next((d for d in self.dynamic if fnmatch.fnmatchcase(name, d.name)),
                    None)

    def declared(self, name: str) -> bool:
        """A field of its own, or a dynamic one other than the catch-all."""
        found = self.field(name)
        return found is not None and found.name != "*"


def _flag(element: ET.Element, kind: ET.Element | None, name: str,
          default: bool) -> bool:
    for source in (element, kind):
        if source is not None and name in source.attrib:
            return source.attrib[name] == "true"
    return default


def load_schema(path: Path = SCHEMA_FILE) -> Schema:
    root = ET.parse(path).getroot()  # the schema file of the ckan wheel
    types = {t.attrib["name"]: t for t in root.iter("fieldType")}

    def make(element: ET.Element) -> SolrField:
        kind = types.get(element.attrib["type"])
        kind_class = kind.attrib["class"] if kind is not None else "?"
        return SolrField(
            name=element.attrib["name"],
            kind=kind_class.removeprefix("solr."),
            multi=_flag(element, kind, "multiValued", False),
            indexed=_flag(element, kind, "indexed", True),
            stored=_flag(element, kind, "stored", True))

    fields = {e.attrib["name"]: make(e) for e in root.iter("field")}
    dynamic = [make(e) for e in root.iter("dynamicField")]
    # Solr tries the longest pattern first; the schema's order breaks ties
    dynamic.sort(key=lambda d: -len(d.name))
    return Schema(fields, tuple(dynamic))


SCHEMA = load_schema()


def test_the_schema_is_read_as_solr_reads_it():
    assert SCHEMA.field("tags") == SolrField("tags", "StrField", True, True, True)
    assert SCHEMA.field("extras_tujuan").name == "extras_*"
    assert not SCHEMA.field("extras_tujuan").multi
    assert SCHEMA.field("res_extras_x").name == "res_extras_*"  # not extras_*
    assert SCHEMA.field("vocab_tahun").multi
    assert SCHEMA.field("tanggal_date").kind == "DatePointField"
    catch_all = SCHEMA.field("urusan")
    assert (catch_all.name, catch_all.kind, catch_all.multi, catch_all.stored) == (
        "*", "StrField", False, False)
    assert SCHEMA.field("metadata_modified").kind == "DatePointField"
    assert SCHEMA.declared("permission_labels") and not SCHEMA.declared("urusan")


# ---- the documents of our datasets ------------------------------------------


def _problems_of(doc: dict[str, Any]) -> list[str]:
    """What Solr would refuse in an index document (pysolr leaves out
    ``None`` and empty strings)."""
    found = []
    for key, value in doc.items():
        if value is None or value == "":
            continue
        field = SCHEMA.field(key)
        if field is None or not FIELD_NAME.match(key):
            found.append(f"{key}: no such field")
            continue
        values = value if isinstance(value, list | tuple) else [value]
        if isinstance(value, list | tuple) and not field.multi:
            found.append(f"{key}: a list, but {field.name} holds one value")
        for item in values:
            if item is None:
                continue
            if field.kind == "DatePointField" and not SOLR_DATE.match(str(item)):
                found.append(f"{key}: {item!r} is no Solr date")
            if field.kind in {"IntPointField", "LongPointField"} and not (
                    isinstance(item, int) or str(item).lstrip("-").isdigit()):
                found.append(f"{key}: {item!r} is no whole number")
            if (field.kind == "StrField" and field.indexed
                    and len(str(item).encode()) > MAX_TERM_BYTES):
                found.append(f"{key}: a term of {len(str(item).encode())} bytes")
    return found


@pytest.fixture
def portal() -> dict[str, Any]:
    """Datasets that between them fill every field of our schema: a
    terbuka one with a resource, tags, a group, the metadata statistik
    (one paragraph longer than a Lucene term) and performance marks; a
    terbatas one with an access level; a draft."""
    from ckan.tests import factories, helpers

    from ckanext.satudata.testing import sdi_fields
    from tests.indicators.support import POPULATION, as_user

    walidata = factories.Sysadmin(name="walidata")
    operator = factories.User(name="operator")
    member = factories.User(name="anggota")
    organization = factories.Organization(name="dinkes", users=[
        {"name": operator["name"], "capacity": "editor"},
        {"name": member["name"], "capacity": "member"}])
    group = factories.Group(name="kesehatan")
    long_text = "Konsep penduduk menurut Sensus Penduduk dan SIAK. " * 800
    terbuka = factories.Dataset(
        name="penduduk", title="Jumlah Penduduk", owner_org=organization["id"],
        groups=[{"name": group["name"]}], tags=[{"name": "penduduk"},
                                                 {"name": "kependudukan"}],
        resources=[{"url": "http://example.com/penduduk.csv", "format": "CSV",
                    "name": "Data penduduk", "description": "Tabel"}],
        license_id="cc-by", ms_konsep=long_text, ms_definisi="Definisi",
        ms_interpretasi="Interpretasi", ms_rumus="L + P", ms_ukuran="Jumlah",
        ms_klasifikasi="Kecamatan",
        **sdi_fields(tahun_data="2020-2024", wilayah="33.74.01", level_akses="1"))
    helpers.call_action("satudata_structure_update", as_user(operator),
                        id=terbuka["id"], **POPULATION)
    helpers.call_action("satudata_performance_mark", as_user(walidata),
                        id=terbuka["id"], indikator_kinerja="ya",
                        kinerja_komponen="perempuan", kinerja_target="2024: 100",
                        kinerja_arah="naik")
    terbatas = factories.Dataset(
        name="kasus-hiv", title="Kasus HIV", owner_org=organization["id"],
        **sdi_fields(keterbukaan="terbatas", level_akses="2", urusan="1.02",
                     kategori="data_mikro"))
    draft = factories.Dataset(name="rancangan", owner_org=organization["id"],
                              state="draft")
    return {"walidata": walidata, "operator": operator, "member": member,
            "organization": organization, "group": group,
            "datasets": [terbuka, terbatas, draft], "long_text": long_text}


def index_documents(monkeypatch: pytest.MonkeyPatch,
                    ids: list[str]) -> list[dict[str, Any]]:
    """The documents CKAN's indexer sends for ``ids`` (what Solr gets)."""
    from ckan import logic
    from ckan.lib.search import index

    sent: list[dict[str, Any]] = []

    class Keeper:
        def add(self, docs: list[dict[str, Any]], **kwargs: Any) -> None:
            sent.extend(docs)

    with monkeypatch.context() as patch:
        patch.setattr(index, "make_connection", lambda *args, **kwargs: Keeper())
        for package_id in ids:
            logic.index_update_package({}, package_id)
    return sent


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_every_indexed_field_fits_solr(portal, monkeypatch):
    docs = index_documents(monkeypatch, [d["id"] for d in portal["datasets"]])
    assert len(docs) == 3
    problems = {doc["name"]: _problems_of(doc) for doc in docs}
    assert problems == {"penduduk": [], "kasus-hiv": [], "rancangan": []}

    first = docs[0]
    # our own fields reach the fields CKAN's schema has for them
    for key, kind, multi in (("vocab_tahun", "StrField", True),
                             ("vocab_wilayah", "StrField", True),
                             ("extras_urusan_label", "TextField", False),
                             ("extras_wilayah_nama", "TextField", False),
                             ("extras_ms_konsep", "TextField", False)):
        field = SCHEMA.field(key)
        assert key in first and (field.kind, field.multi) == (kind, multi), key
    assert first["vocab_tahun"] == ["2020", "2021", "2022", "2023", "2024"]
    assert first["vocab_wilayah"] == ["33", "33.74", "33.74.01"]
    # the long paragraph: whole for full text, cut where it is one term
    assert first["extras_ms_konsep"] == portal["long_text"]
    assert len(first["ms_konsep"].encode()) <= MAX_TERM_BYTES
    assert portal["long_text"].startswith(first["ms_konsep"])
    # every SDI field is indexed (facets and filters use the top-level ones)
    for key in ("urusan", "kategori", "keterbukaan", "frekuensi", "metode",
                "wilayah", "tahun_data", "level_akses", "indikator_kinerja",
                "kinerja_komponen", "kinerja_target", "kinerja_arah"):
        assert key in first and SCHEMA.field(key).indexed, key


# ---- the searches our code makes ---------------------------------------------


def _fields_of(query: str) -> set[str]:
    """The field names of a Lucene query (luqum raises on bad syntax)."""
    tree = parser.parse(query)
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, SearchField):
            found.add(node.name)
        for child in node.children:
            walk(child)

    walk(tree)
    return found


def _is_lucene(query: str, params: dict[str, Any]) -> bool:
    """CKAN sends ``q`` with a colon as Lucene (dismax otherwise)."""
    return ":" in query or params.get("defType") in ("lucene", "edismax")


def test_the_query_checks_find_what_solr_would_refuse():
    assert _fields_of('+site_id:"x" +permission_labels:("public" OR "member-1")'
                      ) == {"site_id", "permission_labels"}
    assert _fields_of("metadata_modified:[2024-01-01T00:00:00Z TO NOW]") == {
        "metadata_modified"}
    with pytest.raises(Exception):  # noqa: B017 - luqum's several parse errors
        _fields_of('urusan:"2.12')
    assert _problems_of({"tags": ["a"], "urusan": ["1.02", "2.12"],
                         "metadata_created": "2026-01-01", "views_total": "x",
                         "ms_konsep": "x" * (MAX_TERM_BYTES + 1)}) == [
        "urusan: a list, but * holds one value",
        "metadata_created: '2026-01-01' is no Solr date",
        "views_total: 'x' is no whole number",
        f"ms_konsep: a term of {MAX_TERM_BYTES + 1} bytes"]


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The parameters of every dataset search from now on (run as usual)."""
    from ckan.lib.search import query

    made: list[dict[str, Any]] = []
    original = query.make_connection

    class Recorder:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def search(self, q: str | None = None, **params: Any) -> Any:
            made.append({"q": q if q is not None else params.get("q"), **params})
            return self.inner.search(q, **params)

    monkeypatch.setattr(query, "make_connection",
                        lambda *args, **kwargs: Recorder(original(*args, **kwargs)))
    return made


def _token(user: dict[str, Any]) -> str:
    from ckan.tests import helpers

    return helpers.call_action("api_token_create", {"ignore_auth": True},
                               user=user["name"], name="t")["token"]


def _run_every_search(app: Any, portal: dict[str, Any]) -> None:
    """The pages and actions of ours (and of what we use) that search."""
    from ckan.tests import helpers

    from tests.indicators.support import as_user

    walidata = {"Authorization": _token(portal["walidata"])}
    member = {"Authorization": _token(portal["member"])}
    # Beranda (newest data, browse by urusan and kategori, portal figures)
    assert app.get("/").status_code == 200
    # Cari Data with each filter of the page, a keyword and a sort
    for args in ({"q": "penduduk"},
                 {"q": "penduduk", "urusan": "2.12", "organization": "dinkes",
                  "vocab_wilayah": "33.74", "vocab_tahun": "2024",
                  "kategori": "data_dasar", "keterbukaan": "terbuka",
                  "res_format": "CSV", "tags": "penduduk", "groups": "kesehatan",
                  "license_id": "cc-by", "sort": "title_string asc"},
                 {"sort": "metadata_modified desc"}):
        assert app.get("/dataset/", query_string=args).status_code == 200
    assert app.get("/dataset/", query_string={"q": "hiv"},
                   headers=walidata).status_code == 200
    # the OPD's and the group's pages, the Daftar Data
    assert app.get("/organization/dinkes", headers=member).status_code == 200
    assert app.get("/group/kesehatan").status_code == 200
    assert app.get("/daftar-data").status_code == 200
    helpers.call_action("satudata_daftar_data", as_user(portal["member"]),
                        organization="dinkes", dataset="kasus-hiv")
    # Statistik Portal, Capaian Kinerja, the keyword lists of access
    helpers.call_action("satudata_performance_statistics", as_user(None))
    helpers.call_action("satudata_performance_list", as_user(None))
    helpers.call_action("tag_list", as_user(portal["member"]))
    # the IT unit's figures (index lag) and the national portal's harvest
    helpers.call_action("satudata_metrics_summary", as_user(portal["walidata"]))
    assert app.get("/catalog.ttl", query_string={
        "modified_since": "2024-01-01"}).status_code == 200
    # the Action API as an integration calls it
    assert app.get("/api/3/action/package_search", query_string={
        "fq": 'urusan:"2.12" +vocab_tahun:"2024"', "facet.field": '["urusan"]',
        "include_private": "true"}, headers=walidata).status_code == 200


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_every_search_of_ours_fits_solr(app, portal, searches, monkeypatch):
    _run_every_search(app, portal)
    assert len(searches) >= 15, searches

    # fields a query may name: the schema's own and those our documents fill
    docs = index_documents(monkeypatch, [d["id"] for d in portal["datasets"]])
    filled = {key for doc in docs for key in doc}
    problems: list[str] = []

    def known(field: str, use: str) -> SolrField | None:
        found = SCHEMA.field(field)
        if (use, field) in CORE_SLIPS or field in {"*", "score"}:
            return found
        if not (SCHEMA.declared(field) or field in filled):
            problems.append(f"{use} {field}: no document has it")
            return None
        return found

    for params in searches:
        queries = [params["q"]] if _is_lucene(params["q"], params) else []
        queries.extend(params.get("fq") or [])
        for query in queries:
            try:
                fields = _fields_of(query)
            except Exception as error:  # luqum has several parse errors
                problems.append(f"{query!r} does not parse: {error}")
                continue
            for field in fields:
                found = known(field, "filter")
                if found is not None and not found.indexed:
                    problems.append(f"filter {field}: not indexed")
        for field in (params.get("qf") or "").split():  # dismax's fields
            known(field.split("^")[0], "qf")
        for field in params.get("facet.field") or []:
            found = known(field, "facet")
            if found is not None and (not found.indexed or found.tokenized):
                problems.append(f"facet {field}: {found.kind}, indexed={found.indexed}")
        for clause in filter(None, (params.get("sort") or "").split(",")):
            field = clause.split()[0]
            found = known(field, "sort")
            if field != "score" and found is not None and (
                    found.multi or found.tokenized):
                problems.append(f"sort {field}: multi-valued or tokenized")
        for field in re.split(r"[\s,]+", params.get("fl") or ""):
            if field and field not in {"*", "score"}:
                found = known(field, "fl")
                if found is not None and not found.stored:
                    problems.append(f"fl {field}: not stored, Solr returns nothing")
    assert sorted(set(problems)) == []

    # what was checked: the filters of the catalogue page and of access
    filters = " ".join(f for params in searches for f in params.get("fq") or [])
    for field in ("urusan", "vocab_wilayah", "vocab_tahun", "kategori",
                  "keterbukaan", "permission_labels", "owner_org",
                  "metadata_modified"):
        assert f"{field}:" in filters, field
    facets = {f for params in searches for f in params.get("facet.field") or []}
    assert {"urusan", "kategori", "vocab_wilayah", "vocab_tahun", "organization",
            "tags", "res_format", "keterbukaan"} <= facets
