"""The rules for the provincial template's tables (issue 8's kinds and measures), on the hand-typed truth of a
Jiangsu corpus document: the true tables give no finding; one printed figure changed at a time is caught by the
rule that covers it — 合计 = “三公” + 会议费 + 培训费, 合计 = 基本 + 项目 + 单位预留机动经费, the summary's
expenditure by purpose and by function against its 当年支出小计, the 财政拨款支出表 against the 财政拨款收支总表,
一般公共预算 within 财政拨款 per code. Only what the table printed is checked.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from test_narrative_jiangsu import truth_tables

from budget_lod.model.document import Document
from budget_lod.rdf.build import build_graph
from budget_lod.rdf.iri import Minter
from budget_lod.validate import validate_graph

MINTER = Minter()
TRUTH = "2018-dept-npc-standing-committee-office.toml"


def document(tables) -> Document:
    return Document("t.pdf", "0" * 64, 31, "江苏省人大常委会办公厅", None, None, 2018, "department", tuple(tables))


def changed(kind: str, code: str, measure: str, by: str) -> Document:
    """The truth with one printed figure moved by ``by`` 万元."""
    tables, _ = truth_tables(TRUTH)
    out = []
    for t in tables:
        if t.kind == kind:
            rows = []
            for r in t.rows:
                if r.code == code:
                    a = r.amounts[measure]
                    yuan = a.yuan + Decimal(by) * 10000
                    r = dataclasses.replace(r, amounts={**r.amounts, measure: dataclasses.replace(
                        a, yuan=yuan, printed=f"{yuan / 10000:.2f}")})
                rows.append(r)
            t = dataclasses.replace(t, rows=tuple(rows))
        out.append(t)
    return document(out)


def violations(doc: Document) -> set[str]:
    outcome = validate_graph(build_graph(doc, MINTER), MINTER)
    return {f.rule for f in outcome.results if f.severity == "Violation"}


def test_the_true_tables_give_no_violation():
    tables, _ = truth_tables(TRUTH)
    assert {t.kind for t in tables} >= {"fiscal_appropriation_expenditure", "fiscal_appropriation_basic_expenditure",
                                        "admin_operating_expenditure", "three_public"}
    assert violations(document(tables)) == set()


@pytest.mark.parametrize("kind,code,measure,rules", [
    # 合计 2542.60 = “三公” 833.60 + 会议费 1305.25 + 培训费 403.75
    ("three_public", "TOTAL", "grand_total", {"row-parts"}),
    ("three_public", "TOTAL", "meeting", {"row-parts"}),
    # 支出总表: 合计 15897.44 = 基本 7877.76 + 项目 6333.96 + 单位预留机动经费 1685.72 (and the summary prints the same)
    ("expenditure_summary", "TOTAL", "reserve", {"row-parts", "summary-purpose-equals-expenditure-summary"}),
    # 收支总表: 当年支出小计 = Σ by purpose = Σ by function
    ("income_expenditure_summary", "expenditure_reserve", "amount",
     {"row-decomposition", "summary-purpose-equals-expenditure-summary"}),
    ("income_expenditure_summary", "221", "amount", {"summary-by-function"}),
    # 财政拨款支出表 合计 = 财政拨款收支总表 支出合计 (and its own 类 rows; and it may not exceed the 支出总表's)
    ("fiscal_appropriation_expenditure", "TOTAL", "total",
     {"fiscal-expenditure-equals-summary", "table-total", "cross-table"}),
    # a line's 一般公共预算 cannot exceed its 财政拨款
    ("general_budget_expenditure", "2010101", "total", {"cross-table", "parent-sum"}),
])
def test_one_figure_changed_is_caught_by_its_rules(kind, code, measure, rules):
    assert violations(changed(kind, code, measure, "1.00")) == rules
