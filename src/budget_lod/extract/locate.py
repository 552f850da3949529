"""Find the standard tables of a disclosure: titles, the grids under them (across pages), units and notes.

The pages are read top to bottom as a stream of events — a table title, another report's title, a ruled
grid, a note line — and a small state machine gathers, for each standard title, the grids that follow
it: on its own page, then on the next pages as long as they continue it (a grid with the same columns at
the top of the next page, its header repeated or not). Notes printed under a table (``注：…``) stay with
it. Nothing here reads cell meanings; see :mod:`budget_lod.extract.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from budget_lod.extract.columns import columns_match
from budget_lod.extract.grid import Grid, page_grids
from budget_lod.extract.pages import PageView, TextLine
from budget_lod.specs.layout import Layout, norm


@dataclass
class TableDraft:
    """A standard table as located: its kind, title, unit, grids (in page order) and notes."""

    kind: str
    title: str
    page: int
    unit: str | None = None
    unit_source: str | None = None  # the line that declared the unit
    grids: list[Grid] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # lines between title and first grid (page headers)

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({self.page, *(g.page for g in self.grids)}))


@dataclass(frozen=True)
class _Event:
    top: float
    kind: str  # title | other | grid | note | text
    line: TextLine | None = None
    grid: Grid | None = None
    table_kind: str | None = None


def _inside(line: TextLine, grids: Sequence[Grid]) -> bool:
    mid = (line.top + line.bottom) / 2
    return any(g.bbox[1] - 1 <= mid <= g.bbox[3] + 1 and line.x1 > g.bbox[0] and line.x0 < g.bbox[2] for g in grids)


def _events(view: PageView, grids: list[Grid], layout: Layout) -> list[_Event]:
    out = [_Event(g.bbox[1], "grid", grid=g) for g in grids]
    for line in view.lines:
        if _inside(line, grids):
            continue
        t = norm(line.text)
        if not t:
            continue
        if layout.note.search(t):
            out.append(_Event(line.top, "note", line))
        elif len(t) <= layout.title_max_chars and not layout.toc_line.search(line.text):
            kind = layout.table_kind(t)
            if kind is not None:
                out.append(_Event(line.top, "title", line, table_kind=kind))
            elif layout.other_title.search(t):
                out.append(_Event(line.top, "other", line))
            else:
                out.append(_Event(line.top, "text", line))
        else:
            out.append(_Event(line.top, "text", line))
    out.sort(key=lambda e: (e.top, e.kind != "title"))
    return out


def locate_tables(pages: Sequence[PageView], layout: Layout) -> list[TableDraft]:
    """Every standard table found in ``pages``, in printed order (declared-empty ones included)."""
    drafts: list[TableDraft] = []
    current: TableDraft | None = None
    for view in pages:
        grids = page_grids(view)
        page_had_grid = False
        for ev in _events(view, grids, layout):
            if ev.kind == "title":
                current = TableDraft(ev.table_kind or "", " ".join(ev.line.text.split()), view.number)
                drafts.append(current)
            elif ev.kind == "other":
                current = None
            elif ev.kind == "grid" and current is not None:
                g = ev.grid
                if not current.grids:
                    current.grids.append(g)
                elif (_continues(current, g, view.number, page_had_grid)):
                    current.grids.append(g)
                else:
                    current = None
                page_had_grid = True
            elif ev.kind == "note" and current is not None:
                current.notes.append(" ".join(ev.line.text.split()))
            elif ev.kind == "text" and current is not None and not current.grids:
                current.context.append(ev.line.text)
        # a table continues onto the next page only through a grid at its top
    return _merge_same_kind(drafts)


def _continues(draft: TableDraft, grid: Grid, page: int, page_had_grid: bool) -> bool:
    last = draft.grids[-1]
    return (page == last.page + 1 and not page_had_grid
            and any(columns_match(g, grid) or columns_match(grid, g) for g in draft.grids))


def _merge_same_kind(drafts: list[TableDraft]) -> list[TableDraft]:
    """Drop title-only duplicates (a table of contents without leader dots) when the kind has a real table."""
    out: list[TableDraft] = []
    for d in drafts:
        has_body = bool(d.grids or d.notes)
        twin = next((o for o in out if o.kind == d.kind), None)
        if twin is None:
            out.append(d)
        elif not (twin.grids or twin.notes) and has_body:
            out[out.index(twin)] = d
        elif has_body:
            out.append(d)
    return [d for d in out if d.grids or d.notes]
