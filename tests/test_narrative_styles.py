"""Narrative styles (``budget_lod.sample.narrative_styles``) read and validated: each variant gives exactly the
findings its planted faults declare — nothing else — and every figure the text states about a classified line
is bound to that line's code.

The budgets are built independently of the extractor (consistent by construction); the narrative PDF goes through
``extract_narrative`` like any disclosure's; its claims are joined to the variant's printed tables (document-model
tables, as extraction would give them) and validated.
"""

from __future__ import annotations

from collections import Counter

import pytest

from budget_lod.extract.narrative import extract_narrative, resolve_claim_codes
from budget_lod.model.document import Document
from budget_lod.rdf.build import build_graph
from budget_lod.rdf.iri import Minter
from budget_lod.sample.narrative_styles import DEPARTMENT, FAULTS, STYLES, VARIANTS, YEAR, render, tables
from budget_lod.validate import validate_graph

MINTER = Minter()


@pytest.fixture(scope="session")
def read_variant(tmp_path_factory, pages_of):
    """``read_variant(name)`` → (document, outcome), made once per session."""
    folder = tmp_path_factory.mktemp("narrative-styles")
    cache: dict = {}

    def get(name: str):
        if name not in cache:
            v = VARIANTS[name]
            printed = tables(v)
            claims, notes, _ = extract_narrative(pages_of(render(v, folder / f"{name}.pdf")), printed[0].unit)
            doc = Document(f"{name}.pdf", "0" * 64, 1, DEPARTMENT, None, None, YEAR, "department", printed,
                           claims=resolve_claim_codes(claims, printed), notes=notes)
            cache[name] = doc, validate_graph(build_graph(doc, MINTER), MINTER)
        return cache[name]

    return get


def test_every_style_has_clean_and_faulty_variants_and_every_fault_is_planted():
    styles = {v.style for v in VARIANTS.values()}
    assert styles == set(STYLES)
    for style in styles:
        mine = [v for v in VARIANTS.values() if v.style == style]
        assert any(not v.faults for v in mine) and any(v.faults for v in mine)
    assert {f for v in VARIANTS.values() for f in v.faults} == set(FAULTS)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_findings_are_exactly_the_planted_ones(read_variant, name):
    _, outcome = read_variant(name)
    found = Counter((f.rule, f.severity) for f in outcome.results if f.category == "document")
    assert found == VARIANTS[name].expected, [(f.rule, f.severity, f.message_en[:200]) for f in outcome.results]


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_item_stated_is_bound_to_its_code(read_variant, name):
    doc, _ = read_variant(name)
    budget = VARIANTS[name].budget
    item_claims = [c for c in doc.claims if c.kind in ("functional_item", "economic_item")]
    # every 项 the text states is a claim about its own code, with the figure printed for it
    stated = {c.code for c in item_claims}
    assert {ln.code for ln in budget.items} <= stated
    figures = {ln.code: ln.now for ln in budget.functional + budget.economic}
    off = [c for c in item_claims if c.amount.yuan != figures[c.code]]
    planted = 1 if "item_amount" in VARIANTS[name].faults else 0
    assert len({c.code for c in off}) == planted, [(c.code, c.sentence) for c in off]
    # no figure detailing an item (主要用于…) and no item line is taken for a document total
    totals = [c for c in doc.claims if c.kind == "expenditure_total"]
    assert totals and all(c.amount.yuan == budget.total for c in totals)


@pytest.mark.parametrize("name", sorted(n for n in VARIANTS if VARIANTS[n].style.startswith("jiangsu")))
def test_provincial_items_take_their_higher_levels_from_the_headings(read_variant, name):
    doc, _ = read_variant(name)
    budget = VARIANTS[name].budget
    # “（一）一般公共服务（类）” then “1.人大事务（款）行政运行（项）支出…”: the 项 under its 类, in the section's table
    items = [c for c in doc.claims if c.kind == "functional_item" and c.code and len(c.code) == 7]
    assert {c.code for c in items} == {ln.code for ln in budget.items}
    assert {c.table for c in items} == {"fiscal_appropriation_expenditure"}
    assert all(c.path[0].removesuffix("支出") == budget.line(c.code[:3]).name.removesuffix("支出") for c in items)
    # economic 款 under “1、工资福利支出（类）” / “商品和服务支出（类）”
    economic = {c.code for c in doc.claims if c.kind == "economic_item"}
    assert economic == {ln.code for ln in budget.economic}
    # “与上年相比增加（减少）0万元，增长（减少）0%”: a template left unfilled is a flat zero, never a direction
    gov = [c for c in doc.claims if c.kind == "change" and c.subject == "income_government_fund"]
    assert gov and all(c.direction == "flat" for c in gov)


@pytest.mark.parametrize("name", sorted(n for n in VARIANTS if VARIANTS[n].faults))
def test_messages_are_complete_in_both_languages(read_variant, name):
    _, outcome = read_variant(name)
    for f in outcome.results:
        assert f.message_zh and f.message_en, f.rule
        assert "{?" not in f.message_zh + f.message_en, (f.rule, f.message_en)
        if f.claim:  # the sentence quoted, the amounts in the sentence's unit (万元), the numbers in 元
            assert "原句：" in f.message_zh and "Sentence: " in f.message_en, f.rule
            assert " 元" not in f.message_zh.split("原句")[0], f.message_zh
        for key, value in f.values.items():
            assert value.replace(".", "").replace("-", "").isdigit() or key == "row", (key, value)
