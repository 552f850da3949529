"""Matching budget / final-accounts pairs: a department's 部门预算 and its 部门决算 of the same year.

A :class:`Pair` holds a budget variant (any budget family's layout) and the final accounts carrying out the same
figures (:func:`~budget_lod.sample.families.final.final_variant`): the 决算's 年初预算数 are the budget's
一般公共预算 figures line by line and its “三公” 预算数 the budget's “三公” figures — except the differences the
truth declares. :attr:`Pair.lines` says which line items correspond (code and measure; a line only one side
prints has the other side ``None``) with the budget's figure, the 决算's stated 年初预算数 (its table's, or where
the table prints only 决算数 the narrative's per-item statement), 全年预算数 and 决算数, each with its page, and the
execution rate (决算数 over the budget's figure). :attr:`Pair.differences` lists what a reader comparing the
two finds: ``initial_vs_budget`` (a stated 年初预算数 that is not the stored budget's figure, beyond the 0.01
万元 the 决算 rounds to — planted with :attr:`Execution.misreport
<budget_lod.sample.families.final_figures.Execution.misreport>`, or the echo of a budget row printed wrong) and
``overspend`` (决算数 above the budget's figure). A planted 完成率 that does not recompute is a fault of the final
accounts themselves (``PlantedFault`` ``execution_rate``).

``PAIRS`` maps each name to its pair; :meth:`Pair.write` renders both disclosures.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from pathlib import Path

from budget_lod.sample.families import county, shanghai
from budget_lod.sample.families.final import final_variant
from budget_lod.sample.families.final_figures import PRINTED, Execution
from budget_lod.sample.families.final_narrative import Story, Words
from budget_lod.sample.families.final_tables import Look
from budget_lod.sample.families.national import ECONOMIC_SHORT
from budget_lod.sample.synthetic import WAN, make_figures
from budget_lod.sample.truth import Variant

BUDGET, FINAL = "budget", "final"
TOLERANCE = PRINTED / 2  # a 年初预算数 rounded to 0.01 万元 is off the budget's figure by at most half of that
LINE_TABLES = {"general_budget_expenditure": ("total", "basic", "project"),
               "three_public": ("total", "overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation",
                                "reception")}


@dataclass(frozen=True)
class LinePair:
    """A line item of the pair: (table kind, scheme, code, measure) with the budget's figure and page, the final
    accounts' 年初预算数 (as stated, with its page), 全年预算数 and 决算数 (with its page), and the execution rate
    (决算数 / budget figure, per cent to 0.01; ``None`` without a budget figure). ``None``: not printed."""

    table: str
    scheme: str
    code: str
    measure: str
    budget: Decimal | None
    budget_page: int | None
    initial: Decimal | None
    initial_page: int | None
    adjusted: Decimal | None
    final: Decimal | None
    final_page: int | None

    @property
    def rate(self) -> Decimal | None:
        if not self.budget:
            return None
        return ((self.final or Decimal(0)) / self.budget * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return self.table, self.scheme, self.code, self.measure


@dataclass(frozen=True)
class PairDifference:
    """What comparing the two documents finds on one line: ``initial_vs_budget`` (``stated`` is the 决算's
    年初预算数, ``page`` its page) or ``overspend`` (``stated`` is the 决算数); ``cause`` the planted item it
    comes from (the item itself, or for a parent line the item below it), ``budget_misprint`` where the budget
    printed the line wrong on purpose, ``None`` where nothing was planted (an overspend of the year's own)."""

    kind: str
    table: str
    scheme: str
    code: str
    measure: str
    budget: Decimal
    stated: Decimal
    page: int | None
    cause: str | None = None


@dataclass(frozen=True)
class Pair:
    """A budget and the final accounts of the same department and year."""

    name: str
    description: str
    budget: Variant
    final: Variant

    @cached_property
    def lines(self) -> tuple[LinePair, ...]:
        """Every line item either document prints in the tables compared, in table and code order."""
        out: list[LinePair] = []
        for table, measures in LINE_TABLES.items():
            b = self.budget.tables.get(table)
            f = self.final.tables.get(table)
            brows = {(r.scheme, r.code): r for r in (b.rows if b else ())}
            frows = {(r.scheme, r.code): r for r in (f.rows if f else ())}
            # the 年初预算数 of a table printing 决算数 only: the narrative's statements
            stated = _stated_initial(self.final) if table == "general_budget_expenditure" and not any(
                r.phases.get("initial_budget") for r in frows.values()) else {}
            keys = sorted(set(brows) | set(frows) | {k for k in stated if k in brows or k in frows},
                          key=lambda k: (k[1] != "TOTAL", k[1]))
            for key in keys:
                br, fr = brows.get(key), frows.get(key)
                for m in measures:
                    budget = br.amounts.get(m) if br else None
                    initial = fr.phases.get("initial_budget", {}).get(m) if fr else None
                    initial_page = fr.page if initial is not None else None
                    if initial is None and m == "total" and key in stated:
                        initial, initial_page = stated[key]
                    final = fr.amounts.get(m) if fr else None
                    adjusted = fr.phases.get("adjusted_budget", {}).get(m) if fr else None
                    if budget is None and initial is None and final is None and adjusted is None:
                        continue
                    out.append(LinePair(table, key[0], key[1], m, budget, br.page if budget is not None else None,
                                        initial, initial_page, adjusted, final,
                                        fr.page if final is not None else None))
        return tuple(out)

    def line(self, table: str, code: str, measure: str = "total") -> LinePair | None:
        return next((ln for ln in self.lines if (ln.table, ln.code, ln.measure) == (table, code, measure)), None)

    @cached_property
    def differences(self) -> tuple[PairDifference, ...]:
        special = self.final.figures.special
        misprinted = {(f.table, f.code, f.measure) for f in self.budget.faults if f.kind == "parent_vs_children"}
        out: list[PairDifference] = []
        for ln in self.lines:
            budget = ln.budget or Decimal(0)
            cause = _cause(ln.code, special)
            if ln.initial is not None and abs(ln.initial - budget) > TOLERANCE:
                why = "budget_misprint" if (ln.table, ln.code, ln.measure) in misprinted else cause.get("misreport")
                out.append(PairDifference("initial_vs_budget", ln.table, ln.scheme, ln.code, ln.measure, budget,
                                          ln.initial, ln.initial_page, why))
            if ln.budget is not None and ln.final is not None and ln.final > ln.budget + TOLERANCE:
                out.append(PairDifference("overspend", ln.table, ln.scheme, ln.code, ln.measure, ln.budget,
                                          ln.final, ln.final_page, cause.get("overspend")))
        return tuple(out)

    def write(self, folder: str | Path) -> dict[str, dict[str, Path]]:
        """Render both disclosures into ``folder``: ``<name>.budget.pdf`` and ``<name>.final.pdf`` (files by role)."""
        out = Path(folder)
        return {BUDGET: self.budget.write(out / f"{self.name}.budget.pdf"),
                FINAL: self.final.write(out / f"{self.name}.final.pdf")}


def _stated_initial(v: Variant) -> dict[tuple[str, str], tuple[Decimal, int]]:
    """The 年初预算数 the narrative states line by line (per-item execution claims against the 年初预算), and the
    total's."""
    out = {}
    for c in v.claims:
        if c.kind == "execution" and c.phase == "initial_budget" and c.base is not None:
            if c.code is not None:
                out.setdefault(("functional", c.code), (c.base, c.page))
            elif c.subject == "expenditure_general_budget":
                out.setdefault(("functional", "TOTAL"), (c.base, c.page))
    return out


def _cause(code: str, special) -> dict[str, str]:
    """role → the planted item at ``code`` or below it (``TOTAL`` is above every item)."""
    return {role: item for role, items in special.items() for item in sorted(items)[:1]
            if code == item or code == "TOTAL" or item.startswith(code)}


def make_pair(name: str, description: str, base: Variant, department: str, region: str | None, year: int,
              budget_figures, execution: Execution, look: Look = Look(), words: Words = Words(),
              story: Story = Story(), department_code: str | None = None) -> Pair:
    """A pair: ``base``'s budget layout printing ``budget_figures`` for ``department`` in ``year``, and its
    final accounts carrying them out as ``execution`` says."""
    budget = replace(base, name=f"{name}-budget", department=department, department_code=department_code,
                     region=region, fiscal_year=year, figures=budget_figures)
    final = final_variant(f"{name}-final", f"the final accounts of {name}", department, department_code, region,
                          year, budget.scope, budget_figures, execution, look, words, story)
    return Pair(name, description, budget, final)


_SHANGHAI_BUDGET = next(v for v in shanghai.VARIANTS if v.name == "shanghai_unit")
_COUNTY_BUDGET = next(v for v in county.VARIANTS if v.name == "compact_county")

PAIRS: dict[str, Pair] = {p.name: p for p in (
    make_pair(
        "pair_shanghai",
        "a Shanghai-like district unit's 单位预算 (元, 类/款/项 columns) and its 单位决算 whose 一般公共预算财政拨款"
        "支出决算表 prints 年初预算数 | 全年预算数 | 决算数: one 年初预算数 misreported against the budget (and its "
        "parents with it), an item overspent, one spent as budgeted, one added in the year, one withdrawn; a filled "
        "“三公” table of 预算数 | 决算数; one stated 完成率 that does not recompute",
        _SHANGHAI_BUDGET, "上海市东江区青少年活动中心", "上海市东江区", 2025,
        make_figures(3101, ("2070108", "2070109", "2070199", "2080502", "2080505", "2080506", "2101102",
                            "2210201", "2210203"),
                     ("30101", "30102", "30107", "30108", "30109", "30110", "30112", "30113", "30199", "30302",
                      "30201", "30202", "30205", "30206", "30207", "30211", "30213", "30228", "30229", "30239",
                      "30299", "31002"),
                     WAN, other_funded={"2070108": "part"},
                     three_public=("overseas", "vehicle_operation", "reception", "admin_operating")),
        Execution(3102, misreport=Decimal(86_000), three_public=True),
        Look(thousands=True, phases=True), Words(basis="initial", rates="all"), Story(misstate_rate=True)),
    make_pair(
        "pair_county",
        "a county bureau's 部门预算 in 万元 (zeros printed, 总计 rows) and its 部门决算 printed as the district template "
        "has it (决算数 only): the 年初预算 of every 项 stated in the 情况说明 — one of them misreported against "
        "the budget —, an item overspent, a “三公” table of 预算数 | 决算数",
        _COUNTY_BUDGET, "清溪县水利局", "清溪县", 2025,
        make_figures(3201, ("2130301", "2130302", "2130306", "2130314", "2130335", "2080505", "2080506", "2101101",
                            "2210201"), ECONOMIC_SHORT, WAN, other_funded={"2130335": "part"},
                     scale=(10_000, 5_000_000), three_public=("overseas", "vehicle_operation", "reception")),
        Execution(3202, misreport=Decimal(-42_500), dropped=False, three_public=True),
        Look(thousands=False, phases=False), Words(basis="initial", rates="some", both=True)),
)}


def _d(v: Decimal | None) -> str | None:
    return None if v is None else str(v)


def pair_document(pair: Pair, budget_name: str, final_name: str) -> tuple[dict, dict]:
    """What the truth files of a pair say of it: the budget's (``role`` budget, the name of its final accounts)
    and the final accounts' (``role`` final, the name of its budget, the corresponding ``lines`` with their rates
    and the ``differences``); decimals as strings."""
    lines = [{"table": ln.table, "scheme": ln.scheme, "code": ln.code, "measure": ln.measure,
              "budget": _d(ln.budget), "budget_page": ln.budget_page, "initial": _d(ln.initial),
              "initial_page": ln.initial_page, "adjusted": _d(ln.adjusted), "final": _d(ln.final),
              "final_page": ln.final_page, "rate": _d(ln.rate)} for ln in pair.lines]
    differences = [{"kind": d.kind, "table": d.table, "scheme": d.scheme, "code": d.code, "measure": d.measure,
                    "budget": _d(d.budget), "stated": _d(d.stated), "page": d.page, "cause": d.cause}
                   for d in pair.differences]
    return ({"role": BUDGET, "final": final_name},
            {"role": FINAL, "budget": budget_name, "lines": lines, "differences": differences})
