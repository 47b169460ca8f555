"""Dereferenceable URIs of the portal's reference data: the concept schemes
used as dcat:theme (/kosakata/<name>), their concepts, the regions used as
dct:spatial (/wilayah/<code>) and the extension's own terms (/ns)."""

from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response
from rdflib import OWL, RDF, RDFS, Graph, Literal

from ckanext.satudata import region, vocabulary
from ckanext.satudata.dcat import graphs, terms

satudata_dcat = Blueprint("satudata_dcat", __name__)

FORMATS = {
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("pretty-xml", "application/rdf+xml"),
    "xml": ("pretty-xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
}

#: Our terms: (local name, label, comment)
OWN_TERMS = (
    ("tujuan", "tujuan pengumpulan", "Purpose for which the data is collected."),
    (
        "kodeReferensi",
        "kode referensi",
        "Reference code of the dataset in the Daftar Data.",
    ),
    (
        "metodePengumpulan",
        "metode pengumpulan",
        "Collection method, a code of the portal's 'metode' concept scheme.",
    ),
    (
        "levelAkses",
        "level akses",
        "Access level of the dataset (1 to 4, after the Bappenas DTSEN data "
        "service), a concept of the portal's 'level_akses' concept scheme.",
    ),
    ("msKonsep", "konsep (MS-Ind)", "Concept of a statistical indicator (BPS MS-Ind)."),
    ("msInterpretasi", "interpretasi (MS-Ind)", "How to read the indicator's values."),
    (
        "msRumus",
        "metode/rumus perhitungan (MS-Ind)",
        "Method or formula of the indicator.",
    ),
    ("msUkuran", "ukuran (MS-Ind)", "Measure of the indicator."),
    (
        "msKlasifikasiPenyajian",
        "klasifikasi penyajian (MS-Ind)",
        "Breakdowns in which the indicator is presented.",
    ),
    (
        "tingkatWilayah",
        "tingkat wilayah",
        "Level of a region (provinsi, kota, kecamatan, ...).",
    ),
    ("bagianDari", "bagian dari", "The region this region is part of."),
    (
        "granularitas",
        "granularitas periode",
        "Period of the indicator's values: tahunan, semester, triwulan, bulanan.",
    ),
    (
        "rincian",
        "rincian",
        "Breakdown of the indicator's values: kecamatan, desa or kategori.",
    ),
    (
        "komponen",
        "komponen",
        "A component (a qb:MeasureProperty with its unit) of the indicator.",
    ),
)


def _serialize(graph: Graph, fmt: str) -> Response:
    if fmt not in FORMATS:
        return tk.abort(404, tk._("Unknown format"))
    rdflib_format, mimetype = FORMATS[fmt]
    return Response(graph.serialize(format=rdflib_format), mimetype=mimetype)


@satudata_dcat.route("/kosakata/<name>", defaults={"fmt": "ttl"})
@satudata_dcat.route("/kosakata/<name>.<fmt>")
def scheme(name: str, fmt: str) -> Response:
    if name not in terms.PUBLISHED_SCHEMES:
        return tk.abort(404, tk._("Vocabulary not found"))
    graph = graphs.new_graph()
    graphs.add_scheme(graph, name)
    return _serialize(graph, fmt)


@satudata_dcat.route("/kosakata/<name>/<code>")
def concept(name: str, code: str) -> Response:
    if name not in terms.PUBLISHED_SCHEMES or vocabulary.item(name, code) is None:
        return tk.abort(404, tk._("Vocabulary not found"))
    graph = graphs.new_graph()
    graphs.add_concept(graph, name, code)
    return _serialize(graph, "ttl")


@satudata_dcat.route("/wilayah/<code>", defaults={"fmt": "ttl"})
@satudata_dcat.route("/wilayah/<code>.<fmt>")
def wilayah(code: str, fmt: str) -> Response:
    if fmt not in FORMATS:  # region codes are dotted: 33.74.10 is no format
        code, fmt = f"{code}.{fmt}", "ttl"
    found = region.normalize(code)
    if found is None:
        return tk.abort(404, tk._("Region not found"))
    graph = graphs.new_graph()
    graphs.add_region(graph, found)
    return _serialize(graph, fmt)


@satudata_dcat.route("/periode/<span>", defaults={"fmt": "ttl"})
@satudata_dcat.route("/periode/<span>.<fmt>")
def periode(span: str, fmt: str) -> Response:
    """A period of whole years (``2024`` or ``2020-2024``) as dct:PeriodOfTime."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", span)
    if match is None or fmt not in FORMATS:
        return tk.abort(404, tk._("Period not found"))
    start, end = int(match.group(1)), int(match.group(2) or match.group(1))
    if end < start:
        return tk.abort(404, tk._("Period not found"))
    graph = graphs.new_graph()
    graphs.add_period(graph, start, end)
    return _serialize(graph, fmt)


@satudata_dcat.route("/ns", defaults={"fmt": "ttl"})
@satudata_dcat.route("/ns.<fmt>")
def namespace(fmt: str) -> Response:
    graph = graphs.new_graph()
    ontology = terms.SD[""]
    graph.add((ontology, RDF.type, OWL.Ontology))
    graph.add(
        (ontology, RDFS.label, Literal("Satu Data Indonesia metadata terms", lang="en"))
    )
    for local, label, comment in OWN_TERMS:
        graph.add((terms.SD[local], RDF.type, RDF.Property))
        graph.add((terms.SD[local], RDFS.label, Literal(label, lang="id")))
        graph.add((terms.SD[local], RDFS.comment, Literal(comment, lang="en")))
        graph.add((terms.SD[local], RDFS.isDefinedBy, ontology))
    return _serialize(graph, fmt)
