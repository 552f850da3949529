"""Narrative of the bundled sample PDF (the Hebei figures re-worded): every figure the text states.

Expected figures come from the Hebei disclosure's tables (``../shared/corpus/hebei-pingxiang``) and
their arithmetic, the same as in ``test_narrative_hebei.py``: the sample words its text differently
(three 三公 sentences instead of one, 共5个项目), which is what this test exercises.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_lod.extract.narrative import extract_narrative


@pytest.fixture(scope="session")
def sample_narrative(sample_pdf, pages_of):
    return extract_narrative(pages_of(sample_pdf), "万元")


def _values(claims, kind):
    return [Decimal(c.amount.printed) for c in claims if c.kind == kind]


def test_figures(sample_narrative):
    claims, _, _ = sample_narrative
    assert Decimal("653.66") + Decimal("300.40") == Decimal("954.06")
    assert Decimal("614.10") + Decimal("39.56") == Decimal("653.66")
    assert Decimal("15.00") + Decimal("2.00") == Decimal("17.00")
    expected = {
        "income_total": ["954.06"], "income_general_budget": ["954.06"], "income_government_fund": ["0.00"],
        "income_special_account": ["0.00"], "income_unit_funds": ["0.00"], "income_carryover": ["0.00"],
        "expenditure_total": ["954.06", "954.06"], "basic_total": ["653.66"], "personnel": ["614.10"],
        "public": ["39.56"], "project_total": ["300.40", "300.40"], "admin_operating": ["39.56"],
        "three_public_total": ["17.00"], "overseas": ["0.00"], "vehicle_total": ["15.00"],
        "vehicle_purchase": ["0.00"], "vehicle_operation": ["15.00"], "reception": ["2.00"],
        "assets_total": ["529.20"], "asset_purchase": ["10.00"], "procurement_included": ["10.00"],
    }
    for kind, values in expected.items():
        assert _values(claims, kind) == [Decimal(v) for v in values], kind
    assert all(c.amount.unit == "万元" for c in claims if c.amount is not None)


def test_changes_refer_to_the_right_totals(sample_narrative):
    claims, _, _ = sample_narrative
    changes = [(c.subject, c.direction, Decimal(c.amount.printed), c.base_year) for c in claims if c.kind == "change"]
    assert changes == [
        ("expenditure_total", "decrease", Decimal("212.54"), 2024),
        ("basic_total", "decrease", Decimal("19.58"), 2024),
        ("project_total", "decrease", Decimal("192.96"), 2024),
        # “…三公经费预算安排17.00万元。其中：…。与2024年相比减少1.00万元”: about the total, not an item
        ("three_public_total", "decrease", Decimal("1.00"), 2024),
    ]
    assert changes[1][2] + changes[2][2] == changes[0][2]


def test_project_count_and_toc(sample_narrative):
    claims, notes, toc = sample_narrative
    assert [c.count for c in claims if c.kind == "project_count"] == [5, 5]
    assert toc[0] == "一、部门预算收支总表"
    assert "5、金融发展服务中心经费绩效目标表" in toc
    assert all("..." not in t and not t[-1].isdigit() for t in toc)  # leaders and page numbers stripped
    # ruled tables (the 机构设置 table inside the narrative) are not text notes
    assert not any("平乡县金融发展服务中心 事业" in n.text or "事业正科级" in n.text for n in notes)
