"""The final-accounts family: the national 部门决算 template as Shanghai districts print it.

A cover, a 目录 of the four parts, 第一部分 概况 (duties and the units the accounts cover, in a small table of
their own), the nine tables (:mod:`~budget_lod.sample.families.final_tables`: portrait and landscape pages, in
万元), 第三部分 情况说明 stating how the budget was carried out and 第四部分 名词解释
(:mod:`~budget_lod.sample.families.final_narrative`). The figures (:mod:`~budget_lod.sample.families.final_figures`)
carry out a synthetic budget: a variant's truth holds each row's 决算数 and, where a table prints them, its
年初预算数 and 全年预算数 (``ExpectedRow.phases``).

:func:`final_variant` makes a final-accounts :class:`~budget_lod.sample.truth.Variant` of a budget's figures (the
pairs of :mod:`budget_lod.sample.pairs` and the generated corpus use it); ``VARIANTS`` are the family's own.
"""

from __future__ import annotations

import random
from functools import partial

from reportlab.lib.pagesizes import A4

from budget_lod.sample.families.final_figures import Execution, make_final_figures
from budget_lod.sample.families.final_narrative import Story, Words, explain
from budget_lod.sample.families.final_tables import Look, print_tables
from budget_lod.sample.families.national import ECONOMIC_LONG
from budget_lod.sample.layout import Cell
from budget_lod.sample.printing import Style, Writer, misprinting, numeral
from budget_lod.sample.synthetic import WAN, Figures, make_figures
from budget_lod.sample.truth import Variant

FAMILY = "final"
KIND = "final_accounts"
TABLE_TITLES = ("收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
                "一般公共预算财政拨款基本支出决算表", "财政拨款“三公”经费支出决算表",
                "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款收入支出决算表")
SECTIONS = ("收入支出决算总体情况说明", "收入决算情况说明", "支出决算情况说明", "财政拨款收入支出决算总体情况说明",
            "一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款基本支出决算情况说明",
            "财政拨款“三公”经费支出决算情况说明", "政府性基金预算财政拨款收入支出决算情况说明",
            "国有资本经营预算财政拨款收入支出决算情况说明", "预算绩效管理情况", "其他重要事项说明")


def layout(v: Variant, look: Look = Look(), words: Words = Words(), story: Story = Story()) -> Writer:
    """The whole 部门决算 (or 单位决算) of ``v``: front matter, the nine tables, the 情况说明."""
    with misprinting(story.misprint):
        w = Writer(Style(unit="万元", thousands=look.thousands, repeat_header=False, total_first=True,
                         total_span=True))
    y, dept = v.fiscal_year, v.department
    scope = "单位" if v.scope == "unit" else "部门"
    w.cover([(dept, 24, 16), (f"{y}年度{scope}决算", 24, 10)])
    w.pb.new_page(A4)
    w.pb.skip(10)
    w.pb.line("目  录", 16.0, "center", gap=14)
    entries = [f"第一部分 {dept}概况", "一、主要职能", f"二、{scope}决算单位构成" if scope == "部门" else "二、机构设置",
               f"第二部分 {dept}{y}年度{scope}决算表",
               *(f"{numeral(i)}、{t}" for i, t in enumerate(TABLE_TITLES, 1)),
               f"第三部分 {dept}{y}年度{scope}决算情况说明",
               *(f"{numeral(i)}、{t}" for i, t in enumerate(SECTIONS, 1)), "第四部分 名词解释"]
    for e in entries:
        w.pb.line(e, 11.0, gap=7)
    _overview(w, v, scope)
    print_tables(w, v, look)
    explain(w, v, words, story)
    return w


def _overview(w: Writer, v: Variant, scope: str) -> None:
    """第一部分 概况: duties, and the units the accounts cover (a small ruled table of names, no figures)."""
    dept, y = v.department, v.fiscal_year
    rng = random.Random(f"{v.name}/overview")
    w.pb.new_page(A4)
    w.pb.skip(10)
    w.pb.line(f"第一部分 {dept}概况", 15.0, "center", gap=14)
    w.pb.line("一、主要职能", 11.5, gap=6)
    duties = ["贯彻落实党和国家有关方针政策和上级决策部署", "承担本领域的日常管理和协调工作", "组织实施年度重点工作任务",
              "负责本系统的队伍建设和内部管理", "完成上级交办的其他任务"]
    w.pb.paragraph(f"{dept}的主要职责是：{'；'.join(rng.sample(duties, 4))}。")
    if scope == "单位":
        w.pb.line("二、机构设置", 11.5, gap=6)
        w.pb.paragraph(f"{dept}为独立核算的预算单位，内设若干职能科室，{y}年度决算为本单位决算。")
        return
    w.pb.line(f"二、{scope}决算单位构成", 11.5, gap=6)
    w.pb.paragraph(f"从预算单位构成看，{dept}部门决算包括：{dept}本级决算、下属行政事业单位决算。")
    w.pb.paragraph(f"纳入{dept}{y}年度部门决算编制范围的单位包括：")
    units = [f"{dept}（本级）", *rng.sample([f"{dept}信息中心", f"{dept}事务服务中心", f"{dept}综合保障中心"],
                                          rng.randrange(1, 3))]
    body = [[Cell(str(i)), Cell(u, align="left"), Cell("")] for i, u in enumerate(units, 1)]
    w.pb.skip(4)
    w.grid([50, 330, 100], [[Cell("序号"), Cell("单位名称"), Cell("备注")]], body, repeat=False, min_row=20.0)


def final_variant(name: str, description: str, department: str, department_code: str | None, region: str | None,
                  fiscal_year: int, scope: str, budget: Figures, execution: Execution, look: Look = Look(),
                  words: Words = Words(), story: Story = Story()) -> Variant:
    """The final accounts of a department whose year's budget had ``budget``'s figures, carried out as
    ``execution`` says, printed as ``look`` and ``words`` say, with ``story``'s faults."""
    return Variant(name, description, department, department_code, region, fiscal_year, scope, "万元",
                   make_final_figures(budget, execution), (),
                   partial(layout, look=look, words=words, story=story), family=FAMILY, kind=KIND)


# --- variant 1: a district department's 部门决算 as Putuo prints it (决算数 only; “三公” declared empty) -----------

_V1_FUNCTIONAL = ("2010301", "2010302", "2010350", "2010399", "2080505", "2080506", "2101101", "2101102",
                  "2210201", "2210203")

# --- variant 2: a county bureau's 部门决算 with 年初预算数 | 全年预算数 | 决算数 groups, a filled “三公” table -------

_V2_FUNCTIONAL = ("2070101", "2070104", "2070108", "2070109", "2070199", "2080505", "2080506", "2101101",
                  "2101102", "2210201")

VARIANTS = (
    final_variant(
        "final_putuo",
        "部门决算 of a Shanghai-like district department as the district template prints it: nine tables in 万元, "
        "决算数 only in the 一般公共预算财政拨款支出决算表 (合计 last), the 基本支出 table in two bands with every "
        "template code (zeros printed), the “三公”, 政府性基金 and 国有资本经营 tables declared empty by their 说明; "
        "a 情况说明 stating each 项 against its 全年预算 (rates for some), 持平 where spent as planned",
        "上海市东江区人民政府办公室", None, "上海市东江区", 2024, "department",
        make_figures(2101, _V1_FUNCTIONAL, ECONOMIC_LONG, WAN, three_public=()),
        Execution(2102, adjusted=True, flat=1, overspend=1, new_item=True, dropped=True, three_public=False),
        Look(thousands=False, phases=False), Words(basis="adjusted", rates="some", both=True)),
    final_variant(
        "final_phases",
        "部门决算 of a county bureau whose 一般公共预算财政拨款支出决算表 prints 年初预算数 | 全年预算数 | 决算数, each "
        "合计 / 基本支出 / 项目支出 (landscape); a “三公” table of 预算数 | 决算数 under each item; 事业收入, 经营收入 "
        "and 其他收入 beside 财政拨款; 年初 and 年末 结转和结余 (the funds listed under both); figures with thousands "
        "separators; every 项 stated "
        "against its 年初预算 with its rate — one rate planted wrong",
        "云溪县文化和旅游局", None, "云溪县", 2024, "department",
        make_figures(2201, _V2_FUNCTIONAL, ECONOMIC_LONG, WAN, other_funded={"2070109": "part", "2070108": "part"},
                     scale=(200_000, 30_000_000)),
        Execution(2202, adjusted=True, flat=1, overspend=1, new_item=True, dropped=True, income=("business", "other"),
                  operating=True, carryover=True, three_public=True),
        Look(thousands=True, phases=True, funds_both_sides=True), Words(basis="initial", rates="all", space=True),
        Story(misstate_rate=True)),
)
