"""Three small budgets written by hand (two departments, two years) as document models, for web tests.

They go through the real graph builder (``rdf.build.build_graph``), so the store holds exactly what the
pipeline would write for such disclosures; only extraction is skipped. The validation report is written
by hand too, in the shape pyshacl produces, so tests know which findings to expect. Figures add up by
construction (类 = Σ 款 = Σ 项; 合计 = 基本 + 项目), so tests can check arithmetic independently.
"""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from budget_lod.model.amounts import UNIT_FACTORS, parse_amount, precision_of
from budget_lod.model.document import Amount, Document, Indicator, Project, Row, Table
from budget_lod.rdf.iri import Minter

FUNCTIONAL = ("general_budget_expenditure", "一般公共预算支出功能分类预算表", ("total", "basic", "project"),
              {"total": "合计", "basic": "基本支出", "project": "项目支出"})
ECONOMIC = ("general_budget_basic_expenditure", "一般公共预算基本支出部门预算经济分类预算表",
            ("total", "personnel", "public"), {"total": "合计", "personnel": "人员经费", "public": "公用经费"})

# (department, code, region, year, unit, tables, projects, findings)
# tables: (spec, rows: (scheme, code, name, {measure: printed}, page)); findings: (severity, zh, en, focus)
BUDGETS = (
    ("平乡县测试局", "901", "平乡县", 2025, "万元", (
        (FUNCTIONAL, (
            ("functional", "TOTAL", "合计", {"total": "180.00", "basic": "130.00", "project": "50.00"}, 2),
            ("functional", "201", "一般公共服务支出", {"total": "150.00", "basic": "100.00", "project": "50.00"}, 2),
            ("functional", "20103", "政府办公厅(室)及相关机构事务", {"total": "150.00", "basic": "100.00", "project": "50.00"}, 2),
            ("functional", "2010301", "行政运行", {"total": "100.00", "basic": "100.00"}, 2),
            ("functional", "2010350", "事业运行", {"total": "50.00", "project": "50.00"}, 2),
            ("functional", "208", "社会保障和就业支出", {"total": "30.00", "basic": "30.00"}, 3),
            ("functional", "20805", "行政事业单位养老支出", {"total": "30.00", "basic": "30.00"}, 3),
            ("functional", "2080505", "机关事业单位基本养老保险缴费支出", {"total": "30.00", "basic": "30.00"}, 3),
        )),
        (ECONOMIC, (
            ("economic", "TOTAL", "合计", {"total": "130.00", "personnel": "100.00", "public": "30.00"}, 3),
            ("economic", "301", "工资福利支出", {"total": "100.00", "personnel": "100.00"}, 3),
            ("economic", "30101", "基本工资", {"total": "60.00", "personnel": "60.00"}, 3),
            ("economic", "30102", "津贴补贴", {"total": "40.00", "personnel": "40.00"}, 3),
            ("economic", "302", "商品和服务支出", {"total": "30.00", "public": "30.00"}, 3),
            ("economic", "30201", "办公费", {"total": "30.00", "public": "30.00"}, 3),
        )),
     ),
     (("P001", "信息化运维项目", "50.00", 3, (("产出指标", "数量指标", "系统运维数量", "≥3套"),
                                          ("效益指标", "社会效益指标", "服务满意度", "≥95%"))),),
     (("Violation", "类 201 合计与各款之和不符（示例）", "class 201 total differs from its sections (example)",
       ("general_budget_expenditure", "functional", "201")),
      ("Warning", "目录列出的表格未找到（示例）", "a table listed in the contents is missing (example)", None))),
    ("平乡县测试局", "901", "平乡县", 2024, "万元", (
        (FUNCTIONAL, (
            ("functional", "TOTAL", "合计", {"total": "120.00", "basic": "120.00"}, 2),
            ("functional", "201", "一般公共服务支出", {"total": "120.00", "basic": "120.00"}, 2),
            ("functional", "20103", "政府办公厅(室)及相关机构事务", {"total": "120.00", "basic": "120.00"}, 2),
            ("functional", "2010301", "行政运行", {"total": "120.00", "basic": "120.00"}, 2),
        )),
     ), (), ()),
    ("上海市普陀区测试办公室", None, "上海市普陀区", 2025, "元", (
        (FUNCTIONAL, (
            ("functional", "TOTAL", "合计", {"total": "9,540,600.00", "basic": "9,540,600.00"}, 2),
            ("functional", "201", "一般公共服务支出", {"total": "9,540,600.00", "basic": "9,540,600.00"}, 2),
            ("functional", "20103", "政府办公厅(室)及相关机构事务", {"total": "9,540,600.00", "basic": "9,540,600.00"}, 2),
            ("functional", "2010301", "行政运行", {"total": "9,540,600.00", "basic": "9,540,600.00"}, 2),
        )),
     ), (), (("Info", "舍入差异在打印精度之内（示例）", "rounding within printed precision (example)", None),)),
)


def amount(printed: str, unit: str, page: int) -> Amount:
    value = parse_amount(printed)
    return Amount((value * UNIT_FACTORS[unit]).quantize(Decimal("0.01")), printed, unit, precision_of(value), page)


def stand_in_pdf(department: str, year: int) -> bytes:
    """A small text-only PDF standing in for the source document (three pages)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for n in range(1, 4):
        c.drawString(72, 720, f"hand-made budget {name_key(department)} {year} - page {n}")
        c.showPage()
    c.save()
    return buf.getvalue()


def name_key(department: str) -> str:
    return hashlib.sha256(department.encode()).hexdigest()[:8]


def documents() -> list[tuple[Document, bytes, tuple]]:
    """(document model, stand-in PDF, findings) for each hand-made budget."""
    out = []
    for dept, code, region, year, unit, tables, projects, findings in BUDGETS:
        pdf = stand_in_pdf(dept, year)
        doc_tables = []
        for (kind, title, measures, labels), rows in tables:
            doc_rows = tuple(
                Row(scheme, rcode, name, {m: amount(v, unit, page) for m, v in amounts.items()}, page)
                for scheme, rcode, name, amounts, page in rows
            )
            pages = tuple(sorted({r.page for r in doc_rows}))
            doc_tables.append(Table(kind, title, unit, pages, measures, labels, doc_rows))
        doc_projects = tuple(
            Project(pcode, name, amount(value, unit, page), {}, {}, None, None,
                    tuple(Indicator(l1, l2, l3, None, ">=", target, None, None, None, page)
                          for l1, l2, l3, target in indicators), (page,), unit)
            for pcode, name, value, page, indicators in projects
        )
        doc = Document(f"{dept}{year}年部门预算.pdf", hashlib.sha256(pdf).hexdigest(), 3, dept, code, region, year,
                       "department", tuple(doc_tables), doc_projects)
        out.append((doc, pdf, findings))
    return out


def report_graph(doc: Document, findings: tuple, minter: Minter) -> Graph:
    """A validation report shaped like pyshacl's, with the given findings (severity, zh, en, focus)."""
    budget = minter.budget(doc.department, doc.department_code, doc.fiscal_year, doc.scope)
    g = Graph()
    report = URIRef(minter.report(budget))
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(not any(f[0] == "Violation" for f in findings))))
    for n, (severity, zh, en, focus) in enumerate(findings):
        res = BNode(f"r{n}")
        g.add((report, SH.result, res))
        g.add((res, RDF.type, SH.ValidationResult))
        g.add((res, SH.resultSeverity, SH[severity]))
        g.add((res, SH.resultMessage, Literal(zh, lang="zh")))
        g.add((res, SH.resultMessage, Literal(en, lang="en")))
        node = URIRef(budget)
        if focus:
            kind, scheme, code = focus
            node = URIRef(minter.line_item(minter.table(budget, kind), scheme, code))
        g.add((res, SH.focusNode, node))
    return g


def fill_store(store_dir: Path, base_url: str) -> None:
    """Write the hand-made budgets (and stand-in PDFs under ``sources/``) into the store at ``store_dir``."""
    from budget_lod.rdf.build import build_graph
    from budget_lod.rdf.graphs import document_graph_iri, report_graph_iri
    from budget_lod.store import open_store

    minter = Minter(base_url)
    sources = Path(store_dir) / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    store = open_store(store_dir, mode="write")
    try:
        for doc, pdf, findings in documents():
            (sources / f"{doc.sha256}.pdf").write_bytes(pdf)
            store.replace_document(document_graph_iri(doc, minter), build_graph(doc, minter),
                                   report_graph_iri(doc, minter), report_graph(doc, findings, minter))
    finally:
        store.close()
