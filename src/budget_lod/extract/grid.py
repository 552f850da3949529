"""A ruled table on one page as a grid of cells with their text, built from the page's one char pass.

pdfplumber finds the cells (bounding boxes from the ruling lines); each character of the page is then put
into the cell holding its centre — one pass over the characters, no per-cell cropping — and a cell's text
is its characters in reading order, one line per visual line. A merged cell spans several grid rows or
columns; :meth:`Grid.cell_at` answers which cell covers a grid position.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Sequence
from weakref import WeakKeyDictionary

_EPS = 1.0


@dataclass
class Cell:
    """One drawn cell: its grid span (end exclusive), bounding box and text (lines joined by ``\\n``)."""

    row0: int
    row1: int
    col0: int
    col1: int
    bbox: tuple[float, float, float, float]
    chars: list[dict[str, Any]] = field(default_factory=list, repr=False)
    _text: str | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = _cell_text(self.chars)
        return self._text

    @property
    def lines(self) -> list[str]:
        return [ln for ln in self.text.split("\n") if ln.strip()]

    @property
    def left(self) -> float:
        """Where the cell's first visual line of text starts (an indented name or code starts further right);
        the cell's left edge when its characters are unknown."""
        if not self.chars:
            return self.bbox[0]
        top = min(ch["top"] for ch in self.chars)
        return min(ch["x0"] for ch in self.chars if ch["top"] - top <= 2.0)


@dataclass
class Grid:
    """A table on one page: column and row boundaries, the cells, and which cell covers each position."""

    page: int
    bbox: tuple[float, float, float, float]
    xs: list[float]  # column left edges, then the right edge of the last column
    ys: list[float]  # row top edges, then the bottom edge of the last row
    cells: list[Cell]
    owner: list[list[Cell | None]]

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def cell_at(self, row: int, col: int) -> Cell | None:
        return self.owner[row][col]

    def text_at(self, row: int, col: int) -> str:
        c = self.owner[row][col]
        return c.text if c is not None else ""

    def row_cells(self, row: int) -> list[Cell]:
        """The distinct cells that start in ``row``, left to right."""
        seen: list[Cell] = []
        for c in self.owner[row]:
            if c is not None and c.row0 == row and (not seen or seen[-1] is not c):
                seen.append(c)
        return seen


def split_grid(grid: Grid, row: int) -> tuple[Grid, Grid]:
    """The grid cut above ``row`` into two grids (two tables drawn touching each other, the second's title a
    full-width row of the one ruled grid). A cell spanning the cut is kept in the upper grid."""
    new: dict[int, Cell] = {}  # the page's grids are shared (cached): the parts get cells of their own
    for c in grid.cells:
        r0, r1 = (c.row0, min(c.row1, row)) if c.row0 < row else (c.row0 - row, c.row1 - row)
        new[id(c)] = Cell(r0, r1, c.col0, c.col1, c.bbox, c.chars, c._text)

    def part(rows: range, first: int) -> list[list[Cell | None]]:
        return [[new[id(c)] if c is not None and (c.row0 < row) == (first == 0) else None for c in grid.owner[r]]
                for r in rows]

    y = grid.ys[row]
    upper = Grid(grid.page, (grid.bbox[0], grid.bbox[1], grid.bbox[2], y), list(grid.xs), grid.ys[:row + 1],
                 [new[id(c)] for c in grid.cells if c.row0 < row], part(range(row), 0))
    lower = Grid(grid.page, (grid.bbox[0], y, grid.bbox[2], grid.bbox[3]), list(grid.xs), grid.ys[row:],
                 [new[id(c)] for c in grid.cells if c.row0 >= row], part(range(row, grid.n_rows), row))
    return _compact(upper), _compact(lower)


def _compact(grid: Grid) -> Grid:
    """The grid with only the column edges its own cells have (the part of a cut grid keeps none of the
    other part's columns), its outer edges those of its cells."""
    if not grid.cells:
        return grid
    keep = sorted({c.col0 for c in grid.cells} | {c.col1 for c in grid.cells})
    if keep == list(range(grid.n_cols + 1)):
        return grid
    index = {old: new for new, old in enumerate(keep)}
    for c in grid.cells:
        c.col0, c.col1 = index[c.col0], index[c.col1]
    xs = [grid.xs[k] for k in keep]
    owner: list[list[Cell | None]] = [[None] * (len(xs) - 1) for _ in range(grid.n_rows)]
    for c in grid.cells:
        for r in range(c.row0, c.row1):
            for col in range(c.col0, c.col1):
                owner[r][col] = c
    return Grid(grid.page, (xs[0], grid.bbox[1], xs[-1], grid.bbox[3]), xs, grid.ys, grid.cells, owner)


def _index(edges: Sequence[float], value: float) -> int:
    """Index of the interval of ``edges`` (sorted lefts/tops) that ``value`` falls in."""
    return max(0, bisect_right(edges, value + _EPS) - 1)


def build_grid(table: Any, chars: Sequence[dict[str, Any]], page: int) -> Grid | None:
    """A :class:`Grid` for one pdfplumber ``Table`` of a page, its cells filled from ``chars``."""
    boxes = _without_overhang([tuple(map(float, c)) for c in table.cells])
    if not boxes:
        return None
    xs = _cluster(sorted({b[0] for b in boxes}))
    ys = _cluster(sorted({b[1] for b in boxes}))
    x_end, y_end = max(b[2] for b in boxes), max(b[3] for b in boxes)
    xs.append(x_end)
    ys.append(y_end)
    owner: list[list[Cell | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    cells: list[Cell] = []
    for b in boxes:
        c0, r0 = _index(xs, b[0]), _index(ys, b[1])
        c1 = max(c0 + 1, _index(xs, b[2] - 2 * _EPS) + 1)
        r1 = max(r0 + 1, _index(ys, b[3] - 2 * _EPS) + 1)
        cell = Cell(r0, r1, c0, c1, b)  # type: ignore[arg-type]
        cells.append(cell)
        for r in range(r0, min(r1, len(owner))):
            for c in range(c0, min(c1, len(owner[r]))):
                owner[r][c] = cell
    x0, top, x1, bottom = xs[0], ys[0], xs[-1], ys[-1]
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        if not ch.get("upright", True) or not ch["text"].strip():
            continue
        r = min(_index(ys, cy - _EPS), len(owner) - 1)
        c = min(_index(xs, cx - _EPS), len(owner[0]) - 1)
        cell = owner[r][c]
        if cell is not None:
            cell.chars.append(ch)
    bbox = (x0, top, x1, bottom)
    return Grid(page, bbox, xs, ys, cells, owner)


def _without_overhang(boxes: list[tuple[float, ...]]) -> list[tuple[float, ...]]:
    """Cell boxes with an overhang cut off: a title or caption cell drawn wider than the table under it (a
    spreadsheet's merged title row) makes a column at the edge that no cell of its own fills; the table's
    columns — and its next page's, which has no title — are those of its cells."""
    tops = _cluster(sorted({b[1] for b in boxes}))
    if len(tops) < 3:
        return boxes
    caption = tops[1] + _EPS  # boxes starting in the first two rows may be the title's and the caption's
    while len(boxes) > 1:
        xs = _cluster(sorted({b[0] for b in boxes}))
        ends = _cluster(sorted({b[2] for b in boxes}))
        if len(xs) < 2 or len(ends) < 2:
            break
        left = [b for b in boxes if b[0] < xs[1] - _EPS]
        right = [b for b in boxes if b[2] > ends[-2] + _EPS]
        if all(b[1] <= caption and b[2] > xs[1] + _EPS for b in left):  # only captions reach into column 0
            boxes = [(max(b[0], xs[1]), *b[1:]) for b in boxes]
        elif all(b[1] <= caption and b[0] < ends[-2] - _EPS for b in right):  # … or into the last column
            boxes = [(b[0], b[1], min(b[2], ends[-2]), b[3]) for b in boxes]
        else:
            break
    return boxes


def _cluster(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _visual_lines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and abs(ch["top"] - lines[-1][0]["top"]) <= max(2.0, 0.5 * (ch["bottom"] - ch["top"])):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return lines


def cell_lines(cell: Cell) -> list[tuple[str, float]]:
    """A cell's visual lines: (text, vertical middle), top to bottom."""
    return [(_cell_text(line), sum((c["top"] + c["bottom"]) / 2 for c in line) / len(line))
            for line in _visual_lines(cell.chars)]


def _cell_text(chars: list[dict[str, Any]]) -> str:
    """Characters in reading order: visual lines top to bottom, a space where a gap is wide."""
    if not chars:
        return ""
    out = []
    for line in _visual_lines(chars):
        line.sort(key=lambda c: c["x0"])
        parts = [line[0]["text"]]
        for prev, ch in zip(line, line[1:]):
            size = max(ch.get("size", 0) or (ch["bottom"] - ch["top"]), 1.0)
            if ch["text"] == prev["text"] and abs(ch["x0"] - prev["x0"]) < 0.25 * size:
                continue  # the same glyph printed twice, slightly offset (fake bold)
            if ch["x0"] - prev["x1"] > 0.4 * size:
                parts.append(" ")
            parts.append(ch["text"])
        out.append("".join(parts))
    return "\n".join(out)


_CACHE: "WeakKeyDictionary[Any, list[Grid]]" = WeakKeyDictionary()


def page_grids(view: Any) -> list[Grid]:
    """Every ruled table of a page (a :class:`~budget_lod.extract.pages.PageView`), top to bottom.

    Computed once per page view and shared by every caller (table and project extraction).
    """
    cached = _CACHE.get(view)
    if cached is not None:
        return cached
    grids = []
    chars = view.chars
    for t in view.ruled_tables:
        g = build_grid(t, chars, view.number)
        if g is not None:
            grids.append(g)
    grids.sort(key=lambda g: g.bbox[1])
    _CACHE[view] = grids
    return grids


def region_grid(view: Any, bbox: tuple[float, float, float, float], settings: dict[str, Any]) -> Grid | None:
    """The largest table pdfplumber finds with ``settings`` (e.g. text-aligned columns) inside ``bbox``."""
    x0, top, x1, bottom = bbox
    if bottom - top < 10:
        return None
    # not strict: on a page turned by /Rotate the displayed box (the text's) exceeds pdfplumber's unturned one
    region = view.page.crop((max(x0, 0), max(top, 0), min(x1, view.width), min(bottom, view.height)), strict=False)
    tables = region.find_tables(settings)
    if not tables:
        return None
    best = max(tables, key=lambda t: len(t.cells))
    return build_grid(best, view.chars, view.number)


def words_grid(view: Any, area: tuple[float, float, float, float], xs: list[float]) -> Grid | None:
    """A grid of the text lines inside ``area`` on the column edges ``xs``, without any ruling: one row per
    visual line, one cell per word — a word wider than its column (a header centred over several columns)
    spans every column it covers, a number stays in the column of its right edge (figures are right-aligned).
    Each cell's ``chars`` are its words (text and box), so its geometry is known.
    """
    lines = [ln for ln in view.lines if area[1] <= (ln.top + ln.bottom) / 2 <= area[3]]
    if not lines or len(xs) < 3:
        return None
    ys = [area[1], *((a.bottom + b.top) / 2 for a, b in zip(lines, lines[1:])), area[3]]
    n_cols = len(xs) - 1
    owner: list[list[Cell | None]] = [[None] * n_cols for _ in lines]
    cells: list[Cell] = []
    for r, line in enumerate(lines):
        for w in line.words:
            c0 = min(_index(xs, w["x0"] + 1.0), n_cols - 1)
            c1 = min(_index(xs, w["x1"] - 1.0), n_cols - 1)
            if _NUMERIC.match(w["text"]):
                c0 = c1
            elif c1 > c0 and owner[r][c0] is not None:
                c0 += 1  # a word reaching on into the next column, where the last word already took its first one
            cell = owner[r][c0]
            if cell is not None and cell.col0 == c0:  # two words in one cell: one text
                cell._text = f"{cell.text} {w['text']}"
                cell.chars.append({"text": w["text"], "x0": w["x0"], "x1": w["x1"], "top": w["top"],
                                   "bottom": w["bottom"]})
                continue
            word = {"text": w["text"], "x0": w["x0"], "x1": w["x1"], "top": w["top"], "bottom": w["bottom"]}
            cell = Cell(r, r + 1, c0, c1 + 1, (xs[c0], ys[r], xs[c1 + 1], ys[r + 1]), [word], _text=w["text"])
            cells.append(cell)
            for c in range(c0, c1 + 1):
                owner[r][c] = cell
    return Grid(view.number, (xs[0], ys[0], xs[-1], ys[-1]), list(xs), ys, cells, owner)


_NUMERIC = re.compile(r"^[(（]?[-−–]?[\d,]+(?:\.\d+)?[)）]?$")



def spread_centred(grid: Grid, n_header: int, tol: float = 6.0) -> None:
    """Unruled multi-level header: a header cell centred over the header cells of several columns below it
    (基本支出 over 小计 | 人员经费 | 公用经费) is printed inside one of them; it is made to span all of them,
    so it is a parent in each one's header path. Columns blank on its line, with header text below it, whose
    lower header text taken together is centred (within ``tol``) on it, are the ones it spans."""
    for r in range(max(0, n_header - 1)):
        for cell in list(grid.row_cells(r)):
            if not cell.chars or cell.col1 - cell.col0 != 1:
                continue
            centre = (min(ch["x0"] for ch in cell.chars) + max(ch["x1"] for ch in cell.chars)) / 2
            c = cell.col0

            def first(col: int) -> int | None:
                """The first header row under ``r`` with text in ``col`` alone."""
                return next((rr for rr in range(r + 1, n_header) for x in [grid.owner[rr][col]]
                             if x is not None and x.col0 == col and x.col1 == col + 1 and x.chars), None)

            def below(col: int) -> tuple[float, float]:
                chars = [ch for rr in range(r + 1, n_header) for x in [grid.owner[rr][col]]
                         if x is not None and x.col0 == col and x.col1 == col + 1 for ch in x.chars]
                return min(ch["x0"] for ch in chars), max(ch["x1"] for ch in chars)

            level = first(c)
            if level is None:
                continue

            def free(col: int) -> bool:  # blank on the parent's line, a child header on the children's line
                x = grid.owner[r][col]
                return (x is None or not x.chars) and first(col) == level
            best: tuple[float, int, int] | None = None
            a = c
            while True:
                b = c
                while True:
                    if b > a:
                        off = abs((below(a)[0] + below(b)[1]) / 2 - centre)
                        if off <= tol and (best is None or off < best[0]):
                            best = (off, a, b)
                    if b + 1 < grid.n_cols and free(b + 1):
                        b += 1
                    else:
                        break
                if a - 1 >= 0 and free(a - 1):
                    a -= 1
                else:
                    break
            if best is None:
                continue
            _, a, b = best
            for col in range(a, b + 1):
                x = grid.owner[r][col]
                if x is not None and x is not cell:
                    grid.cells.remove(x)
                grid.owner[r][col] = cell
            cell.col0, cell.col1 = a, b + 1
            cell.bbox = (grid.xs[a], cell.bbox[1], grid.xs[b + 1], cell.bbox[3])


def join_split_words(grid: Grid, n_header: int, gap: float = 1.5) -> None:
    """Unruled header: a word cut by a column edge (基本支出 centred over the edge between 人员经费 and 公用经费
    lands as 基本 | 支出) is one cell spanning both columns. Two cells of a header row are pieces of one word
    when each is one line of text on the same line and the gap between them is no wider than between the
    characters of a word (``gap`` points, the word-finding tolerance)."""
    for r in range(n_header):
        cells = grid.row_cells(r)
        i = 0
        while i + 1 < len(cells):
            a, b = cells[i], cells[i + 1]
            i += 1
            if not (a.chars and b.chars) or a.row1 - a.row0 != 1 or b.row1 - b.row0 != 1 or b.col0 != a.col1:
                continue
            if "\n" in a.text or "\n" in b.text:
                continue
            last = max(a.chars, key=lambda ch: ch["x1"])
            first = min(b.chars, key=lambda ch: ch["x0"])
            if abs(last["top"] - first["top"]) > 2.0 or first["x0"] - last["x1"] > gap:
                continue
            a.chars = a.chars + b.chars
            a._text = None
            a.col1 = b.col1
            a.bbox = (a.bbox[0], a.bbox[1], b.bbox[2], a.bbox[3])
            for c in range(b.col0, b.col1):
                grid.owner[r][c] = a
            grid.cells = [c for c in grid.cells if c is not b]
            del cells[i]
            i -= 1  # a may take the next piece too


@dataclass
class _Boxes:
    """Cell boxes in the shape :func:`build_grid` reads from a pdfplumber table."""

    cells: list[tuple[float, float, float, float]]


def grid_on(view: Any, xs: Sequence[float], ys: Sequence[float]) -> Grid | None:
    """A grid of one cell per column edge pair ``xs`` and row edge pair ``ys``, filled with the page's text: the
    columns of a table's first page imposed on a continuation page where a column has no text reaching its edge."""
    if len(xs) < 2 or len(ys) < 2:
        return None
    boxes = [(a, top, b, bottom) for top, bottom in zip(ys, ys[1:]) for a, b in zip(xs, xs[1:])]
    return build_grid(_Boxes(boxes), view.chars, view.number)


def join_wrapped_lines(grid: Grid, n_header: int) -> None:
    """Unruled header: a header cell's text wrapped onto the next line (因公出国（ / 境）费) lands in two grid rows
    of one column. Two cells of one column, each in that column alone, the lower starting right under the upper
    (less than half a line apart) with no other text between them, are one cell."""
    for c in range(grid.n_cols):
        r = 0
        while r < n_header:
            a = grid.owner[r][c]
            if a is None or a.col0 != c or a.col1 != c + 1 or not a.chars or a.row0 != r:
                r += 1
                continue
            nxt = next((rr for rr in range(a.row1, n_header) if grid.owner[rr][c] is not None
                        and grid.owner[rr][c].chars), None)
            b = grid.owner[nxt][c] if nxt is not None else None
            if b is None or b.col0 != c or b.col1 != c + 1 or b.row0 != nxt:
                r += 1
                continue
            a_bottom = max(ch["bottom"] for ch in a.chars)
            b_top = min(ch["top"] for ch in b.chars)
            height = max(ch["bottom"] - ch["top"] for ch in a.chars)
            if b_top - a_bottom > 0.5 * height:
                r += 1
                continue
            a.chars = a.chars + b.chars
            a._text = None
            a.row1 = b.row1
            a.bbox = (a.bbox[0], a.bbox[1], a.bbox[2], b.bbox[3])
            for rr in range(a.row0, a.row1):
                grid.owner[rr][c] = a
            grid.cells = [x for x in grid.cells if x is not b]
