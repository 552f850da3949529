"""The tables' own arithmetic, as checks on an extracted Document (independent of how it was extracted).

Each function returns a list of human-readable failures (empty when the arithmetic holds) and counts the
amounts it verified, so a test can assert both that nothing failed and that every amount took part.
"""

from __future__ import annotations

from decimal import Decimal

from budget_lod.model.document import Document, Row, Table

Z = Decimal(0)


def val(row: Row | None, measure: str) -> Decimal:
    """An amount in 元, blank (absent) counting as 0 for sums."""
    if row is None or measure not in row.amounts:
        return Z
    return row.amounts[measure].yuan


def by_code(table: Table, scheme: str | None = None) -> dict[str, Row]:
    rows = {}
    for r in table.rows:
        if scheme is None or r.scheme == scheme:
            assert r.code not in rows, f"{table.kind}: code {r.code} twice"
            rows[r.code] = r
    return rows


def hierarchy(table: Table, checked: set) -> list[str]:
    """parent = Σ children for every coded row (类 = Σ 款, 款 = Σ 项); TOTAL = Σ 类."""
    fails = []
    rows = by_code(table)
    measures = {m for r in table.rows for m in r.amounts}
    for code, parent in rows.items():
        if code == "TOTAL":
            children = [r for c, r in rows.items() if c.isdigit() and len(c) == 3]
        elif code.isdigit():
            children = [r for c, r in rows.items() if len(c) == len(code) + 2 and c.startswith(code)]
        else:
            continue
        if not children:
            continue
        for m in measures:
            s = sum((val(r, m) for r in children), Z)
            if val(parent, m) != s:
                fails.append(f"{table.kind} {code} {m}: {val(parent, m)} != Σ children {s}")
            else:
                checked.add((table.kind, code, m))
                checked.update((table.kind, r.code, m) for r in children if m in r.amounts)
    return fails


def row_sum(table: Table, total: str, parts: tuple[str, ...], checked: set) -> list[str]:
    """``total`` = Σ ``parts`` on every row."""
    fails = []
    for r in table.rows:
        if not r.amounts:
            continue
        s = sum((val(r, p) for p in parts), Z)
        if val(r, total) != s:
            fails.append(f"{table.kind} {r.code}: {total} {val(r, total)} != {'+'.join(parts)} {s}")
        else:
            checked.update((table.kind, r.code, m) for m in (total, *parts) if m in r.amounts)
    return fails


def same(a: Table, ma: str, b: Table, mb: str, checked: set, codes=None) -> list[str]:
    """The same figure in two tables, code by code (every code of ``a`` that has ``ma``)."""
    fails = []
    rb = by_code(b)
    for r in a.rows:
        if ma not in r.amounts or (codes is not None and r.code not in codes):
            continue
        if r.code not in rb or val(rb[r.code], mb) != r.amounts[ma].yuan:
            fails.append(f"{a.kind}.{r.code}.{ma}={r.amounts[ma].yuan} vs {b.kind}.{mb}="
                         f"{val(rb.get(r.code), mb)}")
        else:
            checked.add((a.kind, r.code, ma))
            checked.add((b.kind, r.code, mb))
    return fails


INCOME_SOURCES = ("income_special_account", "income_unit_funds", "income_business", "income_operating",
                  "income_other", "income_higher_subsidy", "income_subordinate_remittance")
FISCAL_PARTS = ("income_general_budget", "income_government_fund", "income_state_capital")


def summary_checks(doc: Document, kind: str, exp_measures: tuple[str, ...], checked: set) -> list[str]:
    """A 收支总表: each 类 row equals the expenditure summary's class total; each side adds up to its totals;
    the two sides balance; the grand total is the expenditure summary's."""
    fails = []
    t = doc.table(kind)
    es = by_code(doc.table("expenditure_summary"))
    main = exp_measures[0]
    func = [r for r in t.rows if r.scheme == "functional"]
    items = by_code(t, "item")

    def ok(cond: bool, msg: str, *keys: tuple[str, str]) -> None:
        if cond:
            checked.update((kind, c, m) for c, m in keys if m in val_row(c).amounts)
        else:
            fails.append(f"{kind}: {msg}")

    def val_row(code: str) -> Row:
        return items.get(code) or Row("item", code, "", {}, 0)

    for r in func:
        if val(r, main) == val(es.get(r.code), "total"):
            checked.add((kind, r.code, main))
        else:
            fails.append(f"{kind} {r.code}: {val(r, main)} != expenditure_summary total")
        if len(exp_measures) > 1:
            if sum((val(r, m) for m in exp_measures[1:]), Z) == val(r, main):
                checked.update((kind, r.code, m) for m in exp_measures if m in r.amounts)
            else:
                fails.append(f"{kind} {r.code}: {main} != Σ funding")
    func_sum = {m: sum((val(r, m) for r in func), Z) for m in exp_measures}
    for m in exp_measures:
        exp_total = val(items.get("expenditure_total"), m) if "expenditure_total" in items else func_sum[m]
        ok(exp_total == func_sum[m], f"expenditure_total {m} != Σ functional", ("expenditure_total", m))
        grand = val(items.get("expenditure_grand_total"), m)
        ok(grand == exp_total + val(items.get("expenditure_carryover"), m),
           f"expenditure_grand_total {m} != total + carryover", ("expenditure_grand_total", m))
    fiscal = val(items.get("income_fiscal_appropriation"), "amount")
    parts = sum((val(items.get(c), "amount") for c in FISCAL_PARTS), Z)
    if "income_fiscal_appropriation" in items:
        ok(fiscal == parts, "income_fiscal_appropriation != Σ its parts", ("income_fiscal_appropriation", "amount"),
           *((c, "amount") for c in FISCAL_PARTS))
    else:
        fiscal = parts
    income = fiscal + sum((val(items.get(c), "amount") for c in INCOME_SOURCES), Z)
    keys = [(c, "amount") for c in (*FISCAL_PARTS, *INCOME_SOURCES)]
    if "income_total" in items:
        ok(val(items["income_total"], "amount") == income, "income_total != Σ sources", ("income_total", "amount"),
           *keys)
    grand_in = val(items.get("income_grand_total"), "amount")
    ok(grand_in == income + val(items.get("carryover"), "amount"), "income_grand_total != Σ sources + carryover",
       ("income_grand_total", "amount"), ("carryover", "amount"), *keys)
    ok(grand_in == val(items.get("expenditure_grand_total"), main), "income and expenditure grand totals differ")
    ok(grand_in == val(es.get("TOTAL"), "total"), "grand total != expenditure_summary TOTAL")
    return fails


def three_public_checks(row: Row, table: Table, checked: set) -> list[str]:
    fails = []
    parts = ("overseas", "vehicle_total", "reception")
    if val(row, "total") != sum((val(row, p) for p in parts), Z):
        fails.append(f"three_public {row.code}: total != overseas + vehicle_total + reception")
    else:
        checked.update(("three_public", row.code, m) for m in ("total", *parts) if m in row.amounts)
    if val(row, "vehicle_total") != val(row, "vehicle_purchase") + val(row, "vehicle_operation"):
        fails.append(f"three_public {row.code}: vehicle_total != purchase + operation")
    else:
        checked.update(("three_public", row.code, m) for m in ("vehicle_purchase", "vehicle_operation")
                       if m in row.amounts)
    return fails


def all_amounts(doc: Document) -> set:
    return {(t.kind, r.code, m) for t in doc.tables for r in t.rows for m in r.amounts}
