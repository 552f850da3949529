"""The plain national template printed the ways other regions print it (:class:`Look`).

One layout of the nine mandated tables, varied by a :class:`Look`: landscape pages turned by /Rotate,
rulings by rows only or none, numbered / department-carrying / wrapped titles, codes printed once per group or
as each level's own digits, negative amounts and placeholders, whole 万元, extra tables classified both ways.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Mapping, Sequence

from budget_lod.sample.layout import Cell
from budget_lod.sample.printing import Col, Style, Writer, cells, classes, item
from budget_lod.sample.synthetic import WAN, YUAN, make_figures
from budget_lod.sample.truth import Variant
from budget_lod.sample.families.cross import cross_basic, cross_tables
from budget_lod.sample.families.national import (
    ECONOMIC_LONG, ECONOMIC_SHORT, FA_CLASSES, FA_HEAD, FA_SIDES, fa_grand_totals, fa_income_side)


# --- round 2: one plain national-template layout, printed the ways other regions print it ------------------


@dataclass(frozen=True)
class Look:
    """How the plain layout (:func:`_layout_plain`) is printed: style, titles, code columns, extra tables.

    ``titles`` maps a table kind to its printed title (``{y}`` the year, ``{dept}`` the department; a ``\n``
    breaks it over two lines); ``above`` to the lines printed above it (``表1-1``); ``rules`` to how its
    grid is ruled. ``codes`` is ``code`` (one column) or ``parts`` (类/款/项 columns). ``widen`` scales every
    column width (landscape pages hold wider tables). ``extra`` adds non-standard tables after a kind."""

    style: Callable[[], Style]
    titles: Mapping[str, str] = field(default_factory=dict)
    above: Mapping[str, Sequence[str]] = field(default_factory=dict)
    rules: Mapping[str, str] = field(default_factory=dict)
    codes: str = "code"
    widen: float = 1.0
    header: Callable[["Variant"], list[str]] | None = None
    zero: Mapping[str, str] = field(default_factory=dict)  # kind → text printed for a zero amount
    blank: Mapping[str, str] = field(default_factory=dict)  # kind → placeholder printed in a blank cell
    indent: Mapping[str, str] = field(default_factory=dict)  # kind → printed before a name, once per level
    code_indent: Mapping[str, str] = field(default_factory=dict)  # kind → before an own-digits code, per level
    breaks: Mapping[str, Sequence[int]] = field(default_factory=dict)  # kind → body rows a page break precedes
    extra: Mapping[str, Callable[[Writer, "Variant"], None]] = field(default_factory=dict)
    instead: Mapping[str, Callable[..., None]] = field(default_factory=dict)  # kind → prints it (w, v, title, opts)
    title_in_grid: frozenset[str] = frozenset()  # kinds whose title and header line are the grid's first rows


_PLAIN_TITLES = {
    "income_expenditure_summary": "{y}年部门收支总表",
    "income_summary": "{y}年部门收入总表",
    "expenditure_summary": "{y}年部门支出总表",
    "fiscal_appropriation_summary": "{y}年部门财政拨款收支总表",
    "general_budget_expenditure": "{y}年一般公共预算支出表",
    "general_budget_basic_expenditure": "{y}年一般公共预算基本支出表",
    "government_fund_expenditure": "{y}年政府性基金预算支出表",
    "state_capital_expenditure": "{y}年国有资本经营预算支出表",
    "three_public": "{y}年一般公共预算“三公”经费支出表",
}


def _code_columns(look: Look, scheme: str) -> tuple[list[Col], list[Cell], list[list[Cell]]]:
    """The code and name columns, their first header row cells (spanning ``rows`` header rows when the code is
    printed in parts) and the extra header rows (类 款 项)."""
    k = look.widen
    if look.codes == "code":
        return [Col("code", 56 * k), Col("name", 150 * k)], [Cell("科目编码"), Cell("科目名称")], []
    parts = ("code_1", "code_2", "code_3") if scheme == "functional" else ("code_1", "code_2")
    cols = [*(Col(p, 24 * k) for p in parts), Col("name", 150 * k)]
    first = [Cell("科目编码", colspan=len(parts)), Cell("科目名称", rowspan=2)]
    return cols, first, [[Cell(t) for t in "类款项"[:len(parts)]]]


def _layout_plain(v: Variant, look: Look) -> Writer:
    """Every mandated table of the national template, in the template's order, printed as ``look`` says."""
    fig, y, dept, k = v.figures, v.fiscal_year, v.department, look.widen
    st = look.style()
    w = Writer(st)
    unit_text = f"单位：{st.unit}"
    line = look.header(v) if look.header else [f"编制单位：{dept}", "", unit_text]
    scope = "单位" if v.scope == "unit" else "部门"
    w.cover([(dept, 24, 22), (f"{y}年{scope}预算", 24, 10)])

    def title(kind: str) -> str:
        return (look.titles.get(kind) or _PLAIN_TITLES[kind]).format(y=y, dept=dept)

    def opts(kind: str) -> dict:
        return {"above": look.above.get(kind, ()), "header": line, "rules": look.rules.get(kind)}

    def after(kind: str) -> None:
        if kind in look.extra:
            look.extra[kind](w, v)

    def coded(kind: str, scheme: str, lines, measures: Sequence[tuple[str, str | None, str]], **kw) -> None:
        if kind in look.instead:
            look.instead[kind](w, v, title(kind), opts(kind))
            after(kind)
            return
        cols, first, more = _code_columns(look, scheme)
        span = 2 if more else 1
        head = [[*first[:1], *(Cell(c.text, rowspan=span) for c in first[1:]),
                 *(Cell(label, rowspan=span) for _, _, label in measures)], *more]
        cols = [*cols, *(Col(key, 70 * k, source) for key, source, _ in measures)]
        w.coded(kind, title(kind), scheme, lines, cols, head, zero=look.zero.get(kind), blank=look.blank.get(kind),
                indent=look.indent.get(kind), code_indent=look.code_indent.get(kind, ""),
                breaks=look.breaks.get(kind, ()), title_in_grid=kind in look.title_in_grid, **opts(kind), **kw)
        after(kind)

    total, fiscal = fig.total("total"), fig.total("fiscal")
    income = [item("一、一般公共预算拨款收入", "income_general_budget", fiscal),
              item("二、政府性基金预算拨款收入", "income_government_fund", None),
              item("三、国有资本经营预算拨款收入", "income_state_capital", None),
              item("四、其他收入", "income_other", fig.total("other"))]
    bottom = [(item("收入总计", "income_grand_total", total), item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", title("income_expenditure_summary"), income,
              classes(fig, "total", {"amount": "total"}), bottom, [w_ * k for w_ in (160, 80, 175, 80)],
              cells([[("收入", 2, 1), ("支出", 2, 1)], ["项目", "预算数", "项目", "预算数"]]),
              ["amount"], ["amount"], **opts("income_expenditure_summary"))
    after("income_expenditure_summary")
    coded("income_summary", "functional", fig.functional,
          [("total", None, "合计"), ("general_budget", "fiscal", "一般公共预算拨款收入"),
           ("other_income", "other", "其他收入")])
    spending = [("total", None, "合计"), ("basic", None, "基本支出"), ("project", None, "项目支出")]
    coded("expenditure_summary", "functional", fig.functional, spending)
    fa_income = fa_income_side(fiscal)
    fa_bottom = fa_grand_totals(fiscal)
    w.summary("fiscal_appropriation_summary", title("fiscal_appropriation_summary"), fa_income,
              classes(fig, "fiscal", FA_CLASSES), fa_bottom,
              [w_ * k for w_ in (110, 60, 130, 56, 56, 50, 52)],
              cells(FA_HEAD), *FA_SIDES,
              **opts("fiscal_appropriation_summary"))
    after("fiscal_appropriation_summary")
    coded("general_budget_expenditure", "functional", fig.functional,
          [("total", "fiscal", "合计"), ("basic", None, "基本支出"), ("project", "fiscal_project", "项目支出")])
    coded("general_budget_basic_expenditure", "economic", fig.economic,
          [("total", None, "合计"), ("personnel", None, "人员经费"), ("public", None, "公用经费")])
    for kind, what in (("government_fund_expenditure", "政府性基金"), ("state_capital_expenditure", "国有资本经营")):
        coded(kind, "functional", fig.functional, [(m, "none", label) for m, _, label in spending],
              note=f"注：本{scope}{y}年无{what}预算财政拨款安排的支出，本表为空表。")
    tp_cols = [Col(m, 80 * k) for m in ("total", "overseas", "vehicle_total", "vehicle_purchase",
                                         "vehicle_operation", "reception")]
    w.three_public_row(title("three_public"), fig, tp_cols,
                       cells([[("合计", 1, 2), ("因公出国（境）费", 1, 2), ("公务用车购置及运行费", 3, 1),
                               ("公务接待费", 1, 2)], ["小计", "公务用车购置费", "公务用车运行费"]]),
                       unit="万元", **{**opts("three_public"), "header": [*line[:2], "单位：万元"]})
    after("three_public")
    return w




VARIANTS = (
    Variant(
        "landscape_wide",
        "部门预算 on landscape A4 pages written as portrait pages turned by /Rotate 90 (wide tables, every column "
        "widened), 元 with separators, the 一般公共预算 tables ruled by rows only / not at all; the department "
        "of an autonomous prefecture (region from the name: 某某自治州)",
        "红河谷自治州林业和草原局", None, "红河谷自治州", 2025, "department", "元",
        make_figures(707, ("2010101", "2010102", "2080505", "2080506", "2101101", "2130301", "2130314",
                           "2210201"), ECONOMIC_SHORT, YUAN, other_funded={"2130314": "part"}),
        (), partial(_layout_plain, look=Look(lambda: Style("元", True, landscape=True, rotated=True), widen=1.45,
                                             rules={"general_budget_basic_expenditure": "none",
                                                    "general_budget_expenditure": "rows"}))),
    Variant(
        "split_titles",
        "部门预算 of a 街道办事处 whose titles are printed the ways other regions print them: with the department "
        "name (XX街道办事处2025年部门收支总表), numbered (表一 on the line above, 表1-2 / 附表3： / 表8 before the "
        "title), broken over two lines (…财政拨款 / 收支总表, …一般公共预算 / 基本支出经济分类预算表, “三公” / 经费…)",
        "青川市东湖区东湖街道办事处", None, "青川市东湖区", 2025, "department", "元",
        make_figures(808, ("2010301", "2010350", "2080505", "2101101", "2120101", "2120104", "2210201"),
                     ECONOMIC_LONG, YUAN, other_funded={"2120104": "part"}),
        (), partial(_layout_plain, look=Look(
            lambda: Style("元", True, total_span=True),
            titles={"income_expenditure_summary": "{dept}{y}年部门收支总表",
                    "income_summary": "表1-2 {y}年部门收入总表",
                    "expenditure_summary": "附表3：{y}年部门支出总表",
                    "fiscal_appropriation_summary": "{y}年部门财政拨款\n收支总表",
                    "general_budget_expenditure": "{dept}\n{y}年一般公共预算支出表",
                    "general_budget_basic_expenditure": "{y}年部门一般公共预算\n基本支出经济分类预算表",
                    "government_fund_expenditure": "表8 {y}年政府性基金预算支出表",
                    "state_capital_expenditure": "（表9）{y}年国有资本经营预算支出表",
                    "three_public": "{y}年一般公共预算“三公”\n经费支出预算表"},
            above={"income_expenditure_summary": ["表一"], "general_budget_basic_expenditure": ["表1-6"]}))),
    Variant(
        "grouped_codes",
        "部门预算 in 万元 exported from a spreadsheet: codes in 类/款/项 columns printed only on the first row of "
        "their group (201 on the 类 row, then a blank 类 cell and 03 on the 款 row, a blank 类 and 款 and 01 on "
        "the 项 rows)",
        "北岭县交通运输局", "318", "北岭县", 2026, "department", "万元",
        make_figures(909, ("2010101", "2010102", "2010108", "2080501", "2080505", "2080506", "2101101",
                           "2101103", "2210201", "2210203"), ECONOMIC_LONG, WAN,
                     other_funded={"2010108": "part"}, scale=(10_000, 4_000_000)),
        (), partial(_layout_plain, look=Look(
            lambda: Style("万元", False, grouped_codes=True), codes="parts",
            header=lambda v: [f"部门编码：{v.department_code}  部门名称：{v.department}", "", "单位：万元"]))),
    Variant(
        "negatives_placeholders",
        "部门预算 in 元 with a negative other income (a write-back, printed -1,234.00) made up by more general-"
        "budget money; blank cells printed — (and - in the 支出总表), zeros printed 0 in the 收支总表 and the "
        "收入总表 (a printed 0 is an amount, a placeholder is not)",
        "西峪县卫生健康局", None, "西峪县", 2025, "department", "元",
        make_figures(1010, ("2010301", "2010302", "2080505", "2080506", "2101101", "2101102", "2210201"),
                     ECONOMIC_SHORT, YUAN, other_funded={"2010302": "negative", "2101102": "part"}),
        (), partial(_layout_plain, look=Look(
            lambda: Style("元", True, zero="0", blank="—", total_span=True),
            zero={k: "" for k in _PLAIN_TITLES if k != "income_summary"},
            blank={"expenditure_summary": "-"}))),
    Variant(
        "integer_wanyuan",
        "部门预算 in whole 万元 (12  30  5: no separator, no decimals), a negative other income printed （3）; the "
        "收入 and 支出 总表 ruled by rows only, the 收支总表 (收入 / 支出 centred over 项目 | 预算数 pairs), the "
        "一般公共预算 tables and the “三公” table not ruled at all",
        "南山县农业农村局", None, "南山县", 2026, "department", "万元",
        make_figures(1111, ("2010101", "2010102", "2080505", "2080506", "2101101", "2130301", "2130302",
                            "2130314", "2210201"), ECONOMIC_SHORT, WAN * 100,
                     other_funded={"2130302": "negative", "2130314": "part"}, scale=(10_000, 2_000_000),
                     three_public_quantum=WAN * 100),
        (), partial(_layout_plain, look=Look(
            lambda: Style("万元", False, decimals=0, negative="paren"),
            rules={"income_expenditure_summary": "none", "income_summary": "rows", "expenditure_summary": "rows",
                   "general_budget_expenditure": "none", "general_budget_basic_expenditure": "none",
                   "three_public": "none"}))),
    Variant(
        "unit_cross",
        "单位预算 in 元 with two non-standard tables classified both ways (支出功能分类科目 and 部门预算经济分类科目 "
        "code columns): a 项目支出预算表, and a detailed 一般公共预算基本支出表 — the standard title, more figures "
        "than the standard 基本支出经济分类 table printed before it; neither may be read as a standard table",
        "东川县第一中学", None, "东川县", 2025, "unit", "元",
        make_figures(1212, ("2050101", "2050204", "2050299", "2080505", "2080506", "2101102", "2210201"),
                     ECONOMIC_LONG, YUAN, other_funded={"2050299": "part"}),
        (), partial(_layout_plain, look=Look(
            lambda: Style("元", True, total_span=True),
            titles={k: t.replace("部门", "单位") for k, t in _PLAIN_TITLES.items()} | {
                "general_budget_basic_expenditure": "{y}年单位一般公共预算基本支出经济分类预算表"},
            extra={"three_public": cross_tables}))),
    Variant(
        "long_titles",
        "部门预算 whose titles carry the department name and are wrapped over three or four lines (部门 / 年度 / "
        "表名, the table name itself broken: …财政拨款 / 收支总表, …基本支出经济分类 / 预算表, “三公”经费 / "
        "支出预算表); two of them printed inside the grid's first row, over its 编制单位 / 单位 row",
        "西河县人力资源和社会保障局", None, "西河县", 2025, "department", "元",
        make_figures(1616, ("2010101", "2010102", "2080501", "2080505", "2080506", "2101101", "2210201"),
                     ECONOMIC_LONG, YUAN, other_funded={"2010102": "part"}),
        (), partial(_layout_plain, look=Look(
            lambda: Style("元", True, total_span=True),
            titles={"income_expenditure_summary": "{dept}\n{y}年\n部门收支总表",
                    "income_summary": "{dept}\n{y}年部门\n收入总表",
                    "expenditure_summary": "{dept}\n{y}年\n部门支出\n总表",
                    "fiscal_appropriation_summary": "{dept}\n{y}年部门财政拨款\n收支总表",
                    "general_budget_expenditure": "{dept}\n{y}年\n一般公共预算支出表",
                    "general_budget_basic_expenditure": "{dept}\n{y}年部门一般公共预算\n基本支出经济分类\n预算表",
                    "government_fund_expenditure": "{dept}\n{y}年政府性基金\n预算支出表",
                    "state_capital_expenditure": "{dept}{y}年\n国有资本经营预算\n支出表",
                    "three_public": "{dept}\n{y}年一般公共预算\n“三公”经费\n支出预算表"},
            title_in_grid=frozenset({"income_summary", "general_budget_basic_expenditure"})))),
    Variant(
        "cross_classified",
        "部门预算 in 元 whose 一般公共预算基本支出表 (the standard title, the only one printed) is classified both "
        "ways: rows by functional code, columns by economic 类 (工资福利支出 | 商品和服务支出 | 对个人和家庭的补助) "
        "under 部门预算支出经济分类科目",
        "北川县统计局", None, "北川县", 2025, "department", "元",
        make_figures(1717, ("2010101", "2010102", "2010108", "2010301", "2010350", "2080505", "2080506", "2101101",
                            "2210201"), ECONOMIC_LONG, YUAN, other_funded={"2010108": "part"}),
        (), partial(_layout_plain, look=Look(lambda: Style("元", True, total_span=True),
                                             instead={"general_budget_basic_expenditure": cross_basic}))),
    Variant(
        "cross_and_standard",
        "部门预算 in 元 printing, right after its 一般公共预算支出表, a 一般公共预算基本支出表 classified both ways "
        "(functional rows × economic 类 columns, more figures) and then the standard one by economic code under the "
        "same title: the standard one is the table of its kind",
        "南川县统计局", None, "南川县", 2025, "department", "元",
        make_figures(1818, ("2010101", "2010102", "2010301", "2010350", "2080505", "2080506", "2101101",
                            "2210201"), ECONOMIC_LONG, YUAN, other_funded={"2010102": "part"}),
        (), partial(_layout_plain, look=Look(lambda: Style("元", True, total_span=True), extra={
            "general_budget_expenditure": lambda w, v: cross_basic(
                w, v, f"{v.fiscal_year}年一般公共预算基本支出表", {"header": [f"编制单位：{v.department}", "",
                                                                      "单位：元"]})}))),
    Variant(
        "own_digit_codes",
        "部门预算 of a county in 万元 whose one 科目编码 column prints only each level's own digits (201 on the 类 "
        "row, 03 on the 款 row, 01 on the 项 rows; 301 / 01 in the economic table): the 收入总表 and the 基本支出 "
        "table indent the codes, the 支出总表 indents only the names, the 一般公共预算支出表 indents nothing (levels "
        "told apart by the sums alone); the 支出总表 and the 一般公共预算支出表 continue on a new page in the middle "
        "of a 类 (at a 项, and at a 款)",
        "石桥县市场监督管理局", None, "石桥县", 2026, "department", "万元",
        make_figures(1414, ("2010101", "2010102", "2010108", "2010301", "2010350", "2080501", "2080505",
                            "2080506", "2101101", "2101103", "2120101", "2120104", "2210201"), ECONOMIC_LONG, WAN,
                     other_funded={"2010108": "part", "2120104": "part"}, scale=(10_000, 4_000_000)),
        (), partial(_layout_plain, look=Look(
            lambda: Style("万元", False, own_digits=True, indent="　"),
            code_indent={"income_summary": "　", "general_budget_basic_expenditure": "　"},
            indent={"general_budget_expenditure": ""},
            breaks={"expenditure_summary": [5], "general_budget_expenditure": [6]}))),
)
