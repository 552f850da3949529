"""Words the pages show: table kinds, measures, severities and classification levels (中文 / English).

Declarative tables only; a kind or measure missing here is shown by its slug.
"""

from __future__ import annotations

import re

from budget_lod.model.document import TABLE_KINDS

TABLE_LABELS: dict[str, tuple[str, str]] = {
    "income_expenditure_summary": ("收支预算总表", "Income and expenditure summary"),
    "income_summary": ("收入预算总表", "Income summary"),
    "expenditure_summary": ("支出预算总表", "Expenditure summary"),
    "fiscal_appropriation_summary": ("财政拨款收支预算总表", "Fiscal appropriation summary"),
    "general_budget_expenditure": ("一般公共预算支出功能分类预算表", "General budget expenditure by function"),
    "general_budget_basic_expenditure": ("一般公共预算基本支出部门预算经济分类预算表",
                                         "General budget basic expenditure by economic class"),
    "government_fund_expenditure": ("政府性基金预算支出功能分类预算表", "Government fund expenditure"),
    "state_capital_expenditure": ("国有资本经营预算支出功能分类预算表", "State capital operation expenditure"),
    "three_public": ("“三公”经费和机关运行经费预算表", "“Three public” expenses and operating costs"),
    "project": ("项目支出绩效目标表", "Project performance targets"),
    "procurement": ("政府采购预算表", "Government procurement"),
    "assets": ("国有资产占用情况表", "State-owned assets"),
}

MEASURE_LABELS: dict[str, tuple[str, str]] = {
    "total": ("合计", "Total"),
    "basic": ("基本支出", "Basic expenditure"),
    "project": ("项目支出", "Project expenditure"),
    "personnel": ("人员经费", "Personnel"),
    "public": ("公用经费", "Public (operating)"),
    "income": ("收入", "Income"),
    "expenditure": ("支出", "Expenditure"),
    "fiscal": ("财政拨款", "Fiscal appropriation"),
    "general": ("一般公共预算", "General public budget"),
    "fund": ("政府性基金预算", "Government funds"),
    "state_capital": ("国有资本经营预算", "State capital operation"),
    "special_account": ("财政专户管理资金", "Special fiscal account"),
    "unit": ("单位资金", "Unit funds"),
    "other": ("其他", "Other"),
    "previous": ("上年预算数", "Previous year"),
    "current": ("本年预算数", "This year"),
}

# which figure an amount is (bud:phase), in the order a 决算 prints them (年初预算数 | 全年预算数 | 决算数)
PHASE_LABELS: dict[str, tuple[str, str]] = {
    "budget": ("预算数", "Budget"),
    "initial_budget": ("年初预算数", "Initial budget"),
    "adjusted_budget": ("全年预算数", "Adjusted budget"),
    "final": ("决算数", "Final"),
}
PHASE_ORDER: tuple[str, ...] = tuple(PHASE_LABELS)

# a document's kind (the URI's root tells it): (中文, English) as a noun and as the tables' heading
DOCUMENT_LABELS: dict[str, tuple[str, str]] = {"budget": ("预算", "budget"), "final_accounts": ("决算", "final accounts")}
DOCUMENT_TABLES: dict[str, tuple[str, str]] = {"budget": ("预算表", "Budget tables"),
                                               "final_accounts": ("决算表", "Final accounts tables")}

# the table whose 合计 line is a document's headline figure on its department's chart: the first of these both
# documents of a year print (so budget and final are the same money), else the first either prints
DEPARTMENT_FIGURE_TABLES: tuple[str, ...] = ("expenditure_summary", "general_budget_expenditure")

SEVERITY_LABELS: dict[str, tuple[str, str]] = {
    "Violation": ("违规", "Violation"),
    "Warning": ("警告", "Warning"),
    "Info": ("提示", "Info"),
}
SEVERITY_ORDER = ("Violation", "Warning", "Info")

# how a table kind is printed: "summary" = two sides (收入 | 支出) line by line; anything else one row a line
TABLE_FORMS: dict[str, str] = {
    "income_expenditure_summary": "summary",
    "fiscal_appropriation_summary": "summary",
}

# summary-table rows on the income (left) side: item slugs starting with these (all others are expenditure)
INCOME_SIDE_PREFIXES: tuple[str, ...] = ("income", "carryover")
SIDE_LABELS: dict[str, tuple[str, str]] = {"income": ("收入", "Income"), "expenditure": ("支出", "Expenditure")}

# item slugs of 合计 / 总计 rows end with these (income_total, expenditure_grand_total, assets_total)
TOTAL_SUFFIXES: tuple[str, ...] = ("_total",)

# columns the PDF prints under one heading (“三公” tables): group → (heading, its measures in printed order)
MEASURE_GROUPS: dict[str, tuple[tuple[str, str], tuple[str, ...]]] = {
    "vehicle": (("公务用车购置及运行费", "Official vehicles"), ("vehicle_total", "vehicle_purchase", "vehicle_operation")),
    "overseas": (("因公出国（境）费", "Official trips abroad"), ("overseas", "overseas_research", "overseas_other")),
}
MEASURE_GROUP_OF: dict[str, str] = {m: g for g, (_, ms) in MEASURE_GROUPS.items() for m in ms}

# a project code made from its name where the PDF prints none (``p`` + 12 hex digits): not shown as a code
GENERATED_PROJECT_CODE = re.compile(r"^p[0-9a-f]{12}$")

# the table whose line gives a code's headline figure on its page (first present wins): all funds first
CODE_FIGURE_TABLES: tuple[str, ...] = (
    "expenditure_summary", "general_budget_expenditure", "general_budget_basic_expenditure",
    "fiscal_appropriation_summary", "income_expenditure_summary", "income_summary",
    "government_fund_expenditure", "state_capital_expenditure",
)

# an ordinal printed before a class name in summary tables (一、一般公共服务支出; 1. 一般公共预算资金)
ORDINAL_PREFIX = re.compile(r"^\s*(?:[一二三四五六七八九十百]+、|\d+[.、．]\s*)")

# an indicator's comparator (model ``Indicator.comparator``) in words
COMPARATORS: dict[str, tuple[str, str]] = {
    ">=": ("≥ 不低于", "at least"), "<=": ("≤ 不高于", "at most"), "=": ("= 等于", "equal to"),
    ">": ("> 高于", "more than"), "<": ("< 低于", "less than"),
}

LEVEL_LABELS = {1: ("类", "class"), 2: ("款", "section"), 3: ("项", "item")}

SCHEME_LABELS: dict[str, tuple[str, str]] = {
    "functional": ("支出功能分类", "Functional classification"),
    "economic": ("支出经济分类", "Economic classification"),
}


def table_order(kind: str) -> int:
    return TABLE_KINDS.index(kind) if kind in TABLE_KINDS else len(TABLE_KINDS)


def level_of(code: str) -> int | None:
    """类=1, 款=2, 项=3 from the length of a functional (3/5/7) or economic (3/5) code."""
    if not code.isdigit():
        return None
    return {3: 1, 5: 2, 7: 3}.get(len(code))
