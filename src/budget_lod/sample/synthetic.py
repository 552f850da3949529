"""Synthetic budget figures that add up: classification trees built from random leaves, all in 元.

:func:`make_figures` draws amounts for the given functional 项 and economic 款 (random multiples of a
quantum: 0.01 元, 0.01 万元, whole 万元), splits them by source and purpose and sums them into their 类/款
parents, so every parent is the sum of its children and 合计 = 基本 + 项目 = 人员 + 公用 by construction.
Classification names come from ``variant_codes.json``. Nothing here knows how a table is printed.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Sequence

from budget_lod.model.amounts import UNIT_FACTORS

CENT = Decimal("0.01")
YUAN = CENT  # quantum of a table printed in 元 to the fen
WAN = CENT * UNIT_FACTORS["万元"]  # quantum of a table printed in 万元 to two decimals
CODES_FILE = "variant_codes.json"
DATA_PACKAGE = "budget_lod.sample"


@dataclass(frozen=True)
class Line:
    """A classification line (or ``TOTAL``) with amounts in 元 by source measure; zero amounts absent."""

    code: str
    name: str
    amounts: Mapping[str, Decimal]


@dataclass(frozen=True)
class Figures:
    """Consistent synthetic budget figures, all in 元.

    ``functional`` lines (TOTAL first, then 类/款/项 in code order) carry ``total = basic + project``,
    ``basic = personnel + public``, ``project = fiscal_project + other`` and ``fiscal = basic +
    fiscal_project`` (money from the general budget; ``other`` is other income). ``economic`` lines carry
    ``total = personnel + public`` and their TOTAL equals the functional basic total. ``three_public``
    holds the “三公” measures (zero ones absent; ``admin_operating`` is the 公用经费 to 0.01 万元).
    """

    functional: tuple[Line, ...]
    economic: tuple[Line, ...]
    three_public: Mapping[str, Decimal]
    recipe: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)  # make_figures' arguments

    def total(self, source: str) -> Decimal:
        return self.functional[0].amounts.get(source, Decimal(0))


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict]:
    """``{"functional" | "economic": {code: (name, kind)}}`` from the package's code list."""
    raw = json.loads(resources.files(DATA_PACKAGE).joinpath(CODES_FILE).read_text(encoding="utf-8"))
    functional = {r[0]: (r[1], r[2] if len(r) > 2 else "") for r in raw["functional"]}
    economic = {r[0]: (r[1], r[2] if len(r) > 2 else "") for r in raw["economic"]}
    return {"functional": functional, "economic": economic}


def partition(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` positive integers (random cut points)."""
    if parts <= 1:
        return [total]
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


def tree(leaves: dict[str, dict[str, Decimal]], names: Mapping[str, tuple[str, str]],
          levels: tuple[int, ...]) -> tuple[Line, ...]:
    """Leaf amounts summed into their parents (codes cut at ``levels`` digits); TOTAL first."""
    sums: dict[str, dict[str, Decimal]] = {"TOTAL": {}}
    for code, amounts in leaves.items():
        for key in ["TOTAL", *(code[:n] for n in levels if n < len(code)), code]:
            acc = sums.setdefault(key, {})
            for m, v in amounts.items():
                acc[m] = acc.get(m, Decimal(0)) + v
    order = ["TOTAL", *sorted(k for k in sums if k != "TOTAL")]
    return tuple(Line(k, "合计" if k == "TOTAL" else names[k][0],
                      {m: v for m, v in sums[k].items() if v}) for k in order)


def make_figures(seed: int, functional: Sequence[str], economic: Sequence[str], quantum: Decimal,
                 *, other_funded: Mapping[str, str] | None = None, scale: tuple[int, int] = (20_000, 8_000_000),
                 three_public: Sequence[str] = ("overseas", "vehicle_operation", "reception"),
                 three_public_quantum: Decimal | None = None) -> Figures:
    """Figures for the given leaf codes: amounts are random multiples of ``quantum`` 元 (0.01 of the
    printed unit). ``other_funded`` maps a leaf to ``"part"`` (some of its project money is other income),
    ``"all"`` (all of it is, and the leaf has no general-budget money) or ``"negative"`` (its other income
    is negative — a refund or a write-back — made up by more general-budget money). The “三公” figures are
    multiples of ``three_public_quantum`` (default 0.01 万元)."""
    rng = random.Random(seed)
    cat = catalogue()
    lo, hi = (int(Decimal(v) / quantum) for v in scale)

    def draw() -> Decimal:
        return Decimal(rng.randrange(lo, hi)) * quantum

    leaves: dict[str, dict[str, Decimal]] = {}
    for code in functional:
        kind = cat["functional"][code][1]
        basic = draw() if "b" in kind else Decimal(0)
        project = draw() if "p" in kind else Decimal(0)
        mode = (other_funded or {}).get(code)
        third = (project / 3 / quantum).to_integral_value() * quantum
        other = {"all": project, "part": project - third, "negative": -third}.get(mode or "", Decimal(0))
        leaves[code] = {"total": basic + project, "basic": basic, "project": project,
                        "fiscal": basic + project - other, "fiscal_project": project - other, "other": other}
    basic_total = sum((v["basic"] for v in leaves.values()), Decimal(0))
    share = Decimal(rng.randrange(75, 91)) / 100
    for v in leaves.values():  # each 项's basic money split into 人员经费 and 公用经费
        v["personnel"] = (v["basic"] * share / quantum).to_integral_value() * quantum
        v["public"] = v["basic"] - v["personnel"]
    personnel = sum((v["personnel"] for v in leaves.values()), Decimal(0))
    sides = {"personnel": [c for c in economic if cat["economic"][c[:3]][1] == "personnel"],
             "public": [c for c in economic if cat["economic"][c[:3]][1] == "public"]}
    econ: dict[str, dict[str, Decimal]] = {}
    for side, amount in (("personnel", personnel), ("public", basic_total - personnel)):
        for code, n in zip(sides[side], partition(rng, int(amount / quantum), len(sides[side]))):
            econ[code] = {"total": n * quantum, side: n * quantum}
    fun = tree(leaves, cat["functional"], (3, 5))
    eco = tree(econ, cat["economic"], (3,))
    wan = three_public_quantum or UNIT_FACTORS["万元"] * CENT  # the “三公” table is printed in 万元 to 0.01

    def draw_wan(top: int) -> Decimal:
        return Decimal(rng.randrange(100, top)) * wan

    tp = {m: draw_wan(5000) for m in three_public if m != "admin_operating"}
    tp["vehicle_total"] = tp.get("vehicle_purchase", Decimal(0)) + tp.get("vehicle_operation", Decimal(0))
    tp["total"] = tp.get("overseas", Decimal(0)) + tp["vehicle_total"] + tp.get("reception", Decimal(0))
    if "admin_operating" in three_public:  # 机关运行经费: the 日常公用经费 rounded to the printed 0.01 万元
        tp["admin_operating"] = (eco[0].amounts["public"] / UNIT_FACTORS["万元"]).quantize(CENT) * UNIT_FACTORS["万元"]
    recipe = {"quantum": quantum, "other_funded": dict(other_funded or {}), "scale": scale,
              "three_public": tuple(three_public), "three_public_quantum": three_public_quantum}
    return Figures(fun, eco, {m: v for m, v in tp.items() if v}, recipe)


def redraw(figures: Figures, seed: int, functional: Sequence[str], economic: Sequence[str],
           modes_to: Sequence[str] = ()) -> Figures:
    """New figures made the way ``figures`` were (same quantum, scale, “三公” measures, kinds of other income) for
    other leaves: the other-income modes go, in order, to the leaves ``modes_to``."""
    r = figures.recipe
    modes = list(r["other_funded"].values())
    return make_figures(seed, functional, economic, r["quantum"], other_funded=dict(zip(modes_to, modes)),
                        scale=r["scale"], three_public=r["three_public"],
                        three_public_quantum=r["three_public_quantum"])


