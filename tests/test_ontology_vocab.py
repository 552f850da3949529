"""The ontology and code lists: labelled and defined in Chinese and English, closed namespace, resolvable
under any base, in step with the document model's closed lists."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from budget_lod.model.document import MANDATED_TABLES, TABLE_KINDS
from budget_lod.rdf.iri import Minter
from budget_lod.rdf.vocab import load_ontology, terms

MINTER = Minter("https://budgets.example.cn/lod/")


def test_every_class_and_property_labelled_and_defined_in_zh_and_en():
    g = load_ontology(MINTER)
    missing = []
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in g.subjects(RDF.type, kind):
            for p in (RDFS.label, SKOS.definition):
                langs = {o.language for o in g.objects(term, p)}
                if not {"zh", "en"} <= langs:
                    missing.append((str(term), str(p)))
    assert not missing


def test_vocabulary_lives_under_the_deployment_base():
    g = load_ontology(MINTER)
    assert (URIRef("https://budgets.example.cn/lod/def/budget#LineItem"), RDF.type, OWL.Class) in g
    assert (URIRef("https://budgets.example.cn/lod/id/unit/wan-yuan"), SKOS.notation, Literal("万元")) in g


def test_closed_namespace_rejects_misspelled_terms():
    B = terms(MINTER)
    assert B.LineItem == URIRef(MINTER.vocab + "LineItem")
    with pytest.raises(AttributeError):
        B.LineItme  # noqa: B018


def test_table_kind_code_list_matches_the_model():
    g = load_ontology(MINTER)
    kinds = {str(n) for c in g.subjects(RDF.type, URIRef(MINTER.vocab + "TableKind")) for n in g.objects(c, SKOS.notation)}
    assert kinds == set(TABLE_KINDS)
    mandated = {str(g.value(c, SKOS.notation)) for c in g.subjects(URIRef(MINTER.vocab + "mandated"), Literal(True))}
    assert mandated == set(MANDATED_TABLES)


def test_unit_factors_match_the_model():
    from decimal import Decimal

    from budget_lod.model.amounts import UNIT_FACTORS

    g = load_ontology(MINTER)
    factors = {str(g.value(u, SKOS.notation)): Decimal(str(g.value(u, URIRef(MINTER.vocab + "factorToYuan"))))
               for u in g.subjects(RDF.type, URIRef(MINTER.vocab + "Unit"))}
    assert factors == UNIT_FACTORS


def _emitted_claim_kinds() -> set[str]:
    """Every Claim.kind the narrative extractor can emit: its spec's subjects, counts and implied claims, and
    the kinds it makes itself (functional lines, base-year figures, changes)."""
    import tomllib
    from pathlib import Path

    import budget_lod.specs

    spec = tomllib.loads((Path(budget_lod.specs.__file__).parent / "narrative.toml").read_text(encoding="utf-8"))
    kinds = {s["kind"] for key in ("subject", "count", "implied") for s in spec.get(key, [])}
    return kinds | {"functional_item", "prior_year", "change"}


def test_every_claim_kind_is_a_labelled_figure():
    g = load_ontology(MINTER)
    B = terms(MINTER)
    figures = {str(g.value(f, SKOS.notation)): f for f in g.subjects(RDF.type, B.Figure)}
    missing = _emitted_claim_kinds() - set(figures)
    assert not missing
    for kind in _emitted_claim_kinds():
        assert {lbl.language for lbl in g.objects(figures[kind], SKOS.prefLabel)} >= {"zh", "en"}, kind


def test_figure_tables_are_table_kinds():
    # bud:comparedWith and every location name a table kind of the code list
    g = load_ontology(MINTER)
    B = terms(MINTER)
    kinds = set(g.subjects(RDF.type, B.TableKind))
    named = list(g.objects(None, B.comparedWith)) + list(g.objects(None, B.locationTable))
    assert named and all(k in kinds for k in named)
    # the figures compared with a whole table rather than one cell
    compared = {str(g.value(f, SKOS.notation)): str(g.value(g.value(f, B.comparedWith), SKOS.notation))
                for f in g.subjects(B.comparedWith, None)}
    assert compared["project_count"] == "project" and compared["procurement_included"] == "procurement"
