"""A department's page: its budgets and final accounts year by year, and one chart of what it budgeted beside
what it spent each year.

The documents are the department's own (one look-up bound to the department); each one's headline figure is
the 合计 line of one table kind (``labels.DEPARTMENT_FIGURE_TABLES``: the first both documents of a year print,
so both bars are the same money), read from its own graph — the page costs what the department has published,
whatever else is stored. A year whose budget is not stored is charted against the final accounts' own
年初预算数 where they state one.
"""

from __future__ import annotations

from decimal import Decimal

import rdflib
from rdflib.namespace import RDFS, SKOS

from budget_lod.web import execution, labels
from budget_lod.web.page_data import last_segment, plain
from budget_lod.web.queries import value
from budget_lod.web.site import SiteData

KIND_OF_TYPE = {"Budget": "budget", "FinalAccounts": "final_accounts"}


def document_totals(s: SiteData, iri: str) -> dict[str, dict[str, Decimal]]:
    """Table kind → phase → the 合计 line's 合计 in 元, of one document."""
    own = "final" if execution.kind_of(iri, s.base) == "final_accounts" else "budget"
    out: dict[str, dict[str, Decimal]] = {}
    for r in s.select("web_document_totals", budget=rdflib.URIRef(iri), graph=s.graph_of(iri),
                      measure=rdflib.URIRef(s.minter.concept("measure", "total"))):
        phase = last_segment(value(r, "phase")) or own
        out.setdefault(last_segment(value(r, "kind")), {})[phase] = Decimal(value(r, "amount"))
    return out


def _figure(totals: dict[str, dict[str, Decimal]], kind: str | None, phase: str) -> Decimal | None:
    return totals.get(kind, {}).get(phase) if kind else None


def year_figures(budget: dict | None, final: dict | None) -> dict:
    """One year of the chart: the table kind both documents' headline comes from, the budgeted figure (the
    budget's; without one the 决算's stated 年初预算数), the final figure and the execution rate."""
    bt, ft = (budget or {}).get("totals", {}), (final or {}).get("totals", {})
    kinds = labels.DEPARTMENT_FIGURE_TABLES
    kind = next((k for k in kinds if k in bt and k in ft), None) \
        or next((k for k in kinds if k in bt or k in ft), None)
    planned = _figure(bt, kind, "budget")
    source = "budget" if planned is not None else None
    if planned is None:
        planned = _figure(ft, kind, "initial_budget")
        source = "initial" if planned is not None else None
    spent = _figure(ft, kind, "final")
    return {"table": kind, "planned": planned, "planned_source": source, "final": spent,
            "rate": execution.rate(spent, planned) if spent is not None else None}


def chart(years: list[dict]) -> dict:
    """Bar heights (share of the largest figure, per cent to 0.1) for the years' planned and final figures."""
    top = max([y[k] for y in years for k in ("planned", "final") if y[k] is not None] or [Decimal(0)])
    for y in years:
        for k in ("planned", "final"):
            y[f"{k}_share"] = (y[k] * 100 / top).quantize(Decimal("0.1")) if top and y[k] is not None else None
    return {"years": years, "top": top}


def department_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    d = rdflib.URIRef(iri)
    name = graph.value(d, RDFS.label) or graph.value(d, SKOS.prefLabel)
    docs = plain(s.select("web_department_budgets", dept=d))
    by_year: dict[int, dict] = {}
    for doc in docs:
        kind = KIND_OF_TYPE.get((doc.get("type") or "").rsplit("#", 1)[-1], "budget")
        year = int(doc["year"]) if str(doc.get("year") or "").isdigit() else 0
        entry = by_year.setdefault(year, {"year": year, "budget": None, "final_accounts": None})
        if entry[kind] is None:
            entry[kind] = {"iri": doc["budget"], "label": doc.get("label"), "totals": document_totals(s, doc["budget"])}
    years = [{**entry, **year_figures(entry["budget"], entry["final_accounts"])}
             for _, entry in sorted(by_year.items())]
    for y in years:
        y["table_label"] = labels.TABLE_LABELS.get(y["table"], (y["table"], y["table"])) if y["table"] else None
    unit = "万元" if any((y["planned"] or 0) >= 10000 or (y["final"] or 0) >= 10000 for y in years) else "元"
    return {"template": "department.html", "name": str(name) if name else iri, "budgets": docs,
            "years": sorted(years, key=lambda y: -y["year"]), "chart": chart(years), "chart_unit": unit,
            "schema": {"@type": "GovernmentOrganization", "name": str(name) if name else None, "url": iri}}
