"""The Jiangsu (provincial) family: twelve numbered tables, three-sided 收支预算总表, one- or two-file disclosures.

A :class:`Plan` says how one disclosure is printed: the :class:`~.jiangsu_tables.JLook` of its tables, where
its text goes (``inline``: cover, 目录, 部门概况, the tables, 情况说明 and 名词解释 in one PDF; ``separate``: a
narrative PDF and a tables PDF of the same department, year and scope) and how the text words figures.
:func:`layout` lays a :class:`~budget_lod.sample.truth.Variant` out by its plan; ``VARIANTS`` are the
family's yardstick disclosures, each exercising another way the family's documents are printed. Truth is in
the terms of ``tests/extract_fixtures/jiangsu/CONTRACT.md`` (amounts in 元, pages per file).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Mapping

from reportlab.lib.pagesizes import A3, A4, landscape

from budget_lod.sample.families.jiangsu_figures import make_provincial_figures
from budget_lod.sample.families.jiangsu_narrative import (
    Explainer, Wording, field_of, glossary, overview, resolve_faults)
from budget_lod.sample.families.jiangsu_tables import ORDER_2017, ORDER_2018, TITLES, JLook, Tables
from budget_lod.sample.narrative import Narrative
from budget_lod.sample.printing import Style, Writer, numeral
from budget_lod.sample.truth import NARRATIVE, RenderedFile, Variant

UNIT = "万元"


@dataclass(frozen=True)
class Plan:
    """How one provincial disclosure is printed (see the module docstring). ``misstate`` plants narrative
    figures that disagree with their table (claim kind → 元 added), ``misprint`` parent rows that disagree
    with their children ((table kind, code, measure) → 元 added)."""

    look: JLook
    narrative: str = "inline"  # inline | separate
    wording: Wording = Wording()
    misstate: Mapping[str, Decimal] = field(default_factory=dict)
    misprint: Mapping[tuple[str, str, str], Decimal] = field(default_factory=dict)


def _toc(w: Writer, entries: list[str], title: str | None = None) -> None:
    """A 目录 page listing the parts and tables (the family prints it without page numbers)."""
    pb = w.pb
    pb.new_page()
    if title:
        pb.skip(20)
        pb.line(title, 16.0, "center", gap=18)
    pb.skip(10)
    pb.line("目    录", 16.0, "center", gap=16)
    for e in entries:
        pb.line(e, 11.0, gap=8)


def _contents(look: JLook, year: int, tables_part: str) -> list[str]:
    return ["第一部分 部门概况", "一、主要职能", "二、部门机构设置及预算单位构成情况", f"三、{year}年度部门主要工作任务及目标",
            tables_part, *(f"{numeral(i)}、{look.title(k, year).replace(chr(10), '')}"
                           for i, k in enumerate(look.order, 1)),
            f"第三部分 {year}年度部门预算情况说明", "第四部分 名词解释"]


def layout(v: Variant, plan: Plan) -> Writer:
    """Lay ``v`` out as ``plan`` says: its tables (and its text, in the same or a separate file)."""
    fig, y, dept, look = v.figures, v.fiscal_year, v.department, plan.look
    rng = random.Random(v.name)
    w = Writer(Style(UNIT, thousands=True, size=look.size), pagesize=A4)
    w.misprint = dict(plan.misprint)
    w.footer_from = 2 if plan.narrative == "inline" else look.footer_from
    nw = w if plan.narrative == "inline" else Writer(Style(UNIT, thousands=True), pagesize=A4, role=NARRATIVE)
    nar = Narrative(nw)
    tables_part = f"第二部分 {y}年度部门预算表"
    if plan.narrative == "inline":
        w.pb.new_page()
        w.pb.skip(200)
        w.pb.line(f"{dept}{y}年度部门", 24.0, "center", gap=12)
        w.pb.line("预算公开", 24.0, "center", gap=12)
        _toc(w, _contents(look, y, tables_part))
    else:
        _toc(nw, _contents(look, y, f"第二部分 {dept}{y}年度部门预算表"), f"{dept}{y}年度部门预算")
    overview(nar, dept, y, field_of(dept), rng)
    if plan.narrative == "inline":
        nar.part(tables_part)
        Tables(w, look, fig, dept, below=True).print_all()
    else:
        nar.part(f"第二部分 {dept}{y}年度部门预算表", new_page=False)
        nar.para(f"{y}年度部门预算公开表附后。")
        Tables(w, look, fig, dept).print_all()
    explainer = Explainer(nar, fig, dept, plan.wording, rng, plan.misstate)
    explainer.write(y, f"第三部分 {y}年度部门预算情况说明")
    glossary(nar)
    if nw is not w:
        w.files[NARRATIVE] = RenderedFile(nw.pb, 2)
        w.claims.extend(nw.claims)
    resolve_faults(w, explainer.misstated)
    return w


# --- the yardstick variants ----------------------------------------------------------------------------------

_ECONOMIC = ("30101", "30102", "30103", "30107", "30108", "30109", "30110", "30112", "30113", "30199",
             "30201", "30202", "30205", "30206", "30207", "30211", "30213", "30215", "30216", "30217",
             "30228", "30229", "30231", "30239", "30299", "30301", "30302", "30305", "30309")
_SUMMARIES = frozenset({"income_expenditure_summary", "income_summary", "expenditure_summary",
                        "fiscal_appropriation_summary", "three_public", "admin_operating_expenditure"})

_GONGKAI = JLook(
    numbering="gongkai", spaced=frozenset({1, 2, 3, 5, 7, 8, 10}), order=ORDER_2018,
    plain=_SUMMARIES, follow=frozenset({"fiscal_appropriation_summary", "government_fund_expenditure"}),
    landscape=frozenset({"admin_operating_expenditure", "procurement"}),
    widths={"income_expenditure_summary": (74, 54, 118, 56, 70, 56), "procurement": (92, 130, 110, 150, 110, 80),
            "three_public": (56, 48, 50, 48, 34, 56, 40, 56, 56)},
    label_size=None)

_EXCEL = JLook(
    numbering="biao", order=ORDER_2017, dept_label="部门：", pagesize=A4, label_size=11.0, total="name",
    landscape=frozenset(TITLES) - {"income_expenditure_summary"},
    titles={"fiscal_appropriation_expenditure": "财政拨款支出预算表", "fiscal_appropriation_basic_expenditure":
            "财政拨款基本支出预算表", "general_budget_expenditure": "一般公共预算支出预算表",
            "general_budget_basic_expenditure": "一般公共预算基本支出预算表",
            "government_fund_expenditure": "财政拨款政府性基金支出预算表",
            "three_public": "“三公”经费、会议费、培训费支出预算表（一般公共预算）"},
    gov_fund_note="注：我单位无本年度政府性基金支出安排。", gov_fund_blank_rows=0,
    procurement_repeat=True, footer_from=10_000)

_WPS = JLook(
    numbering="yi", order=ORDER_2017, dept_label="部门：", ruling="rows", total="code", repeat=False,
    rules={k: "none" for k in ("fiscal_appropriation_expenditure", "fiscal_appropriation_basic_expenditure",
                               "general_budget_expenditure", "general_budget_basic_expenditure",
                               "admin_operating_expenditure")},
    follow=frozenset(TITLES) - {"income_expenditure_summary"},
    titles={"three_public": "一般公共预算“三公”经费、会议费、培训费支出预\n算表",
            "government_fund_expenditure": "政府性基金支出预算表", "procurement": "政府采购支出预算表"},
    widths={"procurement": (56, 76, 60, 84, 70, 58), "income_expenditure_summary": (62, 52, 112, 56, 64, 56)},
    gov_fund_note="注：本部门无政府性基金预算收支。", gov_fund_blank_rows=1)

_SEPARATE = JLook(
    numbering="none", order=ORDER_2017, dept_label="部门：", pagesize=landscape(A3), label_size=12.0, total="span",
    titles={"fiscal_appropriation_expenditure": "财政拨款支出预算表", "fiscal_appropriation_basic_expenditure":
            "财政拨款基本支出预算表", "general_budget_expenditure": "一般公共预算支出预算表",
            "general_budget_basic_expenditure": "一般公共预算基本支出预算表",
            "government_fund_expenditure": "财政拨款政府性基金支出预算表", "procurement": "{y}年政府采购预算表"},
    gov_fund_note="注：本单位本年度无政府性基金预算拨款安排的支出。", gov_fund_blank_rows=2,
    procurement_repeat=True, footer_from=10_000, size=9.0)


VARIANTS = (  # the two-file one first: the first provincial disclosure of a corpus has two files
    Variant(
        "jiangsu_two_files",
        "省级部门预算 published as two files: a narrative PDF (目录, 部门概况, 情况说明 stating the totals, each 类 and 项 "
        "with 与上年相比增加/减少 X万元、增长 Y%, the “三公” figures, 会议费 and 培训费, 机关运行经费, procurement) and a "
        "tables PDF of the same department, year and scope printed from a spreadsheet on landscape A3 pages, "
        "titles unnumbered, no page numbers, procurement titled 2018年政府采购预算表 over two pages",
        "淮海省体育局", None, "淮海省", 2018, "department", UNIT,
        make_provincial_figures(2018_04, 2018, ("2070301", "2070302", "2070304", "2070307", "2070308", "2080505",
                                                "2080506", "2101101", "2210201", "2210202"),
                                _ECONOMIC, other_funds=True, reserve=False, admin_mode="own"),
        (), partial(layout, plan=Plan(_SEPARATE, "separate", Wording(thousands=True)))),
    Variant(
        "jiangsu_gongkai",
        "省级部门预算 in one file (封面, 目录, 部门概况, 公开01表…公开12表, 情况说明, 名词解释), tables printed by WPS on "
        "portrait A4 with the 机关运行经费 and 政府采购 tables on landscape pages; numbers without separators in the "
        "summary tables and with them in the coded tables and the procurement table; labels wrapped in the narrow "
        "columns of the 收支预算总表 (2. 政府性基金预 / 算, 三、单位预留机 / 动经费); 公开 03表 and 04表 on one page, the "
        "“三公” and the empty 政府性基金 table (注：本部门无相关收支项目) on one page; procurement over two pages "
        "without its header repeated",
        "江淮省统计局", None, "江淮省", 2018, "department", UNIT,
        make_provincial_figures(2018_01, 2018, ("2010501", "2010502", "2010505", "2010507", "2010550", "2080501",
                                                "2080505", "2080506", "2101101", "2210201", "2210202"),
                                _ECONOMIC, other_funds=False, reserve=True),
        (), partial(layout, plan=Plan(_GONGKAI, "inline", Wording(space=True)))),
    Variant(
        "jiangsu_excel",
        "省级部门预算 in one file whose tables are printed from a spreadsheet: 表一…表十二 in the 2017 order, every "
        "table on a landscape page, fully ruled, header words large, numbers with separators, titles without "
        "（功能科目）/（经济科目）, the “三公” table titled …（一般公共预算）, the 政府性基金 table declared empty by its "
        "note only, procurement over two pages with its header repeated; 其他资金 beside the 财政拨款 (so the "
        "收支预算总表's 基本支出 exceeds the 财政拨款 one); the 2019 edition of the functional classes",
        "东海省审计厅", None, "东海省", 2019, "department", UNIT,
        make_provincial_figures(2019_02, 2019, ("2010801", "2010802", "2010804", "2010850", "2080505", "2080506",
                                                "2101101", "2101102", "2210201", "2210202", "2210203"),
                                _ECONOMIC, other_funds=True, reserve=True, admin_mode="own"),
        (), partial(layout, plan=Plan(_EXCEL, "inline", Wording(thousands=True)))),
    Variant(
        "jiangsu_wps_flow",
        "省级部门预算 in one file whose tables follow one another on portrait pages (一、收支预算总表 … 十二、 titles "
        "left-aligned, a table continued on the next page, two or three tables to a page), summary tables ruled by "
        "rows only, coded tables not ruled at all, 合计 in the code column, the “三公” title wrapped over two lines "
        "(…支出预 / 算表), procurement with 专项名称 and 采购物品名称 wrapped in narrow columns; 财政专户管理资金 and "
        "其他资金, a 公务用车购置费, an 二、工程B procurement category",
        "云梦省司法厅", None, "云梦省", 2017, "department", UNIT,
        make_provincial_figures(2017_03, 2017, ("2040601", "2040602", "2040604", "2040607", "2040699", "2080501",
                                                "2080504", "2080505", "2101101", "2210201", "2210202"),
                                _ECONOMIC, other_funds=True, special_account=True, reserve=True,
                                vehicle_purchase=True, categories=("goods", "works", "services")),
        (), partial(layout, plan=Plan(_WPS, "inline", Wording(thousands=True, trim=True)))),
)
