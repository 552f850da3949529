"""Which files make one disclosure: a budget is published as one PDF, or as a narrative PDF plus a tables PDF.

:class:`DisclosureFiles` names the files of one disclosure; :func:`pair_files` groups the files of a batch
into disclosures. Everything downstream (extract, validate, ingest) takes a :class:`DisclosureFiles`, so a
two-file disclosure is read, checked and stored as one document.

Pairing looks at each file's text layer only (pdfium's text, milliseconds a page, no layout pass), and stops
reading a file at its first table page: a file is a *tables* file when a page carries a standard table title
and figures, a *narrative* file when no page does and its cover names a department, year and scope
(``江苏省委办公厅 2017 年度部门预算``). A narrative file is paired with the one tables file of the same year and
scope whose department it names — the same name, or the narrative's shorter form of it (``江苏省委办公厅`` for
``中国共产党江苏省委员会办公厅``: read in it in two pieces, where ``江苏省人大常委会办公厅`` needs three); a tie pairs
nothing. Anything else stays alone, so extraction reports it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from budget_lod.specs.layout import Layout, load_layout, norm


@dataclass(frozen=True)
class DisclosureFiles:
    """The files of one disclosure: ``main`` holds the tables (or everything); ``narrative`` is the separate
    narrative PDF of a two-file disclosure, if any."""

    main: Path
    narrative: Path | None = None

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.main,) if self.narrative is None else (self.main, self.narrative)

    def __str__(self) -> str:
        return " + ".join(str(p) for p in self.paths)


@dataclass(frozen=True)
class Peek:
    """What a file's text says it is: tables or narrative, and whose disclosure."""

    tables: bool
    department: str | None
    fiscal_year: int | None
    scope: str | None


_NO_UNIT = r"(?![\d.]*\s*(?:万元|元|%))"  # a table's figure: no unit after it (a sentence's figure has one)
_FIGURE = re.compile(rf"(?<![\d.])\d{{1,3}}(?:,\d{{3}})*\.\d{{2}}{_NO_UNIT}|(?<![\d.,])\d+\.\d{{2}}{_NO_UNIT}")


def _page_texts(path: Path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            text = page.get_textpage().get_text_range()
            page.close()
            yield text
    finally:
        pdf.close()


def peek(path: Path, layout: Layout | None = None) -> Peek | None:
    """What ``path`` is, from its text alone; ``None`` when it cannot be read (extraction will say why)."""
    layout = layout or load_layout()
    department = year = scope = None
    departments: Counter[str] = Counter()
    try:
        for n, text in enumerate(_page_texts(path)):
            lines = [ln for ln in text.splitlines() if ln.strip()]
            if n < 2 and department is None:
                cover = _cover(lines, layout)
                if cover:
                    department, year, scope = cover
            departments.update(m.group("department") for ln in lines for p in layout.department
                               for m in [p.search(" ".join(ln.split()))] if m)
            if _is_table_page(lines, layout):
                names = [d for d, _ in departments.most_common()]
                return Peek(True, department or (names[0] if names else None), year or _year(text, layout), scope)
    except Exception:  # unreadable: leave it alone, extraction names the reason
        return None
    return Peek(False, department, year, scope)


def _cover(lines: list[str], layout: Layout) -> tuple[str, int, str] | None:
    texts = [norm(ln) for ln in lines[:6]]
    for i in range(len(texts)):
        for k in (3, 2, 1):
            joined = "".join(texts[i:i + k])
            for pat in layout.cover_title:
                m = pat.search(joined)
                if m and not any(r and r.group("region") == m.group("department")
                                 for r in (p.search(joined) for p in layout.region)):
                    return m.group("department"), int(m.group("fiscal_year")), (
                        "unit" if m.group("scope") == "单位" else "department")
    return None


def _is_table_page(lines: list[str], layout: Layout) -> bool:
    """A page with a standard table's title on a short line of its own and figures printed without a unit."""
    titled = any(len(t) <= layout.title_max_chars and not layout.toc_line.search(ln)
                 and layout.table_kind(layout.unit.sub("", t)) is not None
                 for ln in lines for t in [norm(ln)] if t)
    return titled and sum(len(_FIGURE.findall(ln)) for ln in lines) >= 3


def _year(text: str, layout: Layout) -> int | None:
    years = Counter(int(m.group("fiscal_year")) for m in layout.fiscal_year.finditer(norm(text)))
    return years.most_common(1)[0][0] if years else None


def _pieces(short: str, long: str) -> int | None:
    """In how few pieces ``short`` can be read in ``long``, in order (``江苏省委办公厅`` in ``中国共产党江苏省委员会办公厅``:
    江苏省委 + 办公厅, 2); ``None`` if it cannot. Each piece is the longest that fits where the last one ended."""
    short, long = norm(short), norm(long)
    if len(short) > len(long):
        short, long = long, short
    if len(short) < 4:
        return None
    pieces, i, at = 0, 0, 0
    while i < len(short):
        k = len(short) - i
        while k and long.find(short[i:i + k], at) < 0:
            k -= 1
        if not k:
            return None
        at = long.find(short[i:i + k], at) + k
        i += k
        pieces += 1
    return pieces


def pair_files(paths: Iterable[str | Path], layout: Layout | None = None) -> list[DisclosureFiles]:
    """The disclosures a batch of files makes, in the order their first file was given. A narrative file pairs
    with the one tables file of its year and scope that its department names; nothing is paired on a doubt."""
    paths = [Path(p) for p in paths]
    if len(paths) < 2:
        return [DisclosureFiles(p) for p in paths]
    layout = layout or load_layout()
    peeks = {p: peek(p, layout) for p in paths}
    tables = [p for p in paths if peeks[p] is not None and peeks[p].tables]
    partner: dict[Path, Path] = {}  # tables file → its narrative file
    for p in paths:
        k = peeks[p]
        if k is None or k.tables or not k.department:
            continue
        fits = sorted((n, i) for i, t in enumerate(tables) if t not in partner and peeks[t].department
                      and peeks[t].scope in (None, k.scope) and peeks[t].fiscal_year in (None, k.fiscal_year)
                      for n in [_pieces(k.department, peeks[t].department)] if n is not None)
        # the department it names in the fewest pieces, and only one such
        if fits and (len(fits) == 1 or fits[1][0] > fits[0][0]):
            partner[tables[fits[0][1]]] = p
    paired = set(partner.values())
    return [DisclosureFiles(p, partner.get(p)) for p in paths if p not in paired]
