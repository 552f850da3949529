"""The 情况说明 a national-template disclosure prints after its tables, stating its figures (for the corpus).

:func:`narrated` lays a variant out with its family's layout, then appends the text: the totals with their
change on last year, the income by source, the spending by purpose and by 类, the “三公” figures and the
机关运行经费 — in the unit the tables use, each figure recorded as a claim with its page. A :class:`Story`
may plant faults: a stated figure that disagrees with its table (``misstate``) and parent rows printed
with amounts their children do not add up to (``misprint``, through :func:`~budget_lod.sample.printing.misprinting`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Mapping

from budget_lod.model.amounts import UNIT_FACTORS
from budget_lod.sample.narrative import Narrative, Stated, resolve_misstated
from budget_lod.sample.printing import Writer, misprinting, numeral
from budget_lod.sample.truth import ExpectedClaim, Variant

ZERO = Decimal(0)
CENT = Decimal("0.01")
# the claims a misstatement may target: claim kind → the cell that prints the figure
CLAIM_CELLS = {"income_total": ("income_expenditure_summary", "item", "income_grand_total", "amount")}


@dataclass(frozen=True)
class Story:
    """What the appended text plants: ``misstate`` (claim kind of :data:`CLAIM_CELLS` → 元 added to its first
    statement), ``misprint`` ((table kind, code, measure) → 元 added to the printed row)."""

    misstate: Mapping[str, Decimal] = field(default_factory=dict)
    misprint: Mapping[tuple[str, str, str], Decimal] = field(default_factory=dict)


class _Stater:
    """States figures in a unit, recording claims; misstates the first statement of a planted kind."""

    def __init__(self, unit: str, thousands: bool, misstate: Mapping[str, Decimal]):
        self.unit, self.thousands, self.misstate = unit, thousands, misstate
        self.misstated: list[ExpectedClaim] = []

    def fig(self, kind: str, yuan: Decimal, unit: str | None = None, code: str | None = None) -> list:
        unit = unit or self.unit
        first = kind in self.misstate and all(c.kind != kind for c in self.misstated)
        stated = yuan + self.misstate[kind] if first else yuan
        claim = ExpectedClaim(kind, stated, 0, code=code, unit=unit)
        if first:
            self.misstated.append(claim)
        value = (stated / UNIT_FACTORS[unit]).quantize(CENT)
        return [Stated(format(value, ",.2f" if self.thousands else ".2f"), claim), unit]

    def change(self, subject: str, current: Decimal, prior: Decimal) -> list:
        diff = current - prior
        if not diff:
            return [Stated("与上年持平", ExpectedClaim("change", ZERO, 0, subject=subject, direction="flat",
                                                       current=current, unit=self.unit))]
        pct = (abs(diff) / prior * 100).quantize(CENT)
        claim = ExpectedClaim("change", abs(diff), 0, subject=subject, direction="increase" if diff > 0 else "decrease",
                              percent=pct, current=current, unit=self.unit)
        value = (abs(diff) / UNIT_FACTORS[self.unit]).quantize(CENT)
        return ["比上年", "增加" if diff > 0 else "减少", Stated(format(value, ",.2f" if self.thousands else ".2f"), claim),
                self.unit, "，", "增长" if diff > 0 else "下降", f"{pct}%"]


def narrated(v: Variant, inner: Callable[[Variant], Writer], story: Story = Story()) -> Writer:
    """``inner``'s layout of ``v`` (with the story's misprints) followed by the 情况说明 stating its figures."""
    with misprinting(story.misprint):
        w = inner(v)
    fig, y, dept = v.figures, v.fiscal_year, v.department
    rng = random.Random(f"{v.name}/narrative")
    nar = Narrative(w, pagesize=w.pb.sizes[0])
    st = _Stater(v.unit, v.unit == "元", story.misstate)
    scope = "单位" if v.scope == "unit" else "部门"
    total, fiscal, other = fig.total("total"), fig.total("fiscal"), fig.total("other")
    prior = (total * Decimal(rng.randrange(80, 121)) / 100).quantize(CENT)
    nar.part(f"{dept}{y}年{scope}预算情况说明")
    nar.heading("一、收支预算总体情况")
    nar.para(f"{y}年{scope}收入预算总计", *st.fig("income_total", total), "，支出预算总计",
             *st.fig("expenditure_total", total), "，", *st.change("expenditure_total", total, prior), "。")
    nar.heading("二、收入预算情况")
    pieces: list = ["收入预算中，一般公共预算拨款收入", *st.fig("income_general_budget", fiscal)]
    if other:
        pieces += ["，其他收入", *st.fig("income_other", other)]
    nar.para(*pieces, "。")
    nar.heading("三、支出预算情况")
    nar.para("支出预算中，基本支出", *st.fig("basic_total", fig.total("basic")), "，项目支出",
             *st.fig("project_total", fig.total("project")), "。按支出功能分类：")
    classes = [ln for ln in fig.functional if len(ln.code) == 3]
    for i, ln in enumerate(classes, 1):
        nar.para(f"（{numeral(i)}）{ln.name.removesuffix('支出')}（类）支出",
                 *st.fig("functional_item", ln.amounts["total"], code=ln.code), "。")
    tp = fig.three_public
    tp_unit = w.tables["three_public"].unit if "three_public" in w.tables else "万元"
    nar.heading("四、“三公”经费预算情况")
    nar.para(f"{y}年“三公”经费预算", *st.fig("three_public_total", tp.get("total", ZERO), tp_unit),
             "，其中：因公出国（境）费", *st.fig("overseas", tp.get("overseas", ZERO), tp_unit),
             "，公务用车购置及运行费", *st.fig("vehicle_total", tp.get("vehicle_total", ZERO), tp_unit),
             "（其中公务用车购置费", *st.fig("vehicle_purchase", tp.get("vehicle_purchase", ZERO), tp_unit),
             "，公务用车运行维护费", *st.fig("vehicle_operation", tp.get("vehicle_operation", ZERO), tp_unit),
             "），公务接待费", *st.fig("reception", tp.get("reception", ZERO), tp_unit), "。")
    if tp.get("admin_operating"):
        nar.heading("五、机关运行经费预算情况")
        nar.para(f"{y}年机关运行经费预算", *st.fig("admin_operating", tp["admin_operating"], tp_unit), "。")
    resolve_misstated(w, st.misstated, CLAIM_CELLS)
    return w
