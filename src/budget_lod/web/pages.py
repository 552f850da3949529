"""HTML pages: one builder per kind of resource (chosen from its URI), each returning a template context.

Builders read the store only through ``SiteData`` (named queries and ``describe``); the graph the
resource's document was rendered from is passed in, so the HTML and RDF views share one data path.
Amounts are shown as printed (the table's own unit) and kept in 元 as ``Decimal`` for charts and sums.
Every page carries schema.org JSON-LD (``schema``) for search engines.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Callable

import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from budget_lod.rdf.records import parse_datetime
from budget_lod.web import execution, labels, uris
from budget_lod.web import tables as layout
from budget_lod.web.catalog import dataset_dates
from budget_lod.web.code_pages import code_page
from budget_lod.web.concepts import concept_path
from budget_lod.web.department_pages import department_page
from budget_lod.web.page_data import first as _first
from budget_lod.web.page_data import (
    item_amounts,
    last_segment,
    measure_label,
    own_phase,
    phase_of,
    shown,
    source_link,
    table_label,
)
from budget_lod.web.page_data import plain as _plain
from budget_lod.web.project_pages import indicator_page, project_page
from budget_lod.web.queries import value
from budget_lod.web.site import SiteData

Builder = Callable[[SiteData, str, dict, rdflib.Graph], dict]


def _row_key(row: dict) -> tuple:
    if row["position"] is not None:
        return (0, row["position"], "")
    if row["number"] is not None:
        return (1, row["number"], "")
    return (2, 0 if row["code"] == "TOTAL" else 1, row["code"])


def column_key(measure: str, phase: str, own: str) -> str:
    """A table column's key: the measure slug for the document's own figures, ``phase:measure`` for another
    phase's (a 决算's 年初预算数 and 全年预算数 columns beside its 决算数)."""
    return measure if phase == own else f"{phase}:{measure}"


def budget_tables(s: SiteData, columns: list[dict], items: list[dict], amounts: list[dict],
                  own: str = "budget") -> list[dict]:
    """The document's tables as printed: columns in printed order (a 决算's other phases first, grouped by
    phase, as it prints 年初预算数 | 全年预算数 | 决算数), rows with code, name, level and amounts.

    A row's ``amounts`` are its own phase's (``own``: ``budget``, or ``final`` in final accounts), measure → 元;
    ``phases`` every phase's, phase → measure → 元; ``precision`` the printed precision of each (phase, measure)
    in 元; ``shown`` each column's figure as printed, by column key (:func:`column_key`)."""
    kinds = {value(c, "table"): value(c, "kind") for c in columns}
    tables: dict[str, dict] = {}

    def table(r: dict) -> dict:
        iri = value(r, "table")
        if iri not in tables:
            kind = value(r, "kind") or kinds.get(iri)
            tables[iri] = {"iri": iri, "kind": last_segment(kind), "label": table_label(s, kind, value(r, "title")),
                           "unit": None, "columns": {}, "rows": {}, "empty": False, "note": None, "pages": set()}
        return tables[iri]

    for c in columns:
        t = table(c)
        t["unit"] = t["unit"] or s.notation(value(c, "unit"))
        t["empty"] = bool(value(c, "empty", False))
        t["note"] = t["note"] or value(c, "note")
        if value(c, "page") is not None:
            t["pages"].add(int(value(c, "page")))
        m = value(c, "measure")
        if m and last_segment(m) not in t["columns"]:
            t["columns"][last_segment(m)] = {"iri": m, "slug": last_segment(m), "position": value(c, "position"),
                                             "phase": own, "label": measure_label(s, m, value(c, "label"))}
    for r in items:
        t = table(r)
        t["rows"].setdefault(value(r, "item"), {
            "iri": value(r, "item"), "scheme": value(r, "scheme"), "code": value(r, "code"),
            "name": value(r, "name") or "", "position": value(r, "position"), "number": value(r, "number"),
            "page": value(r, "page"), "amounts": {}, "phases": {}, "precision": {}, "shown": {},
        })
    for r in amounts:
        t = table(r)
        row = t["rows"].get(value(r, "item"))
        if row is None:  # an observation of something that is not a row (a project's amounts)
            continue
        m = value(r, "measure")
        phase = phase_of(r, own)
        key = column_key(last_segment(m), phase, own)
        if key not in t["columns"]:  # a column no bud:column names: another phase's, or an unlisted measure
            known = t["columns"].get(last_segment(m))
            t["columns"][key] = {"iri": m, "slug": key, "phase": phase, "position": known["position"] if known else None,
                                 "label": known["label"] if known else measure_label(s, m)}
        yuan = Decimal(value(r, "amount"))
        row["phases"].setdefault(phase, {})[last_segment(m)] = yuan
        if value(r, "precision") is not None:
            row["precision"][(phase, last_segment(m))] = Decimal(value(r, "precision"))
        if phase == own:
            row["amounts"][last_segment(m)] = yuan
            t["unit"] = t["unit"] or value(r, "printedUnit")
        row["shown"][key] = shown(yuan, value(r, "printed"), value(r, "printedUnit"))
    phases = tuple(p for p in labels.PHASE_ORDER if p != own) + (own,)
    out = []
    for t in sorted(tables.values(), key=lambda t: (labels.table_order(t["kind"]), t["iri"])):
        t["unit"] = t["unit"] or "元"
        declared = [c for c in t["columns"].values() if c["phase"] == own and c["position"] is not None]
        for phase in {c["phase"] for c in t["columns"].values()} - {own}:  # each phase over the printed columns
            for c in declared:
                t["columns"].setdefault(column_key(c["slug"], phase, own), {**c, "slug": column_key(c["slug"], phase, own),
                                                                           "phase": phase})
        cols = sorted(t["columns"].values(), key=lambda c: (phases.index(c["phase"]) if c["phase"] in phases else 9,
                                                             c["position"] is None, c["position"] or 0, c["slug"]))
        t["measures"] = [(c["slug"], c["label"]) for c in cols]
        t["column_phases"] = {c["slug"]: c["phase"] for c in cols}
        t["rows"] = sorted(t["rows"].values(), key=_row_key)
        for row in t["rows"]:
            row["level"] = labels.level_of(row["code"])
        t["pages"] = sorted(t["pages"])
        out.append(layout.lay_out(t))
    return out


def load_tables(s: SiteData, budget: rdflib.URIRef) -> list[dict]:
    """The document's tables, read from its document graph."""
    g = s.graph_of(str(budget))
    return budget_tables(s, s.select("web_budget_columns", budget=budget, graph=g),
                         s.select("web_budget_items", budget=budget, graph=g),
                         s.select("web_budget_amounts", budget=budget, graph=g), own_phase(str(budget), s.base))


# tables whose 类 (level-1) rows make each chart; the first one present wins
CHART_SOURCES = {
    "functional": ("general_budget_expenditure", "expenditure_summary", "fiscal_appropriation_summary"),
    "economic": ("general_budget_basic_expenditure",),
}


def chart_bars(tables: list[dict], scheme: str) -> list[dict]:
    """Bars for one chart: the 类 rows' totals in 元, largest first, widths as a share of the largest."""
    for kind in CHART_SOURCES[scheme]:
        for t in (t for t in tables if t["kind"] == kind):
            bars = [
                {"code": r["code"], "name": r["name"], "yuan": r["amounts"]["total"], "shown": r["shown"]["total"],
                 "unit": t["unit"], "iri": r["iri"]}
                for r in t["rows"]
                if r["level"] == 1 and r["amounts"].get("total", 0) > 0
            ]
            if bars:
                top = max(b["yuan"] for b in bars)
                for b in bars:
                    b["share"] = (b["yuan"] * 100 / top).quantize(Decimal("0.1"))
                return sorted(bars, key=lambda b: -b["yuan"])
    return []


def findings(rows: list[dict]) -> list[dict]:
    """One entry per validation result (messages in zh and en), most severe first."""
    results: dict[str, dict] = {}
    for r in rows:
        key = value(r, "result")
        sev = last_segment(value(r, "severity", "")).rsplit("#", 1)[-1]
        f = results.setdefault(key, {"severity": sev, "label": labels.SEVERITY_LABELS.get(sev, (sev, sev)),
                                     "zh": None, "en": None, "focus": value(r, "focus"),
                                     "focusLabel": value(r, "focusLabel")})
        msg = r.get("message")
        if msg is not None:
            lang = getattr(msg, "language", None)
            f["en" if lang == "en" else "zh"] = f["en" if lang == "en" else "zh"] or str(msg)
    order = {s: i for i, s in enumerate(labels.SEVERITY_ORDER)}
    return sorted(results.values(), key=lambda f: (order.get(f["severity"], 9), f["zh"] or f["en"] or ""))


# --- builders -----------------------------------------------------------------------------------------

def execution_context(s: SiteData, iri: str, kind: str, tables: list[dict]) -> dict:
    """What a budget or final-accounts page shows of the pair: the other document (if stored), each table
    both print compared line by line, and the pair's headline (:mod:`budget_lod.web.execution`)."""
    other = execution.counterpart(s, iri)
    comparisons: list[dict] = []
    if kind == "budget" and other:
        comparisons = execution.compare_tables(tables, load_tables(s, rdflib.URIRef(other)), iri, other)
    elif kind == "final_accounts":
        budget_tables_ = load_tables(s, rdflib.URIRef(other)) if other else None
        comparisons = execution.compare_tables(budget_tables_, tables, other, iri)
        for c in comparisons:  # on the final accounts' page, their own titles
            c["label"] = c["final_label"]
    return {"other": other, "other_kind": "final_accounts" if kind == "budget" else "budget",
            "comparisons": comparisons, "headline": execution.headline(comparisons)}


def budget_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    """A budget's or final accounts' page: its tables as printed, charts, findings, projects and the other
    document of the pair side by side with it."""
    b = rdflib.URIRef(iri)
    g = s.graph_of(iri)
    kind = uris.ROOTS[parts["root"]]
    meta = _first(s.select("web_budget_meta_in", budget=b, graph=g))
    tables = load_tables(s, b)
    report_graph = rdflib.URIRef(f"{g}/report")
    projects = _plain(s.select("web_budget_projects", budget=b, graph=g,
                               amountMeasure=rdflib.URIRef(s.minter.concept("measure", "amount"))))
    for p in projects:
        p["shownCode"] = "" if labels.GENERATED_PROJECT_CODE.match(p.get("code") or "") else p.get("code")
    dump = f"{s.base}dumps/{iri[len(s.base) + len('id/'):]}"
    dates = budget_dates(s, iri)
    noun = labels.DOCUMENT_LABELS[kind]
    return {
        "template": "budget.html",
        "document_kind": kind, "noun": noun, "tables_heading": labels.DOCUMENT_TABLES[kind],
        **execution_context(s, iri, kind, tables),
        "meta": meta,
        "dates": dates,
        "tables": tables,
        "charts": {scheme: chart_bars(tables, scheme) for scheme in CHART_SOURCES},
        "findings": findings(s.select("web_budget_findings", reportGraph=report_graph, graph=g)),
        "projects": projects,
        "pdf": source_link(meta.get("sha")),
        "dumps": {"Turtle": dump + ".ttl", "JSON-LD": dump + ".jsonld", "CSV": dump + ".csv"},
        "schema": {
            "@type": "Dataset", "name": meta.get("label") or iri, "url": iri,
            "description": f"{meta.get('deptName', '')} {meta.get('year', '')} 年部门{noun[0]} ({noun[1]} disclosure)",
            "temporalCoverage": str(meta.get("year", "")),
            **({"datePublished": dates["issued"].isoformat(), "dateModified": dates["modified"].isoformat()}
               if dates else {}),
            "creator": {"@type": "GovernmentOrganization", "name": meta.get("deptName"), "url": meta.get("dept")},
            "distribution": [{"@type": "DataDownload", "encodingFormat": mt, "contentUrl": dump + ext}
                             for mt, ext in (("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"),
                                             ("text/csv", ".csv"))],
        },
    }


def budget_dates(s: SiteData, budget: str) -> dict[str, dt.datetime]:
    """``{"issued": datetime, "modified": datetime}`` (UTC) from the budget's ingest record; ``{}`` if the store
    holds none (a store written before records)."""
    return {key: parse_datetime(str(lit)) for key, lit in dataset_dates(s, s.minter.dataset(budget)).items()}


def table_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    """One table as printed (the budget's tables, keeping this one)."""
    budget = iri.split("/table/", 1)[0]
    b = rdflib.URIRef(budget)
    tables = [t for t in load_tables(s, b)
              if t["iri"] == iri]
    meta = _first(s.select("web_budget_meta_in", budget=b, graph=s.graph_of(budget)))
    pages = sorted(int(p) for p in graph.objects(rdflib.URIRef(iri), rdflib.URIRef(s.minter.vocab + "page")))
    label = tables[0]["label"] if tables else (iri, "")
    return {"template": "table.html", "tables": tables, "meta": meta, "budget": budget,
            "pdf": source_link(meta.get("sha"), pages[0] if pages else None), "pages": pages,
            "schema": {"@type": "Table", "name": label[0], "url": iri, "isPartOf": budget}}


def stated_in(s: SiteData, iri: str) -> bool:
    """Whether the document graph of ``iri`` states anything about it (one bound look-up)."""
    graph = s.graph_of(iri)
    return graph is not None and bool(s.select("web_exists_in", iri=rdflib.URIRef(iri), graph=graph))


def item_context(s: SiteData, iri: str, amounts: list[dict]) -> dict:
    """A line item beside its counterpart in the other document of the pair: that line item (if printed),
    the other document (if stored) and the figures per measure (:func:`execution.item_execution`)."""
    mine = execution.kind_of(iri, s.base)
    other = execution.counterpart(s, iri)
    other_amounts = item_amounts(s, rdflib.URIRef(other)) if other else None
    other_table = bool(other_amounts) or (other is not None and stated_in(s, other.rsplit("/", 2)[0]))
    rows = execution.item_execution(mine, amounts, other_amounts, other_table)
    units = {a["unit"] for a in amounts + (other_amounts or [])}
    return {"document_kind": mine, "noun": labels.DOCUMENT_LABELS[mine],
            "other_item": other if other_amounts else None,
            "other_document": other.split("/table/", 1)[0] if other else None,
            "other_noun": labels.DOCUMENT_LABELS["final_accounts" if mine == "budget" else "budget"],
            "execution": rows, "execution_unit": units.pop() if len(units) == 1 else "元",
            "execution_columns": [k for k in ("budget", "initial", "adjusted") if any(r[k] is not None for r in rows)]}


def line_item_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    it = rdflib.URIRef(iri)
    meta = _first(s.select("web_line_item", item=it, graph=s.graph_of(iri)))
    amounts = item_amounts(s, it)
    path = concept_path(s, meta["concept"]) if meta.get("concept") else []
    page = meta.get("page") or next((a["page"] for a in amounts if a["page"]), None)
    own = [a for a in amounts if a["own"]] or amounts
    total = next((a for a in own if a["measure"] == "total"), own[0] if own else None)
    return {
        "template": "line_item.html", "meta": meta, "amounts": amounts, "path": path,
        **item_context(s, iri, amounts),
        "phased": any(not a["own"] for a in amounts),
        "unit": own[0]["unit"] if own else "元",
        "page": page, "pdf": source_link(meta.get("sha"), page),
        "table_label": table_label(s, meta.get("kind"), meta.get("title")),
        "schema": {
            "@type": "MonetaryAmount", "name": meta.get("name") or meta.get("code"), "url": iri, "currency": "CNY",
            "value": str(total["yuan"]) if total else None,
            "description": f"{meta.get('budgetLabel', '')} — {meta.get('code', '')} {meta.get('name', '')}",
        },
    }


def generic_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    """Any other resource (table, observation, indicator, report, code-list concept …): its statements."""
    subject = rdflib.URIRef(iri)
    name = graph.value(subject, RDFS.label) or graph.value(subject, SKOS.prefLabel)
    types = [graph.namespace_manager.normalizeUri(t) for t in graph.objects(subject, RDF.type)]
    return {"template": "resource.html", "name": str(name) if name else None, "types": types,
            "schema": {"@type": "Thing", "name": str(name) if name else iri, "url": iri}}


BUILDERS: dict[str, Builder] = {
    "budget": budget_page,
    "table": table_page,
    "line_item": line_item_page,
    "code": code_page,
    "project": project_page,
    "indicator": indicator_page,
    "department": department_page,
}


def build(kind: str, s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    return BUILDERS.get(kind, generic_page)(s, iri, parts, graph)
