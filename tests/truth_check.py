"""An independent check of a generated disclosure's truth file (the JSON the sample generator writes).

Reads only the JSON (never the generator's code) and checks the template's own identities, so a generator bug
that breaks its arithmetic cannot pass unnoticed: parent = Σ children in every coded table, the row sums of the
national template (合计 = 基本 + 项目, 基本 = 人员 + 公用, 收入 合计 = its sources), the two sides of every 收支
table balancing and matching the coded tables, the “三公” sums; for the provincial (Jiangsu) template the
contract's identities (Σ 类 = 当年支出小计 = 基本 + 项目 + 预留 = Σ sources, the 收入预算总表's groups, the
procurement hierarchy, the same figures across tables); for final accounts (部门决算,
tests/extract_fixtures/final/CONTRACT.md) the 决算数 identities of the nine tables, the same figures across
them, the two sides of both 收支 summaries with their 结转和结余, and each other phase a table prints (年初预算数,
全年预算数: parent = Σ children, 合计 = 基本 + 项目, the “三公” sums — the 年初预算数 within the 0.01 万元 each
figure is rounded to). Narrative claims are checked against the tables they restate, a stated change against
its own percentage, and a statement of how a budget was carried out (``execution``) against its own rate and
the table's 决算数 and 预算数.

``check(doc)`` returns :class:`Failure` records naming table, measure and the codes taking part, so a test
can tell a planted fault (one of the codes is the misprinted row) from a generator bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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
    """The truth's tables as rows of one phase's figures (``phase`` ``None``: the document's own)."""

    def __init__(self, doc: dict, phase: str | None = None, tolerance: Decimal = Z):
        self.doc = doc
        self.phase = phase
        self.tolerance = tolerance  # per figure taking part in an identity (its printed rounding)
        self.failures: list[Failure] = []

        def figures(r: dict) -> dict:
            got = r["amounts"] if phase is None else r.get("phases", {}).get(phase, {})
            return {m: Decimal(v) for m, v in got.items()}

        self.rows = {kind: [dict(r, amounts=figures(r)) for r in t["rows"]] for kind, t in doc["tables"].items()}

    def row(self, kind: str, code: str, scheme: str | None = None) -> dict | None:
        return next((r for r in self.rows.get(kind, ()) if r["code"] == code
                     and (scheme is None or r["scheme"] == scheme)), None)

    def v(self, kind: str, code: str, measure: str, scheme: str | None = None) -> Decimal:
        r = self.row(kind, code, scheme)
        return r["amounts"].get(measure, Z) if r else Z

    def equal(self, what: str, table: str, measure: str, codes: tuple[str, ...], left: Decimal,
              right: Decimal, terms: int | None = None) -> None:
        """``left`` = ``right``, within the tolerance of the ``terms`` figures taking part (default: the codes
        and one more)."""
        if abs(left - right) > self.tolerance * (terms or len(codes) + 1):
            what = f"{self.phase}: {what}" if self.phase else what
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
                    sum((r["amounts"].get(p, Z) for p in parts), Z), terms=len(parts) + 1)


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


# --- final accounts (tests/extract_fixtures/final/CONTRACT.md) ----------------------------------------------------

FINAL_INCOME = ("fiscal_appropriation", "superior_subsidy", "business", "operating", "affiliated", "other")
FINAL_EXPENDITURE = ("basic", "project", "to_superior", "operating", "to_affiliated")
# the summary's income rows and the 收入决算表 column each restates (one source of 财政拨款 here: the general budget)
SUMMARY_INCOME = {"income_general_budget": "fiscal_appropriation", "income_higher_subsidy": "superior_subsidy",
                  "income_business": "business", "income_operating": "operating",
                  "income_subordinate_remittance": "affiliated", "income_other": "other"}
PERSONNEL_CLASSES = ("301", "303")  # the basic table's left band: 人员经费 (工资福利, 对个人和家庭的补助)


def final_accounts(d: Doc) -> None:
    """The 决算数 identities of the national 决算 template."""
    t = d.rows
    for kind in ("income_summary", "expenditure_summary", "general_budget_expenditure",
                 "general_budget_basic_expenditure"):
        if kind in t:
            hierarchy(d, kind)
    row_sum(d, "income_summary", "total", FINAL_INCOME)
    row_sum(d, "expenditure_summary", "total", FINAL_EXPENDITURE)
    row_sum(d, "general_budget_expenditure", "total", ("basic", "project"))
    basic = [r for r in t.get("general_budget_basic_expenditure", ()) if r["scheme"] == "economic"]
    sides = {"personnel": [r for r in basic if len(r["code"]) == 3 and r["code"] in PERSONNEL_CLASSES],
             "public": [r for r in basic if len(r["code"]) == 3 and r["code"] not in PERSONNEL_CLASSES]}
    for item, rows in sides.items():
        d.equal(f"{item} = Σ its classes", "general_budget_basic_expenditure", "total",
                (item, *(r["code"] for r in rows)), d.v("general_budget_basic_expenditure", item, "total"),
                sum((r["amounts"].get("total", Z) for r in rows), Z))
    gbe, es, inc = "general_budget_expenditure", "expenditure_summary", "income_summary"
    d.equal("人员 + 公用 = 一般公共预算基本支出", "general_budget_basic_expenditure", "total",
            ("personnel", "public", "TOTAL"), d.v("general_budget_basic_expenditure", "personnel", "total")
            + d.v("general_budget_basic_expenditure", "public", "total"), d.v(gbe, "TOTAL", "basic"))
    ies, fas = "income_expenditure_summary", "fiscal_appropriation_summary"
    for kind, coded, measure in ((ies, es, "amount"), (fas, gbe, "total")):
        for r in t.get(kind, ()):
            if r["scheme"] == "functional":
                d.equal(f"{kind} 类 = {coded}", kind, measure, (r["code"],), r["amounts"].get(measure, Z),
                        d.v(coded, r["code"], "total", "functional"))
                if kind == fas:
                    d.equal("合计 = 一般公共预算财政拨款", kind, "total", (r["code"],), r["amounts"].get("total", Z),
                            r["amounts"].get("general_budget", Z))
    a = "amount"
    # 收入支出决算总表: income by source = the 收入决算表's 合计; the two sides with their 结转和结余
    d.equal("本年收入合计 = Σ sources", ies, a, ("income_total",), d.v(ies, "income_total", a),
            sum((d.v(ies, c, a) for c in (*SUMMARY_INCOME, "income_government_fund", "income_state_capital")), Z))
    for code, column in SUMMARY_INCOME.items():
        d.equal(f"{ies}.{code} = {inc}.{column}", ies, a, (code,), d.v(ies, code, a), d.v(inc, "TOTAL", column))
    d.equal(f"本年收入合计 = {inc} 合计", ies, a, ("income_total",), d.v(ies, "income_total", a),
            d.v(inc, "TOTAL", "total"))
    d.equal(f"本年支出合计 = {es} 合计", ies, a, ("expenditure_total",), d.v(ies, "expenditure_total", a),
            d.v(es, "TOTAL", "total"))
    d.equal("本年支出合计 = Σ 类", ies, a, ("expenditure_total",), d.v(ies, "expenditure_total", a),
            sum((r["amounts"].get(a, Z) for r in t.get(ies, ()) if r["scheme"] == "functional"), Z))
    d.equal("收入总计 = 本年收入 + 结余 + 年初结转", ies, a, ("income_grand_total",), d.v(ies, "income_grand_total", a),
            sum((d.v(ies, c, a) for c in ("income_total", "income_non_fiscal_balance", "carryover")), Z))
    d.equal("支出总计 = 本年支出 + 结余分配 + 年末结转", ies, a, ("expenditure_grand_total",),
            d.v(ies, "expenditure_grand_total", a),
            sum((d.v(ies, c, a) for c in ("expenditure_total", "expenditure_balance_distribution",
                                          "expenditure_carryover")), Z))
    d.equal("收入总计 = 支出总计", ies, a, ("income_grand_total", "expenditure_grand_total"),
            d.v(ies, "income_grand_total", a), d.v(ies, "expenditure_grand_total", a))
    # 财政拨款收入支出决算总表
    sources = ("income_general_budget", "income_government_fund", "income_state_capital")
    d.equal("财政拨款 本年收入合计 = Σ sources", fas, a, ("income_total",), d.v(fas, "income_total", a),
            sum((d.v(fas, c, a) for c in sources), Z))
    d.equal("财政拨款 一般公共预算 = 总表", fas, a, ("income_general_budget",), d.v(fas, "income_general_budget", a),
            d.v(ies, "income_general_budget", a))
    d.equal("年初财政拨款结转和结余 = Σ sources", fas, a, ("carryover",), d.v(fas, "carryover", a),
            sum((d.v(fas, f"carryover_{c}", a) for c in sources), Z))
    funds = [f"expenditure_carryover_{c.removeprefix('income_')}" for c in sources]
    if any(d.row(fas, c) for c in funds):  # the funds listed under 年末财政拨款结转和结余 too
        d.equal("年末财政拨款结转和结余 = Σ funds", fas, "total", ("expenditure_carryover",),
                d.v(fas, "expenditure_carryover", "total"), sum((d.v(fas, c, "total") for c in funds), Z))
    for m in ("total", "general_budget"):
        d.equal(f"财政拨款 本年支出合计 = {gbe} 合计", fas, m, ("expenditure_total",), d.v(fas, "expenditure_total", m),
                d.v(gbe, "TOTAL", "total"))
        d.equal("财政拨款 支出总计 = 本年支出 + 年末结转", fas, m, ("expenditure_grand_total",),
                d.v(fas, "expenditure_grand_total", m),
                d.v(fas, "expenditure_total", m) + d.v(fas, "expenditure_carryover", m))
    d.equal("财政拨款 收入总计 = 本年收入 + 年初结转", fas, a, ("income_grand_total",), d.v(fas, "income_grand_total", a),
            d.v(fas, "income_total", a) + d.v(fas, "carryover", a))
    d.equal("财政拨款 收入总计 = 支出总计", fas, a, ("income_grand_total", "expenditure_grand_total"),
            d.v(fas, "income_grand_total", a), d.v(fas, "expenditure_grand_total", "total"))
    three_public(d)


def final_phases(doc: dict) -> list[Failure]:
    """The identities each other phase a final-accounts table prints keeps on its own: parent = Σ children and
    合计 = 基本 + 项目 in the 一般公共预算财政拨款支出决算表, the “三公” sums; the 年初预算数 (a budget's figures
    rounded to the 0.01 万元 printed, line by line) within half of that per figure."""
    out = []
    phases = sorted({p for t in doc["tables"].values() for r in t["rows"] for p in r.get("phases", {})})
    for phase in phases:
        d = Doc(doc, phase, tolerance=Decimal(50) if phase == "initial_budget" else Z)
        if any(r["amounts"] for r in d.rows.get("general_budget_expenditure", ())):
            hierarchy(d, "general_budget_expenditure")
            row_sum(d, "general_budget_expenditure", "total", ("basic", "project"))
        three_public(d)
        out += d.failures
    return out


# where a final-accounts claim's figure is printed (决算数): claim kind → (table, code, measure) candidates
FINAL_CLAIM_CELLS = {
    "income_total": [("income_expenditure_summary", "income_total", "amount"),
                     ("income_expenditure_summary", "income_grand_total", "amount")],
    "expenditure_total": [("income_expenditure_summary", "expenditure_total", "amount"),
                          ("income_expenditure_summary", "expenditure_grand_total", "amount")],
    "income_fiscal": [("fiscal_appropriation_summary", "income_total", "amount"),
                      ("fiscal_appropriation_summary", "income_grand_total", "amount")],
    "expenditure_fiscal": [("fiscal_appropriation_summary", "expenditure_total", "total"),
                           ("fiscal_appropriation_summary", "expenditure_grand_total", "total")],
    "income_business": [("income_expenditure_summary", "income_business", "amount")],
    "income_operating": [("income_expenditure_summary", "income_operating", "amount")],
    "income_other": [("income_expenditure_summary", "income_other", "amount")],
    "basic_total": [("expenditure_summary", "TOTAL", "basic")],
    "project_total": [("expenditure_summary", "TOTAL", "project")],
    "operating_total": [("expenditure_summary", "TOTAL", "operating")],
    "expenditure_general_budget": [("general_budget_expenditure", "TOTAL", "total")],
    "basic_general_budget": [("general_budget_expenditure", "TOTAL", "basic")],
    "personnel": [("general_budget_basic_expenditure", "personnel", "total")],
    "public": [("general_budget_basic_expenditure", "public", "total")],
    "admin_operating": [("general_budget_basic_expenditure", "public", "total")],
    "three_public_total": [("three_public", "TOTAL", "total")],
    **{m: [("three_public", "TOTAL", m)] for m in ("overseas", "vehicle_total", "vehicle_purchase",
                                                   "vehicle_operation", "reception")},
}
EXECUTION_CELLS = {"expenditure_general_budget": ("general_budget_expenditure", "TOTAL", "total"),
                   "three_public_total": ("three_public", "TOTAL", "total"),
                   **{m: ("three_public", "TOTAL", m) for m in ("overseas", "vehicle_total", "reception")}}


def final_claims(doc: dict, d: Doc) -> None:
    """Each stated 决算数 equals a cell printing it; an execution's rate recomputes from its 决算数 and its budget
    figure (stated, else the table's), its direction says which is larger, its figures equal the table's."""
    phases = {p: Doc(doc, p) for p in ("initial_budget", "adjusted_budget")}
    for c in doc["claims"]:
        if c["kind"] == "change":
            if c["direction"] == "flat" or c["percent"] is None:
                continue
            current, stated = Decimal(c["current"]), Decimal(c["yuan"])
            base = current - stated if c["direction"] == "increase" else current + stated
            d.equal("change % = amount / last year", "claims", "percent", (c["subject"], "change"),
                    Decimal(c["percent"]), (stated / base * 100).quantize(CENT))
            continue
        stated = Decimal(c["yuan"])
        if c["kind"] == "execution":
            table, code, measure = ("general_budget_expenditure", c["code"], "total") if c["code"] else \
                EXECUTION_CELLS[c["subject"]]
            who = (code if c["code"] else c["subject"], "execution")
            row = d.row(table, code)
            if row is not None and measure in row["amounts"]:
                d.equal("execution 决算数 = table", table, measure, who, stated, row["amounts"][measure])
            budget_row = phases[c["phase"]].row(table, code)
            printed = budget_row["amounts"].get(measure) if budget_row else None
            base = Decimal(c["base"]) if c["base"] is not None else printed
            if c["base"] is not None and printed is not None:
                d.equal("execution 预算数 = table", table, measure, who, Decimal(c["base"]), printed)
            if base is None:
                continue
            direction = "increase" if stated > base else "decrease" if stated < base else "flat"
            if direction != c["direction"]:
                d.failures.append(Failure(f"execution direction {c['direction']} ≠ {direction}", table, measure,
                                          who, stated, base))
            if c["percent"] is not None and base:
                d.equal("execution 完成率 = 决算 / 预算", "claims", "percent", who, Decimal(c["percent"]),
                        (stated / base * 100).quantize(CENT, ROUND_HALF_UP))
            continue
        if c["kind"] == "functional_item":
            cells = [("general_budget_expenditure", c["code"], "total")]
        elif c["kind"] in FINAL_CLAIM_CELLS:
            cells = FINAL_CLAIM_CELLS[c["kind"]]
        else:
            continue
        printed = [(t, code, m, r["amounts"][m]) for t, code, m in cells
                   if (r := d.row(t, code)) is not None and m in r["amounts"]]
        if printed and stated not in [p[3] for p in printed]:
            t, code, m, value = printed[0]
            d.equal(f"claim {c['kind']} = table", t, m, (code, c["kind"]), stated, value)


def check(doc: dict) -> list[Failure]:
    """Every identity of the truth file's template, and its claims."""
    d = Doc(doc)
    if doc["metadata"].get("kind") == "final_accounts":
        final_accounts(d)
        final_claims(doc, d)
        return d.failures + final_phases(doc)
    if "fiscal_appropriation_expenditure" in doc["tables"] or "admin_operating_expenditure" in doc["tables"]:
        provincial(d)
    else:
        national(d)
    claims(d)
    return d.failures
