"""Three small budgets written by hand (two departments, two years), as RDF under any base URL.

Test data for the web layer until (and beside) the real pipeline: it follows the IRI scheme of
``rdf/iri.py`` and the vocabulary of ``ontology/budget.ttl``. Figures add up by construction of the rows
below (类 = Σ 款 = Σ 项; 合计 = 基本 + 项目), so tests can check arithmetic independently of the code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, QB, RDF, RDFS, SH, SKOS

from budget_lod.rdf.iri import Minter

D = Decimal


@dataclass(frozen=True)
class HandBudget:
    department: str
    code: str | None
    region: str
    year: int
    unit: str
    # (kind, title, measures, rows: (scheme, code, name, {measure: amount as printed}, page))
    tables: tuple
    projects: tuple  # (code, name, amount, page, indicators: ((level1, level2, name, target), …))
    findings: tuple  # (severity, message, table kind, code)


FUNCTIONAL = ("general_budget_expenditure", "一般公共预算支出功能分类预算表", ("total", "basic", "project"))
ECONOMIC = ("general_budget_basic_expenditure", "一般公共预算基本支出表", ("total", "personnel", "public"))
MEASURE_LABELS = {"total": "合计", "basic": "基本支出", "project": "项目支出", "personnel": "人员经费",
                  "public": "公用经费"}

BUDGETS: tuple[HandBudget, ...] = (
    HandBudget(
        "平乡县测试局", "901", "平乡县", 2025, "万元",
        (
            FUNCTIONAL + ((
                ("functional", "TOTAL", "合计", {"total": "180.00", "basic": "130.00", "project": "50.00"}, 2),
                ("functional", "201", "一般公共服务支出", {"total": "150.00", "basic": "100.00", "project": "50.00"}, 2),
                ("functional", "20103", "政府办公厅(室)及相关机构事务", {"total": "150.00", "basic": "100.00", "project": "50.00"}, 2),
                ("functional", "2010301", "行政运行", {"total": "100.00", "basic": "100.00"}, 2),
                ("functional", "2010350", "事业运行", {"total": "50.00", "project": "50.00"}, 2),
                ("functional", "208", "社会保障和就业支出", {"total": "30.00", "basic": "30.00"}, 3),
                ("functional", "20805", "行政事业单位养老支出", {"total": "30.00", "basic": "30.00"}, 3),
                ("functional", "2080505", "机关事业单位基本养老保险缴费支出", {"total": "30.00", "basic": "30.00"}, 3),
            ),),
            ECONOMIC + ((
                ("economic", "TOTAL", "合计", {"total": "130.00", "personnel": "100.00", "public": "30.00"}, 3),
                ("economic", "301", "工资福利支出", {"total": "100.00", "personnel": "100.00"}, 3),
                ("economic", "30101", "基本工资", {"total": "60.00", "personnel": "60.00"}, 3),
                ("economic", "30102", "津贴补贴", {"total": "40.00", "personnel": "40.00"}, 3),
                ("economic", "302", "商品和服务支出", {"total": "30.00", "public": "30.00"}, 3),
                ("economic", "30201", "办公费", {"total": "30.00", "public": "30.00"}, 3),
            ),),
        ),
        (("P001", "信息化运维项目", "50.00", 3, (("产出指标", "数量指标", "系统运维数量", "≥3套"),
                                                ("效益指标", "社会效益指标", "服务满意度", "≥95%"))),),
        (("Violation", "类 201 的合计 150.00 ≠ Σ款 149.00 (示例)", "general_budget_expenditure", "201"),
         ("Warning", "目录列出的表格未找到 (示例)", None, None)),
    ),
    HandBudget(
        "平乡县测试局", "901", "平乡县", 2024, "万元",
        (FUNCTIONAL + ((
            ("functional", "TOTAL", "合计", {"total": "120.00", "basic": "120.00"}, 2),
            ("functional", "201", "一般公共服务支出", {"total": "120.00", "basic": "120.00"}, 2),
            ("functional", "20103", "政府办公厅(室)及相关机构事务", {"total": "120.00", "basic": "120.00"}, 2),
            ("functional", "2010301", "行政运行", {"total": "120.00", "basic": "120.00"}, 2),
        ),),),
        (),
        (),
    ),
    HandBudget(
        "上海市普陀区测试办公室", None, "上海市普陀区", 2025, "元",
        (FUNCTIONAL + ((
            ("functional", "TOTAL", "合计", {"total": "9,540,600.00", "basic": "9,540,600.00"}, 2),
            ("functional", "201", "一般公共服务支出", {"total": "9,540,600.00", "basic": "9,540,600.00"}, 2),
            ("functional", "20103", "政府办公厅(室)及相关机构事务", {"total": "9,540,600.00", "basic": "9,540,600.00"}, 2),
            ("functional", "2010301", "行政运行", {"total": "9,540,600.00", "basic": "9,540,600.00"}, 2),
        ),),),
        (),
        (("Info", "舍入差异在打印精度之内 (示例)", None, None),),
    ),
)

UNIT_FACTOR = {"元": D(1), "万元": D(10000)}


def yuan(printed: str, unit: str) -> Decimal:
    return (D(printed.replace(",", "")) * UNIT_FACTOR[unit]).quantize(D("0.01"))


def sample_pdf(budget: HandBudget) -> bytes:
    """A small PDF standing in for the source document (one page per table page, text only)."""
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setTitle(f"{budget.code or ''} {budget.year}")
    for n in range(1, 4):
        c.drawString(72, 720, f"hand-made budget {budget.code or 'x'} {budget.year} - page {n}")
        c.showPage()
    c.save()
    return buf.getvalue()


def budget_graphs(budget: HandBudget, minter: Minter, pdf: bytes) -> tuple[str, Graph, str, Graph]:
    """(document graph IRI, its triples, report graph IRI, the report) for one hand-made budget."""
    BUD = Namespace(minter.vocab)
    g = Graph()
    dept = URIRef(minter.department(budget.department, budget.code))
    b = URIRef(minter.budget(budget.department, budget.code, budget.year, "department"))
    source = URIRef(minter.source(b))
    dataset = URIRef(minter.dataset(b))
    report = URIRef(minter.report(b))
    sha = hashlib.sha256(pdf).hexdigest()
    g.add((dept, RDF.type, ORG.Organization))
    g.add((dept, RDF.type, BUD.Department))
    g.add((dept, SKOS.prefLabel, Literal(budget.department, lang="zh")))
    g.add((dept, RDFS.label, Literal(budget.department, lang="zh")))
    if budget.code:
        g.add((dept, BUD.departmentCode, Literal(budget.code)))
    g.add((dept, BUD.region, Literal(budget.region, lang="zh")))
    g.add((b, RDF.type, BUD.Budget))
    g.add((b, RDFS.label, Literal(f"{budget.department}{budget.year}年部门预算", lang="zh")))
    g.add((b, BUD.department, dept))
    g.add((b, BUD.fiscalYear, Literal(budget.year, datatype=XSD.gYear)))
    g.add((b, BUD.scope, BUD.DepartmentScope))
    g.add((b, BUD.sourceDocument, source))
    g.add((b, BUD.validationReport, report))
    g.add((source, RDF.type, BUD.SourceDocument))
    g.add((source, BUD.sha256, Literal(sha)))
    g.add((source, BUD.pageCount, Literal(3)))
    g.add((source, DCTERMS.title, Literal(f"{budget.department}{budget.year}年部门预算.pdf")))
    g.add((dataset, RDF.type, QB.DataSet))
    g.add((dataset, BUD.budget, b))
    for kind, title, measures, rows in budget.tables:
        t = URIRef(minter.table(b, kind))
        g.add((t, RDF.type, BUD.Table))
        g.add((t, BUD.budget, b))
        g.add((t, BUD.tableKind, Literal(kind)))
        g.add((t, DCTERMS.title, Literal(title, lang="zh")))
        g.add((t, BUD.unit, Literal(budget.unit)))
        for order, (scheme, code, name, amounts, page) in enumerate(rows):
            li = URIRef(minter.line_item(str(t), scheme, code))
            g.add((li, RDF.type, BUD.LineItem))
            g.add((li, BUD.table, t))
            g.add((li, BUD.code, Literal(code)))
            g.add((li, RDFS.label, Literal(name, lang="zh")))
            g.add((li, BUD.rowOrder, Literal(order)))
            g.add((li, BUD.page, Literal(page)))
            if code.isdigit():
                concept = URIRef(minter.concept(scheme, code))
                g.add((li, BUD.classification, concept))
                g.add((concept, RDF.type, SKOS.Concept))
                g.add((concept, SKOS.notation, Literal(code)))
                g.add((concept, SKOS.prefLabel, Literal(name, lang="zh")))
                g.add((concept, SKOS.inScheme, URIRef(minter.scheme(scheme))))
                if len(code) > 3:
                    g.add((concept, SKOS.broader, URIRef(minter.concept(scheme, code[:-2]))))
            for measure, printed in amounts.items():
                o = URIRef(minter.observation(str(li), measure))
                g.add((o, RDF.type, QB.Observation))
                g.add((o, QB.dataSet, dataset))
                g.add((o, BUD.lineItem, li))
                g.add((o, BUD.measure, Literal(measure)))
                g.add((o, BUD.measureLabel, Literal(MEASURE_LABELS[measure], lang="zh")))
                g.add((o, BUD.amount, Literal(yuan(printed, budget.unit), datatype=XSD.decimal)))
                g.add((o, BUD.printedValue, Literal(printed)))
                g.add((o, BUD.printedUnit, Literal(budget.unit)))
                g.add((o, BUD.page, Literal(page)))
                g.add((o, PROV.wasDerivedFrom, source))
    for code, name, amount, page, indicators in budget.projects:
        p = URIRef(minter.project(b, code))
        g.add((p, RDF.type, BUD.Project))
        g.add((p, BUD.budget, b))
        g.add((p, BUD.code, Literal(code)))
        g.add((p, RDFS.label, Literal(name, lang="zh")))
        g.add((p, BUD.amount, Literal(yuan(amount, budget.unit), datatype=XSD.decimal)))
        g.add((p, BUD.page, Literal(page)))
        for n, (l1, l2, l3, target) in enumerate(indicators, start=1):
            i = URIRef(minter.indicator(str(p), n))
            g.add((i, RDF.type, BUD.Indicator))
            g.add((i, BUD.project, p))
            g.add((i, BUD.level1, Literal(l1, lang="zh")))
            g.add((i, BUD.level2, Literal(l2, lang="zh")))
            g.add((i, RDFS.label, Literal(l3, lang="zh")))
            g.add((i, BUD.target, Literal(target)))
            g.add((i, BUD.page, Literal(page)))
    r = Graph()
    r.add((report, RDF.type, SH.ValidationReport))
    r.add((report, SH.conforms, Literal(not any(f[0] == "Violation" for f in budget.findings))))
    r.add((report, BUD.budget, b))
    for severity, message, kind, code in budget.findings:
        res = BNode()
        r.add((report, SH.result, res))
        r.add((res, RDF.type, SH.ValidationResult))
        r.add((res, SH.resultSeverity, SH[severity]))
        r.add((res, SH.resultMessage, Literal(message, lang="zh")))
        focus = b
        if kind and code:
            focus = URIRef(minter.line_item(minter.table(str(b), kind), "functional", code))
        r.add((res, SH.focusNode, focus))
    graph_iri = minter.document_graph(budget.department, budget.code, budget.year, "department")
    return graph_iri, g, minter.report_graph(budget.department, budget.code, budget.year, "department"), r


def fill_store(store_dir: Path, base_url: str) -> None:
    """Write the hand-made budgets (and their stand-in PDFs under ``sources/``) into a store."""
    from budget_lod.store import open_store

    minter = Minter(base_url)
    store = open_store(store_dir, mode="write")
    try:
        for budget in BUDGETS:
            pdf = sample_pdf(budget)
            sources = Path(store_dir) / "sources"
            sources.mkdir(parents=True, exist_ok=True)
            (sources / f"{hashlib.sha256(pdf).hexdigest()}.pdf").write_bytes(pdf)
            store.replace_document(*budget_graphs(budget, minter, pdf))
    finally:
        close = getattr(store, "close", None)
        if close:
            close()
