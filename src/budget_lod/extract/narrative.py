"""The narrative of a disclosure → claims (figures the text states), notes (its paragraphs) and the 目录.

The text of every page is read from its :class:`~budget_lod.extract.pages.PageView` lines, leaving out lines
that sit inside a ruled table (crossed by three or more vertical rulings) and lone page numbers. Lines are
joined into *blocks*: a block starts at a heading (``一、``, ``（二）``, ``3.`` …) or after a title line and
runs on over wrapped lines (and over a page break when the last line is full width). Blocks become
:class:`~budget_lod.model.document.Note` s of kind ``text``; 目录 entries become notes of kind ``toc``.

Each block is cut into sentences at ``。！？`` and each sentence scanned for *events*: figures with a unit
(``9,101.68万元``, ``839万元``, ``1720.00万``), percentages (``57.14%``) and ``持平``. An event is
classified by its *label* — the words of its own clause in front of it — against the patterns of
``specs/narrative.toml`` (data, not code): first a year-on-year change (``比2024年预算减少``), then a
quoted classification path (``“一般公共服务支出-…-行政运行”科目``), a base-year figure
(``2023年当年预算执行数为``), a restatement (``2024年预算安排``), and finally the ordered list of subject
patterns. Figures whose label matches nothing are not claims.

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
``expenditure_fiscal``         财政拨款支出预算
``expenditure_general_budget`` 一般公共预算拨款支出
``expenditure_government_fund``  政府性基金拨款支出
``expenditure_state_capital``  国有资本经营预算拨款支出
``basic_total``                基本支出
``project_total``              项目支出
``personnel``                  人员经费
``public``                     (日常)公用经费
``three_public_total``         “三公”经费
``overseas``                   因公出国（境）费
``vehicle_total``              公务用车购置及运行(维)费
``vehicle_purchase``           公务用车购置费
``vehicle_operation``          公务用车运行(维护)费
``reception``                  公务接待费
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
``functional_item``            a 功能分类 line: ``path`` = printed names, ``subject`` = names joined by
                               ``-``, ``code`` = printed code or ``None`` (see :func:`resolve_claim_codes`)
``prior_year``                 a base-year figure (``2023年当年预算执行数为60.13万元``); ``subject`` is
                               the kind it is about (``code``/``path`` for functional items)
``change``                     a year-on-year change: ``subject`` = kind that changed, ``direction``
                               increase/decrease/flat, ``amount`` and/or ``percent`` as stated,
                               ``base_year``, ``current`` (the figure stated for this year, if any) and
                               ``base`` (the base-year figure, if stated)
``project_count``              number of projects (``编报绩效目标的项目共25个``), in ``count``
``vehicle_count``              vehicles held (``共有车辆0辆``), in ``count``
``vehicle_purchase_count``     vehicles to buy (``购置车辆1辆``), in ``count``
=============================  ==========================================================================
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from budget_lod.extract.pages import PageView, TextLine
from budget_lod.model.amounts import parse_amount, precision_of, to_yuan
from budget_lod.model.document import Amount, Claim, Note, Table

SPEC_PATH = Path(__file__).resolve().parents[1] / "specs" / "narrative.toml"

_SPACE = re.compile(r"\s+")
_ASCII_GAP = re.compile(r"(?<=[A-Za-z0-9%])\s+(?=[A-Za-z0-9])")
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*\d+)?[-–—\s]*$")
_SENTENCE_END = re.compile(r"[。！？!?]")
_CLAUSE_DELIM = "，,；;：:、"
_OPEN_END = "。！？!?"  # a line ending in one of these closes its sentence

# events in a sentence: a figure with a unit, a percentage, 持平, or a bare decimal (the table's unit)
_EVENT = re.compile(
    r"(?<![\d.,])(?P<amount>[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+(?:\.\d+)?)\s*"
    r"(?P<unit>亿元|万元|千元|元|万(?![\u4e00-\u9fff]|元))"
    r"|(?P<pct>(?<![\d.,])\d+(?:\.\d+)?\s*[%％])"
    r"|(?P<flat>持平)"
    r"|(?P<bare>(?<![\d.,])(?:\d{1,3}(?:,\d{3})+\.\d+|\d+\.\d{2})(?![\d.%％万元年月日号]))"
)


@dataclass(frozen=True)
class _Subject:
    kind: str
    pattern: re.Pattern[str]


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
    change: re.Pattern[str]
    directions: dict[str, str]
    year_figure: re.Pattern[str]
    budget_year: re.Pattern[str]
    breakdown: re.Pattern[str]
    functional: re.Pattern[str]
    level_marks: re.Pattern[str]
    separators: re.Pattern[str]
    subjects: tuple[_Subject, ...]
    counts: tuple[_Subject, ...]
    implied: tuple[_Implied, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """Every kind of claim this spec can produce."""
        fixed = ["functional_item", "prior_year", "change"]
        kinds = [s.kind for s in self.subjects] + fixed + [c.kind for c in self.counts] + [i.kind for i in self.implied]
        return tuple(dict.fromkeys(kinds))


@lru_cache(maxsize=4)
def load_spec(path: Path = SPEC_PATH) -> NarrativeSpec:
    """Read and compile the narrative patterns (cached)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    c = re.compile
    return NarrativeSpec(
        headings=tuple(c(p) for p in data["headings"]),
        toc_title=c(data["toc_title"]),
        toc_strip=c(data["toc_strip"]),
        change=c(data["change"]),
        directions=dict(data["directions"]),
        year_figure=c(data["year_figure"]["pattern"]),
        budget_year=c(data["budget_year"]),
        breakdown=c(data["breakdown"]),
        functional=c(data["functional"]["pattern"]),
        level_marks=c(data["functional"]["level_marks"]),
        separators=c(data["functional"]["separators"]),
        subjects=tuple(_Subject(s["kind"], c(s["pattern"])) for s in data["subject"]),
        counts=tuple(_Subject(s["kind"], c(s["pattern"])) for s in data["count"]),
        implied=tuple(_Implied(s["of"], c(s["pattern"]), s["kind"]) for s in data.get("implied", ())),
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


# ---------------------------------------------------------------------------------------------- claims


@dataclass(frozen=True)
class _Ref:
    """What a figure is about: kind, code, path — the subject a later change or base figure refers to."""

    kind: str
    code: str | None = None
    path: tuple[str, ...] = ()

    @property
    def subject(self) -> str | None:
        return "-".join(self.path) if self.path else None


def _amount(number: str, unit: str, page: int) -> Amount | None:
    try:
        value = parse_amount(number)
    except ValueError:
        return None
    if value is None:
        return None
    unit = "万元" if unit == "万" else unit
    return Amount(to_yuan(value, unit), number.replace(" ", ""), unit, precision_of(value), page)


def _label(sentence: str, start: int, floor: int) -> str:
    """The words of the clause in front of ``start`` (not reaching back past ``floor``)."""
    cut = max((sentence.rfind(d, floor, start) for d in _CLAUSE_DELIM), default=-1)
    text = sentence[max(floor, cut + 1):start]
    return text.strip(" （(）)")


def _functional_ref(text: str, spec: NarrativeSpec) -> _Ref | None:
    m = spec.functional.search(text)
    if not m:
        return None
    quoted = m.group("path")
    code_m = re.search(r"(?<!\d)(\d{7}|\d{5}|\d{3})(?!\d)", quoted)
    code = code_m.group(1) if code_m else None
    if code_m:
        quoted = (quoted[: code_m.start()] + quoted[code_m.end():]).strip(" （()）")
    if spec.level_marks.search(quoted):
        parts = spec.level_marks.split(quoted)
    else:
        parts = spec.separators.split(quoted)
    path = tuple(p.strip() for p in parts if p.strip())
    if not path:
        return None
    return _Ref("functional_item", code, path)


def _subject_of(label: str, spec: NarrativeSpec) -> str | None:
    for s in spec.subjects:
        if s.pattern.search(label):
            return s.kind
    return None


@dataclass
class _Sentence:
    """Figures seen so far in the sentence being read."""

    text: str
    head: tuple[_Ref, Amount | None] | None = None  # first plain figure
    last: tuple[_Ref, Amount | None] | None = None  # latest plain figure
    last_change: int | None = None  # index (in the reader's claims) of the latest change


class _SentenceReader:
    """Turns the sentences of one block into claims, keeping the context a change refers back to."""

    def __init__(self, block: _Block, spec: NarrativeSpec, unit: str, year: int | None):
        self.block = block
        self.spec = spec
        self.unit = unit
        self.year = year  # the budget year (most named year of the narrative)
        self.claims: list[Claim] = []
        self.context: tuple[_Ref, Amount | None] | None = None  # head figure of the last sentence with one
        self.priors: list[tuple[_Ref, Amount]] = []
        self.base_year: int | None = None

    def read(self) -> list[Claim]:
        text = self.block.text
        start = 0
        for m in list(_SENTENCE_END.finditer(text)) + [None]:
            end = m.end() if m else len(text)
            if end > start:
                self._sentence(start, end)
            start = end
        return self.claims

    def _sentence(self, s0: int, s1: int) -> None:
        st = _Sentence(self.block.text[s0:s1])
        for c in self.spec.counts:
            for m in c.pattern.finditer(st.text):
                page = self.block.page_at(s0 + m.start())
                count = next(int(v) for v in m.groupdict().values() if v is not None)
                self.claims.append(Claim(c.kind, st.text, page, count=count))
        floor = 0
        for m in _EVENT.finditer(st.text):
            label = _label(st.text, m.start(), floor) + ("持平" if m.group("flat") else "")
            wide = st.text[floor:m.start()]
            page = self.block.page_at(s0 + m.start())
            floor = m.end()
            amount: Amount | None = None
            percent: Decimal | None = None
            if m.group("amount"):
                amount = _amount(m.group("amount"), m.group("unit"), page)
            elif m.group("bare"):
                amount = _amount(m.group("bare"), self.unit, page)
            elif m.group("pct"):
                percent = Decimal(re.sub(r"[\s%％]", "", m.group("pct")))
            if self._change(st, label, page, amount, percent):
                continue
            if amount is not None:
                self._figure(st, label, wide, page, amount, bare=m.group("bare") is not None)
        if st.head is not None and not self.spec.breakdown.match(st.text):
            self.context = st.head  # a “其中：…” sentence details its predecessor, whose head stays the context

    def _change(self, st: _Sentence, label: str, page: int, amount: Amount | None, percent: Decimal | None) -> bool:
        """Record a year-on-year change if ``label`` states one; ``True`` if the event was consumed."""
        spec = self.spec
        change = spec.change.search(label)
        if not change:
            return False
        direction = spec.directions[change.group("verb")]
        rest = label[: change.start()]
        own = _subject_of(rest, spec) if rest.strip("其中：:") else None
        if not change.group("cmp") and own is None:
            prev = self.claims[st.last_change] if st.last_change is not None else None
            if percent is not None and prev is not None and prev.percent is None and prev.direction == direction:
                # "…减少2,389.52万元，下降20.8%": the percentage of the change just stated
                self.claims[st.last_change] = replace(prev, percent=percent)
                return True
            return False  # "支持商销稳增长30.00万": a verb inside a name, not a stated change
        year = int(change.group("year")) if change.group("year") else None
        if year is not None:
            self.base_year = year
        ref_amount = (_Ref(own), None) if own is not None else (st.last or self.context)
        ref = ref_amount[0] if ref_amount else None
        base = next((a for r, a in reversed(self.priors) if r == ref), None) if ref else None
        self.claims.append(Claim(
            "change", st.text, page, amount=amount, code=ref.code if ref else None,
            subject=ref.kind if ref else None, direction=direction, percent=percent,
            base_year=year if year is not None else self.base_year,
            base=base, current=ref_amount[1] if ref_amount else None, path=ref.path if ref else (),
        ))
        st.last_change = len(self.claims) - 1
        return True

    def _figure(self, st: _Sentence, label: str, wide: str, page: int, amount: Amount, bare: bool) -> None:
        """Record a plain figure: a functional line, a base-year figure, a restatement or a subject."""
        spec = self.spec
        ref = _functional_ref(wide, spec)
        year_m = spec.year_figure.match(label) if ref is None else None
        if year_m is not None:
            ctx = st.last or self.context
            if ctx is None:
                return
            ref = ctx[0]
            year = int(year_m.group("year"))
            if self.year is not None and year < self.year:
                self.priors.append((ref, amount))
                self.claims.append(Claim(
                    "prior_year", st.text, page, amount=amount, code=ref.code, subject=ref.kind,
                    base_year=year, path=ref.path,
                ))
                return
        if ref is None:
            kind = _subject_of(label, spec)
            if kind is None or (bare and not label):
                return
            ref = _Ref(kind)
        self.claims.append(Claim(ref.kind, st.text, page, amount=amount, code=ref.code, subject=ref.subject, path=ref.path))
        for imp in spec.implied:
            if imp.of == ref.kind and imp.pattern.search(st.text):
                self.claims.append(Claim(imp.kind, st.text, page, amount=amount))
        st.last = (ref, amount)
        if st.head is None:
            st.head = st.last


# ---------------------------------------------------------------------------------------------- API


def extract_narrative(
    pages: Sequence[PageView], unit: str,
    table_areas: Mapping[int, Sequence[tuple[float, float, float, float]]] | None = None,
) -> tuple[tuple[Claim, ...], tuple[Note, ...], tuple[str, ...]]:
    """Claims, notes and table-of-contents entries of a disclosure's narrative.

    ``table_areas`` (page number → grid boxes of the tables located there) keeps the cells of tables
    printed without rulings out of the narrative; ruled tables are recognised by their rulings anyway.

    ``unit`` is the document's unit of amounts, used for the rare figure a recognised sentence prints
    without a unit (``支出预算为954.06``). Figures with a unit (万元, 元, 亿元, the shorthand 万) keep it.
    """
    spec = load_spec()
    toc, toc_pages = _toc(pages, spec)
    notes: list[Note] = [Note(page, entry, "toc") for page in sorted(toc_pages) for entry in toc]
    blocks = _blocks(pages, spec, toc_pages, table_areas)
    year = _budget_year(blocks, spec)
    claims: list[Claim] = []
    for block in blocks:
        notes.append(Note(block.pages[0], block.text, "text"))
        claims.extend(_SentenceReader(block, spec, unit, year).read())
    return tuple(claims), tuple(notes), toc


def _budget_year(blocks: Sequence[_Block], spec: NarrativeSpec) -> int | None:
    """The budget year: the latest year the text names as a budget's (“2025年部门预算”, “预算年度：2025”)."""
    years = [int(m.group("year") or m.group("year2")) for b in blocks for m in spec.budget_year.finditer(b.text)]
    return max(years) if years else None


_ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+、|\d{1,2}[.、．]\s*)")


def _norm_name(name: str) -> str:
    return normalise(name).replace("(", "（").replace(")", "）")


def resolve_claim_codes(claims: Iterable[Claim], tables: Iterable[Table]) -> tuple[Claim, ...]:
    """Give ``functional_item`` claims (and changes and base figures about them) the code their printed
    names have in the document's functional tables, where the names identify one code."""
    names: dict[str, str] = {}
    for table in tables:
        for row in table.rows:
            if row.scheme == "functional" and row.code.isdigit():
                # summary tables print 类 rows enumerated (一、一般公共服务支出): drop the enumeration
                names.setdefault(row.code, _norm_name(_ENUMERATION.sub("", row.name.strip())))

    def lookup(path: tuple[str, ...]) -> str | None:
        want = [_norm_name(p) for p in path]
        hits = []
        for code, name in names.items():
            if name != want[-1]:
                continue
            chain = [code[:n] for n in (3, 5, 7) if n <= len(code)]
            if len(want) <= len(chain) and all(names.get(c) == w for c, w in zip(chain[-len(want):], want)):
                hits.append(code)
        return hits[0] if len(hits) == 1 else None

    out = []
    for claim in claims:
        if claim.path and claim.code is None:
            code = lookup(claim.path)
            if code is not None:
                claim = replace(claim, code=code)
        out.append(claim)
    return tuple(out)
