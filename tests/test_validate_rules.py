"""Faults injected one at a time into the hand-built Hebei document: each rule catches its fault with the
right severity and location; the clean document gives no false violations.

Expected numbers are worked out by hand from the printed tables (万元 → 元 × 10000), not read back
from the validator.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from rdf_hebei_sample import amt, hebei_document

from budget_lod.model.document import Claim, Document, Indicator, Note, Row
from budget_lod.rdf.build import build_graph
from budget_lod.rdf.iri import Minter
from budget_lod.validate import validate_graph

MINTER = Minter("http://example.org/budget/")


@pytest.fixture(scope="module")
def clean():
    doc = hebei_document()
    return doc, validate_graph(build_graph(doc, MINTER), MINTER)


def run(doc: Document):
    return validate_graph(build_graph(doc, MINTER), MINTER)


def set_amount(doc: Document, kind: str, code: str, measure: str, printed: str | None) -> Document:
    """The document with one printed cell changed (None blanks it)."""
    tables = []
    for t in doc.tables:
        if t.kind == kind:
            rows = []
            for r in t.rows:
                if r.code == code:
                    amounts = dict(r.amounts)
                    if printed is None:
                        amounts.pop(measure, None)
                    else:
                        amounts[measure] = amt(printed, r.page, t.unit)
                    r = dataclasses.replace(r, amounts=amounts)
                rows.append(r)
            t = dataclasses.replace(t, rows=tuple(rows))
        tables.append(t)
    return dataclasses.replace(doc, tables=tuple(tables))


def with_claims(doc: Document, *claims: Claim) -> Document:
    return dataclasses.replace(doc, claims=doc.claims + claims)


def replace_claim(doc: Document, kind: str, subject: str | None = None, **changes) -> Document:
    claims = tuple(
        dataclasses.replace(c, **changes) if c.kind == kind and c.subject == subject else c for c in doc.claims
    )
    return dataclasses.replace(doc, claims=claims)


def found(outcome, rule: str, severity: str | None = None, **where):
    hits = [
        f for f in outcome.results
        if f.rule == rule and (severity is None or f.severity == severity)
        and all(getattr(f, k) == v for k, v in where.items())
    ]
    assert hits, f"no {severity or ''} {rule} {where} in {[(f.rule, f.severity, f.table, f.code, f.measure) for f in outcome.results]}"
    return hits[0]


def rules(outcome, severity: str) -> set[str]:
    return {f.rule for f in outcome.results if f.severity == severity}


# ------------------------------------------------------------------ the clean document


def test_clean_hebei_has_only_the_real_inconsistency(clean):
    _, outcome = clean
    # the only violation is real: 10.00 万元 of assets “列入政府采购预算” while the procurement table is empty
    assert rules(outcome, "Violation") == {"procurement-included"}
    assert rules(outcome, "Warning") == set()
    f = found(outcome, "procurement-included", "Violation")
    assert f.values["stated"] == "100000.00" and f.page == 31
    assert "政府采购" in f.message_zh and "procurement" in f.message_en


def test_report_is_rdf_with_report_node_under_the_budget(clean):
    doc, outcome = clean
    from rdflib import URIRef
    from rdflib.namespace import RDF, SH

    budget = MINTER.budget(doc.department, doc.department_code, doc.fiscal_year, doc.scope)
    node = URIRef(MINTER.report(budget))
    assert (node, RDF.type, SH.ValidationReport) in outcome.report
    assert len(list(outcome.report.objects(node, SH.result))) == len(outcome.results)
    langs = {m.language for m in outcome.report.objects(None, SH.resultMessage)}
    assert langs == {"zh", "en"}


# ------------------------------------------------------------------ arithmetic within a table


def test_parent_sum_violation_located_at_the_parent():
    # 行政运行 393.12 → 394.12: 20103 prints 787.26 but its children now sum to 788.26 (10,000 元 more)
    doc = set_amount(hebei_document(), "expenditure_summary", "2010301", "total", "394.12")
    f = found(run(doc), "parent-sum", "Violation", table="expenditure_summary", code="20103", measure="total")
    assert f.values["parent"] == "7872600.00" and f.values["children"] == "7882600.00"
    assert f.page == 5


def test_parent_sum_within_rounding_is_info_only():
    # 0.01 万元 = 100 元 off, 4 terms at 100 元 precision: tolerance 200 元 → sh:Info, still conforming
    doc = set_amount(hebei_document(), "expenditure_summary", "2010301", "total", "393.13")
    outcome = run(doc)
    f = found(outcome, "parent-sum", "Info", code="20103", measure="total")
    assert f.values["difference"] == "100.00" and f.values["tolerance"] == "200.00"
    assert "parent-sum" not in rules(outcome, "Violation")


def test_row_total_equals_basic_plus_project():
    doc = set_amount(hebei_document(), "expenditure_summary", "2010301", "basic", "358.52")
    f = found(run(doc), "row-parts", "Violation", table="expenditure_summary", code="2010301", measure="total")
    assert f.values["total"] == "3931200.00" and f.values["parts"] == "3935200.00"


def test_personnel_plus_public():
    doc = set_amount(hebei_document(), "general_budget_basic_expenditure", "TOTAL", "public", "49.56")
    found(run(doc), "row-parts", "Violation", table="general_budget_basic_expenditure", code="TOTAL", measure="total")


def test_table_total_equals_sum_of_classes():
    doc = set_amount(hebei_document(), "general_budget_basic_expenditure", "TOTAL", "total", "663.66")
    f = found(run(doc), "table-total", "Violation", table="general_budget_basic_expenditure", code="TOTAL")
    assert f.values["total"] == "6636600.00" and f.values["rows"] == "6536600.00"


def test_three_public_subtotal_and_vehicles():
    doc = hebei_document()
    for code in ("TOTAL", "general_budget"):
        doc = set_amount(doc, "three_public", code, "vehicle_operation", "14.00")
    outcome = run(doc)
    f = found(outcome, "row-parts", "Violation", table="three_public", code="TOTAL", measure="vehicle_total")
    assert f.values["vehicle_total"] == "150000.00" and f.values["parts"] == "140000.00"


def test_three_public_sources_sum_to_total_row():
    doc = set_amount(hebei_document(), "three_public", "TOTAL", "reception", "3.00")
    outcome = run(doc)
    found(outcome, "row-decomposition", "Violation", table="three_public", code="TOTAL", measure="reception")
    found(outcome, "row-parts", "Violation", table="three_public", code="TOTAL", measure="total")


def test_revenue_equals_expenditure():
    doc = set_amount(hebei_document(), "income_expenditure_summary", "income_grand_total", "amount", "964.06")
    f = found(run(doc), "revenue-equals-expenditure", "Violation", table="income_expenditure_summary", code="income_grand_total")
    assert f.values["left"] == "9640600.00" and f.values["right"] == "9540600.00"


# ------------------------------------------------------------------ across tables


def test_general_budget_cannot_exceed_expenditure_summary():
    doc = set_amount(hebei_document(), "general_budget_expenditure", "2101101", "total", "25.00")
    f = found(run(doc), "cross-table", "Violation", table="general_budget_expenditure", code="2101101", measure="total")
    assert f.values["left"] == "250000.00" and f.values["right"] == "210000.00"


def test_income_and_expenditure_by_function_agree():
    doc = set_amount(hebei_document(), "income_summary", "2210201", "total", "52.40")
    found(run(doc), "cross-table", "Violation", table="income_summary", code="2210201", measure="total")


def test_economic_basic_equals_functional_basic():
    doc = hebei_document()
    doc = set_amount(doc, "general_budget_basic_expenditure", "TOTAL", "total", "650.00")
    f = found(run(doc), "economic-basic-equals-functional-basic", "Violation", table="general_budget_basic_expenditure")
    assert f.values["left"] == "6500000.00" and f.values["right"] == "6536600.00"


def _project(doc, n, **changes):
    projects = list(doc.projects)
    projects[n] = dataclasses.replace(projects[n], **changes)
    return dataclasses.replace(doc, projects=tuple(projects))


def test_projects_exceed_project_expenditure():
    doc = hebei_document()
    p = doc.projects[3]
    doc = _project(doc, 3, amount=amt("260.00", 28), funding={"fiscal": amt("260.00", 28)},
                   plan={**p.plan, "plan_12": amt("260.00", 28)})
    f = found(run(doc), "projects-vs-project-expenditure", "Violation", table="expenditure_summary", code="TOTAL")
    assert f.values["projects"] == "3604000.00" and f.values["project_expenditure"] == "3004000.00"


def test_plan_must_be_cumulative():
    doc = hebei_document()
    doc = _project(doc, 3, plan={**doc.projects[3].plan, "plan_06": amt("190.00", 28)})
    f = found(run(doc), "plan-cumulative", "Violation", table="project", code="13053225P00273514028L", measure="plan_06")
    assert f.values == {"plan_06": "1900000.00", "plan_10": "1800000.00"}


def test_plan_ends_at_project_amount():
    doc = hebei_document()
    doc = _project(doc, 2, plan={**doc.projects[2].plan, "plan_12": amt("80.00", 27)})
    found(run(doc), "project-plan-total", "Violation", table="project", code="13053225P00273514026D", measure="plan_12")


# ------------------------------------------------------------------ narrative vs tables


def test_claim_disagrees_with_table():
    doc = replace_claim(hebei_document(), "basic_total", amount=amt("663.66", 17))
    f = found(run(doc), "claim-vs-table", "Violation", code="basic_total", page=17)
    assert f.values["stated"] == "6636600.00" and f.values["table"] == "6536600.00"


def test_claim_in_wan_matches_table_in_yuan_within_rounding():
    # the text rounds to 0.01 万元 while the table prints 元: 393.1234 万 is “393.12万元”, no finding
    doc = set_amount(hebei_document(), "expenditure_summary", "TOTAL", "basic", None)
    doc = replace_claim(doc, "basic_total", amount=amt("653.66", 17))
    assert "claim-vs-table" not in rules(run(doc), "Violation")


def test_functional_item_claim():
    path = ("一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行")
    good = Claim("functional_item", "“一般公共服务支出（类）…行政运行（项）”393.12万元", 17, amt("393.12", 17), path=path)
    assert "claim-functional-item" not in rules(run(with_claims(hebei_document(), good)), "Violation")
    bad = dataclasses.replace(good, amount=amt("339.12", 17))
    f = found(run(with_claims(hebei_document(), bad)), "claim-functional-item", "Violation")
    assert f.values["table"] == "3931200.00" and f.values["stated"] == "3391200.00"


def test_stated_project_count_differs():
    doc = replace_claim(hebei_document(), "project_count", count=6)
    f = found(run(doc), "project-count", "Info")
    assert f.values == {"stated": "6", "listed": "5"}


# ------------------------------------------------------------------ narrative internal logic


def test_flat_with_a_change_amount():
    c = Claim("change", "“三公”经费与2024年持平，减少1.00万元", 18, amt("1.00", 18), subject="three_public_total",
              direction="flat", base_year=2024)
    found(run(with_claims(hebei_document(), c)), "change-direction", "Violation", page=18)


def test_change_arithmetic_and_direction():
    c = Claim("change", "比2024年预算增加200.00万元", 17, amt("200.00", 17), subject="expenditure_total",
              direction="increase", base_year=2024, base=amt("1166.60", 17), current=amt("954.06", 17))
    outcome = run(with_claims(hebei_document(), c))
    found(outcome, "change-direction", "Violation")
    f = found(outcome, "change-arithmetic", "Violation")
    assert f.values["difference"] == "-2125400.00"


def test_change_percent_recomputes():
    ok = Claim("change", "减少212.54万元，下降18.2%", 17, amt("212.54", 17), subject="expenditure_total",
               direction="decrease", base_year=2024, percent=Decimal("18.2"), base=amt("1166.60", 17), current=amt("954.06", 17))
    assert "change-percent" not in rules(run(with_claims(hebei_document(), ok)), "Warning")
    bad = dataclasses.replace(ok, percent=Decimal("25.0"))
    f = found(run(with_claims(hebei_document(), bad)), "change-percent", "Warning")
    assert f.values["stated"] == "25.00"


def test_change_parts_sum_to_total_change():
    doc = replace_claim(hebei_document(), "change", subject="basic_total", amount=amt("29.58", 17))
    f = found(run(doc), "change-parts", "Violation", code="change")
    assert f.values["whole"] == "-2125400.00" and f.values["parts"] == "-2225400.00"


def test_placeholder_left_in_text():
    doc = dataclasses.replace(hebei_document(), notes=hebei_document().notes + (Note(19, "2025年机关运行经费XX万元。"),))
    found(run(doc), "placeholder", "Warning", page=19)


def test_year_in_text_disagrees_with_budget_year():
    doc = dataclasses.replace(hebei_document(), notes=hebei_document().notes + (Note(20, "2026年部门预算收入954.06万元"),))
    f = found(run(doc), "year-mismatch", "Warning", page=20)
    assert f.values == {"budget_year": "2025", "named": "2026"}


def test_toc_lists_a_missing_table():
    doc = dataclasses.replace(hebei_document(), toc=("一、部门预算收支总表", "十、部门预算政府采购明细表"))
    f = found(run(doc), "toc-vs-tables", "Warning")
    assert f.values == {"entry": "十、部门预算政府采购明细表"}


# ------------------------------------------------------------------ completeness, units, blanks


def test_mandated_table_missing():
    doc = hebei_document()
    doc = dataclasses.replace(doc, tables=tuple(t for t in doc.tables if t.kind != "three_public"))
    found(run(doc), "mandated-table", "Violation", table="three_public")


def test_indicator_without_target_and_missing_level():
    doc = hebei_document()
    p = doc.projects[0]
    inds = tuple(i for i in p.indicators if i.level1 != "满意度指标")
    inds = (dataclasses.replace(inds[0], target=""),) + inds[1:]
    outcome = run(_project(doc, 0, indicators=inds))
    found(outcome, "indicator-target", "Violation", table="project", code=p.code)
    found(outcome, "indicator-levels", "Warning", table="project", code=p.code)


def test_project_without_amount():
    doc = _project(hebei_document(), 1, amount=None)
    found(run(doc), "project-amount", "Warning", table="project", code="13053225P002735140298")


def test_wrong_unit_conversion_is_caught():
    doc = hebei_document()
    t = doc.table("income_summary")
    bad = dataclasses.replace(amt("40.20", 4), yuan=Decimal("40.20"))  # 万元 printed, stored as if 元
    rows = tuple(dataclasses.replace(r, amounts={**r.amounts, "total": bad}) if r.code == "210" else r for r in t.rows)
    doc = dataclasses.replace(doc, tables=tuple(dataclasses.replace(x, rows=rows) if x is t else x for x in doc.tables))
    f = found(run(doc), "unit-conversion", "Violation", table="income_summary", code="210", measure="total")
    assert f.values["expected"] == "402000.00"


def test_table_in_yuan_compares_with_table_in_wan_yuan():
    # the same figures printed in 元 (precision 0.01 元) in one table and 万元 in the others: no findings
    doc = hebei_document()
    t = doc.table("general_budget_expenditure")
    rows = tuple(
        dataclasses.replace(r, amounts={k: amt(f"{a.yuan:,.2f}", a.page, "元") for k, a in r.amounts.items()})
        for r in t.rows
    )
    doc = dataclasses.replace(doc, tables=tuple(
        dataclasses.replace(x, rows=rows, unit="元") if x is t else x for x in doc.tables))
    outcome = run(doc)
    assert rules(outcome, "Violation") == {"procurement-included"}


def test_blank_parts_are_not_zero():
    # a row printing only its total (every part blank) proves nothing about its parts
    doc = hebei_document()
    t = doc.table("expenditure_summary")
    extra = Row("functional", "2010399", "其他政府办公厅（室）及相关机构事务支出", {"total": amt("0.00", 5)}, 5)
    doc = dataclasses.replace(doc, tables=tuple(dataclasses.replace(x, rows=x.rows + (extra,)) if x is t else x for x in doc.tables))
    assert "row-parts" not in rules(run(doc), "Violation")


def test_row_without_any_amount_and_duplicate_row():
    doc = hebei_document()
    t = doc.table("expenditure_summary")
    blank = Row("functional", "2010308", "信访事务", {}, 5)
    dup = t.rows[3]
    doc = dataclasses.replace(doc, tables=tuple(
        dataclasses.replace(x, rows=x.rows + (blank, dup)) if x is t else x for x in doc.tables))
    outcome = run(doc)
    found(outcome, "row-without-amount", "Warning", table="expenditure_summary", code="2010308")
    found(outcome, "duplicate-row", "Warning", table="expenditure_summary", code=dup.code)


def test_claim_against_blank_cell_is_a_warning():
    doc = hebei_document()
    t = doc.table("three_public")
    doc = dataclasses.replace(doc, tables=tuple(
        dataclasses.replace(x, measures=x.measures + ("overseas",)) if x is t else x for x in doc.tables))
    doc = replace_claim(doc, "overseas", amount=amt("5.00", 18))
    found(run(doc), "claim-vs-blank", "Warning", code="overseas")
