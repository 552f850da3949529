"""Reading problems kept apart from the document's findings.

Extraction records on each table whether its reading stands its own arithmetic (``bud:readingStatus`` "ok" |
"failed", each failed check a ``bud:readingCheck`` with its ``bud:checkDetail``). The validator reports a failed table once, in the category ``reading``; no rule
compares a narrative claim with it; a finding of another rule located in it is a reading problem too; and a
reading problem never makes the document non-conformant. Faults are injected into the hand-built Hebei document
(amounts worked out by hand from its printed tables).
"""

from __future__ import annotations

import dataclasses
import json

from rdf_hebei_sample import amt, hebei_document
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from budget_lod.model.document import Document
from budget_lod.rdf.build import build_graph
from budget_lod.rdf.iri import Minter
from budget_lod.rdf.vocab import terms
from budget_lod.validate import format_json, format_text, validate_graph

MINTER = Minter("http://example.org/budget/")
B = terms(MINTER)


def graph_with(doc: Document, failed: dict[str, str]):
    """The document's graph with the tables of the given kinds flagged as misread (kind → note)."""
    g = build_graph(doc, MINTER)
    for table in g.subjects(RDF.type, B.Table):
        kind = str(g.value(table, B.tableKind)).rsplit("/", 1)[-1]
        status = "failed" if kind in failed else "ok"
        g.add((table, B.readingStatus, Literal(status)))
        if kind in failed:  # the check that failed, as extraction records it
            check = URIRef(f"{table}/reading/1")
            g.add((table, B.readingCheck, check))
            g.add((check, RDF.type, B.ReadingCheck))
            g.add((check, B.checkKind, Literal("total")))
            g.add((check, B.checkDetail, Literal(failed[kind])))
    return g


def replace_claim(doc: Document, kind: str, **changes) -> Document:
    return dataclasses.replace(doc, claims=tuple(
        dataclasses.replace(c, **changes) if c.kind == kind else c for c in doc.claims))


def test_every_table_read_gives_no_reading_problem():
    outcome = validate_graph(graph_with(hebei_document(), {}), MINTER)
    assert [f for f in outcome.results if f.category == "reading"] == []


def test_a_misread_table_is_one_reading_finding_and_nothing_is_checked_against_it():
    # 基本支出 stated as 663.66 万元 where the 支出总表 prints 653.66: a document finding while the table is read…
    doc = replace_claim(hebei_document(), "basic_total", amount=amt("663.66", 17))
    read = validate_graph(graph_with(doc, {}), MINTER)
    assert any(f.rule == "claim-vs-table" and f.code == "basic_total" for f in read.results)
    # …and none once its reading failed: the table's cells are no evidence
    misread = validate_graph(graph_with(doc, {"expenditure_summary": "total 954.06 ≠ Σ rows 964.06"}), MINTER)
    against_tables = {"claim-vs-table", "claim-vs-blank", "claim-vs-empty-table", "claim-functional-item"}
    assert not [f for f in misread.results if f.rule in against_tables]
    # (the sentence's own arithmetic — 基本支出 against 人员经费 + 公用经费 stated with it — is still the document's)
    assert {f.category for f in misread.results if f.rule == "claim-parts"} == {"document"}
    (f,) = [f for f in misread.results if f.rule == "table-misread"]
    assert (f.category, f.severity, f.table) == ("reading", "Warning", "expenditure_summary")
    assert "total 954.06 ≠ Σ rows 964.06" in f.message_en and "部门预算支出总表" in f.message_zh


def test_arithmetic_in_a_misread_table_is_a_reading_problem():
    # 201's total printed 10.00 万元 higher in the 一般公共预算支出表: a parent-sum fault of that table
    doc = hebei_document()
    tables = []
    for t in doc.tables:
        if t.kind == "general_budget_expenditure":
            rows = tuple(dataclasses.replace(r, amounts={**r.amounts, "total": amt(
                f"{r.amounts['total'].yuan / 10000 + 10:.2f}", r.page, t.unit)}) if r.code == "201" else r for r in t.rows)
            t = dataclasses.replace(t, rows=rows)
        tables.append(t)
    doc = dataclasses.replace(doc, tables=tuple(tables))
    document = validate_graph(graph_with(doc, {}), MINTER)
    assert {f.category for f in document.results if f.rule == "parent-sum" and f.severity == "Violation"} == {"document"}
    reading = validate_graph(graph_with(doc, {"general_budget_expenditure": "201 ≠ Σ 20101 …"}), MINTER)
    sums = [f for f in reading.results if f.rule in ("parent-sum", "table-total")]
    # reading problems, shown as warnings: a table not understood is no violation of the document
    assert sums and {(f.category, f.severity) for f in sums} == {("reading", "Warning")}
    # the document is judged on its own findings only (the Hebei sample keeps its one real violation)
    assert [f.rule for f in reading.results if f.severity == "Violation" and f.category == "document"] == [
        "procurement-included"]


def test_reports_show_reading_problems_apart():
    outcome = validate_graph(graph_with(hebei_document(), {"three_public": "vehicles 15.00 ≠ 0 + 15.00 + 1.00"}), MINTER)
    text = format_text(outcome)
    document_part, reading_part = text.split("== 读取问题 / reading problems")
    assert "table-misread" in reading_part and "table-misread" not in document_part
    assert "1 读取问题 reading problem(s)" in text.splitlines()[0]
    data = json.loads(format_json("hebei.pdf", outcome))
    assert [(r["rule"], r["severity"]) for r in data["results"] if r["category"] == "reading"] == [
        ("table-misread", "Warning")]


def test_the_stored_report_carries_the_category():
    outcome = validate_graph(graph_with(hebei_document(), {"three_public": "x"}), MINTER)
    shp = MINTER.shapes
    categories = {str(o) for o in outcome.report.objects(None, URIRef(shp + "category"))}
    assert categories == {"document", "reading"}
