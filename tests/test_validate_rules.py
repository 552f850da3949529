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

from budget_lod.model.document import Claim, Document, Note, Row
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
    # a claim about a classified line carries the code extraction resolved its path to (2010301)
    path = ("一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行")
    good = Claim("functional_item", "“一般公共服务支出（类）…行政运行（项）”393.12万元", 17, amt("393.12", 17), path=path,
                 code="2010301")
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
    # the contents and the titles word a table differently (部门预算 prefix, 预算 in the middle, a remark in
    # brackets): still the same table; a table no title names is reported, as a reading problem
    toc = ("一、部门预算收支总表", "七、政府性基金财政拨款支出表（功能科目）", "十一、部门预算项目支出明细表",
           "第二部分 部门预算表")
    f = found(run(dataclasses.replace(hebei_document(), toc=toc)), "toc-vs-tables", "Warning")
    assert f.category == "reading"  # a table listed but not read: most often a title not recognised
    assert [x.values for x in run(dataclasses.replace(hebei_document(), toc=toc)).results
            if x.rule == "toc-vs-tables"] == [{"entry": "十一、部门预算项目支出明细表"}]


# ------------------------------------------------------------------ completeness, units, blanks


def test_mandated_table_missing():
    # extraction lists the mandated tables it found neither filled nor declared empty; the rule reports them
    doc = hebei_document()
    doc = dataclasses.replace(doc, tables=tuple(t for t in doc.tables if t.kind != "three_public"),
                              missing_tables=("three_public",))
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
    # a project stating no amount is a completeness note, not a warning; its spending plan states one
    doc = _project(hebei_document(), 1, amount=None)
    assert "project-amount" not in {f.rule for f in run(doc).results}
    doc = _project(hebei_document(), 1, amount=None, plan={})
    f = found(run(doc), "project-amount", "Info", table="project", code="13053225P002735140298")
    assert "completeness" in f.message_en


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


# ------------------------------------------------------------------ narrative findings are located
# A finding about a claim keeps the claim kind as code and the narrative page as page, and names the table
# the claim was compared with (figures.ttl: the rule's cell, else bud:comparedWith, else a printed location).


def test_procurement_finding_names_the_procurement_table(clean):
    _, outcome = clean
    f = found(outcome, "procurement-included", "Violation")
    assert (f.table, f.code, f.page) == ("procurement", "procurement_included", 31)


def test_claim_vs_table_names_the_cell_compared_with():
    # basic_total is printed only in the expenditure summary's 合计 row, column 基本支出
    doc = replace_claim(hebei_document(), "basic_total", amount=amt("663.66", 17))
    f = found(run(doc), "claim-vs-table", "Violation", code="basic_total")
    assert (f.table, f.page, f.values["row"]) == ("expenditure_summary", 17, "TOTAL")


def test_functional_item_finding_names_the_row():
    path = ("一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行")
    bad = Claim("functional_item", "“一般公共服务支出（类）…行政运行（项）”339.12万元", 19, amt("339.12", 19), path=path,
                code="2010301")
    f = found(run(with_claims(hebei_document(), bad)), "claim-functional-item", "Violation")
    assert (f.table, f.code, f.page, f.values["row"]) == ("expenditure_summary", "functional_item", 19, "2010301")


def test_project_count_finding_names_the_project_tables():
    doc = replace_claim(hebei_document(), "project_count", count=6)
    f = found(run(doc), "project-count", "Info")
    assert (f.table, f.code, f.page) == ("project", "project_count", 17)


def test_change_finding_is_located_by_its_subject():
    # “三公”经费 is printed in the 三公 table only: a change of it is located there
    c = Claim("change", "“三公”经费与2024年持平，减少1.00万元", 18, amt("1.00", 18), subject="three_public_total",
              direction="flat", base_year=2024)
    f = found(run(with_claims(hebei_document(), c)), "change-direction", "Violation")
    assert (f.table, f.code, f.page) == ("three_public", "change", 18)


# ------------------------------------------------------------------ procurement: stated parts, empty table

S_PROCUREMENT = "2025年本部门政府采购预算38.20万元，其中：政府采购货物预算7.80万元、政府采购工程预算0万元、政府采购服务预算30.40万元。"


def with_printed_procurement(doc: Document, total: str) -> Document:
    """The document with a printed procurement table (合计 ``total`` 万元) instead of the empty one."""
    rows = (Row("item", "TOTAL", "合计", {"total": amt(total, 31)}, 31),)
    return dataclasses.replace(doc, tables=tuple(
        dataclasses.replace(t, rows=rows, empty=False, note=None) if t.kind == "procurement" else t for t in doc.tables))


def procurement_claims(total="38.20", goods="7.80", works="0", services="30.40", page=30) -> tuple[Claim, ...]:
    parts = {"procurement_goods": goods, "procurement_works": works, "procurement_services": services}
    return (Claim("procurement_total", S_PROCUREMENT, page, amt(total, page)),) + tuple(
        Claim(kind, S_PROCUREMENT, page, amt(v, page)) for kind, v in parts.items() if v is not None)


@pytest.fixture(scope="module")
def procurement_doc():
    # 38.20 = 7.80 + 0 + 30.40 万元, and the 10.00 万元 of assets fit in the 38.20 printed
    return with_printed_procurement(hebei_document(), "38.20")


def test_printed_procurement_with_consistent_claims_is_clean(procurement_doc):
    outcome = run(with_claims(procurement_doc, *procurement_claims()))
    assert rules(outcome, "Violation") == set() and rules(outcome, "Warning") == set()
    assert "claim-parts" not in rules(outcome, "Info")


def test_stated_procurement_parts_must_sum_to_the_stated_total(procurement_doc):
    outcome = run(with_claims(procurement_doc, *procurement_claims(services="31.40")))
    f = found(outcome, "claim-parts", "Violation", code="procurement_total")
    # 7.80 + 0 + 31.40 = 39.20 万元 against 38.20: 10,000 元 off. Tolerance: half the printed precisions, 0.01 万元
    # (100 元) for 38.20, 7.80 and 31.40 but 1 万元 (10,000 元) for the bare “0”: (3 × 100 + 10,000) / 2
    assert (f.table, f.page) == ("procurement", 30)
    assert f.values == {"whole": "382000.00", "parts": "392000.00", "difference": "10000.00", "tolerance": "5150.00"}
    # the message speaks the document's unit, the values stay in 元
    assert "38.20 万元" in f.message_zh and "39.20 万元" in f.message_en


def test_stated_procurement_parts_within_rounding_are_info(procurement_doc):
    outcome = run(with_claims(procurement_doc, *procurement_claims(services="30.41")))
    f = found(outcome, "claim-parts", "Info", code="procurement_total")
    assert f.values["difference"] == "100.00" and "claim-parts" not in rules(outcome, "Violation")


def test_some_parts_stated_may_not_exceed_the_total(procurement_doc):
    # only goods stated: 7.80 of 38.20 proves nothing; 40.00 of 38.20 cannot hold
    partial = procurement_claims(works=None, services=None)
    assert "claim-parts" not in rules(run(with_claims(procurement_doc, *partial)), "Violation")
    too_much = procurement_claims(goods="40.00", works=None, services=None)
    f = found(run(with_claims(procurement_doc, *too_much)), "claim-parts", "Violation", code="procurement_total")
    assert f.values["parts"] == "400000.00" and f.values["difference"] == "18000.00"


def test_stated_procurement_total_disagrees_with_the_printed_table(procurement_doc):
    outcome = run(with_claims(procurement_doc, *procurement_claims(total="48.20", services="40.40")))
    f = found(outcome, "claim-vs-table", "Violation", code="procurement_total")
    assert (f.table, f.page, f.values["row"]) == ("procurement", 30, "TOTAL")
    assert f.values["stated"] == "482000.00" and f.values["table"] == "382000.00"


def test_procurement_goods_stated_while_the_table_is_declared_empty():
    # the Hebei procurement table is declared empty (空表列示): 0 万元 of works agrees, 7.80 万元 of goods does not
    outcome = run(with_claims(hebei_document(), *procurement_claims(total="0.00", goods="7.80", works="0", services=None)))
    f = found(outcome, "claim-vs-empty-table", "Violation", code="procurement_goods")
    assert (f.table, f.page) == ("procurement", 30)
    assert f.values["stated"] == "78000.00"
    assert not [x for x in outcome.results if x.rule == "claim-vs-empty-table" and x.code != "procurement_goods"]


# ------------------------------------------------------------------ projects with performance targets

S_PERFORMANCE = "2025年度，本部门编报绩效目标的项目共{n}个，涉及项目预算资金{amount}万元。"


def performance_claims(n: int, amount: str, page: int = 19) -> tuple[Claim, ...]:
    s = S_PERFORMANCE.format(n=n, amount=amount)
    return (Claim("project_count", s, page, count=n), Claim("performance_project_total", s, page, amt(amount, page)))


def test_performance_funds_of_all_projects_listed():
    # the five projects: 2.00 + 12.00 + 85.00 + 200.00 + 1.40 = 300.40 万元
    assert "performance-project-total" not in rules(run(with_claims(hebei_document(), *performance_claims(5, "300.40"))),
                                                    "Violation")
    f = found(run(with_claims(hebei_document(), *performance_claims(5, "310.40"))), "performance-project-total", "Violation")
    assert (f.table, f.code, f.page) == ("project", "performance_project_total", 19)
    # tolerance: the stated figure and the five amounts, each to 100 元: (100 + 5 × 100) / 2
    assert f.values == {"stated": "3104000.00", "projects": "3004000.00", "difference": "100000.00", "tolerance": "300.00"}


def test_performance_funds_when_only_some_projects_are_listed():
    # 25 projects stated, 5 listed: listed amounts below the stated funds are expected, above them impossible
    assert "performance-project-total" not in rules(run(with_claims(hebei_document(), *performance_claims(25, "1000.00"))),
                                                    "Violation")
    f = found(run(with_claims(hebei_document(), *performance_claims(25, "290.40"))), "performance-project-total", "Violation")
    assert f.values["difference"] == "100000.00"


# ------------------------------------------------------------------ vehicles held


def test_vehicle_count_against_the_assets_table():
    # the Hebei assets table prints 5 vehicles (数量) in its 车辆 row
    doc = set_amount(hebei_document(), "assets", "vehicles", "quantity", "5")
    s = "截至2024年末，本部门共有车辆{n}辆。"
    assert "claim-count" not in rules(run(with_claims(doc, Claim("vehicle_count", s.format(n=5), 31, count=5))), "Warning")
    f = found(run(with_claims(doc, Claim("vehicle_count", s.format(n=7), 31, count=7))), "claim-count", "Warning")
    assert (f.table, f.code, f.page) == ("assets", "vehicle_count", 31)
    assert f.values == {"stated": "7", "table": "5", "row": "vehicles"}


# ------------------------------------------------------------------ base-year figures

S_PRIOR = "2024年预算执行数为{prior}万元，2025年部门收支预算954.06万元，比2024年预算减少212.54万元。"


def test_prior_year_figure_against_the_stated_change():
    # 954.06 + 212.54 = 1,166.60 万元 in 2024
    def prior(v):
        return Claim("prior_year", S_PRIOR.format(prior=v), 17, amt(v, 17), subject="expenditure_total", base_year=2024)

    def change(v):  # the change stated in the same sentence, without the base (the prior figure is its own claim)
        return Claim("change", S_PRIOR.format(prior=v), 17, amt("212.54", 17), subject="expenditure_total",
                     direction="decrease", base_year=2024, current=amt("954.06", 17))

    assert "prior-year" not in rules(run(with_claims(hebei_document(), prior("1166.60"), change("1166.60"))), "Violation")
    f = found(run(with_claims(hebei_document(), prior("1176.60"), change("1176.60"))), "prior-year", "Violation")
    assert (f.code, f.page) == ("prior_year", 17)
    # 支出合计 is printed in the 收支总表 and the 支出总表: both printed, the first in the template's order
    assert f.table == "income_expenditure_summary"
    # tolerance: the base-year figure and the change's two figures, each to 100 元: (100 + 2 × 100) / 2
    assert (f.values["prior"], f.values["implied"], f.values["difference"], f.values["tolerance"]) == (
        "11766000.00", "11666000.00", "100000.00", "150.00")


def test_prior_year_already_the_changes_base_is_left_to_change_arithmetic():
    c = Claim("change", "比2024年预算增加200.00万元", 17, amt("200.00", 17), subject="project_total",
              direction="increase", base_year=2024, base=amt("100.40", 17), current=amt("300.40", 17))
    p = Claim("prior_year", "2024年预算为100.40万元", 17, amt("100.40", 17), subject="project_total", base_year=2024)
    assert {"prior-year", "change-arithmetic"} & rules(run(with_claims(hebei_document(), c, p)), "Violation") == set()
    bad = dataclasses.replace(c, amount=amt("210.00", 17))
    outcome = run(with_claims(hebei_document(), bad, p))
    found(outcome, "change-arithmetic", "Violation")
    assert "prior-year" not in rules(outcome, "Violation")


def test_prior_year_percent_recomputes():
    # “三公”经费 18.00 万元 in 2024, 17.00 in 2025: down 1/18 = 5.56 %
    s = "2024年“三公”经费预算为18.00万元，2025年17.00万元，下降{pct}%。"

    def claims(pct):
        return (Claim("prior_year", s.format(pct=pct), 19, amt("18.00", 19), subject="three_public_total", base_year=2024),
                Claim("change", s.format(pct=pct), 19, None, subject="three_public_total", direction="decrease",
                      percent=Decimal(pct), base_year=2024, current=amt("17.00", 19)))

    assert "prior-year-percent" not in rules(run(with_claims(hebei_document(), *claims("5.56"))), "Warning")
    f = found(run(with_claims(hebei_document(), *claims("6.56"))), "prior-year-percent", "Warning")
    assert (f.table, f.code, f.page) == ("three_public", "prior_year", 19)
    assert f.values["stated"] == "6.56" and f.values["recomputed"] == "5.56"


def test_stated_parts_of_a_non_exhaustive_total_may_fall_short():
    # 支出 = 基本 + 项目 only for units without 经营支出 etc.: stated parts below the total are no fault, above it are
    short = replace_claim(hebei_document(), "project_total", amount=amt("290.40", 17))
    assert "claim-parts" not in rules(run(short), "Violation") | rules(run(short), "Info")
    over = replace_claim(hebei_document(), "project_total", amount=amt("310.40", 17))
    f = found(run(over), "claim-parts", "Violation", code="expenditure_total")
    # 653.66 + 310.40 = 964.06 万元 against 954.06
    assert f.values["parts"] == "9640600.00" and f.values["difference"] == "100000.00"


def test_stated_personnel_and_public_sum_to_basic():
    # 基本支出 = 人员经费 + 公用经费 (exhaustive): 614.10 + 29.56 = 643.66 万元 falls short of 653.66
    doc = replace_claim(hebei_document(), "public", amount=amt("29.56", 17))
    f = found(run(doc), "claim-parts", "Violation", code="basic_total")
    assert (f.table, f.page) == ("expenditure_summary", 17)
    assert f.values["whole"] == "6536600.00" and f.values["parts"] == "6436600.00"


def test_change_of_a_functional_line_names_its_row():
    # 行政运行 (2010301) 380.00 → 393.12 万元 is +13.12, i.e. +3.45 %, not +5.00 %
    path = ("一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行")
    c = Claim("change", "2024年预算执行数为380.00万元，2025年预算安排393.12万元，增长5.00%", 20, None, code="2010301",
              subject="functional_item", direction="increase", percent=Decimal("5.00"), base_year=2024,
              base=amt("380.00", 20), current=amt("393.12", 20), path=path)
    f = found(run(with_claims(hebei_document(), c)), "change-percent", "Warning")
    assert (f.table, f.code, f.page, f.values["row"]) == ("expenditure_summary", "change", 20, "2010301")
    assert f.values["recomputed"] == "3.45"


# ------------------------------------------------------------------ decompositions along the measure hierarchy


def with_columns(doc: Document, kind: str, labels: dict[str, str], amounts) -> Document:
    """The document with table ``kind`` printing the columns ``labels`` (slug → header), each row's cells
    given by ``amounts(row)`` (slug → printed 万元, None = blank)."""
    tables = []
    for t in doc.tables:
        if t.kind == kind:
            rows = tuple(dataclasses.replace(r, amounts={m: amt(v, r.page, t.unit) for m, v in amounts(r).items() if v})
                         for r in t.rows)
            t = dataclasses.replace(t, measures=tuple(labels), measure_labels=labels, rows=rows)
        tables.append(t)
    return dataclasses.replace(doc, tables=tuple(tables))


def _minus(a: str, b: str) -> str:
    return f"{Decimal(a) - Decimal(b):.2f}"


# 65.00 万元 of 一般行政管理事务 (2010302, 265.40) paid from 其他收入: on its row and on 20103, 201 and 合计
OTHER_INCOME = {"2010302": "65.00", "20103": "65.00", "201": "65.00", "TOTAL": "65.00"}


def income_by_general_budget_and_other(other: dict[str, str] = OTHER_INCOME) -> Document:
    """Hebei with a 收入总表 printing 合计 | 一般公共预算拨款收入 | 其他收入 (no 财政拨款, no 本年收入 column)."""
    def cells(r):
        total = r.amounts["total"].printed
        o = other.get(r.code)
        return {"total": total, "general_budget": _minus(total, o) if o else total, "other_income": o}

    labels = {"total": "合计", "general_budget": "一般公共预算拨款收入", "other_income": "其他收入"}
    return with_columns(hebei_document(), "income_summary", labels, cells)


def test_general_budget_plus_other_income_is_the_row_total():
    # 合计 = 一般公共预算 + 其他收入: the general budget stands in for the 财政拨款 the table does not print, and
    # 合计 = 一般公共预算 alone (by fund) is not checked on a row printing 其他收入
    outcome = run(income_by_general_budget_and_other())
    assert not [f for f in outcome.results if f.rule == "row-parts" and f.table == "income_summary"]


def test_general_budget_plus_other_income_fault_is_caught_once():
    # 其他收入 of 2010302 printed 75.00: 200.40 + 75.00 = 275.40 万元 against 合计 265.40
    doc = income_by_general_budget_and_other()
    outcome = run(set_amount(doc, "income_summary", "2010302", "other_income", "75.00"))
    f = found(outcome, "row-parts", "Violation", table="income_summary", code="2010302", measure="total")
    assert f.values["total"] == "2654000.00" and f.values["parts"] == "2754000.00"
    assert f.values["difference"] == "100000.00"
    assert set(f.message_en.split(" but ")[1].split(" sum")[0].split("+")) == {"general_budget", "other_income"}
    on_row = [g for g in outcome.results if g.rule == "row-parts" and (g.table, g.code) == (f.table, f.code)]
    assert len(on_row) == 1  # by source and by year (本年收入 not printed) are the same check


# 58.12 万元 of 行政运行's basic 358.12 is 公用经费: on its row and on 20103, 201 and 合计
PUBLIC = {"2010301": "58.12", "20103": "58.12", "201": "58.12", "TOTAL": "58.12"}


def expenditure_by_personnel_public_project() -> Document:
    """Hebei with a 支出总表 printing 合计 | 人员经费 | 公用经费 | 项目支出 (no 基本支出 column)."""
    def cells(r):
        basic = r.amounts.get("basic")
        public = PUBLIC.get(r.code)
        project = r.amounts.get("project")
        return {"total": r.amounts["total"].printed,
                "personnel": (_minus(basic.printed, public) if public else basic.printed) if basic else None,
                "public": public, "project": project.printed if project else None}

    labels = {"total": "合计", "personnel": "人员经费", "public": "公用经费", "project": "项目支出"}
    return with_columns(hebei_document(), "expenditure_summary", labels, cells)


def test_personnel_public_and_project_make_the_row_total():
    # 合计 = 基本 + 项目 with 人员 + 公用 standing in for 基本; 合计 = 人员 + 公用 is not checked where 项目 is printed
    outcome = run(expenditure_by_personnel_public_project())
    assert not [f for f in outcome.results if f.rule == "row-parts" and f.table == "expenditure_summary"]


def test_personnel_public_and_project_fault_is_caught():
    # 公用经费 of 行政运行 printed 68.12: 300.00 + 68.12 + 35.00 = 403.12 万元 against 合计 393.12
    doc = set_amount(expenditure_by_personnel_public_project(), "expenditure_summary", "2010301", "public", "68.12")
    f = found(run(doc), "row-parts", "Violation", table="expenditure_summary", code="2010301", measure="total")
    assert f.values["total"] == "3931200.00" and f.values["parts"] == "4031200.00"
    assert set(f.message_en.split(" but ")[1].split(" sum")[0].split("+")) == {"personnel", "public", "project"}


def test_basic_split_into_personnel_and_public_is_checked():
    # a 支出总表 printing 基本支出 小计 | 人员经费 | 公用经费 as well: 基本 = 人员 + 公用 on each row
    labels = {"total": "合计", "basic": "小计", "personnel": "人员经费", "public": "公用经费", "project": "项目支出"}
    doc = expenditure_by_personnel_public_project()
    basic = {r.code: r.amounts.get("basic") for r in hebei_document().table("expenditure_summary").rows}
    doc = with_columns(doc, "expenditure_summary", labels, lambda r: {
        **{m: a.printed for m, a in r.amounts.items()}, "basic": basic[r.code].printed if basic[r.code] else None})
    assert not [f for f in run(doc).results if f.rule == "row-parts" and f.table == "expenditure_summary"]
    # 人员经费 of 行政运行 printed 310.00: 基本 358.12 against 310.00 + 58.12 = 368.12 (合计 = 基本 + 项目 still holds)
    f = found(run(set_amount(doc, "expenditure_summary", "2010301", "personnel", "310.00")), "row-parts", "Violation",
              table="expenditure_summary", code="2010301", measure="basic")
    assert f.values["basic"] == "3581200.00" and f.values["parts"] == "3681200.00"


def test_general_budget_above_the_total_where_other_income_is_negative():
    # 2010302 265.40 = 一般公共预算 300.40 + 其他收入 -35.00 (a write-back): its general-budget spending (300.40)
    # exceeds its total spending, no fault; without the negative amount the same figures are one
    other = {code: "-35.00" for code in ("2010302", "20103", "201", "TOTAL")}
    doc = income_by_general_budget_and_other(other)
    doc = set_amount(doc, "general_budget_expenditure", "2010302", "total", "300.40")
    doc = set_amount(doc, "general_budget_expenditure", "2010302", "project", "300.40")
    assert not [f for f in run(doc).results if f.rule == "cross-table" and f.code == "2010302"]
    assert not [f for f in run(doc).results if f.rule == "row-parts" and f.table == "income_summary"]
    plain = set_amount(hebei_document(), "general_budget_expenditure", "2010302", "project", "300.40")
    f = found(run(plain), "cross-table", "Violation", table="general_budget_expenditure", code="2010302",
              measure="project")
    assert f.values["left"] == "3004000.00" and f.values["right"] == "2654000.00"


def test_refined_parts_are_wholes_of_the_refining_decomposition():
    # bud:refinedBy is data the rule trusts: the refining decomposition's whole is one of the refined one's parts,
    # and no decomposition is (through others) refined by itself
    from budget_lod.rdf.vocab import load_ontology, terms

    g, B = load_ontology(MINTER), terms(MINTER)
    links = list(g.subject_objects(B.refinedBy))
    assert len(links) >= 6
    for d, sub in links:
        assert g.value(sub, B.whole) in set(g.objects(d, B.part)), (d, sub)
    for d, _ in links:
        seen, todo = set(), list(g.objects(d, B.refinedBy))
        while todo:
            x = todo.pop()
            assert x != d, d
            if x not in seen:
                seen.add(x)
                todo.extend(g.objects(x, B.refinedBy))
