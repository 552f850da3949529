"""Pieces of the national template several families print alike: the 财政拨款收支总表 and shared code lists.

The 财政拨款收支总表's header, its income side (only the general budget carries money) and its 收入总计 |
支出总计 line; two lists of economic 款 the county families draw their 基本支出 from.
"""

from __future__ import annotations

from budget_lod.sample.printing import item

ECONOMIC_SHORT = ("30101", "30102", "30103", "30108", "30109", "30110", "30113", "30201", "30207", "30211",
                  "30213", "30231", "30299")
ECONOMIC_LONG = ("30101", "30102", "30103", "30108", "30109", "30110", "30112", "30113", "30199", "30301",
                 "30302", "30201", "30202", "30207", "30211", "30215", "30216", "30217", "30228", "30299")

FA_CLASSES = {"total": "fiscal", "general_budget": "fiscal"}
FA_HEAD = [[("收入", 2, 1), ("支出", 5, 1)],
           ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]]
FA_SIDES = (["amount"], ["total", "general_budget", "government_fund", "state_capital"])


def fa_income_side(fiscal):
    """The income side of a 财政拨款收支总表: only the general budget carries a figure."""
    return [item("一、一般公共预算拨款", "income_general_budget", fiscal),
            item("二、政府性基金预算拨款", "income_government_fund", None),
            item("三、国有资本经营预算拨款", "income_state_capital", None)]


def fa_grand_totals(fiscal):
    """The 收入总计 | 支出总计 line of a 财政拨款收支总表."""
    return [(item("收入总计", "income_grand_total", fiscal),
             ("支出总计", "item", "expenditure_grand_total", {"total": fiscal, "general_budget": fiscal}))]
