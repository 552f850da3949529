"""Column edges of a table printed without rulings, from its figures' right edges and its header words.

Where no ruling says where a column ends, the edges are inferred from the text. Neither the body alone nor the
header alone will do: a narrow 万元 figure column sits under a header word wider than its figures (a cut halfway
between figures falls through the word), a column blank from top to bottom shows only its header, and a header
centred over several columns (本年收入, 基本支出) belongs to none of them.

The model: each body column of the table pdfplumber found where words line up is *right-aligned* (figures:
their right edges line up) or *left-aligned* (codes, names). A column's header lies inside it, so the header of a
right-aligned column ends at or before its figures' right edge and the header of a left-aligned column starts
at or after its texts' left edge. Those edges cut the page width into segments; in each segment the lowest
header words (no other header word under them) are the column heads: the leftmost heads the left-aligned
column the segment starts with, the rightmost the right-aligned column it ends with, any other is a column
of its own with no figure at all. Each inner edge then lies in the gap between the text (body and head) of two
neighbouring columns: just past a right-aligned column's figures, else halfway.

:func:`river_edges` is the other model, from the body alone: where no word of any body line lies, a column
ends (the white "rivers" between columns). It needs columns whose texts keep within them, and gives no column to
one blank from top to bottom; it never cuts a word. :func:`cuts_words` tells whether edges cut a body word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from budget_lod.extract.columns import header_rows, is_number
from budget_lod.extract.grid import Grid
from budget_lod.specs.layout import Layout

_TOL = 1.0


@dataclass
class _Column:
    """A column being modelled: its body text span, alignment and head (a header word), if any."""

    left: float | None = None  # body text extent
    right: float | None = None
    align: str = "none"  # right | left | none (no body text)
    head: dict[str, Any] | None = None
    heads: list[dict[str, Any]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        xs = [x for x in (self.left, self.head["x0"] if self.head else None) if x is not None]
        return min(xs)

    @property
    def x1(self) -> float:
        xs = [x for x in (self.right, self.head["x1"] if self.head else None) if x is not None]
        return max(xs)


def header_figure_edges(view: Any, area: tuple[float, float, float, float], grid: Grid, layout: Layout,
                        left: float, right: float) -> list[float] | None:
    """Column edges (``left``, inner edges, ``right``) for the unruled table whose words line up as ``grid``
    inside ``area``; ``None`` when the model cannot be built (no body row, or no header word)."""
    n = header_rows(grid, layout)
    if n >= grid.n_rows:
        return None
    body_top = grid.ys[n]
    for line in view.lines:  # the body starts at the first line of figures (found grids may start lower)
        figures = [w for w in line.words if is_number(w["text"])]
        if area[1] <= line.top < body_top and (len(figures) >= 2 or any("." in w["text"] for w in figures)):
            body_top = line.top - 0.5
            break
    words = [w for w in view.words if area[1] <= (w["top"] + w["bottom"]) / 2 <= area[3]]
    header = _phrases([w for w in words if (w["top"] + w["bottom"]) / 2 < body_top
                       and not layout.column_numbers.search(w["text"])])
    if not header:
        return None
    cols = _body_columns(grid, n)
    if not cols:
        return None
    # hard boundaries: after a right-aligned column's figures, before a left-aligned column's texts
    bounds: list[tuple[float, int, str]] = []
    for i, c in enumerate(cols):
        bounds.append((c.right + _TOL, i, "end") if c.align == "right" else (c.left - _TOL, i, "start"))
    cuts = sorted({b[0] for b in bounds})
    segments = list(zip([float("-inf"), *cuts], [*cuts, float("inf")]))
    out: list[_Column] = []
    for a, b in segments:
        inside = [w for w in header if a <= w["x0"] and w["x1"] <= b]
        heads = sorted((w for w in inside if not any(
            o is not w and o["top"] > w["bottom"] - _TOL and min(o["x1"], w["x1"]) - max(o["x0"], w["x0"]) > 0
            for o in inside)), key=lambda w: w["x0"])
        starts = [c for c in cols if c.align != "right" and abs(c.left - _TOL - a) < 1e-6]
        ends = [c for c in cols if c.align == "right" and abs(c.right + _TOL - b) < 1e-6]
        if starts and heads:
            starts[0].head = heads.pop(0)
        end_head = heads.pop() if ends and heads else None
        out += starts
        out += [_Column(head=h) for h in heads]  # a column with a head and no figure
        if ends:
            ends[0].head = end_head
            out += ends
    out.sort(key=lambda c: (c.x0 + c.x1) / 2)
    edges = [min(left, *(c.x0 - 0.5 for c in out))]
    for c, d in zip(out, out[1:]):
        if c.x1 >= d.x0:
            return None  # the columns overlap: this model does not fit the table
        gap = (c.x1 + d.x0) / 2
        edges.append(min(c.x1 + 2.0, gap) if c.align == "right" else gap)
    edges.append(max(right, *(c.x1 + 0.5 for c in out)))
    return edges


def _body_columns(grid: Grid, n_header: int) -> list[_Column]:
    """The body text of each column of ``grid`` (rows from ``n_header``): extent and alignment."""
    out = []
    for c in range(grid.n_cols):
        cells = [cell for cell in grid.cells if cell.col0 == c and cell.col1 == c + 1 and cell.row0 >= n_header
                 and cell.chars]
        if not cells:
            continue
        lefts = [min(ch["x0"] for ch in cell.chars) for cell in cells]
        rights = [max(ch["x1"] for ch in cell.chars) for cell in cells]
        spread_l, spread_r = max(lefts) - min(lefts), max(rights) - min(rights)
        figures = all(is_number(cell.text) for cell in cells)
        align = "right" if spread_r < spread_l or (spread_r == spread_l and figures) else "left"
        out.append(_Column(min(lefts), max(rights), align))
    return out


def _phrases(words: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Header words, a word spaced out character by character (``项 目``, ``收 入``) joined into one."""
    out: list[dict[str, Any]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        prev = out[-1] if out else None
        size = w["bottom"] - w["top"]
        if (prev is not None and abs(prev["top"] - w["top"]) <= 2 and 0 <= w["x0"] - prev["x1"] <= 2 * size
                and (len(prev["text"]) == 1 or len(w["text"]) == 1)):
            out[-1] = {**prev, "text": prev["text"] + w["text"], "x1": w["x1"], "bottom": max(prev["bottom"], w["bottom"])}
        else:
            out.append(dict(w))
    return out


def _figure(word: dict[str, Any]) -> bool:
    return is_number(word["text"]) and ("." in word["text"] or "," in word["text"])


def _table_lines(view: Any, area: tuple[float, float, float, float]) -> tuple[list[Any], list[Any]]:
    """(header lines, body lines) of the table in ``area``: the body from its first line of figures down."""
    lines = [ln for ln in view.lines if area[1] <= (ln.top + ln.bottom) / 2 <= area[3]]
    start = next((i for i, ln in enumerate(lines) if any(_figure(w) for w in ln.words)), None)
    return (lines, []) if start is None else (lines[:start], lines[start:])


def _body_words(view: Any, area: tuple[float, float, float, float]) -> list[dict[str, Any]]:
    """The words of the table's body: from its first line of figures down."""
    return [w for ln in _table_lines(view, area)[1] for w in ln.words]


def unheaded_columns(view: Any, area: tuple[float, float, float, float], edges: Sequence[float],
                     layout: Layout) -> int:
    """How many of the columns ``edges`` cut have no header word mostly inside them: a column the header does
    not name is one the edges made up (or a heading's text straddling an edge)."""
    header = [w for ln in _table_lines(view, area)[0] for w in ln.words
              if not layout.is_caption(w["text"]) and not layout.column_numbers.search(w["text"])]

    def inside(w: dict[str, Any], a: float, b: float) -> bool:
        return min(w["x1"], b) - max(w["x0"], a) >= 0.5 * (w["x1"] - w["x0"])

    return sum(1 for a, b in zip(edges, edges[1:]) if not any(inside(w, a, b) for w in header))


def river_edges(view: Any, area: tuple[float, float, float, float], left: float, right: float,
                gap: float = 1.5, figure_lines: bool = False) -> list[float] | None:
    """Column edges where no body word lies (``left``, the middle of each white river, ``right``), or ``None``
    when the body shows fewer than two columns. With ``figure_lines``, only the body lines that print a figure
    count: a label too long for its column sits on a line without one (no figure beside it to collide with)."""
    lines = _table_lines(view, area)[1]
    if figure_lines:
        lines = [ln for ln in lines if any(_figure(w) for w in ln.words)]
    spans: list[list[float]] = []
    for x0, x1 in sorted((w["x0"], w["x1"]) for ln in lines for w in ln.words):
        if spans and x0 <= spans[-1][1] + gap:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    if len(spans) < 2:
        return None
    return [min(left, spans[0][0] - 0.5), *((a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:])),
            max(right, spans[-1][1] + 0.5)]


def shallow_river_edges(view: Any, area: tuple[float, float, float, float], left: float, right: float,
                        share: float = 0.15) -> list[float] | None:
    """Column edges where few of the lines printing figures have a word (at most ``share`` of them): a label
    merged across several columns (当年支出小计 over 功能分类 and 支出用途) crosses a river the other lines keep
    white. ``None`` when that shows fewer than two columns."""
    lines = [ln for ln in _table_lines(view, area)[1] if any(_figure(w) for w in ln.words)]
    if len(lines) < 4:
        return None
    x_min = int(min(w["x0"] for ln in lines for w in ln.words))
    x_max = int(max(w["x1"] for ln in lines for w in ln.words)) + 1
    count = [0] * (x_max - x_min + 1)
    for ln in lines:
        seen = set()
        for w in ln.words:
            seen.update(range(int(w["x0"]) - x_min, int(w["x1"]) - x_min + 1))
        for x in seen:
            count[x] += 1
    limit = max(1, int(share * len(lines)))
    busy = [c > limit for c in count]
    edges, x = [], 0
    while x < len(busy):
        if busy[x]:
            x += 1
            continue
        start = x
        while x < len(busy) and not busy[x]:
            x += 1
        if start > 0 and x < len(busy):  # a river with columns on both sides
            edges.append(x_min + (start + x) / 2)
    if not edges:
        return None
    return [min(left, x_min - 0.5), *edges, max(right, x_max + 0.5)]


def cuts_words(view: Any, area: tuple[float, float, float, float], edges: Sequence[float]) -> bool:
    """Whether an inner edge runs through a word of the table's body."""
    inner = edges[1:-1]
    return any(w["x0"] + _TOL < x < w["x1"] - _TOL for w in _body_words(view, area) for x in inner)
