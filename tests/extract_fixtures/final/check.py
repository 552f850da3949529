"""Arithmetic and shape checks over one 决算 truth file (``<corpus file stem>.toml`` beside this one).

Independent of the extractor: it reads only the TOML typed from the PDF and checks the national 决算 template's
own identities, so a typo in a truth file cannot pass unnoticed. Any truth file of the template (a real one, or
one written by the sample generator) is checked the same way — nothing here names a department, page or figure.

    python3 tests/extract_fixtures/final/check.py FILE.toml...   # prints failures; exit 1 if any, 2 if unreadable

Every identity is evaluated per phase (a row's ``amounts`` are the document's own figures, phase ``final``;
``initial_budget`` / ``adjusted_budget`` tables beside them are the printed budget figures). Blank counts as 0.
Printed figures are rounded to their precision (0.01 万元), so an identity can miss by a rounding difference: one
that misses is a failure unless the truth file declares it (``[[rounding]]`` with the identity's name and the
difference left − right) and the difference is within the band the figures' printed precision allows (half a
unit of the last printed digit of each figure taking part). A declared difference that is not found fails too.

``check(truth)`` returns a :class:`Report`: the failures (naming table, row, measure and phase), the amounts that
took part in at least one identity that held (or missed by a declared rounding), and the rounding found.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

Z = Decimal(0)
USAGE = "usage: python3 tests/extract_fixtures/final/check.py FILE.toml..."

# ---- the contract (CONTRACT.md) as data -------------------------------------------------------------------

FINAL, INITIAL, ADJUSTED = "final", "initial_budget", "adjusted_budget"
PHASE_KEYS = {"amounts": FINAL, INITIAL: INITIAL, ADJUSTED: ADJUSTED}  # row key → phase

FUNDS = ("general_budget", "government_fund", "state_capital")  # the three 财政拨款 (fiscal) budgets
INCOME_SOURCES = ("income_general_budget", "income_government_fund", "income_state_capital",
                  "income_higher_subsidy", "income_business", "income_operating", "income_subordinate_remittance",
                  "income_other")
CARRYOVER_PARTS = tuple(f"carryover_income_{f}" for f in FUNDS)
EXPENDITURE_CARRYOVER_PARTS = tuple(f"expenditure_carryover_{f}" for f in FUNDS)
SUMMARY_ITEMS = frozenset({
    *INCOME_SOURCES, "income_total", "income_non_fiscal_balance", "carryover", *CARRYOVER_PARTS,
    "income_grand_total", "expenditure_total", "expenditure_balance_distribution", "expenditure_carryover",
    *EXPENDITURE_CARRYOVER_PARTS, "expenditure_grand_total",
})
INCOME_MEASURES = ("total", "fiscal_appropriation", "superior_subsidy", "business", "operating", "affiliated",
                   "other")
EXPENDITURE_MEASURES = ("total", "basic", "project", "to_superior", "operating", "to_affiliated")
THREE_PUBLIC = ("total", "overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")
PERSONNEL_CLASSES = ("301", "303")  # 人员经费 = 工资福利支出 + 对个人和家庭的补助; 公用经费 = every other class


@dataclass(frozen=True)
class Kind:
    """What a table kind may hold: row schemes, item codes allowed, measures, phases besides ``final``."""

    schemes: frozenset[str]
    measures: tuple[str, ...]
    items: frozenset[str] = frozenset()
    phases: tuple[str, ...] = ()  # phases other than the document's own a row may carry


CODED = frozenset({"functional"})
KINDS: dict[str, Kind] = {
    "income_expenditure_summary": Kind(frozenset({"item", "functional"}), ("amount",), SUMMARY_ITEMS),
    "income_summary": Kind(CODED, INCOME_MEASURES),
    "expenditure_summary": Kind(CODED, EXPENDITURE_MEASURES),
    "fiscal_appropriation_summary": Kind(frozenset({"item", "functional"}), ("amount", "total", *FUNDS),
                                         SUMMARY_ITEMS),
    "general_budget_expenditure": Kind(CODED, ("total", "basic", "project"), phases=(INITIAL, ADJUSTED)),
    "general_budget_basic_expenditure": Kind(frozenset({"economic", "item"}), ("total",),
                                             frozenset({"TOTAL", "personnel", "public"})),
    "three_public": Kind(frozenset({"item"}), THREE_PUBLIC, frozenset({"TOTAL"}), phases=(INITIAL,)),
    "government_fund_expenditure": Kind(CODED, ("total", "basic", "project")),
    "state_capital_expenditure": Kind(CODED, ("total", "basic", "project")),
}
CODE_DIGITS = {"functional": (3, 5, 7), "economic": (3, 5)}
METADATA = {"department": str, "fiscal_year": int, "unit": str, "scope": str, "kind": str, "region": str,
            "source": str}
PRINTED = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


def amount(printed: str) -> Decimal:
    """A printed amount as an exact Decimal (thousands separators dropped); ValueError when malformed."""
    if not isinstance(printed, str) or not PRINTED.fullmatch(printed):
        raise ValueError(f"malformed amount {printed!r}")
    return Decimal(printed.replace(",", ""))


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last printed digit: the most rounding can have moved a printed figure."""
    return Decimal(1).scaleb(value.as_tuple().exponent) / 2


# ---- the report ---------------------------------------------------------------------------------------------


@dataclass
class Report:
    failures: list[str] = field(default_factory=list)
    checked: set[tuple[str, int, str, str]] = field(default_factory=set)  # (kind, row index, phase, measure)
    amounts: set[tuple[str, int, str, str]] = field(default_factory=set)
    identities: list[str] = field(default_factory=list)  # every identity evaluated, held or not
    rounded: dict[str, Decimal] = field(default_factory=dict)  # identity → difference left − right (declared)

    @property
    def unchecked(self) -> set[tuple[str, int, str, str]]:
        return self.amounts - self.checked


@dataclass(frozen=True)
class R:
    """One truth row, with its index in the table and its amounts as Decimals, by phase."""

    kind: str
    index: int
    scheme: str
    code: str
    name: str
    values: dict[str, dict[str, Decimal]]  # phase → measure → amount

    def has(self, measure: str, phase: str = FINAL) -> bool:
        return measure in self.values.get(phase, {})

    def v(self, measure: str, phase: str = FINAL) -> Decimal:
        return self.values.get(phase, {}).get(measure, Z)


Term = tuple["R | None", str]  # (row, measure); a missing row or a blank measure counts 0


class Doc:
    """The truth file's tables as rows of Decimals, looked up by kind and code; evaluates identities."""

    def __init__(self, truth: dict, report: Report):
        self.report = report
        self.declared: dict[str, Decimal] = {}
        for i, r in enumerate(truth.get("rounding", [])):
            try:
                self.declared[r["identity"]] = amount(r["difference"])
            except (KeyError, TypeError, ValueError) as e:
                report.failures.append(f"rounding entry {i}: needs identity and difference ({e})")
        self.tables: dict[str, list[R]] = {}
        for kind, spec in truth.get("tables", {}).items():
            rows = []
            for i, row in enumerate(spec.get("rows", [])):
                values: dict[str, dict[str, Decimal]] = {}
                for key, phase in PHASE_KEYS.items():
                    for m, p in (row.get(key) or {}).items():
                        try:
                            values.setdefault(phase, {})[m] = amount(p)
                        except ValueError as e:
                            report.failures.append(f"{kind} row {i} ({row.get('name')}) {phase} {m}: {e}")
                        report.amounts.add((kind, i, phase, m))
                rows.append(R(kind, i, row.get("scheme", ""), row.get("code", ""), row.get("name", ""), values))
            self.tables[kind] = rows

    def row(self, kind: str, code: str, scheme: str | None = None) -> R | None:
        return next((r for r in self.tables.get(kind, ()) if r.code == code
                     and (scheme is None or r.scheme == scheme)), None)

    def equal(self, what: str, left: list[Term], right: list[Term], phase: str = FINAL) -> None:
        """Σ left == Σ right in ``phase`` (blank = 0), or off by the rounding the truth declares for ``what``.

        Skipped when no term has a figure (nothing printed on either side). Names the phase when not final."""
        terms = [(r, m) for r, m in (*left, *right) if r is not None and r.has(m, phase)]
        if not terms:
            return
        name = what if phase == FINAL else f"{what} [{phase}]"
        self.report.identities.append(name)
        ls = sum((r.v(m, phase) for r, m in left if r), Z)
        rs = sum((r.v(m, phase) for r, m in right if r), Z)
        diff = ls - rs
        band = sum((half_unit(r.v(m, phase)) for r, m in terms), Z)
        declared = self.declared.get(name)
        if diff != 0 and declared is None:
            why = "within the rounding band, declare it" if abs(diff) <= band else f"beyond the rounding band ±{band}"
            self.report.failures.append(f"{name}: {ls} != {rs} (off by {diff}, {why})")
            return
        if declared is not None:
            if diff != declared:
                self.report.failures.append(f"{name}: declared rounding difference {declared}, found {diff}")
                return
            if abs(diff) > band:
                self.report.failures.append(f"{name}: difference {diff} exceeds the rounding band ±{band}")
                return
            self.report.rounded[name] = diff
        self.report.checked.update((r.kind, r.index, phase, m) for r, m in terms)


# ---- shape ----------------------------------------------------------------------------------------------------


def shape(truth: dict, report: Report) -> None:
    """Metadata present and typed; kinds, schemes, codes, measures and phases from the contract; every amount on
    a page the table lists; `empty` exactly when the table prints no figure, and then a note saying so."""
    fails = report.failures
    meta = truth.get("metadata", {})
    for key, typ in METADATA.items():
        if not isinstance(meta.get(key), typ):
            fails.append(f"metadata.{key} missing or not {typ.__name__}")
    if meta.get("unit") not in ("万元", "元"):
        fails.append(f"metadata.unit {meta.get('unit')!r} is not 万元/元")
    if meta.get("kind") != "final_accounts":
        fails.append(f"metadata.kind {meta.get('kind')!r} is not final_accounts")
    if meta.get("scope") not in ("department", "unit"):
        fails.append(f"metadata.scope {meta.get('scope')!r} is not department/unit")
    for kind, spec in truth.get("tables", {}).items():
        k = KINDS.get(kind)
        if k is None:
            fails.append(f"unknown table kind {kind!r}")
            continue
        for key, typ in (("title", str), ("pages", list), ("empty", bool), ("rows", list), ("notes", list)):
            if not isinstance(spec.get(key), typ):
                fails.append(f"{kind}.{key} missing or not {typ.__name__}")
        for key in ("notes", "instructions"):  # 注/说明; the template's instructions to the compiler left in
            if not isinstance(spec.get(key, []), list) or not all(isinstance(n, str) and n for n in spec.get(key, [])):
                fails.append(f"{kind}.{key}: a list of non-empty strings, as printed")
        pages = spec.get("pages", [])
        rows = spec.get("rows", [])
        has_amounts = any(r.get(key) for r in rows for key in PHASE_KEYS)
        if spec.get("empty") == has_amounts:
            fails.append(f"{kind}: empty = {spec.get('empty')} but the rows {'do' if has_amounts else 'do not'} "
                         f"carry amounts")
        if spec.get("empty") and not spec.get("notes"):
            fails.append(f"{kind}: an empty table of the template carries the note that says why")
        seen = set()
        for i, r in enumerate(rows):
            where = f"{kind} row {i} ({r.get('name')!r})"
            scheme, code = r.get("scheme"), r.get("code")
            if scheme not in k.schemes:
                fails.append(f"{where}: scheme {scheme!r} not one of {sorted(k.schemes)}")
            if scheme == "item":
                if code not in k.items:
                    fails.append(f"{where}: item code {code!r} not in the contract for {kind}")
            elif code != "TOTAL" and not (isinstance(code, str) and code.isdigit()
                                          and len(code) in CODE_DIGITS.get(scheme, ())):
                fails.append(f"{where}: {scheme} code {code!r} is not a 类/款/项 code")
            if (scheme, code) in seen:
                fails.append(f"{where}: row {scheme}/{code} twice")
            seen.add((scheme, code))
            if not isinstance(r.get("name"), str) or not r.get("name"):
                fails.append(f"{where}: no name")
            if r.get("page") not in pages:
                fails.append(f"{where}: page {r.get('page')} not in the table's pages {pages}")
            if not any(r.get(key) for key in PHASE_KEYS):
                fails.append(f"{where}: a row without amounts (leave blank rows out)")
            for key in set(r) - {"scheme", "code", "name", "page", *PHASE_KEYS}:
                fails.append(f"{where}: unknown key {key!r}")
            for key, phase in PHASE_KEYS.items():
                if key in r and phase != FINAL and phase not in k.phases:
                    fails.append(f"{where}: phase {phase} not printed in a {kind} table")
                for m in r.get(key) or {}:
                    if m not in k.measures:
                        fails.append(f"{where}: measure {m!r} not one of {k.measures}")


# ---- arithmetic -----------------------------------------------------------------------------------------------


def phases_of(rows) -> list[str]:
    return sorted({p for r in rows if r for p in r.values}, key=lambda p: p != FINAL)


def measures_of(rows, phase: str) -> list[str]:
    return sorted({m for r in rows if r for m in r.values.get(phase, {})})


def hierarchy(d: Doc, kind: str) -> None:
    """parent = Σ children in a coded table, per measure and phase: TOTAL = Σ 类, 类 = Σ 款, 款 = Σ 项 (where
    children are printed)."""
    rows = [r for r in d.tables.get(kind, ()) if r.scheme != "item"]
    for parent in rows:
        if parent.code == "TOTAL":
            kids = [r for r in rows if len(r.code) == 3]
        else:
            kids = [r for r in rows if len(r.code) == len(parent.code) + 2 and r.code.startswith(parent.code)]
        if not kids:
            continue
        for phase in phases_of([parent, *kids]):
            for m in measures_of([parent, *kids], phase):
                d.equal(f"{kind}: {parent.code} {m} = Σ children", [(parent, m)], [(r, m) for r in kids], phase)


def columns(d: Doc, kind: str, whole: str, parts: tuple[str, ...]) -> None:
    """Every row of a table: its whole column = Σ its part columns, in each phase."""
    for r in d.tables.get(kind, ()):
        if r.scheme == "item" and kind != "three_public":
            continue
        for phase in phases_of([r]):
            d.equal(f"{kind}: {r.code} {whole} = {' + '.join(parts)}", [(r, whole)], [(r, m) for m in parts], phase)


def summary(d: Doc, kind: str, measures: tuple[str, ...]) -> None:
    """A 收入支出决算总表 (``amount`` on both sides) or 财政拨款收入支出决算总表 (income ``amount``; expenditure
    columns ``total`` = Σ funds): Σ 类 = 本年支出合计; Σ income rows = 本年收入合计; 结转 = Σ its sub-rows;
    总计 = 合计 + 结转/结余 rows on each side; the two 总计 agree."""
    if kind not in d.tables:
        return
    it = {r.code: r for r in d.tables[kind] if r.scheme == "item"}
    func = [r for r in d.tables[kind] if r.scheme == "functional"]
    a = "amount"
    for m in measures:
        d.equal(f"{kind}: expenditure_total {m} = Σ functional 类", [(it.get("expenditure_total"), m)],
                [(r, m) for r in func])
        d.equal(f"{kind}: expenditure_grand_total {m} = expenditure_total + balance_distribution + carryover",
                [(it.get("expenditure_grand_total"), m)],
                [(it.get(c), m) for c in ("expenditure_total", "expenditure_balance_distribution",
                                          "expenditure_carryover")])
    sources = INCOME_SOURCES if kind == "income_expenditure_summary" else INCOME_SOURCES[:3]
    d.equal(f"{kind}: income_total = Σ income rows", [(it.get("income_total"), a)], [(it.get(c), a) for c in sources])
    if any(c in it for c in CARRYOVER_PARTS):
        d.equal(f"{kind}: carryover = Σ its sub-rows", [(it.get("carryover"), a)],
                [(it.get(c), a) for c in CARRYOVER_PARTS])
    if any(c in it for c in EXPENDITURE_CARRYOVER_PARTS):
        for m in measures:
            d.equal(f"{kind}: expenditure_carryover {m} = Σ its sub-rows", [(it.get("expenditure_carryover"), m)],
                    [(it.get(c), m) for c in EXPENDITURE_CARRYOVER_PARTS])
    d.equal(f"{kind}: income_grand_total = income_total + non_fiscal_balance + carryover",
            [(it.get("income_grand_total"), a)],
            [(it.get(c), a) for c in ("income_total", "income_non_fiscal_balance", "carryover")])
    d.equal(f"{kind}: income_grand_total = expenditure_grand_total", [(it.get("income_grand_total"), a)],
            [(it.get("expenditure_grand_total"), measures[0])])


def fiscal_summary(d: Doc) -> None:
    """财政拨款收入支出决算总表: each expenditure row's 合计 = Σ the three funds' columns; the summary's sides; each
    fund balances (年初结转 + 本年收入 = 本年支出 + 年末结转, i.e. the expenditure 总计 of its column)."""
    kind = "fiscal_appropriation_summary"
    if kind not in d.tables:
        return
    for r in d.tables[kind]:
        if r.scheme == "functional" or r.code.startswith("expenditure_"):
            d.equal(f"{kind}: {r.code} total = Σ funds", [(r, "total")], [(r, f) for f in FUNDS])
    summary(d, kind, ("total", *FUNDS))
    it = {r.code: r for r in d.tables[kind] if r.scheme == "item"}
    if "carryover" in it and not any(c in it for c in CARRYOVER_PARTS):
        return  # a 结转 printed without its split by fund: no balance per fund to check
    for f in FUNDS:
        d.equal(f"{kind}: income_{f} + carryover_income_{f} = expenditure_grand_total {f}",
                [(it.get(f"income_{f}"), "amount"), (it.get(f"carryover_income_{f}"), "amount")],
                [(it.get("expenditure_grand_total"), f)])


def basic(d: Doc) -> None:
    """基本支出决算表: 人员经费合计 = Σ 301 + 303 classes, 公用经费合计 = Σ the other classes (302, 310 …); their sum =
    the table's 合计 (where printed) = the 一般公共预算财政拨款支出决算表's 基本支出 合计."""
    kind = "general_budget_basic_expenditure"
    if kind not in d.tables:
        return
    classes = [r for r in d.tables[kind] if r.scheme == "economic" and len(r.code) == 3]
    personnel, public = d.row(kind, "personnel"), d.row(kind, "public")
    if personnel or public:
        d.equal(f"{kind}: personnel = Σ {' + '.join(PERSONNEL_CLASSES)}", [(personnel, "total")],
                [(r, "total") for r in classes if r.code in PERSONNEL_CLASSES])
        d.equal(f"{kind}: public = Σ other classes", [(public, "total")],
                [(r, "total") for r in classes if r.code not in PERSONNEL_CLASSES])
        parts = [(personnel, "total"), (public, "total")]
    else:
        parts = [(r, "total") for r in classes]
    if d.row(kind, "TOTAL"):
        d.equal(f"{kind}: TOTAL = personnel + public", [(d.row(kind, "TOTAL"), "total")], parts)
    gbe = d.row("general_budget_expenditure", "TOTAL")
    if gbe:
        d.equal(f"{kind}: personnel + public = general_budget_expenditure TOTAL basic", parts, [(gbe, "basic")])


def same_rows(d: Doc, a: str, b: str, pairs: tuple[tuple[str, str], ...], schemes=("functional",)) -> None:
    """Two tables print the same coded rows (row by row, both ways) with the same figures, measure a = measure b."""
    ra = {r.code: r for r in d.tables.get(a, ()) if r.scheme in schemes and any(r.has(m) for m, _ in pairs)}
    rb = {r.code: r for r in d.tables.get(b, ()) if r.scheme in schemes and any(r.has(m) for _, m in pairs)}
    for code in sorted(set(ra) | set(rb)):
        if code not in ra or code not in rb:
            d.report.identities.append(f"{a} vs {b}: row {code}")
            d.report.failures.append(f"{a} vs {b}: row {code} printed in only one of them")
            continue
        for ma, mb in pairs:
            d.equal(f"{a}: {code} {ma} = {b} {mb}", [(ra[code], ma)], [(rb[code], mb)])


def across(d: Doc) -> None:
    """The same figures in different tables."""
    t = d.tables
    ies, inc, exp = "income_expenditure_summary", "income_summary", "expenditure_summary"
    fas, gbe = "fiscal_appropriation_summary", "general_budget_expenditure"
    if inc in t and ies in t:
        row = d.row(inc, "TOTAL")
        d.equal(f"{inc}: TOTAL total = {ies} income_total", [(row, "total")], [(d.row(ies, "income_total"), "amount")])
        d.equal(f"{inc}: TOTAL fiscal_appropriation = {ies} fiscal income rows", [(row, "fiscal_appropriation")],
                [(d.row(ies, c), "amount") for c in INCOME_SOURCES[:3]])
        for m, code in (("superior_subsidy", "income_higher_subsidy"), ("business", "income_business"),
                        ("operating", "income_operating"), ("affiliated", "income_subordinate_remittance"),
                        ("other", "income_other")):
            d.equal(f"{inc}: TOTAL {m} = {ies} {code}", [(row, m)], [(d.row(ies, code), "amount")])
    if exp in t and ies in t:
        d.equal(f"{exp}: TOTAL total = {ies} expenditure_total", [(d.row(exp, "TOTAL"), "total")],
                [(d.row(ies, "expenditure_total"), "amount")])
        classes = {"functional"}
        ra = {r.code: r for r in t[ies] if r.scheme in classes}
        rb = {r.code: r for r in t[exp] if r.scheme in classes and len(r.code) == 3 and r.has("total")}
        for code in sorted(set(ra) | set(rb)):
            d.equal(f"{ies}: {code} amount = {exp} {code} total", [(ra.get(code), "amount")],
                    [(rb.get(code), "total")])
    if inc in t and fas in t:
        d.equal(f"{inc}: TOTAL fiscal_appropriation = {fas} income_total",
                [(d.row(inc, "TOTAL"), "fiscal_appropriation")], [(d.row(fas, "income_total"), "amount")])
    if fas in t and ies in t:
        for c in INCOME_SOURCES[:3]:
            d.equal(f"{fas}: {c} = {ies}", [(d.row(fas, c), "amount")], [(d.row(ies, c), "amount")])
    for kind, fund in ((gbe, "general_budget"), ("government_fund_expenditure", "government_fund"),
                       ("state_capital_expenditure", "state_capital")):
        if kind in t and fas in t:
            d.equal(f"{fas}: expenditure_total {fund} = {kind} TOTAL total",
                    [(d.row(fas, "expenditure_total"), fund)], [(d.row(kind, "TOTAL"), "total")])
            ra = {r.code: r for r in t[fas] if r.scheme == "functional" and r.has(fund)}
            rb = {r.code: r for r in t[kind] if r.scheme == "functional" and len(r.code) == 3 and r.has("total")}
            for code in sorted(set(ra) | set(rb)):
                d.equal(f"{fas}: {code} {fund} = {kind} {code} total", [(ra.get(code), fund)],
                        [(rb.get(code), "total")])
    # all money this year is general-budget appropriation, nothing carried over or left: the 支出决算表 is the
    # 一般公共预算财政拨款支出决算表 row for row, and the 收入决算表's rows are the same 合计s
    it = {r.code: r for r in t.get(ies, ()) if r.scheme == "item"}
    others = [c for c in (*INCOME_SOURCES[1:], "income_non_fiscal_balance", "carryover", "expenditure_carryover",
                          "expenditure_balance_distribution") if c in it and it[c].v("amount") != 0]
    if ies in t and "income_general_budget" in it and not others:
        if exp in t and gbe in t:
            same_rows(d, exp, gbe, (("total", "total"), ("basic", "basic"), ("project", "project")))
        if inc in t and exp in t:
            same_rows(d, inc, exp, (("total", "total"),))


def check(truth: dict) -> Report:
    """Every check on one parsed truth file."""
    report = Report()
    shape(truth, report)
    d = Doc(truth, report)
    for kind in ("income_summary", "expenditure_summary", "general_budget_expenditure",
                 "general_budget_basic_expenditure", "government_fund_expenditure", "state_capital_expenditure"):
        hierarchy(d, kind)
    columns(d, "income_summary", "total", INCOME_MEASURES[1:])
    columns(d, "expenditure_summary", "total", EXPENDITURE_MEASURES[1:])
    for kind in ("general_budget_expenditure", "government_fund_expenditure", "state_capital_expenditure"):
        columns(d, kind, "total", ("basic", "project"))
    columns(d, "three_public", "total", ("overseas", "vehicle_total", "reception"))
    columns(d, "three_public", "vehicle_total", ("vehicle_purchase", "vehicle_operation"))
    summary(d, "income_expenditure_summary", ("amount",))
    fiscal_summary(d)
    basic(d)
    across(d)
    for name in sorted(set(d.declared) - set(report.rounded)):
        if not any(f.startswith(f"{name}:") for f in report.failures):
            report.failures.append(f"{name}: declared rounding difference {d.declared[name]} not found "
                                   f"(the identity holds exactly, or is not evaluated)")
    return report


def main(argv: list[str]) -> int:
    if not argv:
        print(USAGE, file=sys.stderr)
        return 2
    bad = False
    for name in argv:
        try:
            truth = tomllib.loads(Path(name).read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            print(f"{name}: unreadable: {e}", file=sys.stderr)
            return 2
        report = check(truth)
        n, c = len(report.amounts), len(report.checked)
        print(f"{name}: {n} amounts, {len(report.identities)} identities, {c} amounts in at least one, "
              f"{len(report.rounded)} declared rounding differences, {len(report.failures)} failures")
        for identity, diff in sorted(report.rounded.items()):
            print(f"  rounding {identity}: {diff}")
        for f in report.failures:
            print(f"  FAIL {f}")
        for kind, i, phase, m in sorted(report.unchecked):
            row = truth["tables"][kind]["rows"][i]
            print(f"  unchecked {kind} {row['scheme']}/{row['code']} {phase} {m}")
        bad |= bool(report.failures)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
