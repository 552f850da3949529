"""Printing a variant's tables onto pages while recording where every expected amount lands.

:class:`Style` says how a region prints (unit, separators, zeros, blanks, code columns, rulings, page
orientation); :class:`Writer` lays coded tables (功能/经济分类), two-sided 收支 tables and the “三公” table
out with the layout engine (:mod:`budget_lod.sample.layout`) and records each as an
:class:`~budget_lod.sample.truth.ExpectedTable` with the page of every row. :func:`printed` is the one place
an amount in 元 becomes printed text.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import zip_longest
from typing import Mapping, Sequence

from reportlab.lib.pagesizes import A4, landscape

from budget_lod.model.amounts import UNIT_FACTORS
from budget_lod.sample.layout import Cell, GridTable, PageBuilder
from budget_lod.sample.synthetic import Figures, Line
from budget_lod.sample.truth import MAIN, ExpectedClaim, ExpectedRow, ExpectedTable, PlantedFault, RenderedFile

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
    contract gives it; ``source`` the figure measure it prints (defaults to ``key``); ``phase`` the phase of its
    figures when it is not the document's own (a final-accounts column of 年初预算数: ``initial_budget``)."""

    key: str
    width: float
    source: str | None = None
    phase: str | None = None


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


_MISPRINT: ContextVar[Mapping[tuple[str, str, str], Decimal]] = ContextVar("misprint", default={})


@contextmanager
def misprinting(plan: Mapping[tuple[str, str, str], Decimal]):
    """Writers made inside the block misprint these rows ((table kind, code, measure) → 元 added): a layout
    that makes its own :class:`Writer` plants the faults without knowing of them."""
    token = _MISPRINT.set(dict(plan))
    try:
        yield
    finally:
        _MISPRINT.reset(token)


class Writer:
    """Lays a variant out page by page and records where every expected row lands."""

    def __init__(self, style: Style, pagesize: tuple[float, float] | None = None, role: str = MAIN):
        self.style = style
        size = pagesize or (landscape(A4) if style.landscape else A4)
        self.pb = PageBuilder(size, rotated=style.rotated)
        self.role = role  # the file this writer lays out (main, or the narrative of a two-file disclosure)
        self.footer_from = 2  # first page printing its page number
        self.files: dict[str, RenderedFile] = {}  # further files of the disclosure by role
        self.tables: dict[str, ExpectedTable] = {}
        self.claims: list[ExpectedClaim] = []
        self.faults: list[PlantedFault] = []
        # (kind, code, measure) → amount added to what the row prints (a planted fault); see :func:`misprinting`
        self.misprint: dict[tuple[str, str, str], Decimal] = dict(_MISPRINT.get())
        self.toc_page: int | None = None
        self.titles: list[tuple[str, int]] = []

    @contextmanager
    def restyle(self, **changes):
        """Print what the block lays out in this style changed as given (e.g. ``thousands=False``)."""
        saved = self.style
        self.style = replace(saved, **changes)
        try:
            yield self.style
        finally:
            self.style = saved

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
                   new_page: bool = True, in_grid: bool = False, title_align: str = "center",
                   title_size: float = 15.0, keep: float = 140, pagesize: tuple[float, float] | None = None) -> None:
        """Lines above the title (left), the title (centred, or as ``title_align`` says; a ``\n`` breaks it
        over two lines), the header line (spread) — on a new page, or below what the current page already
        holds when ``keep`` points still fit (a new page is of ``pagesize`` if given). ``in_grid``: the title and
        the header line are the grid's first rows (printed by the caller)."""
        if new_page or not self.pb.pages or (pagesize and (self.pb.page_w, self.pb.page_h) != tuple(pagesize)):
            self.pb.new_page(pagesize)
        else:
            self.pb.skip(24)
            self.pb.ensure(keep)
        self.titles.append((title.replace("\n", ""), self.pb.page))
        for s in above:
            self.pb.line(s, 10.0, "left", gap=2)
        self.pb.skip(4)
        if in_grid:
            return
        parts = title.split("\n")
        for i, part in enumerate(parts):
            self.pb.line(part, title_size, title_align, gap=10 if i == len(parts) - 1 else 3)
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
               rows: Sequence[ExpectedRow | None], pages: Sequence[int], note: str | None = None,
               number: str | None = None) -> ExpectedTable:
        placed = tuple(ExpectedRow(r.scheme, r.code, r.name, r.amounts, p, r.detail, r.phases)
                       for r, p in zip(rows, pages) if r is not None and (r.amounts or r.phases))
        table = ExpectedTable(kind, title, unit, placed, tuple(range(first_page, self.pb.page + 1)),
                              empty=not placed, note=note, number=number, file=self.role)
        self.tables[kind] = table
        return table

    def coded(self, kind: str, title: str, scheme: str, lines: Sequence[Line], cols: Sequence[Col],
              head: list[list[Cell]], *, above: Sequence[str] = (), header: Sequence[str] | None = None,
              breaks: Sequence[int] = (), split: Mapping[str, int] | None = None, note: str | None = None,
              empty_text: str | None = None, repeat: bool | None = None, new_page: bool = True,
              zero: str | None = None, blank: str | None = None, rules: str | None = None,
              indent: str | None = None, code_indent: str = "", title_in_grid: bool = False,
              pagesize: tuple[float, float] | None = None) -> None:
        """A coded table (功能/经济分类): one body row per line that prints an amount in these columns.

        ``breaks`` are body-row indexes a page break comes before; ``split`` maps a code to the number of
        its wrapped lines printed before a page break (the rest of the row continues on the next page);
        ``zero`` (default: the style's) is printed for a zero amount, else the style's blank placeholder;
        ``indent`` (default: the style's) is printed before a name, ``code_indent`` before a code printing only
        its level's own digits, once per level below the 类; ``title_in_grid``: the title (its lines as broken)
        and the header line are the grid's first two rows, as a spreadsheet export prints them; ``pagesize``: the
        new page's size (a landscape table among portrait pages). A column of another ``phase`` records its
        figures in the row's ``phases``."""
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
        wrong: list[tuple[int, str, str, Decimal, Decimal]] = []  # (row, code, measure, printed, right)
        for n, ln in enumerate(shown, 1):
            row: list[Cell] = []
            amounts: dict[str, Decimal] = {}
            phases: dict[str, dict[str, Decimal]] = {}
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
                    slot = c.key if c.phase is None else f"{c.key}@{c.phase}"  # misprint plans name a phase so
                    if v and (kind, ln.code, slot) in self.misprint:  # a planted fault: the row misprinted
                        wrong.append((n - 1, ln.code, slot, v + self.misprint[kind, ln.code, slot], v))
                        v = wrong[-1][3]
                    row.append(Cell(st.show(v) or zero or (st.blank if blank is None else blank), align="right"))
                    if v or zero:
                        (amounts if c.phase is None else phases.setdefault(c.phase, {}))[c.key] = v or Decimal(0)
            body.append(row)
            expected.append(ExpectedRow(scheme, ln.code, st.total_label if ln.code == "TOTAL" else ln.name,
                                        amounts, 0, phases=phases))
        self.table_page(above, title, header, new_page, in_grid=title_in_grid, pagesize=pagesize)
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
        for i, code, measure, printed_, right in wrong:
            self.planted(kind, scheme, code, measure, printed_, right, pages[i])

    def planted(self, kind: str, scheme: str, code: str, measure: str, printed_: Decimal, right: Decimal,
                page: int) -> None:
        """Record a parent row printed with an amount its children do not add up to (a planted fault); a
        ``measure@phase`` names a figure of another phase than the document's own."""
        measure, _, phase = measure.partition("@")
        self.faults.append(PlantedFault("parent_vs_children", kind, scheme, code, measure, printed_, right, page,
                                        self.role, phase=phase or None))

    def summary(self, kind: str, title: str, income: Sequence[tuple], expenditure: Sequence[tuple],
                bottom: Sequence[tuple[tuple, tuple]], widths: Sequence[float], head: list[list[Cell]],
                income_measures: Sequence[str], expenditure_measures: Sequence[str], *,
                above: Sequence[str] = (), header: Sequence[str] | None = None, new_page: bool = True,
                rules: str | None = None, pagesize: tuple[float, float] | None = None) -> None:
        """A two-sided 收支 table. Side entries are ``(label, scheme, code, {measure: 元})``; ``bottom``
        pairs (income entry, expenditure entry) are printed after the longer side ends. A labelled entry
        prints the style's zero text where it has no amount. ``pagesize``: the new page's size."""
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
        self.table_page(above, title, header, new_page, pagesize=pagesize)
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


# --- helpers shared by the layouts --------------------------------------------------------------------


def classes(fig: Figures, source: str, measures: Mapping[str, str], numerals: bool = True) -> list[tuple]:
    """Expenditure-side entries of a 收支 table: one per functional 类 with money in ``source``."""
    out = []
    for ln in fig.functional:
        if len(ln.code) == 3 and ln.amounts.get(source):
            label = f"{numeral(len(out) + 1)}、{ln.name}" if numerals else ln.name
            out.append((label, "functional", ln.code, {slug: ln.amounts.get(src) for slug, src in measures.items()}))
    return out


def numeral(n: int) -> str:
    """一 … 九十九: the Chinese numeral of ``n`` (1–99) that numbers a list entry."""
    digits = "一二三四五六七八九"
    if n < 10:
        return digits[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens - 1]) + "十" + (digits[ones - 1] if ones else "")


def item(label: str, code: str, amount: Decimal | None, measure: str = "amount") -> tuple:
    """A labelled side entry of a 收支 table (scheme ``item``): ``(label, "item", code, {measure: 元})``."""
    return (label, "item", code, {measure: amount} if amount else {})
