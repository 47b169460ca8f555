"""The statistical structure of a dataset in StatDCAT-AP 1.0.1 terms
(docs/dcat.md, "StatDCAT-AP"), both ways.

A dataset with a data structure (``satudata_indicators``) is a cube: the
period and its breakdown (region rows or categories) are its dimensions,
each component a measure with a unit. Written on the dataset:

- ``stat:dimension`` ``sdmx-dimension:refPeriod``, and
  ``sdmx-dimension:refArea`` (region breakdown) or a dimension of the
  dataset's own (``<dataset>#dimensi-kategori``, category breakdown);
- ``stat:attribute`` ``sdmx-attribute:unitMeasure``;
- ``stat:statUnitMeasure`` one ``skos:Concept`` per unit (the dataset's
  ``satuan`` and the components' units);
- ``stat:numSeries`` rows x components (the period is not a series key);
- ``dcat:temporalResolution`` and ``sd:granularitas`` the granularity,
  ``sd:rincian`` the breakdown (kecamatan, desa, kategori);
- ``sd:komponen`` ``<dataset>#komponen-<code>``, a ``qb:MeasureProperty``
  with its name, code, unit and value type.

:func:`parse` reads them back into extras (``stat_*``, ``satudata_*``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ckanext.satudata.dcat import terms

STAT, QB, SD = terms.STAT, terms.QB, terms.SD
REF_PERIOD = terms.SDMX_DIMENSION.refPeriod
REF_AREA = terms.SDMX_DIMENSION.refArea
UNIT_MEASURE = terms.SDMX_ATTRIBUTE.unitMeasure
#: granularity -> xsd:duration (dcat:temporalResolution)
DURATIONS = {"tahunan": "P1Y", "semester": "P6M", "triwulan": "P3M", "bulanan": "P1M"}
#: component type -> the datatype of its values
RANGES = {
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "percentage": XSD.decimal,
    "text": XSD.string,
}
#: the shared dimensions and attribute: (node, kind, labels id/en)
SHARED = {
    REF_PERIOD: (QB.DimensionProperty, "Periode", "Reference period"),
    REF_AREA: (QB.DimensionProperty, "Wilayah", "Reference area"),
    UNIT_MEASURE: (QB.AttributeProperty, "Satuan", "Unit of measure"),
}
#: the extras :func:`parse` fills
EXTRAS = (
    "stat_unit_measure",
    "stat_dimension",
    "stat_attribute",
    "stat_num_series",
    "satudata_granularity",
    "satudata_breakdown",
    "satudata_components",
)

Once = Callable[[tuple[Node, Node, Node]], bool]
UnitNode = Callable[[str], Node]


def add_units(graph: Graph, ref: Node, units: list[str], unit_node: UnitNode) -> None:
    """``stat:statUnitMeasure`` of each distinct unit."""
    for unit in dict.fromkeys(u.strip() for u in units if u and u.strip()):
        graph.add((ref, STAT.statUnitMeasure, unit_node(unit)))


def unit_concept(graph: Graph, node: Node, label: str) -> Node:
    """``node`` described as the unit ``label`` (a skos:Concept)."""
    graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, SKOS.prefLabel, Literal(label, lang="id")))
    return node


def add_structure(
    graph: Graph,
    ref: Node,
    structure: Any,  # indicators.api.Structure
    unit_node: UnitNode,
    once: Once,
) -> None:
    """The cube ``structure`` of dataset ``ref`` (see the module doc)."""
    kind = structure.breakdown.get("type")
    dimensions: list[Node] = [REF_PERIOD]
    breakdown = None
    if kind == "region":
        dimensions.append(REF_AREA)
        breakdown = structure.breakdown.get("level")
    elif kind == "category":
        own = URIRef(f"{ref}#dimensi-kategori")
        graph.add((own, RDF.type, QB.DimensionProperty))
        graph.add((own, RDFS.label, Literal("Kategori", lang="id")))
        dimensions.append(own)
        breakdown = "kategori"
    for dimension in dimensions:
        graph.add((ref, STAT.dimension, dimension))
    graph.add((ref, STAT.attribute, UNIT_MEASURE))
    for node in (*dimensions, UNIT_MEASURE):
        _describe_shared(graph, node, once)
    series = len(structure.rows or ()) * len(structure.components)
    graph.add((ref, STAT.numSeries, Literal(series, datatype=XSD.integer)))
    granularity = structure.granularity
    graph.add((ref, SD.granularitas, Literal(granularity)))
    if granularity in DURATIONS:
        duration = Literal(DURATIONS[granularity], datatype=XSD.duration)
        graph.add((ref, DCAT.temporalResolution, duration))
    if breakdown:
        graph.add((ref, SD.rincian, Literal(breakdown)))
    for component in structure.components:
        measure = URIRef(f"{ref}#komponen-{component.code}")
        graph.add((ref, SD.komponen, measure))
        graph.add((measure, RDF.type, QB.MeasureProperty))
        graph.add((measure, RDFS.label, Literal(component.name, lang="id")))
        graph.add((measure, SKOS.notation, Literal(component.code)))
        if component.type in RANGES:
            graph.add((measure, RDFS.range, RANGES[component.type]))
        if component.unit:
            graph.add((measure, UNIT_MEASURE, unit_node(component.unit)))
    add_units(graph, ref, [c.unit for c in structure.components], unit_node)


def _describe_shared(graph: Graph, node: Node, once: Once) -> None:
    shared = SHARED.get(node)
    if shared is None or not once((node, RDF.type, shared[0])):
        return
    graph.add((node, RDFS.label, Literal(shared[1], lang="id")))
    graph.add((node, RDFS.label, Literal(shared[2], lang="en")))


def _label(graph: Graph, node: Node, predicate: URIRef = SKOS.prefLabel) -> str:
    if isinstance(node, Literal):
        return str(node)
    value = graph.value(node, predicate)
    return str(value) if value is not None else ""


def parse(graph: Graph, ref: Node) -> dict[str, str]:
    """What :func:`add_structure` and :func:`add_units` wrote, as extras
    (lists as JSON); empty for a dataset without them."""
    found: dict[str, str] = {}
    units = sorted({
        label for node in graph.objects(ref, STAT.statUnitMeasure)
        if (label := _label(graph, node))
    })
    if units:
        found["stat_unit_measure"] = json.dumps(units)
    for key, predicate in (
        ("stat_dimension", STAT.dimension), ("stat_attribute", STAT.attribute)
    ):
        values = sorted(str(v) for v in graph.objects(ref, predicate))
        if values:
            found[key] = json.dumps(values)
    series = graph.value(ref, STAT.numSeries)
    if series is not None and str(series).isdigit():
        found["stat_num_series"] = str(series)
    for key, predicate in (
        ("satudata_granularity", SD.granularitas), ("satudata_breakdown", SD.rincian)
    ):
        value = graph.value(ref, predicate)
        if value is not None:
            found[key] = str(value)
    components = [
        _component(graph, measure) for measure in graph.objects(ref, SD.komponen)
    ]
    if components:
        components.sort(key=lambda c: c["code"])
        found["satudata_components"] = json.dumps(components)
    return found


def _component(graph: Graph, measure: Node) -> dict[str, str]:
    kinds = {v: k for k, v in RANGES.items() if k != "percentage"}
    value_range = graph.value(measure, RDFS.range)
    unit = graph.value(measure, UNIT_MEASURE)
    return {
        "code": _label(graph, measure, SKOS.notation),
        "name": _label(graph, measure, RDFS.label),
        "unit": _label(graph, unit) if unit is not None else "",
        "type": kinds.get(value_range, "") if value_range is not None else "",
    }
