"""A table classified both ways (functional rows × one column per economic 类): each column's measure is
tied to its economic concept, so its amounts can be found by economic class like any other."""

from __future__ import annotations

from decimal import Decimal

import pytest
import rdflib
from rdflib.namespace import SKOS

from budget_lod.extract import extract_document
from budget_lod.rdf.build import build_graph
from budget_lod.rdf.codes import measure_classification
from budget_lod.rdf.iri import Minter
from budget_lod.sample.variants import write_variant

M = Minter("http://lod.example.test/")


@pytest.fixture(scope="module")
def cross(tmp_path_factory):
    pdf = write_variant("cross_classified", tmp_path_factory.mktemp("cross") / "cross.pdf")
    doc = extract_document(pdf)
    return doc, build_graph(doc, M)


@pytest.mark.parametrize("slug,expected", [
    ("economic_301", ("economic", "301")), ("economic_30101", ("economic", "30101")),
    ("functional_2010301", ("functional", "2010301")),
    ("economic", None), ("total", None), ("economic_3011", None), ("economic_x301", None),
])
def test_which_measures_are_classification_columns(slug, expected):
    assert measure_classification(slug) == expected


def test_each_economic_column_matches_its_concept(cross):
    doc, g = cross
    q = """PREFIX bud: <%sdef/budget#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?notation ?label (SUM(?amount) AS ?total) WHERE {
      ?t bud:tableKind <%sid/table-kind/general_budget_basic_expenditure> .
      ?row bud:inTable ?t ; bud:code "TOTAL" . ?o bud:item ?row ; bud:measure ?m ; bud:amount ?amount .
      ?m skos:closeMatch ?c . ?c skos:notation ?notation . OPTIONAL { ?c skos:prefLabel ?label }
    } GROUP BY ?notation ?label""" % (M.base, M.base)
    got = {str(r.notation): (str(r.label) if r.label else None, Decimal(str(r.total))) for r in g.query(q)}
    # expected from the extracted table itself: its TOTAL row's economic_<code> columns
    table = next(t for t in doc.tables if t.kind == "general_budget_basic_expenditure")
    total = next(r for r in table.rows if r.code == "TOTAL")
    want = {slug.split("_", 1)[1]: a.yuan for slug, a in total.amounts.items() if slug.startswith("economic_")}
    assert want and {k: v[1] for k, v in got.items()} == want
    assert got["301"][0] == "工资福利支出" and got["302"][0] == "商品和服务支出"
    concept = rdflib.URIRef(M.concept("economic", "301"))
    assert (concept, SKOS.notation, rdflib.Literal("301")) in g
