"""Narrative pages that state figures: paragraphs flowed over pages, each stated figure recorded as a claim.

A paragraph is built from plain text and :class:`Stated` pieces (a figure as printed, with the
:class:`~budget_lod.sample.truth.ExpectedClaim` it makes); :class:`Narrative` breaks it into lines the way a
word processor does for Chinese text (a number with its separators and decimals is never broken, closing
punctuation never starts a line, opening brackets never end one), flows the lines over pages and records each
claim with the page its figure starts on. Headings and part titles are single lines.
:func:`resolve_misstated` records a figure stated wrong on purpose as a fault against the cell it contradicts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from reportlab.lib.pagesizes import A4

from budget_lod.sample.layout import EPS, MARGIN_X, text_width
from budget_lod.sample.printing import Writer
from budget_lod.sample.truth import ExpectedClaim, PlantedFault

_ATOM = re.compile(r"[0-9][0-9,.]*[0-9]%?|[0-9]%?|[A-Za-z]+|.", re.S)
_NO_LINE_START = set("，。、；：？！）》」』】〕”’%,.;:)!?")
_NO_LINE_END = set("（《「『【〔“‘(")


@dataclass(frozen=True)
class Stated:
    """A figure as the sentence prints it (``"15897.44"``, ``"9,146.79"``, ``"16.47"``) and the claim it makes
    (its page is filled in when the paragraph is laid out); ``also`` are further claims of the same figure
    (收入、支出预算总计 X万元 states both totals)."""

    text: str
    claim: ExpectedClaim | None = None
    also: tuple[ExpectedClaim, ...] = ()


def break_lines(text: str, width: float, size: float) -> list[tuple[int, str]]:
    """``text`` broken into lines no wider than ``width``: ``(offset of the line's first character, line)``."""
    atoms = [(m.start(), m.group()) for m in _ATOM.finditer(text)]
    lines: list[list[tuple[int, str]]] = [[]]
    for off, atom in atoms:
        cur = lines[-1]
        line_text = "".join(a for _, a in cur)
        if not cur or text_width(line_text + atom, size) <= width + EPS:
            cur.append((off, atom))
            continue
        carry = 1 if (atom[0] in _NO_LINE_START or cur[-1][1][-1] in _NO_LINE_END) and len(cur) > 1 else 0
        while carry and carry < len(cur) - 1 and cur[-carry][1].isspace():  # the word before the space goes too
            carry += 1
        lines[-1], nxt = (cur[:-carry], cur[-carry:]) if carry else (cur, [])
        lines.append([*nxt, (off, atom)])
    return [(ln[0][0], "".join(a for _, a in ln)) for ln in lines if ln]


class Narrative:
    """Writes narrative pages into a :class:`Writer`, recording the claims of the figures it states."""

    def __init__(self, w: Writer, size: float = 10.5, leading: float = 18.0,
                 pagesize: tuple[float, float] = A4):
        self.w = w
        self.size = size
        self.leading = leading
        self.pagesize = pagesize  # the text's pages (tables may have turned the pages landscape)

    def part(self, title: str, new_page: bool = True) -> None:
        """A part title (第一部分 …), centred, on a new page unless told otherwise."""
        pb = self.w.pb
        if new_page or not pb.pages:
            pb.new_page(self.pagesize)
            pb.skip(10)
        else:
            pb.ensure(80)
            pb.skip(14)
        pb.line(title, 15.0, "center", gap=16)

    def heading(self, text: str, size: float = 11.5) -> None:
        """A numbered heading (一、… / （一）…) on its own line, kept with the paragraph after it."""
        pb = self.w.pb
        pb.ensure(size + 8 + 2 * self.leading)
        pb.skip(4)
        pb.line(text, size, gap=6)

    def para(self, *pieces: str | Stated, indent: int = 2) -> None:
        """A paragraph of text and stated figures, flowed over pages; each claim recorded with its page."""
        pb = self.w.pb
        text, starts = "\u3000" * indent, []
        for piece in pieces:
            if isinstance(piece, Stated):
                starts += [(len(text), c) for c in (piece.claim, *piece.also)]
                text += piece.text
            else:
                text += piece
        width = pb.page_w - 2 * MARGIN_X
        pages: list[tuple[int, int]] = []  # (offset of a line's first character, its page)
        for off, line in break_lines(text, width, self.size):
            if not pb.pages or pb.room() < self.leading:
                pb.new_page()
            pb.y -= self.leading
            pb.text(MARGIN_X, pb.y + (self.leading - self.size) / 2, line, self.size)
            pages.append((off, pb.page))
        for at, claim in starts:
            if claim is not None:
                page = max(p for off, p in pages if off <= at)
                self.w.claims.append(replace(claim, page=page, file=self.w.role))

    def lines(self, texts: Sequence[str]) -> None:
        """Plain paragraphs (no figures)."""
        for t in texts:
            self.para(t)


def resolve_misstated(w: Writer, misstated: Sequence[ExpectedClaim],
                      cells: Mapping[str, tuple[str, str, str, str]]) -> None:
    """Record each misstated claim as a ``claim_vs_table`` fault: the table cell it contradicts (``cells``: claim
    kind → table kind, scheme, code, measure; as printed, with its page and file) against the figure stated
    (with the page and file of its sentence)."""
    for claim in misstated:
        table, scheme, code, measure = cells[claim.kind]
        row = next(r for r in w.tables[table].rows if (r.scheme, r.code) == (scheme, code))
        laid = next(c for c in w.claims if c.kind == claim.kind and c.amount == claim.amount)
        w.faults.append(PlantedFault("claim_vs_table", table, scheme, code, measure, row.amounts[measure],
                                     claim.amount, row.page, w.tables[table].file, claim.kind, laid.page, laid.file))
