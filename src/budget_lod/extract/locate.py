"""Find the standard tables of a disclosure: titles, the grids under them (across pages), units and notes.

The pages are read top to bottom as a stream of events — a table title, another report's title, a ruled
grid, a note line — and a small state machine gathers, for each standard title, the grids that follow
it: on its own page, then on the next pages as long as they continue it (a grid with the same columns at
the top of the next page, its header repeated or not). Notes printed under a table (``注：…``) stay with
it. A title may be wrapped over up to four lines (above the grid, or inside its merged first row); a table
found without rulings gets its columns from :mod:`budget_lod.extract.unruled`. Nothing here reads cell
meanings; see :mod:`budget_lod.extract.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from budget_lod.extract.columns import (code_schemes, columns_match, header_rows, header_signature,
                                       inner_columns_match, is_number)
from budget_lod.extract.grid import (Grid, grid_on, join_split_words, join_wrapped_lines, page_grids, region_grid,
                                     split_grid, spread_centred, words_grid)
from budget_lod.extract.pages import PageView, TextLine
from budget_lod.extract.unruled import (cuts_words, header_figure_edges, river_edges, shallow_river_edges,
                                       unheaded_columns)
from budget_lod.specs.layout import Layout, norm


@dataclass
class TableDraft:
    """A standard table as located: its kind, title, grids (in page order), notes and the lines above it."""

    kind: str
    title: str
    page: int
    grids: list[Grid] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # lines between title and first grid (page headers)
    strategy: str = "ruled"  # how its grids were found: ruled, or a layout grid_fallbacks name

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({self.page, *(g.page for g in self.grids)}))


@dataclass(frozen=True)
class _Event:
    top: float
    kind: str  # title | other | grid | note | page_number | text
    line: TextLine | None = None
    grid: Grid | None = None
    table_kind: str | None = None


def _inside(line: TextLine, grids: Sequence[Grid]) -> bool:
    mid = (line.top + line.bottom) / 2
    return any(g.bbox[1] - 1 <= mid <= g.bbox[3] + 1 and line.x1 > g.bbox[0] and line.x0 < g.bbox[2] for g in grids)


def _captions(view: PageView, grid: Grid, layout: Layout) -> list[TextLine]:
    """Lines drawn inside the top rows of a grid that are its title or metadata (tables exported with
    their title and ``单位：元`` as merged first rows); a title wrapped over several lines in its cell counts
    with all its lines."""
    limit = grid.ys[min(3, grid.n_rows)]
    top = [line for line in view.lines
           if grid.bbox[1] - 1 <= (line.top + line.bottom) / 2 <= limit and _inside(line, [grid])]
    out = []
    for i, line in enumerate(top):
        t = norm(line.text)
        if (len(t) <= layout.title_max_chars and layout.table_kind(t)) or _is_metadata(line.text, layout):
            out.append(line)
            continue
        for k in range(1, _TITLE_LINES):  # the first line of a wrapped title: it and the next k name a table
            block = top[i:i + k + 1]
            if len(block) <= k or not all(_adjacent(a, b) for a, b in zip(block, block[1:])):
                break
            joined = norm("".join(ln.text for ln in block))
            if len(joined) <= layout.title_max_chars and layout.table_kind(layout.unit.sub("", joined)):
                out += [ln for ln in block if not any(ln is o for o in out)]
                break
    return out


def _events(view: PageView, grids: list[Grid], layout: Layout) -> list[_Event]:
    out = []
    captions: list[TextLine] = []
    for g in grids:
        lines = _captions(view, g, layout)
        titled = any(not _is_metadata(ln.text, layout) for ln in lines)  # a title's lines among them
        captions += lines if titled else []
        top = max(ln.top for ln in lines) + 0.01 if titled else g.bbox[1]
        out.append(_Event(top, "grid", grid=g))
    chain: list[_Event] = []  # the events of the lines just above, each right over the next: a title's start
    for line in view.lines:
        if _inside(line, grids) and not any(line is c for c in captions):
            chain = []
            continue
        t = norm(line.text)
        if not t:
            continue
        joined, k = _title_over_lines(chain, line, layout)
        if joined is not None:  # the chain's events are the last ones: the lines just above
            out[len(out) - k:] = [joined]
            chain = []
            continue
        if layout.note.search(t) or (len(t) <= 2 * layout.title_max_chars and layout.empty_note.search(t)):
            out.append(_Event(line.top, "note", line))  # 注：…, or a short sentence declaring the table empty
        elif layout.page_number.search(t):
            out.append(_Event(line.top, "page_number", line))
        elif len(t) <= layout.title_max_chars and not layout.toc_line.search(line.text):
            kind = layout.table_kind(layout.unit.sub("", t))  # a unit printed on the title's line
            if kind is not None:
                out.append(_Event(line.top, "title", line, table_kind=kind))
            elif layout.other_title.search(t):
                out.append(_Event(line.top, "other", line))
            else:
                out.append(_Event(line.top, "text", line))
        else:
            out.append(_Event(line.top, "text", line))
        last = out[-1]
        if last.line is line and last.kind in ("text", "other") and not _is_metadata(line.text, layout):
            chain = [*chain[-(_TITLE_LINES - 2):], last] if chain and _adjacent(chain[-1].line, line) else [last]
        else:
            chain = []
    out.sort(key=lambda e: (e.top, e.kind != "title"))
    return out


_TITLE_LINES = 4  # a title is printed over at most this many lines (department / year / table name, wrapped)


def _adjacent(above: TextLine, below: TextLine) -> bool:
    """Two lines of one block of text: the same type size, no more than a line's height apart."""
    h1, h2 = above.bottom - above.top, below.bottom - below.top
    return min(h1, h2) >= 0.8 * max(h1, h2) and below.top - above.bottom <= max(h1, h2)


def _title_over_lines(chain: list[_Event], line: TextLine, layout: Layout) -> tuple[_Event | None, int]:
    """A title broken over several lines (``某某县人力资源和社会保障局`` / ``2025年部门一般公共预算`` / ``基本支出经济分类``
    / ``预算表``): the lines just above (``chain``, none of them a title) joined with this one name a table. The most
    lines that do win, over fewer lines and over what the last line names alone (``…财政拨款`` / ``收支总表`` is the
    财政拨款收支总表). Returns the title event and how many events (the chain's last ones) it replaces."""
    if not chain or not _adjacent(chain[-1].line, line):
        return None, 0
    for k in range(len(chain), 0, -1):
        above = [ev.line for ev in chain[-k:]]
        text = "".join(ln.text for ln in above) + line.text
        joined = norm(text)
        if len(joined) > layout.title_max_chars or layout.toc_line.search(text):
            continue
        kind = layout.table_kind(layout.unit.sub("", joined))
        if kind is None:
            continue
        merged = TextLine(text, above[0].top, line.bottom, min(ln.x0 for ln in [*above, line]),
                          max(ln.x1 for ln in [*above, line]), tuple(w for ln in [*above, line] for w in ln.words))
        return _Event(above[0].top, "title", merged, table_kind=kind), k
    return None, 0


def locate_tables(pages: Sequence[PageView], layout: Layout) -> list[TableDraft]:
    """Every standard table found in ``pages``, in printed order (declared-empty ones included)."""
    drafts: list[TableDraft] = []
    current: TableDraft | None = None
    for view in pages:
        grids = [part for g in page_grids(view) for part in _split_at_titles(g, layout)]
        events = _events(view, grids, layout)
        if current is not None and current.strategy != "ruled" and not grids:
            _fallback_continuation(view, events, current, layout)
        page_had_grid = False
        opened: list[tuple[TableDraft, int]] = []
        repeated: TableDraft | None = None  # a title repeated on the next page, until its grid shows whether
        # it continues the table before (“续表”) or opens another table of the same kind
        for i, ev in enumerate(events):
            if ev.kind == "title":
                last = drafts[-1] if drafts else None
                new = TableDraft(ev.table_kind or "", " ".join(ev.line.text.split()), view.number)
                if (last is not None and last.kind == ev.table_kind and last.grids and not page_had_grid
                        and last.grids[-1].page == view.number - 1):
                    current, repeated = last, new
                    continue
                current, repeated = new, None
                drafts.append(current)
                opened.append((current, i))
            elif ev.kind == "other":
                current = repeated = None
            elif ev.kind == "grid" and current is not None:
                g = ev.grid
                if not current.grids or _continues(current, g, view.number, page_had_grid, layout):
                    current.grids.append(g)
                elif repeated is not None:  # another table under the same title
                    current = repeated
                    current.grids.append(g)
                    drafts.append(current)
                else:
                    current = None
                repeated = None
                page_had_grid = True
            elif ev.kind == "note" and current is not None:
                current.notes.append(" ".join(ev.line.text.split()))
            elif ev.kind == "text" and current is not None and (not current.grids or repeated is not None):
                (repeated or current).context.append(ev.line.text)
        for draft, i in opened:
            if not draft.grids:
                _fallback_first(view, events, i, draft, layout)
    return _merge_same_kind(drafts, layout)


def _split_at_titles(grid: Grid, layout: Layout) -> list[Grid]:
    """A ruled grid holding two tables drawn touching each other: the second's title is a row of one cell across
    the whole width, below the first's rows; the grid is cut there (once per such row)."""
    for r in range(1, grid.n_rows if grid.n_cols > 1 else 0):  # (a one-column grid may be a boxed 目录)
        cells = grid.row_cells(r)
        if (len(cells) == 1 and cells[0].col0 == 0 and cells[0].col1 == grid.n_cols and cells[0].lines
                and len(norm(cells[0].lines[0])) <= layout.title_max_chars
                and layout.table_kind(layout.unit.sub("", norm(cells[0].lines[0]))) is not None):
            upper, lower = split_grid(grid, r)
            return [upper, *_split_at_titles(lower, layout)]
    return [grid]


def _region_below(view: PageView, events: list[_Event], start: int, layout: Layout) -> tuple[float, ...]:
    """The page region from after event ``start`` (and the metadata lines under it) to the next title,
    other title or note."""
    top = events[start].line.bottom if start >= 0 and events[start].line else 0.0
    bottom = view.height
    for ev in events[start + 1:]:
        if ev.kind in ("title", "other", "note", "page_number"):
            bottom = ev.top
            break
        if ev.kind == "text" and ev.line is not None and _is_metadata(ev.line.text, layout):
            top = ev.line.bottom
    return (0.0, top + 0.5, view.width, bottom - 0.5)


def _is_metadata(text: str, layout: Layout) -> bool:
    t = " ".join(text.split())
    return bool(layout.unit.search(t.replace(" ", ""))
                or any(p.search(t) for p in (*layout.header_line, *layout.department)))


def _fallback_first(view: PageView, events: list[_Event], i: int, draft: TableDraft, layout: Layout) -> None:
    """A title with no ruled grid under it: try the layout's other ways of finding a table."""
    bbox = _region_below(view, events, i, layout)
    for name, settings in layout.grid_fallbacks:
        g = region_grid(view, bbox, settings)
        # text that merely lines up (a list, a table of contents) is no table: it must hold figures
        if g is None or g.n_cols < 2 or not _holds_figures(g):
            continue
        # the columns found where words line up, imposed from the top of the region: header cells centred
        # over their columns (and a 合计 label) do not line up and would otherwise be left out; and down to
        # the table's last line (a last row under no rule, or not lined up, is still the table's)
        area = (bbox[0], bbox[1], bbox[2], _last_line_below(view, bbox, g.bbox[3]) + 0.5)
        words = [w for w in view.words if area[1] <= (w["top"] + w["bottom"]) / 2 <= area[3]]
        left = min([g.xs[0], *(w["x0"] for w in words)]) - 0.5
        right = max([g.xs[-1], *(w["x1"] for w in words)]) + 0.5
        edges = header_figure_edges(view, area, g, layout, left, right)
        if edges is None or cuts_words(view, area, edges):
            # the header model does not fit (or cuts a figure): the white rivers between the body's columns — of
            # every body line, of the lines printing figures, or crossed by a few merged labels only
            rivers = [r for r in (river_edges(view, area, left, right),
                                  river_edges(view, area, left, right, figure_lines=True),
                                  shallow_river_edges(view, area, left, right)) if r]
            if rivers:  # every column named by a header word above it, then the most columns
                edges = min(rivers, key=lambda r: (unheaded_columns(view, area, r, layout), -len(r)))
        full = region_grid(view, area, {**settings, "vertical_strategy": "explicit",
                                        "explicit_vertical_lines": edges or _column_edges(g, left, right)})
        if full is not None and (edges or full.n_cols == g.n_cols):
            g = full
        _tidy_header(g, layout)
        if g.n_rows >= 2:
            draft.grids.append(g)
            draft.strategy = name
            return
    g = _one_row_of_figures(view, bbox)
    if g is not None:
        draft.grids.append(g)
        draft.strategy = "one_row"


def _last_line_below(view: PageView, bbox: tuple[float, ...], bottom: float) -> float:
    """The bottom of the table found down to ``bottom``, extended over the lines of the region right under it
    (each no further below the one above than a line's height)."""
    lines = sorted((ln for ln in view.lines if bbox[1] <= ln.top and ln.bottom <= bbox[3]), key=lambda ln: ln.top)
    extended = False
    for ln in lines:
        if ln.top <= bottom:
            continue
        if ln.top - bottom > 1.5 * (ln.bottom - ln.top):
            break
        bottom, extended = ln.bottom, True
        height = ln.bottom - ln.top
    # a rule closing the last line lies a little under it
    return min(bottom + height, bbox[3]) if extended else bottom


def _tidy_header(g: Grid, layout: Layout) -> None:
    """An unruled header's cells made whole: words cut by a column edge joined, wrapped lines joined, a heading
    centred over several columns spanning them."""
    join_split_words(g, header_rows(g, layout))
    join_wrapped_lines(g, header_rows(g, layout))
    spread_centred(g, header_rows(g, layout))


def _one_row_of_figures(view: PageView, bbox: tuple[float, ...]) -> Grid | None:
    """A table of one row of figures under its header, without rulings (the one-row “三公” table): too few lines
    for words to line up. Its columns are those of the lowest header cells (words with no header word under
    them), each figure in the column whose centre is nearest; a blank cell leaves its column empty."""
    row = next((ln for ln in view.lines if bbox[1] <= ln.top and ln.bottom <= bbox[3] and len(ln.words) >= 3
                and all(is_number(w["text"]) for w in ln.words)), None)
    if row is None:
        return None
    area = (bbox[0], bbox[1], bbox[2], row.bottom + 0.5)
    words = [w for w in view.words if area[1] <= (w["top"] + w["bottom"]) / 2 <= area[3]]
    header = [w for w in words if w["bottom"] <= row.top]

    def mid(w: dict) -> float:
        return (w["x0"] + w["x1"]) / 2

    leaves = sorted((w for w in header if not any(o["top"] > w["bottom"] - 1 and w["x0"] <= mid(o) <= w["x1"]
                                                  for o in header if o is not w)), key=mid)
    if len(leaves) < len(row.words):
        leaves = list(row.words)  # no readable header: one column per figure
    cols: list[list[dict]] = [[leaf] for leaf in leaves]
    for w in row.words:
        if not any(w is leaf for leaf in leaves):
            cols[min(range(len(leaves)), key=lambda i: abs(mid(leaves[i]) - mid(w)))].append(w)
    edges = [min(w["x0"] for w in words) - 0.5]
    for a, b in zip(cols, cols[1:]):
        right, left = max(w["x1"] for w in a), min(w["x0"] for w in b)
        edges.append((right + left) / 2 if right < left else (mid(a[0]) + mid(b[0])) / 2)
    edges.append(max(w["x1"] for w in words) + 0.5)
    g = words_grid(view, area, edges)
    if g is not None:
        join_wrapped_lines(g, g.n_rows - 1)
        spread_centred(g, g.n_rows - 1)
    return g if g is not None and g.n_rows >= 2 else None


def _holds_figures(grid: Grid) -> bool:
    """Amounts with a separator or decimals, or numbers side by side (whole-number tables: three in a row, or
    two in each of two rows); a table of contents (one page number a line) holds neither."""
    if any(is_number(c.text) and ("." in c.text or "," in c.text) for c in grid.cells if c.text.strip()):
        return True
    counts = [sum(1 for c in grid.row_cells(r) if c.text.strip() and is_number(c.text)) for r in range(grid.n_rows)]
    return max(counts, default=0) >= 3 or sum(1 for n in counts if n >= 2) >= 2


def _column_edges(grid: Grid, left: float, right: float) -> list[float]:
    """Column edges for a table found where its words line up (header cells centred over their columns must
    fall in them): the edge after a right-aligned column (figures) is just past its text, so a header centred
    over the next column stays there; any other inner edge is halfway across the gap between the text of the
    two columns. Outer edges: ``left``, ``right``."""
    spans: list[tuple[float, float] | None] = []
    flush_right: list[bool] = []
    for c in range(grid.n_cols):
        cells = [cell for cell in grid.cells if cell.col0 == c and cell.col1 == c + 1 and cell.chars]
        lefts = [min(ch["x0"] for ch in cell.chars) for cell in cells]
        rights = [max(ch["x1"] for ch in cell.chars) for cell in cells]
        spans.append((min(lefts), max(rights)) if cells else None)
        flush_right.append(len(cells) >= 2 and max(rights) - min(rights) < max(lefts) - min(lefts))
    edges = [left]
    for i in range(1, grid.n_cols):
        a, b = spans[i - 1], spans[i]
        if not (a and b and a[1] < b[0]):
            edges.append(grid.xs[i])
        elif flush_right[i - 1]:
            edges.append(min(a[1] + 2.0, (a[1] + b[0]) / 2))
        else:
            edges.append((a[1] + b[0]) / 2)
    return [*edges, right]


def _fallback_continuation(view: PageView, events: list[_Event], draft: TableDraft, layout: Layout) -> None:
    """The next page of a table found without rulings: the same way, the same number of columns."""
    first = next((k for k, ev in enumerate(events) if ev.kind not in ("text", "page_number")), len(events))
    if not any(ev.kind == "text" for ev in events[:first]):
        return  # the page starts with a title (or a grid): nothing continues the table above it
    settings = dict(layout.grid_fallbacks).get(draft.strategy or "")
    if settings is None or not draft.grids or draft.grids[-1].page != view.number - 1:
        return
    # the columns of the table's first page, imposed: a page where a column happens to be blank has them too —
    # unless an edge would cut a word of this page, where this page's own white rivers (as many) are the edges
    ref = draft.grids[0]
    top = next((ev.top for ev in events if ev.kind == "page_number" and ev.top < view.height / 2), None)
    region = list(_region_below(view, events, -1, layout))
    if top is not None:  # a page number in the top margin: the table starts below it
        region[1] = next(ev.line.bottom for ev in events if ev.kind == "page_number" and ev.top == top)
    xs = list(ref.xs)
    if cuts_words(view, tuple(region), xs):
        own = river_edges(view, tuple(region), xs[0], xs[-1])
        if own is not None and len(own) == len(xs):
            xs = own
    settings = {**settings, "vertical_strategy": "explicit", "explicit_vertical_lines": xs}
    g = region_grid(view, tuple(region), settings)
    if g is not None and g.n_cols != ref.n_cols and all(any(abs(x - r) < 1.0 for r in xs) for x in g.xs):
        g = grid_on(view, xs, g.ys)  # a last column whose text stops short of its edge on this page
    if g is not None and g.n_cols == ref.n_cols:
        _tidy_header(g, layout)
        g.xs = list(ref.xs)  # the first page's columns, one for one (drawn where this page's rivers are)
        draft.grids.append(g)


def _continues(draft: TableDraft, grid: Grid, page: int, page_had_grid: bool, layout: Layout) -> bool:
    """A grid continues the draft: right under its last grid on the same page (a header block drawn apart
    from the body), or first on the next page — with the same columns, or the same header repeated."""
    last = draft.grids[-1]
    if not any(columns_match(g, grid) or columns_match(grid, g) for g in draft.grids):
        sig = header_signature(grid, layout)
        if not (sig and sig == header_signature(draft.grids[0], layout)) and not (
                page == last.page + 1 and any(inner_columns_match(g, grid) for g in draft.grids)):
            return False
    return page == last.page or (page == last.page + 1 and not page_had_grid)



def _figures(draft: TableDraft) -> int:
    """How many cells of the draft's grids hold a number."""
    return sum(1 for g in draft.grids for c in g.cells if c.text.strip() and is_number(c.text))


def _merge_same_kind(drafts: list[TableDraft], layout: Layout) -> list[TableDraft]:
    """One table per kind: a title with nothing under it (a table of contents without leader dots) or a
    lesser twin gives way to the table holding the most figures (then to the first), a table whose code column
    names another classification than its kind's (rows by function in a 基本支出表) to one classified as its kind
    says. A coded table with code columns of two classifications is no standard table at all."""
    best: dict[str, TableDraft] = {}
    rank: dict[int, tuple[bool, int]] = {}
    for d in drafts:
        if not (d.grids or d.notes):
            continue
        schemes = code_schemes(d.grids[0], layout) if d.grids and layout.spec(d.kind).form == "coded" else set()
        if len(schemes) > 1:
            continue  # classified both ways (功能 and 经济 code columns): not the standard table
        # a table classified as its kind says comes before one whose codes name another classification
        rank[id(d)] = (not schemes or layout.spec(d.kind).scheme in schemes, _figures(d))
        twin = best.get(d.kind)
        if twin is None or rank[id(d)] > rank[id(twin)]:
            best[d.kind] = d
    return [d for d in drafts if best.get(d.kind) is d]
