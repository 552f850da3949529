"""Each arithmetic rule at the edge of its rounding tolerance: a fault just within it is an Info (and only an
Info), one printed step beyond it is a Violation; clean documents give no Info at all.

The tolerance of a comparison is half the sum of the printed precisions of the amounts compared
(``shapes/budget.shapes.ttl``). The hand-built Hebei document prints every amount to 0.01 万元 = 100 元, so a
comparison of n amounts tolerates n × 50 元. Each case below changes one printed cell and lists every finding
the change must cause — worked out by hand from the printed tables (the sums are in the comments), never read
back from the validator — as exact sets, Infos included: a rule that reports a rounding difference where
there is none, or misplaces its tolerance, fails here.
"""

from __future__ import annotations

import dataclasses

import pytest
from rdf_hebei_sample import amt, hebei_document

from budget_lod.model.document import Document
from budget_lod.rdf.build import build_graph
from budget_lod.rdf.iri import Minter
from budget_lod.validate import validate_graph

MINTER = Minter("http://example.org/budget/")
# the clean document's one real finding (the narrative's procurement sentence): present in every case below
REAL = ("Violation", "procurement-included", "procurement", "procurement_included", None, None, None)


def run(doc: Document):
    return validate_graph(build_graph(doc, MINTER), MINTER)


def with_cell(kind: str, code: str, measure: str, printed: str) -> Document:
    """The Hebei document with one printed cell of one table changed."""
    doc = hebei_document()
    tables = []
    for t in doc.tables:
        if t.kind == kind:
            rows = tuple(dataclasses.replace(r, amounts={**r.amounts, measure: amt(printed, r.page, t.unit)})
                         if r.code == code else r for r in t.rows)
            assert rows != t.rows, (kind, code)
            t = dataclasses.replace(t, rows=rows)
        tables.append(t)
    return dataclasses.replace(doc, tables=tuple(tables))


def findings(outcome) -> set[tuple]:
    return {(f.severity, f.rule, f.table, f.code, f.measure, f.values.get("difference"), f.values.get("tolerance"))
            for f in outcome.results}


def V(rule, table, code, measure, diff, tol):
    return ("Violation", rule, table, code, measure, diff, tol)


def I(rule, table, code, measure, diff, tol):  # noqa: E743 - I for Info, as in the reports
    return ("Info", rule, table, code, measure, diff, tol)


ES, GBE, BASIC, IES, IS, TP = ("expenditure_summary", "general_budget_expenditure", "general_budget_basic_expenditure",
                               "income_expenditure_summary", "income_summary", "three_public")

CASES = {
    # parent-sum, 4 amounts (20103 and its 项 2010301, 2010302, 2010350): tolerance 200 元.
    # 行政运行 393.12 → 393.14: 20103 prints 787.26, its 项 sum to 393.14 + 265.40 + 128.74 = 787.28 (200: within);
    # the row itself: 393.14 ≠ basic 358.12 + project 35.00 (3 amounts, tolerance 150: beyond); the income summary
    # prints 393.12 for the same code and column (2 amounts, tolerance 100: beyond). The general budget table
    # may be smaller than the expenditure summary ("le"): 393.12 ≤ 393.14 is no finding.
    "parent-sum within": (
        (ES, "2010301", "total", "393.14"),
        {I("parent-sum", ES, "20103", "total", "200.00", "200.00"),
         V("row-parts", ES, "2010301", "total", "200.00", "150.00"),
         V("cross-table", IS, "2010301", "total", "200.00", "100.00")}),
    "parent-sum beyond": (
        (ES, "2010301", "total", "393.15"),
        {V("parent-sum", ES, "20103", "total", "300.00", "200.00"),
         V("row-parts", ES, "2010301", "total", "300.00", "150.00"),
         V("cross-table", IS, "2010301", "total", "300.00", "100.00")}),
    # row-parts, 3 amounts (total, basic, project): tolerance 150 元. Basic 358.12 → 358.13: 358.13 + 35.00 =
    # 393.13 vs 393.12 (100: within), and 20103's basic 486.86 vs 358.13 + 128.74 = 486.87 (3 amounts: within).
    "row-parts within": (
        (ES, "2010301", "basic", "358.13"),
        {I("row-parts", ES, "2010301", "total", "100.00", "150.00"),
         I("parent-sum", ES, "20103", "basic", "100.00", "150.00")}),
    "row-parts beyond": (
        (ES, "2010301", "basic", "358.14"),
        {V("row-parts", ES, "2010301", "total", "200.00", "150.00"),
         V("parent-sum", ES, "20103", "basic", "200.00", "150.00")}),
    # row-parts with 2 amounts (行政单位医疗 prints total and basic only): tolerance 100 元, reached exactly.
    # 21.00 → 21.01 in the general budget table: 21.01 vs basic 21.00; 21011 prints 40.20 vs 21.01 + 10.00 +
    # 9.20 = 40.21 (4 amounts: 200); and the general budget table may not exceed the summary's 21.00 (2: 100).
    "row-parts and cross-table at the tolerance": (
        (GBE, "2101101", "total", "21.01"),
        {I("row-parts", GBE, "2101101", "total", "100.00", "100.00"),
         I("parent-sum", GBE, "21011", "total", "100.00", "200.00"),
         I("cross-table", GBE, "2101101", "total", "100.00", "100.00")}),
    "row-parts and cross-table beyond": (
        (GBE, "2101101", "total", "21.02"),
        {V("row-parts", GBE, "2101101", "total", "200.00", "100.00"),
         I("parent-sum", GBE, "21011", "total", "200.00", "200.00"),
         V("cross-table", GBE, "2101101", "total", "200.00", "100.00")}),
    # table-total, 4 amounts (合计 and the classes 301, 302, 303 … as printed: 596.00 + 57.66 = 653.66): 200 元.
    # The basic expenditure total also balances the functional basic total 653.66 (2 amounts: 100) and is
    # personnel 614.10 + public 39.56 (3 amounts: 150).
    "table-total within": (
        (BASIC, "TOTAL", "total", "653.67"),
        {I("table-total", BASIC, "TOTAL", "total", "100.00", "200.00"),
         I("row-parts", BASIC, "TOTAL", "total", "100.00", "150.00"),
         I("economic-basic-equals-functional-basic", BASIC, "TOTAL", "total", "100.00", "100.00")}),
    "table-total at the tolerance": (
        (BASIC, "TOTAL", "total", "653.68"),
        {I("table-total", BASIC, "TOTAL", "total", "200.00", "200.00"),
         V("row-parts", BASIC, "TOTAL", "total", "200.00", "150.00"),
         V("economic-basic-equals-functional-basic", BASIC, "TOTAL", "total", "200.00", "100.00")}),
    "table-total beyond": (
        (BASIC, "TOTAL", "total", "653.69"),
        {V("table-total", BASIC, "TOTAL", "total", "300.00", "200.00"),
         V("row-parts", BASIC, "TOTAL", "total", "300.00", "150.00"),
         V("economic-basic-equals-functional-basic", BASIC, "TOTAL", "total", "300.00", "100.00")}),
    # balance, 2 amounts: tolerance 100 元. 收入总计 954.06 → 954.07: it must equal 支出总计 (954.06) and the
    # income summary's 合计 (954.06); and it is 本年收入合计 954.06 + 上年结转结余 (blank): row-decomposition.
    "balance and row-decomposition at the tolerance": (
        (IES, "income_grand_total", "amount", "954.07"),
        {I("revenue-equals-expenditure", IES, "income_grand_total", "amount", "100.00", "100.00"),
         I("revenue-equals-expenditure", IS, "TOTAL", "total", "100.00", "100.00"),
         I("row-decomposition", IES, "income_grand_total", "amount", "100.00", "100.00")}),
    "balance and row-decomposition beyond": (
        (IES, "income_grand_total", "amount", "954.08"),
        {V("revenue-equals-expenditure", IES, "income_grand_total", "amount", "200.00", "100.00"),
         V("revenue-equals-expenditure", IS, "TOTAL", "total", "200.00", "100.00"),
         V("row-decomposition", IES, "income_grand_total", "amount", "200.00", "100.00")}),
    # row-decomposition of the 三公 table: 合计 row = 一般公共预算财政拨款 row (the other sources are blank), 2
    # amounts: 100 元. Reception 2.00 → 2.01 in 合计 also breaks 三公 小计 17.00 = 15.00 + 2.01 (3 amounts: 150);
    # beyond, the narrative's "公务接待费 2.00 万元" no longer matches the table (claim-vs-table, 2 amounts: 100).
    "row-decomposition within": (
        (TP, "TOTAL", "reception", "2.01"),
        {I("row-decomposition", TP, "TOTAL", "reception", "100.00", "100.00"),
         I("row-parts", TP, "TOTAL", "total", "100.00", "150.00")}),
    "row-decomposition beyond": (
        (TP, "TOTAL", "reception", "2.02"),
        {V("row-decomposition", TP, "TOTAL", "reception", "200.00", "100.00"),
         V("row-parts", TP, "TOTAL", "total", "200.00", "150.00"),
         V("claim-vs-table", TP, "reception", None, "200.00", "100.00")}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_fault_at_the_edge_of_the_tolerance(case):
    (kind, code, measure, printed), expected = CASES[case]
    assert findings(run(with_cell(kind, code, measure, printed))) == expected | {REAL}


P2 = "13053225P002735140298"  # 政府法律顾问工作经费: 12.00 万元, plan to October 12.00, to December 12.00

PLAN_CASES = {
    # project-plan-total, 2 amounts (the project's amount and its plan to December): tolerance 100 元, either side
    "12.01": {I("project-plan-total", "project", P2, "plan_12", "100.00", "100.00")},
    "12.02": {V("project-plan-total", "project", P2, "plan_12", "200.00", "100.00")},
    # plan-cumulative, 2 amounts: the plan to October (12.00) may exceed the later one by 100 元 at most
    "11.99": {I("project-plan-total", "project", P2, "plan_12", "100.00", "100.00")},
    "11.98": {V("project-plan-total", "project", P2, "plan_12", "200.00", "100.00"),
              ("Violation", "plan-cumulative", "project", P2, "plan_10", None, None)},
}


@pytest.mark.parametrize("plan_12", sorted(PLAN_CASES))
def test_a_spending_plan_at_the_edge_of_the_tolerance(plan_12):
    doc = hebei_document()
    projects = list(doc.projects)
    p = projects[1]
    assert p.code == P2 and p.plan["plan_12"].printed == "12.00"
    projects[1] = dataclasses.replace(p, plan={**p.plan, "plan_12": amt(plan_12, p.plan["plan_12"].page)})
    assert findings(run(dataclasses.replace(doc, projects=tuple(projects)))) == PLAN_CASES[plan_12] | {REAL}


def test_the_clean_document_has_its_one_real_finding_and_no_info():
    assert findings(run(hebei_document())) == {REAL}


def test_the_sample_pdf_has_no_info(sample_pdf, extracted):
    outcome = run(extracted(sample_pdf))
    assert [f for f in outcome.results if f.severity == "Info"] == []
    assert {(f.severity, f.rule) for f in outcome.results} == {("Violation", "procurement-included")}


@pytest.fixture(scope="module")
def variant_pdfs(tmp_path_factory):
    from budget_lod.sample.variants import write_variant

    folder = tmp_path_factory.mktemp("tolerance-variants")
    return lambda name: write_variant(name, folder / f"{name}.pdf")


def _variant_names() -> list[str]:
    from budget_lod.sample.variants import NATIONAL

    return list(NATIONAL)  # the national template (the provincial families have their own truth tests)


@pytest.mark.parametrize("name", _variant_names())
def test_no_variant_has_an_info(variant_pdfs, extracted, name):
    """Every variant's figures are consistent to the fen by construction: no rounding difference to report."""
    outcome = run(extracted(variant_pdfs(name)))
    assert [(f.rule, f.table, f.code, f.measure) for f in outcome.results if f.severity == "Info"] == []
