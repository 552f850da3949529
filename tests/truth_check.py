"""An independent check of a generated disclosure's truth file (the JSON the sample generator writes).

Reads only the JSON (never the generator's code) and checks the template's own identities, so a generator bug
that breaks its arithmetic cannot pass unnoticed: parent = Σ children in every coded table, the row sums of the
national template (合计 = 基本 + 项目, 基本 = 人员 + 公用, 收入 合计 = its sources), the two sides of every 收支
table balancing and matching the coded tables, the “三公” sums; for the provincial (Jiangsu) template the
contract's identities (Σ 类 = 当年支出小计 = 基本 + 项目 + 预留 = Σ sources, the 收入预算总表's groups, the
procurement hierarchy, the same figures across tables). Narrative claims are checked against the tables they
restate, and a stated change against its own percentage.

``check(doc)`` returns :class:`Failure` records naming table, measure and the codes taking part, so a test
can tell a planted fault (one of the codes is the misprinted row) from a generator bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

Z = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Failure:
    """An identity that does not hold: what, in which table and measure, over which codes."""

    what: str
    table: str
    measure: str
    codes: tuple[str, ...]
    left: Decimal
    right: Decimal


class Doc:
    def __init__(self, doc: dict):
        self.doc = doc
        self.failures: list[Failure] = []
        self.rows = {kind: [dict(r, amounts={m: Decimal(v) for m, v in r["amounts"].items()}) for r in t["rows"]]
                     for kind, t in doc["tables"].items()}

    def row(self, kind: str, code: str, scheme: str | None = None) -> dict | None:
        return next((r for r in self.rows.get(kind, ()) if r["code"] == code
                     and (scheme is None or r["scheme"] == scheme)), None)

    def v(self, kind: str, code: str, measure: str, scheme: str | None = None) -> Decimal:
        r = self.row(kind, code, scheme)
        return r["amounts"].get(measure, Z) if r else Z

    def equal(self, what: str, table: str, measure: str, codes: tuple[str, ...], left: Decimal,
              right: Decimal) -> None:
        if left != right:
            self.failures.append(Failure(what, table, measure, codes, left, right))


def _coded(r: dict) -> bool:
    return r["code"] == "TOTAL" or r["code"].isdigit()


def hierarchy(d: Doc, kind: str) -> None:
    """parent = Σ children (TOTAL = Σ 类, 类 = Σ 款, 款 = Σ 项) for every measure of a coded table."""
    rows = [r for r in d.rows[kind] if r["scheme"] in ("functional", "economic") and _coded(r)]
    for parent in rows:
        p = parent["code"]
        kids = [r for r in rows if r is not parent and r["scheme"] == parent["scheme"] and r["code"] != "TOTAL" and (
            len(r["code"]) == 3 if p == "TOTAL" else (len(r["code"]) == len(p) + 2 and r["code"].startswith(p)))]
        if not kids:
            continue
        for m, value in parent["amounts"].items():
            d.equal("parent = Σ children", kind, m, (p, *(k["code"] for k in kids)), value,
                    sum((k["amounts"].get(m, Z) for k in kids), Z))


def row_sum(d: Doc, kind: str, total: str, parts: tuple[str, ...]) -> None:
    for r in d.rows.get(kind, ()):
        if total in r["amounts"] and any(p in r["amounts"] for p in parts):
            d.equal(f"{total} = {' + '.join(parts)}", kind, total, (r["code"],), r["amounts"][total],
                    sum((r["amounts"].get(p, Z) for p in parts), Z))


def same_column(d: Doc, a: str, ma: str, b: str, mb: str) -> None:
    """Two tables print the same figure for every code both carry (a misprinted row shows as its code)."""
    rb = {(r["scheme"], r["code"]): r for r in d.rows.get(b, ()) if _coded(r)}
    for r in d.rows.get(a, ()):
        other = rb.get((r["scheme"], r["code"]))
        if other is not None and _coded(r) and (ma in r["amounts"] or mb in other["amounts"]):
            d.equal(f"{a}.{ma} = {b}.{mb}", a, ma, (r["code"],), r["amounts"].get(ma, Z),
                    other["amounts"].get(mb, Z))


def three_public(d: Doc) -> None:
    for r in d.rows.get("three_public", ()):
        a = r["amounts"]
        d.equal("total = overseas + vehicles + reception", "three_public", "total", ("TOTAL",), a.get("total", Z),
                a.get("overseas", Z) + a.get("vehicle_total", Z) + a.get("reception", Z))
        d.equal("vehicle_total = purchase + operation", "three_public", "vehicle_total", ("TOTAL",),
                a.get("vehicle_total", Z), a.get("vehicle_purchase", Z) + a.get("vehicle_operation", Z))
        if "grand_total" in a:
            d.equal("grand_total = total + meeting + training", "three_public", "grand_total", ("TOTAL",),
                    a["grand_total"], a.get("total", Z) + a.get("meeting", Z) + a.get("training", Z))


# --- the national template --------------------------------------------------------------------------------------


def national(d: Doc) -> None:
    t = d.rows
    for kind, rows in t.items():
        if any(r["scheme"] in ("functional", "economic") and r["code"].isdigit() for r in rows) \
                and kind not in ("income_expenditure_summary", "fiscal_appropriation_summary"):
            hierarchy(d, kind)
    for kind in ("expenditure_summary", "general_budget_expenditure"):
        rows = t.get(kind, [])
        if any("basic" in r["amounts"] for r in rows):
            row_sum(d, kind, "total", ("basic", "project"))
            row_sum(d, kind, "basic", ("personnel", "public"))
        else:
            row_sum(d, kind, "total", ("personnel", "public", "project"))
    basic = t.get("general_budget_basic_expenditure", [])
    classes = sorted({m for r in basic for m in r["amounts"] if m.startswith("economic_")})
    row_sum(d, "general_budget_basic_expenditure", "total", tuple(classes) or ("personnel", "public"))
    income_parts = tuple(sorted({m for r in t.get("income_summary", ()) for m in r["amounts"]} - {"total"}))
    row_sum(d, "income_summary", "total", income_parts)
    same_column(d, "income_summary", "total", "expenditure_summary", "total")
    fiscal = "fiscal_appropriation" if "fiscal_appropriation" in income_parts else "general_budget"
    same_column(d, "income_summary", fiscal, "general_budget_expenditure", "total")
    for kind in ("income_expenditure_summary", "fiscal_appropriation_summary"):
        if kind not in t:
            continue
        measure = "amount" if kind == "income_expenditure_summary" else "total"
        side = [r for r in t[kind] if r["scheme"] == "functional"]
        coded = "expenditure_summary" if kind == "income_expenditure_summary" else "general_budget_expenditure"
        for r in side:
            d.equal(f"{kind} 类 = {coded}", kind, measure, (r["code"],), r["amounts"].get(measure, Z),
                    d.v(coded, r["code"], "total", "functional"))
        d.equal("收入总计 = 支出总计", kind, "amount", ("income_grand_total", "expenditure_grand_total"),
                d.v(kind, "income_grand_total", "amount"), d.v(kind, "expenditure_grand_total", measure))
    three_public(d)


# --- the provincial template (tests/extract_fixtures/jiangsu/CONTRACT.md) --------------------------------------


def provincial(d: Doc) -> None:
    t = d.rows
    for kind, rows in t.items():
        if any(r["scheme"] in ("functional", "economic") for r in rows) and kind not in (
                "income_expenditure_summary", "fiscal_appropriation_summary"):
            hierarchy(d, kind)
    for kind in ("income_expenditure_summary", "fiscal_appropriation_summary"):
        a = "amount"
        func = [r for r in t.get(kind, ()) if r["scheme"] == "functional"]
        exp_total = d.v(kind, "expenditure_total", a)
        if func:
            d.equal("当年支出小计 = Σ 类", kind, a, tuple(r["code"] for r in func), exp_total,
                    sum((r["amounts"][a] for r in func), Z))
        d.equal("支出 = 基本 + 项目 + 预留", kind, a, ("expenditure_total",), exp_total,
                sum((d.v(kind, c, a) for c in ("expenditure_basic", "expenditure_project", "expenditure_reserve")), Z))
        fiscal = d.v(kind, "income_fiscal_appropriation", a) if d.row(kind, "income_fiscal_appropriation") else \
            d.v(kind, "income_general_budget", a) + d.v(kind, "income_government_fund", a)
        if d.row(kind, "income_fiscal_appropriation"):
            d.equal("财政拨款 = 一般公共预算 + 政府性基金", kind, a, ("income_fiscal_appropriation",), fiscal,
                    d.v(kind, "income_general_budget", a) + d.v(kind, "income_government_fund", a))
        sources = fiscal + d.v(kind, "income_special_account", a) + d.v(kind, "income_other_funds", a)
        d.equal("收入小计 = Σ sources", kind, a, ("income_total",), d.v(kind, "income_total", a), sources)
        d.equal("收入小计 = 支出小计", kind, a, ("income_total", "expenditure_total"), d.v(kind, "income_total", a),
                exp_total)
        if d.row(kind, "income_grand_total"):
            d.equal("收入合计 = 小计 + 结转", kind, a, ("income_grand_total",), d.v(kind, "income_grand_total", a),
                    d.v(kind, "income_total", a) + d.v(kind, "carryover", a))
            d.equal("收入合计 = 支出合计", kind, a, ("income_grand_total",), d.v(kind, "income_grand_total", a),
                    d.v(kind, "expenditure_grand_total", a))
    inc = "income_summary"
    groups = {"income_general_budget": ("income_general_budget_appropriation", "income_general_budget_earmarked"),
              "income_special_account": ("income_special_account_education", "income_special_account_other"),
              "income_other_funds": ("income_business", "income_operating", "income_other", "income_debt")}
    for group, items in groups.items():
        d.equal(f"{group} = Σ items", inc, "total", (group, *items), d.v(inc, group, "total"),
                sum((d.v(inc, c, "total") for c in items), Z))
    d.equal("收入总计 = Σ groups", inc, "total", ("income_grand_total",), d.v(inc, "income_grand_total", "total"),
            sum((d.v(inc, c, "total") for c in (*groups, "income_government_fund", "carryover")), Z))
    es = "expenditure_summary"
    row_sum(d, es, "total", ("basic", "project", "reserve", "next_year_carryover"))
    ies, fas = "income_expenditure_summary", "fiscal_appropriation_summary"
    for m, code in (("basic", "expenditure_basic"), ("project", "expenditure_project"),
                    ("reserve", "expenditure_reserve")):
        d.equal(f"{es}.{m} = {ies}", es, m, ("TOTAL",), d.v(es, "TOTAL", m), d.v(ies, code, "amount"))
    for code in ("income_general_budget", "income_special_account", "income_other_funds"):
        d.equal(f"{inc} = {ies}", inc, "total", (code,), d.v(inc, code, "total"), d.v(ies, code, "amount"))
    d.equal(f"{fas} 收入合计 = {ies} 财政拨款", fas, "amount", ("income_total",), d.v(fas, "income_total", "amount"),
            d.v(ies, "income_fiscal_appropriation", "amount"))
    for kind, code in (("fiscal_appropriation_expenditure", "expenditure_total"),
                       ("fiscal_appropriation_basic_expenditure", "expenditure_basic"),
                       ("general_budget_expenditure", "income_general_budget")):
        d.equal(f"{kind} 合计 = {fas}", kind, "total", ("TOTAL",), d.v(kind, "TOTAL", "total"),
                d.v(fas, code, "amount"))
    if not d.v(ies, "income_government_fund", "amount"):  # all 财政拨款 is 一般公共预算: the pairs print the same
        same_column(d, "fiscal_appropriation_expenditure", "total", "general_budget_expenditure", "total")
        same_column(d, "fiscal_appropriation_basic_expenditure", "total", "general_budget_basic_expenditure", "total")
    three_public(d)
    procurement(d)


def procurement(d: Doc) -> None:
    """合计 = Σ categories, a category = Σ its projects, a project = Σ its items (by row order)."""
    rows = d.rows.get("procurement", [])
    if not rows:
        return
    groups: list[tuple[dict, list[dict]]] = []
    cat = proj = None
    for r in rows:
        if r["code"] in ("goods", "works", "services"):
            cat = r
            groups.append((cat, []))
        elif r.get("level") == "project":
            groups[[id(g) for g, _ in groups].index(id(cat))][1].append(r)
            proj = r
            groups.append((proj, []))
        elif r.get("level") == "item":
            groups[[id(g) for g, _ in groups].index(id(proj))][1].append(r)
    total = d.v("procurement", "TOTAL", "total")
    d.equal("合计 = Σ categories", "procurement", "total", ("TOTAL",), total,
            sum((g["amounts"]["total"] for g, _ in groups if g["code"] in ("goods", "works", "services")), Z))
    for parent, kids in groups:
        d.equal(f"{parent['name']} = Σ rows", "procurement", "total", (parent["code"],), parent["amounts"]["total"],
                sum((k["amounts"]["total"] for k in kids), Z))


# --- the narrative --------------------------------------------------------------------------------------------

# where a claim's figure is printed: claim kind → (table, code, measure) candidates (any may hold it)
CLAIM_CELLS = {
    "income_total": [("income_expenditure_summary", "income_total", "amount"),
                     ("income_expenditure_summary", "income_grand_total", "amount")],
    "expenditure_total": [("income_expenditure_summary", "expenditure_total", "amount"),
                          ("income_expenditure_summary", "expenditure_grand_total", "amount")],
    "income_fiscal": [("income_expenditure_summary", "income_fiscal_appropriation", "amount")],
    "expenditure_fiscal": [("fiscal_appropriation_summary", "expenditure_total", "amount")],
    "income_general_budget": [("income_expenditure_summary", "income_general_budget", "amount")],
    "expenditure_general_budget": [("general_budget_expenditure", "TOTAL", "total")],
    "income_special_account": [("income_expenditure_summary", "income_special_account", "amount")],
    "income_other_funds": [("income_expenditure_summary", "income_other_funds", "amount")],
    "basic_total": [("income_expenditure_summary", "expenditure_basic", "amount"),
                    ("expenditure_summary", "TOTAL", "basic")],
    "project_total": [("income_expenditure_summary", "expenditure_project", "amount"),
                      ("expenditure_summary", "TOTAL", "project")],
    "reserve_total": [("income_expenditure_summary", "expenditure_reserve", "amount")],
    "basic_fiscal": [("fiscal_appropriation_basic_expenditure", "TOTAL", "total")],
    "basic_general_budget": [("general_budget_basic_expenditure", "TOTAL", "total")],
    "admin_operating": [("admin_operating_expenditure", "TOTAL", "total"),
                        ("three_public", "TOTAL", "admin_operating")],
    "procurement_total": [("procurement", "TOTAL", "total")],
    "procurement_goods": [("procurement", "goods", "total")],
    "procurement_works": [("procurement", "works", "total")],
    "procurement_services": [("procurement", "services", "total")],
    "three_public_total": [("three_public", "TOTAL", "total")],
    **{m: [("three_public", "TOTAL", m)] for m in ("overseas", "vehicle_total", "vehicle_purchase",
                                                   "vehicle_operation", "reception", "meeting", "training")},
}
FUNCTIONAL_CELLS = [("income_expenditure_summary", "amount"), ("fiscal_appropriation_expenditure", "total"),
                    ("general_budget_expenditure", "total"), ("expenditure_summary", "total")]


def claims(d: Doc) -> None:
    """Each figure the narrative states equals a cell of a table printing it (where one does); a change's
    percentage is its amount over the year before's figure."""
    for c in d.doc["claims"]:
        stated = Decimal(c["yuan"])
        if c["kind"] == "change":
            if c["direction"] == "flat" or c["percent"] is None:
                continue
            current = Decimal(c["current"])
            base = current - stated if c["direction"] == "increase" else current + stated
            pct = (stated / base * 100).quantize(CENT)
            d.equal("change % = amount / last year", "claims", "percent", (c["subject"],), Decimal(c["percent"]), pct)
            continue
        if c["kind"] == "functional_item":
            cells = [(t, c["code"], m) for t, m in FUNCTIONAL_CELLS]
        elif c["kind"] in CLAIM_CELLS:
            cells = CLAIM_CELLS[c["kind"]]
        else:
            continue
        printed = [(t, code, m, r["amounts"][m]) for t, code, m in cells
                   if (r := d.row(t, code)) is not None and m in r["amounts"]]
        if printed and stated not in [p[3] for p in printed]:  # a figure no table prints is not compared
            t, code, m, value = printed[0]
            d.equal(f"claim {c['kind']} = table", t, m, (code, c["kind"]), stated, value)


def check(doc: dict) -> list[Failure]:
    """Every identity of the truth file's template, and its claims."""
    d = Doc(doc)
    if "fiscal_appropriation_expenditure" in doc["tables"] or "admin_operating_expenditure" in doc["tables"]:
        provincial(d)
    else:
        national(d)
    claims(d)
    return d.failures
