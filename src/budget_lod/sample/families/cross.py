"""Tables classified both ways (functional rows × economic columns) that some disclosures print.

A 单位预算's 项目支出 table and detailed 基本支出 table with both code columns (no standard table: nothing in
them is expected), and a 一般公共预算基本支出表 whose rows are functional codes and whose columns are economic
类 (:func:`cross_lines` spreads each row's 基本支出 over them, summing up like any tree).
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Mapping

from budget_lod.sample.printing import Col, Writer, cells
from budget_lod.sample.layout import Cell
from budget_lod.sample.synthetic import CENT, Figures, Line, catalogue, tree
from budget_lod.sample.truth import Variant

def cross_tables(w: Writer, v: Variant) -> None:
    """Two non-standard tables of a 单位预算 classified both ways (支出功能分类 and 部门预算经济分类 code columns in
    one table): the 项目支出 by project, and a detailed 基本支出 whose title is the standard one's. Neither is a
    standard table: nothing in them is expected."""
    rng = random.Random(v.name)
    st, cat = w.style, catalogue()
    leaves = [ln for ln in v.figures.functional if len(ln.code) == 7]
    econ = [ln for ln in v.figures.economic if ln.code.isdigit() and len(ln.code) == 5]
    y, dept = v.fiscal_year, v.department
    code_head = [("支出功能分类科目", 2, 1), ("部门预算经济分类科目", 2, 1)]
    names = ["科目编码", "科目名称", "科目编码", "科目名称"]
    rows = []
    for n, ln in enumerate(leaves, 1):
        if ln.amounts.get("project"):
            e = econ[rng.randrange(len(econ))]
            rows.append([Cell(f"{ln.name}专项{n}", align="left"), Cell(ln.code), Cell(ln.name, align="left"),
                         Cell(e.code), Cell(e.name, align="left"), Cell(st.show(ln.amounts["project"]), align="right")])
    w.table_page((), f"{y}年单位项目支出预算表", [f"编制单位：{dept}", "", f"单位：{st.unit}"])
    w.grid([90, 50, 90, 40, 90, 70], cells([[("项目名称", 1, 2), *code_head, ("金额", 1, 2)], names]), rows)
    body = []
    for ln in leaves:
        if not ln.amounts.get("basic"):
            continue
        for e in econ:
            personnel = cat["economic"][e.code[:3]][1] == "personnel"
            value = Decimal(rng.randrange(1000, 90000)) * CENT * 100
            body.append([Cell(ln.code), Cell(ln.name, align="left"), Cell(e.code), Cell(e.name, align="left"),
                         *(Cell(t, align="right") for t in (st.show(value), st.show(value) if personnel else "",
                                                           "" if personnel else st.show(value)))])
    w.table_page((), f"{y}年单位一般公共预算基本支出表", [f"编制单位：{dept}", "", f"单位：{st.unit}"])
    w.grid([46, 90, 36, 90, 60, 60, 60],
           cells([[*code_head, ("一般公共预算基本支出", 3, 1)], [*names, "合计", "人员经费", "公用经费"]]), body)


# --- round 3: a table classified both ways, under a standard title ----------------------------------------

ECONOMIC_CLASS_COLUMNS = (("economic_301", "工资福利支出"), ("economic_302", "商品和服务支出"),
                          ("economic_303", "对个人和家庭的补助"))


def cross_lines(fig: Figures) -> tuple[Line, ...]:
    """The 基本支出 of each functional 项 spread over the economic 类 (``economic_301`` …): 公用经费 is all
    商品和服务支出, 人员经费 is 工资福利支出 but a tenth (to the fen) of 对个人和家庭的补助; 类 and 款 are the
    sums of their 项, TOTAL of the 类 (``total`` is the row's 基本支出)."""
    leaves = {}
    for ln in fig.functional:
        basic = ln.amounts.get("basic")
        if len(ln.code) == 7 and basic:
            personnel, public = ln.amounts.get("personnel", Decimal(0)), ln.amounts.get("public", Decimal(0))
            family = (personnel / 10).quantize(CENT)
            leaves[ln.code] = {"total": basic, "economic_301": personnel - family, "economic_302": public,
                               "economic_303": family}
    return tree(leaves, catalogue()["functional"], (3, 5))


def cross_basic(w: Writer, v: Variant, title: str, opts: Mapping) -> None:
    """The 一般公共预算基本支出表 printed classified both ways: rows by functional code (功能分类科目), columns by
    economic 类 (工资福利支出 | 商品和服务支出 | 对个人和家庭的补助) beside the 合计."""
    cols = [Col("code", 56), Col("name", 150), Col("total", 70),
            *(Col(slug, 80) for slug, _ in ECONOMIC_CLASS_COLUMNS)]
    head = cells([[("功能分类科目", 2, 1), ("合计", 1, 2), ("部门预算支出经济分类科目", 3, 1)],
                  ["科目编码", "科目名称", *(name for _, name in ECONOMIC_CLASS_COLUMNS)]])
    w.coded("general_budget_basic_expenditure", title, "functional", cross_lines(v.figures), cols, head, **opts)


