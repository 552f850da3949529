"""Narrative figures about a functional line (“一般公共服务支出-…-行政运行”科目1,202.95万元) get that line's code."""

from __future__ import annotations

from decimal import Decimal

import pytest

DOCS = ["2025-dept-district-government-office.pdf", "2025-dept-commerce-commission.pdf",
        "2024-dept-wanli-subdistrict.pdf"]


@pytest.mark.parametrize("name", DOCS)
def test_every_functional_claim_resolves_to_a_printed_row(corpus, extracted, name):
    doc = extracted(corpus / "shanghai-putuo" / name)
    rows = {r.code: r for t in doc.tables if t.kind == "general_budget_expenditure" for r in t.rows}
    claims = [c for c in doc.claims if c.kind == "functional_item"]
    assert claims
    for c in claims:
        assert c.code is not None, c.subject
        row = rows[c.code]
        # the claim's last path element is the row's own name, and the 类 prefix of the code is its first
        assert c.path[-1].replace("(", "（").replace(")", "）") in row.name.replace("(", "（").replace(")", "）")
        assert len(c.code) == 7


def test_office_line_figure_matches_its_row_to_the_printed_precision(corpus, extracted):
    doc = extracted(corpus / "shanghai-putuo" / DOCS[0])
    (claim,) = [c for c in doc.claims if c.kind == "functional_item" and c.code == "2010301"]
    row = next(r for t in doc.tables if t.kind == "general_budget_expenditure" for r in t.rows if r.code == "2010301")
    # printed 1,202.95万元 in the text; 12,029,501.84 元 in the table: equal to within 0.005 万元
    assert abs(claim.amount.yuan - row.amounts["total"].yuan) <= Decimal("50")
