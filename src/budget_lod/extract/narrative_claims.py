"""Narrative blocks → claims: each figure bound to the subject its sentence gives it, or no claim at all.

:class:`DocumentReader` walks the blocks of a narrative in order, keeping what the headings say: the table
the current section is about (``五、财政拨款支出预算表情况说明``) and the classification headings a shorter
path takes its higher levels from (``（一）一般公共服务（类）``). :class:`_BlockReader` reads one block sentence
by sentence; each *event* (a figure, a percentage, 持平 / 一致) is classified by its label — the words of its
own clause in front of it:

1. a year-on-year change (``比2024年预算减少``, ``与上年数一致``, ``本年数小于上年预算数``): about the subject
   named in front of its verb, else the figure just stated (in the sentence, else the paragraph's);
2. a classification item (:mod:`budget_lod.extract.narrative_items`): the paragraph is then *about* that item —
   its base-year figure, restatement, change and percentage bind to the item's path, and its other figures
   make no claim until a sentence leaves the item (``此外，…``);
3. a base-year figure (``2023年当年预算执行数为``) or a restatement (``2024年预算安排``) of the figure before it;
4. a subject pattern of ``specs/narrative.toml``.

A figure none of these resolves is no claim. A change's base-year figure is taken from its own sentence
only, so a sentence's figures are compared among themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from budget_lod.extract.narrative_execution import ExecutionReader
from budget_lod.extract.narrative_execution import _Subject as _ExecSubject
from budget_lod.extract.narrative_items import ItemPath, Segment, parse_path
from budget_lod.model.amounts import parse_amount, precision_of, to_yuan
from budget_lod.model.document import Amount, Claim

if TYPE_CHECKING:
    from budget_lod.extract.narrative import NarrativeSpec, _Block

_SENTENCE_END = re.compile(r"[。！？!?]")
_CLAUSE_DELIM = "，,；;：:、"

# events in a sentence: a figure with a unit, a percentage, a flat word, or a bare decimal (the table's unit)
_EVENT = re.compile(
    r"(?<![\d.,])(?P<amount>[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+(?:\.\d+)?)\s*"
    r"(?P<unit>亿元|万元|千元|元|万(?![\u4e00-\u9fff]|元))"
    r"|(?P<pct>(?<![\d.,])\d+(?:\.\d+)?\s*[%％])"
    r"|(?P<flat>持平|一致|相等|相同)"
    r"|(?P<bare>(?<![\d.,])(?:\d{1,3}(?:,\d{3})+\.\d+|\d+\.\d{2})(?![\d.%％万元年月日号]))"
)
_ITEM_KINDS = {"functional": "functional_item", "economic": "economic_item"}
ITEM_KINDS = frozenset(_ITEM_KINDS.values())


@dataclass(frozen=True)
class _Ref:
    """What a figure is about: kind, and for a classification item its code, names and their levels."""

    kind: str
    code: str | None = None
    path: tuple[str, ...] = ()
    levels: tuple[int | None, ...] = ()


def _amount(number: str, unit: str, page: int) -> Amount | None:
    try:
        value = parse_amount(number)
    except ValueError:
        return None
    if value is None:
        return None
    unit = "万元" if unit == "万" else unit
    return Amount(to_yuan(value, unit), number.replace(" ", ""), unit, precision_of(value), page)


def _clause(sentence: str, start: int, floor: int) -> str:
    """The words of the clause in front of ``start`` (not reaching back past ``floor``), as printed."""
    cut = max((sentence.rfind(d, floor, start) for d in _CLAUSE_DELIM), default=-1)
    return sentence[max(floor, cut + 1):start]


def _subject_of(label: str, spec: "NarrativeSpec") -> str | None:
    for s in spec.subjects:
        if s.pattern.search(label):
            return s.kind
    return None


@dataclass
class DocumentReader:
    """State carried from block to block: the section's table and the classification headings."""

    spec: "NarrativeSpec"
    unit: str
    year: int | None  # the budget year
    table_kind: object  # callable: a heading's table title → table kind, or None
    section_table: str | None = None
    section_scheme: str | None = None
    context: dict[int, Segment] = field(default_factory=dict)  # level → heading segment
    context_scheme: str | None = None
    pending_heading: str | None = None  # a section heading broken over two lines
    final: bool = False  # final accounts: execution statements are read (narrative_execution)

    def read(self, block: "_Block") -> list[Claim]:
        self._headings(block.text)
        return _BlockReader(block, self).read()

    def _headings(self, text: str) -> None:
        spec = self.spec
        if spec.section_heading.match(text):
            self.context.clear()
            self.context_scheme = None
            self._section(text)
            self.pending_heading = text if self.section_table is None and len(text) <= 40 else None
            return
        if self.pending_heading is not None:
            joined, self.pending_heading = self.pending_heading + text, None
            if len(text) <= 40:
                self._section(joined)
        if len(text) <= 40 and not _EVENT.search(text):
            path = parse_path(text, spec.items)
            if path is not None and path.top is not None:
                self.remember(path.under(self.context, self.context_scheme or self.section_scheme))

    def _section(self, text: str) -> None:
        m = self.spec.section_table.match(text)
        kind = self.table_kind(m.group("title")) if m else None
        if kind is None and self.final:  # “五、一般公共预算财政拨款支出决算情况说明”
            kind = self.spec.execution.section_table(text, self.table_kind)
        self.section_table, self.section_scheme = kind if kind else (None, None)

    def remember(self, path: ItemPath) -> None:
        """A path names its levels: they are the context of shorter paths below it."""
        levels = [s.level for s in path.segments if s.level is not None]
        if not levels:
            return
        for level in [lv for lv in self.context if lv >= min(levels)]:
            del self.context[level]
        for s in path.segments:
            if s.level is not None:
                self.context[s.level] = s
        self.context_scheme = path.scheme or self.context_scheme


@dataclass
class _Sentence:
    """Figures seen so far in the sentence being read."""

    text: str
    head: tuple[_Ref, Amount | None] | None = None  # first plain figure
    last: tuple[_Ref, Amount | None] | None = None  # latest plain figure
    last_change: int | None = None  # index (in the reader's claims) of the latest change
    priors: list[tuple[_Ref, Amount]] = field(default_factory=list)  # base-year figures of this sentence
    joint: tuple[str, ...] = ()  # the totals a joint figure of this sentence stated (收入、支出预算总计…)
    joint_changes: int = 1  # how many changes the latest change statement made (several for 收、支…各增加)


class _BlockReader:
    """Turns the sentences of one block into claims, keeping the context a change refers back to."""

    def __init__(self, block: "_Block", doc: DocumentReader):
        self.block = block
        self.doc = doc
        self.spec = doc.spec
        self.claims: list[Claim] = []
        self.context: tuple[_Ref, Amount | None] | None = None  # head figure of the last sentence with one
        self.item: _Ref | None = None  # the classification item the paragraph is about
        self.base_year: int | None = None
        self.execution = ExecutionReader(self.spec, self._claim, self.claims, self._execution_item,
                                         lambda label: _subject_of(label, self.spec)) if doc.final else None

    def read(self) -> list[Claim]:
        text = self.block.text
        start = 0
        for m in list(_SENTENCE_END.finditer(text)) + [None]:
            end = m.end() if m else len(text)
            if end > start:
                self._sentence(start, end)
            start = end
        return self.claims

    def _claim(self, kind: str, sentence: str, page: int, **fields) -> Claim:
        claim = Claim(kind, sentence, page, table=self.doc.section_table, **fields)
        self.claims.append(claim)
        return claim

    def _sentence(self, s0: int, s1: int) -> None:
        st = _Sentence(self.block.text[s0:s1])
        if self.item is not None and self.spec.items.leave.match(st.text):
            self.item, self.context = None, None
        if self.execution is not None and self.execution.read(st.text, self._events(st.text, s0)):
            return
        for c in self.spec.counts:
            for m in c.pattern.finditer(st.text):
                clause = _clause(st.text, m.start(), 0) + m.group(0)
                if c.exclude is not None and c.exclude.search(clause):
                    continue
                page = self.block.page_at(s0 + m.start())
                count = next(int(v) for v in m.groupdict().values() if v is not None)
                self._claim(c.kind, st.text, page, count=count)
        floor = 0
        for m in _EVENT.finditer(st.text):
            clause = _clause(st.text, m.start(), floor)
            label = clause.strip(" （(）)") + (m.group("flat") or "")
            wide = st.text[floor:m.start()]
            page = self.block.page_at(s0 + m.start())
            floor = m.end()
            amount: Amount | None = None
            percent: Decimal | None = None
            if m.group("amount"):
                amount = _amount(m.group("amount"), m.group("unit"), page)
            elif m.group("bare"):
                amount = _amount(m.group("bare"), self.doc.unit, page)
            elif m.group("pct"):
                percent = Decimal(re.sub(r"[\s%％]", "", m.group("pct")))
            if self._change(st, clause, label, wide, page, amount, percent):
                continue
            if amount is not None:
                if m.group("bare") is not None and not _SENTENCE_END.search(st.text[-1:]):
                    continue  # a number without a unit outside a finished sentence: a table's cell, not a claim
                self._figure(st, clause, label, wide, page, amount, bare=m.group("bare") is not None)
        if st.head is not None and not self.spec.breakdown.match(st.text):
            self.context = st.head  # a “其中：…” sentence details its predecessor, whose head stays the context

    def _events(self, text: str, s0: int) -> list[tuple[re.Match[str], str, int]]:
        """Each figure or percentage of a sentence, with the words of its clause in front of it and its page."""
        out = []
        floor = 0
        for m in _EVENT.finditer(text):
            label = _clause(text, m.start(), floor).strip(" （(）)")
            out.append((m, label, self.block.page_at(s0 + m.start())))
            floor = m.end()
        return out

    def _execution_item(self, text: str) -> "_ExecSubject | None":
        """The classification item a path names (its higher levels from the headings), for execution statements."""
        path = parse_path(text, self.spec.items)
        if path is None:
            return None
        path = path.under(self.doc.context, self.doc.context_scheme or self.doc.section_scheme)
        self.doc.remember(path)
        scheme = path.scheme or self.doc.section_scheme or "functional"
        return _ExecSubject(_ITEM_KINDS[scheme], ItemPath(path.segments, scheme).printed_code(), path.names,
                            path.levels)

    # ------------------------------------------------------------------ changes
    def _match_change(self, label: str) -> re.Match[str] | None:
        for pattern in self.spec.changes:
            m = pattern.search(label)
            if m:
                return m
        return None

    def _change(self, st: _Sentence, clause: str, label: str, wide: str, page: int, amount: Amount | None,
                percent: Decimal | None) -> bool:
        """Record a year-on-year change if ``label`` states one; ``True`` if the event was consumed."""
        spec = self.spec
        unfilled = spec.unfilled_change.search(clause)
        if unfilled:
            if not ((amount is not None and amount.yuan == 0) or (percent is not None and percent == 0)):
                return True  # a direction the template left open, and not zero: no claim
            # read as if only the first verb were printed, then as flat
            label = (clause[: unfilled.start()] + unfilled.group(0)[:2]).strip(" （(）)")
        if not unfilled:
            for joint in spec.joints:
                jm = joint.change.search(wide.strip(" （(）)"))
                if jm:  # “与上年相比收、支预算总计各增加Y万元”: each one's change
                    return self._joint_change(st, joint, jm, page, amount, percent)
        own_clause = None if unfilled else self.spec.changes[-1].search(wide.strip(" （(）)"))
        change = own_clause or self._match_change(label)
        if not change:
            return False
        if change.string is not label:
            label = change.string
        direction = "flat" if unfilled else spec.directions[change.group("verb")]
        groups = change.groupdict()
        rest = label[: change.start()]
        own = _subject_of(rest, spec) if rest.strip("其中：:") else None
        if not groups.get("cmp") and own is None:
            prev = self.claims[st.last_change] if st.last_change is not None else None
            if percent is not None and prev is not None and prev.percent is None and prev.direction == direction:
                # "…减少2,389.52万元，下降20.8%": the percentage of the change just stated (of each, after a joint one)
                for i in range(st.last_change - st.joint_changes + 1, st.last_change + 1):
                    self.claims[i] = replace(self.claims[i], percent=percent)
                return True
            return False  # "支持商销稳增长30.00万": a verb inside a name, not a stated change
        if own is not None and self.item is not None:
            return True  # a part of the item changing (“其中人员经费增加…”): not the document's figure
        year = self._year(groups.get("year"), groups.get("last"))
        if year is not None:
            self.base_year = year
        ref_amount = (_Ref(own), None) if own is not None else (st.last or self.context)
        ref = ref_amount[0] if ref_amount else None
        if ref is None:
            return True  # a change of nothing resolved: no claim
        base = next((a for r, a in reversed(st.priors) if r == ref), None)
        basis = re.sub(spec.basis_noise, "", groups.get("base") or "")
        self._claim(
            "change", st.text, page, amount=amount, code=ref.code, subject=ref.kind, direction=direction,
            percent=percent, base_year=year if year is not None else self.base_year, base=base,
            current=ref_amount[1] if ref_amount else None, path=ref.path, levels=ref.levels, basis=basis,
        )
        st.last_change = len(self.claims) - 1
        st.joint_changes = 1
        return True

    def _joint_change(self, st: _Sentence, joint, m: re.Match[str], page: int, amount: Amount | None,
                      percent: Decimal | None) -> bool:
        groups = m.groupdict()
        year = self._year(groups.get("year"), groups.get("last"))
        if year is not None:
            self.base_year = year
        current = st.last[1] if st.last else (self.context[1] if self.context else None)
        basis = re.sub(self.spec.basis_noise, "", groups.get("base") or "")
        for kind in joint.kinds:
            self._claim("change", st.text, page, amount=amount, subject=kind,
                        direction=self.spec.directions[groups["verb"]], percent=percent, base_year=year,
                        current=current, basis=basis)
        st.last_change = len(self.claims) - 1
        st.joint_changes = len(joint.kinds)
        return True

    def _year(self, year: str | None, last: str | None) -> int | None:
        if year:
            return int(year)
        if last and self.doc.year is not None:
            return self.doc.year - 1
        return None

    # ------------------------------------------------------------------ plain figures
    def _item(self, clause: str, wide: str) -> _Ref | None:
        """The classification item the words in front of a figure name, its higher levels from the headings."""
        items = self.spec.items
        text = wide if items.quoted.search(wide) else clause
        path = parse_path(text, items)
        if path is None:
            return None
        path = path.under(self.doc.context, self.doc.context_scheme or self.doc.section_scheme)
        self.doc.remember(path)
        scheme = path.scheme or self.doc.section_scheme or "functional"
        return _Ref(_ITEM_KINDS[scheme], ItemPath(path.segments, scheme).printed_code(), path.names, path.levels)

    def _figure(self, st: _Sentence, clause: str, label: str, wide: str, page: int, amount: Amount,
                bare: bool) -> None:
        """Record a plain figure: a classification item, a base-year figure, a restatement or a subject."""
        spec = self.spec
        ref = None if bare else self._item(clause, wide)
        if ref is not None:
            self.item = ref
        year_m = spec.year_figure.match(label) if ref is None else None
        if year_m is not None:
            ctx = st.last or self.context
            if ctx is None:
                return
            ref = ctx[0]
            year = self._year(year_m.group("year"), year_m.group("last"))
            if self.doc.year is not None and year is not None and year < self.doc.year:
                st.priors.append((ref, amount))
                self._claim("prior_year", st.text, page, amount=amount, code=ref.code, subject=ref.kind,
                            base_year=year, path=ref.path, levels=ref.levels)
                return
        if ref is None and self.item is None and not bare:
            joint = next((j for j in spec.joints if j.figure.search(wide.strip())), None)
            if joint is not None:  # “收入、支出预算总计X万元”: each one's figure
                for kind in joint.kinds:
                    self._claim(kind, st.text, page, amount=amount)
                st.last = (_Ref(joint.kinds[0]), amount)
                st.joint = joint.kinds
                if st.head is None:
                    st.head = st.last
                return
        if ref is None:
            if self.item is not None:
                return  # a figure detailing the item (主要用于…): not a figure of the document
            kind = None if spec.action.search(label) else _subject_of(label, spec)
            if kind is None or (bare and not spec.bare_label.search(label)):
                return
            ref = _Ref(kind)
            years = [int(y.group("year")) for y in spec.earlier_year.finditer(label)]
            year = years[-1] if years else None  # the year nearest the figure
            if year is not None and self.doc.year is not None and year < self.doc.year:
                # “2016年度部门支出预算安排为8,648.07万元”: that year's figure of the subject, not this year's
                st.priors.append((ref, amount))
                self._claim("prior_year", st.text, page, amount=amount, subject=kind, base_year=year)
                return
        self._claim(ref.kind, st.text, page, amount=amount, code=ref.code, path=ref.path, levels=ref.levels)
        for imp in spec.implied:
            if imp.of == ref.kind and imp.pattern.search(st.text):
                self._claim(imp.kind, st.text, page, amount=amount)
        st.last = (ref, amount)
        if st.head is None:
            st.head = st.last
