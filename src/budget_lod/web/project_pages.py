"""Project and indicator pages: a project's amount, funding, cumulative spending plan and indicators grouped
as the 绩效目标表 prints them (一级 › 二级 › 三级); an indicator with its target, comparator, basis and project.

Amounts stay as printed (the project's unit) and in 元 as ``Decimal``; plan shares are exact to 0.1 %.
"""

from __future__ import annotations

import re
from decimal import Decimal

import rdflib
from rdflib.namespace import RDFS, SKOS

from budget_lod.web import labels
from budget_lod.web.page_data import first as _first
from budget_lod.web.page_data import item_amounts, last_segment, source_link
from budget_lod.web.page_data import plain as _plain
from budget_lod.web.site import SiteData

_PLAN = re.compile(r"^plan_(\d{2})$")


def plan_steps(amounts: list[dict], total: Decimal | None) -> list[dict]:
    """The cumulative spending plan (``plan_MM``: planned by the end of month MM), in month order, each with
    its month, its share of the project amount and its height in a chart (share of the largest figure)."""
    steps = sorted((a for a in amounts if _PLAN.match(a["measure"])), key=lambda a: a["measure"])
    top = max([a["yuan"] for a in steps] + ([total] if total else []), default=Decimal(0))
    out = []
    for a in steps:
        month = int(_PLAN.match(a["measure"]).group(1))
        out.append({**a, "month": month,
                    "share": (a["yuan"] * 100 / total).quantize(Decimal("0.1")) if total else None,
                    "height": (a["yuan"] * 100 / top).quantize(Decimal("0.1")) if top else Decimal(0)})
    return out


def indicator_number(iri: str) -> int:
    tail = last_segment(iri)
    return int(tail) if tail.isdigit() else 0


def grouped_indicators(indicators: list[dict]) -> list[dict]:
    """Indicators in printed order, grouped 一级 → 二级 (groups in order of first appearance); each row
    carries the row spans of its 一级 and 二级 cells (0 where a cell above already spans it)."""
    ordered = sorted(indicators, key=lambda i: indicator_number(i["indicator"]))
    groups: dict[str, dict[str, list[dict]]] = {}
    for i in ordered:
        groups.setdefault(i.get("level1Label") or "", {}).setdefault(i.get("level2Label") or "", []).append(i)
    rows = []
    for level1, by2 in groups.items():
        span1 = sum(len(v) for v in by2.values())
        for n2, (level2, items) in enumerate(by2.items()):
            for n, i in enumerate(items):
                rows.append({**i, "level1Label": level1, "level2Label": level2,
                             "span1": span1 if n2 == 0 and n == 0 else 0, "span2": len(items) if n == 0 else 0})
    return rows


def project_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    p = rdflib.URIRef(iri)
    meta = _first(s.select("web_project", project=p, graph=s.graph_of(iri)))
    indicators = list({i["indicator"]: i for i in _plain(s.select("web_project_indicators", project=p,
                                                                  graph=s.graph_of(iri)))}.values())
    for i in indicators:
        i["level1Label"] = i.get("level1Label") or s.concept_label(i.get("level1"))
        i["level2Label"] = i.get("level2Label") or s.concept_label(i.get("level2"))
    name = graph.value(p, RDFS.label)
    pages = sorted(int(x) for x in graph.objects(p, rdflib.URIRef(s.minter.vocab + "page")))
    amounts = item_amounts(s, p)
    amount = next((a for a in amounts if a["measure"] == "amount"), None)
    funding = [a for a in amounts if a["measure"] != "amount" and not _PLAN.match(a["measure"])]
    code = meta.get("code") or ""
    return {
        "template": "project.html", "meta": meta, "name": str(name) if name else parts["project"],
        "code": "" if labels.GENERATED_PROJECT_CODE.match(code) else code,
        "amount": amount, "funding": funding, "plan": plan_steps(amounts, amount["yuan"] if amount else None),
        "amounts": amounts, "indicators": grouped_indicators(indicators), "pages": pages,
        "pdf": source_link(meta.get("sha"), pages[0] if pages else None),
        "schema": {"@type": "Project", "name": str(name) if name else parts["project"], "url": iri,
                   "description": meta.get("purpose") or meta.get("budgetLabel"),
                   "funder": {"@type": "GovernmentOrganization", "name": meta.get("deptName")},
                   "amount": ({"@type": "MonetaryAmount", "currency": "CNY", "value": str(amount["yuan"])}
                              if amount else None)},
    }


def indicator_page(s: SiteData, iri: str, parts: dict, graph: rdflib.Graph) -> dict:
    """A performance indicator: its levels, target (comparator, value, unit), basis and project."""
    i = rdflib.URIRef(iri)
    B = rdflib.Namespace(s.minter.vocab)
    project = iri.rsplit("/indicator/", 1)[0]
    meta = _first(s.select("web_project", project=rdflib.URIRef(project), graph=s.graph_of(project)))
    project_amount = next((a for a in item_amounts(s, rdflib.URIRef(project)) if a["measure"] == "amount"), None)

    def text(p) -> str | None:
        v = graph.value(i, p)
        return str(v) if v is not None else None

    def level(p) -> str | None:
        c = graph.value(i, p)
        return (str(graph.value(c, SKOS.prefLabel) or "") or s.concept_label(str(c))) if c is not None else None

    page = graph.value(i, B.page)
    name = text(RDFS.label)
    comparator = text(B.comparator)
    value = graph.value(i, B.targetValue)
    return {
        "template": "indicator.html", "meta": meta, "project": project, "name": name,
        "project_name": meta.get("name") or meta.get("code"), "project_amount": project_amount,
        "level1": level(B.level1), "level2": level(B.level2), "target": text(B.target),
        "comparator": labels.COMPARATORS.get(comparator, (comparator, comparator)) if comparator else None,
        "target_value": value.toPython() if value is not None else None, "target_unit": text(B.targetUnit),
        "description": text(B.description), "basis": text(B.basis), "page": int(page) if page else None,
        "pdf": source_link(meta.get("sha"), int(page) if page else None),
        "schema": {"@type": "PropertyValue", "name": name, "value": text(B.target), "url": iri,
                   "unitText": text(B.targetUnit), "isPartOf": project},
    }
