"""The unseen-layout variants' expected truth is sound, before any extractor is compared with it.

Every variant's expected tables obey the template's arithmetic (parent = Σ children, 合计 = 基本 + 项目 =
人员 + 公用, the same figures across tables, the two sides of a 收支 table balancing, the “三公” sums); every
expected amount is printed on the page the truth says (read back with pdfplumber's own text, not with
budget-lod's extractor); rendering is deterministic and fast.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pdfplumber
import pytest

from budget_lod.model.amounts import UNIT_FACTORS
from budget_lod.model.document import MANDATED_TABLES
from budget_lod.sample.variants import NATIONAL, VARIANTS, write_variant

NAMES = list(NATIONAL)  # the national template; the provincial variants: test_variants_jiangsu_truth
ZERO = Decimal(0)
# a printed number: thousands separators or not, decimals or not, negative as -1,234.00 or （1,234.00）
_NUMBER = re.compile(r"(?<![\d.,])([-（(]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)[)）]?(?![\d.,])")


def _printed_numbers(text: str) -> list[Decimal]:
    return [Decimal(n.replace(",", "")) * (-1 if sign else 1) for sign, n in _NUMBER.findall(text)]


def _rows(variant, kind):
    table = variant.tables[kind]
    return {(r.scheme, r.code): r.amounts for r in table.rows}


def _children(rows, code):
    if code == "TOTAL":
        return [c for (_, c) in rows if c.isdigit() and len(c) == 3]
    return [c for (_, c) in rows if c.isdigit() and len(c) == len(code) + 2 and c.startswith(code)]


def _check_hierarchy(rows, scheme):
    for (_, code), amounts in rows.items():
        kids = _children(rows, code)
        if not kids:
            assert code.isdigit() and len(code) in ((7,) if scheme == "functional" else (5,)), code
            continue
        for m, v in amounts.items():
            assert v == sum((rows[(scheme, k)].get(m, ZERO) for k in kids), ZERO), (code, m)


def _check_row_sum(rows, total, parts):
    for key, amounts in rows.items():
        assert amounts[total] == sum((amounts.get(p, ZERO) for p in parts), ZERO), key


def _measure(rows, measure):
    return {c: a[measure] for (s, c), a in rows.items() if measure in a}


@pytest.mark.parametrize("name", NAMES)
def test_truth_obeys_the_template_arithmetic(name):
    v = VARIANTS[name]
    present = set(v.tables)
    assert present | set(v.missing_tables) >= set(MANDATED_TABLES)
    assert not present & set(v.missing_tables)
    es = _rows(v, "expenditure_summary")
    inc = _rows(v, "income_summary")
    gb = _rows(v, "general_budget_expenditure")
    basic = _rows(v, "general_budget_basic_expenditure")
    # the 基本支出 table is classified by economic code, or both ways: functional rows, an economic 类 a column
    (basic_scheme,) = {s for s, _ in basic}
    for rows, scheme in ((es, "functional"), (inc, "functional"), (gb, "functional"), (basic, basic_scheme)):
        _check_hierarchy(rows, scheme)
    for rows in (es, gb):  # 合计 = 基本支出 + 项目支出, 基本支出 printed or only its 人员经费 and 公用经费
        printed_basic = any("basic" in a for a in rows.values())
        _check_row_sum(rows, "total", ("basic", "project") if printed_basic else ("personnel", "public", "project"))
        if printed_basic:  # where 基本支出 is split into 人员经费 and 公用经费
            _check_row_sum({k: a for k, a in rows.items() if "personnel" in a or "public" in a}, "basic",
                           ("personnel", "public"))
    by_class = sorted({m for a in basic.values() for m in a if m.startswith("economic_")})
    _check_row_sum(basic, "total", by_class if basic_scheme == "functional" else ("personnel", "public"))
    income_parts = {m for a in inc.values() for m in a} - {"total"}
    _check_row_sum(inc, "total", income_parts)
    assert _measure(inc, "total") == _measure(es, "total")
    fiscal = "fiscal_appropriation" if "fiscal_appropriation" in income_parts else "general_budget"
    assert _measure(inc, fiscal) == _measure(gb, "total")
    gb_total = gb[("functional", "TOTAL")]
    gb_basic = gb_total["basic"] if "basic" in gb_total else gb_total["personnel"] + gb_total["public"]
    assert basic[(basic_scheme, "TOTAL")]["total"] == gb_basic
    if basic_scheme == "functional":  # each row's 基本支出, as the 一般公共预算支出表 prints it
        assert _measure(basic, "total") == _measure(gb, "basic")
    # the 收支 tables: class rows equal the coded tables, the two sides balance
    total = es[("functional", "TOTAL")]["total"]
    ies = _rows(v, "income_expenditure_summary")
    assert {c: a["amount"] for (s, c), a in ies.items() if s == "functional"} == {
        c: a["total"] for c, a in ((c, es[("functional", c)]) for c in _children(es, "TOTAL"))}
    assert ies[("item", "income_grand_total")]["amount"] == ies[("item", "expenditure_grand_total")]["amount"] == total
    income_items = [a["amount"] for (s, c), a in ies.items()
                    if c in ("income_general_budget", "income_government_fund", "income_state_capital",
                             "income_unit_funds", "income_other", "income_business", "income_special_account")]
    assert sum(income_items, ZERO) == total
    if "fiscal_appropriation_summary" in v.tables:
        fas = _rows(v, "fiscal_appropriation_summary")
        gb_total = gb[("functional", "TOTAL")]["total"]
        assert {c: a["total"] for (s, c), a in fas.items() if s == "functional"} == {
            c: gb[("functional", c)]["total"] for c in _children(gb, "TOTAL")}
        assert fas[("item", "income_general_budget")]["amount"] == gb_total
        grand = {m: v for m, v in fas[("item", "expenditure_grand_total")].items() if v}  # printed zeros aside
        assert grand == {"total": gb_total, "general_budget": gb_total}
    tp = v.tables["three_public"].rows[0].amounts
    assert tp["total"] == tp.get("overseas", ZERO) + tp["vehicle_total"] + tp.get("reception", ZERO)
    assert tp["vehicle_total"] == tp.get("vehicle_purchase", ZERO) + tp.get("vehicle_operation", ZERO)
    if "admin_operating" in tp:  # 机关运行经费 = 公用经费 to the printed 0.01 万元
        assert abs(tp["admin_operating"] - basic[("economic", "TOTAL")]["public"]) <= 50
    for t in v.tables.values():
        assert t.empty == (not t.rows) and (t.note is not None) == t.empty


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("variants")
    return {n: write_variant(n, out / f"{n}.pdf") for n in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_every_expected_amount_is_printed_on_its_page(name, pdfs):
    """Read back through pdfplumber's text: each expected amount is a number printed on its page."""
    v = VARIANTS[name]
    with pdfplumber.open(pdfs[name]) as pdf:
        assert len(pdf.pages) == v.page_count
        printed = {n: _printed_numbers(p.extract_text()) for n, p in enumerate(pdf.pages, 1)}
    for t in v.tables.values():
        for r in t.rows:
            for m, yuan in r.amounts.items():
                assert yuan / UNIT_FACTORS[t.unit] in printed[r.page], (t.kind, r.code, m, yuan, r.page)
                assert r.page in t.pages


@pytest.mark.parametrize("name", NAMES)
def test_rendering_is_deterministic(name, pdfs, tmp_path):
    """(How fast it renders: bench/bench_limits.py.)"""
    fresh = dataclasses.replace(VARIANTS[name])  # no cached layout: lay out and paint from scratch
    fresh.rendered.builder.write(str(tmp_path / "again.pdf"), title=f"{fresh.department}{fresh.fiscal_year}年预算")
    assert (tmp_path / "again.pdf").read_bytes() == pdfs[name].read_bytes()
    assert fresh.expected_amounts() == VARIANTS[name].expected_amounts()


def test_unknown_variant_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown variant"):
        write_variant("no-such-layout", tmp_path / "x.pdf")
