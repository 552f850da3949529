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

from budget_lod.rdf import codes
from budget_lod.rdf.records import parse_datetime
from budget_lod.web import labels, listing, tables as layout
from budget_lod.web.catalog import dataset_dates
from budget_lod.web.page_data import first as _first
from budget_lod.web.page_data import item_amounts, last_segment, measure_label, plain as _plain, shown, source_link, table_label
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


def budget_tables(s: SiteData, columns: list[dict], items: list[dict], amounts: list[dict]) -> list[dict]:
    """The budget's tables as printed: columns in printed order, rows with code, name, level and amounts."""
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
        if m and m not in t["columns"]:
            t["columns"][m] = {"iri": m, "slug": last_segment(m), "position": value(c, "position"),
                               "label": measure_label(s, m, value(c, "label"))}
    for r in items:
        t = table(r)
        t["rows"].setdefault(value(r, "item"), {
            "iri": value(r, "item"), "scheme": value(r, "scheme"), "code": value(r, "code"),
            "name": value(r, "name") or "", "position": value(r, "position"), "number": value(r, "number"),
            "page": value(r, "page"), "amounts": {}, "shown": {},
        })
    for r in amounts:
        t = table(r)
        row = t["rows"].get(value(r, "item"))
        if row is None:  # an observation of something that is not a row (a project's amounts)
            continue
        m = value(r, "measure")
        if m not in t["columns"]:
            t["columns"][m] = {"iri": m, "slug": last_segment(m), "position": None, "label": measure_label(s, m)}
        yuan = Decimal(value(r, "amount"))
        row["amounts"][last_segment(m)] = yuan
        t["unit"] = t["unit"] or value(r, "printedUnit")
        row["shown"][last_segment(m)] = shown(yuan, value(r, "printed"), value(r, "printedUnit"))
    out = []
    for t in sorted(tables.values(), key=lambda t: (labels.table_order(t["kind"]), t["iri"])):
        t["unit"] = t["unit"] or "元"
        t["measures"] = [(c["slug"], c["label"]) for c in
                         sorted(t["columns"].values(), key=lambda c: (c["position"] is None, c["position"] or 0))]
        t["rows"] = sorted(t["rows"].values(), key=_row_key)
        for row in t["rows"]:
            row["level"] = labels.level_of(row["code"])
        t["pages"] = sorted(t["pages"])
        out.append(layout.lay_out(t))
    return out


def load_tables(s: SiteData, budget: rdflib.URIRef) -> list[dict]:
    """The budget's tables, read from its document graph."""
    g = s.graph_of(str(budget))
    return budget_tables(s, s.select("web_budget_columns", budget=budget, graph=g),
                         s.select("web_budget_items", budget=budget, graph=g),
                         s.select("web_budget_amounts", budget=budget, graph=g))


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


def _concepts(rows: list[dict]) -> list[dict]:
    """Concept rows (one per label seen) → one per concept, shortest code first (类 → 款 → 项)."""
    seen: dict[str, dict] = {}
    for r in rows:
        c = seen.setdefault(value(r, "concept"), {"iri": value(r, "concept"), "notation": value(r, "notation") or "",
                                                  "label": value(r, "label")})
        c["label"] = c["label"] or value(r, "label")
    out = sorted(seen.values(), key=lambda c: (len(c["notation"]), c["notation"]))
    for c in out:
        c["level"] = labels.LEVEL_LABELS.get(labels.level_of(c["notation"]), ("", ""))
    return out


def _known_concepts(stats, iris: list[str]) -> list[dict]:
    """The same entries as :func:`_concepts`, from the code concepts the store's statistics merge."""
    rows = [{"concept": rdflib.URIRef(i), "notation": rdflib.Literal(stats.concepts[i].notation),
             **({"label": rdflib.Literal(stats.concepts[i].label)} if stats.concepts[i].label else {})}
            for i in iris if i in stats.concepts]
    return _concepts(rows)


def concept_path(s: SiteData, concept: str) -> list[dict]:
    """A code and its broader codes (类 → 款 → 项), from the statistics when the store keeps them."""
    stats = listing.statistics(s)
    if stats is not None and concept in stats.concepts:
        return _known_concepts(stats, stats.path(concept))
    return _concepts(s.select("web_concept_path", concept=rdflib.URIRef(concept)))


def narrower_concepts(s: SiteData, concept: str) -> list[dict]:
    """The codes directly under a code, from the statistics when the store keeps them."""
    stats = listing.statistics(s)
    if stats is not None:
        return _known_concepts(stats, stats.narrower.get(concept, []))
    return _concepts(s.select("web_concept_narrower", concept=rdflib.URIRef(concept)))


# --- builders -----------------------------------------------------------------------------------------

def budget_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    b = rdflib.URIRef(iri)
    g = s.graph_of(iri)
    meta = _first(s.select("web_budget_meta_in", budget=b, graph=g))
    tables = load_tables(s, b)
    report_graph = rdflib.URIRef(f"{g}/report")
    projects = _plain(s.select("web_budget_projects", budget=b, graph=g,
                               amountMeasure=rdflib.URIRef(s.minter.concept("measure", "amount"))))
    for p in projects:
        p["shownCode"] = "" if labels.GENERATED_PROJECT_CODE.match(p.get("code") or "") else p.get("code")
    dump = f"{s.base}dumps/{iri[len(s.base) + len('id/'):]}"
    dates = budget_dates(s, iri)
    return {
        "template": "budget.html",
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
            "description": f"{meta.get('deptName', '')} {meta.get('year', '')} 年部门预算 (budget disclosure)",
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


def line_item_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    it = rdflib.URIRef(iri)
    meta = _first(s.select("web_line_item", item=it, graph=s.graph_of(iri)))
    amounts = item_amounts(s, it)
    path = concept_path(s, meta["concept"]) if meta.get("concept") else []
    page = meta.get("page") or next((a["page"] for a in amounts if a["page"]), None)
    total = next((a for a in amounts if a["measure"] == "total"), amounts[0] if amounts else None)
    return {
        "template": "line_item.html", "meta": meta, "amounts": amounts, "path": path,
        "unit": amounts[0]["unit"] if amounts else "元",
        "page": page, "pdf": source_link(meta.get("sha"), page),
        "table_label": table_label(s, meta.get("kind"), meta.get("title")),
        "schema": {
            "@type": "MonetaryAmount", "name": meta.get("name") or meta.get("code"), "url": iri, "currency": "CNY",
            "value": str(total["yuan"]) if total else None,
            "description": f"{meta.get('budgetLabel', '')} — {meta.get('code', '')} {meta.get('name', '')}",
        },
    }


def code_name(names: list[str] | dict[str, int], code: str) -> str:
    """The name to title a code with: the one printed most often, ordinals (一、, 1.) taken off. ``names``: each
    name as printed, or name → how often."""
    counts: dict[str, int] = {}
    for name, n in (names.items() if isinstance(names, dict) else ((name, 1) for name in names)):
        if name:
            plain = labels.ORDINAL_PREFIX.sub("", name).strip()
            counts[plain] = counts.get(plain, 0) + n
    return max(sorted(counts), key=counts.__getitem__) if counts else code


def code_matrix(items: list[dict]) -> dict:
    """One row per department, one column per year: the headline figure of the code in each budget (from the
    first table of ``labels.CODE_FIGURE_TABLES`` that has it), in 元, with its line item."""
    order = {k: i for i, k in enumerate(labels.CODE_FIGURE_TABLES)}
    cells: dict[tuple[str, int], dict] = {}
    for i in items:
        key = (i.get("dept") or i.get("deptName") or "", i.get("year"))
        rank = order.get(last_segment(i.get("kind")), len(order))
        if key not in cells or rank < cells[key]["rank"]:
            cells[key] = {**i, "rank": rank}
    years = sorted({y for _, y in cells if y is not None}, reverse=True)
    depts: dict[str, str] = {}
    for (dept, _), c in sorted(cells.items(), key=lambda kv: (kv[1].get("deptName") or "", kv[0][0])):
        depts.setdefault(dept, c.get("deptName") or dept)
    rows = [{"dept": d, "name": n, "cells": [cells.get((d, y)) for y in years]} for d, n in depts.items()]
    totals = [sum((r["cells"][n]["amount"] for r in rows if r["cells"][n]), Decimal(0)) for n in range(len(years))]
    return {"years": years, "rows": rows, "totals": totals}


LIST_ALL_UP_TO = 50  # a code used by at most this many lines lists them all on one page


def code_items(s: SiteData, concept: rdflib.URIRef, page: int, size: int) -> tuple[list[dict], dict | None]:
    """The line items classified under a code, as plain rows, and the paging (None: all on one page).

    A code used by few lines (at most :data:`LIST_ALL_UP_TO`, found by a look-up that stops there) lists
    them all; a code used across many budgets is paged through the budgets in catalog order, ``size`` at a
    time, so a page costs the same whatever the number of budgets."""
    measure = rdflib.URIRef(s.minter.concept("measure", "total"))
    if len(s.select("web_code_items_first", concept=concept, limit=LIST_ALL_UP_TO + 1)) <= LIST_ALL_UP_TO:
        return _plain(s.select("web_code_items", concept=concept, measure=measure)), None
    total = listing.budget_total(s)
    last = listing.pages(total, size)
    page = min(max(page, 1), last)
    items = [row for b in listing.budget_iris(s, size, (page - 1) * size)
             for row in _plain(s.select("web_code_items_in", concept=concept, measure=measure, graph=s.graph_of(b)))]
    return items, {"page": page, "last": last, "size": size, "budgets": total,
                   "first": (page - 1) * size + 1, "to": min(page * size, total)}


def code_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    from flask import current_app, request

    c = rdflib.URIRef(iri)
    code = parts["code"]
    names: dict[str, int] = {}
    for lbl in (lbl for p in (SKOS.prefLabel, SKOS.altLabel) for lbl in graph.objects(c, p)
                if getattr(lbl, "language", None) in ("zh", None)):
        names[str(lbl)] = names.get(str(lbl), 0) + 1
    stats = listing.statistics(s)
    if stats is not None and iri in stats.concepts:  # every graph's labels, by the number of graphs stating each
        names = dict(stats.concepts[iri].labels)
    try:
        page = int(request.args.get("page", 1))
    except ValueError:
        page = 1
    items, paging = code_items(s, c, page, int(current_app.config.get("CODE_PAGE_SIZE", 10)))
    for i in items:
        i["kindLabel"] = table_label(s, i.get("kind"), None)
        i["shown"] = shown(i.get("amount"), i.get("printed"), i.get("printedUnit"))
        i["year"] = int(i["year"]) if str(i.get("year") or "").isdigit() else None  # a plain literal from elsewhere too
    items.sort(key=lambda i: (i.get("deptName") or "", -(i.get("year") or 0),
                              labels.table_order(last_segment(i.get("kind")))))
    for i in items:
        if i.get("name"):
            names[i["name"]] = names.get(i["name"], 0) + 1
    label = code_name(names, code)
    if paging:
        doc = iri.replace(f"{s.base}id/", f"{s.base}doc/", 1)
        paging["previous"] = f"{doc}?page={paging['page'] - 1}" if paging["page"] > 1 else None
        paging["next"] = f"{doc}?page={paging['page'] + 1}" if paging["page"] < paging["last"] else None
    return {
        "template": "code.html", "code": code, "label": label,
        "scheme": labels.SCHEME_LABELS.get(parts["scheme"], (parts["scheme"], parts["scheme"])),
        "level": labels.LEVEL_LABELS.get(labels.level_of(code), ("", "")),
        "items": items, "matrix": code_matrix(items), "paging": paging, "path": concept_path(s, iri),
        "narrower": narrower_concepts(s, iri),
        "figure_tables": [table_label(s, codes.table_kind_concept(s.minter, k), None)[0]
                          for k in labels.CODE_FIGURE_TABLES[:3]],
        "schema": {"@type": "DefinedTerm", "name": label, "termCode": code, "url": iri,
                   "inDefinedTermSet": s.minter.scheme(parts["scheme"])},
    }


def department_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    d = rdflib.URIRef(iri)
    name = graph.value(d, RDFS.label) or graph.value(d, SKOS.prefLabel)
    budgets = _plain(s.select("web_department_budgets", dept=d))
    return {"template": "department.html", "name": str(name) if name else iri, "budgets": budgets,
            "schema": {"@type": "GovernmentOrganization", "name": str(name) if name else None, "url": iri}}


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
