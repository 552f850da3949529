"""What each column of a grid means, read from its header cells through the layout's rules.

The header is the run of rows at the top of a grid before the first row holding a number (a 栏次 row of
column numbers counts as header). Each column's header *path* is the texts of the header cells covering it,
top to bottom; the lowest is its *leaf*. The leaf decides the column's role (序号, code, code part, name,
ignored) or, for amount columns, its measure slug — with the cells above it as context (``under``), so
``公务用车购置及运行费 / 小计`` is a different measure from ``“三公”经费 / 合计``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from budget_lod.extract.grid import Grid
from budget_lod.extract.cells import fallback_slug, label
from budget_lod.specs.layout import Layout, TableSpec, norm

_PHASE_LEAF = re.compile(r"^(?:年初|调整|全年|调整后)?(?:预算|决算)数$")  # a column header naming only a phase
_NUMBER = re.compile(r"^[-−–]?[\d,]+(?:\.\d+)?$|^\([\d,]+(?:\.\d+)?\)$")


@dataclass(frozen=True)
class Column:
    """One grid column: role (``amount`` for measures), measure slug, printed label and header path."""

    index: int
    role: str  # number | code | code_1 | code_2 | code_3 | name | ignore | amount
    measure: str | None
    label: str  # header as printed (leaf, white space collapsed)
    path: tuple[str, ...]  # normalised header texts, top to bottom
    side: str | None = None  # income | expenditure (summary tables)


def is_number(text: str) -> bool:
    """Whether a cell holds one printed number (negative ones ``-1,234.00`` and ``（1,234.00）`` included)."""
    return bool(_NUMBER.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))))


def header_rows(grid: Grid, layout: Layout) -> int:
    """How many rows at the top of ``grid`` are header rows."""
    for r in range(grid.n_rows):
        cells = grid.row_cells(r)
        texts = [norm(c.text) for c in cells]
        if any(layout.column_numbers.search(t) for t in texts):
            continue
        if any(t and (is_number(t) or layout.data_label.search(t)) for t in texts):
            return r
        words = [t for t in texts if t]
        if r and words and layout.total_label.search(words[0]) and all(is_number(t) for t in words[1:]):
            return r  # the 合计 row, with nothing but figures (or nothing) beside it: the data begin
    # no number anywhere (an empty table): the header is the rows with text at the top, up to a blank
    # row, a note, or a row led by a 合计 label with nothing else in it (the table's empty total row; a 合计
    # beside other column headers is a column header)
    r = 0
    while r < grid.n_rows:
        texts = [norm(c.text) for c in grid.row_cells(r) if norm(c.text)]
        if not texts and not any(norm(grid.text_at(r, c)) for c in range(grid.n_cols)):
            break
        if texts and (layout.note.search(texts[0]) or (layout.total_label.search(texts[0]) and len(texts) == 1)):
            break
        r += 1
    return r


def read_columns(grid: Grid, n_header: int, layout: Layout, spec: TableSpec,
                 sides: tuple[tuple[str, str], ...] = (), final: bool = False) -> list[Column] | None:
    """The columns of ``grid`` from its first ``n_header`` rows; ``None`` if there is no header.

    In final accounts (``final``) the layout's final-accounts measures are tried first, and a column whose header
    names a phase other than the 决算 (年初预算数, 全年预算数) gets the measure ``<measure>@<phase>``."""
    if n_header == 0:
        return None
    cols: list[Column] = []
    leaf_cells: list[int | None] = []
    paths: list[list[str]] = []
    labels: list[str] = []
    # a row stating the unit (部门：… | … | 单位：万元 split over several cells) names no column
    captions = {r for r in range(n_header) if any(layout.is_caption(c.text) for c in grid.row_cells(r))}
    for c in range(grid.n_cols):
        path: list[str] = []
        printed: list[str] = []
        seen: list[int] = []
        leaf_cells.append(None)
        for r in range(n_header):
            cell = grid.cell_at(r, c)
            if cell is None or id(cell) in seen or cell.row0 in captions:
                continue
            seen.append(id(cell))
            t = norm(cell.text)
            if not t or layout.column_numbers.search(t) or is_number(t) or _above_header(cell, grid, layout):
                continue
            path.append(t)
            printed.append(label(cell.text))
            leaf_cells[-1] = id(cell)
        paths.append(path)
        labels.append(printed[-1] if printed else "")
    if not any(paths):  # only the title and captions above the table: its header is on the next grid
        return None
    for c, path in enumerate(paths):
        leaf = path[-1] if path else ""
        ancestors = "/".join(path[:-1])
        others = "\n".join("/".join(p) for i, p in enumerate(paths) if i != c)
        side = next((s for s, pat in sides if re.search(pat, "/".join(path))), None)
        role = next((r.role for r in layout.roles if r.leaf.search(leaf)), None) if leaf else None
        if role is not None:
            cols.append(Column(c, role, None, labels[c], tuple(path), side))
            continue
        rules = (*(layout.final_measures if final else ()), *spec.measures, *layout.measures)
        phase = next((ph for ph, pat in layout.phases if pat.search("/".join(path))), None) if final else None
        if phase is not None and len(path) > 1 and _PHASE_LEAF.match(leaf):
            # a column naming only its phase (预算数 | 决算数 under 因公出国（境）费): the heading above says what it
            # measures (a heading no rule names: the heading's whole, total)
            measure = next((r.slug for r in rules if r.matches(path[-2], "/".join(path[:-2]), others)), "total")
        else:
            measure = next((r.slug for r in rules if r.matches(leaf, ancestors, others)), None)
        if measure is None and leaf and _held(grid, n_header, c) == "labels":
            # a column of labels under a header no rule names (采购品目大类 专项名称 经济科目 read as one): a
            # label column, never a column of figures named by a hash
            cols.append(Column(c, "name", None, labels[c], tuple(path), side))
            continue
        if measure is None:
            measure = fallback_slug(leaf) if leaf else None
        if measure is not None and phase not in (None, "final"):
            measure = f"{measure}@{phase}"
        if measure is not None:  # two columns of one meaning (e.g. a side each): keep both, numbered
            base, n = measure, 2
            while any(col.measure == measure and col.side == side for col in cols):
                measure, n = f"{base}_{n}", n + 1
        cols.append(Column(c, "amount" if measure else "ignore", measure, labels[c], tuple(path), side))
    # a label column whose header cell was left blank beside 项目名称 is one too (the nearest label column's
    # header standing for it; a column of figures between them parts them)
    named: Column | None = None
    for order in (range(len(cols)), range(len(cols) - 1, -1, -1)):
        named = None
        for i in order:
            col = cols[i]
            if col.path or col.role == "name":
                named = col if col.role == "name" else None
            elif named is not None and col.side == named.side:
                held = _held(grid, n_header, col.index)
                if held == "labels":
                    cols[i] = replace(col, role="name", label=named.label, path=named.path)
                elif held == "figures":
                    named = None
    if sides:  # a column under no side's header belongs to the side of the column before it (项目 | 预算数 pairs
        # whose 收入 / 支出 header, printed without rulings, is centred over the pair and lands in one column)
        for i in range(1, len(cols)):
            if cols[i].side is None and cols[i - 1].side is not None:
                cols[i] = replace(cols[i], side=cols[i - 1].side)
    return _split_code_columns(cols, leaf_cells)


def _above_header(cell, grid: Grid, layout: Layout) -> bool:
    """A cell in the header rows that is no column's header: the table's title or metadata printed as the
    grid's first rows (a spreadsheet export), a row across the whole width, or ``部门：…`` / ``单位：万元``."""
    if grid.n_cols > 1 and cell.col0 == 0 and cell.col1 == grid.n_cols:
        return True
    if layout.is_caption(cell.text):
        return True
    first = norm(cell.lines[0]) if cell.lines else ""
    return bool(first) and layout.table_kind(layout.unit.sub("", first)) is not None


def _held(grid: Grid, n_header: int, col: int) -> str:
    """What the data cells starting in a column hold: ``figures`` (any number), ``labels`` or ``nothing``."""
    texts = [norm(c.text) for r in range(n_header, grid.n_rows) for c in [grid.cell_at(r, col)]
             if c is not None and c.row0 == r and c.col0 == col and norm(c.text)]
    return "figures" if any(is_number(t) for t in texts) else ("labels" if texts else "nothing")


def _split_code_columns(cols: list[Column], leaf_cells: list[int | None]) -> list[Column]:
    """One 科目编码 header over two or three unlabelled columns: they are the 类 / 款 / 项 parts."""
    out = list(cols)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and out[j + 1].role == "code" and leaf_cells[j + 1] == leaf_cells[i]:
            j += 1
        if out[i].role == "code" and 2 <= j - i + 1 <= 3:
            for k in range(i, j + 1):
                out[k] = replace(out[k], role=f"code_{k - i + 1}")
        i = j + 1
    return out


def columns_match(ref: Grid, other: Grid, tol: float = 6.0) -> bool:
    """Whether ``other`` has the columns of ``ref``: the same outer edges, and each of its column edges is
    one of ``ref``'s (a continuation whose merged cells, e.g. a 合计 label over the code columns, hide
    some inner rulings still matches)."""
    if abs(ref.xs[0] - other.xs[0]) > tol or abs(ref.xs[-1] - other.xs[-1]) > tol:
        return False
    return all(any(abs(x - r) <= tol for r in ref.xs) for x in other.xs)


def inner_columns_match(ref: Grid, other: Grid, tol: float = 6.0) -> bool:
    """Rows of a table continued on the next page, drawn touching a wider table under them: the same left
    edge and inner column edges (at least two) as ``ref``, only the right border further out."""
    inner = other.xs[1:-1]
    return (len(inner) >= 2 and abs(ref.xs[0] - other.xs[0]) <= tol and other.xs[-1] >= ref.xs[-2]
            and all(any(abs(x - r) <= tol for r in ref.xs) for x in inner))


def column_of(xs: list[float], x0: float) -> int:
    """The index of the column (of boundaries ``xs``) whose left edge is nearest to ``x0``."""
    return min(range(len(xs) - 1), key=lambda i: abs(xs[i] - x0))


def header_signature(grid: Grid, layout: Layout) -> tuple[str, ...]:
    """The normalised lowest header text of each column (empty when the grid has no header rows)."""
    n = header_rows(grid, layout)
    if n == 0:
        return ()
    out = []
    for c in range(grid.n_cols):
        leaf = ""
        for r in range(n):
            t = norm(grid.text_at(r, c))
            if t and not layout.column_numbers.search(t) and not is_number(t):
                leaf = t
        out.append(leaf)
    return tuple(out)


def code_schemes(grid: Grid, layout: Layout) -> set[str]:
    """The classifications (``layout.code_schemes``) the code columns of ``grid`` belong to, read from the
    header cells above each column whose lowest header cell names a code (科目编码, 类, 款, 项)."""
    n = header_rows(grid, layout)
    out: set[str] = set()
    for c in range(grid.n_cols):
        path = [t for r in range(n) for t in [norm(grid.text_at(r, c))] if t and not is_number(t)]
        if not path:
            continue
        role = next((r.role for r in layout.roles if r.leaf.search(path[-1])), None)
        if role is not None and role.startswith("code"):
            out.update(s for s, pat in layout.code_schemes if pat.search("/".join(path)))
    return out

