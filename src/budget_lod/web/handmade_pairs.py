"""Budgets and final accounts (部门决算) written by hand, in pairs, as document models: test data for budget
versus execution on the site.

* 测试执行局 (code 902): budgets of 2023, 2024 and 2025, final accounts of 2023 and 2024 (2025's not yet
  published). The 2024 final accounts print, as the national 决算 template does, 年初预算数 and 全年预算数
  beside 决算数 in their 一般公共预算财政拨款支出决算表 and a “三公” table with 预算数 | 决算数; one stated
  年初预算数 is not the budget's figure (住房公积金 2210201: 35.00 stated, 40.00 budgeted, and so its 款, 类 and
  合计), and 208 was overspent.
* :data:`ALONE_FINAL`: 测试决算局 (903), final accounts of 2024 whose budget is not stored (年初预算数 100.00,
  全年预算数 110.00, 决算数 105.00 万元 on every line).
* :data:`PUTUO_BUDGET`: a budget for the department of the corpus 决算
  ``shanghai-putuo/2024-final-dept-social-work.pdf`` (中共上海市普陀区委社会工作部, 2024) with figures chosen here,
  not the department's: one line overspent (2013950), one underspent (2013999), one budgeted and not printed
  in the 决算 (2013902), one exactly spent (2210201). Ingest the PDF beside it to have a real 决算 paired.

Every document goes through the real graph builder (``rdf.build.build_graph``); only extraction is skipped.
Figures add up within each table by construction (类 = Σ 款 = Σ 项; 合计 = 基本 + 项目 and Σ 类), so tests
can compute what the site should show — budgeted, final, rate — from these tuples alone.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from budget_lod.model.document import Document, Row, Table
from budget_lod.rdf.iri import Minter
from budget_lod.web.handmade import amount, stand_in_pdf

BUDGET, FINAL = "budget", "final_accounts"
MEASURES = ("total", "basic", "project")
LABELS = {"total": "合计", "basic": "基本支出", "project": "项目支出"}
THREE_PUBLIC = ("total", "overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")
THREE_LABELS = {"total": "合计", "overseas": "因公出国（境）费", "vehicle_total": "小计", "vehicle_purchase": "购置费",
                "vehicle_operation": "运行费", "reception": "公务接待费"}
# table kind → (title in a budget, title in final accounts, measures, labels)
TABLES = {
    "expenditure_summary": ("支出预算总表", "支出决算表", MEASURES, LABELS),
    "general_budget_expenditure": ("一般公共预算支出功能分类预算表", "一般公共预算财政拨款支出决算表", MEASURES, LABELS),
    "three_public": ("“三公”经费支出预算表", "财政拨款“三公”经费支出决算表", THREE_PUBLIC, THREE_LABELS),
}

NAMES = {
    "TOTAL": "合计", "201": "一般公共服务支出", "20103": "政府办公厅(室)及相关机构事务", "2010301": "行政运行",
    "2010350": "事业运行", "208": "社会保障和就业支出", "20805": "行政事业单位养老支出",
    "2080505": "机关事业单位基本养老保险缴费支出", "2080506": "机关事业单位职业年金缴费支出", "210": "卫生健康支出",
    "21011": "行政事业单位医疗", "2101101": "行政单位医疗", "2101102": "事业单位医疗", "221": "住房保障支出",
    "22102": "住房改革支出", "2210201": "住房公积金", "2210203": "购房补贴", "20139": "社会工作事务",
    "2013901": "行政运行", "2013902": "一般行政管理事务", "2013950": "事业运行", "2013999": "其他社会工作事务支出",
}


def lines(*rows: tuple) -> tuple:
    """``(code, total, basic, project)`` rows (``None``: a blank cell) → ``(code, {measure: printed})``."""
    return tuple((code, {m: v for m, v in zip(MEASURES, figures) if v is not None}) for code, *figures in rows)


# (department, code, region, kind, year, unit, {table kind: {phase: rows}})
# rows: (code, {measure: printed}); a budget's phase is "budget", final accounts' own "final"
TESTER = ("测试执行局", "902", "测试县")
DOCUMENTS = (
    (*TESTER, BUDGET, 2025, "万元", {"general_budget_expenditure": {"budget": lines(
        ("TOTAL", "330.00", "330.00", None), ("201", "260.00", "260.00", None), ("20103", "260.00", "260.00", None),
        ("2010301", "260.00", "260.00", None), ("208", "70.00", "70.00", None), ("20805", "70.00", "70.00", None),
        ("2080505", "70.00", "70.00", None))}}),
    (*TESTER, BUDGET, 2024, "万元", {
        "general_budget_expenditure": {"budget": lines(
            ("TOTAL", "300.00", "200.00", "100.00"), ("201", "200.00", "120.00", "80.00"),
            ("20103", "200.00", "120.00", "80.00"), ("2010301", "120.00", "120.00", None),
            ("2010350", "80.00", None, "80.00"), ("208", "60.00", "60.00", None), ("20805", "60.00", "60.00", None),
            ("2080505", "60.00", "60.00", None), ("221", "40.00", "20.00", "20.00"), ("22102", "40.00", "20.00", "20.00"),
            ("2210201", "40.00", "20.00", "20.00"))},
        "three_public": {"budget": (("TOTAL", {"total": "12.00", "vehicle_total": "10.00", "vehicle_operation": "10.00",
                                               "reception": "2.00"}),)}}),
    (*TESTER, FINAL, 2024, "万元", {
        "general_budget_expenditure": {
            "initial_budget": lines(
                ("TOTAL", "295.00", "200.00", "95.00"), ("201", "200.00", "120.00", "80.00"),
                ("20103", "200.00", "120.00", "80.00"), ("2010301", "120.00", "120.00", None),
                ("2010350", "80.00", None, "80.00"), ("208", "60.00", "60.00", None), ("20805", "60.00", "60.00", None),
                ("2080505", "60.00", "60.00", None), ("221", "35.00", "20.00", "15.00"),
                ("22102", "35.00", "20.00", "15.00"), ("2210201", "35.00", "20.00", "15.00")),
            "adjusted_budget": lines(
                ("TOTAL", "320.00", "205.00", "115.00"), ("201", "215.00", "120.00", "95.00"),
                ("20103", "215.00", "120.00", "95.00"), ("2010301", "120.00", "120.00", None),
                ("2010350", "95.00", None, "95.00"), ("208", "65.00", "65.00", None), ("20805", "65.00", "65.00", None),
                ("2080505", "65.00", "65.00", None), ("221", "40.00", "20.00", "20.00"),
                ("22102", "40.00", "20.00", "20.00"), ("2210201", "40.00", "20.00", "20.00")),
            "final": lines(
                ("TOTAL", "310.50", "202.00", "108.50"), ("201", "212.50", "118.00", "94.50"),
                ("20103", "212.50", "118.00", "94.50"), ("2010301", "118.00", "118.00", None),
                ("2010350", "94.50", None, "94.50"), ("208", "64.00", "64.00", None), ("20805", "64.00", "64.00", None),
                ("2080505", "64.00", "64.00", None), ("221", "34.00", "20.00", "14.00"),
                ("22102", "34.00", "20.00", "14.00"), ("2210201", "34.00", "20.00", "14.00"))},
        "three_public": {
            "initial_budget": (("TOTAL", {"total": "12.00", "vehicle_total": "10.00", "vehicle_operation": "10.00",
                                          "reception": "2.00"}),),
            "final": (("TOTAL", {"total": "9.60", "vehicle_total": "8.00", "vehicle_operation": "8.00",
                                 "reception": "1.60"}),)}}),
    (*TESTER, BUDGET, 2023, "万元", {"general_budget_expenditure": {"budget": lines(
        ("TOTAL", "250.00", "250.00", None), ("201", "190.00", "190.00", None), ("20103", "190.00", "190.00", None),
        ("2010301", "190.00", "190.00", None), ("208", "60.00", "60.00", None), ("20805", "60.00", "60.00", None),
        ("2080505", "60.00", "60.00", None))}}),
    (*TESTER, FINAL, 2023, "万元", {"general_budget_expenditure": {"final": lines(
        ("TOTAL", "240.00", "240.00", None), ("201", "182.00", "182.00", None), ("20103", "182.00", "182.00", None),
        ("2010301", "182.00", "182.00", None), ("208", "58.00", "58.00", None), ("20805", "58.00", "58.00", None),
        ("2080505", "58.00", "58.00", None))}}),
)

# final accounts whose budget is not stored: compared with their own 年初预算数
ALONE = ("测试决算局", "903", "测试县")
ALONE_FINAL = (*ALONE, FINAL, 2024, "万元", {"general_budget_expenditure": {
    "initial_budget": lines(("TOTAL", "100.00", "100.00", None), ("201", "100.00", "100.00", None),
                            ("20103", "100.00", "100.00", None), ("2010301", "100.00", "100.00", None)),
    "adjusted_budget": lines(("TOTAL", "110.00", "110.00", None), ("201", "110.00", "110.00", None),
                             ("20103", "110.00", "110.00", None), ("2010301", "110.00", "110.00", None)),
    "final": lines(("TOTAL", "105.00", "105.00", None), ("201", "105.00", "105.00", None),
                   ("20103", "105.00", "105.00", None), ("2010301", "105.00", "105.00", None))}})

# the budget paired with the corpus 决算 (its department, year and scope as that document prints them)
PUTUO = ("中共上海市普陀区委社会工作部", None, "上海市普陀区")
PUTUO_LINES = lines(
    ("TOTAL", "321.00", "106.00", "215.00"), ("201", "278.00", "63.00", "215.00"), ("20139", "278.00", "63.00", "215.00"),
    ("2013901", "52.00", "52.00", None), ("2013902", "5.00", None, "5.00"), ("2013950", "11.00", "11.00", None),
    ("2013999", "210.00", None, "210.00"), ("208", "10.80", "10.80", None), ("20805", "10.80", "10.80", None),
    ("2080505", "6.20", "6.20", None), ("2080506", "4.60", "4.60", None), ("210", "2.80", "2.80", None),
    ("21011", "2.80", "2.80", None), ("2101101", "2.30", "2.30", None), ("2101102", "0.50", "0.50", None),
    ("221", "29.40", "29.40", None), ("22102", "29.40", "29.40", None), ("2210201", "17.70", "17.70", None),
    ("2210203", "11.70", "11.70", None))
PUTUO_BUDGET = (*PUTUO, BUDGET, 2024, "万元", {"expenditure_summary": {"budget": PUTUO_LINES},
                                                "general_budget_expenditure": {"budget": PUTUO_LINES}})


def _row(scheme: str, code: str, phases: dict[str, dict[str, str]], own: str, unit: str, page: int) -> Row:
    amounts = {m: amount(v, unit, page) for m, v in phases.get(own, {}).items()}
    others = {p: {m: amount(v, unit, page) for m, v in ms.items()} for p, ms in phases.items() if p != own}
    return Row(scheme, code, NAMES.get(code, code), amounts, page, phases=others)


def document(spec: tuple, pdf: bytes | None = None) -> Document:
    """The document model of one entry of :data:`DOCUMENTS` (or :data:`PUTUO_BUDGET`)."""
    dept, code, region, kind, year, unit, tables = spec
    own = "final" if kind == FINAL else "budget"
    pdf = pdf if pdf is not None else stand_in_pdf(dept + kind, year)
    doc_tables = []
    for page, (table_kind, by_phase) in enumerate(tables.items(), start=2):
        budget_title, final_title, measures, labels = TABLES[table_kind]
        codes: list[str] = []
        for rows in by_phase.values():
            codes += [c for c, _ in rows if c not in codes]
        phases_of = {c: {p: dict(rows)[c] for p, rows in by_phase.items() if c in dict(rows)} for c in codes}
        scheme = "item" if table_kind == "three_public" else "functional"
        rows = tuple(_row(scheme, c, phases_of[c], own, unit, page) for c in codes)
        doc_tables.append(Table(table_kind, final_title if kind == FINAL else budget_title, unit, (page,), measures,
                                labels, rows))
    name = f"{dept}{year}年部门{'决算' if kind == FINAL else '预算'}.pdf"
    return Document(name, hashlib.sha256(pdf).hexdigest(), 3, dept, code, region, year, "department",
                    tuple(doc_tables), kind=kind)


def figure(spec: tuple, table: str, phase: str, code: str, measure: str = "total") -> Decimal | None:
    """A figure of :data:`DOCUMENTS` in 元 (None: not printed), as the tests' independent truth."""
    unit_factor = Decimal(10000) if spec[5] == "万元" else Decimal(1)
    rows = dict(spec[6].get(table, {}).get(phase, ()))
    printed = rows.get(code, {}).get(measure)
    return None if printed is None else Decimal(printed.replace(",", "")) * unit_factor


def report(doc: Document, minter: Minter) -> Graph:
    """An empty validation report (the document conforms) in the shape pyshacl writes."""
    from budget_lod.rdf.graphs import budget_iri

    g = Graph()
    r = URIRef(minter.report(budget_iri(doc, minter)))
    g.add((r, RDF.type, SH.ValidationReport))
    g.add((r, SH.conforms, Literal(True)))
    return g


def others(count: int, start: int = 0) -> list[tuple]:
    """``count`` more departments (填充部门NNN, codes from 9100), each with the 2024 budget and final accounts of
    测试执行局 and a 2025 budget: a store as large as wanted, for the pages' cost at any size."""
    base = [d for d in DOCUMENTS if d[:3] == TESTER and d[4] in (2024, 2025)]
    return [(f"填充部门{n:04d}", str(9100 + n), "测试县", *spec[3:]) for n in range(start, start + count) for spec in base]


def write(store_dir: Path, base_url: str, specs: list[tuple], batch: int = 200) -> None:
    """Write hand-made documents with the bulk loader (a checkpoint per ``batch``), no source PDFs."""
    import pyoxigraph as ox

    from budget_lod.rdf.build import build_graph
    from budget_lod.rdf.graphs import document_graph_iri, report_graph_iri
    from budget_lod.store import open_store
    from budget_lod.store.bulk import StagedDocument
    from budget_lod.store.convert import quads_of

    minter = Minter(base_url)
    with open_store(store_dir, mode="write") as store, store.bulk(max_documents=batch) as bulk:
        for spec in specs:
            doc = document(spec, stand_in_pdf(spec[0] + spec[3], spec[4]))
            g, rg = document_graph_iri(doc, minter), report_graph_iri(doc, minter)
            quads = [*quads_of(g, build_graph(doc, minter)), *quads_of(rg, report(doc, minter))]
            bulk.add(StagedDocument(g, rg, ox.serialize(quads, format=ox.RdfFormat.N_QUADS), token=g))


def fill_pairs(store_dir: Path, base_url: str, final_pdf: Path | None = None) -> None:
    """Write :data:`DOCUMENTS` and :data:`PUTUO_BUDGET` (stand-in PDFs under ``sources/``) into the store at
    ``store_dir``; with ``final_pdf`` (the corpus 决算), ingest it first through the real pipeline."""
    from budget_lod.rdf.build import build_graph
    from budget_lod.rdf.graphs import document_graph_iri, report_graph_iri
    from budget_lod.store import open_store

    if final_pdf is not None:
        from budget_lod.config import Settings
        from budget_lod.pipeline import ingest

        ingest([Path(final_pdf)], Settings.load(store=str(store_dir), base_url=base_url))
    minter = Minter(base_url)
    sources = Path(store_dir) / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    store = open_store(store_dir, mode="write")
    try:
        for spec in (*DOCUMENTS, ALONE_FINAL, PUTUO_BUDGET):
            pdf = stand_in_pdf(spec[0] + spec[3], spec[4])
            doc = document(spec, pdf)
            (sources / f"{doc.sha256}.pdf").write_bytes(pdf)
            store.replace_document(document_graph_iri(doc, minter), build_graph(doc, minter),
                                   report_graph_iri(doc, minter), report(doc, minter))
    finally:
        store.close()


def pair_filler(final_pdf: Path | None):
    """``fill(store_dir, base_url)`` for :func:`budget_lod.web.testing.shared_server`."""
    def fill(store_dir: Path, base_url: str) -> None:
        fill_pairs(store_dir, base_url, final_pdf)
    return fill
