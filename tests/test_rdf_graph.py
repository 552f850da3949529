"""The document graph: deterministic, Data Cube well-formed (W3C integrity constraints), SKOS hierarchy,
provenance, and exports that re-parse to an isomorphic graph."""

from __future__ import annotations

import pyshacl
import pytest
import rdflib
from rdf_hebei_sample import hebei_document
from rdflib import URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, SKOS

from budget_lod.rdf.build import build_graph
from budget_lod.rdf.export import serialize
from budget_lod.rdf.graphs import document_graph_iri, report_graph_iri
from budget_lod.rdf.iri import Minter
from budget_lod.rdf.vocab import PROV, QB, load_ontology, terms

MINTER = Minter("http://example.org/budget/")


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return build_graph(hebei_document(), MINTER)


def test_same_document_same_triples(graph):
    again = build_graph(hebei_document(), MINTER)
    assert isomorphic(graph, again)
    # IRIs are stable, blank nodes only for columns and notes
    assert {s for s in graph.subjects() if isinstance(s, URIRef)} == {s for s in again.subjects() if isinstance(s, URIRef)}


def test_graph_iris():
    doc = hebei_document()
    assert document_graph_iri(doc, MINTER) == "http://example.org/budget/graph/434-957901e0/2025/department"
    assert report_graph_iri(doc, MINTER) == document_graph_iri(doc, MINTER) + "/report"


def test_amounts_are_decimal_yuan_with_printed_unit_precision_and_page(graph):
    B = terms(MINTER)
    budget = MINTER.budget("平乡县人民政府办公室", "434", 2025, "department")
    obs = URIRef(f"{budget}/table/expenditure_summary/functional/2010301/total")
    assert graph.value(obs, B.amount) == rdflib.Literal("3931200.00", datatype=rdflib.XSD.decimal)  # 393.12 万元
    assert str(graph.value(obs, B.printedValue)) == "393.12"
    assert str(graph.value(obs, B.printedUnit)) == "万元"
    assert graph.value(obs, B.precisionYuan).toPython() == 100  # 0.01 万元
    assert graph.value(obs, B.page).toPython() == 5
    assert (obs, PROV.wasDerivedFrom, URIRef(MINTER.source(budget))) in graph
    assert (obs, QB.dataSet, URIRef(MINTER.dataset(budget))) in graph


def test_codes_are_skos_concepts_with_broader_chain(graph):
    item = URIRef(MINTER.concept("functional", "2010301"))
    kuan = URIRef(MINTER.concept("functional", "20103"))
    lei = URIRef(MINTER.concept("functional", "201"))
    assert (item, SKOS.broader, kuan) in graph and (kuan, SKOS.broader, lei) in graph
    assert str(graph.value(item, SKOS.prefLabel)) == "行政运行"
    assert (lei, SKOS.topConceptOf, URIRef(MINTER.scheme("functional"))) in graph


def test_department_projects_indicators_claims_and_empty_tables(graph):
    B = terms(MINTER)
    assert len(set(graph.subjects(RDF.type, URIRef("http://www.w3.org/ns/org#Organization")))) == 1
    assert len(set(graph.subjects(RDF.type, B.Project))) == 5
    levels = set(graph.objects(None, B.level1))
    assert URIRef(MINTER.concept("indicator-level", "output")) in levels  # 产出指标 from the code list
    empty = URIRef(MINTER.table(MINTER.budget("平乡县人民政府办公室", "434", 2025, "department"), "procurement"))
    assert graph.value(empty, B.declaredEmpty).toPython() is True
    assert "空表" in str(graph.value(empty, B.tableNote))
    assert any("政府采购预算" in str(s) for s in graph.objects(None, B.sentence))


def small_document():
    """Every structure of the full document (coded and item rows, a project with plan and indicators) but few
    rows: pyshacl's IC-12 (no duplicate observations) is quadratic in the number of observations."""
    import dataclasses

    doc = hebei_document()
    keep = {"expenditure_summary": 3, "three_public": 1}
    tables = tuple(dataclasses.replace(t, rows=t.rows[: keep[t.kind]]) for t in doc.tables if t.kind in keep)
    return dataclasses.replace(doc, tables=tables, projects=doc.projects[:1])


@pytest.fixture(scope="module")
def small_graph() -> rdflib.Graph:
    return build_graph(small_document(), MINTER)


def test_w3c_data_cube_integrity_constraints(small_graph, standards):
    shapes = rdflib.Graph().parse(standards / "w3c-datacube-integrity.shapes.ttl", format="turtle")
    data = rdflib.Graph()
    for t in small_graph:
        data.add(t)
    for t in load_ontology(MINTER):
        data.add(t)
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none")
    assert conforms, text


def test_data_cube_ic5_fails_without_code_list(small_graph, standards):
    """The IC test can fail: a concept dimension without qb:codeList is reported (IC-5)."""
    shapes = rdflib.Graph().parse(standards / "w3c-datacube-integrity.shapes.ttl", format="turtle")
    data = rdflib.Graph()
    for t in load_ontology(MINTER):
        data.add(t)
    for t in small_graph:
        data.add(t)
    data.remove((terms(MINTER).measure, QB.codeList, None))
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none")
    assert not conforms and "code list" in text


@pytest.mark.parametrize("fmt, parse_as", [("turtle", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")])
def test_export_round_trip(graph, fmt, parse_as):
    back = rdflib.Graph().parse(data=serialize(graph, fmt, MINTER), format=parse_as)
    if not isomorphic(graph, back):
        _, only_in, only_out = graph_diff(to_isomorphic(graph), to_isomorphic(back))
        pytest.fail(f"{fmt}: lost {sorted(only_in)[:3]}, gained {sorted(only_out)[:3]}")


def test_jsonld_uses_published_context(graph):
    text = serialize(graph, "jsonld", MINTER).decode("utf-8")
    assert '"bud": "http://example.org/budget/def/budget#"' in text


def test_nquads_keep_the_named_graph(graph):
    named = rdflib.Graph(identifier=URIRef(document_graph_iri(hebei_document(), MINTER)))
    for t in graph:
        named.add(t)
    ds = rdflib.Dataset()
    ds.parse(data=serialize(named, "nquads", MINTER), format="nquads")
    assert len(ds.graph(named.identifier)) == len(graph)


def test_line_items_keep_their_printed_order(graph):
    """Rows carry bud:position (printed order from 1): the assets table reads as printed on page 31 of the
    Hebei disclosure (资产总额, 1、房屋, 2、车辆, 4、其他固定资产), not in slug order (… other_fixed_assets, vehicles)."""
    B = terms(MINTER)
    table = URIRef(MINTER.table(MINTER.budget("平乡县人民政府办公室", "434", 2025, "department"), "assets"))
    items = list(graph.subjects(B.inTable, table, unique=True))
    items = [i for i in items if (i, RDF.type, B.LineItem) in graph]
    positions = {str(graph.value(i, rdflib.RDFS.label)): graph.value(i, B.position).toPython() for i in items}
    assert sorted(positions, key=positions.get) == ["资产总额", "1、房屋（平方米）", "2、车辆（台、辆）", "4、其他固定资产"]
    assert sorted(positions.values()) == [1, 2, 3, 4]
    assert graph.value(table, B.position) is None  # tables themselves carry no position


def test_every_line_item_has_one_position_unique_in_its_table(graph):
    B = terms(MINTER)
    seen: dict[tuple, URIRef] = {}
    for item in graph.subjects(RDF.type, B.LineItem):
        positions = list(graph.objects(item, B.position))
        assert len(positions) == 1, item
        key = (graph.value(item, B.inTable), positions[0].toPython())
        assert key not in seen, (item, seen.get(key))
        seen[key] = item
