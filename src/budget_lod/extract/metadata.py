"""Document metadata: department (and its code where printed), fiscal year, region, scope, unit.

Read with the layout's patterns from, in order: page-header lines of the table pages (Hebei:
``434 平乡县人民政府办公室 预算年度：2025 单位：万元``), the lines above each table (Shanghai:
``编制部门：… 单位：元``), the table titles, and the cover page. The region is the one the cover states
(``上海市普陀区2025年…``), else the administrative prefix of the department name (``云岭市生态环境局`` → 云岭市).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from budget_lod.extract.locate import TableDraft
from budget_lod.extract.pages import PageView
from budget_lod.specs.layout import Layout, norm


@dataclass(frozen=True)
class Metadata:
    department: str
    department_code: str | None
    fiscal_year: int
    region: str | None
    scope: str
    unit: str  # the unit most tables declare (the document's default)
    kind: str = "budget"  # budget | final_accounts


def _header_matches(pages: Sequence[PageView], layout: Layout, table_pages: set[int]):
    for view in pages:
        if view.number not in table_pages:
            continue
        for line in view.lines:
            text = " ".join(line.text.split())
            for pat in layout.header_line:
                m = pat.search(text)
                if m:
                    yield m


def read_metadata(pages: Sequence[PageView], drafts: Sequence[TableDraft], layout: Layout) -> Metadata:
    table_pages = {p for d in drafts for p in d.pages}
    head = next(_header_matches(pages, layout, table_pages), None)
    department = head.group("department") if head else None
    code = head.groupdict().get("department_code") if head else None
    year = int(head.group("fiscal_year")) if head and head.groupdict().get("fiscal_year") else None

    context = [t for d in drafts for t in (*d.context, *_caption_cells(d, layout))]
    cover = [line.text for line in pages[0].lines] if pages else []
    if department is None:
        # every table states it: the name most tables print wins (one whose label wrapped onto a second line,
        # ``部门名称：江苏省人大`` / ``常委会办公厅``, is outvoted), a longer one on a tie
        votes = Counter(m.group("department") for text in context for pat in layout.department[:]
                        for m in [pat.search(text)] if m)
        if votes:
            department = max(votes, key=lambda d: (votes[d], len(d)))
        else:
            department = next((m.group("department") for text in cover for pat in layout.department
                               for m in [pat.search(text)] if m), None)
        if department is None:  # no 部门：… line anywhere: the cover's title names it (… 2024 年度部门决算)
            title = cover_metadata(pages, layout)
            department = title.department if title else None
    if code is None:
        code = next((m.group("department_code") for text in context + cover for pat in layout.department_code
                     for m in [pat.search(text)] if m), None)
    # the department pattern stops at white space; a unit statement glued to it is cut off
    if department:
        department = layout.unit.split(department)[0].strip()
    if year is None:
        years = Counter(int(m.group("fiscal_year")) for d in drafts
                        for m in [layout.fiscal_year.search(norm(d.title))] if m)
        if not years:
            years = Counter(int(m.group("fiscal_year")) for t in cover
                            for m in [layout.fiscal_year.search(norm(t))] if m)
        if not years and layout.fiscal_year_statement is not None:
            # the cover's lines in any order (`年部门预算` above `2017`), then every page
            texts = [norm("".join(sorted(cover, key=lambda t: not t.strip().isdigit())))]
            texts += [norm(view.text) for view in pages]
            years = Counter(int(m.group("fiscal_year")) for t in texts
                            for m in layout.fiscal_year_statement.finditer(t))
        year = years.most_common(1)[0][0] if years else 0

    region = next((m.group("region") for text in [*(norm(t) for t in cover), norm(department or "")]
                   for pat in layout.region for m in [pat.search(text)] if m), None)
    if region is None:  # no region stated: the administrative prefix of the department's name
        region = next((m.group("region") for pat in layout.region_in_department
                       for m in [pat.search(norm(department or ""))] if m), None)

    scope_text = "\n".join([*cover, *(d.title for d in drafts)])
    scope = next((s for s, pat in layout.scope if pat.search(norm(scope_text))), "department")
    kind = next((k for k, pat in layout.document_kinds if pat.search(norm(scope_text))), "budget")

    units = Counter()
    for d in drafts:
        for text in d.context:
            m = layout.unit.search(text.replace(" ", ""))
            if m:
                units[m.group("unit")] += 1
                break
    unit = units.most_common(1)[0][0] if units else "元"
    return Metadata(department or "", code, year, region, scope, unit, kind)


@dataclass(frozen=True)
class Cover:
    """Whose disclosure a file says it is on its cover: department, year, scope."""

    department: str
    fiscal_year: int
    scope: str


def cover_metadata(pages: Sequence[PageView], layout: Layout, first: int = 2, lines: int = 6) -> Cover | None:
    """The cover title (``江苏省委办公厅 2017 年度部门预算``) among the first lines of the first pages — a line, or
    up to three lines read together (a title set in two lines, a year printed apart) — or ``None``. A name that
    is only a region (``上海市普陀区2025年区级部门预算``) names no department."""
    for view in pages[:first]:
        texts = [norm(line.text) for line in view.lines[:lines]]
        candidates = [_joined(texts[i:i + k]) for i in range(len(texts)) for k in (3, 2, 1) if i + k <= len(texts)]
        for text in candidates:
            for pat in layout.cover_title:
                m = pat.search(text)
                if m is None:
                    continue
                department = m.group("department")
                if any(r and r.group("region") == department for r in (p.search(text) for p in layout.region)):
                    continue  # the region's disclosures, not a department's
                scope = "unit" if m.group("scope") == "单位" else "department"
                return Cover(department, int(m.group("fiscal_year")), scope)
    return None


def _joined(texts: list[str]) -> str:
    """Lines of a title read together; a year printed on a line of its own goes before the ``年…`` it belongs
    to (``江苏省人民检察院`` / ``年部门预算`` / ``2017``)."""
    years = [t for t in texts if re.fullmatch(r"20\d{2}", t)]
    rest = [t for t in texts if t not in years]
    if len(years) == 1:
        at = next((i for i, t in enumerate(rest) if t.startswith("年")), None)
        if at is not None:
            rest.insert(at, years[0])
            return "".join(rest)
    return "".join(texts)


def _caption_cells(draft: TableDraft, layout: Layout) -> list[str]:
    """Texts of the cells above a table's header that state its metadata (a spreadsheet export prints
    ``部门：…`` and ``单位：万元`` as the grid's first row)."""
    if not draft.grids:
        return []
    g = draft.grids[0]
    out = []
    for r in range(min(2, g.n_rows)):
        texts = [c.text for c in g.row_cells(r) if c.text.strip()]
        if not texts or not all(layout.is_caption(t) for t in texts):
            break
        out += [" ".join(t.split()) for t in texts]
    return out
