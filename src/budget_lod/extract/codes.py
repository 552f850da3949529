"""Full classification codes rebuilt from a code column printing only each level's own digits.

Many county disclosures print one 科目编码 column holding ``201`` on a 类 row, ``03`` on its 款 rows and ``01``
on their 项 rows (``301`` / ``01`` in the economic classification). The full code of a short one is the code of
the row it belongs under (the 类 and 款 last seen, on this page or an earlier one) followed by its digits.

A short code right under a 类 is a 款. Whether a short code under a 款 or a 项 is a 项 or opens the next 款 is
read from, in order:

1. the indentation of the printed codes, where the table indents them by level;
2. the indentation of the names, likewise;
3. the sums: a 款 is complete once its 项 add up to it (within the printed precision), and a 款 takes the short
   codes after it as its 项 only if some of them in a row add up to it (a table printed down to the 款 only);
4. else a 项 (the lowest level).

The level widths come from the layout (``code_levels``); a code printed in full (``20103``) is taken as is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

from budget_lod.model.document import Amount

_TOL = 1.5  # points: two texts starting within this are at the same indentation


@dataclass(frozen=True)
class PrintedCode:
    """A row as the code rebuilding sees it: the code's digits as printed ('' for a row without one, such as
    合计), its amounts, and where its code and name start (``None`` when unknown)."""

    digits: str
    amounts: Mapping[str, Amount]
    code_x: float | None = None
    name_x: float | None = None


def has_short_codes(rows: Sequence[PrintedCode], levels: Sequence[int]) -> bool:
    """Whether some row prints fewer digits than a 类 has (a level's own digits)."""
    return bool(levels) and any(r.digits and len(r.digits) < levels[0] for r in rows)


def full_codes(rows: Sequence[PrintedCode], levels: Sequence[int]) -> list[str]:
    """The full code of each row (its printed digits when they are no short code; '' stays '')."""
    ends = [sum(levels[: i + 1]) for i in range(len(levels))]  # full code length of each level: 3, 5, 7
    out: list[str] = []
    codes: list[str] = []  # full codes of the open levels: 类, 款, …
    heads: list[int | None] = []  # the row (index in ``rows``) printing each open level, if printed
    code_x: dict[int, float] = {}  # level → where the codes of that level start
    name_x: dict[int, float] = {}
    for i, row in enumerate(rows):
        d = row.digits
        if d.isdigit() and len(d) in ends:  # a 类, or a code printed in full
            level = ends.index(len(d)) + 1
            heads = [heads[k] if k < len(codes) and codes[k] == d[: ends[k]] else None for k in range(level - 1)]
            codes = [d[: e] for e in ends[:level]]
            heads.append(i)
        elif d.isdigit() and codes and len(d) in levels[1:]:
            candidates = [lv for lv in range(2, min(len(codes) + 1, len(levels)) + 1) if levels[lv - 1] == len(d)]
            if not candidates:
                out.append(d)
                continue
            level = _level(rows, i, heads, out, candidates, code_x, name_x, ends)
            codes = [*codes[: level - 1], codes[level - 2] + d]
            heads = [*heads[: level - 1], i]
        else:
            out.append(d)
            continue
        out.append(codes[-1])
        if row.code_x is not None:
            code_x.setdefault(len(codes), row.code_x)
        if row.name_x is not None:
            name_x.setdefault(len(codes), row.name_x)
    return out


def _level(rows: Sequence[PrintedCode], i: int, heads: list[int | None], out: list[str], candidates: list[int],
           code_x: dict[int, float], name_x: dict[int, float], ends: list[int]) -> int:
    """The level (2 = 款, 3 = 项, …) of the short code of row ``i`` among ``candidates``."""
    if len(candidates) == 1:
        return candidates[0]
    for x, seen in ((rows[i].code_x, code_x), (rows[i].name_x, name_x)):
        found = _by_indent(x, seen, candidates)
        if found is not None:
            return found
    deepest, parent = max(candidates), min(candidates)
    head = heads[deepest - 2]  # the open row this row would be a child of
    if head is None:
        return deepest
    children = [j for j in range(head + 1, i) if len(out[j]) == ends[deepest - 1] and out[j].isdigit()]
    if children:  # a 款 whose 项 already add up to it is complete: this row opens the next one
        return parent if _adds_up(rows[head], [rows[j] for j in children]) else deepest
    following: list[PrintedCode] = []  # right under it: its 项 if some of them in a row add up to it
    for row in rows[i:]:
        if not row.digits.isdigit() or len(row.digits) != len(rows[i].digits):
            break
        following.append(row)
        if _adds_up(rows[head], following):
            return deepest
    return parent


def _by_indent(x: float | None, seen: dict[int, float], candidates: list[int]) -> int | None:
    """The candidate level whose rows start where this one does, when indentation tells the levels apart."""
    if x is None:
        return None
    known = {lv: seen[lv] for lv in candidates if lv in seen}
    if len(known) == len(candidates):
        xs = sorted(known.values())
        if all(b - a > _TOL for a, b in zip(xs, xs[1:])):
            near = [lv for lv, v in known.items() if abs(v - x) <= _TOL]
            return near[0] if len(near) == 1 else None
        return None
    shallow = max((lv for lv in known), default=None)
    # the deeper level not seen yet: a row indented past the deepest level seen is deeper
    if shallow is not None and x > known[shallow] + _TOL and shallow + 1 in candidates:
        return shallow + 1
    return None


def _adds_up(parent: PrintedCode, children: Sequence[PrintedCode]) -> bool:
    """Whether ``children`` sum to ``parent`` in every measure, within the printed precision of the terms."""
    measures = set(parent.amounts) | {m for c in children for m in c.amounts}
    if not measures:
        return False
    for m in measures:
        terms = [c.amounts[m] for c in children if m in c.amounts]
        total = sum((a.yuan for a in terms), Decimal(0))
        want = parent.amounts[m].yuan if m in parent.amounts else Decimal(0)
        slack = sum((a.precision_yuan for a in [*terms, *([parent.amounts[m]] if m in parent.amounts else [])]),
                    Decimal(0)) / 2
        if abs(total - want) > slack:
            return False
    return True
