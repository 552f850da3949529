"""A table's reading checked against itself: every printed figure read, and the template's arithmetic.

:func:`check_reading` takes a table as read and answers with a :class:`~budget_lod.model.document.Reading`:

* **coverage** — the figures printed in the table's cells (counted by :mod:`budget_lod.extract.tables` while
  reading: every number in an amount column, every figure-like number in a label column; codes, 行次 and header
  numbers are not figures) against the amounts read;
* **total** — a coded table's 合计 row against its top-level rows (类), column by column;
* **parent** — a coded row against the rows below it (类 = Σ 款, 款 = Σ 项), and a row of a table whose rows nest
  by layout (an outline: 货物 / a project / an item; a group's 小计 and its items) against its parts;
* **parts** — a row's whole column against its part columns (合计 = 基本 + 项目 + 预留, 基本 = 人员 + 公用,
  “三公” = 出国 + 车 + 接待 …), from the layout's ``measure_checks``;
* **rows** — a summary table's rows against the rows that make them up (本年收入 = Σ sources, 本年支出 = Σ 类 =
  基本 + 项目 + 预留 …), from the layout's ``row_checks``;
* **unverified** — figures placed by position alone (no rulings) that no total or sum of the table confirms.

Sums are compared within the rounding of what is printed: half the printed precision of each figure added.
A reading that leaves a printed figure unread has failed. One whose arithmetic fails has failed too when the
figures were placed by their position alone (a table without rulings); read cell by cell from ruled cells, a
failing sum is what the document prints — kept in the checks, and left to validation to report.

:func:`unread_notes` lists what a table page prints that no table read accounts for: a table title of no known
kind, a row of figures outside every table.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Iterable, Sequence

from budget_lod.extract.grid import page_grids
from budget_lod.extract.pages import PageView
from budget_lod.model.amounts import UNIT_FACTORS
from budget_lod.model.document import Amount, Note, Reading, ReadingCheck, Row, Table
from budget_lod.specs.layout import Layout, norm

if TYPE_CHECKING:
    from budget_lod.extract.locate import TableDraft

Z = Decimal(0)


def check_reading(table: Table, layout: Layout, strategy: str, printed: int, form: str) -> Reading:
    """The reading of ``table`` checked (``printed``: figures counted in its cells; ``strategy``: how its cells
    were found; ``form``: its kind's form — ``row_checks`` apply to summary tables)."""
    read = sum(len(r.amounts) + sum(len(a) for a in r.phases.values()) for r in table.rows)
    checks: list[ReadingCheck] = []
    if printed > read:
        checks.append(ReadingCheck("coverage", False, f"{printed - read} of {printed} figures printed in the "
                                                      f"table were not read", page=table.pages[0]))
    for phase, rows, measures in _phase_views(table):
        found = _hierarchy(rows) + _outline(rows)
        for row in rows:
            found += _parts(row, measures, layout)
        if form == "summary":
            found += _row_sums(rows, measures, layout)
        checks += [replace(c, detail=f"{phase}: {c.detail}") if phase else c for c in found]
    arithmetic = [c for c in checks if c.kind != "coverage"]
    placed = strategy != "ruled"  # figures placed by their position alone
    if placed and read >= 2 and not any(c.ok for c in arithmetic):
        checks.append(ReadingCheck("unverified", False, f"{read} figures placed by position (no rulings) and no "
                                                        "total or sum of the table to confirm them",
                                   page=table.pages[0]))
    failed = printed > read or (placed and any(not c.ok for c in checks if c.kind != "coverage"))
    return Reading("failed" if failed else "ok", strategy, printed, read, tuple(checks))


def _phase_views(table: Table) -> list[tuple[str | None, list[Row], tuple[str, ...]]]:
    """The table's own figures, then each other phase's (final accounts' 年初预算数 …) as rows of their own."""
    out: list[tuple[str | None, list[Row], tuple[str, ...]]] = [(None, list(table.rows), table.measures)]
    for phase in dict.fromkeys(p for r in table.rows for p in r.phases):
        rows = [replace(r, amounts=dict(r.phases.get(phase, {})), phases={}) for r in table.rows]
        out.append((phase, rows, tuple(dict.fromkeys(m for r in rows for m in r.amounts))))
    return out


def _tolerance(amounts: Iterable[Amount]) -> Decimal:
    return sum((a.precision_yuan for a in amounts), Z) / 2


def _compare(kind: str, row: Row, measure: str, parts: Sequence[tuple[str, Amount]], what: str) -> ReadingCheck:
    whole = row.amounts[measure]
    total = sum((a.yuan for _, a in parts), Z)
    ok = abs(whole.yuan - total) <= _tolerance([whole, *(a for _, a in parts)])
    names = " + ".join(n for n, _ in parts[:6]) + (" …" if len(parts) > 6 else "")
    in_unit = (total / UNIT_FACTORS[whole.unit]).quantize(whole.precision) if whole.precision else total
    detail = (f"{row.code} {measure} {whole.printed} {'=' if ok else '≠'} {what} {names}"
              + ("" if ok else f" = {in_unit} {whole.unit}"))
    return ReadingCheck(kind, ok, detail, row.code, measure, whole.yuan, total, whole.page)


def _children(rows: Sequence[Row]) -> dict[str, list[Row]]:
    """Coded rows by the code of the row above them in their classification (201 → 20101, 20102 …)."""
    codes = {r.code for r in rows if r.code.isdigit()}
    out: dict[str, list[Row]] = {}
    for r in rows:
        if not r.code.isdigit():
            continue
        parent = next((r.code[:n] for n in (5, 3) if n < len(r.code) and r.code[:n] in codes), None)
        if parent is not None:
            out.setdefault(parent, []).append(r)
    return out


def _hierarchy(rows: Sequence[Row]) -> list[ReadingCheck]:
    """合计 = Σ top-level coded rows, and each coded row = Σ the rows below it, column by column."""
    out: list[ReadingCheck] = []
    kids = _children(rows)
    top = [r for r in rows if r.code.isdigit() and len(r.code) == 3]
    for row in rows:
        below = top if row.code == "TOTAL" else kids.get(row.code, [])
        if not below or row.scheme == "item":
            continue
        for m in row.amounts:
            parts = [(r.code, r.amounts[m]) for r in below if m in r.amounts]
            if parts:
                out.append(_compare("total" if row.code == "TOTAL" else "parent", row, m, parts, "Σ"))
    return out


def _outline(rows: Sequence[Row]) -> list[ReadingCheck]:
    """A row of an outline table = Σ the rows that name it as their parent."""
    out: list[ReadingCheck] = []
    by_parent: dict[str, list[Row]] = {}
    for r in rows:
        if r.parent is not None:
            by_parent.setdefault(r.parent, []).append(r)
    for row in rows:
        for m in row.amounts:
            parts = [(r.name.split(" / ")[-1], r.amounts[m]) for r in by_parent.get(row.code, []) if m in r.amounts]
            if parts:
                out.append(_compare("total" if row.code == "TOTAL" else "parent", row, m, parts, "Σ"))
    return out


def _refinements(checks: Sequence[tuple[str, tuple[str, ...]]]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for whole, parts in checks:
        out.setdefault(whole, []).append(parts)
    return out


def _expand(parts: Sequence[str], present: set[str], refine: dict[str, list[tuple[str, ...]]],
            depth: int = 0) -> list[str]:
    """The parts printed; a part not printed stood in for by its own printed parts (the first of its
    decompositions that finds any, level after level)."""
    out: list[str] = []
    for p in parts:
        if p in present:
            out.append(p)
        elif depth < 4:
            out += next((e for sub in refine.get(p, ()) for e in [_expand(sub, present, refine, depth + 1)] if e), [])
    return out


def _below(parts: Sequence[str], refine: dict[str, list[tuple[str, ...]]], depth: int = 0) -> set[str]:
    """Every measure the parts are made of, at any depth (the parts included)."""
    out = set(parts)
    if depth < 4:
        for p in parts:
            for sub in refine.get(p, ()):
                out |= _below(sub, refine, depth + 1)
    return out


def _parts(row: Row, measures: Sequence[str], layout: Layout) -> list[ReadingCheck]:
    """A row's whole column against its part columns (the parts the table has a column for). Decompositions
    of one whole compete: one is not checked where the table prints a column of another that it cannot account
    for (合计 = 一般公共预算 + 政府性基金 is not checked in a 收入总表 that also prints 其他收入)."""
    present = set(measures)
    refine = _refinements(layout.measure_checks)
    out = []
    for whole, parts in layout.measure_checks:
        if whole not in row.amounts:
            continue
        cols = _expand(parts, present, refine)
        others = present & _below([whole], refine) - {whole}
        if not cols or not others <= _below(parts, refine):
            continue
        out.append(_compare("parts", row, whole, [(p, row.amounts[p]) for p in cols if p in row.amounts], "Σ"))
    return out


def _row_sums(rows: Sequence[Row], measures: Sequence[str], layout: Layout) -> list[ReadingCheck]:
    """Summary rows against the rows that make them up (``row_checks``), column by column."""
    by_code = {r.code: r for r in rows}
    present = set(by_code)
    refine = _refinements(layout.row_checks)
    out = []
    for whole, parts in layout.row_checks:
        row = by_code.get(whole)
        if row is None:
            continue
        if parts == ("functional",):
            members = [r for r in rows if r.scheme == "functional" and r.code.isdigit()]
        else:
            members = [by_code[p] for p in _expand(parts, present, refine)]
        if not members:
            continue
        for m in row.amounts:
            out.append(_compare("rows", row, m, [(r.code, r.amounts[m]) for r in members if m in r.amounts], "Σ"))
    return out


_FIGURE = re.compile(r"^[(（]?-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{1,2}[)）]?$")


def unread_notes(pages: Sequence[PageView], drafts: Sequence["TableDraft"], layout: Layout) -> tuple[Note, ...]:
    """What a table page prints that no table read accounts for: a title of a table of no known kind (a line of
    its own ending in 表, not a 目录 entry, above a ruled table), and rows of figures outside every table (two
    or more figures on a line without a unit, outside every ruled grid and every table read)."""
    out: list[Note] = []
    table_pages = {p for d in drafts for p in d.pages}
    areas: dict[int, list[tuple[float, ...]]] = {}
    for d in drafts:
        for g in d.grids:
            areas.setdefault(g.page, []).append(g.bbox)
    for view in pages:
        if view.number not in table_pages:
            continue
        grids = [g.bbox for g in page_grids(view)] + areas.get(view.number, [])

        def inside(line) -> bool:
            mid = (line.top + line.bottom) / 2
            return any(b[1] - 1 <= mid <= b[3] + 1 and line.x1 > b[0] and line.x0 < b[2] for b in grids)

        for line in view.lines:
            t = norm(line.text)
            if inside(line) or not t:
                continue
            if (5 <= len(t) <= layout.title_max_chars and t.endswith("表")
                    and not (layout.set_heading and layout.set_heading.search(t))
                    and not layout.toc_line.search(line.text)
                    and layout.table_kind(layout.unit.sub("", t)) is None and layout.title_prefix.sub("", t)
                    and any(g[1] >= line.bottom - 1 for g in grids)):
                out.append(Note(view.number, " ".join(line.text.split()), "unknown_title"))
            elif "万元" not in t and sum(1 for w in line.words if _FIGURE.match(w["text"])) >= 2:
                out.append(Note(view.number, " ".join(line.text.split()), "stray_figures"))
    return tuple(out)
