"""Narrative styles for tests and benchmarks: the ways disclosures word their figures, each over one small
consistent budget, with the findings its truth declares.

:func:`budget` builds the figures of a small department, consistent by construction (a 款 is the sum of its
项, a 类 of its 款; 合计 = 基本 + 项目 (+ 单位预留机动经费); 基本 = 人员经费 + 公用经费 = the economic lines; the
“三公” total is the sum of its parts), this year's and last year's, from the standard classification's codes and
names (``variant_codes.json``). A *style* writes the narrative of those figures as one family of documents words
it (:data:`STYLES`):

* ``shanghai_quoted`` — district departments: per-item paragraphs “N.“类（类）款（款）项（项）”X万元，主要用于…。
  YYYY年当年预算执行数为A万元，YYYY年预算安排X万元，比YYYY年预算执行数增加C%。” after the totals paragraph
  (收入预算…比YYYY年预算减少…), the “三公” and 机关运行经费 section;
* ``shanghai_dashed`` — the same with “类-款-项”科目X万元 paths and no base-year figures;
* ``coded`` — numbered items naming each level with its code: “N、类名（201类）款名（01款）项名（01项）X万元。”;
* ``jiangsu_marked`` — provincial 情况说明: totals with 与上年相比增加/减少 X万元，增长 Y%, 类 stated as “N．一般公共服务（类）
  支出X万元”, 项 under a 类 heading as “N.人大事务（款）行政运行（项）支出X万元”, economic 类/款 under 人员经费 / 公用经费,
  shares 占X%, 与上年数一致, 本年数小于上年预算数, templates left unfilled (增加（减少）0万元);
* ``jiangsu_plain`` — the same with 类 named without markers (“1．一般公共服务支出X万元”).

A :class:`StyleVariant` is a style, a :class:`Wording` (thousands separators, a space before 万元, trailing zeros
trimmed) and planted faults (:data:`FAULTS`), each naming the findings it must raise and nothing else.
:func:`render` writes the narrative as a PDF; :func:`tables` gives the printed tables (document-model tables,
consistent except where a fault says otherwise). Tests and ``bench/bench_findings.py`` read the PDF with the
narrative extractor, join it to the tables and validate.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Mapping

from budget_lod.model.amounts import precision_of
from budget_lod.model.document import Amount, Row, Table
from budget_lod.sample.layout import PageBuilder

WAN = Decimal(10000)
STEP = Decimal(100)  # 0.01 万元
ZERO = Decimal(0)
YEAR = 2026
DEPARTMENT = "上海市普陀区示例事务管理局"
_NUMERALS = "一二三四五六七八九十"


# ---------------------------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Line:
    """A classification line: code, name, this year's and last year's amount (元), its basic part."""

    code: str
    name: str
    now: Decimal
    before: Decimal
    basic: Decimal = ZERO
    personnel: Decimal = ZERO


@dataclass(frozen=True)
class Budget:
    """The figures of one department's budget (元)."""

    functional: tuple[Line, ...]  # 类, 款 and 项, in code order
    economic: tuple[Line, ...]  # 类 and 款 of the basic expenditure (``personnel`` set on personnel lines)
    reserve: Decimal
    reserve_before: Decimal
    three_public: Mapping[str, Decimal]
    three_public_before: Mapping[str, Decimal]
    admin_operating: Decimal

    def line(self, code: str) -> Line:
        return next(ln for ln in self.functional + self.economic if ln.code == code)

    @property
    def items(self) -> tuple[Line, ...]:
        return tuple(ln for ln in self.functional if len(ln.code) == 7)

    @property
    def classes(self) -> tuple[Line, ...]:
        return tuple(ln for ln in self.functional if len(ln.code) == 3)

    @property
    def total(self) -> Decimal:
        return sum((ln.now for ln in self.classes), ZERO)  # the reserve is spent by function too

    @property
    def total_before(self) -> Decimal:
        return sum((ln.before for ln in self.classes), ZERO)

    @property
    def basic_before(self) -> Decimal:
        """Last year's basic expenditure: this year's share of the total, of last year's (a stated change)."""
        return _split(self.total_before - self.reserve_before, [float(self.basic), float(self.project)])[0]

    @property
    def project_before(self) -> Decimal:
        return self.total_before - self.reserve_before - self.basic_before

    def targets(self) -> dict[str, int]:
        """Which 项 (index in ``items``) a fault is printed on: the amount on the first, the percentage on the first
        other one with a change to state."""
        changed = [i for i, ln in enumerate(self.items) if ln.before and ln.before != ln.now and i != 0]
        return {"item_amount": 0, "item_percent": changed[0]}

    @property
    def basic(self) -> Decimal:
        return sum((ln.basic for ln in self.items), ZERO)

    @property
    def personnel(self) -> Decimal:
        return sum((ln.personnel for ln in self.items), ZERO)

    @property
    def project(self) -> Decimal:
        return self.total - self.reserve - self.basic


@lru_cache(maxsize=1)
def _codes() -> dict:
    return json.loads(resources.files("budget_lod.sample").joinpath("variant_codes.json").read_text(encoding="utf-8"))


def _wan(rng: random.Random, low: int, high: int) -> Decimal:
    """A random amount of ``low``–``high`` 万元 to the fen of a 万元 (100 元)."""
    return Decimal(rng.randrange(low * 100, high * 100)) * STEP


def _split(total: Decimal, shares: list[float]) -> list[Decimal]:
    """``total`` split by ``shares`` into multiples of 100 元 that add up exactly."""
    parts = [(total * Decimal(str(s)) / Decimal(str(sum(shares))) / STEP).quantize(Decimal(1)) * STEP for s in shares]
    parts[-1] = total - sum(parts[:-1], ZERO)
    return parts


def budget(seed: int, reserve: bool = False, zero_base: bool = False) -> Budget:
    """Consistent figures: 5–7 项 over three or four 类, basic/project split per 项, last year's amounts (one
    equal to this year's: a 持平 line), an economic split of the basic expenditure, “三公” figures."""
    rng = random.Random(seed)
    names = {code: name for code, name, *_ in _codes()["functional"]}
    kinds = {code: rest[0] for code, name, *rest in _codes()["functional"] if rest}
    by_class: dict[str, list[str]] = {}
    for code in names:
        if len(code) == 7 and code[:5] in names and code[:3] in names:
            by_class.setdefault(code[:3], []).append(code)
    classes = sorted(rng.sample(sorted(c for c, v in by_class.items() if len(v) >= 2), 3))
    items = sorted(code for c in classes for code in rng.sample(by_class[c], min(2, len(by_class[c]))))
    lines: dict[str, Line] = {}
    flat = rng.randrange(len(items))
    zero = (flat + 1) % len(items) if zero_base else None
    for i, code in enumerate(items):
        now = _wan(rng, 20, 3000)
        before = now if i == flat else (ZERO if i == zero else now + _wan(rng, 1, 400) * rng.choice((-1, 1)))
        before = max(before, STEP)
        if i == zero:
            before = ZERO
        kind = kinds.get(code, "bp")
        basic = now if kind == "b" else (ZERO if kind == "p" else _split(now, [0.6, 0.4])[0])
        personnel = _split(basic, [0.8, 0.2])[0] if basic else ZERO
        lines[code] = Line(code, names[code], now, before, basic, personnel)
    for parent_len in (5, 3):
        for code in {c[:parent_len] for c in items}:
            kids = [ln for ln in lines.values() if ln.code.startswith(code) and len(ln.code) == parent_len + 2]
            lines[code] = Line(code, names[code], sum((k.now for k in kids), ZERO), sum((k.before for k in kids), ZERO),
                               sum((k.basic for k in kids), ZERO), sum((k.personnel for k in kids), ZERO))
    functional = tuple(lines[c] for c in sorted(lines))
    personnel = sum((ln.personnel for ln in functional if len(ln.code) == 7), ZERO)
    public = sum((ln.basic for ln in functional if len(ln.code) == 7), ZERO) - personnel
    eco_names = {code: name for code, name, *_ in _codes()["economic"]}
    wages = _split(personnel, [0.5, 0.3, 0.2])
    goods = _split(public, [0.6, 0.4])
    economic = (
        Line("301", eco_names["301"], personnel, ZERO, personnel, personnel),
        Line("30101", eco_names["30101"], wages[0], ZERO, wages[0], wages[0]),
        Line("30102", eco_names["30102"], wages[1], ZERO, wages[1], wages[1]),
        Line("30107", eco_names["30107"], wages[2], ZERO, wages[2], wages[2]),
        Line("302", eco_names["302"], public, ZERO, public, ZERO),
        Line("30201", eco_names["30201"], goods[0], ZERO, goods[0], ZERO),
        Line("30211", eco_names["30211"], goods[1], ZERO, goods[1], ZERO),
    )
    overseas, purchase, operation, reception = (_wan(rng, 1, 60) for _ in range(4))
    tp = {"overseas": overseas, "vehicle_purchase": purchase, "vehicle_operation": operation,
          "vehicle_total": purchase + operation, "reception": reception,
          "total": overseas + purchase + operation + reception, "meeting": _wan(rng, 5, 200),
          "training": _wan(rng, 5, 100)}
    before = dict(tp, vehicle_purchase=ZERO, vehicle_total=operation, total=overseas + operation + reception,
                  meeting=tp["meeting"] + _wan(rng, 1, 50))
    project = sum((ln.now - ln.basic for ln in functional if len(ln.code) == 7), ZERO)
    reserve_now = (project / 8 / STEP).quantize(Decimal(1)) * STEP if reserve else ZERO
    return Budget(functional, economic, reserve_now, reserve_now, tp, before, _wan(rng, 50, 600))


# ---------------------------------------------------------------------------------------------- wording


@dataclass(frozen=True)
class Wording:
    """How figures are printed: ``thousands`` separators, ``space`` before 万元 and %, ``trim`` trailing zeros."""

    thousands: bool = False
    space: bool = False
    trim: bool = False


def _num(yuan: Decimal, w: Wording) -> str:
    wan = (yuan / WAN).quantize(Decimal("0.01"))
    text = format(wan, ",.2f" if w.thousands else ".2f")
    if w.trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _pct(part: Decimal, whole: Decimal) -> str:
    return f"{(part / whole * 100).quantize(Decimal('0.01'))}" if whole else "0.00"


# ---------------------------------------------------------------------------------------------- faults


@dataclass(frozen=True)
class Fault:
    """A fault printed on purpose and the findings (rule, severity) it raises — nothing else may show."""

    name: str
    findings: tuple[tuple[str, str], ...]
    what: str


FAULTS: Mapping[str, Fault] = {f.name: f for f in (
    Fault("item_amount", (("claim-functional-item", "Violation"),),
          "one 项's figure stated 12.34 万元 off the tables (its change worded consistently with it)"),
    Fault("item_percent", (("change-percent", "Warning"),), "one 项's percentage one point off its figures"),
    Fault("bases", (("change-bases-disagree", "Warning"),),
          "income and expenditure, equal this year, said to have grown by different amounts on one basis"),
    Fault("zero_base", (("change-percent-zero-base", "Warning"),),
          "a 项 whose base-year figure is 0.00 said to have grown by 100.00%"),
    Fault("three_public_note", (("table-declared-empty", "Violation"),),
          "the “三公” table printed with its figures under a note declaring it empty"),
    Fault("split", (("basic-split", "Violation"),),
          "5.00 万元 of 人员经费 printed as 公用经费 in the economic table only"),
    Fault("parts", (("change-parts", "Violation"),),
          "the change of 基本支出 stated 3.00 万元 off, the total's change and the others right"),
    Fault("reception", (("claim-vs-table", "Violation"),), "公务接待费 stated 0.50 万元 off the “三公” table"),
)}
OFF = {"item_amount": Decimal(123400), "split": Decimal(50000), "parts": Decimal(30000), "reception": Decimal(5000)}


# ---------------------------------------------------------------------------------------------- styles


class _Text:
    """Paragraphs of a narrative: lines (headings, titles) and flowing paragraphs."""

    def __init__(self, w: Wording):
        self.w = w
        self.blocks: list[tuple[str, str]] = []  # (kind, text): line | para

    def line(self, text: str) -> None:
        self.blocks.append(("line", text))

    def para(self, text: str) -> None:
        self.blocks.append(("para", text))

    def n(self, yuan: Decimal) -> str:
        """X万元 (with a space before 万元 if the wording says so)."""
        return f"{_num(yuan, self.w)}{' ' if self.w.space else ''}万元"

    def p(self, text: str) -> str:
        return f"{text}{' ' if self.w.space else ''}%"


def _dir(now: Decimal, before: Decimal) -> str:
    return "增加" if now > before else "减少"


def _totals_shanghai(t: _Text, b: Budget, faults: set[str]) -> None:
    total, before = b.total, b.total_before
    change_in = abs(total - before)
    change_out = change_in + (Decimal(150000) if "bases" in faults else ZERO)
    t.line(f"{YEAR}年部门预算编制说明")
    t.para(f"{YEAR}年，{DEPARTMENT}收入预算{t.n(total)}，其中：财政拨款收入{t.n(total)}，比{YEAR - 1}年预算"
           f"{_dir(total, before)}{t.n(change_in)}；事业收入{t.n(ZERO)}；事业单位经营收入{t.n(ZERO)}；其他收入{t.n(ZERO)}。"
           f"支出预算{t.n(total)}，其中：财政拨款支出预算{t.n(total)}，比{YEAR - 1}年预算{_dir(total, before)}"
           f"{t.n(change_out)}。财政拨款支出预算中，一般公共预算拨款支出预算{t.n(total)}；政府性基金拨款支出预算"
           f"{t.n(ZERO)}，比{YEAR - 1}年预算持平；国有资本经营预算拨款支出预算{t.n(ZERO)}，比{YEAR - 1}年预算持平。"
           f"财政拨款支出主要内容如下：")


def _item_figures(b: Budget, ln: Line, i: int, faults: set[str]) -> tuple[Decimal, str]:
    """The 项's lead figure as stated and its percentage (faults applied to their target 项)."""
    target = b.targets()
    stated = ln.now + (OFF["item_amount"] if "item_amount" in faults and i == target["item_amount"] else ZERO)
    if ln.before:
        pct = (abs(ln.now - ln.before) / ln.before * 100).quantize(Decimal("0.01"))
        if "item_percent" in faults and i == target["item_percent"]:
            pct += 1
        return stated, f"{pct}"
    return stated, "100.00"


def _items_shanghai(t: _Text, b: Budget, faults: set[str], path: Callable[[Line], str], base_year: bool) -> None:
    for i, ln in enumerate(b.items):
        stated, pct = _item_figures(b, ln, i, faults)
        text = f"{i + 1}.{path(ln)}{t.n(stated)}，主要用于{ln.name}。"
        if base_year:
            text += f"{YEAR - 1}年当年预算执行数为{t.n(ln.before)}，{YEAR}年预算安排{t.n(ln.now)}，"
            text += (f"比{YEAR - 1}年预算执行数持平。主要原因是：{ln.name}经费保持不变。" if ln.now == ln.before else
                     f"比{YEAR - 1}年预算执行数{_dir(ln.now, ln.before)}{t.p(pct)}。主要原因是：{ln.name}经费调整。")
        t.para(text)


def _three_public_shanghai(t: _Text, b: Budget, faults: set[str]) -> None:
    tp, pr = b.three_public, b.three_public_before
    reception = tp["reception"] + (OFF["reception"] if "reception" in faults else ZERO)

    def change(kind: str) -> str:
        if tp[kind] == pr[kind]:
            return f"比{YEAR - 1}年预算持平"
        return f"比{YEAR - 1}年预算{_dir(tp[kind], pr[kind])}{t.n(abs(tp[kind] - pr[kind]))}"

    t.line("其他相关情况说明")
    t.line(f"一、{YEAR}年“三公”经费预算情况说明")
    t.para(f"{YEAR}年“三公”经费预算数为{t.n(tp['total'])}，{change('total')}。其中：")
    t.para(f"（一）因公出国（境）费{t.n(tp['overseas'])}，{change('overseas')}。")
    t.para(f"（二）公务用车购置及运行费{t.n(tp['vehicle_total'])}，{change('vehicle_total')}。其中：公务用车购置费"
           f"{t.n(tp['vehicle_purchase'])}，{change('vehicle_purchase')}；公务用车运行费{t.n(tp['vehicle_operation'])}，"
           f"{change('vehicle_operation')}。")
    t.para(f"（三）公务接待费{t.n(reception)}，{change('reception')}。")
    t.line("二、机关运行经费预算")
    t.para(f"{YEAR}年{DEPARTMENT}机关运行经费预算为{t.n(b.admin_operating)}。")


def _shanghai(path: Callable[[Line], str], base_year: bool):
    def write(t: _Text, b: Budget, faults: set[str]) -> None:
        t.line(f"{DEPARTMENT}{YEAR}年部门预算")
        _totals_shanghai(t, b, faults)
        _items_shanghai(t, b, faults, path, base_year)
        _three_public_shanghai(t, b, faults)
    return write


def _quoted(b: Budget) -> Callable[[Line], str]:
    return lambda ln: (f"“{b.line(ln.code[:3]).name}（类）{b.line(ln.code[:5]).name}（款）{ln.name}（项）”")


def _dashed(b: Budget) -> Callable[[Line], str]:
    return lambda ln: f"“{b.line(ln.code[:3]).name}-{b.line(ln.code[:5]).name}-{ln.name}”科目"


def _coded(b: Budget) -> Callable[[Line], str]:
    return lambda ln: (f"{b.line(ln.code[:3]).name}（{ln.code[:3]}类）{b.line(ln.code[:5]).name}（{ln.code[3:5]}款）"
                       f"{ln.name}（{ln.code[5:]}项）")


def _change_jiangsu(t: _Text, now: Decimal, before: Decimal, flat: str = "与上年数一致") -> str:
    if now == before:
        return flat
    pct = (abs(now - before) / before * 100).quantize(Decimal("0.01")) if before else Decimal(100)
    return (f"与上年相比{_dir(now, before)}{t.n(abs(now - before))}，"
            f"{'增长' if now > before else '下降'}{t.p(str(pct))}")


def _jiangsu(marked: bool):
    def write(t: _Text, b: Budget, faults: set[str]) -> None:
        total, before = b.total, b.total_before
        t.line(f"第三部分 {DEPARTMENT}{YEAR}年度部门预算情况说明")
        t.line("一、收支预算总表情况说明")
        t.para(f"本表反映部门年度总体收支预算情况。{DEPARTMENT}{YEAR}年度收入、支出预算总计{t.n(total)}。其中：")
        in_before = before - (Decimal(120000) if "bases" in faults else ZERO)
        t.para(f"（一）收入预算总计{t.n(total)}。全部为财政拨款。{_change_jiangsu(t, total, in_before)}。")
        t.para(f"1．财政拨款收入预算总计{t.n(total)}。")
        t.para(f"（1）一般公共预算收入预算{t.n(total)}。")
        t.para(f"（2）政府性基金收入预算{t.n(ZERO)}，与上年相比增加（减少）{t.n(ZERO)}，增长（减少）{t.p('0')}。")
        t.para(f"（二）支出预算总计{t.n(total)}。{_change_jiangsu(t, total, before)}。包括：")
        for i, cls in enumerate(b.classes, 1):
            name = f"{cls.name.removesuffix('支出')}（类）支出" if marked else cls.name
            t.para(f"{i}．{name}{t.n(cls.now)}，主要用于保障机构正常运转和完成工作任务。"
                   f"{_change_jiangsu(t, cls.now, cls.before)}。")
        basic_before, project_before = b.basic_before, b.project_before
        stated_basic_before = basic_before - (OFF["parts"] if "parts" in faults else ZERO)
        t.para(f"此外，基本支出预算数为{t.n(b.basic)}。{_change_jiangsu(t, b.basic, stated_basic_before)}。"
               f"项目支出预算数为{t.n(b.project)}。{_change_jiangsu(t, b.project, project_before)}。"
               + (f"单位预留机动经费预算数为{t.n(b.reserve)}。与上年持平。" if b.reserve else ""))
        t.line("三、支出预算总表情况说明")
        share = f"{DEPARTMENT}本年支出预算合计{t.n(total)}，其中：基本支出{t.n(b.basic)}，占{t.p(_pct(b.basic, total))}；" \
                f"项目支出{t.n(b.project)}，占{t.p(_pct(b.project, total))}"
        share += f"；单位预留机动经费{t.n(b.reserve)}，占{t.p(_pct(b.reserve, total))}。" if b.reserve else "。"
        t.para(share)
        t.line("五、财政拨款支出预算表情况说明")
        t.para(f"{DEPARTMENT}{YEAR}年财政拨款预算支出{t.n(total)}，占本年支出合计的100%。其中：")
        for i, cls in enumerate(b.classes):
            t.line(f"（{_NUMERALS[i]}）{cls.name.removesuffix('支出')}（类）")
            for j, ln in enumerate((x for x in b.items if x.code.startswith(cls.code)), 1):
                k = b.items.index(ln)
                stated, pct = _item_figures(b, ln, k, faults)
                if ln.now == ln.before:
                    change = "与上年数一致"
                else:  # the change worded consistently with the figure stated
                    diff = abs(stated - ln.before)
                    change = f"与上年相比{_dir(stated, ln.before)}{t.n(diff)}，{'增长' if stated > ln.before else '下降'}"
                    change += t.p(pct if stated == ln.now else str((diff / ln.before * 100).quantize(Decimal('0.01'))))
                t.para(f"{j}.{b.line(ln.code[:5]).name}（款）{ln.name}（项）支出{t.n(stated)}，{change}。")
        t.line("六、财政拨款基本支出预算表情况说明")
        pers = b.line("301").now
        pub = b.line("302").now
        t.para(f"{DEPARTMENT}{YEAR}年度财政拨款基本支出预算{t.n(b.basic)}，其中：")
        t.line(f"（一）人员经费{t.n(pers)}")
        t.line(f"1、{b.line('301').name}（类）{t.n(pers)}")
        for j, code in enumerate(("30101", "30102", "30107"), 1):
            t.para(f"（{j}）{b.line(code).name}（款）支出{t.n(b.line(code).now)}。用于发放在职人员工资。")
        t.line(f"（二）公用经费{t.n(pub)}")
        t.line(f"{b.line('302').name}（类）{t.n(pub)}")
        for j, code in enumerate(("30201", "30211"), 1):
            t.para(f"（{j}）{b.line(code).name}（款）支出{t.n(b.line(code).now)}。用于单位日常运转。")
        _three_public_jiangsu(t, b, faults)
    return write


def _three_public_jiangsu(t: _Text, b: Budget, faults: set[str]) -> None:
    tp, pr = b.three_public, b.three_public_before
    reception = tp["reception"] + (OFF["reception"] if "reception" in faults else ZERO)
    t.line("九、一般公共预算“三公”经费、会议费、培训费支出预算表情况说明")
    t.para(f"{DEPARTMENT}{YEAR}年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出"
           f"{t.n(tp['overseas'])}，占“三公”经费的{t.p(_pct(tp['overseas'], tp['total']))}；公务用车购置及运行费支出"
           f"{t.n(tp['vehicle_total'])}，占“三公”经费的{t.p(_pct(tp['vehicle_total'], tp['total']))}；公务接待费支出"
           f"{t.n(reception)}，占“三公”经费的{t.p(_pct(tp['reception'], tp['total']))}。具体情况如下：")
    t.para(f"1．因公出国（境）费预算支出{t.n(tp['overseas'])}，与上年预算数持平。")
    t.para(f"2．公务用车购置及运行费预算支出{t.n(tp['vehicle_total'])}。其中：")
    t.para(f"（1）公务用车购置费预算支出{t.n(tp['vehicle_purchase'])}，比上年预算增加{t.n(tp['vehicle_purchase'])}。")
    t.para(f"（2）公务用车运行维护费预算支出{t.n(tp['vehicle_operation'])}，与上年预算数持平。")
    t.para(f"3．公务接待费预算支出{t.n(reception)}，与上年预算数持平。{DEPARTMENT}{YEAR}年度一般公共预算拨款安排的会议费"
           f"预算支出{t.n(tp['meeting'])}，本年数小于上年预算数{t.n(pr['meeting'] - tp['meeting'])}。{DEPARTMENT}{YEAR}年度"
           f"一般公共预算拨款安排的培训费预算支出{t.n(tp['training'])}，与上年度持平。")


@dataclass(frozen=True)
class Style:
    """A way of wording the narrative: its writer, the tables' unit and family (shanghai | jiangsu)."""

    name: str
    family: str
    unit: str
    writer: Callable[[Budget], Callable[[_Text, Budget, set[str]], None]]
    reserve: bool = False


STYLES: Mapping[str, Style] = {s.name: s for s in (
    Style("shanghai_quoted", "shanghai", "元", lambda b: _shanghai(_quoted(b), True)),
    Style("shanghai_dashed", "shanghai", "元", lambda b: _shanghai(_dashed(b), False)),
    Style("coded", "shanghai", "元", lambda b: _shanghai(_coded(b), True)),
    Style("jiangsu_marked", "jiangsu", "万元", lambda b: _jiangsu(True), reserve=True),
    Style("jiangsu_plain", "jiangsu", "万元", lambda b: _jiangsu(False), reserve=True),
)}


# ---------------------------------------------------------------------------------------------- variants


@dataclass(frozen=True)
class StyleVariant:
    """A style over one budget, worded one way, with planted faults."""

    name: str
    style: str
    seed: int
    wording: Wording = Wording()
    faults: tuple[str, ...] = ()

    @property
    def budget(self) -> Budget:
        return budget(self.seed, reserve=STYLES[self.style].reserve, zero_base="zero_base" in self.faults)

    @property
    def expected(self) -> Counter:
        """The findings (rule, severity) the document's validation must give, and only these."""
        return Counter(f for name in self.faults for f in FAULTS[name].findings)

    def text(self) -> list[tuple[str, str]]:
        t = _Text(self.wording)
        b = self.budget
        STYLES[self.style].writer(b)(t, b, set(self.faults))
        return t.blocks


def _variants() -> dict[str, StyleVariant]:
    out: list[StyleVariant] = []
    shanghai_faults = {"shanghai_quoted": ("item_amount", "item_percent", "bases", "three_public_note", "split"),
                       "shanghai_dashed": ("item_amount", "three_public_note", "reception"),
                       "coded": ("item_amount", "item_percent", "zero_base", "split", "reception")}
    jiangsu_faults = ("item_amount", "item_percent", "bases", "parts", "reception")
    wordings = (Wording(), Wording(thousands=True), Wording(space=True, trim=True))
    for n, style in enumerate(STYLES):
        faults = shanghai_faults.get(style, jiangsu_faults)
        for k, wording in enumerate(wordings):
            seed = 100 * n + k
            out.append(StyleVariant(f"{style}-{k}-clean", style, seed, wording))
            out.append(StyleVariant(f"{style}-{k}-faults", style, seed + 50, wording, faults))
    return {v.name: v for v in out}


VARIANTS: Mapping[str, StyleVariant] = _variants()


# ---------------------------------------------------------------------------------------------- output


def render(variant: StyleVariant, path: Path) -> Path:
    """The variant's narrative as a PDF (deterministic bytes): headings as lines, paragraphs wrapped."""
    pb = PageBuilder()
    pb.new_page()
    for kind, text in variant.text():
        if kind == "line":
            pb.ensure(40)
            pb.skip(6)
            pb.line(text, 11.0)
        else:
            pb.paragraph(text)
    pb.write(str(path), f"{DEPARTMENT}{YEAR}年部门预算（{variant.name}）")
    return path


def _amount(yuan: Decimal, unit: str, page: int, thousands: bool = True) -> Amount:
    value = yuan / (WAN if unit == "万元" else 1)
    printed = format(value.quantize(Decimal("0.01")), ",.2f" if thousands else ".2f")
    return Amount(yuan.quantize(Decimal("0.01")), printed, unit, precision_of(value.quantize(Decimal("0.01"))), page)


def tables(variant: StyleVariant, first_page: int = 101) -> tuple[Table, ...]:
    """The printed tables of the variant's budget as document-model tables (one page each from ``first_page``),
    consistent by construction except where a planted fault changes them."""
    style = STYLES[variant.style]
    b, unit = variant.budget, style.unit
    faults = set(variant.faults)
    page = iter(range(first_page, first_page + 20))

    def table(kind: str, title: str, measures: dict[str, str], rows: list[Row], **more) -> Table:
        return Table(kind, title, unit, (rows[0].page if rows else next(page),), tuple(measures), measures,
                     tuple(rows), **more)

    def row(scheme: str, code: str, name: str, amounts: dict[str, Decimal], p: int) -> Row:
        return Row(scheme, code, name, {m: _amount(v, unit, p) for m, v in amounts.items()}, p)

    out: list[Table] = []
    p = next(page)
    summary = [row("item", "income_fiscal_appropriation", "一、财政拨款收入", {"amount": b.total}, p),
               row("item", "income_general_budget", "1.一般公共预算", {"amount": b.total}, p),
               row("item", "income_total", "本年收入合计", {"amount": b.total}, p)]
    summary += [row("functional", c.code, f"{_NUMERALS[i]}、{c.name}", {"amount": c.now}, p)
                for i, c in enumerate(b.classes)]
    purpose = [("expenditure_basic", "一、基本支出", b.basic), ("expenditure_project", "二、项目支出", b.project)]
    if b.reserve:
        purpose.append(("expenditure_reserve", "三、单位预留机动经费", b.reserve))
    summary += [row("item", code, name, {"amount": v}, p) for code, name, v in purpose]
    summary.append(row("item", "expenditure_total", "本年支出合计", {"amount": b.total}, p))
    out.append(table("income_expenditure_summary", "收支预算总表", {"amount": "金额"}, summary))

    p = next(page)
    if style.family == "jiangsu":
        amounts = {"total": b.total, "basic": b.basic, "project": b.project, "reserve": b.reserve}
        out.append(table("expenditure_summary", "支出预算总表", {"total": "合计", "basic": "基本支出", "project": "项目支出",
                                                             "reserve": "单位预留机动经费"},
                         [row("functional", "TOTAL", "合计", amounts, p)]))
        p = next(page)
        out.append(table("fiscal_appropriation_expenditure", "财政拨款支出预算表", {"total": "金额"},
                         [row("functional", "TOTAL", "合计", {"total": b.total}, p)]
                         + [row("functional", ln.code, ln.name, {"total": ln.now}, p) for ln in b.functional]))
        p = next(page)
        out.append(table("fiscal_appropriation_basic_expenditure", "财政拨款基本支出预算表", {"total": "金额"},
                         [row("economic", "TOTAL", "合计", {"total": b.basic}, p)]
                         + [row("economic", ln.code, ln.name, {"total": ln.now}, p) for ln in b.economic]))
        p = next(page)
        tp = dict(b.three_public)
        tp["grand_total"] = tp["total"] + tp["meeting"] + tp["training"]
        labels = {"grand_total": "合计", "total": "小计", "overseas": "因公出国（境）费", "vehicle_total": "小计",
                  "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费",
                  "meeting": "会议费", "training": "培训费"}
        out.append(table("three_public", "“三公”经费、会议费、培训费支出预算表", labels,
                         [row("item", "TOTAL", "合计", {m: tp[m] for m in labels}, p)]))
        return tuple(out)

    # Shanghai: 支出总表 and 一般公共预算支出表 by function with 基本支出 split into 人员经费 / 公用经费
    def functional_rows(p: int) -> list[Row]:
        rows = [row("functional", "TOTAL", "合计", {"total": b.total, "basic": b.basic, "personnel": b.personnel,
                                                   "public": b.basic - b.personnel, "project": b.project}, p)]
        for ln in b.functional:
            amounts = {"total": ln.now, "basic": ln.basic, "personnel": ln.personnel,
                       "public": ln.basic - ln.personnel, "project": ln.now - ln.basic}
            rows.append(row("functional", ln.code, ln.name, {m: v for m, v in amounts.items() if v}, p))
        return rows

    columns = {"total": "合计", "basic": "小计", "personnel": "人员经费", "public": "公用经费", "project": "项目支出"}
    out.append(table("expenditure_summary", "部门支出预算总表", columns, functional_rows(p)))
    p = next(page)
    out.append(table("general_budget_expenditure", "部门一般公共预算支出功能分类预算表", columns, functional_rows(p)))
    p = next(page)
    moved = OFF["split"] if "split" in faults else ZERO
    eco_rows = [row("economic", "TOTAL", "合计", {"total": b.basic, "personnel": b.personnel - moved,
                                                 "public": b.basic - b.personnel + moved}, p)]
    for ln in b.economic:
        shift = moved if ln.code in ("301", "30101") else ZERO
        amounts = {"total": ln.now, "personnel": ln.personnel - shift, "public": ln.now - ln.personnel + shift}
        eco_rows.append(row("economic", ln.code, ln.name, {m: v for m, v in amounts.items() if v}, p))
    out.append(table("general_budget_basic_expenditure", "部门一般公共预算基本支出部门预算经济分类预算表",
                     {"total": "合计", "personnel": "人员经费", "public": "公用经费"}, eco_rows))
    p = next(page)
    tp = b.three_public
    labels = {"total": "合计", "overseas": "因公出国（境）费", "vehicle_total": "小计", "vehicle_purchase": "购置费",
              "vehicle_operation": "运行费", "reception": "公务接待费", "admin_operating": "机关运行经费"}
    values = dict(tp, admin_operating=b.admin_operating)
    note = (f"注：本部门{YEAR}年无“三公”经费预算，故本表为空表。" if "three_public_note" in faults else None)
    wan = Table("three_public", "部门“三公”经费和机关运行经费预算表", "万元", (p,), tuple(labels), labels,
                (Row("item", "TOTAL", "合计", {m: _amount(values[m], "万元", p) for m in labels}, p),), note=note)
    out.append(wan)
    return tuple(out)
