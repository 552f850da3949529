"""The text of a provincial (Jiangsu-family) disclosure: 部门概况, the 情况说明 stating the figures, 名词解释.

:func:`overview` writes 第一部分 部门概况 (duties, organisation, the year's tasks: no figures of the budget);
:func:`explanation` writes 第三部分 情况说明, which states the totals, each source and purpose, each 类 and 项
with 与上年相比增加/减少 X万元，增长/下降 Y%, the 人员经费 / 公用经费, the “三公” figures, 会议费 and 培训费, the
机关运行经费 and the procurement totals — each stated figure recorded as an
:class:`~budget_lod.sample.truth.ExpectedClaim` with its page. :class:`Wording` varies how figures are
printed (separators, trailing zeros, a space before 万元 or %), as the documents of the family do.
``misstate`` plants faults: a claim kind whose stated figure is off by an amount (the table keeps the truth).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

from budget_lod.sample.families.jiangsu_figures import ProvincialFigures, vocabulary
from budget_lod.sample.narrative import Narrative, Stated, resolve_misstated
from budget_lod.sample.printing import Writer, numeral
from budget_lod.sample.truth import ExpectedClaim

ZERO = Decimal(0)
YUAN_PER_WAN = Decimal(10000)

# where a claim's figure is printed in the tables: claim kind → (table kind, scheme, code, measure)
CLAIM_CELLS: Mapping[str, tuple[str, str, str, str]] = {
    "income_total": ("income_expenditure_summary", "item", "income_total", "amount"),
    "basic_total": ("income_expenditure_summary", "item", "expenditure_basic", "amount"),
    "project_total": ("income_expenditure_summary", "item", "expenditure_project", "amount"),
    "reserve_total": ("income_expenditure_summary", "item", "expenditure_reserve", "amount"),
    "meeting": ("three_public", "item", "TOTAL", "meeting"),
    "training": ("three_public", "item", "TOTAL", "training"),
    "reception": ("three_public", "item", "TOTAL", "reception"),
    "three_public_total": ("three_public", "item", "TOTAL", "total"),
}


@dataclass(frozen=True)
class Wording:
    """How the narrative prints figures: ``thousands`` separators, ``trim`` trailing zeros (810万元, 47.5万元),
    ``space`` before 万元 and % (15897.44 万元, 16.47 %)."""

    thousands: bool = False
    trim: bool = False
    space: bool = False


@dataclass
class Explainer:
    """States the figures of ``fig`` in ``nar`` as ``wording`` says; ``misstate`` maps a claim kind (one of
    :data:`CLAIM_CELLS`) to the amount (元) its first stated figure is off by — a planted fault, resolved
    against the printed table by :func:`resolve_faults` once every page is laid out."""

    nar: Narrative
    fig: ProvincialFigures
    department: str
    wording: Wording
    rng: random.Random
    misstate: Mapping[str, Decimal] = field(default_factory=dict)
    misstated: list[ExpectedClaim] = field(default_factory=list)

    def __post_init__(self) -> None:
        unknown = set(self.misstate) - set(CLAIM_CELLS)
        if unknown:
            raise ValueError(f"cannot misstate {sorted(unknown)}: only {sorted(CLAIM_CELLS)} are tied to a cell")

    # -- figures in words ------------------------------------------------------------------------------
    def number(self, yuan: Decimal) -> str:
        if not yuan:
            return "0"
        wan = (yuan / YUAN_PER_WAN).quantize(Decimal("0.01"))
        text = format(wan, ",.2f" if self.wording.thousands else ".2f")
        if self.wording.trim and "." in text:
            text = text.rstrip("0").rstrip(".")
        return text

    def sp(self) -> str:
        return " " if self.wording.space else ""

    def wan(self, kind: str, yuan: Decimal, code: str | None = None,
            also: tuple[str, ...] = ()) -> list[str | Stated]:
        """``X万元`` stating ``yuan`` as a claim of ``kind`` (and of the kinds ``also``: one figure stating
        several totals); misstated if the fault plan says so."""
        first = kind in self.misstate and all(c.kind != kind for c in self.misstated)
        stated = yuan + self.misstate[kind] if first else yuan
        claim = ExpectedClaim(kind, stated, 0, code=code)
        if first:
            self.misstated.append(claim)
        before = " " if self.wording.space and self.rng.random() < 0.5 else ""
        more = tuple(ExpectedClaim(k, stated, 0, code=code) for k in also)
        return [before, Stated(self.number(stated), claim, more), f"{self.sp()}万元"]

    def change(self, subject: str, current: Decimal, prior: Decimal, code: str | None = None,
               flat: str = "与上年相比持平", what: str = "", also: tuple[str, ...] = ()) -> list[str | Stated]:
        """与上年相比增加 X 万元，增长 Y%（or 减少 / 下降, or 持平）, recorded as a ``change`` claim of ``subject``
        (and of the subjects ``also``: 收、支预算总计各增加 states the change of both totals)."""
        diff = current - prior
        if not prior and current:
            return ["此项为今年新增"]
        if diff == 0:
            claims = [ExpectedClaim("change", ZERO, 0, code=code, subject=s, direction="flat", current=current)
                      for s in (subject, *also)]
            return [Stated(flat, claims[0], tuple(claims[1:]))]
        pct = (abs(diff) / prior * 100).quantize(Decimal("0.01"))
        up = diff > 0
        direction = "increase" if up else "decrease"
        claims = [ExpectedClaim("change", abs(diff), 0, code=code, subject=s, direction=direction, percent=pct,
                                current=current) for s in (subject, *also)]
        s = self.sp()
        figure = Stated(self.number(abs(diff)), claims[0], tuple(claims[1:]))
        return [f"与上年相比{what}", "增加" if up else "减少", s, figure, f"{s}万元，",
                "增长" if up else self.rng.choice(("减少", "下降")), s, f"{pct}{s}%"]

    def reason(self, up: bool) -> str:
        return self.rng.choice(("主要原因是人员变动和政策性调资。", "主要原因是业务工作经费调整。",
                                "主要原因是项目支出安排变化。")) if up else \
            self.rng.choice(("主要原因是压减一般性支出。", "主要原因是部分项目完成后不再安排。"))

    def percent_of(self, part: Decimal, whole: Decimal) -> str:
        return f"{(part / whole * 100).quantize(Decimal('0.01')) if whole else 0}{self.sp()}%"

    # -- 第三部分 --------------------------------------------------------------------------------------------
    def write(self, year: int, part: str) -> None:
        nar, fig, dept = self.nar, self.fig, self.department
        pr, inc, pur = fig.prior, fig.income, fig.purpose
        total = fig.total
        nar.part(part)
        nar.heading("一、收支预算总体情况说明")
        nar.para("本预算反映部门年度总体收支预算情况。")
        nar.para(f"{dept}{year}年度收入、支出预算总计", *self.wan("income_total", total, also=("expenditure_total",)),
                 "，", *self.change("income_total", total, pr["total"], what="收、支预算总计各",
                                   also=("expenditure_total",)), "。",
                 self.reason(total >= pr["total"]), "其中：")
        nar.para("（一）收入预算总计", *self.wan("income_total", total), "。包括：")
        nar.para("1．财政拨款收入预算总计", *self.wan("income_fiscal", fig.fiscal), "。")
        gb = inc["income_general_budget"]
        nar.para("（1）一般公共预算收入预算", *self.wan("income_general_budget", gb), "，",
                 *self.change("income_general_budget", gb, pr["income_general_budget"]), "。")
        nar.para("（2）政府性基金收入预算", *self.wan("income_government_fund", ZERO), "，主要原因是本部门无此项收入。")
        n = 2
        for kind, label in (("income_special_account", "财政专户管理资金"), ("income_other_funds", "其他资金")):
            if inc[kind]:
                nar.para(f"{n}．{label}收入预算总计", *self.wan(kind, inc[kind]), "。",
                         *self.change(kind, inc[kind], pr[kind], flat="与上年数一致"), "。")
                n += 1
        nar.para(f"{n}．上年结转资金预算数为", *self.wan("income_carryover", ZERO), "。")
        nar.para("（二）支出预算总计", *self.wan("expenditure_total", total), "。包括：")
        classes = [ln for ln in fig.functional if len(ln.code) == 3]
        for i, ln in enumerate(classes, 1):
            cur, prior = ln.amounts["total"], pr[f"functional:{ln.code}"]
            nar.para(f"{i}．{ln.name.removesuffix('支出')}（类）支出", *self.wan("functional_item", cur, ln.code),
                     "，主要用于保障机关正常运转和完成年度工作任务。",
                     *self.change("functional_item", cur, prior, ln.code), "。")
        for kind, label, key in (("basic_total", "基本支出", "expenditure_basic"),
                                 ("project_total", "项目支出", "expenditure_project"),
                                 ("reserve_total", "单位预留机动经费", "expenditure_reserve")):
            if pur[key]:
                nar.para(f"{'此外，' if kind == 'basic_total' else ''}{label}预算数为", *self.wan(kind, pur[key]), "。",
                         *self.change(kind, pur[key], pr[key]), "。")
        nar.heading("二、收入预算情况说明")
        nar.para(f"{dept}本年收入预算合计", *self.wan("income_total", total), "，其中：")
        for kind, label in (("income_general_budget", "一般公共预算收入"), ("income_special_account", "财政专户管理资金"),
                            ("income_other_funds", "其他资金")):
            if inc[kind]:
                nar.para(f"{label}", *self.wan(kind, inc[kind]), f"，占{self.percent_of(inc[kind], total)}；")
        nar.heading("三、支出预算情况说明")
        nar.para(f"{dept}本年支出预算合计", *self.wan("expenditure_total", total), "，其中：")
        for kind, label, key in (("basic_total", "基本支出", "expenditure_basic"),
                                 ("project_total", "项目支出", "expenditure_project"),
                                 ("reserve_total", "单位预留机动经费", "expenditure_reserve")):
            if pur[key]:
                nar.para(label, *self.wan(kind, pur[key]), f"，占{self.percent_of(pur[key], total)}；")
        nar.heading("四、财政拨款收支预算总体情况说明")
        nar.para(f"{dept}{year}年度财政拨款收、支总预算", *self.wan("income_fiscal", fig.fiscal), "。",
                 *self.change("income_fiscal", fig.fiscal, pr["fiscal"]), "。")
        nar.heading("五、财政拨款支出预算情况说明")
        nar.para(f"{dept}{year}年财政拨款预算支出", *self.wan("expenditure_fiscal", fig.fiscal),
                 f"，占本年支出合计的{self.percent_of(fig.fiscal, total)}。其中：")
        for i, cls in enumerate(classes, 1):
            nar.para(f"（{numeral(i)}）{cls.name}（类）", indent=0)
            items = [ln for ln in fig.functional if len(ln.code) == 7 and ln.code.startswith(cls.code)
                     and ln.amounts.get("fiscal")]
            for j, ln in enumerate(items, 1):
                section = fig.line(ln.code[:5])
                cur, prior = ln.amounts["fiscal"], pr[f"fiscal:{ln.code}"]
                spent = "" if ln.name.endswith("支出") else "支出"
                nar.para(f"{j}．{section.name if section else ''}（款）{ln.name}（项）{spent}",
                         *self.wan("functional_item", cur, ln.code), "，",
                         *self.change("functional_item", cur, prior, ln.code), "。")
        personnel, public = fig.personnel_public()
        nar.heading("六、财政拨款基本支出预算情况说明")
        nar.para(f"{dept}{year}年度财政拨款基本支出预算", *self.wan("basic_fiscal", fig.economic[0].amounts["total"]),
                 "，其中：")
        nar.para("（一）人员经费", *self.wan("personnel", personnel), "。主要包括：基本工资、津贴补贴、奖金、社会保障缴费、"
                 "离休费、退休费、住房公积金等。")
        nar.para("（二）公用经费", *self.wan("public", public), "。主要包括：办公费、水费、电费、邮电费、差旅费、"
                 "维修（护）费、公务用车运行维护费等。")
        nar.heading("七、一般公共预算支出预算情况说明")
        gb = inc["income_general_budget"]
        nar.para(f"{dept}{year}年一般公共预算财政拨款支出预算", *self.wan("expenditure_general_budget", gb), "，",
                 *self.change("expenditure_general_budget", gb, pr["income_general_budget"]), "。")
        nar.heading("八、一般公共预算基本支出预算情况说明")
        nar.para(f"{dept}{year}年度一般公共预算财政拨款基本支出预算",
                 *self.wan("basic_general_budget", fig.economic[0].amounts["total"]), "，其中：人员经费",
                 *self.wan("personnel", personnel), "，公用经费", *self.wan("public", public), "。")
        self.three_public(year)
        nar.heading("十、政府性基金预算支出预算情况说明")
        nar.para(f"{dept}{year}年政府性基金支出预算支出", *self.wan("expenditure_government_fund", ZERO),
                 "。主要原因是本部门无此项支出。")
        admin = fig.admin[0].amounts["total"]
        nar.heading("十一、一般公共预算机关运行经费支出预算情况说明")
        nar.para(f"{year}年本部门一般公共预算机关运行经费预算支出", *self.wan("admin_operating", admin), "，",
                 *self.change("admin_operating", admin, pr["admin_operating"]), "。")
        cats = {r.category: r.amount for r in fig.procurement if r.level == "category"}
        nar.heading("十二、政府采购支出预算情况说明")
        nar.para(f"{year}年度政府采购支出预算总额", *self.wan("procurement_total", sum(cats.values(), ZERO)),
                 "，其中：拟采购货物支出", *self.wan("procurement_goods", cats.get("goods", ZERO)),
                 "、拟采购工程支出", *self.wan("procurement_works", cats.get("works", ZERO)),
                 "、拟购买服务支出", *self.wan("procurement_services", cats.get("services", ZERO)), "。")

    def three_public(self, year: int) -> None:
        nar, tp, pr, dept = self.nar, self.fig.three_public, self.fig.prior, self.department
        nar.heading("九、一般公共预算“三公”经费、会议费、培训费支出预算情况说明")
        total = tp["total"]
        nar.para(f"{dept}{year}年度一般公共预算拨款安排的“三公”经费预算支出",
                 *self.wan("three_public_total", total), "，其中：因公出国（境）费支出",
                 *self.wan("overseas", tp["overseas"]), f"，占“三公”经费的{self.percent_of(tp['overseas'], total)}；"
                 "公务用车购置及运行费支出", *self.wan("vehicle_total", tp["vehicle_total"]),
                 f"，占“三公”经费的{self.percent_of(tp['vehicle_total'], total)}；公务接待费支出",
                 *self.wan("reception", tp["reception"]),
                 f"，占“三公”经费的{self.percent_of(tp['reception'], total)}。具体情况如下：")
        for n, (kind, label) in enumerate((("overseas", "因公出国（境）费"), ("vehicle_total", "公务用车购置及运行费"),
                                           ("reception", "公务接待费")), 1):
            nar.para(f"{n}．{label}预算支出", *self.wan(kind, tp[kind]), "，",
                     *self.change(kind, tp[kind], pr[f"three_public:{kind}"], flat="与上年度持平"), "。")
            if kind == "vehicle_total":
                nar.para("其中：（1）公务用车购置预算支出", *self.wan("vehicle_purchase", tp["vehicle_purchase"]),
                         "；（2）公务用车运行维护费预算支出", *self.wan("vehicle_operation", tp["vehicle_operation"]), "。")
        for kind, label in (("meeting", "会议费"), ("training", "培训费")):
            nar.para(f"{dept}{year}年度一般公共预算拨款安排的{label}预算支出", *self.wan(kind, tp[kind]), "，",
                     *self.change(kind, tp[kind], pr[f"three_public:{kind}"], flat="与上年度持平"), "。")


def overview(nar: Narrative, department: str, year: int, field_: str, rng: random.Random) -> None:
    """第一部分 部门概况: duties, organisation and the year's tasks (no figure of the budget)."""
    nar.part("第一部分 部门概况")
    nar.heading("一、主要职能")
    duties = [f"贯彻执行国家和省有关{field_}工作的方针政策和法律法规，研究拟订全省{field_}工作的规划和制度并组织实施。",
              f"负责全省{field_}工作的统筹协调、业务指导和监督检查。",
              f"组织开展{field_}领域的调查研究，提出政策建议。",
              f"承担{field_}工作信息化建设和数据管理工作。",
              "完成省委、省政府交办的其他任务。"]
    nar.para(f"{department}的主要职能是：")
    for i, d in enumerate(duties[: rng.randrange(3, 6)], 1):
        nar.para(f"（{numeral(i)}）{d}")
    nar.heading("二、部门机构设置及预算单位构成情况")
    nar.para(f"根据部门职责分工，本部门内设机构包括{rng.randrange(8, 25)}个处室，编制{rng.randrange(60, 400)}名。"
             f"从预算单位构成看，纳入本部门{year}年部门汇总预算编制范围的预算单位共计{rng.randrange(1, 6)}家。")
    nar.heading(f"三、{year}年度部门主要工作任务及目标")
    tasks = [f"深化{field_}领域改革，完善工作机制。", f"加强{field_}队伍建设，提升履职能力。",
             f"推进{field_}信息化建设，提高服务水平。", "严格执行预算，厉行勤俭节约，规范资金管理。",
             "加强党风廉政建设，落实全面从严治党要求。"]
    for i, t in enumerate(tasks[: rng.randrange(3, 6)], 1):
        nar.para(f"（{numeral(i)}）{t}")


def glossary(nar: Narrative) -> None:
    """第四部分 名词解释 (boilerplate)."""
    nar.part("第四部分 名词解释")
    for text in ("一、财政拨款：指一般公共预算财政拨款和政府性基金预算财政拨款。",
                 "二、财政专户管理资金：包括专户管理行政事业性收费、其他非税收入。",
                 "三、其他资金：包括事业收入、经营收入、其他收入等。",
                 "四、基本支出：指为保障机构正常运转、完成工作任务而发生的人员支出和公用支出。",
                 "五、项目支出：指在基本支出之外为完成特定工作任务和事业发展目标所发生的支出。",
                 "六、单位预留机动经费：指预算单位年初预留用于年度执行中增人、增资等不可预见支出的经费。",
                 "七、“三公”经费：指部门用一般公共预算财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。",
                 "八、机关运行经费：指行政单位使用一般公共预算安排的基本支出中的日常公用经费支出。"):
        nar.para(text)


def field_of(department: str) -> str:
    """The line of work a department name speaks of (统计, 审计 …) from the family's profiles."""
    for p in vocabulary()["profiles"]:
        if department.endswith(p["department"]):
            return p["field"]
    return "业务"


def resolve_faults(w: Writer, misstated: list[ExpectedClaim]) -> None:
    """Record each misstated claim as a fault against the table cell it contradicts (:data:`CLAIM_CELLS`)."""
    resolve_misstated(w, misstated, CLAIM_CELLS)
