"""A small page-layout engine for the sample PDF: wrapped CJK text, ruled grid tables, page breaks.

Everything is laid out first as drawing operations per page (so a table of contents can be filled in
once every page number is known), then painted with reportlab's canvas. The engine knows nothing about
budgets: :mod:`budget_lod.sample.render` feeds it cells and paragraphs.

Tables are grids of :class:`Cell` with column and row spans, drawn with ruled lines. A table that does
not fit continues on the next page with its ``repeat`` rows printed again; a row-spanning cell cut by a
page break keeps its text on the first page and leaves an empty ruled cell on the next, as spreadsheet
exports do. A row can be split across a page break after a number of its wrapped lines (``split_rows``).
Pages are portrait A4 unless the builder is given another size (landscape A4 for wide tables), and a page
can be given its own size (a landscape table among portrait pages); a table is ruled fully (``rules="all"``),
with row rules only (``"rows"``) or not at all (``"none"``). A cell can carry its own font size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"  # Adobe's CID font, built into every PDF reader: no font file is embedded
PAGE_W, PAGE_H = A4
MARGIN_X = 40.0
MARGIN_TOP = 48.0
MARGIN_BOTTOM = 56.0
FOOTER_Y = 30.0
EPS = 0.01

# line-breaking rules (禁则): characters that may not start / end a line
_NO_LINE_START = set("，。、；：？！）》」』】〕”’%,.;:)!?")
_NO_LINE_END = set("（《「『【〔“‘(")
_NUMBER_CHARS = set("0123456789.%")


def ensure_font() -> str:
    """Register the built-in CID font once; return its name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def text_width(text: str, size: float) -> float:
    """Printed width of ``text`` at ``size`` points."""
    return pdfmetrics.stringWidth(text, ensure_font(), size)


def wrap(text: str, width: float, size: float, keep_numbers: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width``, character by character (CJK style).

    Explicit newlines are kept. Opening brackets never end a line and closing punctuation never starts
    one. With ``keep_numbers`` a run of digits is not broken (prose); without it, it is (a 7-digit code
    in a narrow cell wraps as ``201030`` / ``1``, as in the printed disclosures).
    """
    lines: list[str] = []
    for para in text.split("\n"):
        cur = ""
        for ch in para:
            if not cur or text_width(cur + ch, size) <= width + EPS:
                cur += ch
                continue
            carry = 1 if ch in _NO_LINE_START or cur[-1] in _NO_LINE_END else 0
            if keep_numbers and (ch in _NUMBER_CHARS or (carry and cur[-1] in _NUMBER_CHARS)):
                carry = max(carry, len(cur) - len(cur.rstrip("0123456789.%")))
            if 0 < carry < len(cur):
                lines.append(cur[:-carry])
                cur = cur[-carry:] + ch
            else:
                lines.append(cur)
                cur = ch
        lines.append(cur)
    return lines


@dataclass
class Cell:
    """One table cell: text (or pre-broken ``lines``), spans and horizontal alignment."""

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    align: str = "center"  # left | center | right
    lines: list[str] | None = None
    size: float | None = None  # font size of this cell (default: the table's); its leading scales with it


@dataclass
class GridTable:
    """A ruled table on a column grid.

    ``head`` rows open the table, ``repeat`` rows open each continuation page, ``body`` rows carry the
    content. ``breaks_before`` forces a page break before a body row; ``split_rows`` maps a body row to
    the number of its lines printed before such a break (the rest continues on the next page).
    """

    widths: list[float]
    head: list[list[Cell]]
    body: list[list[Cell]]
    repeat: list[list[Cell]] | None = None
    breaks_before: set[int] = field(default_factory=set)
    split_rows: dict[int, int] = field(default_factory=dict)
    size: float = 8.0
    leading: float = 10.0
    pad: float = 3.0
    min_row: float = 16.0
    rules: str = "all"  # all (every cell boxed) | rows (horizontal rules only) | none


@dataclass
class _Placed:
    col: int
    row: int
    cell: Cell
    lines: list[str]


@dataclass
class _Grid:
    """Rows of a table resolved onto the column grid, with their heights."""

    cells: list[_Placed]
    heights: list[float]


def _leading(cell: Cell, table: GridTable) -> float:
    """Line height of a cell's text: the table's, scaled to the cell's own font size if it has one."""
    return table.leading if cell.size is None else table.leading * cell.size / table.size


def _place(rows: list[list[Cell]], table: GridTable) -> _Grid:
    """Put cells into grid slots (HTML table algorithm), wrap their text and size the rows."""
    ncols = len(table.widths)
    taken: set[tuple[int, int]] = set()
    placed: list[_Placed] = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c + cell.colspan > ncols:
                raise ValueError(f"row {r} overflows the {ncols} columns of the grid")
            width = sum(table.widths[c : c + cell.colspan]) - 2 * table.pad
            lines = cell.lines if cell.lines is not None else wrap(cell.text, width, cell.size or table.size)
            placed.append(_Placed(c, r, cell, lines if any(lines) else []))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    heights = [table.min_row] * len(rows)
    for p in placed:
        if p.cell.rowspan == 1:
            heights[p.row] = max(heights[p.row], len(p.lines) * _leading(p.cell, table) + 2 * table.pad)
    for p in placed:
        if p.cell.rowspan > 1:
            need = len(p.lines) * _leading(p.cell, table) + 2 * table.pad
            last = min(p.row + p.cell.rowspan, len(rows)) - 1
            have = sum(heights[p.row : last + 1])
            if need > have:
                heights[last] += need - have
    return _Grid(placed, heights)


def _split_body(table: GridTable) -> tuple[list[list[Cell]], set[int], list[int]]:
    """Apply ``split_rows``: a row becomes two rows (first lines / remaining lines), broken between.

    Returns the rows, the indexes a page break comes before, and each row's index in ``table.body``.
    """
    body: list[list[Cell]] = []
    breaks: set[int] = set()
    origin: list[int] = []
    for i, row in enumerate(table.body):
        if i in table.breaks_before:
            breaks.add(len(body))
        keep = table.split_rows.get(i)
        origin.append(i)
        if keep is None:
            body.append(row)
            continue
        origin.append(i)
        grid = _place([row], table)
        first = [Cell(colspan=p.cell.colspan, align=p.cell.align, lines=p.lines[:keep], size=p.cell.size)
                 for p in grid.cells]
        rest = [Cell(colspan=p.cell.colspan, align=p.cell.align, lines=p.lines[keep:], size=p.cell.size)
                for p in grid.cells]
        body.append(first)
        breaks.add(len(body))
        body.append(rest)
    return body, breaks, origin


class PageBuilder:
    """Collects drawing operations page by page, with a vertical cursor for flowing content."""

    def __init__(self, pagesize: tuple[float, float] = A4, rotated: bool = False) -> None:
        ensure_font()
        self.page_w, self.page_h = float(pagesize[0]), float(pagesize[1])
        self.rotated = rotated  # written as a portrait page turned by /Rotate 90 (as many exports do)
        self.pages: list[list[tuple]] = []
        self.sizes: list[tuple[float, float]] = []  # each page's (width, height)
        self.y = 0.0
        self.on_new_page = None  # optional callable run after an automatic page break

    # -- pages and cursor -------------------------------------------------------------------------
    @property
    def page(self) -> int:
        """Current 1-based page number."""
        return len(self.pages)

    def new_page(self, size: tuple[float, float] | None = None) -> None:
        """Start a new page with the cursor at the top margin: of ``size`` if given (a landscape page among
        portrait ones), else the size of the page before."""
        if size is not None:
            self.page_w, self.page_h = float(size[0]), float(size[1])
        self.pages.append([])
        self.sizes.append((self.page_w, self.page_h))
        self.y = self.page_h - MARGIN_TOP

    def room(self) -> float:
        """Vertical space left above the bottom margin."""
        return self.y - MARGIN_BOTTOM

    def ensure(self, height: float) -> None:
        """Break the page unless ``height`` points still fit."""
        if not self.pages or self.room() < height:
            self.new_page()

    # -- primitives ---------------------------------------------------------------------------------
    def text(self, x: float, y: float, s: str, size: float, align: str = "left", page: int | None = None) -> None:
        """Queue one line of text; ``x`` is the left edge, centre or right edge by ``align``."""
        w = text_width(s, size)
        x0 = {"left": x, "center": x - w / 2, "right": x - w}[align]
        self.pages[(page or self.page) - 1].append(("text", x0, y, s, size))

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        """Queue a ruled rectangle (``y`` is its bottom edge)."""
        self.pages[-1].append(("rect", x, y, w, h))

    def hline(self, x: float, y: float, w: float) -> None:
        """Queue a horizontal rule from ``x`` over ``w`` points at height ``y``."""
        self.pages[-1].append(("hline", x, y, w, 0.0))

    # -- flowing content ----------------------------------------------------------------------------
    def line(self, s: str, size: float, align: str = "left", gap: float = 4.0) -> None:
        """A single line of text at the cursor, left/centre/right within the margins."""
        self.ensure(size + gap)
        x = {"left": MARGIN_X, "center": self.page_w / 2, "right": self.page_w - MARGIN_X}[align]
        self.y -= size
        self.text(x, self.y, s, size, align)
        self.y -= gap

    def spread(self, parts: list[str], size: float, gap: float = 4.0) -> None:
        """One line with parts at the left edge, the centre and the right edge (the table header line)."""
        self.ensure(size + gap)
        self.y -= size
        for s, align, x in zip(parts, ("left", "center", "right"),
                               (MARGIN_X, self.page_w / 2, self.page_w - MARGIN_X)):
            if s:
                self.text(x, self.y, s, size, align)
        self.y -= gap

    def paragraph(self, s: str, size: float = 10.5, leading: float = 17.0, indent: int = 2) -> None:
        """A wrapped paragraph with a first-line indent of ``indent`` characters; flows over pages."""
        width = self.page_w - 2 * MARGIN_X
        lines = wrap("\u3000" * indent + s, width, size, keep_numbers=True)
        for ln in lines:
            self.ensure(leading)
            self.y -= leading
            self.text(MARGIN_X, self.y + (leading - size) / 2, ln, size)

    def skip(self, height: float) -> None:
        """Move the cursor down."""
        self.y -= height

    # -- tables -------------------------------------------------------------------------------------
    def table(self, table: GridTable, on_continue=None) -> list[int]:
        """Draw ``table`` at the cursor, continuing on new pages as needed.

        ``on_continue`` runs at the top of each continuation page (e.g. to print the header line)
        before the ``repeat`` rows. Returns, for each body row, the page where it starts.
        """
        body, breaks, origin = _split_body(table)
        row_pages = [0] * len(table.body)
        head = _place(table.head, table) if table.head else None
        repeat = _place(table.repeat, table) if table.repeat else None
        grid = _place(body, table)
        x0 = MARGIN_X + (self.page_w - 2 * MARGIN_X - sum(table.widths)) / 2
        if head is not None:
            self.ensure(sum(head.heights) + (grid.heights[0] if grid.heights else 0))
            self._draw_rows(head, 0, len(head.heights), x0, table)
        start = 0
        n = len(body)
        while start < n:
            end = start
            used = 0.0
            while end < n and (end == start or end not in breaks) and used + grid.heights[end] <= self.room() + EPS:
                used += grid.heights[end]
                end += 1
            if end == start:  # not even one row fits: new page and try again
                self._continue(on_continue, repeat, x0, table)
                continue
            self._draw_rows(grid, start, end, x0, table)
            for i in range(start, end):
                row_pages[origin[i]] = row_pages[origin[i]] or self.page
            start = end
            if start < n:
                self._continue(on_continue, repeat, x0, table)
        return row_pages

    def _continue(self, on_continue, repeat: _Grid | None, x0: float, table: GridTable) -> None:
        self.new_page()
        if on_continue is not None:
            on_continue()
        if repeat is not None:
            self._draw_rows(repeat, 0, len(repeat.heights), x0, table)

    def _draw_rows(self, grid: _Grid, start: int, end: int, x0: float, table: GridTable) -> None:
        """Draw rows ``start:end`` of ``grid`` at the cursor; cut row spans at both ends."""
        tops = [self.y]
        for h in grid.heights[start:end]:
            tops.append(tops[-1] - h)
        for p in grid.cells:
            first, last = p.row, p.row + p.cell.rowspan  # rows [first, last)
            if last <= start or first >= end:
                continue
            a, b = max(first, start), min(last, end)
            top, bottom = tops[a - start], tops[b - start]
            x = x0 + sum(table.widths[: p.col])
            w = sum(table.widths[p.col : p.col + p.cell.colspan])
            if table.rules == "all":
                self.rect(x, bottom, w, top - bottom)
            elif table.rules == "rows":
                self.hline(x, top, w)
                self.hline(x, bottom, w)
            if first < start or not p.lines:
                continue  # a span continued from the previous page keeps its text there
            self._cell_text(p, x, w, top, bottom, table)
        self.y = tops[-1]

    def _cell_text(self, p: _Placed, x: float, w: float, top: float, bottom: float, table: GridTable) -> None:
        size, leading = p.cell.size or table.size, _leading(p.cell, table)
        block = len(p.lines) * leading
        y = (top + bottom) / 2 + block / 2  # top of the text block, centred vertically
        for i, ln in enumerate(p.lines):
            base = y - (i + 1) * leading + (leading - size) / 2 + size * 0.14
            if p.cell.align == "left":
                self.text(x + table.pad, base, ln, size)
            elif p.cell.align == "right":
                self.text(x + w - table.pad, base, ln, size, "right")
            else:
                self.text(x + w / 2, base, ln, size, "center")

    # -- output -------------------------------------------------------------------------------------
    def write(self, path: str, title: str, footer_from: int = 2) -> None:
        """Paint every page to ``path`` (deterministic bytes); page numbers from page ``footer_from``."""
        def media(w: float, h: float) -> tuple[float, float]:
            return (h, w) if self.rotated else (w, h)

        current = media(*(self.sizes[0] if self.sizes else (self.page_w, self.page_h)))
        c = Canvas(path, pagesize=current, invariant=1, pageCompression=1)
        c.setTitle(title)
        c.setAuthor("budget-lod sample generator")
        c.setCreator("budget-lod")
        c.setLineWidth(0.5)
        for n, ops in enumerate(self.pages, start=1):
            page_w, page_h = self.sizes[n - 1]
            if media(page_w, page_h) != current:  # a page of another size or orientation
                current = media(page_w, page_h)
                c.setPageSize(current)
            if self.rotated:  # the page is displayed turned a quarter clockwise: draw the content turned back
                c.setPageRotation(90)
                c.translate(page_h, 0)
                c.rotate(90)
            c.setLineWidth(0.5)
            for op in ops:
                if op[0] == "text":
                    _, x, y, s, size = op
                    c.setFont(FONT, size)
                    c.drawString(x, y, s)
                elif op[0] == "hline":
                    _, x, y, w, _ = op
                    c.line(x, y, x + w, y)
                else:
                    _, x, y, w, h = op
                    c.rect(x, y, w, h, stroke=1, fill=0)
            if n >= footer_from:
                c.setFont(FONT, 9)
                c.drawCentredString(page_w / 2, FOOTER_Y, str(n))
            c.showPage()
        c.save()
