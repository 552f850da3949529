"""Every amount of the three Shanghai (普陀区) PDFs, checked by the tables' own arithmetic and spot checks.

Expected values are never the parser's output: each extracted amount must take part in an arithmetic
identity of the template (parent = Σ children, 合计 = 基本 + 项目, the same figure across tables, the two
sides of a 收支总表 balancing), every formatted number printed on a table page must be extracted (read
through pdfplumber's independent ``extract_text``), and a few figures read off the PDFs by hand are pinned.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pdfplumber
import pytest

from budget_lod.extract import extract_document
from budget_lod.model.document import MANDATED_TABLES
from extract_fixtures.arithmetic import (all_amounts, by_code, hierarchy, row_sum, same, summary_checks,
                                         three_public_checks)

DOCS = {
    "office": "2025-dept-district-government-office.pdf",
    "commerce": "2025-dept-commerce-commission.pdf",
    "wanli": "2024-dept-wanli-subdistrict.pdf",
}
FUNCTIONAL = ("income_summary", "expenditure_summary", "general_budget_expenditure")


@pytest.fixture(scope="session")
def shanghai(corpus):
    return {k: extract_document(corpus / "shanghai-putuo" / name) for k, name in DOCS.items()}


@pytest.fixture(params=list(DOCS))
def doc(request, shanghai):
    return shanghai[request.param]


def test_metadata(shanghai):
    office = shanghai["office"]
    assert office.department == "上海市普陀区人民政府办公室"
    assert office.fiscal_year == 2025 and office.scope == "department" and office.region == "上海市普陀区"
    assert office.department_code is None  # Shanghai prints no department code
    assert shanghai["commerce"].department == "上海市普陀区商务委员会"
    assert shanghai["wanli"].department == "上海市普陀区人民政府万里街道办事处"
    assert shanghai["wanli"].fiscal_year == 2024


def test_every_mandated_table_found(doc):
    assert doc.missing_tables == ()
    assert {t.kind for t in doc.tables} >= set(MANDATED_TABLES)
    for kind in ("government_fund_expenditure", "state_capital_expenditure"):
        t = doc.table(kind)
        assert t.empty and "空表" in t.note and not any(r.amounts for r in t.rows)


def test_units_per_table(doc):
    for t in doc.tables:
        assert t.unit == ("万元" if t.kind == "three_public" else "元"), t.kind
        for r in t.rows:
            assert all(a.unit == t.unit for a in r.amounts.values())


def test_every_amount_takes_part_in_the_arithmetic(doc):
    checked: set = set()
    fails: list[str] = []
    t = {k: doc.table(k) for k in (*FUNCTIONAL, "general_budget_basic_expenditure")}
    for table in t.values():
        fails += hierarchy(table, checked)
    fails += row_sum(t["expenditure_summary"], "total", ("basic", "project"), checked)
    fails += row_sum(t["general_budget_expenditure"], "total", ("basic", "project"), checked)
    fails += row_sum(t["general_budget_basic_expenditure"], "total", ("personnel", "public"), checked)
    income_parts = tuple(m for m in t["income_summary"].measures if m != "total")
    fails += row_sum(t["income_summary"], "total", income_parts, checked)
    # the same figures across tables (all of these departments' money is general-budget appropriation)
    fails += same(t["income_summary"], "total", t["expenditure_summary"], "total", checked)
    fails += same(t["general_budget_expenditure"], "total", t["income_summary"], "fiscal_appropriation", checked)
    basic_total = by_code(t["general_budget_basic_expenditure"])["TOTAL"].amounts["total"].yuan
    assert basic_total == by_code(t["general_budget_expenditure"])["TOTAL"].amounts["basic"].yuan
    fails += summary_checks(doc, "income_expenditure_summary", ("amount",), checked)
    fails += summary_checks(doc, "fiscal_appropriation_summary", ("total", "general_budget"), checked)
    tp = doc.table("three_public")
    assert len(tp.rows) == 1 and tp.rows[0].code == "TOTAL"
    fails += three_public_checks(tp.rows[0], tp, checked)
    checked.add(("three_public", "TOTAL", "admin_operating"))  # pinned in test_spot_checks
    assert fails == []
    unchecked = all_amounts(doc) - checked
    assert unchecked == set(), sorted(unchecked)


_FORMATTED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\d.,])\d+\.\d+(?![\d.,])")


def test_every_printed_amount_is_extracted(doc, corpus):
    """Every number with a thousands separator or decimals on a table page is an extracted amount, once."""
    pages = sorted({p for t in doc.tables for p in t.pages})
    with pdfplumber.open(corpus / "shanghai-putuo" / doc.source) as pdf:
        printed = Counter(tok for p in pages for tok in _FORMATTED.findall(pdf.pages[p - 1].extract_text()))
    extracted = Counter(a.printed for t in doc.tables for r in t.rows for a in r.amounts.values()
                        if "," in a.printed or "." in a.printed)
    assert extracted == printed


def _amount(doc, kind, code, measure):
    return by_code(doc.table(kind))[code].amounts[measure]


@pytest.mark.parametrize("name, kind, code, measure, yuan, page", [
    # read by hand from the PDFs
    ("office", "expenditure_summary", "2010301", "total", "12029501.84", 11),
    ("office", "expenditure_summary", "2010301", "basic", "11919501.84", 11),
    ("office", "expenditure_summary", "2010301", "project", "110000.00", 11),
    ("office", "income_summary", "210", "total", "1097073.43", 10),  # continued page, header not repeated
    ("office", "general_budget_expenditure", "2101102", "total", "314218.15", 15),  # header repeated
    ("office", "general_budget_basic_expenditure", "30102", "personnel", "9572367.00", 18),
    ("office", "general_budget_basic_expenditure", "TOTAL", "public", "2132777.54", 19),
    ("office", "three_public", "TOTAL", "total", "8675000.00", 20),  # 867.50 万元
    ("office", "three_public", "TOTAL", "overseas", "8390000.00", 20),
    ("office", "three_public", "TOTAL", "admin_operating", "2132800.00", 20),
    ("office", "fiscal_appropriation_summary", "income_general_budget", "amount", "91016775.35", 13),
    ("commerce", "expenditure_summary", "2150899", "project", "293810000.00", 13),
    ("commerce", "general_budget_basic_expenditure", "30213", "public", "10000.00", 20),
    ("commerce", "three_public", "TOTAL", "reception", "10000.00", 21),
    ("commerce", "three_public", "TOTAL", "admin_operating", "1710100.00", 21),
    ("commerce", "income_expenditure_summary", "216", "amount", "31364000.00", 9),
    ("wanli", "general_budget_basic_expenditure", "30102", "total", "16623810.00", 29),  # printed `301 2`
    ("wanli", "income_summary", "2120199", "total", "54212362.00", 14),
    ("wanli", "income_summary", "TOTAL", "other_income", "0.00", 15),  # a printed 0 is not blank
    ("wanli", "expenditure_summary", "TOTAL", "basic", "99706020.00", 20),  # alone on its page
    ("wanli", "three_public", "TOTAL", "vehicle_purchase", "250000.00", 31),
    ("wanli", "three_public", "TOTAL", "admin_operating", "4431800.00", 31),
])
def test_spot_checks(shanghai, name, kind, code, measure, yuan, page):
    a = _amount(shanghai[name], kind, code, measure)
    assert (a.yuan, a.page) == (Decimal(yuan), page)


def test_blank_is_not_zero(shanghai):
    office = shanghai["office"]
    row = by_code(office.table("expenditure_summary"))["2010302"]  # 一般行政管理事务: project only
    assert set(row.amounts) == {"total", "project"}
    tp = office.table("three_public").rows[0]
    assert "vehicle_total" not in tp.amounts  # printed blank, not 0
    assert by_code(shanghai["wanli"].table("expenditure_summary"))["201"].amounts.keys() == {"total", "basic",
                                                                                             "project"}


def test_contradictory_note_kept(shanghai):
    """万里's “三公” table prints figures *and* a note calling it empty: figures win, the note is kept."""
    tp = shanghai["wanli"].table("three_public")
    assert not tp.empty and "空表" in tp.note


def test_amount_precision_and_print(shanghai):
    a = _amount(shanghai["office"], "three_public", "TOTAL", "total")
    assert (a.printed, a.unit, a.precision, a.precision_yuan) == ("867.50", "万元", Decimal("0.01"), Decimal("100"))
    b = _amount(shanghai["wanli"], "income_summary", "TOTAL", "total")
    assert (b.printed, b.precision) == ("156,211,123", Decimal(1))
