"""Narrative claims of the three Shanghai corpus PDFs, checked against the documents' own tables.

Every expected figure below was read from the PDF's tables (元, converted here to 万元 by hand) or from
the arithmetic between them; the tests also check that the text's parts add up to its wholes.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_lod.extract.narrative import extract_narrative

DOCS = {
    "office": "2025-dept-district-government-office.pdf",
    "commerce": "2025-dept-commerce-commission.pdf",
    "wanli": "2024-dept-wanli-subdistrict.pdf",
}


@pytest.fixture(scope="session")
def shanghai_narratives(corpus, pages_of):
    return {key: extract_narrative(pages_of(corpus / "shanghai-putuo" / name), "元") for key, name in DOCS.items()}


def _claims(narratives, key, kind, **where):
    claims = narratives[key][0]
    return [c for c in claims if c.kind == kind and all(getattr(c, k) == v for k, v in where.items())]


def _wan(claim) -> Decimal:
    """The claim's figure in 万元, after checking that its 元 value is the printed figure × 10000."""
    a = claim.amount
    assert a is not None and a.unit == "万元"
    printed = Decimal(a.printed.replace(",", ""))
    assert a.yuan == (printed * 10000).quantize(Decimal("0.01"))
    return printed


def _yuan_to_wan(text: str) -> Decimal:
    return (Decimal(text.replace(",", "")) / 10000).quantize(Decimal("0.01"))


@pytest.mark.parametrize("key,total_yuan", [
    ("office", "91,016,775.35"),  # 财务收支预算总表 收入总计 = 支出总计 (p. 8)
    ("commerce", "371,514,655.00"),  # p. 9
    ("wanli", "156,211,123"),  # p. 10 (整元)
])
def test_totals_match_the_summary_table(shanghai_narratives, key, total_yuan):
    total = _yuan_to_wan(total_yuan)
    for kind in ("income_total", "income_fiscal", "expenditure_total", "expenditure_fiscal",
                 "expenditure_general_budget"):
        found = _claims(shanghai_narratives, key, kind)
        assert len(found) == 1, (kind, found)
        assert _wan(found[0]) == total, kind
    for kind in ("income_business", "income_operating", "income_other",
                 "expenditure_government_fund", "expenditure_state_capital"):
        (claim,) = _claims(shanghai_narratives, key, kind)
        assert _wan(claim) == 0, kind


@pytest.mark.parametrize("key,changes", [
    ("office", [("income_fiscal", "decrease", "2389.52"), ("expenditure_fiscal", "decrease", "2389.52"),
                ("expenditure_general_budget", "decrease", "2389.52"),
                ("expenditure_government_fund", "flat", None), ("expenditure_state_capital", "flat", None)]),
    ("commerce", [("income_fiscal", "increase", "24558.18"), ("expenditure_fiscal", "increase", "24491.71"),
                  ("expenditure_general_budget", "increase", "24491.71"),
                  ("expenditure_government_fund", "flat", None), ("expenditure_state_capital", "flat", None)]),
])
def test_changes_of_the_totals(shanghai_narratives, key, changes):
    found = [c for c in _claims(shanghai_narratives, key, "change") if c.subject and not c.path
             and c.subject.startswith(("income", "expenditure"))]
    got = [(c.subject, c.direction, None if c.amount is None else str(_wan(c)).replace(",", "")) for c in found]
    assert got == changes
    assert all(c.base_year == 2024 for c in found)


@pytest.mark.parametrize("key,items", [
    # “三公”经费和机关运行经费预算表 (万元): 合计, 因公出国, 车辆小计, 购置, 运行, 接待, 机关运行经费
    ("office", ("867.50", "839", "0", "0", "0", "28.50", "213.28")),
    ("commerce", ("1.00", "0", "0", "0", "0", "1.00", "171.01")),
    ("wanli", ("47.91", "0", "46.56", "25", "21.56", "1.35", "443.18")),
])
def test_three_public_and_admin_operating(shanghai_narratives, key, items):
    kinds = ("three_public_total", "overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation",
             "reception", "admin_operating")
    values = dict(zip(kinds, (Decimal(v) for v in items)))
    # the table's own arithmetic: 合计 = 出国 + 车辆 + 接待, 车辆 = 购置 + 运行
    assert values["three_public_total"] == values["overseas"] + values["vehicle_total"] + values["reception"]
    assert values["vehicle_total"] == values["vehicle_purchase"] + values["vehicle_operation"]
    for kind, value in values.items():
        (claim,) = _claims(shanghai_narratives, key, kind)
        assert _wan(claim) == value, kind


def test_three_public_changes_are_flat_or_stated(shanghai_narratives):
    office = [c for c in _claims(shanghai_narratives, "office", "change") if c.subject in (
        "three_public_total", "overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")]
    assert [(c.subject, c.direction) for c in office] == [
        ("three_public_total", "flat"), ("overseas", "flat"), ("vehicle_total", "flat"),
        ("vehicle_purchase", "flat"), ("vehicle_operation", "flat"), ("reception", "flat")]
    wanli = {c.subject: c for c in _claims(shanghai_narratives, "wanli", "change") if c.subject in (
        "three_public_total", "vehicle_total", "vehicle_purchase")}
    # 47.91 = 22.91 + 25: the stated increase of the total equals the increase of 购置费
    for subject in wanli:
        assert wanli[subject].direction == "increase" and _wan(wanli[subject]) == Decimal("25")
        assert wanli[subject].base_year == 2023


@pytest.mark.parametrize("key,parts,count,performance", [
    ("office", ("34", "0", "0", "34"), 11, "6626"),
    ("commerce", ("38.20", "7.80", "0", "30.40"), 25, "11381.60"),
    ("wanli", ("1662.44", "93.98", "815.87", "752.59"), 50, "5634.81"),
])
def test_procurement_and_projects(shanghai_narratives, key, parts, count, performance):
    total, goods, works, services = (Decimal(p) for p in parts)
    assert goods + works + services == total
    for kind, value in zip(("procurement_total", "procurement_goods", "procurement_works", "procurement_services"),
                           (total, goods, works, services)):
        (claim,) = _claims(shanghai_narratives, key, kind)
        assert _wan(claim) == value, kind
    (n,) = _claims(shanghai_narratives, key, "project_count")
    assert n.count == count and n.amount is None
    (perf,) = _claims(shanghai_narratives, key, "performance_project_total")
    assert _wan(perf) == Decimal(performance)


@pytest.mark.parametrize("key,total,n", [("office", "9101.68", 12), ("commerce", "37151.47", 16), ("wanli", "15621.11", 33)])
def test_functional_items_add_up_to_the_total(shanghai_narratives, key, total, n):
    """The 功能分类 lines the text lists (财政拨款支出主要内容) cover the whole budget: their sum is the
    total within rounding (each printed to 0.01 万元)."""
    items: dict[tuple[str, ...], Decimal] = {}
    for c in _claims(shanghai_narratives, key, "functional_item"):
        assert len(c.path) == 3 and c.subject is None  # the line is named by its path (and code), not a subject
        items.setdefault(c.path, _wan(c))
    assert len(items) == n
    assert abs(sum(items.values()) - Decimal(total)) <= Decimal("0.005") * n


def test_functional_paths_as_printed(shanghai_narratives):
    office = _claims(shanghai_narratives, "office", "functional_item")
    assert office[0].path == ("一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行")
    # 2010301 行政运行 in the tables: 12,029,501.84 元 = 1,202.95 万元
    assert _wan(office[0]) == _yuan_to_wan("12,029,501.84")
    commerce = _claims(shanghai_narratives, "commerce", "functional_item")
    # “卫生健康支出（类）行政事业单位医疗（款)行政单位医疗（项）” — mixed bracket widths
    assert ("卫生健康支出", "行政事业单位医疗", "行政单位医疗") in [c.path for c in commerce]
    # 2160299 row of the tables: 31,364,000.00 元 = 3136.40 万元 (printed without a thousands separator)
    (other,) = [c for c in commerce if c.path[-1] == "其他商业服务业等支出"]
    assert _wan(other) == _yuan_to_wan("31,364,000.00")


def test_wanli_base_and_current_figures_and_percentages(shanghai_narratives):
    """Each wanli line states last year's execution, this year's budget and the change in %: the parser
    pairs them, so the percentage recomputes — except where the document itself is inconsistent."""
    changes = [c for c in _claims(shanghai_narratives, "wanli", "change") if c.subject == "functional_item"]
    assert len(changes) == 33
    mismatched = []
    for c in changes:
        assert c.base is not None and c.current is not None and c.base_year == 2023
        base, cur = c.base.yuan, c.current.yuan
        if c.direction == "flat":
            assert base == cur
            continue
        if base == 0:
            mismatched.append((c.path[-1], "base 0"))
            continue
        pct = ((cur - base) / base * 100).quantize(Decimal("0.01"))
        if abs(abs(pct) - c.percent) > Decimal("0.01") or (pct > 0) != (c.direction == "increase"):
            mismatched.append((c.path[-1], str(pct)))
    # real findings in the document (checked by hand on p. 7 and p. 9):
    # 其他教育支出: 2023 execution 0.00 → “增加100.00%”; 住房公积金: the line says 350.35万元, the sentence
    # “2024年预算安排352.67万元” and 0.53% only fits 350.35 (the tables print 3,503,499 元).
    assert mismatched == [("其他教育支出", "base 0"), ("住房公积金", "1.19")]
    (first,) = [c for c in changes if c.path[-1] == "专项普查活动"]
    assert (first.base.printed, first.current.printed, first.percent, first.direction) == (
        "60.13", "25.77", Decimal("57.14"), "decrease")


def test_counts_of_vehicles(shanghai_narratives):
    assert [c.count for c in _claims(shanghai_narratives, "wanli", "vehicle_count")] == [7]
    assert [c.count for c in _claims(shanghai_narratives, "wanli", "vehicle_purchase_count")] == [1]
    assert [c.count for c in _claims(shanghai_narratives, "office", "vehicle_count")] == [0]


def test_table_of_contents(shanghai_narratives):
    _, notes, toc = shanghai_narratives["office"]
    assert len(toc) == 16
    assert toc[0] == "一、部门主要职能" and toc[-1] == "七、项目经费情况说明"
    assert "9．2025年部门“三公”经费和机关运行经费预算表" in toc
    assert [n.text for n in notes if n.kind == "toc"] == list(toc)
    _, _, wanli_toc = shanghai_narratives["wanli"]
    assert "1.2024年部门财务收支预算总表" in wanli_toc


def test_no_claims_from_table_pages_or_project_explanations(shanghai_narratives):
    for key in DOCS:
        claims, notes, _ = shanghai_narratives[key]
        # table rows (ruled) never reach the notes: no note is a bare row of numbers
        assert not any(n.text.startswith("合计") for n in notes), key
        # figures of project explanations (“项目总预算1720.00万”) are the projects extractor's business
        assert not any("项目总预算" in c.sentence for c in claims), key
        assert all(c.kind != "change" or c.subject is not None for c in claims), key
