"""Final accounts' statements of how a budget was carried out → ``execution`` claims.

A 部门决算's 情况说明 states, per total and per 项, the budget and what was spent: ``年初预算为 A 万元，全年预算为 A′
万元，支出决算为 B 万元，完成年初预算的 C%``, then the direction and the reason of the gap (``决算数小于全年预算数的主要
原因：…``, ``决算数与年初预算数持平``). :class:`ExecutionReader` reads these sentences of one block (a paragraph) with
the patterns of ``[execution]`` in ``specs/narrative.toml`` — only in final accounts, where a 预算数 is a phase of
the same year's figures — and consumes them (the plain reader would take ``年初预算为 0 万元`` for the total itself).

Each clause's figure is a budget figure (its phase: 年初 → ``initial_budget``, 全年 / 调整 → ``adjusted_budget``, a
plain 预算 → ``initial_budget``), the 决算数, or a completion rate; the words in front of it name what it is about —
a classification path (``行政运行（项）``), a subject pattern (``因公出国（境）费``), or nothing: the item a path
sentence of the paragraph named (``1、一般公共服务支出（类）…行政运行（项）。``), else the clause before. A
statement becomes one claim per budget figure it states (``amount`` B, ``base`` A, ``phase``, the rate stated
against that budget as ``percent``), a rate whose budget is not stated one more (``base`` none: the table's
figure of that phase is the base), and a 决算数 alone a plain claim of its subject. The direction binds to the
statement's claim of its phase; against a plain 预算数 when several budgets are stated, to those whose figures
it agrees with (the text does not say which) — or, if none, to the first, where it shows as the contradiction it
is. A subject that stays unresolved makes no claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Callable

from budget_lod.extract.narrative_items import parse_path
from budget_lod.model.document import Amount, Claim

if TYPE_CHECKING:
    from budget_lod.extract.narrative import NarrativeSpec


@dataclass(frozen=True)
class ExecutionSpec:
    """The compiled ``[execution]`` patterns."""

    budget: re.Pattern[str]
    final: re.Pattern[str]
    rate: re.Pattern[str]
    direction: re.Pattern[str]
    reason: re.Pattern[str]
    filler: re.Pattern[str]
    year: re.Pattern[str]
    phases: dict[str, str]
    verbs: dict[str, str]
    section: re.Pattern[str]  # a final accounts' section heading naming its table without 表
    section_titles: tuple[str, ...]  # appended to the heading's title to look the table up

    @classmethod
    def load(cls, data: dict) -> "ExecutionSpec":
        c = re.compile
        return cls(c(data["budget"]), c(data["final"]), c(data["rate"]), c(data["direction"]), c(data["reason"]),
                   c(data["filler"]), c(data["year"]), dict(data["phases"]), dict(data["verbs"]), c(data["section"]),
                   tuple(data["section_titles"]))

    def section_table(self, heading: str, table_kind) -> object:
        """The table a final accounts' section heading names (``table_kind(title)`` looks a title up), or None."""
        m = self.section.match(heading)
        if m is None:
            return None
        return next((k for k in (table_kind(m.group("title") + t) for t in self.section_titles) if k), None)


@dataclass(frozen=True)
class _Subject:
    """What a statement is about: a total (``kind``) or a classification item (``kind`` functional_item …)."""

    kind: str
    code: str | None = None
    path: tuple[str, ...] = ()
    levels: tuple[int | None, ...] = ()

    @property
    def item(self) -> bool:
        return bool(self.path) or self.code is not None


_UNRESOLVED = _Subject("?")  # the subject of clauses whose words name nothing known


@dataclass
class _Statement:
    """The figures one subject's clauses state in one sentence."""

    subject: _Subject
    page: int
    budgets: dict[str, Amount] = field(default_factory=dict)  # phase → budget figure
    final: Amount | None = None
    rates: list[tuple[str | None, Decimal]] = field(default_factory=list)  # (phase, or None for a plain 预算; rate)
    claims: list[int] = field(default_factory=list)  # indices (in the block's claims) of the claims made


class ExecutionReader:
    """Reads the execution statements of one block; see the module docstring."""

    def __init__(self, spec: "NarrativeSpec", emit: Callable[..., Claim], claims: list[Claim],
                 item_of: Callable[[str], _Subject | None], subject_of: Callable[[str], str | None]):
        self.spec = spec
        self.x: ExecutionSpec = spec.execution
        self.emit = emit  # makes and records a claim: emit(kind, sentence, page, **fields)
        self.claims = claims  # the block's claims (the reader replaces some to add a direction)
        self.item_of = item_of  # a path's words → its item, or None
        self.subject_of = subject_of  # a label → subject kind, or None
        self.item: _Subject | None = None  # the item a path sentence of the block named
        self.statements: list[_Statement] = []  # of the latest sentence that made any

    # ------------------------------------------------------------------ a sentence
    def read(self, sentence: str, events: list[tuple[re.Match[str], str, int]]) -> bool:
        """Read one sentence (``events``: each figure or percentage with the words of its clause in front of it
        and its page); ``True`` if it was an execution statement, a direction or a path sentence (consumed)."""
        statements = self._statements(events) if events else None
        if statements is not None:
            self.statements = [s for s in statements if s.subject is not None and s.subject is not _UNRESOLVED]
            for s in self.statements:
                self._claims(s, sentence)
            self._direction(sentence)  # “…支出决算为 B 万元，决算数与预算数持平。”
            return True
        if self._direction(sentence):
            return True
        return not events and self._path_sentence(sentence)

    def _path_sentence(self, sentence: str) -> bool:
        """``1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。``: the paragraph is about that item."""
        text = sentence.rstrip("。．.；; ")
        if not text or "（" not in text and "(" not in text:
            return False
        subject = self.item_of(text)
        if subject is None:
            return False
        self.item = subject
        return True

    def _statements(self, events) -> list[_Statement] | None:
        x = self.x
        out: list[_Statement] = []
        finals = 0
        others = 0
        for m, label, page in events:
            pct = m.group("pct")
            if pct:
                rm = x.rate.search(label)
                if rm is None:
                    continue
                words, kind = label[: rm.start()], "rate"
            else:
                if not m.group("amount"):
                    continue
                fm, bm = x.final.search(label), x.budget.search(label)
                if fm is not None:
                    words, kind, rm = label[: fm.start()], "final", fm
                elif bm is not None:
                    words, kind, rm = label[: bm.start()], "budget", bm
                else:
                    continue
            current = out[-1] if out else None
            subject = self._subject(words, current)
            if current is None or subject != current.subject:
                current = _Statement(subject, page)
                out.append(current)
            if kind == "rate":
                value = Decimal(re.sub(r"[\s%％]", "", pct))
                phase = x.phases.get(rm.group("phase") or "") if rm.group("phase") else None
                current.rates.append((phase, value))
                others += 1
            elif kind == "final":
                current.final = _amount_of(m, page)
                finals += 1
            else:
                current.budgets.setdefault(x.phases.get(rm.group("phase") or "", "initial_budget"), _amount_of(m, page))
                others += 1
        if not finals or not others:
            return None  # a 决算数 alone, or a budget alone: no statement of execution
        return out

    def _subject(self, words: str, current: _Statement | None) -> _Subject:
        """What a clause is about: its words' subject, else (no words of its own) the statement's or the
        paragraph's item; :data:`_UNRESOLVED` when nothing resolves it (no claim is made of it)."""
        text = self.x.year.sub("", words.strip(" ，,；;：:（()）"))
        if self.x.filler.match(text):
            if current is not None:
                return current.subject
            return self.item or _UNRESOLVED
        subject = self.item_of(text)
        if subject is not None:
            return subject
        kind = self.subject_of(text)
        return _Subject(kind) if kind is not None else _UNRESOLVED

    # ------------------------------------------------------------------ claims
    def _claims(self, s: _Statement, sentence: str) -> None:
        subject = s.subject
        fields = _fields(subject)
        if s.final is None:
            for phase, base in s.budgets.items():
                self._emit(s, sentence, s.page, amount=None, base=base, phase=phase, **fields)
            return
        rates = list(s.rates)
        made: dict[str, int] = {}
        for phase, base in s.budgets.items():
            made[phase] = self._emit(s, sentence, s.page, amount=s.final, base=base, phase=phase, **fields)
        for phase, value in rates:
            target = phase
            if target is None:  # 完成预算的: the one budget stated, else the initial one
                target = next(iter(made)) if len(made) == 1 else "initial_budget"
            if target in made and self.claims[made[target]].percent is None:
                self.claims[made[target]] = replace(self.claims[made[target]], percent=value)
            else:
                made[target + f"#{len(made)}"] = self._emit(s, sentence, s.page, amount=s.final, phase=target,
                                                           percent=value, **fields)
        if not made:  # a 决算数 stated without its budget: the subject's own figure
            kind = subject.kind
            self.emit(kind, sentence, s.page, amount=s.final, code=subject.code, path=subject.path,
                      levels=subject.levels)

    def _emit(self, s: _Statement, sentence: str, page: int, **fields) -> int:
        self.emit("execution", sentence, page, **fields)
        s.claims.append(len(self.claims) - 1)
        return len(self.claims) - 1

    # ------------------------------------------------------------------ direction and reason
    def _direction(self, sentence: str) -> bool:
        x = self.x
        m = x.direction.search(sentence)
        if m is None:
            return False
        verb = x.verbs.get(m.group("verb") or m.group("verb2") or "")
        raw = m.group("phase") if m.group("verb") else m.group("phase2")
        phase = x.phases.get(raw) if raw else None
        rm = x.reason.search(sentence, m.end())
        reason = rm.group("reason").strip() if rm else None
        words = x.year.sub("", (m.group("subject") or "").strip(" ，,；;：:"))
        target: _Statement | None = None
        if words and not x.filler.match(words):
            wanted = self.item_of(words) or (_Subject(k) if (k := self.subject_of(words)) else None)
            target = next((s for s in self.statements if s.subject == wanted), None)
        elif self.statements:
            target = self.statements[0]
        if target is None or verb is None:
            return True  # a direction of nothing read: consumed, no claim
        if verb == "roughly_flat":
            verb = None  # 基本持平: no direction to check, the reason is kept
        self._bind(target, verb, phase, reason, sentence)
        return True

    def _bind(self, s: _Statement, direction: str | None, phase: str | None, reason: str | None,
              sentence: str) -> None:
        claims = [i for i in s.claims if self.claims[i].kind == "execution"]
        if phase is not None:
            chosen = [i for i in claims if self.claims[i].phase == phase]
        elif len(claims) <= 1:
            chosen = claims
        else:  # a plain 预算数 beside several budgets: the one(s) it agrees with, else the first
            chosen = [i for i in claims if _agrees(self.claims[i], direction)] or claims[:1]
        if not chosen and (s.final is not None or phase is not None):
            page = s.page
            chosen = [self._emit(s, sentence, page, amount=s.final, phase=phase or "initial_budget",
                                 **_fields(s.subject))]
        for i in chosen:
            self.claims[i] = replace(self.claims[i], direction=direction, reason=reason)


def _fields(subject: _Subject) -> dict:
    if subject.item:
        return {"subject": subject.kind, "code": subject.code, "path": subject.path, "levels": subject.levels}
    return {"subject": subject.kind}


def _amount_of(m: re.Match[str], page: int) -> Amount | None:
    from budget_lod.extract.narrative_claims import _amount

    return _amount(m.group("amount"), m.group("unit"), page)


def _agrees(claim: Claim, direction: str | None) -> bool:
    """Whether a claim's 决算数 and budget figure go the way ``direction`` says (within their printed precision)."""
    if direction is None or claim.amount is None or claim.base is None:
        return False
    tol = (claim.amount.precision_yuan + claim.base.precision_yuan) / 2
    diff = claim.amount.yuan - claim.base.yuan
    return {"increase": diff > tol, "decrease": diff < -tol, "flat": abs(diff) <= tol}[direction]


__all__ = ["ExecutionReader", "ExecutionSpec", "parse_path"]
