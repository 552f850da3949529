"""The twelve tables of a provincial (Jiangsu-family) disclosure, printed as a :class:`JLook` says.

Each printer lays one table out with the layout engine and records its truth in the terms of
``tests/extract_fixtures/jiangsu/CONTRACT.md``: the three-sided 收支预算总表 (收入 | 支出 by function, 类 names
without codes | 支出 by purpose), the 收入预算总表 as group label + item label rows, the one-row 支出预算总表, the
财政拨款收支预算总表, coded tables with one 金额 column (functional / economic; the 政府性基金 table declared
empty by a note), the one-row “三公”经费、会议费、培训费 table under a three-level header and the hierarchical
政府采购预算表 (categories → projects → items, opaque codes, compared by name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping, Sequence

from reportlab.lib.pagesizes import A4, landscape

from budget_lod.sample.families.jiangsu_figures import ProvincialFigures
from budget_lod.sample.layout import MARGIN_X, Cell
from budget_lod.sample.printing import Writer, numeral, printed
from budget_lod.sample.synthetic import Line
from budget_lod.sample.truth import ExpectedRow

ZERO = Decimal(0)
UNIT = "万元"

TITLES = {
    "income_expenditure_summary": "收支预算总表",
    "income_summary": "收入预算总表",
    "expenditure_summary": "支出预算总表",
    "fiscal_appropriation_summary": "财政拨款收支预算总表",
    "fiscal_appropriation_expenditure": "财政拨款支出预算表（功能科目）",
    "fiscal_appropriation_basic_expenditure": "财政拨款基本支出预算表（经济科目）",
    "general_budget_expenditure": "一般公共预算支出预算表（功能科目）",
    "general_budget_basic_expenditure": "一般公共预算基本支出预算表（经济科目）",
    "three_public": "“三公”经费、会议费、培训费支出预算表",
    "government_fund_expenditure": "政府性基金预算财政拨款支出预算表",
    "admin_operating_expenditure": "一般公共预算机关运行经费支出预算表",
    "procurement": "政府采购支出预算表",
}
ORDER_2018 = tuple(TITLES)  # 公开01表 … 公开12表
ORDER_2017 = ("income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
              "fiscal_appropriation_expenditure", "fiscal_appropriation_basic_expenditure",
              "government_fund_expenditure", "general_budget_expenditure", "general_budget_basic_expenditure",
              "admin_operating_expenditure", "three_public", "procurement")


@dataclass(frozen=True)
class JLook:
    """How a provincial disclosure prints its tables.

    ``numbering``: ``gongkai`` (公开01表 above the title; table numbers in ``spaced`` print 公开 01表), ``biao``
    (表一 above the title), ``yi`` (一、 before a left-aligned title) or ``none``. ``titles`` overrides a title
    (a ``\\n`` breaks it, ``{y}`` is the year); ``plain`` lists the kinds printed without thousands separators;
    ``rules`` the rulings by kind (default ``ruling``); ``follow`` the kinds printed below the previous table
    when they fit; ``landscape`` the kinds printed on a landscape page of ``pagesize``; ``label_size`` prints
    header words large (as spreadsheet exports do); ``widths`` overrides a table's column widths; ``total``
    says where 合计 goes in a coded table (``name``, ``span`` over code and name, ``code``)."""

    numbering: str = "gongkai"
    spaced: frozenset[int] = frozenset()
    order: tuple[str, ...] = ORDER_2018
    titles: Mapping[str, str] = field(default_factory=dict)
    dept_label: str = "部门名称："
    pagesize: tuple[float, float] = A4
    ruling: str = "all"
    rules: Mapping[str, str] = field(default_factory=dict)
    plain: frozenset[str] = frozenset()
    follow: frozenset[str] = frozenset()
    landscape: frozenset[str] = frozenset()
    label_size: float | None = None
    widths: Mapping[str, Sequence[float]] = field(default_factory=dict)
    total: str = "name"
    size: float = 8.0
    repeat: bool = True  # a coded table continued on the next page repeats its header
    procurement_repeat: bool = False
    procurement_break: bool = True
    gov_fund_note: str = "注：本部门无相关收支项目"
    gov_fund_blank_rows: int = 4
    footer_from: int = 2

    def title(self, kind: str, year: int) -> str:
        """The printed title of ``kind`` (``{y}`` in a title is the budget year)."""
        return self.titles.get(kind, TITLES[kind]).format(y=year)

    def page_for(self, kind: str) -> tuple[float, float]:
        return landscape(self.pagesize) if kind in self.landscape else self.pagesize

    def number(self, kind: str) -> str | None:
        n = self.order.index(kind) + 1
        return {"gongkai": f"公开{' ' if n in self.spaced else ''}{n:02d}表", "biao": f"表{numeral(n)}",
                "yi": f"{numeral(n)}、", "none": None}[self.numbering]


class Tables:
    """Prints the tables of one disclosure into ``w`` as ``look`` says; every table records its truth."""

    def __init__(self, w: Writer, look: JLook, fig: ProvincialFigures, department: str, below: bool = False):
        self.w, self.look, self.fig, self.department = w, look, fig, department
        self.below = below  # the first table goes below what its page already holds (a part title)

    # -- shared pieces ----------------------------------------------------------------------------------
    def show(self, kind: str, yuan: Decimal | None) -> str:
        """An amount as ``kind``'s table prints it: 万元 to 0.01, with separators unless the look says not."""
        return printed(yuan, UNIT, kind not in self.look.plain)

    def widths(self, kind: str, default: Sequence[float]) -> list[float]:
        """Column widths: the look's for ``kind``, else ``default`` scaled to the printable width."""
        given = self.look.widths.get(kind)
        if given:
            return list(given)
        scale = min(1.6, (self.look.page_for(kind)[0] - 2 * MARGIN_X) / sum(default))
        return [w * scale for w in default]

    def open(self, kind: str) -> int:
        """Number, title and the 部门 / 单位 line above a table; returns the page the table starts on."""
        look = self.look
        number, title = look.number(kind), look.title(kind, self.fig.year)
        new_page = not self.below if not self.w.tables else kind not in look.follow
        header = [f"{look.dept_label}{self.department}", "", "单位：万元"]
        if look.numbering == "yi":
            self.w.table_page((), f"{number}{title}", header, new_page=new_page, title_align="left",
                              title_size=13.0, keep=180, pagesize=look.page_for(kind))
        else:
            self.w.table_page([number] if number else [], title, header, new_page=new_page, keep=180,
                              pagesize=look.page_for(kind))
        return self.w.pb.page

    def label(self, text: str, **kw) -> Cell:
        """A header cell, printed large when the look says so."""
        return Cell(text, size=self.look.label_size, **kw)

    def done(self, kind: str, first: int, rows: Sequence[ExpectedRow | None], pages: Sequence[int],
             note: str | None = None) -> None:
        self.w.record(kind, self.look.title(kind, self.fig.year).replace("\n", ""), UNIT, first, rows, pages, note,
                      self.look.number(kind))

    def grid(self, kind: str, widths: Sequence[float], head: list[list[Cell]], body: list[list[Cell]],
             **kw) -> list[int]:
        return self.w.grid(widths, head, body, rules=self.look.rules.get(kind, self.look.ruling), **kw)

    # -- 收支预算总表: 收入 | 支出 by function | 支出 by purpose ----------------------------------------------------
    def income_expenditure_summary(self) -> None:
        kind, fig = "income_expenditure_summary", self.fig
        inc, pur = fig.income, fig.purpose
        income = [("一、财政拨款", "income_fiscal_appropriation", inc["income_fiscal_appropriation"]),
                  ("1. 一般公共预算", "income_general_budget", inc["income_general_budget"]),
                  ("2. 政府性基金预算", "income_government_fund", inc["income_government_fund"]),
                  ("二、财政专户管理资金", "income_special_account", inc["income_special_account"]),
                  ("三、其他资金", "income_other_funds", inc["income_other_funds"])]
        classes = [(f"{numeral(i)}、{name}", code, (fig.line(code) or Line(code, name, {})).amounts.get("total"))
                   for i, (code, name) in enumerate(fig.classes, 1)]
        purpose = [("一、基本支出", "expenditure_basic", pur["expenditure_basic"]),
                   ("二、项目支出", "expenditure_project", pur["expenditure_project"]),
                   ("三、单位预留机动经费", "expenditure_reserve", pur["expenditure_reserve"])]
        body: list[list[Cell]] = []
        rows: list[tuple[int, ExpectedRow]] = []

        def put(label: str, scheme: str, code: str, amount: Decimal | None, *, span: int = 1) -> list[Cell]:
            if amount:
                rows.append((len(body), ExpectedRow(scheme, code, label, {"amount": amount}, 0)))
            text = self.show(kind, amount)
            return [Cell(label, colspan=span, align="left" if span == 1 else "center"), Cell(text, align="right")]

        for i in range(max(len(income), len(classes), len(purpose))):
            row: list[Cell] = []
            for side, scheme in ((income, "item"), (classes, "functional"), (purpose, "item")):
                if i < len(side):
                    label, code, amount = side[i]
                    row += put(label, scheme, code, amount)
                else:
                    row += [Cell(""), Cell("")]
            body.append(row)
        total = fig.total
        for (il, ic, iv), (el, ec, ev) in ((("当年收入小计", "income_total", total), ("当年支出小计", "expenditure_total", total)),
                                           (("上年结转资金", "carryover", inc["carryover"]),
                                            ("结转下年资金", "expenditure_carryover", ZERO)),
                                           (("收入合计", "income_grand_total", inc["income_grand_total"]),
                                            ("支出合计", "expenditure_grand_total", total))):
            body.append([*put(il, "item", ic, iv), *put(el, "item", ec, ev, span=3)])
        first = self.open(kind)
        head = [[self.label("收入", colspan=2), self.label("支出", colspan=4)],
                [self.label("项目名称", rowspan=2), self.label("金额", rowspan=2), self.label("功能分类", colspan=2),
                 self.label("支出用途", colspan=2)],
                [self.label("功能科目名称"), self.label("金额"), self.label("项目名称"), self.label("金额")]]
        pages = self.grid(kind, self.widths(kind, (92, 54, 130, 54, 84, 54)), head, body)
        self.done(kind, first, [r for _, r in rows], [pages[i] for i, _ in rows])

    # -- 收入预算总表: group label + item label rows ------------------------------------------------------------
    INCOME_GROUPS = (("一般公共预算资金", (("小计", "income_general_budget"),
                                            ("公共财政拨款（补助）资金", "income_general_budget_appropriation"),
                                            ("专项收入", "income_general_budget_earmarked"))),
                     ("政府性基金", (("小计", "income_government_fund"),)),
                     ("财政专户管理资金", (("小计", "income_special_account"),
                                           ("专户管理教育收费", "income_special_account_education"),
                                           ("其他非税收入", "income_special_account_other"))),
                     ("其他资金", (("小计", "income_other_funds"), ("事业收入", "income_business"),
                                   ("经营收入", "income_operating"), ("其他收入", "income_other"),
                                   ("债务资金（银行贷款）", "income_debt"))),
                     ("上年结转和结余资金", (("小计", "carryover"), ("其中：动用上年结转和结余资金", "carryover_used"))))

    def income_summary(self) -> None:
        kind, inc = "income_summary", self.fig.income
        grand = inc["income_grand_total"]
        body = [[Cell("收入总计", colspan=2), Cell(self.show(kind, grand), align="right")]]
        rows: list[tuple[int, ExpectedRow]] = [(0, ExpectedRow("item", "income_grand_total", "收入总计",
                                                               {"total": grand}, 0))]
        for group, items in self.INCOME_GROUPS:
            for i, (label, code) in enumerate(items):
                amount = inc.get(code)
                if amount:
                    rows.append((len(body), ExpectedRow("item", code, f"{group}/{label}", {"total": amount}, 0)))
                body.append([*([Cell(group, rowspan=len(items))] if i == 0 else []), Cell(label, align="left"),
                             Cell(self.show(kind, amount), align="right")])
        first = self.open(kind)
        head = [[self.label("项目名称", colspan=2), self.label("金额")]]
        pages = self.grid(kind, self.widths(kind, (150, 190, 110)), head, body, min_row=22.0)
        self.done(kind, first, [r for _, r in rows], [pages[i] for i, _ in rows])

    # -- 支出预算总表: one row --------------------------------------------------------------------------------
    def expenditure_summary(self) -> None:
        kind, pur = "expenditure_summary", self.fig.purpose
        values = {"total": self.fig.total, "basic": pur["expenditure_basic"], "project": pur["expenditure_project"],
                  "reserve": pur["expenditure_reserve"], "next_year_carryover": ZERO}
        labels = ("合计", "基本支出", "项目支出", "单位预留机动经费", "结转下年资金")
        first = self.open(kind)
        body = [[Cell(self.show(kind, v), align="right") for v in values.values()]]
        pages = self.grid(kind, self.widths(kind, (95, 95, 95, 80, 80)), [[self.label(t) for t in labels]], body,
                          min_row=22.0)
        self.done(kind, first, [ExpectedRow("functional", "TOTAL", "合计", {m: v for m, v in values.items() if v},
                                            0)], pages)

    # -- 财政拨款收支预算总表: 收入 | 支出 by purpose --------------------------------------------------------------
    def fiscal_appropriation_summary(self) -> None:
        kind, fig = "fiscal_appropriation_summary", self.fig
        pur, inc = fig.purpose, fig.income
        left = [("一、一般公共预算", "income_general_budget", inc["income_general_budget"]),
                ("二、政府性基金预算", "income_government_fund", inc["income_government_fund"])]
        right = [("一、基本支出", "expenditure_basic", pur["fiscal_basic"]),
                 ("二、项目支出", "expenditure_project", pur["fiscal_project"]),
                 ("三、单位预留机动经费", "expenditure_reserve", pur["fiscal_reserve"])]
        body: list[list[Cell]] = []
        rows: list[tuple[int, ExpectedRow]] = []
        for i in range(3):
            row: list[Cell] = []
            for side in (left, right):
                if i < len(side):
                    label, code, amount = side[i]
                    if amount:
                        rows.append((len(body), ExpectedRow("item", code, label, {"amount": amount}, 0)))
                    row += [Cell(label, align="left"), Cell(self.show(kind, amount), align="right")]
                else:
                    row += [Cell(""), Cell("")]
            body.append(row)
        for label, code in (("收入合计", "income_total"), ("支出合计", "expenditure_total")):
            rows.append((len(body), ExpectedRow("item", code, label, {"amount": fig.fiscal}, 0)))
        body.append([Cell("收入合计"), Cell(self.show(kind, fig.fiscal), align="right"), Cell("支出合计"),
                     Cell(self.show(kind, fig.fiscal), align="right")])
        first = self.open(kind)
        head = [[self.label("收入", colspan=2), self.label("支出", colspan=2)],
                [self.label("项目名称", rowspan=2), self.label("金额", rowspan=2), self.label("支出用途", colspan=2)],
                [self.label("项目名称"), self.label("金额")]]
        pages = self.grid(kind, self.widths(kind, (130, 90, 130, 90)), head, body, min_row=20.0)
        self.done(kind, first, [r for _, r in rows], [pages[i] for i, _ in rows])

    # -- coded tables with one amount column -----------------------------------------------------------------
    def coded(self, kind: str, scheme: str, lines: Sequence[Line], source: str, measure_label: str = "金额",
              note: str | None = None) -> None:
        """Code | name | one amount column (measure ``total``); 合计 first, where the look puts it."""
        look = self.look
        shown = [ln for ln in lines if ln.amounts.get(source)]
        body: list[list[Cell]] = []
        expected: list[ExpectedRow | None] = []
        wrong = []
        for ln in shown or [Line("TOTAL", "合计", {})]:
            v = ln.amounts.get(source)
            if v and (kind, ln.code, "total") in self.w.misprint:
                wrong.append((len(body), ln.code, v + self.w.misprint[kind, ln.code, "total"], v))
                v = wrong[-1][2]
            amount = Cell(self.show(kind, v), align="right")
            if ln.code == "TOTAL":
                label = {"name": [Cell(""), self.label("合计")], "span": [self.label("合计", colspan=2)],
                         "code": [Cell("合计", align="left"), Cell("")]}[look.total]
                body.append([*label, amount])
            else:
                body.append([Cell(ln.code, align="left"), Cell(ln.name, align="left"), amount])
            expected.append(ExpectedRow(scheme, ln.code, "合计" if ln.code == "TOTAL" else ln.name,
                                        {"total": v} if v else {}, 0))
        if not shown:
            body += [[Cell(""), Cell(""), Cell("")] for _ in range(look.gov_fund_blank_rows)]
            expected += [None] * look.gov_fund_blank_rows
        code_label = "功能科目代码" if scheme == "functional" else "科目编码"
        name_label = "功能科目名称" if scheme == "functional" else "科目名称"
        first = self.open(kind)
        head = [[self.label(code_label), self.label(name_label), self.label(measure_label)]]
        pages = self.grid(kind, self.widths(kind, (110, 250, 120)), head, body, repeat=look.repeat)
        if note:
            self.w.note(note)
        self.done(kind, first, expected, pages, note)
        for i, code, printed, right in wrong:
            self.w.planted(kind, scheme, code, "total", printed, right, pages[i])

    def government_fund_expenditure(self) -> None:
        self.coded("government_fund_expenditure", "functional", (), "total", note=self.look.gov_fund_note)

    # -- “三公”经费、会议费、培训费: one row under a three-level header --------------------------------------------------
    THREE_PUBLIC = ("grand_total", "total", "overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation",
                    "reception", "meeting", "training")

    def three_public(self) -> None:
        kind, tp = "three_public", self.fig.three_public
        first = self.open(kind)
        head = [[self.label("合计", rowspan=3), self.label("“三公”经费", colspan=6), self.label("会议费", rowspan=3),
                 self.label("培训费", rowspan=3)],
                [self.label("小计", rowspan=2), self.label("因公出国（境）费", rowspan=2),
                 self.label("公务用车购置及运行维护费", colspan=3), self.label("公务接待费", rowspan=2)],
                [self.label("小计"), self.label("公务用车购置费"), self.label("公务用车运行维护费")]]
        body = [[Cell(self.show(kind, tp.get(m)), align="right") for m in self.THREE_PUBLIC]]
        pages = self.grid(kind, self.widths(kind, (56, 50, 52, 50, 34, 56, 40, 56, 56)), head, body, min_row=24.0)
        amounts = {m: tp[m] for m in self.THREE_PUBLIC if tp.get(m)}
        title = self.look.title(kind, self.fig.year).replace("\n", "")
        self.done(kind, first, [ExpectedRow("item", "TOTAL", title, amounts, 0)],
                  pages)

    # -- 政府采购预算表: categories → projects → items, over two pages ----------------------------------------------
    def procurement(self) -> None:
        kind, fig = "procurement", self.fig
        total = sum((r.amount for r in fig.procurement if r.level == "category"), ZERO)
        body = [[Cell("合计", align="left"), Cell(""), Cell(""), Cell(""), Cell(""),
                 Cell(self.show(kind, total), align="right")]]
        rows = [ExpectedRow("item", "TOTAL", "合计", {"total": total}, 0)]
        project = item = 0
        for r in fig.procurement:
            amount = Cell(self.show(kind, r.amount), align="right")
            if r.level == "category":
                body.append([Cell(r.name, align="left"), Cell(""), Cell(""), Cell(""), Cell(""), amount])
                rows.append(ExpectedRow("item", r.category, r.name, {"total": r.amount}, 0))
            elif r.level == "project":
                project, item = project + 1, 0
                body.append([Cell(""), Cell(r.name, align="left"), Cell(r.economic, align="left"), Cell(""), Cell(""),
                             amount])
                rows.append(ExpectedRow("item", f"p{project}", r.name, {"total": r.amount}, 0,
                                        {"level": "project", "economic": r.economic}))
            else:
                item += 1
                body.append([Cell(""), Cell(""), Cell(""), Cell(r.name, align="left"), Cell(r.method, align="left"),
                             amount])
                rows.append(ExpectedRow("item", f"p{project}.{item}", r.name, {"total": r.amount}, 0,
                                        {"level": "item", "method": r.method}))
        first = self.open(kind)
        head = [[self.label(t) for t in ("采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式", "总计")]]
        breaks = [len(body) // 2] if self.look.procurement_break else []
        pages = self.grid(kind, self.widths(kind, (70, 92, 78, 110, 72, 62)), head, body, breaks=breaks,
                          repeat=self.look.procurement_repeat)
        note = "注：1.采购组织形式为：政府集中采购、部门集中采购和分散自行组织。"
        self.w.note(note)
        self.done(kind, first, rows, pages)

    # -- all of them ------------------------------------------------------------------------------------------
    def print_all(self) -> None:
        """Every table in the look's order."""
        fig = self.fig
        printers = {
            "fiscal_appropriation_expenditure": lambda: self.coded(
                "fiscal_appropriation_expenditure", "functional", fig.functional, "fiscal"),
            "fiscal_appropriation_basic_expenditure": lambda: self.coded(
                "fiscal_appropriation_basic_expenditure", "economic", fig.economic, "total"),
            "general_budget_expenditure": lambda: self.coded(
                "general_budget_expenditure", "functional", fig.functional, "fiscal"),
            "general_budget_basic_expenditure": lambda: self.coded(
                "general_budget_basic_expenditure", "economic", fig.economic, "total"),
            "admin_operating_expenditure": lambda: self.coded(
                "admin_operating_expenditure", "economic", fig.admin, "total", "机关运行经费支出"),
        }
        for kind in self.look.order:
            (printers.get(kind) or getattr(self, kind))()
