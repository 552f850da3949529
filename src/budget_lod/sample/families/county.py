"""County families of the national template: long tables, omitted tables, compact pages.

Functional tables three pages long with names wrapped over three lines; a disclosure that leaves mandated
tables out and declares an empty one in a sentence of its own; several tables to a page with zeros printed
and a 目录 with leader dots.
"""

from __future__ import annotations

from budget_lod.sample.printing import Col, Style, Writer, cells, classes, item
from budget_lod.sample.synthetic import WAN, YUAN, make_figures
from budget_lod.sample.truth import Variant
from budget_lod.sample.families.national import (
    ECONOMIC_SHORT, FA_CLASSES, FA_HEAD, FA_SIDES, fa_grand_totals, fa_income_side)


# --- variant 3: long tables (3 pages), names wrapped over three lines, blank cells mid-row ---------------

_V3_FUNCTIONAL = ("2050101", "2050102", "2050199", "2050201", "2050202", "2050203", "2050204", "2050299",
                  "2050302", "2050701", "2050801", "2050803", "2050901", "2050999", "2059999", "2070307",
                  "2070308", "2080501", "2080502", "2080505", "2080506", "2080599", "2080801", "2101101",
                  "2101102", "2101103", "2210201", "2210202", "2210203")
_V3_ECONOMIC = ("30101", "30102", "30103", "30107", "30108", "30109", "30110", "30112", "30113", "30199",
                "30301", "30302", "30305", "30309", "30201", "30202", "30205", "30206", "30207", "30211",
                "30213", "30215", "30216", "30217", "30228", "30229", "30239", "30299", "31002", "31007")


def _layout_long_tables(v: Variant) -> Writer:
    fig, y, dept = v.figures, v.fiscal_year, v.department
    w = Writer(Style(unit="元", thousands=False, repeat_header=True, total_first=True, size=9.0, leading=11.5,
                     min_row=22.0))
    line = [f"{v.department_code} {dept}", f"预算年度：{y}", "单位：元"]
    w.cover([(dept, 24, 22), (f"{y}年部门预算", 24, 10)])
    total, fiscal, other = fig.total("total"), fig.total("fiscal"), fig.total("other")
    income = [item("一、一般公共预算拨款收入", "income_general_budget", fiscal),
              item("二、政府性基金预算拨款收入", "income_government_fund", None),
              item("三、国有资本经营预算拨款收入", "income_state_capital", None),
              item("四、事业收入", "income_business", None),
              item("五、其他收入", "income_other", other)]
    bottom = [(item("本年收入合计", "income_total", total), item("本年支出合计", "expenditure_total", total)),
              (item("收入总计", "income_grand_total", total), item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", "部门预算收支总表", income,
              classes(fig, "total", {"amount": "total"}), bottom, [160, 80, 175, 80],
              cells([[("收入", 2, 1), ("支出", 2, 1)], ["项目", "预算数", "项目", "预算数"]]),
              ["amount"], ["amount"], header=line)
    narrow = [Col("no", 24), Col("code", 44), Col("name", 42)]
    w.coded("income_summary", "部门预算收入总表", "functional", fig.functional,
            [*narrow, Col("total", 62), Col("fiscal_appropriation", 62, "fiscal"),
             Col("business_income", 52, "none"), Col("other_income", 62, "other"), Col("carryover", 52, "none")],
            cells([[("序号", 1, 2), ("功能分类科目", 2, 1), ("合计", 1, 2), ("财政拨款收入", 1, 2), ("事业收入", 1, 2),
                    ("其他收入", 1, 2), ("上年结转", 1, 2)],
                   ["科目编码", "科目名称"]]),
            header=line)
    fhead = cells([[("序号", 1, 2), ("功能分类科目", 2, 1), ("合计", 1, 2), ("基本支出", 1, 2), ("项目支出", 1, 2)],
                   ["科目编码", "科目名称"]])
    w.coded("expenditure_summary", "部门预算支出总表", "functional", fig.functional,
            [*narrow, Col("total", 80), Col("basic", 80), Col("project", 80)], fhead, header=line,
            split={"20599": 1})
    fa_income = fa_income_side(fiscal)
    fa_bottom = fa_grand_totals(fiscal)
    w.summary("fiscal_appropriation_summary", "部门预算财政拨款收支总表", fa_income,
              classes(fig, "fiscal", FA_CLASSES), fa_bottom,
              [110, 56, 130, 56, 56, 50, 52],
              cells([[("收入", 2, 1), ("支出", 5, 1)],
                     ["项目", "金额", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                      "国有资本经营预算财政拨款"]]),
              ["amount"], ["total", "general_budget", "government_fund", "state_capital"], header=line, rules="all")
    w.coded("general_budget_expenditure", "部门预算一般公共预算财政拨款支出表", "functional", fig.functional,
            [*narrow, Col("total", 80, "fiscal"), Col("basic", 80), Col("project", 80, "fiscal_project")],
            fhead, header=line)
    w.coded("general_budget_basic_expenditure", "部门预算一般公共预算财政拨款基本支出表", "economic", fig.economic,
            [*narrow, Col("total", 80), Col("personnel", 80), Col("public", 80)],
            cells([[("序号", 1, 2), ("经济分类科目", 2, 1), ("合计", 1, 2), ("人员经费", 1, 2), ("公用经费", 1, 2)],
                   ["科目编码", "科目名称"]]),
            header=line)
    for kind, what in (("government_fund_expenditure", "政府性基金"), ("state_capital_expenditure", "国有资本经营")):
        w.coded(kind, f"部门预算{what}预算财政拨款支出表", "functional", fig.functional,
                [*narrow, Col("total", 80, "none"), Col("basic", 80, "none"), Col("project", 80, "none")],
                fhead, header=line, note=f"注：无{what}预算财政拨款预算，空表列示。")
    w.three_public_row("部门预算财政拨款“三公”经费支出表", fig,
                       [Col("total", 84), Col("overseas", 84), Col("vehicle_total", 84), Col("vehicle_purchase", 84),
                        Col("vehicle_operation", 84), Col("reception", 84)],
                       cells([[("合计", 1, 2), ("因公出国（境）费", 1, 2), ("公务用车购置及运行费", 3, 1),
                               ("公务接待费", 1, 2)],
                              ["小计", "公务用车购置费", "公务用车运行费"]]),
                       unit="元", header=line)
    return w


# --- variant 4: mandated tables missing, government fund declared empty in other words ---------------------

_V4_FUNCTIONAL = ("2013201", "2013299", "2080505", "2080506", "2101101", "2120101", "2120104", "2120199",
                  "2210201")
_V4_ECONOMIC = ("30101", "30102", "30107", "30108", "30109", "30110", "30113", "30201", "30207", "30211",
                "30228", "30299")


def _layout_missing(v: Variant) -> Writer:
    fig, y, dept = v.figures, v.fiscal_year, v.department
    w = Writer(Style(unit="万元", thousands=False, repeat_header=True, total_first=True, total_span=True))
    line = [f"编制单位：{dept}", "", "单位：万元"]
    w.cover([(dept, 24, 22), (f"{y}年部门预算公开", 24, 10)])
    total = fig.total("total")
    income = [item("一、一般公共预算拨款收入", "income_general_budget", fig.total("fiscal")),
              item("二、政府性基金预算拨款收入", "income_government_fund", None),
              item("三、其他收入", "income_other", fig.total("other"))]
    bottom = [(item("收入总计", "income_grand_total", total), item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", f"{y}年部门收支总表", income,
              classes(fig, "total", {"amount": "total"}), bottom, [160, 80, 175, 80],
              cells([[("收入", 2, 1), ("支出", 2, 1)], ["项目", "预算数", "项目", "预算数"]]),
              ["amount"], ["amount"], header=line)
    code_cols = [Col("code", 60), Col("name", 170)]
    w.coded("income_summary", f"{y}年部门收入总表", "functional", fig.functional,
            [*code_cols, Col("total", 70), Col("fiscal_appropriation", 70, "fiscal"), Col("other_income", 70, "other")],
            cells([["科目编码", "科目名称", "合计", "财政拨款收入", "其他收入"]]), header=line)
    fcols = [*code_cols, Col("total", 70), Col("basic", 70), Col("project", 70)]
    fhead = cells([["科目编码", "科目名称", "合计", "基本支出", "项目支出"]])
    w.coded("expenditure_summary", f"{y}年部门支出总表", "functional", fig.functional, fcols, fhead, header=line)
    w.coded("general_budget_expenditure", f"{y}年一般公共预算支出表", "functional", fig.functional,
            [*code_cols, Col("total", 70, "fiscal"), Col("basic", 70), Col("project", 70, "fiscal_project")],
            fhead, header=line)
    w.coded("general_budget_basic_expenditure", f"{y}年一般公共预算基本支出表", "economic", fig.economic,
            [*code_cols, Col("total", 70), Col("personnel", 70), Col("public", 70)],
            cells([["科目编码", "科目名称", "合计", "人员经费", "公用经费"]]), header=line)
    w.coded("government_fund_expenditure", f"{y}年政府性基金预算支出表", "functional", fig.functional,
            [*code_cols, Col("total", 70, "none"), Col("basic", 70, "none"), Col("project", 70, "none")], fhead,
            header=line, empty_text="本部门无政府性基金预算财政拨款支出，本表无数据。")
    w.three_public_rows(f"{y}年一般公共预算“三公”经费支出表", fig,
                        [("合计", "total"), ("1.因公出国（境）费", "overseas"), ("2.公务用车购置及运行费", "vehicle_total"),
                         ("其中：公务用车购置费", "vehicle_purchase"), ("公务用车运行费", "vehicle_operation"),
                         ("3.公务接待费", "reception")],
                        [260, 160], cells([["项目", "预算数"]]), unit="万元", header=line)
    return w


# --- variant 5: several tables on a page, zeros printed, a 目录 with leader dots ---------------------------

_V5_FUNCTIONAL = ("2080505", "2080506", "2101101", "2130301", "2130302", "2130306", "2130314", "2130335",
                  "2210201")


def _layout_compact(v: Variant) -> Writer:
    fig, y, dept = v.figures, v.fiscal_year, v.department
    w = Writer(Style(unit="万元", thousands=False, repeat_header=True, total_first=True, total_span=True,
                     zero="0.00", total_label="总计"))
    line = [f"编制单位：{dept}", "", "单位：万元"]
    w.cover([(f"{dept}{y}年部门预算", 22, 30), (f"编制单位：{dept}", 14, 10)])
    w.contents()
    total, fiscal = fig.total("total"), fig.total("fiscal")
    income = [item("一、一般公共预算拨款收入", "income_general_budget", fiscal),
              item("二、政府性基金预算拨款收入", "income_government_fund", None),
              item("三、国有资本经营预算拨款收入", "income_state_capital", None),
              item("四、事业收入", "income_business", None),
              item("五、其他收入", "income_other", fig.total("other"))]
    bottom = [(item("收入总计", "income_grand_total", total), item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", f"{y}年部门收支总表", income,
              classes(fig, "total", {"amount": "total"}), bottom, [160, 80, 175, 80],
              cells([[("收入", 2, 1), ("支出", 2, 1)], ["项目", "预算数", "项目", "预算数"]]),
              ["amount"], ["amount"], header=line)
    code_cols = [Col("code", 56), Col("name", 150)]
    w.coded("income_summary", f"{y}年部门收入总表", "functional", fig.functional,
            [*code_cols, Col("total", 56), Col("general_budget", 56, "fiscal"), Col("government_fund", 56, "none"),
             Col("business_income", 50, "none"), Col("other_income", 50, "other")],
            cells([[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("财政拨款", 2, 1), ("事业收入", 1, 2),
                    ("其他收入", 1, 2)],
                   ["一般公共预算", "政府性基金预算"]]),
            header=line)
    fhead = cells([["科目编码", "科目名称", "合计", "基本支出", "项目支出"]])
    w.coded("expenditure_summary", f"{y}年部门支出总表", "functional", fig.functional,
            [*code_cols, Col("total", 90), Col("basic", 90), Col("project", 90)], fhead, header=line)
    fa_income = fa_income_side(fiscal)
    fa_bottom = fa_grand_totals(fiscal)
    w.summary("fiscal_appropriation_summary", f"{y}年部门财政拨款收支总表", fa_income,
              classes(fig, "fiscal", FA_CLASSES), fa_bottom,
              [110, 56, 130, 56, 56, 50, 52],
              cells(FA_HEAD), *FA_SIDES, header=line, rules="all")
    w.coded("general_budget_expenditure", f"{y}年一般公共预算支出表", "functional", fig.functional,
            [*code_cols, Col("total", 90, "fiscal"), Col("basic", 90), Col("project", 90, "fiscal_project")],
            fhead, header=line)
    w.coded("general_budget_basic_expenditure", f"{y}年一般公共预算基本支出表", "economic", fig.economic,
            [*code_cols, Col("total", 90), Col("personnel", 90), Col("public", 90)],
            cells([["科目编码", "科目名称", "合计", "人员经费", "公用经费"]]), header=line)
    w.three_public_row(f"{y}年一般公共预算“三公”经费支出表", fig,
                       [Col("total", 80), Col("overseas", 80), Col("vehicle_total", 80), Col("vehicle_purchase", 80),
                        Col("vehicle_operation", 80), Col("reception", 80)],
                       cells([[("合计", 1, 2), ("因公出国（境）费", 1, 2), ("公务用车购置及运行费", 3, 1),
                               ("公务接待费", 1, 2)],
                              ["小计", "公务用车购置费", "公务用车运行费"]]),
                       unit="万元", header=line, new_page=False)
    for i, (kind, what) in enumerate((("government_fund_expenditure", "政府性基金"),
                                      ("state_capital_expenditure", "国有资本经营"))):
        w.coded(kind, f"{y}年{what}预算支出表", "functional", fig.functional,
                [*code_cols, Col("total", 90, "none"), Col("basic", 90, "none"), Col("project", 90, "none")], fhead,
                header=line, note=f"注：本部门{y}年无{what}预算财政拨款安排的支出，此表为空表。", new_page=i == 0)
    w.fill_contents()
    return w




VARIANTS = (
    Variant(
        "long_tables",
        "部门预算 in 元 without separators: functional tables three pages long, names wrapped over three lines "
        "in a narrow column, a row split across a page break, blank cells in the middle of rows (其他收入 "
        "filled, 事业收入 blank; a 项 funded by other income only)",
        "临溪县教育和体育局", "217", "临溪县", 2025, "department", "元",
        make_figures(303, _V3_FUNCTIONAL, _V3_ECONOMIC, YUAN,
                     other_funded={"2050999": "all", "2050901": "part", "2050299": "part"}),
        (), _layout_long_tables),
    Variant(
        "missing_tables",
        "部门预算 in 万元 missing the 财政拨款收支总表 and the 国有资本经营预算 table; the 政府性基金 table declared "
        "empty by a sentence without 注： (本部门无政府性基金预算财政拨款支出，本表无数据); a two-column "
        "transposed “三公” table",
        "南湖县白沙镇人民政府", None, "南湖县", 2026, "department", "万元",
        make_figures(404, _V4_FUNCTIONAL, _V4_ECONOMIC, WAN, other_funded={"2120104": "part"},
                     scale=(10_000, 3_000_000)),
        ("fiscal_appropriation_summary", "state_capital_expenditure"), _layout_missing),
    Variant(
        "compact_county",
        "部门预算 in 万元 with zeros printed as 0.00 (a printed zero is an amount), 总计 for the total row, a 目录 "
        "with leader dots, the “三公” table on the page of the 基本支出 table, both empty fund tables on one page, "
        "财政拨款 split into 一般公共预算 / 政府性基金预算 columns of the 收入总表",
        "清江市水利局", None, "清江市", 2025, "department", "万元",
        make_figures(505, _V5_FUNCTIONAL, ECONOMIC_SHORT, WAN, other_funded={"2130335": "part"},
                     scale=(10_000, 5_000_000), three_public=("overseas", "vehicle_operation", "reception")),
        (), _layout_compact),
)
