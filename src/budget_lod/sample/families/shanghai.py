"""The Shanghai-like family: a district 单位预算 in 元 with separators, codes in 类/款/项 columns.

合计 printed last and spanning the code columns, tables continued on the next page without their header,
财政拨款收入 split into its sources, a one-row “三公” table in 万元 with a 机关运行经费 column.
"""

from __future__ import annotations

from typing import Sequence

from budget_lod.sample.layout import Cell
from budget_lod.sample.printing import Col, Style, Writer, cells, classes, item
from budget_lod.sample.synthetic import YUAN, Figures, make_figures
from budget_lod.sample.truth import Variant
from budget_lod.sample.families.national import FA_CLASSES


# --- variant 1: a Shanghai-like 单位预算 (元, 类/款/项 columns, headers not repeated) -----------------------

_V1_FUNCTIONAL = ("2070108", "2070109", "2070199", "2080502", "2080505", "2080506", "2101102", "2210201", "2210203")
_V1_ECONOMIC = ("30101", "30102", "30107", "30108", "30109", "30110", "30112", "30113", "30199", "30302",
                "30201", "30202", "30205", "30206", "30207", "30211", "30213", "30228", "30229", "30239",
                "30299", "31002")


def _layout_shanghai_unit(v: Variant) -> Writer:
    fig, y, dept = v.figures, v.fiscal_year, v.department
    w = Writer(Style(unit="元", thousands=True, repeat_header=False, total_first=False, total_span=True))
    head_line = [f"编制单位：{dept}", "", "单位：元"]
    w.cover([(f"{v.region}{y}年区级单位预算", 22, 30), (f"预算单位：{dept}", 15, 10)])
    w.prose(f"{y}年单位预算编制说明", [
        f"{y}年，{dept}收入预算和支出预算均按照区级财政核定的预算控制数编制，"
        f"具体情况详见后附单位预算表。"])
    code_cols = [Col("code_1", 26), Col("code_2", 22), Col("code_3", 22), Col("name", 170)]

    def fhead(group: str, leaves: Sequence[str]) -> list[list[Cell]]:
        return cells([[("项目", 4, 1), (group, len(leaves), 1)],
                      [("功能分类科目编码", 3, 1), ("功能分类科目名称", 1, 2), *((m, 1, 2) for m in leaves)],
                      ["类", "款", "项"]])

    income = [*_cells_income_shanghai(fig)]
    exp = classes(fig, "total", {"amount": "total"})
    w.summary("income_expenditure_summary", f"{y}年单位财务收支预算总表", income, exp,
              [(item("收入总计", "income_grand_total", fig.total("total")),
                item("支出总计", "expenditure_grand_total", fig.total("total")))],
              [150, 90, 190, 90], cells([[("本年收入", 2, 1), ("本年支出", 2, 1)], ["项目", "预算数", "项目", "预算数"]]),
              ["amount"], ["amount"], header=head_line)
    w.coded("income_summary", f"{y}年单位收入预算总表", "functional", fig.functional,
            [*code_cols, Col("total", 66), Col("fiscal_appropriation", 66, "fiscal"),
             Col("business_income", 46, "none"), Col("operating_income", 46, "none"),
             Col("other_income", 46, "other")],
            cells([[("项目", 4, 1), ("收入预算", 5, 1)],
                   [("功能分类科目编码", 3, 1), ("功能分类科目名称", 1, 2), ("合计", 1, 2), ("财政拨款收入", 1, 2),
                    ("事业收入", 1, 2), ("事业单位经营收入", 1, 2), ("其他收入", 1, 2)],
                   ["类", "款", "项"]]),
            header=head_line, breaks=[11])
    w.coded("expenditure_summary", f"{y}年单位支出预算总表", "functional", fig.functional,
            [*code_cols, Col("total", 80), Col("basic", 80), Col("project", 80)],
            fhead("支出预算", ["合计", "基本支出", "项目支出"]), header=head_line, breaks=[12])
    fa_income = [item("一、一般公共预算资金", "income_general_budget", fig.total("fiscal")),
                 item("二、政府性基金", "income_government_fund", None),
                 item("三、国有资本经营预算", "income_state_capital", None)]
    fa_exp = classes(fig, "fiscal", FA_CLASSES)
    w.summary("fiscal_appropriation_summary", f"{y}年单位财政拨款收支预算总表", fa_income, fa_exp,
              [(item("收入总计", "income_grand_total", fig.total("fiscal")),
                ("支出总计", "item", "expenditure_grand_total",
                 {"total": fig.total("fiscal"), "general_budget": fig.total("fiscal")}))],
              [100, 66, 130, 60, 60, 50, 50],
              cells([[("财政拨款收入", 2, 1), ("财政拨款支出", 5, 1)],
                     ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]]),
              ["amount"], ["total", "general_budget", "government_fund", "state_capital"], header=head_line)
    w.coded("general_budget_expenditure", f"{y}年单位一般公共预算支出功能分类预算表", "functional",
            fig.functional,
            [*code_cols, Col("total", 80, "fiscal"), Col("basic", 80), Col("project", 80, "fiscal_project")],
            fhead("一般公共预算支出", ["合计", "基本支出", "项目支出"]), header=head_line, breaks=[10])
    for kind, what in (("government_fund_expenditure", "政府性基金"), ("state_capital_expenditure", "国有资本经营")):
        w.coded(kind, f"{y}年单位{what}预算支出功能分类预算表", "functional", fig.functional,
                [*code_cols, Col("total", 80, "none"), Col("basic", 80, "none"), Col("project", 80, "none")],
                fhead(f"{what}预算支出", ["合计", "基本支出", "项目支出"]), header=head_line,
                note=f"注:本单位{y}年无{what}预算财政拨款安排的预算，故本表为空表。")
    w.coded("general_budget_basic_expenditure", f"{y}年单位一般公共预算基本支出经济分类预算表", "economic",
            fig.economic,
            [Col("code_1", 30), Col("code_2", 30), Col("name", 180), Col("total", 80), Col("personnel", 80),
             Col("public", 80)],
            cells([[("项目", 3, 1), ("一般公共预算基本支出", 3, 1)],
                   [("经济分类科目编码", 2, 1), ("经济分类科目名称", 1, 2), ("合计", 1, 2), ("人员经费", 1, 2),
                    ("公用经费", 1, 2)],
                   ["类", "款"]]),
            header=head_line, breaks=[16])
    w.three_public_row(f"{y}年单位“三公”经费和机关运行经费预算表", fig,
                       [Col("total", 70), Col("overseas", 70), Col("vehicle_total", 64),
                        Col("vehicle_purchase", 64), Col("vehicle_operation", 64), Col("reception", 70),
                        Col("admin_operating", 78)],
                       cells([[("“三公”经费预算数", 6, 1), ("机关运行经费预算数", 1, 3)],
                              [("合计", 1, 2), ("因公出国(境)费", 1, 2), ("公务用车购置及运行费", 3, 1),
                               ("公务接待费", 1, 2)],
                              ["小计", "购置费", "运行费"]]),
                       unit="万元", header=[f"编制单位：{dept}", "", "单位:万元"])
    return w


def _cells_income_shanghai(fig: Figures) -> list[tuple]:
    return [item("一、财政拨款收入", "income_fiscal_appropriation", fig.total("fiscal")),
            item("1. 一般公共预算资金", "income_general_budget", fig.total("fiscal")),
            item("2. 政府性基金", "income_government_fund", None),
            item("3. 国有资本经营预算", "income_state_capital", None),
            item("二、事业收入", "income_business", None),
            item("三、事业单位经营收入", "income_operating", None),
            item("四、其他收入", "income_other", fig.total("other"))]




VARIANTS = (
    Variant(
        "shanghai_unit",
        "单位预算 of a Shanghai-like district: 元 with thousands separators, codes in 类/款/项 columns, no 序号, "
        "合计 last spanning the code columns, tables continued without the header repeated, one-row “三公” "
        "table in 万元 with 机关运行经费",
        "上海市静安区群众艺术馆", None, "上海市静安区", 2025, "unit", "元",
        make_figures(101, _V1_FUNCTIONAL, _V1_ECONOMIC, YUAN, other_funded={"2070108": "part"},
                     three_public=("overseas", "vehicle_operation", "reception", "admin_operating")),
        (), _layout_shanghai_unit),
)
