"""Arithmetic and shape checks over one Jiangsu-family truth file (``<corpus file stem>.toml`` beside this one).

Independent of the extractor: it reads only the TOML typed from the PDF and checks the template's own
identities, so a typo in a truth file cannot pass unnoticed. Any later truth file of the family (another
department, another year) is checked the same way — nothing here names a department, page or figure.

    python3 tests/extract_fixtures/jiangsu/check.py FILE.toml...   # prints failures; exit 1 if any, 2 if unreadable

``check(truth)`` returns a :class:`Report`: the failures (human-readable, naming table, row and measure) and
the amounts that took part in at least one identity, so a test can assert both that nothing failed and how
much of the file the arithmetic covered.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

Z = Decimal(0)
USAGE = "usage: python3 tests/extract_fixtures/jiangsu/check.py FILE.toml..."

# ---- the contract (CONTRACT.md) as data -------------------------------------------------------------------

SUMMARY_ITEMS = frozenset({
    "income_fiscal_appropriation", "income_general_budget", "income_government_fund", "income_special_account",
    "income_other_funds", "income_total", "carryover", "income_grand_total",
    "expenditure_basic", "expenditure_project", "expenditure_reserve", "expenditure_total",
    "expenditure_carryover", "expenditure_grand_total",
})
INCOME_SUMMARY_ITEMS = frozenset({
    "income_grand_total", "income_general_budget", "income_general_budget_appropriation",
    "income_general_budget_earmarked", "income_government_fund", "income_special_account",
    "income_special_account_education", "income_special_account_other", "income_other_funds", "income_business",
    "income_operating", "income_other", "income_debt", "carryover", "carryover_used",
})
THREE_PUBLIC = ("grand_total", "total", "overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation",
                "reception", "meeting", "training")
PROCUREMENT_CATEGORIES = ("goods", "works", "services")


@dataclass(frozen=True)
class Kind:
    """What a table kind may hold: its row schemes, the item codes allowed, its measures."""

    schemes: frozenset[str]
    measures: tuple[str, ...]
    items: frozenset[str] = frozenset()  # allowed codes of `item` rows ("" = opaque, compared by name)
    coded: str | None = None  # "functional" / "economic": codes of 3/5/7 (3/5) digits and TOTAL


FUNCTIONAL = frozenset({"functional"})
ECONOMIC = frozenset({"economic"})
KINDS: dict[str, Kind] = {
    "income_expenditure_summary": Kind(frozenset({"item", "functional"}), ("amount",), SUMMARY_ITEMS),
    "income_summary": Kind(frozenset({"item"}), ("total",), INCOME_SUMMARY_ITEMS),
    "expenditure_summary": Kind(FUNCTIONAL, ("total", "basic", "project", "reserve", "next_year_carryover"),
                                coded="functional"),
    "fiscal_appropriation_summary": Kind(frozenset({"item", "functional"}), ("amount",), SUMMARY_ITEMS),
    "fiscal_appropriation_expenditure": Kind(FUNCTIONAL, ("total",), coded="functional"),
    "fiscal_appropriation_basic_expenditure": Kind(ECONOMIC, ("total",), coded="economic"),
    "general_budget_expenditure": Kind(FUNCTIONAL, ("total",), coded="functional"),
    "general_budget_basic_expenditure": Kind(ECONOMIC, ("total",), coded="economic"),
    "government_fund_expenditure": Kind(FUNCTIONAL, ("total",), coded="functional"),
    "admin_operating_expenditure": Kind(ECONOMIC, ("total",), coded="economic"),
    "three_public": Kind(frozenset({"item"}), THREE_PUBLIC, frozenset({"TOTAL"})),
    "procurement": Kind(frozenset({"item"}), ("total",), frozenset({"TOTAL", "", *PROCUREMENT_CATEGORIES})),
}
CODE_DIGITS = {"functional": (3, 5, 7), "economic": (3, 5)}
PROCUREMENT_LEVELS = ("project", "item")
METADATA = {"department": str, "fiscal_year": int, "unit": str, "scope": str, "region": str, "source": str}
PRINTED = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


def amount(printed: str) -> Decimal:
    """A printed amount as an exact Decimal (thousands separators dropped); ValueError when malformed."""
    if not PRINTED.fullmatch(printed):
        raise ValueError(f"malformed amount {printed!r}")
    return Decimal(printed.replace(",", ""))


# ---- the report ---------------------------------------------------------------------------------------------


@dataclass
class Report:
    failures: list[str] = field(default_factory=list)
    checked: set[tuple[str, int, str]] = field(default_factory=set)  # (kind, row index, measure)
    amounts: set[tuple[str, int, str]] = field(default_factory=set)
    identities: list[str] = field(default_factory=list)  # every identity evaluated, held or not

    @property
    def unchecked(self) -> set[tuple[str, int, str]]:
        return self.amounts - self.checked


@dataclass(frozen=True)
class R:
    """One truth row, with its index in the table (for the report) and its amounts as Decimals."""

    kind: str
    index: int
    scheme: str
    code: str
    name: str
    level: str | None
    values: dict[str, Decimal]

    def v(self, measure: str) -> Decimal:
        return self.values.get(measure, Z)


class Doc:
    """The truth file's tables as rows of Decimals, looked up by kind and code."""

    def __init__(self, truth: dict, report: Report):
        self.report = report
        self.tables: dict[str, list[R]] = {}
        for kind, spec in truth.get("tables", {}).items():
            rows = []
            for i, row in enumerate(spec.get("rows", [])):
                values = {}
                for m, p in row.get("amounts", {}).items():
                    try:
                        values[m] = amount(p)
                    except (ValueError, TypeError) as e:
                        report.failures.append(f"{kind} row {i} ({row.get('name')}) {m}: {e}")
                    report.amounts.add((kind, i, m))
                rows.append(R(kind, i, row.get("scheme", ""), row.get("code", ""), row.get("name", ""),
                              row.get("level"), values))
            self.tables[kind] = rows

    def row(self, kind: str, code: str, scheme: str | None = None) -> R | None:
        return next((r for r in self.tables.get(kind, ()) if r.code == code
                     and (scheme is None or r.scheme == scheme)), None)

    def val(self, kind: str, code: str, measure: str) -> Decimal:
        r = self.row(kind, code)
        return r.v(measure) if r else Z

    def equal(self, what: str, left: list[tuple[R | None, str]], right: list[tuple[R | None, str]]) -> bool:
        """Σ left == Σ right (blank = 0); on success every amount named takes part, else one failure."""
        self.report.identities.append(what)
        ls = sum((r.v(m) for r, m in left if r), Z)
        rs = sum((r.v(m) for r, m in right if r), Z)
        if ls != rs:
            self.report.failures.append(f"{what}: {ls} != {rs}")
            return False
        self.report.checked.update((r.kind, r.index, m) for r, m in (*left, *right) if r and m in r.values)
        return True


# ---- shape ----------------------------------------------------------------------------------------------------


def shape(truth: dict, report: Report) -> None:
    """Metadata present and typed; kinds, schemes, codes and measures from the contract; every amount on a page
    the table lists; `empty` exactly when the table prints no figure."""
    fails = report.failures
    meta = truth.get("metadata", {})
    for key, typ in METADATA.items():
        if not isinstance(meta.get(key), typ):
            fails.append(f"metadata.{key} missing or not {typ.__name__}")
    if meta.get("unit") not in ("万元", "元"):
        fails.append(f"metadata.unit {meta.get('unit')!r} is not 万元/元")
    if "department_code" in meta and not isinstance(meta["department_code"], str):
        fails.append("metadata.department_code must be a string when given")
    for kind, spec in truth.get("tables", {}).items():
        k = KINDS.get(kind)
        if k is None:
            fails.append(f"unknown table kind {kind!r}")
            continue
        for key, typ in (("title", str), ("pages", list), ("empty", bool), ("rows", list)):
            if not isinstance(spec.get(key), typ):
                fails.append(f"{kind}.{key} missing or not {typ.__name__}")
        pages = spec.get("pages", [])
        rows = spec.get("rows", [])
        has_amounts = any(r.get("amounts") for r in rows)
        if spec.get("empty") == has_amounts:
            fails.append(f"{kind}: empty = {spec.get('empty')} but the rows {'do' if has_amounts else 'do not'} "
                         f"carry amounts")
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
            if code:  # coded and slugged rows are unique; opaque procurement rows repeat
                if (scheme, code) in seen:
                    fails.append(f"{where}: row {scheme}/{code} twice")
                seen.add((scheme, code))
            if kind == "procurement" and code == "" and r.get("level") not in PROCUREMENT_LEVELS:
                fails.append(f"{where}: procurement row needs level = project | item")
            if not isinstance(r.get("name"), str) or not r.get("name"):
                fails.append(f"{where}: no name")
            if r.get("page") not in pages:
                fails.append(f"{where}: page {r.get('page')} not in the table's pages {pages}")
            if not r.get("amounts"):
                fails.append(f"{where}: a row without amounts (leave blank rows out)")
            for m in r.get("amounts", {}):
                if m not in k.measures:
                    fails.append(f"{where}: measure {m!r} not one of {k.measures}")


# ---- arithmetic -----------------------------------------------------------------------------------------------


def hierarchy(d: Doc, kind: str) -> None:
    """parent = Σ children in a coded table: TOTAL = Σ 类, 类 = Σ 款, 款 = Σ 项 (where children are printed)."""
    rows = [r for r in d.tables.get(kind, ()) if r.scheme != "item"]
    for parent in rows:
        if parent.code == "TOTAL":
            kids = [r for r in rows if len(r.code) == 3]
        else:
            kids = [r for r in rows if r.code != parent.code and len(r.code) == len(parent.code) + 2
                    and r.code.startswith(parent.code)]
        if not kids:
            continue
        for m in parent.values:
            d.equal(f"{kind} {parent.code} {m} = Σ children {[r.code for r in kids]}",
                    [(parent, m)], [(r, m) for r in kids])


def same_rows(d: Doc, a: str, b: str) -> None:
    """Two tables print the same coded rows with the same figures (row by row, both ways)."""
    ra = {(r.scheme, r.code): r for r in d.tables.get(a, ())}
    rb = {(r.scheme, r.code): r for r in d.tables.get(b, ())}
    for key in sorted(set(ra) | set(rb)):
        if key not in ra or key not in rb:
            d.report.failures.append(f"{a} vs {b}: row {key} in only one of them")
            continue
        for m in sorted(set(ra[key].values) | set(rb[key].values)):
            d.equal(f"{a} {key[1]} {m} = {b}", [(ra[key], m)], [(rb[key], m)])


def summary(d: Doc, kind: str) -> None:
    """A 收支总表: Σ 类 rows = 当年支出小计 = 基本 + 项目 + 预留 = 当年收入小计 = Σ income sources; 财政拨款 = 一般公共预算
    + 政府性基金; the grand totals = 小计 + 结转; the two sides balance."""
    if kind not in d.tables:
        return
    it = {r.code: r for r in d.tables[kind] if r.scheme == "item"}
    func = [r for r in d.tables[kind] if r.scheme == "functional"]
    a = "amount"
    exp_total = it.get("expenditure_total")
    if func:
        d.equal(f"{kind}: expenditure_total = Σ functional 类", [(exp_total, a)], [(r, a) for r in func])
    d.equal(f"{kind}: expenditure_total = basic + project + reserve", [(exp_total, a)],
            [(it.get(c), a) for c in ("expenditure_basic", "expenditure_project", "expenditure_reserve")])
    if "income_fiscal_appropriation" in it:
        d.equal(f"{kind}: income_fiscal_appropriation = general_budget + government_fund",
                [(it["income_fiscal_appropriation"], a)],
                [(it.get(c), a) for c in ("income_general_budget", "income_government_fund")])
        fiscal = ["income_fiscal_appropriation"]
    else:
        fiscal = ["income_general_budget", "income_government_fund"]
    sources = [(it.get(c), a) for c in (*fiscal, "income_special_account", "income_other_funds")]
    d.equal(f"{kind}: income_total = Σ income sources", [(it.get("income_total"), a)], sources)
    d.equal(f"{kind}: income_total = expenditure_total", [(it.get("income_total"), a)], [(exp_total, a)])
    if "income_grand_total" in it:
        d.equal(f"{kind}: income_grand_total = income_total + carryover", [(it["income_grand_total"], a)],
                [(it.get("income_total"), a), (it.get("carryover"), a)])
    if "expenditure_grand_total" in it:
        d.equal(f"{kind}: expenditure_grand_total = expenditure_total + expenditure_carryover",
                [(it["expenditure_grand_total"], a)], [(exp_total, a), (it.get("expenditure_carryover"), a)])
        d.equal(f"{kind}: income_grand_total = expenditure_grand_total", [(it.get("income_grand_total"), a)],
                [(it["expenditure_grand_total"], a)])


def income_summary(d: Doc) -> None:
    """收入预算总表: each group's 小计 = Σ its items; 收入总计 = Σ group subtotals (上年结转 included)."""
    kind = "income_summary"
    if kind not in d.tables:
        return
    it = {r.code: r for r in d.tables[kind]}
    groups = {
        "income_general_budget": ("income_general_budget_appropriation", "income_general_budget_earmarked"),
        "income_special_account": ("income_special_account_education", "income_special_account_other"),
        "income_other_funds": ("income_business", "income_operating", "income_other", "income_debt"),
    }
    for group, items in groups.items():
        if group in it or any(c in it for c in items):
            d.equal(f"{kind}: {group} = Σ {items}", [(it.get(group), "total")], [(it.get(c), "total") for c in items])
    d.equal(f"{kind}: income_grand_total = Σ group subtotals", [(it.get("income_grand_total"), "total")],
            [(it.get(c), "total") for c in (*groups, "income_government_fund", "carryover")])


def expenditure_summary(d: Doc) -> None:
    kind = "expenditure_summary"
    for r in d.tables.get(kind, ()):
        d.equal(f"{kind} {r.code}: total = basic + project + reserve + next_year_carryover", [(r, "total")],
                [(r, m) for m in ("basic", "project", "reserve", "next_year_carryover")])
    hierarchy(d, kind)


def three_public(d: Doc) -> None:
    kind = "three_public"
    for r in d.tables.get(kind, ()):
        d.equal(f"{kind} {r.code}: total = overseas + vehicle_total + reception", [(r, "total")],
                [(r, m) for m in ("overseas", "vehicle_total", "reception")])
        d.equal(f"{kind} {r.code}: vehicle_total = vehicle_purchase + vehicle_operation", [(r, "vehicle_total")],
                [(r, m) for m in ("vehicle_purchase", "vehicle_operation")])
        d.equal(f"{kind} {r.code}: grand_total = total + meeting + training", [(r, "grand_total")],
                [(r, m) for m in ("total", "meeting", "training")])


def procurement(d: Doc) -> None:
    """TOTAL = Σ categories; a category = Σ its project rows; a project row = Σ its item rows (by row order)."""
    kind = "procurement"
    rows = d.tables.get(kind, [])
    if not rows:
        return
    total = next((r for r in rows if r.code == "TOTAL"), None)
    cats = [r for r in rows if r.code in PROCUREMENT_CATEGORIES]
    d.equal(f"{kind}: TOTAL = Σ categories", [(total, "total")], [(r, "total") for r in cats])
    groups: list[tuple[R, list[R]]] = []  # (category or project, its children) in row order
    cat = proj = None
    for r in rows:
        if r.code in PROCUREMENT_CATEGORIES:
            cat, proj = r, None
            groups.append((cat, []))
        elif r.level == "project":
            if cat is None:
                d.report.failures.append(f"{kind}: project row {r.name!r} before any category")
                continue
            groups[[g for g, _ in groups].index(cat)][1].append(r)
            proj = r
            groups.append((proj, []))
        elif r.level == "item":
            if proj is None:
                d.report.failures.append(f"{kind}: item row {r.name!r} before any project row")
                continue
            groups[[g for g, _ in groups].index(proj)][1].append(r)
    for parent, kids in groups:
        if parent.code in PROCUREMENT_CATEGORIES or kids:
            d.equal(f"{kind}: {parent.name} = Σ its {len(kids)} rows", [(parent, "total")],
                    [(r, "total") for r in kids])


def across(d: Doc) -> None:
    """The same figures in different tables."""
    t = d.tables
    fas, ies, es = "fiscal_appropriation_summary", "income_expenditure_summary", "expenditure_summary"
    gf_income = d.val(fas, "income_government_fund", "amount") + d.val(ies, "income_government_fund", "amount")
    gf_spent = any(r.values for r in t.get("government_fund_expenditure", ()))
    if gf_income == 0 and not gf_spent:  # all fiscal money is general budget: the two pairs are one table each
        for a, b in (("fiscal_appropriation_expenditure", "general_budget_expenditure"),
                     ("fiscal_appropriation_basic_expenditure", "general_budget_basic_expenditure")):
            if a in t and b in t:
                same_rows(d, a, b)
    # the fiscal tables' totals are the 财政拨款收支预算总表's
    for kind, code in (("fiscal_appropriation_expenditure", "expenditure_total"),
                       ("fiscal_appropriation_basic_expenditure", "expenditure_basic")):
        if kind in t and fas in t:
            d.equal(f"{kind} TOTAL = {fas} {code}", [(d.row(kind, "TOTAL"), "total")],
                    [(d.row(fas, code), "amount")])
    for kind, code in (("general_budget_expenditure", "income_general_budget"),
                       ("government_fund_expenditure", "income_government_fund")):
        if kind in t and fas in t:
            d.equal(f"{kind} TOTAL = {fas} {code}", [(d.row(kind, "TOTAL"), "total")], [(d.row(fas, code), "amount")])
    if fas in t and ies in t:
        for code in ("income_general_budget", "income_government_fund"):
            d.equal(f"{fas} {code} = {ies}", [(d.row(fas, code), "amount")], [(d.row(ies, code), "amount")])
        d.equal(f"{fas} income_total = {ies} income_fiscal_appropriation", [(d.row(fas, "income_total"), "amount")],
                [(d.row(ies, "income_fiscal_appropriation"), "amount")])
        # all income fiscal: the 收支总表's functional 类 are the fiscal table's
        if d.val(ies, "income_total", "amount") == d.val(ies, "income_fiscal_appropriation", "amount") \
                and "fiscal_appropriation_expenditure" in t:
            for r in t[ies]:
                if r.scheme == "functional":
                    d.equal(f"{ies} {r.code} = fiscal_appropriation_expenditure", [(r, "amount")],
                            [(d.row("fiscal_appropriation_expenditure", r.code), "total")])
    if es in t and ies in t:
        es_total = d.row(es, "TOTAL") or next(iter(t[es]), None)
        for m, code in (("basic", "expenditure_basic"), ("project", "expenditure_project"),
                        ("reserve", "expenditure_reserve"), ("next_year_carryover", "expenditure_carryover")):
            if es_total and (m in es_total.values or d.row(ies, code)):
                d.equal(f"{es} {m} = {ies} {code}", [(es_total, m)], [(d.row(ies, code), "amount")])
        d.equal(f"{es} total = {ies} expenditure_total + expenditure_carryover", [(es_total, "total")],
                [(d.row(ies, "expenditure_total"), "amount"), (d.row(ies, "expenditure_carryover"), "amount")])
    if "income_summary" in t and ies in t:
        inc = "income_summary"
        for code in ("income_general_budget", "income_government_fund", "income_special_account",
                     "income_other_funds", "carryover"):
            if d.row(inc, code) or d.row(ies, code):
                d.equal(f"{inc} {code} = {ies}", [(d.row(inc, code), "total")], [(d.row(ies, code), "amount")])
        d.equal(f"{inc} income_grand_total = {ies} income grand total", [(d.row(inc, "income_grand_total"), "total")],
                [(d.row(ies, "income_grand_total") or d.row(ies, "income_total"), "amount")])


def check(truth: dict) -> Report:
    """Every check on one parsed truth file."""
    report = Report()
    shape(truth, report)
    d = Doc(truth, report)
    for kind, k in KINDS.items():
        if k.coded and kind != "expenditure_summary":
            hierarchy(d, kind)
    for kind in ("income_expenditure_summary", "fiscal_appropriation_summary"):
        summary(d, kind)
    income_summary(d)
    expenditure_summary(d)
    three_public(d)
    procurement(d)
    across(d)
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
              f"{len(report.failures)} failures")
        for f in report.failures:
            print(f"  FAIL {f}")
        for kind, i, m in sorted(report.unchecked):
            row = truth["tables"][kind]["rows"][i]
            print(f"  unchecked {kind} {row['scheme']}/{row['code'] or row['name']} {m}")
        bad |= bool(report.failures)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
