"""Synthetic figures of a provincial (Jiangsu-family) department budget, consistent by construction, in 元.

A provincial department's money is counted three ways at once: by source (财政拨款 = 一般公共预算 [+ 政府性基金],
财政专户管理资金, 其他资金), by function (类/款/项 of the functional classification) and by purpose (基本支出,
项目支出, 单位预留机动经费). :func:`make_provincial_figures` draws leaf amounts and splits, and derives every
total from them, so Σ 类 = Σ sources = 基本 + 项目 + 预留, the 财政拨款 tables add up to their own total, the
基本支出 by economic code to the 财政拨款 基本支出, and the procurement table (categories → projects → items)
to its 合计. ``prior`` holds last year's figure of everything the narrative compares (for 与上年相比 sentences).
Amounts are multiples of 0.01 万元, as the tables print them.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Mapping, Sequence

from budget_lod.sample.synthetic import DATA_PACKAGE, WAN, Line, partition, tree

CODES_FILE = "jiangsu_codes.json"
ZERO = Decimal(0)
PERSONNEL_CLASSES = ("301", "303")  # 人员经费: 工资福利支出, 对个人和家庭的补助 (公用经费: 302, 310)


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The family's data file: 类 lists by edition, 款/项 and economic names, department profiles, procurement."""
    return json.loads(resources.files(DATA_PACKAGE).joinpath(CODES_FILE).read_text(encoding="utf-8"))


def classes_of(year: int) -> tuple[tuple[str, str], ...]:
    """The functional 类 (code, name) of the classification edition in force in ``year``."""
    editions = vocabulary()["classes"]
    edition = max((e for e in editions if int(e) <= year), default=min(editions))
    return tuple((c, n) for c, n in editions[edition])


def names_of(year: int) -> dict[str, tuple[str, str]]:
    """Code → (name, "") for every functional and economic code of the family in ``year``'s edition."""
    v = vocabulary()
    out = {c: (n, "") for c, n in v["functional"]}
    out |= {c: (n, "") for c, n in v["economic"]}
    out |= {c: (n, "") for c, n in classes_of(year)}
    return out


@dataclass(frozen=True)
class ProcurementRow:
    """A row of the 政府采购预算表: a category (一、货物A), a project (专项名称 + 经济科目) or an item (采购物品名称
    + 采购组织形式), with its amount in 元."""

    level: str  # category | project | item
    category: str  # goods | works | services
    name: str
    amount: Decimal
    economic: str = ""
    method: str = ""


@dataclass(frozen=True)
class ProvincialFigures:
    """One provincial department's budget, all in 元.

    ``functional`` (TOTAL first, then 类/款/项) carries ``total`` (all money) and ``fiscal`` (财政拨款, here all
    一般公共预算); ``economic`` is the 财政拨款 基本支出 by economic code (``total``); ``admin`` the 机关运行经费 by
    economic code. ``income`` and ``purpose`` use the contract's item slugs (``income_general_budget``,
    ``expenditure_basic`` …; ``fiscal_basic`` etc. for the 财政拨款 split); ``three_public`` its measures.
    """

    year: int
    classes: tuple[tuple[str, str], ...]
    functional: tuple[Line, ...]
    economic: tuple[Line, ...]
    admin: tuple[Line, ...]
    income: Mapping[str, Decimal]
    purpose: Mapping[str, Decimal]
    three_public: Mapping[str, Decimal]
    procurement: tuple[ProcurementRow, ...]
    prior: Mapping[str, Decimal] = field(default_factory=dict)

    def line(self, code: str) -> Line | None:
        return next((ln for ln in self.functional if ln.code == code), None)

    @property
    def total(self) -> Decimal:
        return self.functional[0].amounts.get("total", ZERO)

    @property
    def fiscal(self) -> Decimal:
        return self.functional[0].amounts.get("fiscal", ZERO)

    def personnel_public(self) -> tuple[Decimal, Decimal]:
        """人员经费 and 公用经费 of the 财政拨款 基本支出 (the economic 类 summed by side)."""
        personnel = sum((ln.amounts.get("total", ZERO) for ln in self.economic
                         if len(ln.code) == 3 and ln.code in PERSONNEL_CLASSES), ZERO)
        return personnel, self.economic[0].amounts.get("total", ZERO) - personnel


def _draw(rng: random.Random, lo_wan: int, hi_wan: int) -> Decimal:
    """A random amount between ``lo_wan`` and ``hi_wan`` 万元, to 0.01 万元."""
    return Decimal(rng.randrange(lo_wan * 100, hi_wan * 100)) * WAN


def weight(scheme: str, code: str) -> float:
    """The typical relative size of a leaf (its own weight, else its 项 digits', else 1)."""
    table = vocabulary()["weights"][scheme]
    return float(table.get(code, table.get(code[-2:], 1)))


def _split(rng: random.Random, amount: Decimal, codes: Sequence[str], scheme: str) -> list[Decimal]:
    """``amount`` (a multiple of 0.01 万元) split over ``codes`` by their typical weights, each varied by ±40 %:
    positive multiples of 0.01 万元 adding up to ``amount`` exactly (the rounding rest goes to the largest)."""
    units = int(amount / WAN)
    if units < len(codes):
        return [n * WAN for n in partition(rng, units, max(1, units))] + [ZERO] * (len(codes) - max(1, units))
    w = [weight(scheme, c) * rng.uniform(0.6, 1.4) for c in codes]
    parts = [max(1, int(units * x / sum(w))) for x in w]
    parts[parts.index(max(parts))] += units - sum(parts)
    return [n * WAN for n in parts]


def _share(amount: Decimal, percent: int) -> Decimal:
    """``percent`` % of ``amount``, down to 0.01 万元."""
    return (amount * percent / 100 / WAN).to_integral_value(rounding="ROUND_FLOOR") * WAN


def _prior(rng: random.Random, current: Decimal) -> Decimal:
    """Last year's figure of ``current``: the same (持平) one time in four, else 60–130 % of it."""
    if not current or rng.random() < 0.25:
        return current
    return (current * Decimal(rng.randrange(60, 131)) / 100 / WAN).to_integral_value() * WAN


def make_provincial_figures(seed: int, year: int, leaves: Sequence[str], economic: Sequence[str], *,
                            scale: tuple[int, int] = (2000, 40000), other_funds: bool = True,
                            special_account: bool = False, reserve: bool = True,
                            admin_mode: str = "basic", vehicle_purchase: bool = False,
                            categories: Sequence[str] = ("goods", "services")) -> ProvincialFigures:
    """Figures for the functional ``leaves`` (项 codes) and the ``economic`` 款 the 基本支出 is spent on.

    ``scale`` bounds the department's total in 万元 (split over the leaves by their typical weights);
    ``other_funds`` / ``special_account`` give part of the money to 其他资金 / 财政专户管理资金 (spent on 基本支出
    and 项目支出); ``reserve`` sets 单位预留机动经费 aside from the 财政拨款;
    ``admin_mode`` ``basic`` makes the 机关运行经费 table the 商品和服务支出 of the 基本支出, ``own`` draws it
    separately (项目 money included, 办公设备购置 too); ``categories`` are the procurement categories printed."""
    rng = random.Random(seed)
    names = names_of(year)
    grand = _draw(rng, *scale)
    totals = dict(zip(leaves, _split(rng, grand, leaves, "functional")))
    outside = {"special_account": _share(grand, rng.randrange(1, 4)) if special_account else ZERO,
               "other_funds": _share(grand, rng.randrange(1, 4)) if other_funds else ZERO}
    # the money not from 财政拨款 is carried by the leaves with the largest amounts
    other = {code: ZERO for code in leaves}
    for amount in outside.values():
        code = max(leaves, key=lambda c: totals[c] - other[c])
        other[code] += amount
    fun = tree({c: {"total": totals[c], "fiscal": totals[c] - other[c]} for c in leaves}, names, (3, 5))
    total = grand
    fiscal = total - sum(outside.values(), ZERO)
    fiscal_reserve = _share(fiscal, rng.randrange(1, 9)) if reserve else ZERO
    fiscal_basic = _share(fiscal - fiscal_reserve, rng.randrange(40, 76))
    fiscal_project = fiscal - fiscal_reserve - fiscal_basic
    other_basic = _share(total - fiscal, rng.randrange(0, 101))
    purpose = {"expenditure_basic": fiscal_basic + other_basic,
               "expenditure_project": fiscal_project + (total - fiscal - other_basic),
               "expenditure_reserve": fiscal_reserve,
               "fiscal_basic": fiscal_basic, "fiscal_project": fiscal_project, "fiscal_reserve": fiscal_reserve}
    # 财政拨款 基本支出 by economic code: 人员经费 (301, 303) and 公用经费 (302, 310)
    personnel = _share(fiscal_basic, rng.randrange(60, 86))
    sides = {"personnel": [c for c in economic if c[:3] in PERSONNEL_CLASSES],
             "public": [c for c in economic if c[:3] not in PERSONNEL_CLASSES]}
    econ: dict[str, dict[str, Decimal]] = {}
    for side, amount in (("personnel", personnel), ("public", fiscal_basic - personnel)):
        for code, part in zip(sides[side], _split(rng, amount, sides[side], "economic")):
            if part:
                econ[code] = {"total": part}
    eco = tree(econ, names, (3,))
    if admin_mode == "basic":
        admin = tuple(ln for ln in eco if ln.code == "TOTAL" or ln.code.startswith("302"))
        admin = (Line("TOTAL", "合计", dict(admin[1].amounts)), *admin[1:])
    else:
        drawn = {c: {"total": _draw(rng, 5, 400)} for c in sides["public"] if c.startswith("302")}
        drawn["31002"] = {"total": _draw(rng, 10, 150)}
        admin = tree(drawn, names, (3,))
    # income by source, as the 收入预算总表 itemises it
    earmarked = _share(fiscal, rng.randrange(0, 6)) if rng.random() < 0.3 else ZERO
    education = _share(outside["special_account"], rng.randrange(30, 71)) if rng.random() < 0.5 else ZERO
    business = _share(outside["other_funds"], rng.randrange(20, 81)) if rng.random() < 0.5 else ZERO
    income = {"income_fiscal_appropriation": fiscal, "income_general_budget": fiscal,
              "income_general_budget_appropriation": fiscal - earmarked, "income_general_budget_earmarked": earmarked,
              "income_government_fund": ZERO,
              "income_special_account": outside["special_account"],
              "income_special_account_education": education,
              "income_special_account_other": outside["special_account"] - education,
              "income_other_funds": outside["other_funds"], "income_business": business, "income_operating": ZERO,
              "income_other": outside["other_funds"] - business, "income_debt": ZERO,
              "income_total": total, "carryover": ZERO, "carryover_used": ZERO, "income_grand_total": total}
    tp = {"overseas": _draw(rng, 5, 300) if rng.random() < 0.7 else ZERO,
          "vehicle_purchase": _draw(rng, 10, 60) if vehicle_purchase else ZERO,
          "vehicle_operation": _draw(rng, 10, 250), "reception": _draw(rng, 2, 200),
          "meeting": _draw(rng, 10, 900), "training": _draw(rng, 5, 500)}
    tp["vehicle_total"] = tp["vehicle_purchase"] + tp["vehicle_operation"]
    tp["total"] = tp["overseas"] + tp["vehicle_total"] + tp["reception"]
    tp["grand_total"] = tp["total"] + tp["meeting"] + tp["training"]
    procurement = _procurement(rng, categories)
    fig = ProvincialFigures(year, classes_of(year), fun, eco, admin, income, purpose, tp, procurement)
    return _with_prior(fig, rng)


def _procurement(rng: random.Random, categories: Sequence[str]) -> tuple[ProcurementRow, ...]:
    """Categories → projects (专项名称, 经济科目) → items (采购物品名称, 采购组织形式); parents are the sums."""
    vocab = vocabulary()["procurement"]
    projects = list(vocab["projects"])
    rng.shuffle(projects)
    rows: list[ProcurementRow] = []
    for cat in categories:
        spec = vocab[cat]
        block: list[ProcurementRow] = []
        for name, economic in projects[: rng.randrange(2, 4)]:
            items = rng.sample(spec["items"], rng.randrange(2, min(6, len(spec["items"])) + 1))
            method = rng.choice(vocab["methods"])
            drawn = [ProcurementRow("item", cat, it, _draw(rng, 1, 120), method=method) for it in items]
            block.append(ProcurementRow("project", cat, name, sum((r.amount for r in drawn), ZERO), economic))
            block.extend(drawn)
        del projects[: len([r for r in block if r.level == "project"])]
        amount = sum((r.amount for r in block if r.level == "project"), ZERO)
        rows.extend([ProcurementRow("category", cat, spec["label"], amount), *block])
    return tuple(rows)


def _with_prior(fig: ProvincialFigures, rng: random.Random) -> ProvincialFigures:
    """Last year's figure of everything the narrative compares, as coherent as this year's: each 项's 财政拨款
    drawn (its other money unchanged), 款, 类 and totals summed from them, the sources and purposes adding up
    to the total, the “三公” subtotals summed from their items."""
    prior: dict[str, Decimal] = {}
    for ln in fig.functional:
        if len(ln.code) == 7:
            fiscal = ln.amounts.get("fiscal", ZERO)
            prior[f"fiscal:{ln.code}"] = _prior(rng, fiscal)
            prior[f"functional:{ln.code}"] = prior[f"fiscal:{ln.code}"] + ln.amounts.get("total", ZERO) - fiscal
    for ln in fig.functional:  # parents: the sums of their 项
        if len(ln.code) < 7:
            kids = [c for c in fig.functional
                    if len(c.code) == 7 and (ln.code == "TOTAL" or c.code.startswith(ln.code))]
            for key in ("fiscal", "functional"):
                prior[f"{key}:{ln.code}"] = sum((prior[f"{key}:{c.code}"] for c in kids), ZERO)
    total, fiscal = prior.pop("functional:TOTAL"), prior.pop("fiscal:TOTAL")
    inc, pur = fig.income, fig.purpose
    prior |= {"total": total, "fiscal": fiscal, "income_fiscal_appropriation": fiscal, "income_general_budget": fiscal,
              "income_special_account": inc["income_special_account"], "income_other_funds": inc["income_other_funds"]}
    basic, reserve = _prior(rng, pur["expenditure_basic"]), _prior(rng, pur["expenditure_reserve"])
    if total - basic - reserve <= 0:  # a draw that leaves no project money: the purposes as this year
        basic, reserve = pur["expenditure_basic"], pur["expenditure_reserve"]
    prior |= {"expenditure_basic": basic, "expenditure_reserve": reserve,
              "expenditure_project": total - basic - reserve}
    personnel, public = fig.personnel_public()
    prior |= {"personnel": _prior(rng, personnel), "public": _prior(rng, public),
              "admin_operating": _prior(rng, fig.admin[0].amounts.get("total", ZERO))}
    tp = {m: _prior(rng, fig.three_public[m]) for m in ("overseas", "vehicle_purchase", "vehicle_operation",
                                                        "reception", "meeting", "training")}
    tp["vehicle_total"] = tp["vehicle_purchase"] + tp["vehicle_operation"]
    tp["total"] = tp["overseas"] + tp["vehicle_total"] + tp["reception"]
    prior |= {f"three_public:{m}": v for m, v in tp.items()}
    return ProvincialFigures(fig.year, fig.classes, fig.functional, fig.economic, fig.admin, fig.income,
                             fig.purpose, fig.three_public, fig.procurement, prior)
