"""The Ministry-of-Finance family: the MOF template wording (表1…表9, 科目代码, 本年预算, 单位资金), 万元.

部门名称： / 预算年度： / 金额单位： header lines, one wide code column with names indented by level, the 收支总表
with 本年收入合计 / 上年结转结余 / 收入总计 rows.
"""

from __future__ import annotations

from budget_lod.sample.printing import Col, Style, Writer, cells, classes, item
from budget_lod.sample.synthetic import WAN, make_figures
from budget_lod.sample.truth import Variant
from budget_lod.sample.families.national import FA_CLASSES, fa_income_side


# --- variant 2: Ministry-of-Finance wording, 万元, one wide code column ----------------------------------

_V2_FUNCTIONAL = ("2080501", "2080505", "2080506", "2101101", "2101103", "2110101", "2110102", "2110104",
                  "2110199", "2110301", "2110302", "2210201", "2210202")
_V2_ECONOMIC = ("30101", "30102", "30103", "30108", "30109", "30110", "30113", "30301", "30302",
                "30201", "30207", "30211", "30215", "30217", "30231", "30299")


def _layout_mof_wanyuan(v: Variant) -> Writer:
    fig, y, dept = v.figures, v.fiscal_year, v.department
    w = Writer(Style(unit="万元", thousands=False, repeat_header=True, total_first=True, total_span=True,
                     indent="　"))
    line = [f"部门名称：{dept}", f"预算年度：{y}年", "金额单位：万元"]
    w.cover([(dept, 26, 22), (f"{y}年部门预算", 26, 10)])
    total, fiscal = fig.total("total"), fig.total("fiscal")
    income = [item("一、一般公共预算拨款收入", "income_general_budget", fiscal),
              item("二、政府性基金预算拨款收入", "income_government_fund", None),
              item("三、国有资本经营预算拨款收入", "income_state_capital", None),
              item("四、财政专户管理资金收入", "income_special_account", None),
              item("五、单位资金", "income_unit_funds", fig.total("other"))]
    bottom = [(item("本年收入合计", "income_total", total), item("本年支出合计", "expenditure_total", total)),
              (item("上年结转结余", "carryover", None), item("年终结转结余", "expenditure_carryover", None)),
              (item("收入总计", "income_grand_total", total), item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", "部门收支总表", income,
              classes(fig, "total", {"amount": "total"}), bottom, [160, 80, 175, 80],
              cells([[("收 入", 2, 1), ("支 出", 2, 1)], ["项 目", "预算数", "项 目", "预算数"]]),
              ["amount"], ["amount"], above=["表1"], header=line)
    code_cols = [Col("code", 62), Col("name", 150)]
    w.coded("income_summary", "部门收入总表", "functional", fig.functional,
            [*code_cols, Col("total", 46), Col("carryover", 40, "none"), Col("general_budget", 46, "fiscal"),
             Col("government_fund", 40, "none"), Col("state_capital", 40, "none"),
             Col("special_account", 40, "none"), Col("unit_funds", 40, "other")],
            cells([[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("上年结转结余", 1, 2), ("本年收入", 5, 1)],
                   ["一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入",
                    "财政专户管理资金收入", "单位资金"]]),
            above=["表2"], header=line)
    w.coded("expenditure_summary", "部门支出总表", "functional", fig.functional,
            [*code_cols, Col("total", 50), Col("basic", 50), Col("project", 50), Col("to_higher", 40, "none"),
             Col("operating", 40, "none"), Col("to_subordinate", 40, "none")],
            cells([["科目编码", "科目名称", "合计", "基本支出", "项目支出", "上缴上级支出", "事业单位经营支出",
                    "对下级单位补助支出"]]),
            above=["表3"], header=line)
    fa_income = fa_income_side(fiscal)
    fa_bottom = [(item("本年收入合计", "income_total", fiscal),
                  ("本年支出合计", "item", "expenditure_total", {"total": fiscal, "general_budget": fiscal})),
                 (item("上年结转结余", "carryover", None), item("年终结转结余", "expenditure_carryover", None)),
                 (item("收入总计", "income_grand_total", fiscal),
                  ("支出总计", "item", "expenditure_grand_total", {"total": fiscal, "general_budget": fiscal}))]
    w.summary("fiscal_appropriation_summary", "财政拨款收支总表", fa_income,
              classes(fig, "fiscal", FA_CLASSES), fa_bottom,
              [110, 56, 130, 56, 56, 50, 52],
              cells([[("收 入", 2, 1), ("支 出", 5, 1)],
                     ["项 目", "预算数", "项 目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]]),
              ["amount"], ["total", "general_budget", "government_fund", "state_capital"], above=["表4"], header=line)
    w.coded("general_budget_expenditure", "一般公共预算支出表", "functional", fig.functional,
            [Col("code", 70), Col("name", 190), Col("total", 75, "fiscal"), Col("basic", 75),
             Col("project", 75, "fiscal_project")],
            cells([[("科目代码", 1, 2), ("科目名称", 1, 2), ("本年预算", 3, 1)], ["小计", "基本支出", "项目支出"]]),
            above=["表5"], header=line)
    w.coded("general_budget_basic_expenditure", "一般公共预算基本支出表", "economic", fig.economic,
            [Col("code", 70), Col("name", 190), Col("total", 75), Col("personnel", 75), Col("public", 75)],
            cells([[("经济分类科目编码", 1, 2), ("科目名称", 1, 2), ("本年一般公共预算基本支出", 3, 1)],
                   ["合计", "人员经费", "公用经费"]]),
            above=["表6"], header=line)
    w.three_public_row("一般公共预算“三公”经费支出表", fig,
                       [Col("total", 80), Col("overseas", 80), Col("vehicle_total", 80), Col("vehicle_purchase", 80),
                        Col("vehicle_operation", 80), Col("reception", 80)],
                       cells([[(f"{y}年预算数", 6, 1)],
                              [("合计", 1, 2), ("因公出国（境）费", 1, 2), ("公务用车购置及运行费", 3, 1),
                               ("公务接待费", 1, 2)],
                              ["小计", "公务用车购置费", "公务用车运行费"]]),
                       unit="万元", above=["表7"], header=line)
    for n, kind, what in ((8, "government_fund_expenditure", "政府性基金"), (9, "state_capital_expenditure", "国有资本经营")):
        w.coded(kind, f"{what}预算支出表", "functional", fig.functional,
                [Col("code", 70), Col("name", 190), Col("total", 75, "none"), Col("basic", 75, "none"),
                 Col("project", 75, "none")],
                cells([[("科目代码", 1, 2), ("科目名称", 1, 2), ("本年预算", 3, 1)], ["小计", "基本支出", "项目支出"]]),
                above=[f"表{n}"], header=line, note=f"注：本部门{y}年无{what}预算财政拨款支出，故本表无数据。")
    return w




VARIANTS = (
    Variant(
        "mof_wanyuan",
        "部门预算 in 万元 worded as the Ministry of Finance template (表1…表9, 科目代码/科目编码, 本年预算/小计, "
        "一般公共预算拨款收入, 单位资金), department as 部门名称：, year as 预算年度：2026年, unit as 金额单位：万元, "
        "codes in one wide column with indented names",
        "云岭市生态环境局", None, "云岭市", 2026, "department", "万元",
        make_figures(202, _V2_FUNCTIONAL, _V2_ECONOMIC, WAN, other_funded={"2110302": "part"},
                     scale=(20_000, 6_000_000),
                     three_public=("vehicle_purchase", "vehicle_operation", "reception")),
        (), _layout_mof_wanyuan),
)
