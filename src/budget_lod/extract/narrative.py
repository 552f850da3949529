"""The narrative of a disclosure → claims (figures the text states), notes (its paragraphs) and the 目录.

The text of every page is read from its :class:`~budget_lod.extract.pages.PageView` lines, leaving out lines
that sit inside a ruled table (crossed by three or more vertical rulings) and lone page numbers. Lines are
joined into *blocks*: a block starts at a heading (``一、``, ``（二）``, ``3.`` …) or after a title line and
runs on over wrapped lines (and over a page break when the last line is full width). Blocks become
:class:`~budget_lod.model.document.Note` s of kind ``text``; 目录 entries become notes of kind ``toc``.

Each block is cut into sentences at ``。！？`` and each sentence scanned for *events*: figures with a unit
(``9,101.68万元``, ``839万元``, ``1720.00万``), percentages (``57.14%``) and flat words (``持平``, ``一致``).
A figure becomes a claim only when its subject is resolved (:mod:`budget_lod.extract.narrative_claims`): a
year-on-year change of the figure before it, a classification item named by a path of 类/款/项 names
(:mod:`budget_lod.extract.narrative_items`) — the paragraph is then about that item and its base-year figure,
restatement and change bind to it — a base-year figure, or a subject pattern. The patterns are data in
``specs/narrative.toml``. :func:`resolve_claim_codes` gives item claims their code from the document's tables
(a claim whose item stays unresolved is left out).

Claim kinds (``Claim.kind``):

=============================  ==========================================================================
kind                           what the figure claims to be
=============================  ==========================================================================
``income_total``               收入预算 / 预算收入 (all revenue)
``expenditure_total``          支出预算 (all expenditure); also “收支预算” (revenue = expenditure)
``income_fiscal``              财政拨款收入
``income_general_budget``      一般公共预算(拨款)收入
``income_government_fund``     政府性基金 (基金预算) 收入
``income_state_capital``       国有资本经营预算收入
``income_special_account``     财政专户(核拨/管理资金)收入
``income_unit_funds``          单位资金收入
``income_business``            事业收入
``income_operating``           事业单位经营收入
``income_other``               其他收入
``income_carryover``           上年结转(结余)
``income_other_funds``         其他资金
``expenditure_fiscal``         财政拨款支出预算
``expenditure_general_budget`` 一般公共预算拨款支出
``expenditure_government_fund``  政府性基金拨款支出
``expenditure_state_capital``  国有资本经营预算拨款支出
``basic_total``                基本支出
``basic_fiscal``               财政拨款基本支出
``basic_general_budget``       一般公共预算(财政拨款)基本支出
``project_total``              项目支出
``reserve_total``              单位预留机动经费
``personnel``                  人员经费
``public``                     (日常)公用经费
``three_public_total``         “三公”经费
``overseas``                   因公出国（境）费
``vehicle_total``              公务用车购置及运行(维)费
``vehicle_purchase``           公务用车购置费
``vehicle_operation``          公务用车运行(维护)费
``reception``                  公务接待费
``meeting`` / ``training``     会议费 / 培训费
``admin_operating``            机关运行经费
``procurement_total``          政府采购预算
``procurement_goods`` / ``procurement_works`` / ``procurement_services``   货物 / 工程 / 服务
``procurement_sme``            面向中小企业预留 (SME reserved share)
``procurement_small_micro``    预留给小型和微型企业
``assets_total``               上年末固定资产金额 / 资产总额
``asset_purchase``             拟购置固定资产总额
``procurement_included``       an amount the text says is in the procurement budget (拟购置固定资产总额
                               为10.00万元，已按要求列入政府采购预算): implied, see ``[[implied]]``
``performance_project_total``  涉及项目预算资金 (amount of projects with performance targets)
``functional_item``            a 功能分类 line: ``path`` = its names as printed (higher levels from the
                               headings), ``levels`` = their levels, ``code`` = the code (printed, or
                               resolved by :func:`resolve_claim_codes`), ``table`` = the section's table
``economic_item``              an 经济分类 line (工资福利支出（类）, 基本工资（款）), likewise
``prior_year``                 a base-year figure (``2023年当年预算执行数为60.13万元``); ``subject`` is
                               the kind it is about (``code``/``path`` for functional items)
``change``                     a year-on-year change: ``subject`` = kind that changed, ``direction``
                               increase/decrease/flat, ``amount`` and/or ``percent`` as stated,
                               ``base_year``, ``basis`` (预算, 预算执行 …), ``current`` (the figure stated
                               for this year, if any) and ``base`` (the base-year figure its sentence states)
``project_count``              number of projects (``编报绩效目标的项目共25个``), in ``count``
``vehicle_count``              vehicles held (``共有车辆0辆``), in ``count``
``vehicle_purchase_count``     vehicles to buy (``购置车辆1辆``), in ``count``
``execution``                  (final accounts) how a budget was carried out: ``amount`` the 决算数, ``base``
                               the budget stated, ``phase`` which budget (initial_budget / adjusted_budget),
                               ``percent`` the completion rate, ``direction`` and ``reason`` of the gap;
                               ``subject`` the total, or ``code``/``path`` the line (subject functional_item)
=============================  ==========================================================================
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from budget_lod.extract.narrative_claims import ITEM_KINDS, DocumentReader
from budget_lod.extract.narrative_execution import ExecutionSpec
from budget_lod.extract.narrative_items import ItemPath, ItemSpec, Segment, resolve, standard_classes, table_names
from budget_lod.extract.pages import PageView, TextLine
from budget_lod.model.document import Claim, Note, Table
from budget_lod.specs.layout import load_layout, norm

SPEC_PATH = Path(__file__).resolve().parents[1] / "specs" / "narrative.toml"

_SPACE = re.compile(r"\s+")
_ASCII_GAP = re.compile(r"(?<=[A-Za-z0-9%])\s+(?=[A-Za-z0-9])")
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*\d+)?[-–—\s]*$")
_OPEN_END = "。！？!?"  # a line ending in one of these closes its sentence
_CLAUSE_DELIM = "，,；;：:、"


@dataclass(frozen=True)
class _Subject:
    kind: str
    pattern: re.Pattern[str]
    exclude: re.Pattern[str] | None = None  # (counts) words of the clause that name another set counted


@dataclass(frozen=True)
class _Joint:
    kinds: tuple[str, ...]
    figure: re.Pattern[str]
    change: re.Pattern[str]


@dataclass(frozen=True)
class _Implied:
    of: str
    pattern: re.Pattern[str]
    kind: str


@dataclass(frozen=True)
class NarrativeSpec:
    """The patterns of ``specs/narrative.toml``, compiled."""

    headings: tuple[re.Pattern[str], ...]
    toc_title: re.Pattern[str]
    toc_strip: re.Pattern[str]
    changes: tuple[re.Pattern[str], ...]
    unfilled_change: re.Pattern[str]
    basis_noise: re.Pattern[str]
    directions: dict[str, str]
    year_figure: re.Pattern[str]
    budget_year: re.Pattern[str]
    breakdown: re.Pattern[str]
    functional: re.Pattern[str]
    level_marks: re.Pattern[str]
    separators: re.Pattern[str]
    items: ItemSpec
    section_heading: re.Pattern[str]
    section_table: re.Pattern[str]
    bare_label: re.Pattern[str]
    action: re.Pattern[str]
    earlier_year: re.Pattern[str]
    subjects: tuple[_Subject, ...]
    counts: tuple[_Subject, ...]
    joints: tuple[_Joint, ...]
    implied: tuple[_Implied, ...]
    execution: ExecutionSpec

    @property
    def kinds(self) -> tuple[str, ...]:
        """Every kind of claim this spec can produce."""
        fixed = ["functional_item", "economic_item", "prior_year", "change", "execution"]
        kinds = [s.kind for s in self.subjects] + fixed + [c.kind for c in self.counts] + [i.kind for i in self.implied]
        return tuple(dict.fromkeys(kinds))


@lru_cache(maxsize=4)
def load_spec(path: Path = SPEC_PATH) -> NarrativeSpec:
    """Read and compile the narrative patterns (cached)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    items = data["items"]
    c = re.compile
    return NarrativeSpec(
        headings=tuple(c(p) for p in data["headings"]),
        toc_title=c(data["toc_title"]),
        toc_strip=c(data["toc_strip"]),
        changes=tuple(c(p) for p in data["changes"]),
        unfilled_change=c(data["unfilled_change"]),
        basis_noise=c(data["basis_noise"]),
        directions=dict(data["directions"]),
        year_figure=c(data["year_figure"]["pattern"]),
        budget_year=c(data["budget_year"]),
        breakdown=c(data["breakdown"]),
        functional=c(data["functional"]["pattern"]),
        level_marks=c(data["functional"]["level_marks"]),
        separators=c(data["functional"]["separators"]),
        items=ItemSpec(
            segment=c(items["segment"]), filler=c(items["filler"]), enumeration=c(items["enumeration"]),
            leave=c(items["leave"]), not_alone=c(items["not_alone"]), quoted=c(data["functional"]["pattern"]),
            level_marks=c(data["functional"]["level_marks"]), separators=c(data["functional"]["separators"]),
            classes=standard_classes(load_layout().functional_classes, items["economic_classes"]),
        ),
        section_heading=c(data["section"]["heading"]),
        section_table=c(data["section"]["table"]),
        bare_label=c(data["bare_label"]),
        action=c(data["action"]),
        earlier_year=c(data["earlier_year"]),
        subjects=tuple(_Subject(s["kind"], c(s["pattern"])) for s in data["subject"]),
        counts=tuple(_Subject(s["kind"], c(s["pattern"]), c(s["exclude"]) if "exclude" in s else None)
                     for s in data["count"]),
        joints=tuple(_Joint(tuple(j["kinds"]), c(j["figure"]), c(j["change"])) for j in data.get("joint", ())),
        implied=tuple(_Implied(s["of"], c(s["pattern"]), s["kind"]) for s in data.get("implied", ())),
        execution=ExecutionSpec.load(data["execution"]),
    )


def normalise(text: str) -> str:
    """Drop the spaces pdf text puts between Chinese characters; keep one between two ASCII words."""
    return _SPACE.sub("", _ASCII_GAP.sub("\x00", text.strip())).replace("\x00", " ")


# ---------------------------------------------------------------------------------------------- text


@dataclass(frozen=True)
class _Line:
    text: str  # normalised
    page: int
    full: bool  # reaches (close to) the right margin of the page's text
    title: bool  # short line that does not end like a sentence: a heading of its own


@dataclass
class _Block:
    text: str
    starts: list[int]  # offsets where a page's text begins …
    pages: list[int]  # … and that page

    def page_at(self, offset: int) -> int:
        return self.pages[max(0, bisect_right(self.starts, offset) - 1)]


def _in_table(line: TextLine, verticals: list[tuple[float, float, float]]) -> bool:
    """A line crossed by vertical rulings at three or more distinct x positions sits inside a table."""
    mid = (line.top + line.bottom) / 2
    xs = {round(x) for x, top, bottom in verticals if top <= mid <= bottom}
    return len(xs) >= 3


def _in_area(line: TextLine, areas: Sequence[tuple[float, float, float, float]]) -> bool:
    """A line inside a located table's grid (``(x0, top, x1, bottom)``), rulings or not."""
    mid = (line.top + line.bottom) / 2
    return any(top - 1 <= mid <= bottom + 1 and line.x1 > x0 and line.x0 < x1 for x0, top, x1, bottom in areas)


def _page_lines(page: PageView, areas: Sequence[tuple[float, float, float, float]] = ()) -> tuple[list[_Line], bool]:
    """Narrative lines of a page, and whether a table follows the last of them on the page. ``areas`` are
    the grids of the tables located on the page (a table printed without rulings is found only so)."""
    verticals = [
        (float(e["x0"]), float(e["top"]), float(e["bottom"]))
        for e in page.rulings
        if e.get("orientation") == "v" and float(e["bottom"]) - float(e["top"]) > 2
    ]
    kept: list[TextLine] = []
    table_after = False
    for line in page.lines:
        if (verticals and _in_table(line, verticals)) or (areas and _in_area(line, areas)):
            table_after = True
            continue
        if _PAGE_NUMBER.match(line.text):
            continue
        kept.append(line)
        table_after = False
    if not kept:
        return [], table_after
    right = max(line.x1 for line in kept)
    out = []
    for line in kept:
        size = max(line.bottom - line.top, 6.0)
        text = normalise(line.text)
        full = line.x1 >= right - 2.5 * size
        title = not full and not text.endswith(tuple(_OPEN_END + _CLAUSE_DELIM + "）)”\"")) and len(text) <= 40
        out.append(_Line(text, page.number, full, title))
    return out, table_after


def _is_heading(text: str, spec: NarrativeSpec) -> bool:
    return any(p.match(text) for p in spec.headings)


def _blocks(pages: Sequence[PageView], spec: NarrativeSpec, skip: set[int],
            areas: Mapping[int, Sequence[tuple[float, float, float, float]]] | None = None) -> list[_Block]:
    """Narrative lines of all pages grouped into blocks (see the module docstring)."""
    blocks: list[_Block] = []
    current: _Block | None = None
    prev: _Line | None = None

    def flush() -> None:
        nonlocal current
        if current is not None and current.text:
            blocks.append(current)
        current = None

    for page in pages:
        if page.number in skip:
            flush()
            prev = None
            continue
        lines, table_after = _page_lines(page, (areas or {}).get(page.number, ()))
        for i, line in enumerate(lines):
            new_page = i == 0
            starts_block = (
                current is None
                or _is_heading(line.text, spec)
                or line.title
                or (prev is not None and prev.title)
                or (new_page and (prev is None or not prev.full or prev.text.endswith(tuple(_OPEN_END))))
            )
            if starts_block:
                flush()
                current = _Block("", [], [])
            assert current is not None
            if not current.pages or current.pages[-1] != line.page:
                current.starts.append(len(current.text))
                current.pages.append(line.page)
            current.text += line.text
            prev = line
        if table_after:
            flush()
            prev = None
    flush()
    return blocks


def _toc(pages: Sequence[PageView], spec: NarrativeSpec) -> tuple[tuple[str, ...], set[int]]:
    """Entries of the 目录 (within the first pages) and the pages it occupies."""
    for page in pages[:6]:
        texts = [normalise(line.text) for line in page.lines]
        for i, text in enumerate(texts):
            if spec.toc_title.match(text):
                entries = []
                for entry in texts[i + 1:]:
                    entry = spec.toc_strip.sub("", entry).strip()
                    if entry and not _PAGE_NUMBER.match(entry):
                        entries.append(entry)
                return tuple(entries), {page.number}
    return (), set()


# ---------------------------------------------------------------------------------------------- API


def extract_narrative(
    pages: Sequence[PageView], unit: str,
    table_areas: Mapping[int, Sequence[tuple[float, float, float, float]]] | None = None,
    kind: str = "budget",
) -> tuple[tuple[Claim, ...], tuple[Note, ...], tuple[str, ...]]:
    """Claims, notes and table-of-contents entries of a disclosure's narrative.

    ``kind`` is the document's kind: final accounts (``final_accounts``) also state how the budget was carried out
    (``execution`` claims, :mod:`budget_lod.extract.narrative_execution`).

    ``table_areas`` (page number → grid boxes of the tables located there) keeps the cells of tables
    printed without rulings out of the narrative; ruled tables are recognised by their rulings anyway.

    ``unit`` is the document's unit of amounts, used for the rare figure a recognised sentence prints
    without a unit (``支出预算为954.06``). Figures with a unit (万元, 元, 亿元, the shorthand 万) keep it.
    """
    spec = load_spec()
    toc, toc_pages = _toc(pages, spec)
    notes: list[Note] = [Note(page, entry, "toc") for page in sorted(toc_pages) for entry in toc]
    blocks = _blocks(pages, spec, toc_pages, table_areas)
    reader = DocumentReader(spec, unit, _budget_year(blocks, spec), _section_table, final=kind == "final_accounts")
    claims: list[Claim] = []
    for block in blocks:
        notes.append(Note(block.pages[0], block.text, "text"))
        claims.extend(reader.read(block))
    return tuple(claims), tuple(notes), toc


def _section_table(title: str) -> tuple[str, str | None] | None:
    """(kind, scheme) of the table a section heading's title names, by the layout's table titles."""
    layout = load_layout()
    kind = layout.table_kind(norm(title))
    if kind is None:
        return None
    scheme = layout.spec(kind).scheme
    return kind, scheme if scheme in ("functional", "economic") else None


def _budget_year(blocks: Sequence[_Block], spec: NarrativeSpec) -> int | None:
    """The budget year: the latest year the text names as a budget's (“2025年部门预算”, “预算年度：2025”)."""
    years = [int(m.group("year") or m.group("year2")) for b in blocks for m in spec.budget_year.finditer(b.text)]
    return max(years) if years else None


def resolve_claim_codes(claims: Iterable[Claim], tables: Iterable[Table]) -> tuple[Claim, ...]:
    """Give claims about a classification item (and the changes and base-year figures about it) the code
    their path names in the document's tables and the standard 类 list; a claim about an item that stays
    unresolved — no such item, or several — is no claim and is left out."""
    spec = load_spec()
    names = table_names(tables)
    out = []
    for claim in claims:
        item_kind = claim.kind if claim.kind in ITEM_KINDS else claim.subject if claim.subject in ITEM_KINDS else None
        if item_kind is None or not claim.path:
            out.append(claim)
            continue
        scheme = "economic" if item_kind == "economic_item" else "functional"
        levels = claim.levels or (None,) * len(claim.path)
        path = ItemPath(tuple(Segment(n, lv) for n, lv in zip(claim.path, levels)), scheme)
        if claim.code is not None:
            out.append(claim)
            continue
        found = resolve(path, names, spec.items)
        if found is not None:
            out.append(replace(claim, code=found[1]))
    return tuple(out)
