"""A generated corpus: N distinct disclosures of every layout family, each PDF with its truth file beside it.

:func:`plan_corpus` turns ``(count, seed)`` into N :class:`~budget_lod.sample.truth.Variant`: the registered
variants serve as templates (their layout and their way of making figures), taken family by family in turn
(Hebei-like, Shanghai-like, the plain looks, Jiangsu, then the other county families) so that a small corpus
already holds every family; each gets its own department (an invented place and a department with the 款 of
its business; a department code where the layout prints one), year and figures, and a narrative stating them
(the national families' 情况说明 appended after the tables, the Jiangsu family's own 概况 and 情况说明). Some
carry planted faults — a figure in the narrative that disagrees with its table, a parent row that is not the
sum of its children — recorded in the truth. Final accounts (部门决算, the ``final`` family) take their turn
too: half of them (two in turn) are the final accounts of the national budget planned last before them (same
department and year, its 年初预算数 that budget's figures but for one planted misreport: a budget /
final-accounts pair), the others carry out a budget of their own; their planted faults are a 完成率 that does not recompute and a parent
row misprinted. :func:`write_corpus` renders them: ``NNN-<family>-<template>.pdf`` (or ``.tables.pdf`` +
``.narrative.pdf``) and ``NNN-<family>-<template>.truth.json`` (a pair's truth files say so under ``pair``:
the final accounts' lists the corresponding line items with their rates and the differences). The same count
and seed give the same bytes.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator, Sequence

from budget_lod.sample.families import jiangsu
from budget_lod.sample.families.final import final_variant
from budget_lod.sample.families.final_figures import PRINTED
from budget_lod.sample.families.jiangsu_figures import PERSONNEL_CLASSES, make_provincial_figures, vocabulary
from budget_lod.sample.families.jiangsu_narrative import CLAIM_CELLS as PROVINCIAL_CLAIMS
from budget_lod.sample.families.national_narrative import CLAIM_CELLS as NATIONAL_CLAIMS
from budget_lod.sample.families.national_narrative import Story, narrated
from budget_lod.sample.synthetic import DATA_PACKAGE, WAN, catalogue, redraw
from budget_lod.sample.pairs import Pair, pair_document
from budget_lod.sample.truth import Variant
from budget_lod.sample.truthfile import write_truth
from budget_lod.sample.variants import FINAL_VARIANTS, PROVINCIAL_FAMILIES, VARIANTS

NAMES_FILE = "corpus_names.json"
# the order families take turns in: the first four make any corpus of four or more cover the families asked for
FAMILY_ORDER = ("hebei", "shanghai", "plain", "jiangsu", "county", "basic_split", "mof", "final")
FINAL_KIND = "final_accounts"
FAULTS = ((), ("claim",), (), ("parent",), (), ("claim", "parent"))  # the faults planted, in turn


@lru_cache(maxsize=1)
def _names() -> dict:
    return json.loads(resources.files(DATA_PACKAGE).joinpath(NAMES_FILE).read_text(encoding="utf-8"))


def templates() -> list[Variant]:
    """The registered variants in the order a corpus uses them: one of each family in turn, then the next."""
    by_family: dict[str, list[Variant]] = {}
    for v in [*VARIANTS.values(), *FINAL_VARIANTS.values()]:
        by_family.setdefault(v.family, []).append(v)
    order = [f for f in FAMILY_ORDER if f in by_family] + sorted(set(by_family) - set(FAMILY_ORDER))
    rounds = max(len(vs) for vs in by_family.values())
    return [by_family[f][i] for i in range(rounds) for f in order if i < len(by_family[f])]


class _Places:
    """Distinct invented places and departments, drawn without repetition."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()
        self.crowded = False
        self.codes = rng.sample(range(101, 1000), 899)

    def place(self) -> str:
        first, second = _names()["syllables"]
        if self.crowded:
            return self.rng.choice(first) + self.rng.choice(second) + self.rng.choice(second)
        return self.rng.choice(first) + self.rng.choice(second)

    def unique(self, make: Callable[[], tuple[str, ...]]) -> tuple[str, ...]:
        """A department name not drawn before. After 100 draws in a row that were, the names are crowded: places
        get three syllables and provinces are invented too (so the names of a small corpus stay as they were)."""
        for attempt in range(10_000):
            self.crowded = attempt >= 100
            got = make()
            if got[0] not in self.used:
                self.used.add(got[0])
                self.crowded = False
                return got
        raise ValueError("ran out of distinct department names: ask for fewer disclosures")

    def code(self) -> str:
        if not self.codes:  # the 3-digit department codes are all drawn: 6-digit ones (a department and a unit)
            self.codes = self.rng.sample(range(101_001, 1_000_000), 50_000)
        return str(self.codes.pop())


def _region_like(base: Variant, places: _Places) -> str:
    """A region of the same kind as the template's (county, city, district of a city, prefecture, Shanghai)."""
    region = base.region or ""
    if region.startswith("上海市"):
        return f"上海市{places.place()}区"
    if region.endswith("自治州"):
        return f"{places.place()}自治州"
    if region.endswith("区"):
        return f"{places.place()}市{places.place()}区"
    return places.place() + region[-1:]


def _national_department(base: Variant, places: _Places) -> tuple[str, str, tuple[str, ...]]:
    """(department, region, the 款 of its business) for a national-template disclosure."""
    names = _names()

    def make() -> tuple[str, str, tuple[str, ...]]:
        region = _region_like(base, places)
        if base.scope == "unit":
            unit = places.rng.choice(names["units"])
            return unit["name"].format(region=region), region, tuple(unit["sections"])
        if base.department.endswith("街道办事处"):
            return f"{region}{places.place()}街道办事处", region, ("20103",)
        if base.department.endswith("镇人民政府"):
            return f"{region}{places.place()}镇人民政府", region, ("20103",)
        dept = places.rng.choice(names["departments"])
        return dept["name"].format(region=region), region, tuple(dept["sections"])

    return places.unique(make)  # type: ignore[return-value]


def _national_leaves(rng: random.Random, sections: Sequence[str], modes: int) -> tuple[list[str], list[str]]:
    """Functional 项 for a department (its business 款, then the shared pension, medical and housing 项) and the
    leaves that carry the template's kinds of other income (项 with project money)."""
    fun = catalogue()["functional"]
    leaves: list[str] = []
    for section in sections:
        items = [c for c in fun if len(c) == 7 and c.startswith(section)]
        leaves += sorted(rng.sample(items, rng.randrange(1, min(3, len(items)) + 1)))
    for group in _names()["shared"]:
        present = [c for c in group if c in fun]
        leaves += sorted(rng.sample(present, rng.randrange(1, len(present) + 1)))
    with_projects = [c for c in leaves if "p" in fun[c][1]]
    while len(with_projects) < modes:  # the template needs more 项 with project money
        extra = next(c for c in fun if len(c) == 7 and "p" in fun[c][1] and c not in leaves)
        leaves.append(extra)
        with_projects.append(extra)
    return sorted(leaves), rng.sample(with_projects, modes)


def _economic(rng: random.Random, codes: Sequence[str], personnel: Sequence[str]) -> list[str]:
    """Most economic 款 of the list, at least three of each side (人员经费 / 公用经费)."""
    leaves = [c for c in codes if len(c) == 5]
    sides = [[c for c in leaves if c[:3] in personnel], [c for c in leaves if c[:3] not in personnel]]
    out = []
    for side in sides:
        out += rng.sample(side, max(3, round(len(side) * rng.uniform(0.6, 0.9))))
    return sorted(out)


def _faulty_section(v: Variant, key: str) -> str:
    """The 款 a misprint goes to: the first functional 款 printing an amount under ``key``."""
    return next(ln.code for ln in v.figures.functional
                if ln.code.isdigit() and len(ln.code) == 5 and ln.amounts.get(key))


def _fault_amount(rng: random.Random, base: Decimal, quantum: Decimal) -> Decimal:
    """A fault of 5–30 % of ``base``, a multiple of the printed ``quantum``, up or down."""
    steps = max(1, int(base * Decimal(rng.randrange(5, 31)) / 100 / quantum))
    return steps * quantum * rng.choice((1, -1))


def _national(base: Variant, i: int, rng: random.Random, places: _Places, faults: Sequence[str]) -> Variant:
    modes = len(base.figures.recipe["other_funded"])
    department, region, sections = _national_department(base, places)
    leaves, with_other = _national_leaves(rng, sections, modes)
    economic = _economic(rng, [c for c in catalogue()["economic"] if len(c) == 5], ("301", "303"))
    figures = redraw(base.figures, rng.randrange(1 << 30), leaves, economic, with_other)
    v = replace(base, name=f"{i:03d}-{base.family}-{base.name}", department=department, region=region,
                department_code=places.code() if base.department_code else None,
                fiscal_year=rng.choice((2024, 2025, 2026)), figures=figures)
    quantum = figures.recipe["quantum"]
    misstate = {kind: _fault_amount(rng, figures.total("total"), quantum) for kind in NATIONAL_CLAIMS} \
        if "claim" in faults else {}
    misprint = {}
    if "parent" in faults:
        section = _faulty_section(v, "fiscal")
        amount = next(ln for ln in figures.functional if ln.code == section).amounts["fiscal"]
        misprint = {("general_budget_expenditure", section, "total"): _fault_amount(rng, amount, quantum)}
    return replace(v, layout=partial(narrated, inner=base.layout, story=Story(misstate, misprint)))


def _provincial(base: Variant, i: int, rng: random.Random, places: _Places, faults: Sequence[str]) -> Variant:
    vocab = vocabulary()

    def make() -> tuple[str, str, dict]:
        # the listed provinces; once their departments are drawn (16 × 8), invented ones of the same form
        province = f"{places.place()}省" if places.crowded else rng.choice(_names()["provinces"])
        profile = rng.choice(vocab["profiles"])
        return f"{province}{profile['department']}", province, profile

    department, province, profile = places.unique(make)
    leaves = list(profile["leaves"])
    leaves = sorted(rng.sample(leaves, rng.randrange(max(2, len(leaves) - 2), len(leaves) + 1)))
    for group in vocab["shared_leaves"]:
        leaves += sorted(rng.sample(group, rng.randrange(1, len(group) + 1)))
    economic = _economic(rng, [c for c, _ in vocab["economic"] if c[:3] in ("301", "302", "303")], PERSONNEL_CLASSES)
    year = rng.choice((2017, 2018, 2019))
    figures = make_provincial_figures(
        rng.randrange(1 << 30), year, sorted(leaves), economic, other_funds=rng.random() < 0.6,
        special_account=rng.random() < 0.3, reserve=rng.random() < 0.8, admin_mode=rng.choice(("basic", "own")),
        vehicle_purchase=rng.random() < 0.3,
        categories=rng.choice((("goods", "services"), ("goods", "works", "services"), ("goods",))))
    plan = base.layout.keywords["plan"]
    stated = {"income_total": figures.total, "basic_total": figures.purpose["expenditure_basic"],
              "project_total": figures.purpose["expenditure_project"],
              "three_public_total": figures.three_public["total"],
              **{m: figures.three_public[m] for m in ("meeting", "training", "reception")}}
    assert set(stated) <= set(PROVINCIAL_CLAIMS)
    kind = rng.choice(sorted(stated))
    misstate = {kind: _fault_amount(rng, stated[kind], WAN)} if "claim" in faults else {}
    misprint = {}
    if "parent" in faults:
        section = next(ln for ln in figures.functional
                       if ln.code.isdigit() and len(ln.code) == 5 and ln.amounts.get("fiscal"))
        misprint = {("general_budget_expenditure", section.code, "total"):
                    _fault_amount(rng, section.amounts["fiscal"], WAN)}
    plan = replace(plan, misstate=misstate, misprint=misprint)
    return replace(base, name=f"{i:03d}-{base.family}-{base.name}", department=department, region=province,
                   fiscal_year=year, figures=figures, layout=partial(jiangsu.layout, plan=plan))


def _final(base: Variant, i: int, rng: random.Random, places: _Places, faults: Sequence[str],
           partner: Variant | None) -> Variant:
    """Final accounts in ``base``'s look: of ``partner``'s budget (same department and year; one 年初预算数
    misreported), or of a budget of their own drawn like the national families'."""
    keys = base.layout.keywords
    budget = base.figures.budget
    execution = replace(base.figures.execution, seed=rng.randrange(1 << 30))
    if partner is not None:
        figures = partner.figures
        department, code, region, year, scope = (partner.department, partner.department_code, partner.region,
                                                  partner.fiscal_year, partner.scope)
        misreport = _fault_amount(rng, figures.total("fiscal") / 10, PRINTED)
        execution = replace(execution, misreport=misreport, three_public=True)  # the budget's “三公” carried out
    else:
        modes = len(budget.recipe["other_funded"])
        department, region, sections = _national_department(base, places)
        leaves, with_other = _national_leaves(rng, sections, modes)
        economic = _economic(rng, [c for c in catalogue()["economic"] if len(c) == 5], ("301", "303"))
        figures = redraw(budget, rng.randrange(1 << 30), leaves, economic, with_other)
        code, year, scope = None, rng.choice((2023, 2024)), base.scope
    story = replace(keys["story"], misstate_rate="claim" in faults)
    v = final_variant(f"{i:03d}-{base.family}-{base.name}", base.description, department, code, region, year, scope,
                      figures, execution, keys["look"], keys["words"], story)
    if "parent" in faults:
        section = _faulty_section(v, "gb_total")
        amount = next(ln for ln in v.figures.functional if ln.code == section).amounts["gb_total"]
        story = replace(story, misprint={("general_budget_expenditure", section, "total"):
                                         _fault_amount(rng, amount, PRINTED)})
        v = final_variant(v.name, v.description, department, code, region, year, scope, figures, execution,
                          keys["look"], keys["words"], story)
    return v


def partners(plan: Sequence[Variant]) -> dict[str, Variant]:
    """The budget of each final accounts of ``plan`` that carry out a budget planned in it (final name → budget)."""
    budgets = {id(v.figures): v for v in plan if v.kind != FINAL_KIND}
    return {v.name: budgets[id(v.figures.budget)] for v in plan
            if v.kind == FINAL_KIND and id(v.figures.budget) in budgets}


def plan_corpus(count: int, seed: int) -> list[Variant]:
    """``count`` distinct disclosures from ``seed`` (same arguments → same disclosures)."""
    if count < 1:
        raise ValueError(f"--count must be at least 1 (got {count})")
    rng = random.Random(seed)
    places = _Places(rng)
    order = templates()
    out: list[Variant] = []
    families = list(dict.fromkeys(v.family for v in order))
    uses: dict[str, int] = {}  # a family's k-th disclosure plants FAULTS[k + the family's turn], so every family
    paired: set[str] = set()  # budgets already given their final accounts
    for i in range(count):     # gets each kind of fault and a small corpus already holds both kinds
        base = order[i % len(order)]
        k = uses[base.family] = uses.get(base.family, -1) + 1
        faults = FAULTS[(k + families.index(base.family)) % len(FAULTS)]
        if base.kind == FINAL_KIND:  # its two looks take turns: each of them gets faults too
            faults = FAULTS[(k + k // 2 + families.index(base.family)) % len(FAULTS)]  # half of them (two in turn) carry out the national budget planned last
            partner = next((v for v in reversed(out) if v.kind != FINAL_KIND and v.family not in PROVINCIAL_FAMILIES
                            and v.name not in paired), None) if k % 4 < 2 else None
            if partner is not None:
                paired.add(partner.name)
            out.append(_final(base, i + 1, rng, places, faults, partner))
            continue
        make = _provincial if base.family in PROVINCIAL_FAMILIES else _national
        out.append(make(base, i + 1, rng, places, faults))
    return out


@dataclass(frozen=True)
class Written:
    """One disclosure of a corpus as written: its files by role, its truth file, its pages."""

    name: str
    family: str
    files: dict[str, Path]
    truth: Path
    pages: int


def write_corpus(outdir: str | Path, count: int, seed: int,
                 progress: Callable[[str], None] | None = None) -> Iterator[Written]:
    """Render the corpus of ``count`` disclosures from ``seed`` into ``outdir``, one at a time (each PDF with
    its truth file beside it); ``progress`` gets a line per disclosure."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    plan = plan_corpus(count, seed)
    pairs = {}  # disclosure name → what its truth says of its pair
    for final, budget in partners(plan).items():
        f = next(v for v in plan if v.name == final)
        pairs[budget.name], pairs[final] = pair_document(Pair(final, f.description, budget, f), budget.name, final)
    for n, v in enumerate(plan, 1):
        files = v.write(out / f"{v.name}.pdf")
        truth = write_truth(v, out / f"{v.name}.truth.json", files, pairs.get(v.name))
        pages = sum(len(f.builder.pages) for f in v.rendered.files.values())
        if progress:
            progress(f"[{n}/{count}] {v.name}: {v.department} {v.fiscal_year}, {pages} pages, "
                     f"{len(v.faults)} planted faults ({time.perf_counter() - start:.1f}s)")
        yield Written(v.name, v.family, files, truth, pages)


def stderr_progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
