"""Unseen-layout test disclosures: the national template laid out the way other regions print it.

Each :class:`Variant` carries its own synthetic figures, built independently of any extractor and
consistent by construction (parent = Σ children, 合计 = 基本 + 项目 = 人员 + 公用, the same figures
across tables), and a layout unlike the bundled Hebei sample: 单位预算 with 类/款/项 columns and
continuations without repeated headers, 万元 tables with the Ministry of Finance header wording,
tables three pages long with names wrapped over three lines, a disclosure missing mandated tables, zeros
printed as 0.00 with several tables on a page, 基本支出 split into 小计/人员经费/公用经费 columns; and, from one
plain layout printed the ways other regions print it (:class:`Look`): landscape pages turned by /Rotate,
tables ruled by rows only or not at all, titles numbered / carrying the department / broken over two lines,
类/款 codes printed once per group, negative amounts and dash placeholders, whole 万元 numbers, tables
classified both by function and by economy that are no standard table, one code column printing only each
level's own digits (201 / 03 / 01), narrow 万元 figure columns without rulings under wider header words, titles
wrapped over three or four lines, a 基本支出表 classified both ways (functional rows × economic 类 columns) alone
or beside the standard one. The
expected truth — every amount in 元 with the page it is printed on, the metadata, the empty and the
missing tables — lives in the variant (pages come from the layout engine, not from reading a PDF).

``write_variant(name, path)`` renders one to PDF (deterministic bytes, well under a second);
``VARIANTS`` maps each name to its :class:`Variant`. The layout engine is
:mod:`budget_lod.sample.layout`; classification codes and names come from ``variant_codes.json``.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache, partial
from importlib import resources
from itertools import zip_longest
from pathlib import Path
from typing import Callable, Mapping, Sequence

from budget_lod.model.amounts import UNIT_FACTORS
from reportlab.lib.pagesizes import A4, landscape

from budget_lod.sample.layout import Cell, GridTable, PageBuilder

CENT = Decimal("0.01")
CODES_FILE = "variant_codes.json"

# --- the expected truth -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedRow:
    """A printed row: its scheme and code (as the extract contract names them), amounts in 元, page."""

    scheme: str
    code: str
    name: str
    amounts: Mapping[str, Decimal]  # measure slug → exact 元; blank cells absent
    page: int


@dataclass(frozen=True)
class ExpectedTable:
    """A standard table as printed: kind, title, unit, rows with amounts, empty flag and note."""

    kind: str
    title: str
    unit: str
    rows: tuple[ExpectedRow, ...]
    pages: tuple[int, ...]
    empty: bool = False
    note: str | None = None  # the wording that declares the table empty


@dataclass(frozen=True)
class ExpectedFinding:
    """A Violation the validator must report on a variant (a fault the variant prints on purpose), and why.

    A finding matches when its rule is ``rule`` and it names the table ``table`` (``None``: any)."""

    rule: str
    reason: str
    table: str | None = None

    def matches(self, rule: str, table: str | None) -> bool:
        return rule == self.rule and (self.table is None or table == self.table)


@dataclass(frozen=True)
class Rendered:
    """A laid-out variant: the pages to paint and the tables as they landed."""

    builder: PageBuilder
    tables: Mapping[str, ExpectedTable]


# --- synthetic figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A classification line (or ``TOTAL``) with amounts in 元 by source measure; zero amounts absent."""

    code: str
    name: str
    amounts: Mapping[str, Decimal]


@dataclass(frozen=True)
class Figures:
    """Consistent synthetic budget figures, all in 元.

    ``functional`` lines (TOTAL first, then 类/款/项 in code order) carry ``total = basic + project``,
    ``basic = personnel + public``, ``project = fiscal_project + other`` and ``fiscal = basic +
    fiscal_project`` (money from the general budget; ``other`` is other income). ``economic`` lines carry
    ``total = personnel + public`` and their TOTAL equals the functional basic total. ``three_public``
    holds the “三公” measures (zero ones absent; ``admin_operating`` is the 公用经费 to 0.01 万元).
    """

    functional: tuple[Line, ...]
    economic: tuple[Line, ...]
    three_public: Mapping[str, Decimal]

    def total(self, source: str) -> Decimal:
        return self.functional[0].amounts.get(source, Decimal(0))


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict]:
    raw = json.loads(resources.files(__package__).joinpath(CODES_FILE).read_text(encoding="utf-8"))
    functional = {r[0]: (r[1], r[2] if len(r) > 2 else "") for r in raw["functional"]}
    economic = {r[0]: (r[1], r[2] if len(r) > 2 else "") for r in raw["economic"]}
    return {"functional": functional, "economic": economic}


def _partition(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` positive integers (random cut points)."""
    if parts <= 1:
        return [total]
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


def _tree(leaves: dict[str, dict[str, Decimal]], names: Mapping[str, tuple[str, str]],
          levels: tuple[int, ...]) -> tuple[Line, ...]:
    """Leaf amounts summed into their parents (codes cut at ``levels`` digits); TOTAL first."""
    sums: dict[str, dict[str, Decimal]] = {"TOTAL": {}}
    for code, amounts in leaves.items():
        for key in ["TOTAL", *(code[:n] for n in levels if n < len(code)), code]:
            acc = sums.setdefault(key, {})
            for m, v in amounts.items():
                acc[m] = acc.get(m, Decimal(0)) + v
    order = ["TOTAL", *sorted(k for k in sums if k != "TOTAL")]
    return tuple(Line(k, "合计" if k == "TOTAL" else names[k][0],
                      {m: v for m, v in sums[k].items() if v}) for k in order)


def make_figures(seed: int, functional: Sequence[str], economic: Sequence[str], quantum: Decimal,
                 *, other_funded: Mapping[str, str] | None = None, scale: tuple[int, int] = (20_000, 8_000_000),
                 three_public: Sequence[str] = ("overseas", "vehicle_operation", "reception"),
                 three_public_quantum: Decimal | None = None) -> Figures:
    """Figures for the given leaf codes: amounts are random multiples of ``quantum`` 元 (0.01 of the
    printed unit). ``other_funded`` maps a leaf to ``"part"`` (some of its project money is other income),
    ``"all"`` (all of it is, and the leaf has no general-budget money) or ``"negative"`` (its other income
    is negative — a refund or a write-back — made up by more general-budget money). The “三公” figures are
    multiples of ``three_public_quantum`` (default 0.01 万元)."""
    rng = random.Random(seed)
    cat = _catalogue()
    lo, hi = (int(Decimal(v) / quantum) for v in scale)

    def draw() -> Decimal:
        return Decimal(rng.randrange(lo, hi)) * quantum

    leaves: dict[str, dict[str, Decimal]] = {}
    for code in functional:
        kind = cat["functional"][code][1]
        basic = draw() if "b" in kind else Decimal(0)
        project = draw() if "p" in kind else Decimal(0)
        mode = (other_funded or {}).get(code)
        third = (project / 3 / quantum).to_integral_value() * quantum
        other = {"all": project, "part": project - third, "negative": -third}.get(mode or "", Decimal(0))
        leaves[code] = {"total": basic + project, "basic": basic, "project": project,
                        "fiscal": basic + project - other, "fiscal_project": project - other, "other": other}
    basic_total = sum((v["basic"] for v in leaves.values()), Decimal(0))
    share = Decimal(rng.randrange(75, 91)) / 100
    for v in leaves.values():  # each 项's basic money split into 人员经费 and 公用经费
        v["personnel"] = (v["basic"] * share / quantum).to_integral_value() * quantum
        v["public"] = v["basic"] - v["personnel"]
    personnel = sum((v["personnel"] for v in leaves.values()), Decimal(0))
    sides = {"personnel": [c for c in economic if cat["economic"][c[:3]][1] == "personnel"],
             "public": [c for c in economic if cat["economic"][c[:3]][1] == "public"]}
    econ: dict[str, dict[str, Decimal]] = {}
    for side, amount in (("personnel", personnel), ("public", basic_total - personnel)):
        for code, n in zip(sides[side], _partition(rng, int(amount / quantum), len(sides[side]))):
            econ[code] = {"total": n * quantum, side: n * quantum}
    fun = _tree(leaves, cat["functional"], (3, 5))
    eco = _tree(econ, cat["economic"], (3,))
    wan = three_public_quantum or UNIT_FACTORS["万元"] * CENT  # the “三公” table is printed in 万元 to 0.01

    def draw_wan(top: int) -> Decimal:
        return Decimal(rng.randrange(100, top)) * wan

    tp = {m: draw_wan(5000) for m in three_public if m != "admin_operating"}
    tp["vehicle_total"] = tp.get("vehicle_purchase", Decimal(0)) + tp.get("vehicle_operation", Decimal(0))
    tp["total"] = tp.get("overseas", Decimal(0)) + tp["vehicle_total"] + tp.get("reception", Decimal(0))
    if "admin_operating" in three_public:  # 机关运行经费: the 日常公用经费 rounded to the printed 0.01 万元
        tp["admin_operating"] = (eco[0].amounts["public"] / UNIT_FACTORS["万元"]).quantize(CENT) * UNIT_FACTORS["万元"]
    return Figures(fun, eco, {m: v for m, v in tp.items() if v})


# --- printing -----------------------------------------------------------------------------------------


def printed(yuan: Decimal | None, unit: str, thousands: bool, decimals: int = 2, negative: str = "minus") -> str:
    """An amount as the table prints it (``decimals`` places in ``unit``); blank for zero or ``None``.

    A negative amount is printed ``-1,234.00`` (``negative="minus"``) or ``（1,234.00）`` (``"paren"``)."""
    if not yuan:
        return ""
    value = (yuan / UNIT_FACTORS[unit]).quantize(Decimal(1).scaleb(-decimals))
    text = format(abs(value) if negative == "paren" else value, f"{',' if thousands else ''}.{decimals}f")
    return f"（{text}）" if value < 0 and negative == "paren" else text


def cells(spec: Sequence[Sequence]) -> list[list[Cell]]:
    """Header rows from a compact spec: each cell ``"text"`` or ``("text", colspan, rowspan)``."""
    return [[Cell(c) if isinstance(c, str) else Cell(c[0], colspan=c[1], rowspan=c[2]) for c in row]
            for row in spec]


@dataclass(frozen=True)
class Col:
    """A printed column: ``key`` is a role (no, code, code_1..3, name) or the measure slug the extract
    contract gives it; ``source`` the figure measure it prints (defaults to ``key``)."""

    key: str
    width: float
    source: str | None = None


CODE_KEYS = ("code", "code_1", "code_2", "code_3")
CODE_PARTS = {"code_1": (0, 3), "code_2": (3, 5), "code_3": (5, 7)}


@dataclass
class Style:
    """How a variant prints its tables (everything a region does differently lives here)."""

    unit: str
    thousands: bool
    repeat_header: bool = True
    total_first: bool = True
    total_span: bool = False  # the 合计 label spans the code and name columns
    indent: str = ""  # printed before a name once per level below the 类 (e.g. "　")
    zero: str = ""  # printed for a zero amount in a table with figures ("" = blank, or "0.00")
    total_label: str = "合计"
    size: float = 8.0
    leading: float = 10.0
    min_row: float = 16.0
    decimals: int = 2  # 0: whole numbers (万元 tables of some counties)
    negative: str = "minus"  # minus (-1,234.00) | paren (（1,234.00）)
    blank: str = ""  # printed in a blank amount cell of a coded table (e.g. "—"; never an amount)
    grouped_codes: bool = False  # 类/款 parts printed only on the first row of their group (Excel outline)
    own_digits: bool = False  # one code column printing each level's own digits (201 / 03 / 01)
    landscape: bool = False  # landscape A4 pages
    rotated: bool = False  # landscape pages written as portrait pages with /Rotate 90
    rules: str = "all"  # how tables are ruled by default: all | rows | none

    def show(self, yuan: Decimal | None, unit: str | None = None) -> str:
        return printed(yuan, unit or self.unit, self.thousands, self.decimals, self.negative)


class Writer:
    """Lays a variant out page by page and records where every expected row lands."""

    def __init__(self, style: Style):
        self.style = style
        self.pb = PageBuilder(landscape(A4) if style.landscape else A4, rotated=style.rotated)
        self.tables: dict[str, ExpectedTable] = {}
        self.toc_page: int | None = None
        self.titles: list[tuple[str, int]] = []

    # -- page furniture -----------------------------------------------------------------------------
    def cover(self, lines: Sequence[tuple[str, float, float]]) -> None:
        """A cover page: ``(text, size, gap below)`` lines, centred."""
        self.pb.new_page()
        self.pb.skip(180)
        for text, size, gap in lines:
            self.pb.line(text, size, "center", gap=gap)

    def prose(self, heading: str, paragraphs: Sequence[str]) -> None:
        self.pb.new_page()
        self.pb.skip(6)
        self.pb.line(heading, 14.0, "center", gap=14)
        for p in paragraphs:
            self.pb.paragraph(p)

    def contents(self) -> None:
        """Reserve a page for the 目录; :meth:`fill_contents` writes it once every page is known."""
        self.pb.new_page()
        self.toc_page = self.pb.page

    def fill_contents(self) -> None:
        from budget_lod.sample.layout import MARGIN_X, text_width

        PAGE_W, PAGE_H = self.pb.page_w, self.pb.page_h
        y = PAGE_H - 90
        self.pb.text(PAGE_W / 2, y, "目  录", 18, "center", page=self.toc_page)
        y -= 40
        for n, (title, page) in enumerate(self.titles, 1):
            entry, num, right = f"{n}．{title}", str(page), PAGE_W - MARGIN_X - 20
            self.pb.text(MARGIN_X + 20, y, entry, 11, page=self.toc_page)
            start = MARGIN_X + 24 + text_width(entry, 11)
            dots = "…" * max(2, int((right - text_width(num, 11) - 4 - start) / text_width("…", 11)))
            self.pb.text(start, y, dots, 11, page=self.toc_page)
            self.pb.text(right, y, num, 11, "right", page=self.toc_page)
            y -= 21

    def table_page(self, above: Sequence[str], title: str, header: Sequence[str] | None,
                   new_page: bool = True, in_grid: bool = False) -> None:
        """Lines above the title (left), the title (centred; a ``\n`` breaks it over two lines), the header
        line (spread) — on a new page, or below what the current page already holds. ``in_grid``: the title
        and the header line are the grid's first rows (printed by the caller)."""
        if new_page or not self.pb.pages:
            self.pb.new_page()
        else:
            self.pb.skip(24)
            self.pb.ensure(140)
        self.titles.append((title.replace("\n", ""), self.pb.page))
        for s in above:
            self.pb.line(s, 10.0, "left", gap=2)
        self.pb.skip(4)
        if in_grid:
            return
        parts = title.split("\n")
        for i, part in enumerate(parts):
            self.pb.line(part, 15.0, "center", gap=10 if i == len(parts) - 1 else 3)
        if header:
            self.pb.spread(list(header), 9.0, gap=5.0)

    def note(self, text: str) -> None:
        self.pb.skip(6)
        self.pb.line(text, 9.0)

    # -- tables -------------------------------------------------------------------------------------
    def grid(self, widths: Sequence[float], head: list[list[Cell]], body: list[list[Cell]], *,
             breaks: Sequence[int] = (), split: Mapping[int, int] | None = None,
             repeat: bool | None = None, min_row: float | None = None, rules: str | None = None) -> list[int]:
        st = self.style
        repeat = st.repeat_header if repeat is None else repeat
        table = GridTable(widths=list(widths), head=head, body=body, repeat=head if repeat else None,
                          breaks_before=set(breaks), split_rows=dict(split or {}), size=st.size, leading=st.leading,
                          min_row=min_row or st.min_row, rules=rules or st.rules)
        return self.pb.table(table)

    def record(self, kind: str, title: str, unit: str, first_page: int,
               rows: Sequence[ExpectedRow | None], pages: Sequence[int], note: str | None = None) -> None:
        placed = tuple(ExpectedRow(r.scheme, r.code, r.name, r.amounts, p)
                       for r, p in zip(rows, pages) if r is not None and r.amounts)
        self.tables[kind] = ExpectedTable(kind, title, unit, placed,
                                          tuple(range(first_page, self.pb.page + 1)),
                                          empty=not placed, note=note)

    def coded(self, kind: str, title: str, scheme: str, lines: Sequence[Line], cols: Sequence[Col],
              head: list[list[Cell]], *, above: Sequence[str] = (), header: Sequence[str] | None = None,
              breaks: Sequence[int] = (), split: Mapping[str, int] | None = None, note: str | None = None,
              empty_text: str | None = None, repeat: bool | None = None, new_page: bool = True,
              zero: str | None = None, blank: str | None = None, rules: str | None = None,
              indent: str | None = None, code_indent: str = "", title_in_grid: bool = False) -> None:
        """A coded table (功能/经济分类): one body row per line that prints an amount in these columns.

        ``breaks`` are body-row indexes a page break comes before; ``split`` maps a code to the number of
        its wrapped lines printed before a page break (the rest of the row continues on the next page);
        ``zero`` (default: the style's) is printed for a zero amount, else the style's blank placeholder;
        ``indent`` (default: the style's) is printed before a name, ``code_indent`` before a code printing only
        its level's own digits, once per level below the 类; ``title_in_grid``: the title (its lines as broken)
        and the header line are the grid's first two rows, as a spreadsheet export prints them."""
        st = self.style
        indent = st.indent if indent is None else indent
        measures = [c for c in cols if c.key not in (*CODE_KEYS, "name", "no")]
        shown = [ln for ln in lines if any(ln.amounts.get(c.source or c.key) for c in measures)]
        if not st.total_first:
            shown = [*shown[1:], *shown[:1]]
        zero = (st.zero if zero is None else zero) if shown else ""
        if not shown:  # an empty table: its 合计 row printed blank
            shown = [Line("TOTAL", "合计", {})]
        body: list[list[Cell]] = []
        expected: list[ExpectedRow] = []
        for n, ln in enumerate(shown, 1):
            row: list[Cell] = []
            amounts: dict[str, Decimal] = {}
            skip = 0
            for i, c in enumerate(cols):
                if skip:
                    skip -= 1
                    continue
                if c.key == "no":
                    row.append(Cell(str(n)))
                elif ln.code == "TOTAL" and c.key in (*CODE_KEYS, "name"):
                    if st.total_span:
                        span = 1
                        while i + span < len(cols) and cols[i + span].key in (*CODE_KEYS, "name"):
                            span += 1
                        row.append(Cell(st.total_label, colspan=span))
                        skip = span - 1
                    else:
                        row.append(Cell(st.total_label if c.key == "name" else "", align="center"))
                elif c.key == "code" and st.own_digits:  # 201 / 03 / 01: the level's own digits
                    level = {3: 0, 5: 1, 7: 2}[len(ln.code)]
                    row.append(Cell(code_indent * level + (ln.code[-2:] if level else ln.code), align="left"))
                elif c.key == "code":
                    row.append(Cell(ln.code, align="left"))
                elif c.key in CODE_PARTS:
                    a, b = CODE_PARTS[c.key]
                    prev = shown[n - 2].code if n > 1 else ""
                    same_group = st.grouped_codes and len(ln.code) > b and prev[:b] == ln.code[:b]
                    row.append(Cell("" if same_group else ln.code[a:b], align="center"))
                elif c.key == "name":
                    level = {3: 0, 5: 1, 7: 2}.get(len(ln.code), 0)
                    row.append(Cell(indent * level + ln.name, align="left"))
                else:
                    v = ln.amounts.get(c.source or c.key)
                    row.append(Cell(st.show(v) or zero or (st.blank if blank is None else blank), align="right"))
                    if v or zero:
                        amounts[c.key] = v or Decimal(0)
            body.append(row)
            expected.append(ExpectedRow(scheme, ln.code, st.total_label if ln.code == "TOTAL" else ln.name,
                                        amounts, 0))
        self.table_page(above, title, header, new_page, in_grid=title_in_grid)
        if title_in_grid:
            n = len(cols)
            head = [[Cell(title, colspan=n)],
                    [Cell((header or [""])[0], colspan=n - 1, align="left"), Cell((header or [""])[-1], align="right")],
                    *head]
        first = self.pb.page
        split_at = {i: n for i, ln in enumerate(shown) for code, n in (split or {}).items() if ln.code == code}
        pages = self.grid([c.width for c in cols], head, body, breaks=breaks, split=split_at, repeat=repeat,
                          rules=rules)
        if empty_text:
            self.pb.skip(6)
            self.pb.line(empty_text, 9.0)
        elif note:
            self.note(note)
        self.record(kind, title, st.unit, first, expected, pages, note or empty_text)

    def summary(self, kind: str, title: str, income: Sequence[tuple], expenditure: Sequence[tuple],
                bottom: Sequence[tuple[tuple, tuple]], widths: Sequence[float], head: list[list[Cell]],
                income_measures: Sequence[str], expenditure_measures: Sequence[str], *,
                above: Sequence[str] = (), header: Sequence[str] | None = None, new_page: bool = True,
                rules: str | None = None) -> None:
        """A two-sided 收支 table. Side entries are ``(label, scheme, code, {measure: 元})``; ``bottom``
        pairs (income entry, expenditure entry) are printed after the longer side ends. A labelled entry
        prints the style's zero text where it has no amount."""
        st = self.style
        body: list[list[Cell]] = []
        rows: list[ExpectedRow] = []
        origin: list[int] = []  # body row of each expected row
        blank = ("", "item", "", {})
        pairs = [(i or blank, e or blank) for i, e in zip_longest(income, expenditure)] + list(bottom)
        for inc, exp in pairs:
            row: list[Cell] = []
            for (label, scheme, code, amounts), measures in ((inc, income_measures), (exp, expenditure_measures)):
                row.append(Cell(label, align="left"))
                got: dict[str, Decimal] = {}
                for m in measures:
                    v = amounts.get(m)
                    text = st.show(v) or (st.zero if label else "")
                    row.append(Cell(text, align="right"))
                    if text:
                        got[m] = v or Decimal(0)
                if got:
                    rows.append(ExpectedRow(scheme, code, label, got, 0))
                    origin.append(len(body))
            body.append(row)
        self.table_page(above, title, header, new_page)
        first = self.pb.page
        row_pages = self.grid(widths, head, body, rules=rules)
        self.record(kind, title, st.unit, first, rows, [row_pages[i] for i in origin])

    def three_public_row(self, title: str, figures: Figures, cols: Sequence[Col], head: list[list[Cell]], *,
                         unit: str, above: Sequence[str] = (), header: Sequence[str] | None = None,
                         new_page: bool = True, rules: str | None = None) -> None:
        """The “三公” table as one row of measures (code TOTAL)."""
        zero = self.style.zero
        values = {c.key: figures.three_public.get(c.source or c.key) for c in cols}
        body = [[Cell(self.style.show(values[c.key], unit) or zero or self.style.blank, align="right")
                 for c in cols]]
        self.table_page(above, title, header, new_page)
        first = self.pb.page
        pages = self.grid([c.width for c in cols], head, body, min_row=20.0, rules=rules)
        amounts = {k: v or Decimal(0) for k, v in values.items() if v or zero}
        self.record("three_public", title, unit, first, [ExpectedRow("item", "TOTAL", title, amounts, 0)], pages)

    def three_public_rows(self, title: str, figures: Figures, rows: Sequence[tuple[str, str]],
                          widths: Sequence[float], head: list[list[Cell]], *, unit: str,
                          above: Sequence[str] = (), header: Sequence[str] | None = None) -> None:
        """The “三公” table transposed: one printed row per measure ``(label, measure)``, one amount column
        (the expected table is one row, code TOTAL, whose measures are the printed rows)."""
        body = [[Cell(label, align="left"), Cell(self.style.show(figures.three_public.get(m), unit), align="right")]
                for label, m in rows]
        self.table_page(above, title, header)
        first = self.pb.page
        pages = self.grid(widths, head, body)
        amounts = {m: figures.three_public[m] for _, m in rows if figures.three_public.get(m)}
        page = min((p for (_, m), p in zip(rows, pages) if figures.three_public.get(m)), default=first)
        self.record("three_public", title, unit, first, [ExpectedRow("item", "TOTAL", title, amounts, 0)], [page])


# --- the variant record ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One unseen-layout disclosure: what it is, its figures and metadata, and how it is laid out.

    ``tables`` (the expected truth, pages included) and ``expected_amounts()`` come from laying it out.
    """

    name: str
    description: str
    department: str
    department_code: str | None
    region: str | None
    fiscal_year: int
    scope: str  # department | unit
    unit: str  # the unit most tables declare
    figures: Figures
    missing_tables: tuple[str, ...]
    layout: Callable[["Variant"], Writer] = field(repr=False, compare=False)
    expected_violations: tuple[ExpectedFinding, ...] = ()  # what validating it must report

    @cached_property
    def rendered(self) -> Rendered:
        w = self.layout(self)
        return Rendered(w.pb, dict(w.tables))

    @property
    def tables(self) -> Mapping[str, ExpectedTable]:
        return self.rendered.tables

    @property
    def page_count(self) -> int:
        return len(self.rendered.builder.pages)

    def expected_amounts(self) -> dict[tuple[str, str, str, str], tuple[Decimal, int]]:
        """``(table kind, scheme, code, measure) → (元, page)`` for every printed amount."""
        out: dict[tuple[str, str, str, str], tuple[Decimal, int]] = {}
        for t in self.tables.values():
            for r in t.rows:
                for m, v in r.amounts.items():
                    key = (t.kind, r.scheme, r.code, m)
                    if key in out:
                        raise ValueError(f"{self.name}: amount {key} printed twice")
                    out[key] = (v, r.page)
        return out


def write_variant(name: str, path: str | Path) -> Path:
    """Render the variant ``name`` (a key of :data:`VARIANTS`) to ``path`` (parents created); return it."""
    try:
        variant = VARIANTS[name]
    except KeyError:
        raise ValueError(f"unknown variant {name!r} (known: {', '.join(VARIANTS)})") from None
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    variant.rendered.builder.write(str(out), title=f"{variant.department}{variant.fiscal_year}年预算")
    return out


# --- helpers shared by the layouts --------------------------------------------------------------------


def _classes(fig: Figures, source: str, measures: Mapping[str, str], numerals: bool = True) -> list[tuple]:
    """Expenditure-side entries of a 收支 table: one per functional 类 with money in ``source``."""
    out = []
    for ln in fig.functional:
        if len(ln.code) == 3 and ln.amounts.get(source):
            label = f"{_numeral(len(out) + 1)}、{ln.name}" if numerals else ln.name
            out.append((label, "functional", ln.code, {slug: ln.amounts.get(src) for slug, src in measures.items()}))
    return out


def _numeral(n: int) -> str:
    digits = "一二三四五六七八九"
    return digits[n - 1] if n < 10 else ("十" + (digits[n - 11] if n > 10 else ""))


def _item(label: str, code: str, amount: Decimal | None, measure: str = "amount") -> tuple:
    return (label, "item", code, {measure: amount} if amount else {})


# --- the 财政拨款收支总表 most variants print the same way -------------------------------------------------------

_FA_CLASSES = {"total": "fiscal", "general_budget": "fiscal"}
_FA_HEAD = [[("收入", 2, 1), ("支出", 5, 1)],
            ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]]
_FA_SIDES = (["amount"], ["total", "general_budget", "government_fund", "state_capital"])


def _fa_income(fiscal):
    """The income side of a 财政拨款收支总表: only the general budget carries a figure."""
    return [_item("一、一般公共预算拨款", "income_general_budget", fiscal),
            _item("二、政府性基金预算拨款", "income_government_fund", None),
            _item("三、国有资本经营预算拨款", "income_state_capital", None)]


def _fa_grand_totals(fiscal):
    """The 收入总计 | 支出总计 line of a 财政拨款收支总表."""
    return [(_item("收入总计", "income_grand_total", fiscal),
             ("支出总计", "item", "expenditure_grand_total", {"total": fiscal, "general_budget": fiscal}))]


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
    exp = _classes(fig, "total", {"amount": "total"})
    w.summary("income_expenditure_summary", f"{y}年单位财务收支预算总表", income, exp,
              [(_item("收入总计", "income_grand_total", fig.total("total")),
                _item("支出总计", "expenditure_grand_total", fig.total("total")))],
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
    fa_income = [_item("一、一般公共预算资金", "income_general_budget", fig.total("fiscal")),
                 _item("二、政府性基金", "income_government_fund", None),
                 _item("三、国有资本经营预算", "income_state_capital", None)]
    fa_exp = _classes(fig, "fiscal", _FA_CLASSES)
    w.summary("fiscal_appropriation_summary", f"{y}年单位财政拨款收支预算总表", fa_income, fa_exp,
              [(_item("收入总计", "income_grand_total", fig.total("fiscal")),
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
    return [_item("一、财政拨款收入", "income_fiscal_appropriation", fig.total("fiscal")),
            _item("1. 一般公共预算资金", "income_general_budget", fig.total("fiscal")),
            _item("2. 政府性基金", "income_government_fund", None),
            _item("3. 国有资本经营预算", "income_state_capital", None),
            _item("二、事业收入", "income_business", None),
            _item("三、事业单位经营收入", "income_operating", None),
            _item("四、其他收入", "income_other", fig.total("other"))]


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
    income = [_item("一、一般公共预算拨款收入", "income_general_budget", fiscal),
              _item("二、政府性基金预算拨款收入", "income_government_fund", None),
              _item("三、国有资本经营预算拨款收入", "income_state_capital", None),
              _item("四、财政专户管理资金收入", "income_special_account", None),
              _item("五、单位资金", "income_unit_funds", fig.total("other"))]
    bottom = [(_item("本年收入合计", "income_total", total), _item("本年支出合计", "expenditure_total", total)),
              (_item("上年结转结余", "carryover", None), _item("年终结转结余", "expenditure_carryover", None)),
              (_item("收入总计", "income_grand_total", total), _item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", "部门收支总表", income,
              _classes(fig, "total", {"amount": "total"}), bottom, [160, 80, 175, 80],
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
    fa_income = _fa_income(fiscal)
    fa_bottom = [(_item("本年收入合计", "income_total", fiscal),
                  ("本年支出合计", "item", "expenditure_total", {"total": fiscal, "general_budget": fiscal})),
                 (_item("上年结转结余", "carryover", None), _item("年终结转结余", "expenditure_carryover", None)),
                 (_item("收入总计", "income_grand_total", fiscal),
                  ("支出总计", "item", "expenditure_grand_total", {"total": fiscal, "general_budget": fiscal}))]
    w.summary("fiscal_appropriation_summary", "财政拨款收支总表", fa_income,
              _classes(fig, "fiscal", _FA_CLASSES), fa_bottom,
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
    income = [_item("一、一般公共预算拨款收入", "income_general_budget", fiscal),
              _item("二、政府性基金预算拨款收入", "income_government_fund", None),
              _item("三、国有资本经营预算拨款收入", "income_state_capital", None),
              _item("四、事业收入", "income_business", None),
              _item("五、其他收入", "income_other", other)]
    bottom = [(_item("本年收入合计", "income_total", total), _item("本年支出合计", "expenditure_total", total)),
              (_item("收入总计", "income_grand_total", total), _item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", "部门预算收支总表", income,
              _classes(fig, "total", {"amount": "total"}), bottom, [160, 80, 175, 80],
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
    fa_income = _fa_income(fiscal)
    fa_bottom = _fa_grand_totals(fiscal)
    w.summary("fiscal_appropriation_summary", "部门预算财政拨款收支总表", fa_income,
              _classes(fig, "fiscal", _FA_CLASSES), fa_bottom,
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
    income = [_item("一、一般公共预算拨款收入", "income_general_budget", fig.total("fiscal")),
              _item("二、政府性基金预算拨款收入", "income_government_fund", None),
              _item("三、其他收入", "income_other", fig.total("other"))]
    bottom = [(_item("收入总计", "income_grand_total", total), _item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", f"{y}年部门收支总表", income,
              _classes(fig, "total", {"amount": "total"}), bottom, [160, 80, 175, 80],
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
_V5_ECONOMIC = ("30101", "30102", "30103", "30108", "30109", "30110", "30113", "30201", "30207", "30211",
                "30213", "30231", "30299")


def _layout_compact(v: Variant) -> Writer:
    fig, y, dept = v.figures, v.fiscal_year, v.department
    w = Writer(Style(unit="万元", thousands=False, repeat_header=True, total_first=True, total_span=True,
                     zero="0.00", total_label="总计"))
    line = [f"编制单位：{dept}", "", "单位：万元"]
    w.cover([(f"{dept}{y}年部门预算", 22, 30), (f"编制单位：{dept}", 14, 10)])
    w.contents()
    total, fiscal = fig.total("total"), fig.total("fiscal")
    income = [_item("一、一般公共预算拨款收入", "income_general_budget", fiscal),
              _item("二、政府性基金预算拨款收入", "income_government_fund", None),
              _item("三、国有资本经营预算拨款收入", "income_state_capital", None),
              _item("四、事业收入", "income_business", None),
              _item("五、其他收入", "income_other", fig.total("other"))]
    bottom = [(_item("收入总计", "income_grand_total", total), _item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", f"{y}年部门收支总表", income,
              _classes(fig, "total", {"amount": "total"}), bottom, [160, 80, 175, 80],
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
    fa_income = _fa_income(fiscal)
    fa_bottom = _fa_grand_totals(fiscal)
    w.summary("fiscal_appropriation_summary", f"{y}年部门财政拨款收支总表", fa_income,
              _classes(fig, "fiscal", _FA_CLASSES), fa_bottom,
              [110, 56, 130, 56, 56, 50, 52],
              cells(_FA_HEAD), *_FA_SIDES, header=line, rules="all")
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


# --- variant 6: 基本支出 split into 小计 / 人员经费 / 公用经费 columns of the functional tables ---------------------

_V6_FUNCTIONAL = ("2010101", "2010102", "2010108", "2080501", "2080505", "2080506", "2101101", "2101103",
                  "2210201", "2210203")
_V6_ECONOMIC = ("30101", "30102", "30103", "30108", "30109", "30110", "30112", "30113", "30199", "30301",
                "30302", "30201", "30202", "30207", "30211", "30215", "30216", "30217", "30228", "30299")


def _layout_basic_split(v: Variant, rules: str = "all") -> Writer:
    """``rules``: how every table but the 财政拨款收支总表 is ruled (``none``: 基本支出 printed centred over its
    小计 / 人员经费 / 公用经费 columns with no ruling to say which columns it spans)."""
    fig, y, dept = v.figures, v.fiscal_year, v.department
    w = Writer(Style(unit="元", thousands=True, repeat_header=True, total_first=True, total_span=True, rules=rules))
    line = [f"编制单位：{dept}", "", "单位：元"]
    w.cover([(f"{dept}", 24, 22), (f"{y}年部门预算", 24, 10)])
    total, fiscal = fig.total("total"), fig.total("fiscal")
    income = [_item("一、一般公共预算拨款收入", "income_general_budget", fiscal),
              _item("二、政府性基金预算拨款收入", "income_government_fund", None),
              _item("三、国有资本经营预算拨款收入", "income_state_capital", None),
              _item("四、其他收入", "income_other", fig.total("other"))]
    bottom = [(_item("收入总计", "income_grand_total", total), _item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", f"{y}年部门收支总表", income,
              _classes(fig, "total", {"amount": "total"}), bottom, [160, 80, 175, 80],
              cells([[("收入", 2, 1), ("支出", 2, 1)], ["项目", "预算数", "项目", "预算数"]]),
              ["amount"], ["amount"], header=line)
    code_cols = [Col("code", 50), Col("name", 140)]
    w.coded("income_summary", f"{y}年部门收入总表", "functional", fig.functional,
            [*code_cols, Col("total", 80), Col("fiscal_appropriation", 80, "fiscal"), Col("other_income", 80, "other")],
            cells([["科目编码", "科目名称", "合计", "财政拨款收入", "其他收入"]]), header=line)
    split_cols = [*code_cols, Col("total", 64), Col("basic", 64), Col("personnel", 60), Col("public", 60),
                  Col("project", 64)]
    split_head = cells([[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("基本支出", 3, 1), ("项目支出", 1, 2)],
                        ["小计", "人员经费", "公用经费"]])
    w.coded("expenditure_summary", f"{y}年部门支出总表", "functional", fig.functional, split_cols, split_head,
            header=line)
    fa_income = _fa_income(fiscal)
    fa_bottom = _fa_grand_totals(fiscal)
    w.summary("fiscal_appropriation_summary", f"{y}年部门财政拨款收支总表", fa_income,
              _classes(fig, "fiscal", _FA_CLASSES), fa_bottom,
              [110, 66, 130, 56, 56, 50, 52],
              cells(_FA_HEAD), *_FA_SIDES, header=line, rules="all")
    w.coded("general_budget_expenditure", f"{y}年一般公共预算支出表", "functional", fig.functional,
            [*code_cols, Col("total", 64, "fiscal"), Col("basic", 64), Col("personnel", 60), Col("public", 60),
             Col("project", 64, "fiscal_project")],
            split_head, header=line)
    w.coded("general_budget_basic_expenditure", f"{y}年一般公共预算基本支出表", "economic", fig.economic,
            [*code_cols, Col("total", 90), Col("personnel", 90), Col("public", 90)],
            cells([["科目编码", "科目名称", "合计", "人员经费", "公用经费"]]), header=line)
    for kind, what in (("government_fund_expenditure", "政府性基金"), ("state_capital_expenditure", "国有资本经营")):
        w.coded(kind, f"{y}年{what}预算支出表", "functional", fig.functional,
                [*code_cols, Col("total", 64, "none"), Col("basic", 64, "none"), Col("personnel", 60, "none"),
                 Col("public", 60, "none"), Col("project", 64, "none")],
                split_head, header=line, note=f"注：本部门{y}年无{what}预算财政拨款支出，本表为空表。")
    w.three_public_row(f"{y}年“三公”经费和机关运行经费预算表", fig,
                       [Col("total", 70), Col("overseas", 70), Col("vehicle_total", 64), Col("vehicle_purchase", 64),
                        Col("vehicle_operation", 64), Col("reception", 70), Col("admin_operating", 78)],
                       cells([[("合计", 1, 2), ("因公出国（境）费", 1, 2), ("公务用车购置及运行费", 3, 1),
                               ("公务接待费", 1, 2), ("机关运行经费", 1, 2)],
                              ["小计", "购置费", "运行费"]]),
                       unit="万元", header=[f"编制单位：{dept}", "", "单位：万元"])
    return w


# --- round 3: narrow 万元 figure columns printed without rulings ------------------------------------------


def _layout_unruled_narrow(v: Variant) -> Writer:
    """Every coded table printed without rulings, in 万元 with few digits: its figure columns are narrower than
    the header words above them, and a header centred over two or three of them (本年收入 over 一般公共预算拨款收入 |
    政府性基金预算拨款收入 | 其他收入, 基本支出 over 人员经费 | 公用经费, or over 小计 | 人员经费 | 公用经费) sits over
    no figure of its own. The 政府性基金 column is blank from top to bottom: only its header says it is there. The
    支出总表 goes on over a second page, its header repeated."""
    fig, y, dept = v.figures, v.fiscal_year, v.department
    w = Writer(Style(unit="万元", thousands=False, total_span=True, rules="none"))
    line = [f"编制单位：{dept}", "", "单位：万元"]
    w.cover([(dept, 24, 22), (f"{y}年部门预算", 24, 10)])
    total, fiscal = fig.total("total"), fig.total("fiscal")
    income = [_item("一、一般公共预算拨款收入", "income_general_budget", fiscal),
              _item("二、政府性基金预算拨款收入", "income_government_fund", None),
              _item("三、其他收入", "income_other", fig.total("other"))]
    bottom = [(_item("收入总计", "income_grand_total", total), _item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", f"{y}年部门收支总表", income,
              _classes(fig, "total", {"amount": "total"}), bottom, [160, 80, 175, 80],
              cells([[("收入", 2, 1), ("支出", 2, 1)], ["项目", "预算数", "项目", "预算数"]]),
              ["amount"], ["amount"], header=line, rules="all")
    code_cols = [Col("code", 48), Col("name", 150)]
    w.coded("income_summary", f"{y}年部门收入总表", "functional", fig.functional,
            [*code_cols, Col("total", 44), Col("general_budget", 96, "fiscal"), Col("government_fund", 96, "none"),
             Col("other_income", 44, "other")],
            cells([[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("本年收入", 3, 1)],
                   ["一般公共预算拨款收入", "政府性基金预算拨款收入", "其他收入"]]), header=line)
    split = cells([[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("基本支出", 2, 1), ("项目支出", 1, 2)],
                   ["人员经费", "公用经费"]])
    w.coded("expenditure_summary", f"{y}年部门支出总表", "functional", fig.functional,
            [*code_cols, Col("total", 44), Col("personnel", 38), Col("public", 38), Col("project", 44)], split,
            header=line, breaks=[9])
    w.summary("fiscal_appropriation_summary", f"{y}年部门财政拨款收支总表", _fa_income(fiscal),
              _classes(fig, "fiscal", _FA_CLASSES), _fa_grand_totals(fiscal), [110, 66, 130, 56, 56, 50, 52],
              cells(_FA_HEAD), *_FA_SIDES, header=line, rules="all")
    w.coded("general_budget_expenditure", f"{y}年一般公共预算支出表", "functional", fig.functional,
            [*code_cols, Col("total", 44, "fiscal"), Col("basic", 38), Col("personnel", 38), Col("public", 38),
             Col("project", 44, "fiscal_project")],
            cells([[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("基本支出", 3, 1), ("项目支出", 1, 2)],
                   ["小计", "人员经费", "公用经费"]]), header=line)
    w.coded("general_budget_basic_expenditure", f"{y}年一般公共预算基本支出表", "economic", fig.economic,
            [*code_cols, Col("total", 44), Col("personnel", 38), Col("public", 38)],
            cells([["科目编码", "科目名称", "合计", "人员经费", "公用经费"]]), header=line)
    for kind, what in (("government_fund_expenditure", "政府性基金"), ("state_capital_expenditure", "国有资本经营")):
        w.coded(kind, f"{y}年{what}预算支出表", "functional", fig.functional,
                [*code_cols, Col("total", 44, "none"), Col("personnel", 38, "none"), Col("public", 38, "none"),
                 Col("project", 44, "none")], split, header=line, rules="all",
                note=f"注：本部门{y}年无{what}预算财政拨款支出，本表为空表。")
    w.three_public_row(f"{y}年一般公共预算“三公”经费支出表", fig,
                       [Col("total", 80), Col("overseas", 80), Col("vehicle_total", 80), Col("vehicle_purchase", 80),
                        Col("vehicle_operation", 80), Col("reception", 80)],
                       cells([[("合计", 1, 2), ("因公出国（境）费", 1, 2), ("公务用车购置及运行费", 3, 1),
                               ("公务接待费", 1, 2)], ["小计", "公务用车购置费", "公务用车运行费"]]),
                       unit="万元", header=line, rules="all")
    return w


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
    income = [_item("一、一般公共预算拨款收入", "income_general_budget", fiscal),
              _item("二、政府性基金预算拨款收入", "income_government_fund", None),
              _item("三、国有资本经营预算拨款收入", "income_state_capital", None),
              _item("四、其他收入", "income_other", fig.total("other"))]
    bottom = [(_item("收入总计", "income_grand_total", total), _item("支出总计", "expenditure_grand_total", total))]
    w.summary("income_expenditure_summary", title("income_expenditure_summary"), income,
              _classes(fig, "total", {"amount": "total"}), bottom, [w_ * k for w_ in (160, 80, 175, 80)],
              cells([[("收入", 2, 1), ("支出", 2, 1)], ["项目", "预算数", "项目", "预算数"]]),
              ["amount"], ["amount"], **opts("income_expenditure_summary"))
    after("income_expenditure_summary")
    coded("income_summary", "functional", fig.functional,
          [("total", None, "合计"), ("general_budget", "fiscal", "一般公共预算拨款收入"),
           ("other_income", "other", "其他收入")])
    spending = [("total", None, "合计"), ("basic", None, "基本支出"), ("project", None, "项目支出")]
    coded("expenditure_summary", "functional", fig.functional, spending)
    fa_income = _fa_income(fiscal)
    fa_bottom = _fa_grand_totals(fiscal)
    w.summary("fiscal_appropriation_summary", title("fiscal_appropriation_summary"), fa_income,
              _classes(fig, "fiscal", _FA_CLASSES), fa_bottom,
              [w_ * k for w_ in (110, 60, 130, 56, 56, 50, 52)],
              cells(_FA_HEAD), *_FA_SIDES,
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


def _cross_tables(w: Writer, v: Variant) -> None:
    """Two non-standard tables of a 单位预算 classified both ways (支出功能分类 and 部门预算经济分类 code columns in
    one table): the 项目支出 by project, and a detailed 基本支出 whose title is the standard one's. Neither is a
    standard table: nothing in them is expected."""
    rng = random.Random(v.name)
    st, cat = w.style, _catalogue()
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
    return _tree(leaves, _catalogue()["functional"], (3, 5))


def _cross_basic(w: Writer, v: Variant, title: str, opts: Mapping) -> None:
    """The 一般公共预算基本支出表 printed classified both ways: rows by functional code (功能分类科目), columns by
    economic 类 (工资福利支出 | 商品和服务支出 | 对个人和家庭的补助) beside the 合计."""
    cols = [Col("code", 56), Col("name", 150), Col("total", 70),
            *(Col(slug, 80) for slug, _ in ECONOMIC_CLASS_COLUMNS)]
    head = cells([[("功能分类科目", 2, 1), ("合计", 1, 2), ("部门预算支出经济分类科目", 3, 1)],
                  ["科目编码", "科目名称", *(name for _, name in ECONOMIC_CLASS_COLUMNS)]])
    w.coded("general_budget_basic_expenditure", title, "functional", cross_lines(v.figures), cols, head, **opts)


# --- the registry ---------------------------------------------------------------------------------------

_YUAN = CENT
_WAN = CENT * UNIT_FACTORS["万元"]

VARIANTS: dict[str, Variant] = {
    v.name: v for v in (
        Variant(
            "shanghai_unit",
            "单位预算 of a Shanghai-like district: 元 with thousands separators, codes in 类/款/项 columns, no 序号, "
            "合计 last spanning the code columns, tables continued without the header repeated, one-row “三公” "
            "table in 万元 with 机关运行经费",
            "上海市静安区群众艺术馆", None, "上海市静安区", 2025, "unit", "元",
            make_figures(101, _V1_FUNCTIONAL, _V1_ECONOMIC, _YUAN, other_funded={"2070108": "part"},
                         three_public=("overseas", "vehicle_operation", "reception", "admin_operating")),
            (), _layout_shanghai_unit),
        Variant(
            "mof_wanyuan",
            "部门预算 in 万元 worded as the Ministry of Finance template (表1…表9, 科目代码/科目编码, 本年预算/小计, "
            "一般公共预算拨款收入, 单位资金), department as 部门名称：, year as 预算年度：2026年, unit as 金额单位：万元, "
            "codes in one wide column with indented names",
            "云岭市生态环境局", None, "云岭市", 2026, "department", "万元",
            make_figures(202, _V2_FUNCTIONAL, _V2_ECONOMIC, _WAN, other_funded={"2110302": "part"},
                         scale=(20_000, 6_000_000),
                         three_public=("vehicle_purchase", "vehicle_operation", "reception")),
            (), _layout_mof_wanyuan),
        Variant(
            "long_tables",
            "部门预算 in 元 without separators: functional tables three pages long, names wrapped over three lines "
            "in a narrow column, a row split across a page break, blank cells in the middle of rows (其他收入 "
            "filled, 事业收入 blank; a 项 funded by other income only)",
            "临溪县教育和体育局", "217", "临溪县", 2025, "department", "元",
            make_figures(303, _V3_FUNCTIONAL, _V3_ECONOMIC, _YUAN,
                         other_funded={"2050999": "all", "2050901": "part", "2050299": "part"}),
            (), _layout_long_tables),
        Variant(
            "missing_tables",
            "部门预算 in 万元 missing the 财政拨款收支总表 and the 国有资本经营预算 table; the 政府性基金 table declared "
            "empty by a sentence without 注： (本部门无政府性基金预算财政拨款支出，本表无数据); a two-column "
            "transposed “三公” table",
            "南湖县白沙镇人民政府", None, "南湖县", 2026, "department", "万元",
            make_figures(404, _V4_FUNCTIONAL, _V4_ECONOMIC, _WAN, other_funded={"2120104": "part"},
                         scale=(10_000, 3_000_000)),
            ("fiscal_appropriation_summary", "state_capital_expenditure"), _layout_missing,
            (ExpectedFinding("mandated-table", "the disclosure omits the mandated 财政拨款收支总表",
                             "fiscal_appropriation_summary"),
             ExpectedFinding("mandated-table", "the disclosure omits the mandated 国有资本经营预算支出表 (without "
                             "declaring it empty)", "state_capital_expenditure"))),
        Variant(
            "compact_county",
            "部门预算 in 万元 with zeros printed as 0.00 (a printed zero is an amount), 总计 for the total row, a 目录 "
            "with leader dots, the “三公” table on the page of the 基本支出 table, both empty fund tables on one page, "
            "财政拨款 split into 一般公共预算 / 政府性基金预算 columns of the 收入总表",
            "清江市水利局", None, "清江市", 2025, "department", "万元",
            make_figures(505, _V5_FUNCTIONAL, _V5_ECONOMIC, _WAN, other_funded={"2130335": "part"},
                         scale=(10_000, 5_000_000), three_public=("overseas", "vehicle_operation", "reception")),
            (), _layout_compact),
        Variant(
            "basic_split",
            "部门预算 in 元 whose functional tables split 基本支出 into 小计 / 人员经费 / 公用经费 columns; “三公” table "
            "in 万元 with a 机关运行经费 column",
            "东岭县人民政府办公室", None, "东岭县", 2025, "department", "元",
            make_figures(606, _V6_FUNCTIONAL, _V6_ECONOMIC, _YUAN, other_funded={"2010108": "part"},
                         three_public=("overseas", "vehicle_operation", "reception", "admin_operating")),
            (), _layout_basic_split),
        Variant(
            "unruled_split",
            "部门预算 in 元 laid out as basic_split but printed without rulings: two-level headers whose 基本支出 is "
            "centred over its 小计 / 人员经费 / 公用经费 columns (and 公务用车购置及运行费 over three), next to 合计 "
            "and 项目支出 centred down both header lines",
            "西岭县人民政府办公室", None, "西岭县", 2025, "department", "元",
            make_figures(1313, ("2010101", "2010102", "2010108", "2080505", "2080506", "2101101", "2101103",
                                "2210201"), _V6_ECONOMIC, _YUAN, other_funded={"2010108": "part"},
                         three_public=("overseas", "vehicle_operation", "reception", "admin_operating")),
            (), partial(_layout_basic_split, rules="none")),
        Variant(
            "landscape_wide",
            "部门预算 on landscape A4 pages written as portrait pages turned by /Rotate 90 (wide tables, every column "
            "widened), 元 with separators, the 一般公共预算 tables ruled by rows only / not at all; the department "
            "of an autonomous prefecture (region from the name: 某某自治州)",
            "红河谷自治州林业和草原局", None, "红河谷自治州", 2025, "department", "元",
            make_figures(707, ("2010101", "2010102", "2080505", "2080506", "2101101", "2130301", "2130314",
                               "2210201"), _V5_ECONOMIC, _YUAN, other_funded={"2130314": "part"}),
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
                         _V6_ECONOMIC, _YUAN, other_funded={"2120104": "part"}),
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
                               "2101103", "2210201", "2210203"), _V6_ECONOMIC, _WAN,
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
                         _V5_ECONOMIC, _YUAN, other_funded={"2010302": "negative", "2101102": "part"}),
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
                                "2130314", "2210201"), _V5_ECONOMIC, _WAN * 100,
                         other_funded={"2130302": "negative", "2130314": "part"}, scale=(10_000, 2_000_000),
                         three_public_quantum=_WAN * 100),
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
                         _V6_ECONOMIC, _YUAN, other_funded={"2050299": "part"}),
            (), partial(_layout_plain, look=Look(
                lambda: Style("元", True, total_span=True),
                titles={k: t.replace("部门", "单位") for k, t in _PLAIN_TITLES.items()} | {
                    "general_budget_basic_expenditure": "{y}年单位一般公共预算基本支出经济分类预算表"},
                extra={"three_public": _cross_tables}))),
        Variant(
            "unruled_narrow",
            "部门预算 in 万元 with few digits, the coded tables printed without rulings: figure columns narrower than "
            "their header words (一般公共预算拨款收入 over figures like 36.52), 本年收入 centred over three of them, "
            "基本支出 over 人员经费 | 公用经费 (no 小计) or over 小计 | 人员经费 | 公用经费, a 政府性基金 column blank "
            "from top to bottom, a two-page table with its header repeated",
            "东坪县审计局", None, "东坪县", 2026, "department", "万元",
            make_figures(1515, ("2010101", "2010102", "2010108", "2080505", "2080506", "2101101", "2101103",
                                "2210201"), _V6_ECONOMIC, _WAN, other_funded={"2010108": "part"},
                         scale=(2_000, 900_000)),
            (), _layout_unruled_narrow),
        Variant(
            "long_titles",
            "部门预算 whose titles carry the department name and are wrapped over three or four lines (部门 / 年度 / "
            "表名, the table name itself broken: …财政拨款 / 收支总表, …基本支出经济分类 / 预算表, “三公”经费 / "
            "支出预算表); two of them printed inside the grid's first row, over its 编制单位 / 单位 row",
            "西河县人力资源和社会保障局", None, "西河县", 2025, "department", "元",
            make_figures(1616, ("2010101", "2010102", "2080501", "2080505", "2080506", "2101101", "2210201"),
                         _V6_ECONOMIC, _YUAN, other_funded={"2010102": "part"}),
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
                                "2210201"), _V6_ECONOMIC, _YUAN, other_funded={"2010108": "part"}),
            (), partial(_layout_plain, look=Look(lambda: Style("元", True, total_span=True),
                                                 instead={"general_budget_basic_expenditure": _cross_basic}))),
        Variant(
            "cross_and_standard",
            "部门预算 in 元 printing, right after its 一般公共预算支出表, a 一般公共预算基本支出表 classified both ways "
            "(functional rows × economic 类 columns, more figures) and then the standard one by economic code under the "
            "same title: the standard one is the table of its kind",
            "南川县统计局", None, "南川县", 2025, "department", "元",
            make_figures(1818, ("2010101", "2010102", "2010301", "2010350", "2080505", "2080506", "2101101",
                                "2210201"), _V6_ECONOMIC, _YUAN, other_funded={"2010102": "part"}),
            (), partial(_layout_plain, look=Look(lambda: Style("元", True, total_span=True), extra={
                "general_budget_expenditure": lambda w, v: _cross_basic(
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
                                "2080506", "2101101", "2101103", "2120101", "2120104", "2210201"), _V6_ECONOMIC, _WAN,
                         other_funded={"2010108": "part", "2120104": "part"}, scale=(10_000, 4_000_000)),
            (), partial(_layout_plain, look=Look(
                lambda: Style("万元", False, own_digits=True, indent="　"),
                code_indent={"income_summary": "　", "general_budget_basic_expenditure": "　"},
                indent={"general_budget_expenditure": ""},
                breaks={"expenditure_summary": [5], "general_budget_expenditure": [6]}))),
    )
}
