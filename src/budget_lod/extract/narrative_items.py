"""Classification items named in the narrative: read a path of 类 / 款 / 项 names and resolve it to a code.

A narrative figure is about a classification item when the words in front of it name one (see
``[items]`` in ``specs/narrative.toml``):

* a path of names each marked with its level, codes optional —
  ``一般公共服务支出（201类）人大事务（01款）行政运行（01项）``, ``人大事务（款）行政运行（项）支出``;
* a quoted path — ``“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目`` (levels by position) or
  ``“…（类）…（款）…（项）”`` (levels by marker), ``“行政运行（2010301）”`` (the code printed);
* exactly the name of a standard 类 (``1．一般公共服务支出``, ``2．社会保障和就业（类）支出``).

:func:`parse_path` reads one into an :class:`ItemPath` (names with their levels and any printed code);
higher levels it leaves out are filled from the headings above it (:meth:`ItemPath.under`).
:func:`resolve` gives it its code: the one printed, else the single code whose chain of names in the
document's tables (and the standard 类 list) is the path's — or ``None``, and then the figure is no claim.
Names compare without spaces, with full-width brackets and without a trailing 支出 (``一般公共服务`` and
``一般公共服务支出`` name the same 类).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from budget_lod.model.document import Table

LEVEL_MARKS = {"类": 1, "款": 2, "项": 3}
MARK_OF_LEVEL = {v: k for k, v in LEVEL_MARKS.items()}
# digits a level adds to a code, per scheme (functional 201 / 01 / 01; economic 301 / 01)
_LEVEL_DIGITS = {"functional": (3, 2, 2), "economic": (3, 2)}
_ENUM_ROW = re.compile(r"^(?:[一二三四五六七八九十]+、|\d{1,2}[.、．]\s*)")
_SPACE = re.compile(r"\s+")


def name_key(name: str) -> str:
    """A name as compared: no spaces, full-width brackets, no trailing 支出."""
    text = _SPACE.sub("", name).replace("(", "（").replace(")", "）")
    return text[:-2] if text.endswith("支出") and len(text) > 2 else text


@dataclass(frozen=True)
class Segment:
    """One name of a path: its level (1 类, 2 款, 3 项; ``None`` when not marked) and the code printed with
    it (the level's own digits, ``01``, or a whole code, ``2010101``), if any."""

    name: str
    level: int | None = None
    code: str | None = None


@dataclass(frozen=True)
class ItemPath:
    """A classification path as the text names it, and its scheme where the text tells it."""

    segments: tuple[Segment, ...]
    scheme: str | None = None  # functional | economic | None (not told)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.segments)

    @property
    def levels(self) -> tuple[int | None, ...]:
        return tuple(s.level for s in self.segments)

    @property
    def top(self) -> int | None:
        """The highest level named (1 = 类), if the levels are known."""
        levels = [s.level for s in self.segments if s.level is not None]
        return min(levels) if levels else None

    def under(self, context: Mapping[int, Segment], scheme: str | None) -> "ItemPath":
        """The path with the higher levels it leaves out taken from ``context`` (level → heading segment)."""
        top = self.top
        if top is None or top == 1:
            return self if self.scheme or not scheme else ItemPath(self.segments, scheme)
        missing = [context[level] for level in range(1, top) if level in context]
        if len(missing) != top - 1:
            return ItemPath(self.segments, self.scheme or scheme)
        return ItemPath(tuple(missing) + self.segments, self.scheme or scheme)

    def printed_code(self) -> str | None:
        """The code the path prints: the levels' own digits composed from the 类 down (201类 01款 01项 →
        2010101), else the whole code printed at its deepest level (“行政运行（2010301）”)."""
        digits = _LEVEL_DIGITS.get(self.scheme or "functional", (3, 2, 2))
        parts = sorted((s.level, s.code) for s in self.segments if s.level is not None and s.code)
        levels = [lv for lv, _ in parts]
        if parts and levels == list(range(1, len(parts) + 1)) and len(parts) <= len(digits) \
                and all(len(code) == digits[lv - 1] for lv, code in parts):
            return "".join(code for _, code in parts)
        full = {1: 3, 2: 5, 3: 7}
        for s in reversed(self.segments):
            if s.code and len(s.code) in (3, 5, 7) and (s.level is None or len(s.code) == full[s.level]):
                return s.code
        return None


@dataclass(frozen=True)
class ItemSpec:
    """The compiled ``[items]`` patterns of ``specs/narrative.toml`` and the standard 类 names."""

    segment: re.Pattern[str]
    filler: re.Pattern[str]
    enumeration: re.Pattern[str]
    leave: re.Pattern[str]
    not_alone: re.Pattern[str]
    quoted: re.Pattern[str]
    level_marks: re.Pattern[str]
    separators: re.Pattern[str]
    classes: Mapping[str, Mapping[str, str]]  # scheme → name key → 3-digit code


def standard_classes(functional: Mapping[str, str], economic: Iterable[Sequence[str]]) -> dict[str, dict[str, str]]:
    """Scheme → name key → 类 code, from the layout's functional classes and the spec's economic ones."""
    return {
        "functional": {name_key(name): code for name, code in functional.items()},
        "economic": {name_key(name): code for code, name in economic},
    }


def _class_scheme(name: str, spec: ItemSpec) -> tuple[str, str] | None:
    """(scheme, code) of a standard 类 name, if the name is one."""
    key = name_key(name)
    hits = [(scheme, names[key]) for scheme, names in spec.classes.items() if key in names]
    return hits[0] if len(hits) == 1 else None


def parse_path(label: str, spec: ItemSpec) -> ItemPath | None:
    """The classification path the words in front of a figure name, or ``None``."""
    text = spec.enumeration.sub("", label.strip())
    quoted = spec.quoted.search(text)
    if quoted:
        return _quoted_path(quoted.group("path"), spec)
    segments: list[Segment] = []
    pos = 0
    for m in spec.segment.finditer(text):
        if m.start() != pos and text[pos:m.start()].strip(" -－—–"):
            segments, pos = [], m.start()  # a gap: only the run of segments ending at the figure counts
            if spec.enumeration.match(text[m.start():]):
                continue
        name = spec.enumeration.sub("", m.group("name")).strip()
        segments.append(Segment(name, LEVEL_MARKS[m.group("level")], m.group("code")))
        pos = m.end()
    if segments:
        if not spec.filler.match(text[pos:]):
            return None
        levels = [s.level for s in segments]
        if levels != sorted(levels) or len(set(levels)) != len(levels):
            return None  # 款 before 类, or a level twice: not a path
        return _with_scheme(ItemPath(tuple(segments)), spec)
    # a standard 类 named alone: the label is the name (plus filler words)
    bare = re.sub(r"(?:支出|预算数?|金额|安排|合计|为|是|[：:])*$", "", text)
    found = _class_scheme(bare, spec) if bare and not spec.not_alone.match(bare) else None
    if found:
        return ItemPath((Segment(bare, 1, found[1]),), found[0])
    return None


def _quoted_path(quoted: str, spec: ItemSpec) -> ItemPath | None:
    code_m = re.search(r"(?<!\d)(\d{7}|\d{5}|\d{3})(?!\d)", quoted)
    code = code_m.group(1) if code_m else None
    if code_m:
        quoted = (quoted[: code_m.start()] + quoted[code_m.end():]).strip(" （()）")
    marks = list(spec.segment.finditer(quoted))
    if marks and spec.filler.match(quoted[marks[-1].end():]):
        segments = [Segment(m.group("name").strip(), LEVEL_MARKS[m.group("level")], m.group("code")) for m in marks]
    else:
        parts = [p.strip() for p in spec.separators.split(spec.level_marks.sub("-", quoted)) if p.strip()]
        if not parts:
            return None
        if len(parts) > 3:
            return None
        # levels by position only from a standard 类 down; otherwise the names end at the item (bottom-aligned)
        from_top = _class_scheme(parts[0], spec) is not None
        segments = [Segment(p, i + 1 if from_top else None) for i, p in enumerate(parts)]
    if code is not None:
        level = {3: 1, 5: 2, 7: 3}[len(code)]
        last = segments[-1]
        segments[-1] = Segment(last.name, last.level or level, code)
        if len(segments) == 1:
            segments[0] = Segment(last.name, level, code)
    return _with_scheme(ItemPath(tuple(segments)), spec)


def _with_scheme(path: ItemPath, spec: ItemSpec) -> ItemPath:
    first = path.segments[0]
    if first.level == 1:
        found = _class_scheme(first.name, spec)
        if found:
            return ItemPath(path.segments, found[0])
    return path


# ---------------------------------------------------------------------------------------------- resolution


def table_names(tables: Iterable[Table]) -> dict[str, dict[str, str]]:
    """Scheme → code → name key of every classified row the tables print."""
    out: dict[str, dict[str, str]] = {"functional": {}, "economic": {}}
    for table in tables:
        for row in table.rows:
            if row.scheme in out and row.code.isdigit():
                out[row.scheme].setdefault(row.code, name_key(_ENUM_ROW.sub("", row.name.strip())))
    return out


def resolve(path: ItemPath, names: Mapping[str, Mapping[str, str]], spec: ItemSpec) -> tuple[str, str] | None:
    """(scheme, code) of the one item the path names, or ``None`` when none or several fit.

    A printed code is taken as printed. Otherwise every code of the tables (and every standard 类) whose
    chain of names — 类, 款, 项 — holds the path's names at their levels is a candidate; positional paths
    (levels unknown) must name the chain from its top or its bottom."""
    schemes = [path.scheme] if path.scheme else ["functional", "economic"]
    printed = path.printed_code()
    if printed is not None:
        scheme = path.scheme or ("functional" if len(printed) == 7 else None)
        if scheme is None:
            hits = [s for s in schemes if printed in names.get(s, {})]
            scheme = hits[0] if len(hits) == 1 else None
        return (scheme, printed) if scheme else None
    hits: set[tuple[str, str]] = set()
    for scheme in schemes:
        known = dict(names.get(scheme, {}))
        for key, code in spec.classes.get(scheme, {}).items():
            known.setdefault(code, key)
        digits = _LEVEL_DIGITS[scheme]
        cuts = [sum(digits[: i + 1]) for i in range(len(digits))]
        for code in known:
            if len(code) not in cuts:
                continue
            chain = [code[:c] for c in cuts if c <= len(code)]
            if _fits(path, chain, known):
                hits.add((scheme, code))
    return next(iter(hits)) if len(hits) == 1 else None


def _fits(path: ItemPath, chain: list[str], known: Mapping[str, str]) -> bool:
    want = [name_key(n) for n in path.names]
    levels = path.levels
    if all(lv is not None for lv in levels):
        if max(levels) != len(chain):
            return False  # the path names the item at its deepest level
        return all(known.get(chain[lv - 1]) == w for lv, w in zip(levels, want))
    if len(want) > len(chain):
        return False
    return all(known.get(c) == w for c, w in zip(chain[-len(want):], want))
