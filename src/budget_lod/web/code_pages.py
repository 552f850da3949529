"""A classification code's page: every line classified under it across departments and years (a matrix of the
budgets' figures, department × year), and how each department carried it out — the budget's figure beside
the final accounts' 决算数 for that code, with the execution rate.

A code used by few lines lists them all (one look-up that stops early says so); one used across many
documents is paged through the store's documents in catalog order, one query reading only the page's
document graphs, so a page costs the same whatever the number of documents. A budget and its final accounts
are shown together on the page of the budget.
"""

from __future__ import annotations

from decimal import Decimal

import rdflib
from rdflib.namespace import SKOS

from budget_lod.rdf import codes
from budget_lod.web import execution, labels, listing
from budget_lod.web.concepts import concept_path, narrower_concepts
from budget_lod.web.page_data import last_segment, plain, shown, table_label
from budget_lod.web.site import SiteData


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


def page_documents(s: SiteData, iris: list[str]) -> list[str]:
    """The documents whose lines one page of the store's documents shows: a budget brings its final accounts
    (if stored) wherever they are listed, and final accounts whose budget is stored are shown with it."""
    on_page = set(iris)
    out: list[str] = []
    paired = execution.counterparts(s, iris)
    for doc in iris:
        other = paired[doc]
        if execution.kind_of(doc, s.base) == "final_accounts":
            if other is None or other in on_page:
                out.append(doc)
            continue
        out.append(doc)
        if other is not None and other not in on_page:
            out.append(other)
    return out


def code_items(s: SiteData, concept: rdflib.URIRef, page: int, size: int) -> tuple[list[dict], dict | None]:
    """The line items classified under a code, as plain rows (each amount of the 合计 column, in every phase),
    and the paging (None: all on one page).

    A code used by few lines (at most :data:`LIST_ALL_UP_TO`, found by a look-up that stops there) lists
    them all; a code used across many documents is paged through the documents in catalog order, ``size`` at
    a time (a budget's final accounts with it: :func:`page_documents`), so a page costs the same whatever the
    number of documents."""
    measure = rdflib.URIRef(s.minter.concept("measure", "total"))
    if len(s.select("web_code_items_first", concept=concept, limit=LIST_ALL_UP_TO + 1)) <= LIST_ALL_UP_TO:
        return plain(s.select("web_code_items", concept=concept, measure=measure)), None
    total = listing.budget_total(s)
    last = listing.pages(total, size)
    page = min(max(page, 1), last)
    graphs = [s.graph_of(b) for b in page_documents(s, listing.budget_iris(s, size, (page - 1) * size))]
    items = plain(s.select("web_code_items_in", graphs=graphs, concept=concept, measure=measure)) if graphs else []
    return items, {"page": page, "last": last, "size": size, "budgets": total,
                   "first": (page - 1) * size + 1, "to": min(page * size, total)}


def item_phase(item: dict, base: str) -> tuple[str, str]:
    """(document kind, phase) of a code page's item: a budget's figure, or a 决算's 决算数 / 年初预算数 …"""
    kind = execution.kind_of(item["budget"], base)
    return kind, last_segment(item.get("phase")) or ("final" if kind == "final_accounts" else "budget")


def code_execution(items: list[dict], base: str) -> list[dict]:
    """One row per department and year whose final accounts print the code: the line of the first table of
    ``labels.CODE_FIGURE_TABLES`` both documents print it in (else the 决算's first), its budgeted figure (the
    stored budget's, else the 决算's own 年初预算数), 决算数 and execution rate (:func:`execution.figures`)."""
    slots: dict[tuple[str, int | None], dict[str, dict[str, dict]]] = {}
    for i in items:
        kind, phase = item_phase(i, base)
        slot = {("budget", "budget"): "budget", ("final_accounts", "final"): "final",
                ("final_accounts", "initial_budget"): "initial"}.get((kind, phase))
        if slot is not None:
            key = (i.get("dept") or i.get("deptName") or "", i.get("year"))
            slots.setdefault(key, {}).setdefault(slot, {}).setdefault(last_segment(i.get("kind")), i)
    rows = []
    for (dept, year), found in slots.items():
        finals = found.get("final", {})
        if not finals:
            continue
        budgets, initials = found.get("budget", {}), found.get("initial", {})
        order = labels.CODE_FIGURE_TABLES + tuple(sorted(set(finals) - set(labels.CODE_FIGURE_TABLES)))
        table = next((k for k in order if k in finals and k in budgets), None) or next(k for k in order if k in finals)
        budget, final, initial = budgets.get(table), finals[table], initials.get(table)
        f = execution.figures(budget["amount"] if budget else None,
                              {"initial_budget": initial["amount"]} if initial else {}, final["amount"], True, None)
        rows.append({"dept": dept, "deptName": final.get("deptName") or dept, "year": year, "table": table,
                     "budget_item": budget["item"] if budget else None, "final_item": final["item"],
                     "budget_doc": budget["budget"] if budget else None, "final_doc": final["budget"],
                     "share": min(f["rate"], Decimal(200)) / 2 if f["rate"] is not None else None, **f})
    return sorted(rows, key=lambda r: (r["deptName"], -(r["year"] or 0)))


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
        i["documentKind"], i["phase"] = item_phase(i, s.base)
        i["noun"] = labels.DOCUMENT_LABELS[i["documentKind"]]
    executed = code_execution(items, s.base)
    for r in executed:
        r["tableLabel"] = table_label(s, codes.table_kind_concept(s.minter, r["table"]), None)
    own = [i for i in items if i["phase"] in ("budget", "final")]  # a 决算's stated 年初预算数 only beside its 决算数
    own.sort(key=lambda i: (i.get("deptName") or "", -(i.get("year") or 0), i["documentKind"],
                            labels.table_order(last_segment(i.get("kind")))))
    for i in own:
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
        "items": own, "matrix": code_matrix([i for i in own if i["documentKind"] == "budget"]),
        "execution": executed, "paging": paging, "path": concept_path(s, iri),
        "narrower": narrower_concepts(s, iri),
        "figure_tables": [table_label(s, codes.table_kind_concept(s.minter, k), None)[0]
                          for k in labels.CODE_FIGURE_TABLES[:3]],
        "schema": {"@type": "DefinedTerm", "name": label, "termCode": code, "url": iri,
                   "inDefinedTermSet": s.minter.scheme(parts["scheme"])},
    }
