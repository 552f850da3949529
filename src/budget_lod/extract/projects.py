"""Projects of a disclosure: performance-target tables (绩效目标表) and project explanations (项目经费情况说明).

Two shapes of the national template are read, with labels, month headers, indicator columns and
comparators kept as data in ``specs/projects.toml``:

* **绩效目标表** (Hebei and most provinces): a ruled grid per project — 项目编码 / 项目名称, 预算数 with its
  funding split (其中：财政资金 → ``fiscal``, 其他资金 → ``other``), 资金用途, the spending plan by month end
  (资金支出计划 3月底 / 6月底 / 10月底 / 12月底 → ``plan_03`` … ``plan_12``), 绩效目标 text, then indicator rows
  (一级 / 二级 / 三级指标, 绩效指标描述, 指标值, 指标值确定依据). 一级 and 二级 cells span several rows and are
  carried down, also onto the next page where the table continues (header repeated). The spending plan's
  header says ``（%）`` but the figures printed are cumulative amounts in the table's unit (the 12月底 figure
  equals the project amount), so they are read as amounts in that unit. Blank cells stay absent.
* **项目经费情况说明** (Shanghai): one page per project titled ``…经费情况说明`` with numbered sections; the
  name comes from the title, the amount from 年度预算安排 (``项目总预算1720.00万``) — or, where it prints only a
  spending plan by quarter (``第一季度用款计划158.05万元``), that plan as ``plan_q1`` … ``plan_q4`` — the overview becomes
  ``purpose`` and the 绩效目标 section ``goals``. No indicators are printed there.

A project's code is its printed 项目编码, else a stable slug of its name.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from budget_lod.extract.cells import amount as cell_amount
from budget_lod.extract.grid import Grid, page_grids
from budget_lod.extract.narrative import normalise
from budget_lod.extract.pages import PageView
from budget_lod.model.amounts import parse_amount, precision_of, to_yuan
from budget_lod.model.document import Amount, Indicator, Project

SPEC_PATH = Path(__file__).resolve().parents[1] / "specs" / "projects.toml"

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class ProjectsSpec:
    """The patterns of ``specs/projects.toml``, compiled."""

    start: re.Pattern[str]
    page_hint: re.Pattern[str]
    unit: re.Pattern[str]
    default_unit: str
    fields: dict[str, re.Pattern[str]]
    funding: dict[str, re.Pattern[str]]
    spans: dict[str, re.Pattern[str]]
    plan_months: dict[str, re.Pattern[str]]
    indicator_columns: dict[str, re.Pattern[str]]
    comparators: dict[str, str]
    explanation: dict[str, re.Pattern[str]]


@lru_cache(maxsize=4)
def load_spec(path: Path = SPEC_PATH) -> ProjectsSpec:
    """Read and compile the project patterns (cached)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    c = re.compile

    def table(name: str) -> dict[str, re.Pattern[str]]:
        return {k: c(v) for k, v in data[name].items()}

    return ProjectsSpec(
        start=c(data["start"]),
        page_hint=c(data["page_hint"]),
        unit=c(data["unit"]),
        default_unit=data["default_unit"],
        fields=table("fields"),
        funding=table("funding"),
        spans=table("spans"),
        plan_months=table("plan_months"),
        indicator_columns=table("indicator_columns"),
        # longest first, so "≥" is not read as ">" plus junk and "大于等于" wins over "大于"
        comparators=dict(sorted(data["comparators"].items(), key=lambda kv: -len(kv[0]))),
        explanation=table("explanation"),
    )


def slug(name: str) -> str:
    """A stable code for a project printed without one: ``p`` + 12 hex digits of its name's hash."""
    return "p" + hashlib.sha256(normalise(name).encode("utf-8")).hexdigest()[:12]


def _flat(text: str) -> str:
    """A cell's text with its wrapped lines joined and all whitespace removed (for matching labels)."""
    return _WS.sub("", text)


def _joined(text: str) -> str:
    """A cell's text for output: wrapped lines joined (a space only between two ASCII words)."""
    return normalise(text.replace("\n", " ")) if text else ""


_ITEM = re.compile(r"^(?:\d{1,2}\s*[.、．）)]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]+、)")


def _items(lines: Sequence[str]) -> list[str]:
    """Wrapped lines of a text cell joined back into its items (a new item starts at ``1.``, ``（2）`` …)."""
    out: list[str] = []
    for line in lines:
        text = _joined(line)
        if out and not _ITEM.match(text):
            out[-1] += text
        else:
            out.append(text)
    return out


# ---------------------------------------------------------------------------------------------- targets


def parse_target(target: str, spec: ProjectsSpec | None = None) -> tuple[str | None, Decimal | None, str | None]:
    """``"≥98%"`` → (``">="``, 98, ``"%"``); ``"100%"`` → (``"="``, 100, ``"%"``); ``"持续提升"`` → (None, None, None).

    A number with no comparator is an exact target (``=``). The unit is whatever follows the number.
    """
    spec = spec or load_spec()
    text = _flat(target)
    comparator = None
    for printed, norm in spec.comparators.items():
        if text.startswith(printed):
            comparator, text = norm, text[len(printed):]
            break
    m = re.match(r"^(\d[\d,]*(?:\.\d+)?)(.*)$", text)
    if not m:
        return (comparator, None, None) if comparator else (None, None, None)
    try:
        value = Decimal(m.group(1).replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        return None, None, None
    unit = m.group(2).strip() or None
    return comparator or "=", value, unit


# ---------------------------------------------------------------------------------------------- tables


@dataclass
class _Draft:
    """A project being read from its table (possibly over several pages)."""

    unit: str
    pages: list[int]
    values: dict[str, str] = field(default_factory=dict)
    value_pages: dict[str, int] = field(default_factory=dict)
    funding: dict[str, Amount] = field(default_factory=dict)
    plan: dict[str, Amount] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)  # indicator field → column of the header
    carry: dict[str, str] = field(default_factory=dict)  # level1/level2 carried down

    def build(self) -> Project | None:
        name = self.values.get("name", "")
        if not name:
            return None
        code = _WS.sub("", self.values.get("code", "")) or slug(name)
        amount = None
        if "amount" in self.values:
            amount = cell_amount(self.values["amount"], self.unit, self.value_pages["amount"])
        purpose = "\n".join(self.texts.get("purpose", ())) or None
        goals = "\n".join(self.texts.get("goals", ())) or None
        return Project(
            code=code, name=name, amount=amount, funding=dict(self.funding), plan=dict(self.plan),
            purpose=purpose, goals=goals, indicators=tuple(self.indicators), pages=tuple(self.pages),
            unit=self.unit,
        )


def _match(patterns: dict[str, re.Pattern[str]], text: str) -> str | None:
    return next((k for k, p in patterns.items() if p.search(text)), None)


def _grid_unit(page: PageView, grid: Grid, spec: ProjectsSpec) -> str | None:
    """The unit stated in the page text just above ``grid`` (between the previous grid and it)."""
    top = grid.bbox[1]
    above = [ln for ln in page.lines if ln.bottom <= top + 1 and ln.bottom >= top - 80]
    for line in reversed(above):
        m = spec.unit.search(_flat(line.text))
        if m:
            return m.group("unit")
    return None


def _header_row(grid: Grid, spec: ProjectsSpec) -> tuple[int, dict[str, int]] | None:
    """The indicator header row of ``grid`` and the column where each indicator field starts."""
    for r in range(grid.n_rows):
        cols: dict[str, int] = {}
        for cell in grid.row_cells(r):
            key = _match(spec.indicator_columns, _flat(cell.text))
            if key is not None and key not in cols:
                cols[key] = cell.col0
        if "level1" in cols and "target" in cols:
            return r, cols
    return None


def _read_head(draft: _Draft, grid: Grid, rows: range, spec: ProjectsSpec) -> None:
    """Fields, funding, plan, purpose and goals from the key–value rows above the indicators."""
    page = grid.page
    used: set[int] = set()  # ids of cells consumed as a label or a value
    span_cells = []
    for r in rows:
        cells = grid.row_cells(r)
        for i, cell in enumerate(cells):
            text = _flat(cell.text)
            nxt = cells[i + 1] if i + 1 < len(cells) else None
            key = _match(spec.fields, text)
            fund = _match(spec.funding, text) if key is None else None
            if key is not None or fund is not None:
                used.add(id(cell))
                if nxt is not None:
                    used.add(id(nxt))
                    value = _joined(nxt.text)
                    if key is not None and value and key not in draft.values:
                        draft.values[key] = value
                        draft.value_pages[key] = page
                    elif fund is not None:
                        a = cell_amount(nxt.text, draft.unit, page)
                        if a is not None:
                            draft.funding[fund] = a
                continue
            span = _match(spec.spans, text)
            if span is not None and cell.col0 == 0:
                used.add(id(cell))
                span_cells.append((span, cell))
    for span, label in span_cells:
        if span == "plan":
            _read_plan(draft, grid, label, spec)
            continue
        for r in range(label.row0, min(label.row1, rows.stop)):
            for cell in grid.row_cells(r):
                if cell.col0 > label.col0 and id(cell) not in used and cell.text.strip():
                    used.add(id(cell))
                    draft.texts.setdefault(span, []).extend(_items(cell.lines))


def _read_plan(draft: _Draft, grid: Grid, label, spec: ProjectsSpec) -> None:
    """Month-end headers in the label's first row, figures in the rows below them (same columns)."""
    headers: dict[int, str] = {}
    for r in range(label.row0, label.row1):
        for cell in grid.row_cells(r):
            if cell is label:
                continue
            month = _match(spec.plan_months, _flat(cell.text))
            if month is not None:
                headers[cell.col0] = month
            elif cell.col0 in headers and headers[cell.col0] not in draft.plan:
                a = cell_amount(cell.text, draft.unit, grid.page)
                if a is not None:
                    draft.plan[headers[cell.col0]] = a


def _read_indicators(draft: _Draft, grid: Grid, first: int, spec: ProjectsSpec) -> None:
    """Indicator rows from ``first`` on; merged 一级/二级 cells (and cells cut by a page break) carried down."""
    cols = draft.columns
    for r in range(first, grid.n_rows):
        row: dict[str, str] = {}
        for key, col in cols.items():
            cell = grid.cell_at(r, col)
            row[key] = _joined(cell.text) if cell is not None else ""
        if not any(row.get(k) for k in ("level3", "description", "target")):
            continue
        for level in ("level1", "level2"):
            if row.get(level):
                draft.carry[level] = row[level]
            else:
                row[level] = draft.carry.get(level, "")
        target = row.get("target", "")
        comparator, value, unit = parse_target(target, spec)
        draft.indicators.append(Indicator(
            level1=row["level1"], level2=row["level2"], level3=row.get("level3", ""),
            description=row.get("description") or None, comparator=comparator, target=_flat(target),
            target_value=value, target_unit=unit, basis=row.get("basis") or None, page=grid.page,
        ))


def _table_projects(pages: Sequence[PageView], spec: ProjectsSpec) -> list[Project]:
    out: list[Project] = []
    draft: _Draft | None = None

    def close() -> None:
        nonlocal draft
        if draft is not None:
            project = draft.build()
            if project is not None:
                out.append(project)
        draft = None

    for page in pages:
        flat = _flat(page.text)
        if not page.rulings or not spec.page_hint.search(flat):
            close()
            continue
        for grid in page_grids(page):
            starts = any(spec.start.match(_flat(c.text)) for c in grid.cells)
            header = _header_row(grid, spec)
            if starts:
                close()
                unit = _grid_unit(page, grid, spec) or spec.default_unit
                draft = _Draft(unit, [page.number])
                head_rows = range(0, header[0] if header else grid.n_rows)
                _read_head(draft, grid, head_rows, spec)
            elif draft is not None and header is not None:
                if page.number not in draft.pages:
                    draft.pages.append(page.number)  # the table continues, its header repeated
            else:
                close()
                continue
            if header is not None:
                draft.columns = header[1]
                _read_indicators(draft, grid, header[0] + 1, spec)
    close()
    return out


# ---------------------------------------------------------------------------------------------- explanations


def _explanation_projects(pages: Sequence[PageView], spec: ProjectsSpec) -> list[Project]:
    ex = spec.explanation
    out: list[Project] = []
    i = 0
    while i < len(pages):
        page = pages[i]
        lines = [normalise(ln.text) for ln in page.lines]
        m = ex["title"].match(lines[0]) if lines else None
        if not m or not any(ex["requires"].search(ln) for ln in lines[1:]):
            i += 1
            continue
        used = [page.number]
        body = lines[1:]
        while i + 1 < len(pages):  # an explanation running onto the next page (no title, no table)
            nxt = pages[i + 1]
            nlines = [normalise(ln.text) for ln in nxt.lines]
            if not nlines or nxt.rulings or ex["title"].match(nlines[0]):
                break
            body += nlines
            used.append(nxt.number)
            i += 1
        out.append(_explained(m.group("name"), body, used, spec))
        i += 1
    return out


def _sections(body: list[str], spec: ProjectsSpec) -> dict[str, str]:
    ex = spec.explanation
    out: dict[str, list[str]] = {}
    key: str | None = None
    for line in body:
        if ex["heading"].match(line):
            key = next((k for k in ("overview", "budget", "goals") if ex[k].match(line)), None)
            continue
        if key is not None:
            out.setdefault(key, []).append(line)
    return {k: "".join(v) for k, v in out.items()}


def _explained(title_name: str, body: list[str], pages: list[int], spec: ProjectsSpec) -> Project:
    sections = _sections(body, spec)
    overview = sections.get("overview")
    name = title_name.strip()
    if not name and overview:
        name = re.split(r"[，,。；;]", overview, maxsplit=1)[0]
    amount = None
    m = spec.explanation["amount"].search(sections.get("budget", ""))
    if m:
        unit = "万元" if m.group("unit") == "万" else m.group("unit")
        value = parse_amount(m.group("amount"))
        if value is not None:
            amount = Amount(to_yuan(value, unit), m.group("amount"), unit, precision_of(value), pages[0])
    plan: dict[str, Amount] = {}
    for q in spec.explanation["quarter"].finditer(sections.get("budget", "")):
        unit = "万元" if q.group("unit") == "万" else q.group("unit")
        value = parse_amount(q.group("amount"))
        if value is not None:
            quarter = "一二三四".find(q.group("quarter")) + 1 or int(q.group("quarter"))
            plan.setdefault(f"plan_q{quarter}", Amount(to_yuan(value, unit), q.group("amount"), unit,
                                                      precision_of(value), pages[0]))
    return Project(
        code=slug(name), name=name, amount=amount, funding={}, plan=plan, purpose=overview,
        goals=sections.get("goals"), indicators=(), pages=tuple(pages),
        unit=amount.unit if amount else next((a.unit for a in plan.values()), "万元"),
    )


# ---------------------------------------------------------------------------------------------- API


def extract_projects(pages: Sequence[PageView]) -> tuple[Project, ...]:
    """Every project of the disclosure: performance-target tables first, then project explanations."""
    spec = load_spec()
    return tuple(_table_projects(pages, spec) + _explanation_projects(pages, spec))
