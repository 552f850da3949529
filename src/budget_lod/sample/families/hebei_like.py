"""Hebei-like county disclosures with synthetic figures: the bundled sample's layout, any department's budget.

As the printed Hebei template (:mod:`~budget_lod.sample.families.hebei` renders the real figures): every table
titled 部门预算…表 under the line ``<code> <department>  预算年度：<year>  单位：万元``, a 序号 column, codes in a
column so narrow that 7-digit codes wrap, a 栏次 row under the header, the 收支总表 listing every functional 类
(一、… 二十一、) whether it has money or not, empty fund tables with their note and the “三公” table printed as
rows. Part of the Hebei family (``FAMILY``).
"""

from __future__ import annotations

from typing import Sequence

from budget_lod.sample.families.jiangsu_figures import classes_of
from budget_lod.sample.families.national import ECONOMIC_LONG, FA_CLASSES, FA_SIDES, fa_income_side
from budget_lod.sample.layout import Cell
from budget_lod.sample.printing import Col, Style, Writer, cells, classes, item, numeral
from budget_lod.sample.synthetic import WAN, Line, make_figures
from budget_lod.sample.truth import Variant

FAMILY = "hebei"


def _numbered(head: list[list[Cell]], cols: Sequence[Col]) -> list[list[Cell]]:
    """The header with its 栏次 row: 栏次 under 序号, then the columns numbered 1, 2, …"""
    return [*head, [Cell("栏次"), *(Cell(str(n)) for n in range(1, len(cols)))]]


def _all_classes(v: Variant, source: str) -> list[tuple]:
    """Every 类 of the edition, numbered, with its amount where the department has money in it."""
    by_code = {ln.code: ln for ln in v.figures.functional if len(ln.code) == 3}
    out = []
    for i, (code, name) in enumerate(classes_of(v.fiscal_year), 1):
        ln = by_code.get(code) or Line(code, name, {})
        out.append((f"{numeral(i)}、{ln.name}", "functional", code, {"amount": ln.amounts.get(source)}))
    return out


def layout(v: Variant) -> Writer:
    fig, y, dept = v.figures, v.fiscal_year, v.department
    w = Writer(Style(unit="万元", thousands=False, total_first=True, size=8.0))
    line = [f"{v.department_code} {dept}", f"预算年度：{y}", "单位：万元"]
    w.cover([(dept, 26, 22), (f"{y}年部门预算", 26, 60), ("（部门预算信息公开）", 14, 10)])
    total, fiscal, other = fig.total("total"), fig.total("fiscal"), fig.total("other")
    income = [item("一、一般公共预算拨款收入", "income_general_budget", fiscal),
              item("二、政府性基金预算拨款收入", "income_government_fund", None),
              item("三、国有资本经营预算拨款收入", "income_state_capital", None),
              item("四、财政专户管理资金收入", "income_special_account", None),
              item("五、事业收入", "income_business", None),
              item("六、事业单位经营收入", "income_operating", None),
              item("七、其他收入", "income_other", other)]
    bottom = [(item("本年收入合计", "income_total", total), item("本年支出合计", "expenditure_total", total)),
              (item("上年结转", "carryover", None), item("结转下年", "expenditure_carryover", None)),
              (item("收入总计", "income_grand_total", total), item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", "部门预算收支总表", income, _all_classes(v, "total"), bottom,
              [170, 70, 190, 70], cells([[("收入", 2, 1), ("支出", 2, 1)], ["项 目", "预算数", "项 目", "预算数"]]),
              ["amount"], ["amount"], header=line)
    numbered = [Col("no", 22), Col("code", 30), Col("name", 150)]
    income_cols = [*numbered, Col("total", 52), Col("fiscal_appropriation", 52, "fiscal"),
                   Col("business_income", 46, "none"), Col("other_income", 46, "other"), Col("carryover", 46, "none")]
    w.coded("income_summary", "部门预算收入总表", "functional", fig.functional, income_cols,
            _numbered(cells([[("序号", 1, 2), ("功能分类科目", 2, 1), ("合计", 1, 2), ("财政拨款收入", 1, 2),
                               ("事业收入", 1, 2), ("其他收入", 1, 2), ("上年结转", 1, 2)],
                              ["科目编码", "科目名称"]]), income_cols), header=line)
    spend = [*numbered, Col("total", 70), Col("basic", 70), Col("project", 70)]
    spend_head = cells([[("序号", 1, 2), ("功能分类科目", 2, 1), ("合计", 1, 2), ("基本支出", 1, 2), ("项目支出", 1, 2)],
                        ["科目编码", "科目名称"]])
    w.coded("expenditure_summary", "部门预算支出总表", "functional", fig.functional, spend,
            _numbered(spend_head, spend), header=line)
    w.summary("fiscal_appropriation_summary", "部门预算财政拨款收支总表", fa_income_side(fiscal),
              classes(fig, "fiscal", FA_CLASSES),
              [(item("收入总计", "income_grand_total", fiscal),
                ("支出总计", "item", "expenditure_grand_total", {"total": fiscal, "general_budget": fiscal}))],
              [118, 54, 130, 50, 50, 50, 50],
              cells([[("收入", 2, 1), ("支出", 5, 1)],
                     ["项 目", "金额", "项 目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                      "国有资本经营预算财政拨款"]]), *FA_SIDES, header=line)
    gb = [*numbered, Col("total", 70, "fiscal"), Col("basic", 70), Col("project", 70, "fiscal_project")]
    w.coded("general_budget_expenditure", "部门预算一般公共预算财政拨款支出表", "functional", fig.functional, gb,
            _numbered(spend_head, gb), header=line)
    basic = [*numbered, Col("total", 70), Col("personnel", 70), Col("public", 70)]
    w.coded("general_budget_basic_expenditure", "部门预算一般公共预算财政拨款基本支出表", "economic", fig.economic,
            basic, _numbered(cells([[("序号", 1, 2), ("支出部门经济分类科目", 2, 1), ("一般公共预算基本支出", 3, 1)],
                                    ["科目编码", "科目名称", "合计", "人员经费", "公用经费"]]), basic), header=line)
    for kind, what in (("government_fund_expenditure", "政府性基金"), ("state_capital_expenditure", "国有资本经营")):
        empty = [*numbered, Col("total", 70, "none"), Col("basic", 70, "none"), Col("project", 70, "none")]
        w.coded(kind, f"部门预算{what}预算财政拨款支出表", "functional", fig.functional, empty,
                _numbered(spend_head, empty), header=line,
                note=f"注：本部门{y}年度无{what}预算财政拨款支出，此表无数据。")
    w.three_public_rows("部门预算财政拨款“三公”经费支出表", fig,
                        [("合计", "total"), ("一、因公出国（境）费", "overseas"),
                         ("二、公务用车购置及运行费", "vehicle_total"), ("其中：1.公务用车购置费", "vehicle_purchase"),
                         ("2.公务用车运行费", "vehicle_operation"), ("三、公务接待费", "reception")],
                        [260, 160], cells([["项 目", "预算数"]]), unit="万元", header=line)
    return w


VARIANTS = (
    Variant(
        "hebei_county",
        "部门预算 of a county office laid out as the bundled Hebei sample, with synthetic figures: 万元 without "
        "separators, the department code before its name on every table's header line, a 序号 column and a 栏次 "
        "row, 7-digit codes wrapping in a narrow column, the 收支总表 listing all twenty-one 类 (一、… 二十一、), "
        "the “三公” table printed as rows",
        "桃源县人民代表大会常务委员会办公室", "512", "桃源县", 2025, "department", "万元",
        make_figures(2525, ("2010101", "2010102", "2080501", "2080505", "2080506", "2101101", "2210201"),
                     ECONOMIC_LONG, WAN, other_funded={"2010102": "part"}, scale=(10_000, 4_000_000)),
        (), layout),
)
