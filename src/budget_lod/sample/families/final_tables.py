"""The nine tables of the national 部门决算 template, printed as Shanghai districts print them, with their truth.

收入支出决算总表 (portrait, every 功能分类 类 listed down the expenditure side), 收入决算表 and 支出决算表
(landscape, every income source and expenditure purpose a column), 财政拨款收入支出决算总表, the
一般公共预算财政拨款支出决算表 (决算数 only, 合计 last; or :attr:`Look.phases`: 年初预算数 | 全年预算数 | 决算数
groups of 合计 / 基本支出 / 项目支出, landscape), the 一般公共预算财政拨款基本支出决算表 in two bands side by side
(every economic code of the template, zeros printed, ending 人员经费合计 | 公用经费合计), the 财政拨款“三公”经费
支出决算表 (预算数 | 决算数 under each item, or empty with a 说明 that says so) and the 政府性基金 / 国有资本经营
tables declared empty. Each table is followed by its 注; the truth of each row carries its 决算数 and the figures
of the other phases it prints (``ExpectedRow.phases``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import zip_longest

from reportlab.lib.pagesizes import A4, landscape

from budget_lod.sample.families.final_figures import FinalFigures, template
from budget_lod.sample.layout import Cell
from budget_lod.sample.printing import Col, Writer, cells, item, numeral
from budget_lod.sample.truth import ExpectedRow, Variant

PORTRAIT, LANDSCAPE = A4, landscape(A4)
ZERO = Decimal(0)
INCOME_ITEMS = (("一般公共预算财政拨款收入", "income_general_budget"),
                ("政府性基金预算财政拨款收入", "income_government_fund"),
                ("国有资本经营预算财政拨款收入", "income_state_capital"),
                ("上级补助收入", "income_higher_subsidy"), ("事业收入", "income_business"),
                ("经营收入", "income_operating"), ("附属单位上缴收入", "income_subordinate_remittance"),
                ("其他收入", "income_other"))
FISCAL_SOURCES = (("一般公共预算财政拨款", "income_general_budget"), ("政府性基金预算财政拨款", "income_government_fund"),
                  ("国有资本经营预算财政拨款", "income_state_capital"))
THREE_PUBLIC_ORDER = ("total", "overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")
GB_MEASURES = (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出"))


@dataclass(frozen=True)
class Look:
    """How a variant prints its tables: ``thousands`` separators, ``phases`` (the 一般公共预算财政拨款支出决算表
    with 年初预算数 | 全年预算数 | 决算数 groups), ``heading`` (the 部门决算表 heading over the first table),
    ``zeros`` (the basic table prints 0.00 for every code it lists without money), ``funds_both_sides`` (the
    财政拨款 summary lists the funds under 年末财政拨款结转和结余 too, not only under 年初)."""

    thousands: bool = False
    phases: bool = False
    heading: bool = True
    zeros: bool = True
    funds_both_sides: bool = False


def _unit_line() -> list[str]:
    return ["", "", "单位：万元"]


def _blank() -> tuple:
    return ("", "item", "", {})


def _classes(fig: FinalFigures, measures: dict[str, str]) -> list[tuple]:
    """Every 功能分类 类 of the template down a summary's expenditure side, with its figures where it has any."""
    out = []
    for i, (code, name) in enumerate(template()["classes"], 1):
        ln = fig.line(code)
        amounts = {m: ln.amounts.get(src) for m, src in measures.items()} if ln else {}
        out.append((f"{numeral(i)}、{name}", "functional", code, {m: v for m, v in amounts.items() if v}))
    return out


def print_tables(w: Writer, v: Variant, look: Look) -> None:
    """All nine tables, each on a page of its own as the template has them."""
    fig: FinalFigures = v.figures
    scope = "单位" if v.scope == "unit" else "部门"
    s = fig.summary
    code_cols = [Col("code", 62), Col("name", 170)]

    # 一、收入支出决算总表 ---------------------------------------------------------------------------------
    w.pb.new_page(PORTRAIT)
    if look.heading:
        w.pb.skip(10)
        w.pb.line(f"{v.department}{v.fiscal_year}年度{scope}决算表", 15.0, "center", gap=6)
    income = [item(f"{numeral(i)}、{label}", code, s.get(code)) for i, (label, code) in enumerate(INCOME_ITEMS, 1)]
    bottom = [(item("本年收入合计", "income_total", s["income_total"]),
               item("本年支出合计", "expenditure_total", s["expenditure_total"])),
              (item("使用非财政拨款结余", "income_non_fiscal_balance", None),
               item("结余分配", "expenditure_balance_distribution", None)),
              (item("年初结转和结余", "carryover", s["carryover"]),
               item("年末结转和结余", "expenditure_carryover", s["expenditure_carryover"])),
              (item("总计", "income_grand_total", s["income_grand_total"]),
               item("总计", "expenditure_grand_total", s["expenditure_grand_total"]))]
    w.summary("income_expenditure_summary", "收入支出决算总表", income, _classes(fig, {"amount": "total"}), bottom,
              [170, 62, 185, 62], cells([[("收入", 2, 1), ("支出", 2, 1)], ["项目", "决算数", "项目", "决算数"]]),
              ["amount"], ["amount"], header=_unit_line(), new_page=not look.heading)
    w.note(f"注：本表反映{scope}本年度的总收支和年末结转结余情况。")

    # 二、收入决算表 / 三、支出决算表 (landscape) -----------------------------------------------------------------
    project_head = [("项目", 2, 1)]
    w.coded("income_summary", "收入决算表", "functional", fig.functional,
            [*code_cols, Col("total", 72, "in_total"), Col("fiscal_appropriation", 72, "in_fiscal"),
             Col("superior_subsidy", 66, "none"), Col("business", 66, "in_business"),
             Col("operating", 66, "in_operating"), Col("affiliated", 66, "none"), Col("other", 66, "in_other")],
            cells([[*project_head, ("本年收入合计", 1, 2), ("财政拨款收入", 1, 2), ("上级补助收入", 1, 2),
                    ("事业收入", 1, 2), ("经营收入", 1, 2), ("附属单位上缴收入", 1, 2), ("其他收入", 1, 2)],
                   ["功能分类科目编码", "科目名称"]]),
            header=_unit_line(), pagesize=LANDSCAPE)
    w.note(f"注：本表反映{scope}本年度取得的各项收入情况。")
    w.coded("expenditure_summary", "支出决算表", "functional", fig.functional,
            [*code_cols, Col("total", 80, "total"), Col("basic", 76), Col("project", 76),
             Col("to_superior", 70, "none"), Col("operating", 70, "op_exp"), Col("to_affiliated", 76, "none")],
            cells([[*project_head, ("本年支出合计", 1, 2), ("基本支出", 1, 2), ("项目支出", 1, 2),
                    ("上缴上级支出", 1, 2), ("经营支出", 1, 2), ("对附属单位补助支出", 1, 2)],
                   ["功能分类科目编码", "科目名称"]]),
            header=_unit_line(), pagesize=LANDSCAPE)
    w.note(f"注：本表反映{scope}本年度各项支出情况。")

    # 四、财政拨款收入支出决算总表 --------------------------------------------------------------------------------
    fa_income = [item(f"{numeral(i)}、{label}", code, s.get(f"fa_{code}"))
                 for i, (label, code) in enumerate(FISCAL_SOURCES, 1)]
    fa_exp = _classes(fig, {"total": "gb_total", "general_budget": "gb_total"})

    def both(label: str, code: str, amount: Decimal) -> tuple:
        return (label, "item", code, {"total": amount, "general_budget": amount} if amount else {})

    fa_bottom = [(item("本年收入合计", "income_total", s["fa_income_total"]),
                  both("本年支出合计", "expenditure_total", s["fa_expenditure_total"])),
                 (item("年初财政拨款结转和结余", "carryover", s["fa_carryover"]),
                  both("年末财政拨款结转和结余", "expenditure_carryover", s["fa_expenditure_carryover"])),
                 *((item(f"{numeral(i)}、{label}", f"carryover_{code}", s.get(f"fa_carryover_{code}")),
                    both(f"{numeral(i)}、{label}", f"expenditure_carryover_{code.removeprefix('income_')}",
                         s.get(f"fa_expenditure_carryover_{code.removeprefix('income_')}", ZERO))
                    if look.funds_both_sides else _blank())
                   for i, (label, code) in enumerate(FISCAL_SOURCES, 1)),
                 (item("总计", "income_grand_total", s["fa_income_grand_total"]),
                  both("总计", "expenditure_grand_total", s["fa_expenditure_grand_total"]))]
    w.summary("fiscal_appropriation_summary", "财政拨款收入支出决算总表", fa_income, fa_exp, fa_bottom,
              [170, 70, 190, 70, 86, 86, 86],
              cells([[("收入", 2, 1), ("支出", 5, 1)],
                     ["项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                      "国有资本经营预算财政拨款"]]),
              ["amount"], ["total", "general_budget", "government_fund", "state_capital"], header=_unit_line(),
              pagesize=LANDSCAPE)
    w.note(f"注：本表反映{scope}本年度财政拨款总收支和结转结余情况。")

    # 五、一般公共预算财政拨款支出决算表 --------------------------------------------------------------------------
    title = "一般公共预算财政拨款支出决算表"
    if look.phases:
        groups = (("年初预算数", "initial_budget", "ini_"), ("全年预算数", "adjusted_budget", "adj_"),
                  ("决算数", None, "gb_"))
        cols = [Col("code", 62), Col("name", 150),
                *(Col(m, 61, src + m, phase) for _, phase, src in groups for m, _ in GB_MEASURES)]
        head = cells([[("项目", 2, 1), *((label, 3, 1) for label, _, _ in groups)],
                      ["功能分类科目编码", "科目名称", *(label for _ in groups for _, label in GB_MEASURES)]])
        with w.restyle(total_first=False):
            w.coded("general_budget_expenditure", title, "functional", fig.functional, cols, head,
                    header=_unit_line(), pagesize=LANDSCAPE)
    else:
        with w.restyle(total_first=False):
            w.coded("general_budget_expenditure", title, "functional", fig.functional,
                    [Col("code", 70), Col("name", 175), Col("total", 90, "gb_total"), Col("basic", 90, "gb_basic"),
                     Col("project", 90, "gb_project")],
                    cells([[("项目", 2, 1), ("合计", 1, 2), ("基本支出", 1, 2), ("项目支出", 1, 2)],
                           ["功能分类科目编码", "科目名称"]]),
                    header=_unit_line(), pagesize=PORTRAIT)
    w.note(f"注：本表反映{scope}本年度一般公共预算财政拨款支出情况。")

    # 六、一般公共预算财政拨款基本支出决算表 (two bands) ---------------------------------------------------------------
    basic_bands(w, fig, look, scope)

    # 七、财政拨款“三公”经费支出决算表 ----------------------------------------------------------------------------
    three_public_table(w, v, look, scope)

    # 八、九、政府性基金 / 国有资本经营 (declared empty) -----------------------------------------------------------------
    for kind, what in (("government_fund_expenditure", "政府性基金"), ("state_capital_expenditure", "国有资本经营")):
        w.coded(kind, f"{what}预算财政拨款收入支出决算表", "functional", (),
                [*code_cols, Col("carryover", 70, "none"), Col("income", 70, "none"), Col("total", 70, "none"),
                 Col("basic", 70, "none"), Col("project", 70, "none"), Col("year_end_carryover", 70, "none")],
                cells([[("项目", 2, 1), ("年初结转和结余", 1, 2), ("本年收入", 1, 2), ("本年支出", 3, 1),
                        ("年末结转和结余", 1, 2)],
                       ["功能分类科目编码", "科目名称", "合计", "基本支出", "项目支出"]]),
                header=_unit_line(), pagesize=LANDSCAPE)
        w.note(f"注：本表反映{scope}本年度{what}预算财政拨款收入支出及结转和结余情况。")
        declared(w, kind, f"说明：{v.department}本年度没有{what}预算财政拨款收入和支出，故本表无数据。")


def declared(w: Writer, kind: str, text: str) -> None:
    """Print the 说明 declaring a table empty and record it as the wording that does."""
    w.note(text)
    w.tables[kind] = replace(w.tables[kind], note=text)


def basic_bands(w: Writer, fig: FinalFigures, look: Look, scope: str) -> None:
    """The 基本支出 table in two bands: every template code of the 人员经费 classes left, of the 公用经费 classes
    right, each row code | name | 决算数, the last row 人员经费合计 | 公用经费合计."""
    t = template()
    names, got = t["economic"], {ln.code: ln.amounts.get("total", ZERO) for ln in fig.economic}
    st = w.style

    def band(classes: list[str]) -> list[tuple[str, str, Decimal]]:
        return [(c, names[c], got.get(c, ZERO)) for k in classes
                for c in sorted(c for c in names if c == k or (len(c) == 5 and c.startswith(k)))]

    left, right = (band(b) for b in t["bands"])
    body: list[list[Cell]] = []
    rows: list[tuple[ExpectedRow | None, ExpectedRow | None]] = []
    for a, b in zip_longest(left, right):
        row: list[Cell] = []
        pair: list[ExpectedRow | None] = []
        for entry in (a, b):
            if entry is None:
                row += [Cell(""), Cell(""), Cell("")]
                pair.append(None)
                continue
            code, name, yuan = entry
            text = st.show(yuan) or ("0.00" if look.zeros else "")
            indent = "" if len(code) == 3 else "　"
            row += [Cell(code, align="left"), Cell(indent + name, align="left"), Cell(text, align="right")]
            pair.append(ExpectedRow("economic", code, name, {"total": yuan} if text else {}, 0))
        body.append(row)
        rows.append((pair[0], pair[1]))
    personnel, public = fig.personnel, fig.public
    body.append([Cell("人员经费合计", colspan=2), Cell(st.show(personnel) or "0.00", align="right"),
                 Cell("公用经费合计", colspan=2), Cell(st.show(public) or "0.00", align="right")])
    rows.append((ExpectedRow("item", "personnel", "人员经费合计", {"total": personnel}, 0),
                 ExpectedRow("item", "public", "公用经费合计", {"total": public}, 0)))
    w.table_page([], "一般公共预算财政拨款基本支出决算表", _unit_line(), pagesize=PORTRAIT)
    first = w.pb.page
    head = cells([["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"]])
    with w.restyle(size=7.5, leading=9.0, min_row=13.0):
        pages = w.grid([54, 130, 73, 54, 130, 73], head, body, repeat=True)
    flat = [r for pair in rows for r in pair]
    w.record("general_budget_basic_expenditure", "一般公共预算财政拨款基本支出决算表", st.unit, first, flat,
             [p for p in pages for _ in (0, 1)])
    w.note(f"注：本表反映{scope}本年度一般公共预算财政拨款基本支出明细情况。")


def three_public_table(w: Writer, v: Variant, look: Look, scope: str) -> None:
    """The “三公” table: 预算数 | 决算数 under each item; one row of figures, or none and a 说明 declaring it
    empty."""
    fig: FinalFigures = v.figures
    tp = fig.three_public
    st = w.style
    head = cells([[("财政拨款“三公”经费", 12, 1)],
                  [("合计", 2, 2), ("因公出国（境）费", 2, 2), ("公务用车购置及运行维护费", 6, 1), ("公务接待费", 2, 2)],
                  [("小计", 2, 1), ("公务用车购置费", 2, 1), ("公务用车运行维护费", 2, 1)],
                  ["预算数", "决算数"] * 6])
    values: list[Cell] = []
    final: dict[str, Decimal] = {}
    initial: dict[str, Decimal] = {}
    for m in THREE_PUBLIC_ORDER:
        for phase, into in (("initial_budget", initial), ("final", final)):
            yuan = tp.get(phase, {}).get(m) if tp else None
            text = (st.show(yuan) or "0.00") if tp else ""
            values.append(Cell(text, align="right"))
            if text:
                into[m] = yuan or ZERO
    title = "财政拨款“三公”经费支出决算表"
    w.table_page([], title, _unit_line(), pagesize=LANDSCAPE)
    first = w.pb.page
    pages = w.grid([60] * 12, head, [values], min_row=20.0)
    row = ExpectedRow("item", "TOTAL", title, final, 0, phases={"initial_budget": initial} if initial else {})
    w.record("three_public", title, st.unit, first, [row if tp else None], pages)
    w.note(f"注：本表反映{scope}本年度“三公”经费支出预决算情况。")
    if not tp:
        declared(w, "three_public", f"说明：{v.department}本年度没有财政拨款“三公”经费支出，故本表无数据。")

