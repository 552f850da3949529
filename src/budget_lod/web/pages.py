"""HTML pages: one builder per kind of resource (chosen from its URI), each returning a template context.

Builders read the store only through ``SiteData`` (named queries and ``describe``); the graph the
resource's document was rendered from is passed in, so the HTML and RDF views share one data path.
Every page carries schema.org JSON-LD (``schema_org``) for search engines.
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from typing import Callable

import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from budget_lod.model.amounts import UNIT_FACTORS
from budget_lod.web import labels
from budget_lod.web.queries import value
from budget_lod.web.site import SiteData

Builder = Callable[[SiteData, str, dict, rdflib.Graph], dict]

MEASURE_ORDER = tuple(labels.MEASURE_LABELS)


def in_unit(yuan: Decimal | None, unit: str | None) -> Decimal | None:
    """An amount in 元 shown in the unit its table printed (万元 tables show 万元, exactly)."""
    if yuan is None:
        return None
    return Decimal(yuan) / UNIT_FACTORS.get(unit or "元", Decimal(1))


def source_link(sha: str | None, page: int | None = None) -> str | None:
    if not sha:
        return None
    return f"/sources/{sha}.pdf" + (f"#page={page}" if page else "")


def _measure_key(m: str) -> tuple[int, str]:
    return (MEASURE_ORDER.index(m) if m in MEASURE_ORDER else len(MEASURE_ORDER), m)


def _row_key(row: dict) -> tuple:
    if row["order"] is not None:
        return (0, row["order"], row["code"])
    return (1 if row["code"] != "TOTAL" else 0, 0, row["code"])


def budget_tables(rows: list[dict]) -> list[dict]:
    """Query rows (one per amount) grouped into tables → rows → {measure: amount in 元}."""
    tables: dict[str, dict] = {}
    for r in rows:
        t = tables.setdefault(value(r, "table"), {
            "iri": value(r, "table"), "kind": value(r, "kind"), "title": value(r, "title"),
            "unit": value(r, "unit") or "元", "rows": OrderedDict(), "measures": {},
        })
        item = value(r, "item")
        row = t["rows"].setdefault(item, {
            "iri": item, "code": value(r, "code"), "name": value(r, "name") or "",
            "order": value(r, "order"), "page": value(r, "page"), "amounts": {},
        })
        measure = value(r, "measure")
        if measure is not None:
            row["amounts"][measure] = Decimal(value(r, "amount"))
            t["measures"].setdefault(measure, value(r, "measureLabel") or labels.MEASURE_LABELS.get(measure, (measure,))[0])
    out = []
    for t in sorted(tables.values(), key=lambda t: (labels.table_order(t["kind"]), t["kind"])):
        t["label"] = labels.TABLE_LABELS.get(t["kind"], (t["title"] or t["kind"], t["kind"]))
        t["measures"] = sorted(t["measures"].items(), key=lambda kv: _measure_key(kv[0]))
        t["rows"] = sorted(t["rows"].values(), key=_row_key)
        for row in t["rows"]:
            row["level"] = labels.level_of(row["code"])
            row["shown"] = {m: in_unit(a, t["unit"]) for m, a in row["amounts"].items()}
        out.append(t)
    return out


# tables whose top-level rows (类) make each chart, first one present wins
CHART_SOURCES = {
    "functional": ("general_budget_expenditure", "expenditure_summary", "fiscal_appropriation_summary"),
    "economic": ("general_budget_basic_expenditure",),
}


def chart_bars(tables: list[dict], scheme: str) -> list[dict]:
    """Bars for one chart: the 类 (level-1) rows' totals, in 元, widths as a share of the largest."""
    by_kind = {t["kind"]: t for t in tables}
    for kind in CHART_SOURCES[scheme]:
        t = by_kind.get(kind)
        if not t:
            continue
        bars = [
            {"code": r["code"], "name": r["name"], "yuan": r["amounts"]["total"], "shown": r["shown"]["total"],
             "unit": t["unit"], "iri": r["iri"]}
            for r in t["rows"]
            if r["level"] == 1 and "total" in r["amounts"] and r["amounts"]["total"] > 0
        ]
        if bars:
            top = max(b["yuan"] for b in bars)
            for b in bars:
                b["share"] = (b["yuan"] * 100 / top).quantize(Decimal("0.1"))
            return sorted(bars, key=lambda b: -b["yuan"])
    return []


def findings(rows: list[dict]) -> list[dict]:
    out = []
    for r in rows:
        sev = value(r, "severity", "").rsplit("#", 1)[-1]
        out.append({"severity": sev, "label": labels.SEVERITY_LABELS.get(sev, (sev, sev)),
                    "message": value(r, "message"), "focus": value(r, "focus"), "focusLabel": value(r, "focusLabel")})
    order = {s: i for i, s in enumerate(labels.SEVERITY_ORDER)}
    return sorted(out, key=lambda f: (order.get(f["severity"], 9), f["message"] or ""))


def _first(rows: list[dict]) -> dict:
    return {k: value(rows[0], k) for k in rows[0]} if rows else {}


# --- builders -----------------------------------------------------------------------------------------

def budget_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    b = rdflib.URIRef(iri)
    meta = _first(s.select("web_budget_meta", budget=b))
    tables = budget_tables(s.select("web_budget_rows", budget=b))
    projects = [{k: value(r, k) for k in r} for r in s.select("web_budget_projects", budget=b)]
    dump = f"{s.base}dumps/{iri[len(s.base) + 3:]}"  # {base}dumps/budget/{dept}/{year}/{scope}
    return {
        "template": "budget.html",
        "meta": meta,
        "tables": tables,
        "charts": {scheme: chart_bars(tables, scheme) for scheme in CHART_SOURCES},
        "findings": findings(s.select("web_budget_findings", budget=b)),
        "projects": projects,
        "pdf": source_link(meta.get("sha")),
        "dumps": {"Turtle": dump + ".ttl", "JSON-LD": dump + ".jsonld", "CSV": dump + ".csv"},
        "schema": {
            "@type": "Dataset", "name": meta.get("label") or iri, "url": iri,
            "description": f"{meta.get('deptName', '')} {meta.get('year', '')} 部门预算 (budget disclosure)",
            "temporalCoverage": str(meta.get("year", "")),
            "creator": {"@type": "GovernmentOrganization", "name": meta.get("deptName")},
            "distribution": [{"@type": "DataDownload", "encodingFormat": mt, "contentUrl": dump + ext}
                             for mt, ext in (("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"),
                                             ("text/csv", ".csv"))],
        },
    }


def line_item_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    it = rdflib.URIRef(iri)
    meta = _first(s.select("web_line_item", item=it))
    unit = meta.get("unit") or "元"
    amounts = []
    for r in sorted(s.select("web_line_item_amounts", item=it), key=lambda r: _measure_key(value(r, "measure"))):
        m = value(r, "measure")
        yuan = Decimal(value(r, "amount"))
        amounts.append({"measure": m, "label": value(r, "measureLabel") or labels.MEASURE_LABELS.get(m, (m,))[0],
                        "en": labels.MEASURE_LABELS.get(m, ("", m))[1], "yuan": yuan, "shown": in_unit(yuan, unit),
                        "page": value(r, "page"), "printed": value(r, "printed"), "obs": value(r, "obs")})
    path = []
    if meta.get("concept"):
        path = sorted(({"iri": value(r, "concept"), "notation": value(r, "notation") or "", "label": value(r, "label")}
                       for r in s.select("web_concept_path", concept=rdflib.URIRef(meta["concept"]))),
                      key=lambda c: len(c["notation"]))
        for c in path:
            c["level"] = labels.LEVEL_LABELS.get(labels.level_of(c["notation"]), ("", ""))
    page = meta.get("page") or next((a["page"] for a in amounts if a["page"]), None)
    total = next((a for a in amounts if a["measure"] == "total"), amounts[0] if amounts else None)
    return {
        "template": "line_item.html", "meta": meta, "unit": unit, "amounts": amounts, "path": path,
        "page": page, "pdf": source_link(meta.get("sha"), page),
        "table_label": labels.TABLE_LABELS.get(meta.get("kind"), (meta.get("title"), meta.get("kind"))),
        "schema": {
            "@type": "MonetaryAmount", "name": meta.get("name") or meta.get("code"), "url": iri, "currency": "CNY",
            "value": str(total["yuan"]) if total else None,
            "description": f"{meta.get('budgetLabel', '')} — {meta.get('code', '')} {meta.get('name', '')}",
        },
    }


def code_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    c = rdflib.URIRef(iri)
    label = graph.value(c, SKOS.prefLabel) or graph.value(c, RDFS.label)
    items = [{k: value(r, k) for k in r} for r in s.select("web_code_items", concept=c)]
    path = sorted(({"iri": value(r, "concept"), "notation": value(r, "notation") or "", "label": value(r, "label")}
                   for r in s.select("web_concept_path", concept=c)), key=lambda x: len(x["notation"]))
    narrower = [{k: value(r, k) for k in r} for r in s.select("web_concept_narrower", concept=c)]
    code = parts["code"]
    return {
        "template": "code.html", "code": code, "label": str(label) if label else code,
        "scheme": labels.SCHEME_LABELS.get(parts["scheme"], (parts["scheme"], parts["scheme"])),
        "level": labels.LEVEL_LABELS.get(labels.level_of(code), ("", "")),
        "items": items, "path": path, "narrower": narrower,
        "schema": {"@type": "DefinedTerm", "name": str(label) if label else code, "termCode": code, "url": iri,
                   "inDefinedTermSet": s.minter.scheme(parts["scheme"])},
    }


def project_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    p = rdflib.URIRef(iri)
    meta = _first(s.select("web_project", project=p))
    indicators = [{k: value(r, k) for k in r} for r in s.select("web_project_indicators", project=p)]
    name = graph.value(p, RDFS.label)
    return {
        "template": "project.html", "meta": meta, "name": str(name) if name else parts["project"],
        "indicators": indicators, "pdf": source_link(meta.get("sha")),
        "schema": {"@type": "Project", "name": str(name) if name else parts["project"], "url": iri,
                   "description": meta.get("budgetLabel")},
    }


def department_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    d = rdflib.URIRef(iri)
    name = graph.value(d, SKOS.prefLabel) or graph.value(d, RDFS.label)
    budgets = [{k: value(r, k) for k in r} for r in s.select("web_department_budgets", dept=d)]
    return {"template": "department.html", "name": str(name) if name else iri, "budgets": budgets,
            "schema": {"@type": "GovernmentOrganization", "name": str(name) if name else None, "url": iri}}


def generic_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    """Any other resource (table, observation, indicator, report …): its statements, links followable."""
    subject = rdflib.URIRef(iri)
    name = graph.value(subject, RDFS.label) or graph.value(subject, SKOS.prefLabel)
    types = [graph.namespace_manager.normalizeUri(t) for t in graph.objects(subject, RDF.type)]
    return {"template": "resource.html", "name": str(name) if name else None, "types": types,
            "schema": {"@type": "Thing", "name": str(name) if name else iri, "url": iri}}


BUILDERS: dict[str, Builder] = {
    "budget": budget_page,
    "line_item": line_item_page,
    "code": code_page,
    "project": project_page,
    "department": department_page,
}


def build(kind: str, s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    return BUILDERS.get(kind, generic_page)(s, iri, parts, graph)
