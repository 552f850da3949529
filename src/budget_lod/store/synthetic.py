"""Budget-shaped synthetic graphs (ontology ``def/budget#`` terms, IRIs from :class:`Minter`).

For the store and SPARQL tests and ``bench/bench_sparql.py``: departments with a general-budget
expenditure table whose 类 = Σ 款 = Σ 项 by construction, a 三公 table, projects with indicators and a
validation report. Deterministic for a given seed. Amounts are exact ``Decimal`` 元.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, QB, RDF, RDFS, SH, SKOS

from budget_lod.rdf.iri import Minter

FUNCTIONAL_CLASSES = {
    "201": "一般公共服务支出", "205": "教育支出", "207": "文化旅游体育与传媒支出", "208": "社会保障和就业支出",
    "210": "卫生健康支出", "212": "城乡社区支出", "213": "农林水支出", "221": "住房保障支出",
}
THREE_PUBLIC = ("three_public_total", "overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")


@dataclass
class Facts:
    """What was generated, for tests to compute expectations independently of any query."""

    class_totals: dict[str, Decimal] = field(default_factory=dict)  # 类 code → Σ of 合计 over all budgets
    three_public: dict[tuple[str, int], dict[str, Decimal]] = field(default_factory=dict)  # (dept IRI, year) → measure → 元
    indicators: dict[str, int] = field(default_factory=dict)  # project IRI → number of indicators
    violations: int = 0
    triples: int = 0


def budget(minter: Minter, dept_no: int, year: int, rows_per_class: int, rng: random.Random, facts: Facts,
           projects: int = 2, violations: int = 1) -> tuple[str, Graph, str, Graph]:
    """(document graph IRI, graph, report graph IRI, report) for one synthetic budget."""
    BUD = Namespace(minter.vocab)
    base = minter.base
    name, code = f"测试部门{dept_no:03d}", f"{900 + dept_no}"
    g = Graph()
    dept = URIRef(minter.department(name, code))
    b = URIRef(minter.budget(name, code, year, "department"))
    source = URIRef(minter.source(b))
    dataset = URIRef(minter.dataset(b))
    g.add((dept, RDF.type, BUD.Department))
    g.add((dept, RDFS.label, Literal(name, lang="zh")))
    g.add((dept, BUD.departmentCode, Literal(code)))
    g.add((b, RDF.type, BUD.Budget))
    g.add((b, RDFS.label, Literal(f"{name}{year}年部门预算", lang="zh")))
    g.add((b, BUD.department, dept))
    g.add((b, BUD.fiscalYear, Literal(str(year), datatype=XSD.gYear)))
    g.add((b, BUD.sourceDocument, source))
    g.add((dataset, RDF.type, QB.DataSet))
    g.add((dataset, QB.structure, BUD.structure))

    def observation(item: URIRef, measure: str, amount: Decimal, table: URIRef, page: int) -> None:
        o = URIRef(minter.observation(str(item), measure))
        g.add((o, RDF.type, QB.Observation))
        g.add((o, QB.dataSet, dataset))
        g.add((o, BUD.item, item))
        g.add((o, BUD.measure, URIRef(f"{base}id/measure/{measure}")))
        g.add((o, BUD.amount, Literal(amount, datatype=XSD.decimal)))
        g.add((o, BUD.printedUnit, Literal("元")))
        g.add((o, BUD.printedValue, Literal(f"{amount:,.2f}")))
        g.add((o, BUD.precisionYuan, Literal(Decimal("0.01"), datatype=XSD.decimal)))
        g.add((o, BUD.page, Literal(page)))
        g.add((o, BUD.inTable, table))
        g.add((o, PROV.wasDerivedFrom, source))

    def row(table: URIRef, scheme: str, rcode: str, label: str, amounts: dict[str, Decimal], page: int) -> URIRef:
        li = URIRef(minter.line_item(str(table), scheme, rcode))
        g.add((li, RDF.type, BUD.LineItem))
        g.add((li, BUD.inTable, table))
        g.add((li, BUD.code, Literal(rcode)))
        g.add((li, RDFS.label, Literal(label, lang="zh")))
        g.add((li, BUD.page, Literal(page)))
        if scheme == "functional":
            concept = URIRef(minter.concept("functional", rcode))
            g.add((li, BUD.classification, concept))
            g.add((concept, RDF.type, SKOS.Concept))
            g.add((concept, SKOS.notation, Literal(rcode)))
            g.add((concept, SKOS.prefLabel, Literal(label, lang="zh")))
            if len(rcode) > 3:
                g.add((concept, SKOS.broader, URIRef(minter.concept("functional", rcode[:-2]))))
        for measure, amount in amounts.items():
            observation(li, measure, amount, table, page)
        return li

    def table(kind: str) -> URIRef:
        t = URIRef(minter.table(str(b), kind))
        g.add((t, RDF.type, BUD.Table))
        g.add((t, BUD.tableKind, URIRef(f"{base}id/table-kind/{kind}")))
        g.add((t, BUD.inBudget, b))
        g.add((b, BUD.hasTable, t))
        return t

    t = table("general_budget_expenditure")
    classes = sorted(rng.sample(sorted(FUNCTIONAL_CLASSES), k=min(4, len(FUNCTIONAL_CLASSES))))
    grand = {"total": Decimal(0), "basic": Decimal(0), "project": Decimal(0)}
    for cls in classes:
        kuan = f"{cls}01"
        cls_sum = {"total": Decimal(0), "basic": Decimal(0), "project": Decimal(0)}
        for i in range(rows_per_class):
            basic = Decimal(rng.randrange(0, 5_000_000)) / 100
            project = Decimal(rng.randrange(0, 5_000_000)) / 100
            amounts = {"total": basic + project, "basic": basic, "project": project}
            row(t, "functional", f"{kuan}{i + 1:02d}", f"项目类科目{cls}-{i + 1}", amounts, 3)
            for k in cls_sum:
                cls_sum[k] += amounts[k]
        row(t, "functional", kuan, f"{FUNCTIONAL_CLASSES[cls]}（款）", dict(cls_sum), 3)
        row(t, "functional", cls, FUNCTIONAL_CLASSES[cls], dict(cls_sum), 3)
        facts.class_totals[cls] = facts.class_totals.get(cls, Decimal(0)) + cls_sum["total"]
        for k in grand:
            grand[k] += cls_sum[k]
    row(t, "item", "TOTAL", "合计", grand, 3)

    t3 = table("three_public")
    overseas = Decimal(rng.randrange(0, 100_000))
    purchase = Decimal(rng.randrange(0, 300_000))
    operation = Decimal(rng.randrange(0, 200_000))
    reception = Decimal(rng.randrange(0, 50_000))
    three = {"overseas": overseas, "vehicle_purchase": purchase, "vehicle_operation": operation,
             "vehicle_total": purchase + operation, "reception": reception}
    three["three_public_total"] = overseas + purchase + operation + reception
    row(t3, "item", "TOTAL", "“三公”经费", three, 5)  # the all-funds row, coded as the graph codes it
    facts.three_public[(str(dept), year)] = three

    for p in range(projects):
        pcode = f"P{dept_no:03d}{p + 1:02d}"
        proj = URIRef(minter.project(str(b), pcode))
        g.add((proj, RDF.type, BUD.Project))
        g.add((proj, BUD.inBudget, b))
        g.add((b, BUD.hasProject, proj))
        g.add((proj, BUD.code, Literal(pcode)))
        g.add((proj, RDFS.label, Literal(f"测试项目{pcode}", lang="zh")))
        observation(proj, "total", Decimal(rng.randrange(1, 1_000_000)), t, 6)
        n_ind = 2 + (dept_no + p) % 3
        for n in range(1, n_ind + 1):
            ind = URIRef(minter.indicator(str(proj), n))
            g.add((proj, BUD.indicator, ind))
            g.add((ind, RDF.type, BUD.Indicator))
            g.add((ind, BUD.level1, URIRef(f"{base}id/indicator-level/output")))
            g.add((ind, RDFS.label, Literal(f"指标{n}", lang="zh")))
            g.add((ind, BUD.target, Literal(f"≥{n}套")))
        facts.indicators[str(proj)] = n_ind

    report = URIRef(minter.report(str(b)))
    r = Graph()
    r.add((report, RDF.type, SH.ValidationReport))
    r.add((report, SH.conforms, Literal(violations == 0)))
    for v in range(violations):
        res = BNode()
        r.add((report, SH.result, res))
        r.add((res, RDF.type, SH.ValidationResult))
        r.add((res, SH.resultSeverity, SH.Violation))
        r.add((res, SH.focusNode, URIRef(minter.line_item(str(t), "functional", classes[0]))))
        r.add((res, SH.resultMessage, Literal(f"示例违规 {v + 1}", lang="zh")))
    warn = BNode()
    r.add((report, SH.result, warn))
    r.add((warn, RDF.type, SH.ValidationResult))
    r.add((warn, SH.resultSeverity, SH.Warning))
    r.add((warn, SH.focusNode, b))
    facts.violations += violations
    facts.triples += len(g) + len(r)
    return (minter.document_graph(name, code, year, "department"), g,
            minter.report_graph(name, code, year, "department"), r)


def fill(store, minter: Minter, departments: int, years: tuple[int, ...] = (2025,), rows_per_class: int = 3,
         seed: int = 7) -> Facts:
    """Write ``departments × years`` synthetic budgets into a store opened for writing."""
    rng = random.Random(seed)
    facts = Facts()
    for d in range(1, departments + 1):
        for y in years:
            store.replace_document(*budget(minter, d, y, rows_per_class, rng, facts))
    return facts


def graphs(minter: Minter, departments: int, years: tuple[int, ...] = (2025,), rows_per_class: int = 3,
           seed: int = 7) -> tuple[list[tuple[str, Graph, str, Graph]], Facts]:
    """The same budgets as :func:`fill`, as graphs (for loading elsewhere, e.g. rdflib in the benchmark)."""
    rng = random.Random(seed)
    facts = Facts()
    out = [budget(minter, d, y, rows_per_class, rng, facts) for d in range(1, departments + 1) for y in years]
    return out, facts
