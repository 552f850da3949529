"""Project page parts: the cumulative spending plan in month order with exact shares, indicators grouped
一级 → 二级 in printed order (indicator numbers sorted as numbers, not strings)."""

from __future__ import annotations

from decimal import Decimal

from budget_lod.web.project_pages import grouped_indicators, plan_steps


def a(measure: str, yuan: str) -> dict:
    return {"measure": measure, "yuan": Decimal(yuan)}


def test_plan_in_month_order_with_exact_shares():
    steps = plan_steps([a("plan_12", "850000"), a("amount", "850000"), a("plan_03", "300000"), a("plan_06", "500000"),
                        a("fiscal", "850000"), a("plan_10", "750000")], Decimal("850000"))
    assert [s["month"] for s in steps] == [3, 6, 10, 12]
    assert [s["share"] for s in steps] == [Decimal("35.3"), Decimal("58.8"), Decimal("88.2"), Decimal("100.0")]
    assert steps[-1]["height"] == Decimal("100.0")


def test_plan_without_an_amount_has_no_shares_and_scales_to_its_largest_step():
    steps = plan_steps([a("plan_03", "10"), a("plan_06", "40")], None)
    assert [s["share"] for s in steps] == [None, None]
    assert [s["height"] for s in steps] == [Decimal("25.0"), Decimal("100.0")]


def ind(n: int, l1: str, l2: str) -> dict:
    return {"indicator": f"http://x.test/id/p/indicator/{n}", "level1Label": l1, "level2Label": l2, "name": str(n)}


def test_indicators_grouped_by_level_in_printed_order():
    rows = grouped_indicators([ind(10, "满意度指标", "服务对象满意度指标"), ind(2, "产出指标", "质量指标"),
                               ind(1, "产出指标", "数量指标"), ind(3, "产出指标", "质量指标"), ind(4, "效益指标", "社会效益指标")])
    assert [r["name"] for r in rows] == ["1", "2", "3", "4", "10"]  # 10 after 4: numbers, not strings
    assert [(r["span1"], r["span2"]) for r in rows] == [(3, 1), (0, 2), (0, 0), (1, 1), (1, 1)]
