"""Synthetic final-accounts (部门决算) figures: a budget carried out over its year, all in 元.

:func:`make_final_figures` takes a budget's :class:`~budget_lod.sample.synthetic.Figures` — its general-budget
money by functional line is the year's 年初预算, its “三公” figures their 预算数 — and an :class:`Execution` saying
how the year went, and returns :class:`FinalFigures` that add up by construction: the 全年预算 (年初预算 with
mid-year adjustments), the 决算 of every line (parent = Σ children, 合计 = 基本 + 项目 (+ 经营支出)), the income by
source (财政拨款, 事业收入, 经营收入, 其他收入), the 年初/年末结转和结余 that make 本年收入 + 年初结转 = 本年支出 +
年末结转, the 基本支出 by economic code (人员经费 | 公用经费), the “三公” 预算数 and 决算数, last year's figures the
narrative compares with, and the procurement totals.

The 决算 is printed in 万元 to 0.01: every figure is a multiple of 100 元. A budget figure of finer precision
(a budget printed in 元 to the fen) is printed as its 年初预算数 rounded half up, line by line — so the 决算's
年初预算数 column adds up only within that rounding, as in real documents. Special items say what the narrative
and a budget/决算 pair speak of: ``flat`` (spent exactly as budgeted), ``overspend`` (决算 above the 年初预算),
``new`` (not in the budget: 年初预算 0), ``dropped`` (withdrawn in the year: nothing spent), ``misreport``
(its printed 年初预算数 differs from the budget's figure on purpose), ``carry_out`` / ``carry_in`` (income
carried to next year / last year's carryover spent). Nothing here knows how a table is printed.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources
from typing import Mapping, Sequence

from budget_lod.sample.synthetic import DATA_PACKAGE, Figures, Line, catalogue, tree

ZERO = Decimal(0)
PRINTED = Decimal(100)  # 0.01 万元 in 元: the precision of a 决算 printed in 万元
TEMPLATE_FILE = "final_template.json"
PHASE_PREFIX = {"initial_budget": "ini_", "adjusted_budget": "adj_", "final": "gb_"}  # the gb table's sources
THREE_PUBLIC_PARTS = ("overseas", "vehicle_purchase", "vehicle_operation", "reception")


@lru_cache(maxsize=1)
def template() -> dict:
    """The 决算 template's printed lists and wording (``final_template.json``)."""
    return json.loads(resources.files(DATA_PACKAGE).joinpath(TEMPLATE_FILE).read_text(encoding="utf-8"))


def rnd(yuan: Decimal) -> Decimal:
    """``yuan`` as a 万元 table prints it to 0.01 (half up), back in 元."""
    return (yuan / PRINTED).quantize(Decimal(1), ROUND_HALF_UP) * PRINTED


@dataclass(frozen=True)
class Execution:
    """How the budget was carried out (what the final accounts show beside it).

    ``adjusted``: some items' 全年预算 differ from their 年初预算; ``flat`` / ``overspend``: how many items were
    spent exactly as budgeted / above it; ``new_item``: an item the budget did not have; ``dropped``: a budget
    item withdrawn in the year; ``income``: the non-fiscal income the budget's other income is booked as
    (``business`` 事业收入, ``other`` 其他收入); ``operating``: one item earns 经营收入 spent as 经营支出;
    ``carryover``: 年初 and 年末 结转和结余; ``three_public``: the “三公” budget carried out (else none: the table
    is declared empty); ``misreport``: 元 added to one item's printed 年初预算数 (a planted difference from the
    stored budget)."""

    seed: int
    adjusted: bool = True
    flat: int = 1
    overspend: int = 1
    new_item: bool = True
    dropped: bool = True
    income: tuple[str, ...] = ("other",)
    operating: bool = False
    carryover: bool = False
    three_public: bool = True
    misreport: Decimal = ZERO


@dataclass(frozen=True)
class FinalFigures:
    """Consistent final-accounts figures, all in 元 (multiples of 100 元).

    ``functional`` lines (TOTAL first, then 类/款/项 in code order) carry, as sources a table column prints:
    the 支出决算表's ``total`` = ``basic`` + ``project`` + ``op_exp`` (经营支出); the 收入决算表's ``in_total`` =
    ``in_fiscal`` + ``in_business`` + ``in_operating`` + ``in_other``; the 一般公共预算财政拨款支出's ``gb_total`` =
    ``gb_basic`` + ``gb_project`` and its 年初预算数 (``ini_*``) and 全年预算数 (``adj_*``). ``economic``: the
    基本支出 by economic code (``total``; classes summed). ``three_public``: phase (``initial_budget``,
    ``final``) → measure → 元. ``summary``: the 收支 summaries' item rows by the contract's codes (fiscal ones
    prefixed ``fa_``). ``prior``: last year's figures. ``special``: role → codes (see the module)."""

    functional: tuple[Line, ...]
    economic: tuple[Line, ...]
    three_public: Mapping[str, Mapping[str, Decimal]]
    summary: Mapping[str, Decimal]
    prior: Mapping[str, Decimal]
    procurement: Mapping[str, Decimal]
    budget: Figures = field(repr=False)
    special: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    execution: Execution | None = field(default=None, repr=False)

    def total(self, source: str) -> Decimal:
        return self.functional[0].amounts.get(source, ZERO)

    def line(self, code: str) -> Line | None:
        return next((ln for ln in self.functional if ln.code == code), None)

    @property
    def personnel(self) -> Decimal:
        return sum((ln.amounts.get("total", ZERO) for ln in self.economic
                    if len(ln.code) == 3 and ln.code in template()["personnel_classes"]), ZERO)

    @property
    def public(self) -> Decimal:
        return self.total("gb_basic") - self.personnel

    @property
    def items(self) -> tuple[Line, ...]:
        """The 项 of the 一般公共预算财政拨款支出决算表: lines printing a figure of any phase there."""
        return tuple(ln for ln in self.functional if len(ln.code) == 7 and any(
            ln.amounts.get(p + m) for p in PHASE_PREFIX.values() for m in ("total", "basic", "project")))


def _ancestors(code: str) -> list[str]:
    return ["TOTAL", *(code[:n] for n in (3, 5) if n < len(code))]


def _split(rng: random.Random, total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``total`` (a multiple of 100 元) shared by ``weights`` with some noise, in multiples of 100 元."""
    units = int(total / PRINTED)
    noisy = [max(w, PRINTED) * Decimal(rng.randrange(85, 111)) / 100 for w in weights]
    whole = sum(noisy, ZERO)
    parts = [int(units * w / whole) for w in noisy]
    for i in sorted(range(len(parts)), key=lambda i: -noisy[i])[: units - sum(parts)]:
        parts[i] += 1
    return [p * PRINTED for p in parts]


def _pick(rng: random.Random, taken: set[str], *pools: Sequence[str]) -> str | None:
    """A code not taken yet from the first pool that has one (marked taken), or ``None``."""
    for pool in pools:
        left = [c for c in pool if c not in taken]
        if left:
            code = rng.choice(left)
            taken.add(code)
            return code
    return None


def make_final_figures(budget: Figures, plan: Execution) -> FinalFigures:
    """The final accounts of the year ``budget`` planned, carried out as ``plan`` says."""
    rng = random.Random(plan.seed)
    cat = catalogue()["functional"]

    def draw(lo: int, hi: int) -> Decimal:  # a multiple of 100 元 between lo and hi 元
        return Decimal(rng.randrange(lo // 100, hi // 100)) * PRINTED

    def rate(lo: int, hi: int) -> Decimal:
        return Decimal(rng.randrange(lo, hi + 1)) / 100

    lines = {ln.code: ln for ln in budget.functional}
    leaves = [c for c in lines if len(c) == 7]
    fiscal = [c for c in leaves if lines[c].amounts.get("fiscal")]
    projects = [c for c in fiscal if lines[c].amounts.get("fiscal_project")]
    taken: set[str] = set()
    special: dict[str, list[str]] = {}
    if plan.misreport:  # first: a pair always has its planted difference
        if (code := _pick(rng, taken, projects, fiscal)) is not None:
            special["misreport"] = [code]
    for role, n in (("overspend", plan.overspend), ("flat", plan.flat)):
        for _ in range(n):
            if (code := _pick(rng, taken, projects, fiscal)) is not None:
                special.setdefault(role, []).append(code)
    if plan.dropped:
        only_project = [c for c in projects if not lines[c].amounts.get("basic") and not lines[c].amounts.get("other")]
        if (code := _pick(rng, taken, only_project)) is not None:
            special["dropped"] = [code]
    if plan.new_item:  # an item of a 款 (else a 类) the budget already has
        for level in (5, 3):
            pool = sorted(c for c in cat if len(c) == 7 and "p" in cat[c][1] and c not in lines
                          and c[:level] in {c[:level] for c in leaves})
            if pool:
                special["new"] = [rng.choice(pool)]
                break

    amounts: dict[str, dict[str, Decimal]] = {}
    for code in [*leaves, *special.get("new", ())]:
        b = lines[code].amounts if code in lines else {}
        ini_basic, ini_project = rnd(b.get("basic", ZERO)), rnd(b.get("fiscal_project", ZERO))
        role = next((r for r, codes in special.items() if code in codes), None)
        adj_basic, adj_project = ini_basic, ini_project
        if plan.adjusted and role is None and ini_project and rng.random() < 0.45:
            adj_project = rnd(ini_project * rate(85, 120))
        fin_basic = rnd(adj_basic * rate(90, 100))
        fin_project = rnd(adj_project * rate(55, 100))
        if role == "flat":
            fin_basic, fin_project = adj_basic, adj_project
        elif role == "overspend" and ini_project:  # approved in the year: more than the 年初预算, all spent
            fin_basic = adj_basic
            adj_project = rnd(ini_project * rate(110, 130))
            fin_project = adj_project
        elif role == "overspend":  # an item of basic money only: more people paid than budgeted
            adj_basic = fin_basic = rnd(ini_basic * rate(105, 115))
        elif role == "dropped":
            adj_project = fin_project = ZERO
        elif role == "new":
            adj_project = draw(50_000, 800_000)
            fin_project = rnd(adj_project * rate(80, 100))
        other = rnd(max(b.get("other", ZERO), ZERO) * rate(50, 100))
        amounts[code] = {"gb_basic": fin_basic, "gb_project": fin_project, "gb_total": fin_basic + fin_project,
                         "adj_basic": adj_basic, "adj_project": adj_project, "adj_total": adj_basic + adj_project,
                         "basic": fin_basic, "project": fin_project + other, "nonfiscal": other}
    if plan.operating:  # a unit earning from its business: an item with both basic and project money
        candidates = sorted(c for c in amounts if amounts[c]["gb_basic"] and amounts[c]["gb_project"]) or sorted(
            c for c in amounts if amounts[c]["gb_basic"])
        if candidates:
            code = rng.choice(candidates)
            special["operating"] = [code]
            amounts[code]["op_exp"] = draw(20_000, 300_000)
    carry = {c: ZERO for c in amounts}
    spent = {c: ZERO for c in amounts}
    if plan.carryover:
        pool = sorted(c for c in amounts if amounts[c]["gb_project"] and c not in special.get("dropped", ()))
        out_code = rng.choice(pool) if pool else None
        in_pool = [c for c in pool if c != out_code]
        in_code = rng.choice(in_pool) if in_pool else None
        if out_code:
            special["carry_out"] = [out_code]
            carry[out_code] = rnd(amounts[out_code]["gb_project"] * rate(10, 30))
        if in_code:
            special["carry_in"] = [in_code]
            spent[in_code] = rnd(amounts[in_code]["gb_project"] * rate(20, 50))
    sources = plan.income or ("other",)
    for code, a in amounts.items():
        a.setdefault("op_exp", ZERO)
        a["total"] = a["basic"] + a["project"] + a["op_exp"]
        a["in_fiscal"] = a["gb_total"] + carry[code] - spent[code]
        parts = _split(rng, a.pop("nonfiscal"), [Decimal(1)] * len(sources)) if len(sources) > 1 else [
            a["project"] - a["gb_project"]]
        for source, part in zip(sources, parts):
            a[f"in_{source}"] = a.get(f"in_{source}", ZERO) + part
        a["in_operating"] = a["op_exp"]
        a["in_total"] = sum((a.get(k, ZERO) for k in ("in_fiscal", "in_business", "in_operating", "in_other")), ZERO)

    functional = list(tree(amounts, cat, (3, 5)))
    # the 年初预算数 of every line: the budget's figure as printed to 0.01 万元 (parents rounded on their own)
    misreported = special.get("misreport", ())
    misreported_in = "ini_project" if misreported and lines[misreported[0]].amounts.get("fiscal_project") else "ini_basic"
    for i, ln in enumerate(functional):
        b = lines.get(ln.code)
        ini = {"ini_basic": rnd(b.amounts.get("basic", ZERO)), "ini_project": rnd(b.amounts.get("fiscal_project", ZERO)),
               "ini_total": rnd(b.amounts.get("fiscal", ZERO))} if b else {}
        if misreported and ln.code in (misreported[0], *_ancestors(misreported[0])):
            for m in (misreported_in, "ini_total"):
                ini[m] = ini.get(m, ZERO) + plan.misreport
        functional[i] = Line(ln.code, ln.name, {**ln.amounts, **{m: v for m, v in ini.items() if v}})
    functional_t = tuple(functional)

    total = functional_t[0].amounts
    c_out, c_in = sum(carry.values(), ZERO), sum(spent.values(), ZERO)
    summary = {
        "income_general_budget": total.get("in_fiscal", ZERO), "income_business": total.get("in_business", ZERO),
        "income_operating": total.get("in_operating", ZERO), "income_other": total.get("in_other", ZERO),
        "income_total": total.get("in_total", ZERO), "carryover": c_in,
        "income_grand_total": total.get("in_total", ZERO) + c_in,
        "expenditure_total": total.get("total", ZERO), "expenditure_carryover": c_out,
        "expenditure_grand_total": total.get("total", ZERO) + c_out,
        "fa_income_general_budget": total.get("in_fiscal", ZERO), "fa_income_total": total.get("in_fiscal", ZERO),
        "fa_carryover": c_in, "fa_carryover_income_general_budget": c_in,
        "fa_income_grand_total": total.get("in_fiscal", ZERO) + c_in,
        "fa_expenditure_total": total.get("gb_total", ZERO), "fa_expenditure_carryover": c_out,
        "fa_expenditure_carryover_general_budget": c_out,
        "fa_expenditure_grand_total": total.get("gb_total", ZERO) + c_out,
    }
    if summary["income_grand_total"] != summary["expenditure_grand_total"] or \
            summary["fa_income_grand_total"] != summary["fa_expenditure_grand_total"]:
        raise AssertionError("final accounts do not balance")  # a generator bug, never a planted fault

    economic = _economic(rng, budget, total.get("gb_basic", ZERO))
    three_public = _three_public(rng, budget, plan.three_public)

    def prior(current: Decimal) -> Decimal:
        return current if rng.random() < 0.15 else rnd(current * rate(80, 120))

    publics = sum((ln.amounts["total"] for ln in economic if len(ln.code) == 3
                   and ln.code not in template()["personnel_classes"]), ZERO)
    priors = {"income_grand_total": prior(summary["income_grand_total"]),
              "fa_income_grand_total": prior(summary["fa_income_grand_total"]),
              "expenditure_general_budget": prior(total.get("gb_total", ZERO)),
              "admin_operating": prior(publics),
              "three_public_total": prior(three_public.get("final", {}).get("total", ZERO))}
    goods, services = draw(20_000, 600_000), draw(0, 300_000)
    works = draw(100_000, 900_000) if rng.random() < 0.3 else ZERO
    procurement = {"goods": goods, "works": works, "services": services, "total": goods + works + services}
    return FinalFigures(functional_t, economic, three_public, summary, priors, procurement, budget,
                        {r: tuple(c) for r, c in special.items()}, plan)


def _economic(rng: random.Random, budget: Figures, basic: Decimal) -> tuple[Line, ...]:
    """The 基本支出 ``basic`` by economic 款: 人员经费 and 公用经费 shared as the budget shares them."""
    t = template()
    personnel_classes = set(t["personnel_classes"])
    names = {c: (n, "") for c, n in t["economic"].items()}
    codes = {c: ln.amounts.get("total", ZERO) for ln in budget.economic for c in [ln.code]
             if len(c) == 5 and c in names}
    sides = {True: {c: v for c, v in codes.items() if c[:3] in personnel_classes},
             False: {c: v for c, v in codes.items() if c[:3] not in personnel_classes}}
    sides = {k: v or {("30101" if k else "30201"): Decimal(1)} for k, v in sides.items()}
    b_personnel = sum(sides[True].values(), ZERO)
    share = b_personnel / (b_personnel + sum(sides[False].values(), ZERO)) * Decimal(rng.randrange(97, 103)) / 100
    personnel = rnd(basic * min(share, Decimal("0.97")))
    leaves: dict[str, dict[str, Decimal]] = {}
    for side, amount in ((True, personnel), (False, basic - personnel)):
        for code, part in zip(sides[side], _split(rng, amount, list(sides[side].values()))):
            if part:
                leaves[code] = {"total": part}
    return tree(leaves, names, (3,))


def _three_public(rng: random.Random, budget: Figures, carried: bool) -> dict[str, dict[str, Decimal]]:
    """The “三公” 预算数 (the budget's figures as printed in 万元) and 决算数, measure by measure."""
    tp = budget.three_public
    if not carried or not any(tp.get(m) for m in THREE_PUBLIC_PARTS):
        return {}
    initial = {m: rnd(tp.get(m, ZERO)) for m in THREE_PUBLIC_PARTS}
    final = {m: rnd(v * Decimal(rng.randrange(50, 101)) / 100) for m, v in initial.items()}
    out = {}
    for phase, parts in (("initial_budget", initial), ("final", final)):
        parts = dict(parts)
        parts["vehicle_total"] = parts["vehicle_purchase"] + parts["vehicle_operation"]
        parts["total"] = parts["overseas"] + parts["vehicle_total"] + parts["reception"]
        out[phase] = parts
    return out
