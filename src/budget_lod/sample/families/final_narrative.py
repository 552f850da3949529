"""The 情况说明 of a 部门决算, in the template's sentences, stating its figures (each a claim with its page).

:func:`explain` writes 第三部分: the totals with their change on last year (or 持平), income by source and
spending by purpose with their shares, the 财政拨款 total, the 一般公共预算财政拨款支出 (its total, by 类, and
its execution: ``年初预算为 A 万元，支出决算为 B 万元，完成年初预算的 C%`` with the reason for a gap, then one
statement per 项 — ``N、<类>（类）<款>（款）<项>（项）。主要用于……`` — against the 年初预算 or the 全年预算, some
with the rate and some without, 持平 where nothing differs), the 人员经费 / 公用经费, the “三公” 预算 against 决算
(or none), the empty 政府性基金 and 国有资本经营 tables, the 机关运行经费 and the procurement totals.

Claims use the extract vocabulary; a statement of how a budget was carried out is an ``execution`` claim
(``amount`` the 决算数, ``base`` the budget figure stated, ``phase`` which budget, ``percent`` the rate stated,
``direction``). :class:`Words` says how the text is worded; :class:`Story` plants faults: a rate that does not
recompute (``misstate_rate``), a figure that disagrees with its table (``misstate``), table rows misprinted
(``misprint``, through :func:`~budget_lod.sample.printing.misprinting`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Mapping

from budget_lod.sample.families.final_figures import FinalFigures, template
from budget_lod.sample.narrative import Narrative, Stated, resolve_misstated
from budget_lod.sample.printing import Writer
from budget_lod.sample.synthetic import catalogue
from budget_lod.sample.truth import ExpectedClaim, PlantedFault, Variant

ZERO = Decimal(0)
CENT = Decimal("0.01")
WAN = Decimal(10000)
# the claims a misstatement may target: claim kind → the cell printing the figure its first statement states
CLAIM_CELLS: Mapping[str, tuple[str, str, str, str]] = {
    "income_total": ("income_expenditure_summary", "item", "income_grand_total", "amount"),
    "expenditure_general_budget": ("general_budget_expenditure", "functional", "TOTAL", "total"),
}
BASIS = {"initial": ("initial_budget", "年初预算", "完成年初预算的", "年初预算数"),
         "adjusted": ("adjusted_budget", "全年预算", "完成全年预算数的", "全年预算数")}


@dataclass(frozen=True)
class Words:
    """How the 情况说明 is worded: per-item statements against the 年初预算 or the ``adjusted`` 全年预算
    (``basis``); which of them print the rate (``rates``: all | some | none); whether the total's statement also
    gives the 全年预算 (``both``); a space between a figure and 万元 or % (``space``)."""

    basis: str = "initial"
    rates: str = "all"
    both: bool = False
    space: bool = False


@dataclass(frozen=True)
class Story:
    """Faults the text and tables plant: ``misstate_rate`` (one item's rate off by a few points),
    ``misstate`` (claim kind of :data:`CLAIM_CELLS` → 元 added to its first statement), ``misprint`` ((table
    kind, code, measure or measure@phase) → 元 added to the printed row)."""

    misstate_rate: bool = False
    misstate: Mapping[str, Decimal] = field(default_factory=dict)
    misprint: Mapping[tuple[str, str, str], Decimal] = field(default_factory=dict)


def rate(final: Decimal, budget: Decimal) -> Decimal:
    """完成率: ``final`` over ``budget`` in per cent, to 0.01 (half up)."""
    return (final / budget * 100).quantize(CENT, ROUND_HALF_UP)


def share(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * 100).quantize(CENT, ROUND_HALF_UP) if whole else ZERO


class _Text:
    """States figures in 万元, recording claims; misstates the first statement of a planted kind."""

    def __init__(self, words: Words, misstate: Mapping[str, Decimal]):
        self.words, self.misstate = words, misstate
        self.misstated: list[ExpectedClaim] = []

    def num(self, yuan: Decimal) -> str:
        return "0" if not yuan else format((yuan / WAN).quantize(CENT), ".2f")

    def wan(self) -> str:
        return " 万元" if self.words.space else "万元"

    def pct(self, value: Decimal) -> str:
        return f"{value}{' ' if self.words.space else ''}%"

    def fig(self, kind: str, yuan: Decimal, *, also: tuple[str, ...] = (), **extra) -> list:
        first = kind in self.misstate and all(c.kind != kind for c in self.misstated)
        stated = yuan + self.misstate[kind] if first else yuan
        claim = ExpectedClaim(kind, stated, 0, **extra)
        if first:
            self.misstated.append(claim)
        return [Stated(self.num(stated), claim, tuple(ExpectedClaim(k, stated, 0) for k in also)), self.wan()]

    def plain(self, yuan: Decimal) -> str:
        return self.num(yuan) + self.wan()

    def change(self, subject: str, label: str, current: Decimal, prior: Decimal, year: int,
               reasons: random.Random) -> list:
        """与上年相比 …增加（减少）D 万元，增长（下降）P%。主要原因：…（or 持平）."""
        diff = current - prior
        t = template()["reasons"]
        if not diff or not prior:
            if diff:  # nothing last year: no percentage to state
                claim = ExpectedClaim("change", diff, 0, subject=subject, direction="increase", current=current)
                return [f"与{year - 1}年度相比，{label}增加", Stated(self.num(diff), claim), self.wan(),
                        f"。主要原因：{reasons.choice(t['change_increase'])}。"]
            return [Stated(f"与{year - 1}年度相比，{label}持平", ExpectedClaim(
                "change", ZERO, 0, subject=subject, direction="flat", current=current)), "。"]
        up = diff > 0
        pct = (abs(diff) / prior * 100).quantize(CENT, ROUND_HALF_UP)
        claim = ExpectedClaim("change", abs(diff), 0, subject=subject, direction="increase" if up else "decrease",
                              percent=pct, current=current)
        return [f"与{year - 1}年度相比，{label}{'增加' if up else '减少'}", Stated(self.num(abs(diff)), claim),
                self.wan(), f"，{'增长' if up else '下降'}{self.pct(pct)}。主要原因："
                f"{reasons.choice(t['change_increase' if up else 'change_decrease'])}。"]


def _purpose(name: str) -> str:
    t = template()
    return next((text for key, text in t["purposes"] if key in name), t["purpose_default"].format(name=name))


def explain(w: Writer, v: Variant, words: Words, story: Story) -> None:
    """第三部分 情况说明 and 第四部分 名词解释, appended to ``w``."""
    fig: FinalFigures = v.figures
    y, dept = v.fiscal_year, v.department
    scope = "单位" if v.scope == "unit" else "部门"
    rng = random.Random(f"{v.name}/final-narrative")
    nar = Narrative(w, pagesize=w.pb.sizes[0])
    tx = _Text(words, story.misstate)
    s, t = fig.summary, fig.functional[0].amounts
    nar.part(f"第三部分 {dept}{y}年度{scope}决算情况说明")
    nar.heading("一、收入支出决算总体情况说明")
    grand, prior = s["income_grand_total"], fig.prior["income_grand_total"]
    nar.para(f"{dept}{y}年度收入、支出总计", *tx.fig("income_total", grand, also=("expenditure_total",)), "。",
             *tx.change("income_total", "收入、支出总计", grand, prior, y, rng))

    nar.heading("二、收入决算情况说明")
    income = s["income_total"]
    pieces: list = ["本年收入合计", *tx.fig("income_total", income), "，其中："]
    for label, kind, yuan in (("财政拨款收入", "income_fiscal", s["income_general_budget"]),
                              ("事业收入", "income_business", s["income_business"]),
                              ("经营收入", "income_operating", s["income_operating"]),
                              ("其他收入", "income_other", s["income_other"])):
        if yuan:
            pieces += [label, *tx.fig(kind, yuan), f"，占{tx.pct(share(yuan, income))}；"]
    pieces[-1] = pieces[-1][:-1] + "。"
    nar.para(*pieces)

    nar.heading("三、支出决算情况说明")
    spent = s["expenditure_total"]
    pieces = ["本年支出合计", *tx.fig("expenditure_total", spent), "，其中："]
    for label, kind, yuan in (("基本支出", "basic_total", t.get("basic", ZERO)),
                              ("项目支出", "project_total", t.get("project", ZERO)),
                              ("经营支出", "operating_total", t.get("op_exp", ZERO))):
        if yuan:
            pieces += [label, *tx.fig(kind, yuan), f"，占{tx.pct(share(yuan, spent))}；"]
    pieces[-1] = pieces[-1][:-1] + "。"
    nar.para(*pieces)

    nar.heading("四、财政拨款收入支出决算总体情况说明")
    fa = s["fa_income_grand_total"]
    nar.para(f"{dept}{y}年度财政拨款收入支出总计", *tx.fig("income_fiscal", fa, also=("expenditure_fiscal",)), "。",
             *tx.change("income_fiscal", "财政拨款收入支出总计", fa, fig.prior["fa_income_grand_total"], y, rng))

    nar.heading("五、一般公共预算财政拨款支出决算情况说明")
    nar.heading("（一）一般公共预算财政拨款支出决算总体情况", 10.5)
    gb = t.get("gb_total", ZERO)
    nar.para("一般公共预算财政拨款支出", *tx.fig("expenditure_general_budget", gb),
             f"，占本年支出合计的{tx.pct(share(gb, spent))}。",
             *tx.change("expenditure_general_budget", "一般公共预算财政拨款支出", gb,
                        fig.prior["expenditure_general_budget"], y, rng))
    nar.heading("（二）一般公共预算财政拨款支出决算结构情况", 10.5)
    pieces = ["一般公共预算财政拨款支出", tx.plain(gb), "，主要用于以下方面："]
    for ln in fig.functional:
        if len(ln.code) == 3 and ln.amounts.get("gb_total"):
            pieces += [f"{ln.name}（类）", *tx.fig("functional_item", ln.amounts["gb_total"], code=ln.code),
                       f"，占{tx.pct(share(ln.amounts['gb_total'], gb))}；"]
    pieces[-1] = pieces[-1][:-1] + "。"
    nar.para(*pieces)
    nar.heading("（三）一般公共预算财政拨款支出决算具体情况", 10.5)
    rate_fault = _execution(nar, tx, fig, words, story, rng)

    nar.heading("六、一般公共预算财政拨款基本支出决算情况说明")
    names = template()["economic"]
    personnel = [names[ln.code] for ln in fig.economic if ln.code.isdigit() and len(ln.code) == 5
                 and ln.code[:3] in template()["personnel_classes"]]
    public = [names[ln.code] for ln in fig.economic if ln.code.isdigit() and len(ln.code) == 5
              and ln.code[:3] not in template()["personnel_classes"]]
    nar.para("一般公共预算财政拨款基本支出", *tx.fig("basic_general_budget", t.get("gb_basic", ZERO)), "。其中：人员经费",
             *tx.fig("personnel", fig.personnel), f"，主要包括：{'、'.join(personnel)}；公用经费",
             *tx.fig("public", fig.public), f"，主要包括：{'、'.join(public)}。")

    nar.heading("七、财政拨款“三公”经费支出决算情况说明")
    _three_public(nar, tx, v, rng)

    nar.heading("八、政府性基金预算财政拨款收入支出决算情况说明")
    nar.para(f"{dept}{y}年度无政府性基金预算财政拨款收入和支出。")
    nar.heading("九、国有资本经营预算财政拨款收入支出决算情况说明")
    nar.para(f"{dept}{y}年度无国有资本经营预算财政拨款收入和支出。")
    nar.heading("十、预算绩效管理情况")
    nar.para(f"{dept}{y}年度严格贯彻落实预算绩效管理有关规定，对项目支出开展绩效目标管理、绩效运行监控和"
             f"绩效自评，并将评价结果作为改进管理和安排以后年度预算的重要依据。")
    nar.heading("十一、其他重要事项的情况说明")
    nar.heading("（一）机关运行经费支出情况", 10.5)
    admin = fig.public
    nar.para("机关运行经费支出", *tx.fig("admin_operating", admin), "，",
             *_since(tx.change("admin_operating", "", admin, fig.prior["admin_operating"], y, rng), y))
    nar.heading("（二）政府采购支出情况", 10.5)
    p = fig.procurement
    nar.para(f"{dept}{y}年度政府采购金额（以合同签订为准）为", *tx.fig("procurement_total", p["total"]), "，其中：货物采购金额",
             *tx.fig("procurement_goods", p["goods"]), "、工程采购金额", *tx.fig("procurement_works", p["works"]),
             "、服务采购金额", *tx.fig("procurement_services", p["services"]), "。")
    nar.heading("（三）国有资产占有使用情况说明", 10.5)
    cars = rng.randrange(0, 4)
    nar.para(f"截至{y}年12月31日，{dept}共有车辆{cars}辆，其中：机要通信用车0辆、应急保障用车0辆、执法执勤用车0辆、"
             f"其他用车{cars}辆。单价100万元（含）以上设备（不含车辆）0台（套）。")
    _glossary(nar)
    resolve_misstated(w, tx.misstated, CLAIM_CELLS)
    if rate_fault is not None:
        w.faults.append(rate_fault(w))


def _since(pieces: list, year: int) -> list:
    """A change stated as 比<去年>年度增加…: the 与…相比 wording of :meth:`_Text.change` turned round."""
    head = pieces[0]
    if isinstance(head, Stated):  # 持平
        return [replace(head, text=f"与{year - 1}年度持平"), *pieces[1:]]
    return [head.replace(f"与{year - 1}年度相比，", f"比{year - 1}年度"), *pieces[1:]]


def _execution(nar: Narrative, tx: _Text, fig: FinalFigures, words: Words, story: Story,
               rng: random.Random):
    """The execution of the 一般公共预算财政拨款支出: the total, then one statement per 项. Returns a callable
    recording the planted rate fault once the tables' pages are known, or ``None``."""
    phase, label, done, against = BASIS[words.basis]
    prefix = "ini_" if phase == "initial_budget" else "adj_"
    reasons = template()["reasons"]
    t = fig.functional[0].amounts
    gb, ini, adj = t.get("gb_total", ZERO), t.get("ini_total", ZERO), t.get("adj_total", ZERO)
    base = ini  # the total is stated against the 年初预算 (and the 全年预算 beside it, if ``both``)
    direction = "increase" if gb > base else "decrease" if gb < base else "flat"
    pieces: list = ["一般公共预算财政拨款支出年初预算为", tx.plain(base), "，"]
    also = ()
    if words.both:
        pieces += ["全年预算为", tx.plain(adj), "，"]
        also = (ExpectedClaim("execution", gb, 0, subject="expenditure_general_budget", base=adj,
                              phase="adjusted_budget", direction=_direction(gb, adj)),)
    pct = rate(gb, base) if base else None
    claim = ExpectedClaim("execution", gb, 0, subject="expenditure_general_budget", base=base, phase="initial_budget",
                          percent=pct, direction=direction)
    pieces += ["支出决算为", Stated(tx.num(gb), claim, also), tx.wan()]
    if pct is not None:
        pieces.append(f"，完成年初预算的{tx.pct(pct)}")
    pieces.append("。")
    if direction == "flat":
        pieces.append("决算数与年初预算数持平。其中：")
    else:
        word = "大于" if direction == "increase" else "小于"
        pieces.append(f"决算数{word}年初预算数的主要原因："
                      f"{rng.choice(reasons['total_increase' if direction == 'increase' else 'total_decrease'])}。其中：")
    nar.para(*pieces)
    cat = catalogue()["functional"]
    names = {ln.code: ln.name for ln in fig.functional}
    planted = {c for codes in fig.special.values() for c in codes}
    # the rate planted wrong: on a line printed in the table (the fault has a line to point at) whose 决算数 differs
    # from its budget, an ordinary one if there is one
    eligible = [ln.code for ln in fig.items if ln.amounts.get("gb_total") and ln.amounts.get(prefix + "total")
                and ln.amounts["gb_total"] != ln.amounts[prefix + "total"]] if story.misstate_rate else []
    fault_code = next((c for c in eligible if c not in planted), eligible[0] if eligible else None)
    fault: dict = {}
    for n, ln in enumerate(fig.items, 1):
        a = ln.amounts
        b, f = a.get(prefix + "total", ZERO), a.get("gb_total", ZERO)
        name = names.get(ln.code) or cat[ln.code][0]
        with_rate = b and (ln.code == fault_code or words.rates == "all"
                           or (words.rates == "some" and rng.random() < 0.5))
        pct = rate(f, b) if b else None
        stated_pct = pct if with_rate else None
        d = _direction(f, b)
        if ln.code == fault_code:
            step = Decimal(rng.randrange(100, 1000)) / 100
            stated_pct = pct + step if pct < 100 else pct - step
            fault = {"printed": stated_pct, "expected": pct}
        claim = ExpectedClaim("execution", f, 0, code=ln.code, base=b, phase=phase, percent=stated_pct, direction=d)
        pieces = [f"{n}、{names[ln.code[:3]]}（类）{names[ln.code[:5]]}（款）{name}（项）。主要用于：{_purpose(name)}。"
                  f"{label}为", tx.plain(b), "，支出决算为", Stated(tx.num(f), claim), tx.wan()]
        if stated_pct is not None:
            pieces.append(f"，{done}{tx.pct(stated_pct)}")
        pieces.append("。")
        if d == "flat":
            pieces.append(f"决算数与{against}持平。")
        else:
            word = "大于" if d == "increase" else "小于"
            pieces.append(f"决算数{word}{against}的主要原因：{rng.choice(reasons[d])}。")
        nar.para(*pieces)
    if fault_code is None:
        return None
    code = fault_code

    def record(w: Writer) -> PlantedFault:
        row = next(r for r in w.tables["general_budget_expenditure"].rows if r.code == code)
        said = next(c for c in w.claims if c.kind == "execution" and c.code == code)
        return PlantedFault("execution_rate", "general_budget_expenditure", "functional", code, "total",
                            fault["printed"], fault["expected"], row.page, w.tables["general_budget_expenditure"].file,
                            "execution", said.page, said.file, phase=phase)

    return record


def _direction(final: Decimal, budget: Decimal) -> str:
    return "increase" if final > budget else "decrease" if final < budget else "flat"


def _three_public(nar: Narrative, tx: _Text, v: Variant, rng: random.Random) -> None:
    fig: FinalFigures = v.figures
    y, dept = v.fiscal_year, v.department
    tp = fig.three_public
    if not tp:
        nar.para(f"{dept}{y}年度无“三公”经费财政拨款支出。")
        return
    ini, fin = tp["initial_budget"], tp["final"]
    reasons = template()["reasons"]
    nar.heading("（一）“三公”经费财政拨款支出决算总体情况说明。", 10.5)
    total, base = fin["total"], ini["total"]
    d = _direction(total, base)
    pieces: list = ["“三公”经费财政拨款支出年初预算为", tx.plain(base), "，支出决算为",
                    Stated(tx.num(total), ExpectedClaim("execution", total, 0, subject="three_public_total",
                                                        base=base, phase="initial_budget",
                                                        percent=rate(total, base) if base else None, direction=d)),
                    tx.wan()]
    if base:
        pieces.append(f"，完成预算的{tx.pct(rate(total, base))}")
    pieces.append("，其中：")
    for label, m in (("因公出国（境）费", "overseas"), ("公务用车购置及运行维护费支出", "vehicle_total"),
                     ("公务接待费支出", "reception")):
        pct = rate(fin[m], ini[m]) if ini[m] else None
        claim = ExpectedClaim("execution", fin[m], 0, subject=m, phase="initial_budget", percent=pct,
                              direction=_direction(fin[m], ini[m]))
        pieces += [f"{label}决算为", Stated(tx.num(fin[m]), claim), tx.wan()]
        if pct is not None:
            pieces.append(f"，完成预算的{tx.pct(pct)}")
        pieces.append("；")
    pieces[-1] = "。"
    if d == "flat":
        pieces.append(f"{y}年度“三公”经费支出决算数与预算数持平。")
    else:
        pieces.append(f"{y}年度“三公”经费支出决算数{'大于' if d == 'increase' else '小于'}预算数的主要原因："
                      f"{rng.choice(reasons[d])}。")
    nar.para(*pieces)
    change = tx.change("three_public_total", "", total, fig.prior["three_public_total"], y, rng)
    nar.para(f"{y}年度“三公”经费财政拨款支出决算数", *_since(change, y))
    nar.heading("（二）“三公”经费财政拨款支出决算具体情况说明。", 10.5)
    pieces = ["“三公”经费财政拨款支出决算中，"]
    for label, m in (("因公出国（境）费支出决算", "overseas"), ("公务用车购置及运行维护费支出决算", "vehicle_total"),
                     ("公务接待费支出决算", "reception")):
        pieces += [label, *tx.fig(m, fin[m]), f"，占{tx.pct(share(fin[m], total))}；"]
    pieces[-1] = pieces[-1][:-1] + "。具体情况如下："
    nar.para(*pieces)
    groups, people = rng.randrange(0, 4), rng.randrange(0, 12)
    nar.para("1、因公出国（境）费支出", *tx.fig("overseas", fin["overseas"]),
             f"。全年安排因公出国（境）团组{groups}个、累计{people}人次。")
    nar.para("2、公务用车购置及运行维护费支出", *tx.fig("vehicle_total", fin["vehicle_total"]), "。其中：")
    nar.para("公务用车购置支出为", *tx.fig("vehicle_purchase", fin["vehicle_purchase"]), "。")
    nar.para("公务用车运行维护支出", *tx.fig("vehicle_operation", fin["vehicle_operation"]),
             f"。主要用于公务用车燃料费、维修费、过路过桥费、保险费等。{y}年，{dept}开支财政拨款的公务用车保有量为"
             f"{rng.randrange(1, 9)}辆。")
    nar.para("3、公务接待费支出", *tx.fig("reception", fin["reception"]),
             f"。主要用于执行公务、开展业务活动开支的交通费、住宿费、用餐费等，全年共接待{rng.randrange(1, 40)}批次。")


def _glossary(nar: Narrative) -> None:
    nar.part("第四部分 名词解释")
    nar.lines([
        "一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款"
        "和国有资本经营预算财政拨款。",
        "二、事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。",
        "三、经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。",
        "四、其他收入：指单位取得的除“财政拨款收入”、“事业收入”、“经营收入”等以外的收入。",
        "五、年初结转和结余：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。",
        "六、年末结转和结余：指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，需延迟到以后年度按有关"
        "规定继续使用的资金。",
        "七、基本支出：指单位为保障机构正常运转、完成日常工作任务而发生的各项支出。",
        "八、项目支出：指单位为完成特定的行政工作任务或事业发展目标，在基本支出之外发生的各项支出。",
        "九、“三公”经费：指单位使用本级财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。",
        "十、机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用"
        "经费支出。",
    ])


__all__ = ["BASIS", "CLAIM_CELLS", "Story", "Words", "explain", "rate", "share"]
