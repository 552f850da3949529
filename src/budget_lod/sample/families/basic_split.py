"""The family that splits 基本支出 into 小计 / 人员经费 / 公用经费 columns, ruled or not at all.

The functional tables print 基本支出 as a spanning header over its parts; printed without rulings the header
words float over columns narrower than they are (and a 政府性基金 column stays blank from top to bottom).
"""

from __future__ import annotations

from functools import partial

from budget_lod.sample.printing import Col, Style, Writer, cells, classes, item
from budget_lod.sample.synthetic import WAN, YUAN, make_figures
from budget_lod.sample.truth import Variant
from budget_lod.sample.families.national import (
    ECONOMIC_LONG, FA_CLASSES, FA_HEAD, FA_SIDES, fa_grand_totals, fa_income_side)


# --- variant 6: 基本支出 split into 小计 / 人员经费 / 公用经费 columns of the functional tables ---------------------

_V6_FUNCTIONAL = ("2010101", "2010102", "2010108", "2080501", "2080505", "2080506", "2101101", "2101103",
                  "2210201", "2210203")


def _layout_basic_split(v: Variant, rules: str = "all") -> Writer:
    """``rules``: how every table but the 财政拨款收支总表 is ruled (``none``: 基本支出 printed centred over its
    小计 / 人员经费 / 公用经费 columns with no ruling to say which columns it spans)."""
    fig, y, dept = v.figures, v.fiscal_year, v.department
    w = Writer(Style(unit="元", thousands=True, repeat_header=True, total_first=True, total_span=True, rules=rules))
    line = [f"编制单位：{dept}", "", "单位：元"]
    w.cover([(f"{dept}", 24, 22), (f"{y}年部门预算", 24, 10)])
    total, fiscal = fig.total("total"), fig.total("fiscal")
    income = [item("一、一般公共预算拨款收入", "income_general_budget", fiscal),
              item("二、政府性基金预算拨款收入", "income_government_fund", None),
              item("三、国有资本经营预算拨款收入", "income_state_capital", None),
              item("四、其他收入", "income_other", fig.total("other"))]
    bottom = [(item("收入总计", "income_grand_total", total), item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", f"{y}年部门收支总表", income,
              classes(fig, "total", {"amount": "total"}), bottom, [160, 80, 175, 80],
              cells([[("收入", 2, 1), ("支出", 2, 1)], ["项目", "预算数", "项目", "预算数"]]),
              ["amount"], ["amount"], header=line)
    code_cols = [Col("code", 50), Col("name", 140)]
    w.coded("income_summary", f"{y}年部门收入总表", "functional", fig.functional,
            [*code_cols, Col("total", 80), Col("fiscal_appropriation", 80, "fiscal"), Col("other_income", 80, "other")],
            cells([["科目编码", "科目名称", "合计", "财政拨款收入", "其他收入"]]), header=line)
    split_cols = [*code_cols, Col("total", 64), Col("basic", 64), Col("personnel", 60), Col("public", 60),
                  Col("project", 64)]
    split_head = cells([[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("基本支出", 3, 1), ("项目支出", 1, 2)],
                        ["小计", "人员经费", "公用经费"]])
    w.coded("expenditure_summary", f"{y}年部门支出总表", "functional", fig.functional, split_cols, split_head,
            header=line)
    fa_income = fa_income_side(fiscal)
    fa_bottom = fa_grand_totals(fiscal)
    w.summary("fiscal_appropriation_summary", f"{y}年部门财政拨款收支总表", fa_income,
              classes(fig, "fiscal", FA_CLASSES), fa_bottom,
              [110, 66, 130, 56, 56, 50, 52],
              cells(FA_HEAD), *FA_SIDES, header=line, rules="all")
    w.coded("general_budget_expenditure", f"{y}年一般公共预算支出表", "functional", fig.functional,
            [*code_cols, Col("total", 64, "fiscal"), Col("basic", 64), Col("personnel", 60), Col("public", 60),
             Col("project", 64, "fiscal_project")],
            split_head, header=line)
    w.coded("general_budget_basic_expenditure", f"{y}年一般公共预算基本支出表", "economic", fig.economic,
            [*code_cols, Col("total", 90), Col("personnel", 90), Col("public", 90)],
            cells([["科目编码", "科目名称", "合计", "人员经费", "公用经费"]]), header=line)
    for kind, what in (("government_fund_expenditure", "政府性基金"), ("state_capital_expenditure", "国有资本经营")):
        w.coded(kind, f"{y}年{what}预算支出表", "functional", fig.functional,
                [*code_cols, Col("total", 64, "none"), Col("basic", 64, "none"), Col("personnel", 60, "none"),
                 Col("public", 60, "none"), Col("project", 64, "none")],
                split_head, header=line, note=f"注：本部门{y}年无{what}预算财政拨款支出，本表为空表。")
    w.three_public_row(f"{y}年“三公”经费和机关运行经费预算表", fig,
                       [Col("total", 70), Col("overseas", 70), Col("vehicle_total", 64), Col("vehicle_purchase", 64),
                        Col("vehicle_operation", 64), Col("reception", 70), Col("admin_operating", 78)],
                       cells([[("合计", 1, 2), ("因公出国（境）费", 1, 2), ("公务用车购置及运行费", 3, 1),
                               ("公务接待费", 1, 2), ("机关运行经费", 1, 2)],
                              ["小计", "购置费", "运行费"]]),
                       unit="万元", header=[f"编制单位：{dept}", "", "单位：万元"])
    return w


# --- round 3: narrow 万元 figure columns printed without rulings ------------------------------------------


def _layout_unruled_narrow(v: Variant) -> Writer:
    """Every coded table printed without rulings, in 万元 with few digits: its figure columns are narrower than
    the header words above them, and a header centred over two or three of them (本年收入 over 一般公共预算拨款收入 |
    政府性基金预算拨款收入 | 其他收入, 基本支出 over 人员经费 | 公用经费, or over 小计 | 人员经费 | 公用经费) sits over
    no figure of its own. The 政府性基金 column is blank from top to bottom: only its header says it is there. The
    支出总表 goes on over a second page, its header repeated."""
    fig, y, dept = v.figures, v.fiscal_year, v.department
    w = Writer(Style(unit="万元", thousands=False, total_span=True, rules="none"))
    line = [f"编制单位：{dept}", "", "单位：万元"]
    w.cover([(dept, 24, 22), (f"{y}年部门预算", 24, 10)])
    total, fiscal = fig.total("total"), fig.total("fiscal")
    income = [item("一、一般公共预算拨款收入", "income_general_budget", fiscal),
              item("二、政府性基金预算拨款收入", "income_government_fund", None),
              item("三、其他收入", "income_other", fig.total("other"))]
    bottom = [(item("收入总计", "income_grand_total", total), item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", f"{y}年部门收支总表", income,
              classes(fig, "total", {"amount": "total"}), bottom, [160, 80, 175, 80],
              cells([[("收入", 2, 1), ("支出", 2, 1)], ["项目", "预算数", "项目", "预算数"]]),
              ["amount"], ["amount"], header=line, rules="all")
    code_cols = [Col("code", 48), Col("name", 150)]
    w.coded("income_summary", f"{y}年部门收入总表", "functional", fig.functional,
            [*code_cols, Col("total", 44), Col("general_budget", 96, "fiscal"), Col("government_fund", 96, "none"),
             Col("other_income", 44, "other")],
            cells([[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("本年收入", 3, 1)],
                   ["一般公共预算拨款收入", "政府性基金预算拨款收入", "其他收入"]]), header=line)
    split = cells([[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("基本支出", 2, 1), ("项目支出", 1, 2)],
                   ["人员经费", "公用经费"]])
    w.coded("expenditure_summary", f"{y}年部门支出总表", "functional", fig.functional,
            [*code_cols, Col("total", 44), Col("personnel", 38), Col("public", 38), Col("project", 44)], split,
            header=line, breaks=[9])
    w.summary("fiscal_appropriation_summary", f"{y}年部门财政拨款收支总表", fa_income_side(fiscal),
              classes(fig, "fiscal", FA_CLASSES), fa_grand_totals(fiscal), [110, 66, 130, 56, 56, 50, 52],
              cells(FA_HEAD), *FA_SIDES, header=line, rules="all")
    w.coded("general_budget_expenditure", f"{y}年一般公共预算支出表", "functional", fig.functional,
            [*code_cols, Col("total", 44, "fiscal"), Col("basic", 38), Col("personnel", 38), Col("public", 38),
             Col("project", 44, "fiscal_project")],
            cells([[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("基本支出", 3, 1), ("项目支出", 1, 2)],
                   ["小计", "人员经费", "公用经费"]]), header=line)
    w.coded("general_budget_basic_expenditure", f"{y}年一般公共预算基本支出表", "economic", fig.economic,
            [*code_cols, Col("total", 44), Col("personnel", 38), Col("public", 38)],
            cells([["科目编码", "科目名称", "合计", "人员经费", "公用经费"]]), header=line)
    for kind, what in (("government_fund_expenditure", "政府性基金"), ("state_capital_expenditure", "国有资本经营")):
        w.coded(kind, f"{y}年{what}预算支出表", "functional", fig.functional,
                [*code_cols, Col("total", 44, "none"), Col("personnel", 38, "none"), Col("public", 38, "none"),
                 Col("project", 44, "none")], split, header=line, rules="all",
                note=f"注：本部门{y}年无{what}预算财政拨款支出，本表为空表。")
    w.three_public_row(f"{y}年一般公共预算“三公”经费支出表", fig,
                       [Col("total", 80), Col("overseas", 80), Col("vehicle_total", 80), Col("vehicle_purchase", 80),
                        Col("vehicle_operation", 80), Col("reception", 80)],
                       cells([[("合计", 1, 2), ("因公出国（境）费", 1, 2), ("公务用车购置及运行费", 3, 1),
                               ("公务接待费", 1, 2)], ["小计", "公务用车购置费", "公务用车运行费"]]),
                       unit="万元", header=line, rules="all")
    return w




VARIANTS = (
    Variant(
        "basic_split",
        "部门预算 in 元 whose functional tables split 基本支出 into 小计 / 人员经费 / 公用经费 columns; “三公” table "
        "in 万元 with a 机关运行经费 column",
        "东岭县人民政府办公室", None, "东岭县", 2025, "department", "元",
        make_figures(606, _V6_FUNCTIONAL, ECONOMIC_LONG, YUAN, other_funded={"2010108": "part"},
                     three_public=("overseas", "vehicle_operation", "reception", "admin_operating")),
        (), _layout_basic_split),
    Variant(
        "unruled_split",
        "部门预算 in 元 laid out as basic_split but printed without rulings: two-level headers whose 基本支出 is "
        "centred over its 小计 / 人员经费 / 公用经费 columns (and 公务用车购置及运行费 over three), next to 合计 "
        "and 项目支出 centred down both header lines",
        "西岭县人民政府办公室", None, "西岭县", 2025, "department", "元",
        make_figures(1313, ("2010101", "2010102", "2010108", "2080505", "2080506", "2101101", "2101103",
                            "2210201"), ECONOMIC_LONG, YUAN, other_funded={"2010108": "part"},
                     three_public=("overseas", "vehicle_operation", "reception", "admin_operating")),
        (), partial(_layout_basic_split, rules="none")),
    Variant(
        "unruled_narrow",
        "部门预算 in 万元 with few digits, the coded tables printed without rulings: figure columns narrower than "
        "their header words (一般公共预算拨款收入 over figures like 36.52), 本年收入 centred over three of them, "
        "基本支出 over 人员经费 | 公用经费 (no 小计) or over 小计 | 人员经费 | 公用经费, a 政府性基金 column blank "
        "from top to bottom, a two-page table with its header repeated",
        "东坪县审计局", None, "东坪县", 2026, "department", "万元",
        make_figures(1515, ("2010101", "2010102", "2010108", "2080505", "2080506", "2101101", "2101103",
                            "2210201"), ECONOMIC_LONG, WAN, other_funded={"2010108": "part"},
                     scale=(2_000, 900_000)),
        (), _layout_unruled_narrow),
)
