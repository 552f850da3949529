"""What pages list and count across the whole store, at a cost that does not grow with it.

The home page, the catalog, VoID and code pages need the number of budgets (and final accounts: "budgets"
here are both kinds of document, listed together), their order, each budget's
publication dates, the store's size, a code's path and narrower codes. The embedded store counts these
at every write and publishes them with each checkpoint (:mod:`budget_lod.store.statistics`): a page then
takes one page's worth from there and asks the store only about the budgets on it, bound by ``VALUES``.
A store that keeps no statistics (a remote SPARQL server, a store written by an older version) is
asked by queries over everything instead — the same answers, at a cost that grows with the store.
"""

from __future__ import annotations

import datetime as dt

import rdflib

from budget_lod.rdf.records import parse_datetime
from budget_lod.web.queries import value
from budget_lod.web.site import SiteData


def statistics(s: SiteData):
    """The store's :class:`~budget_lod.store.statistics.Statistics`, or None."""
    get = getattr(s.store, "statistics", None)
    return get() if get is not None else None


def budget_total(s: SiteData) -> int:
    stats = statistics(s)
    if stats is not None:
        return len(stats.budgets)
    return int(value(s.select("web_budget_count")[0], "n", 0))


def kind_totals(s: SiteData) -> dict[str, int]:
    """How many budgets and final accounts the store holds: ``{"budget": n, "final_accounts": m}``."""
    stats = statistics(s)
    if stats is not None:
        return {"budget": stats.kinds.get("budget", 0), "final_accounts": stats.kinds.get("final_accounts", 0)}
    return {kind: int(value(s.select("web_document_count", type=rdflib.URIRef(s.minter.vocab + cls))[0], "n", 0))
            for kind, cls in (("budget", "Budget"), ("final_accounts", "FinalAccounts"))}


def kind_of_row(row: dict) -> str:
    """``budget`` or ``final_accounts``: the kind of a listed document (``?type`` of ``web_budgets*.rq``)."""
    return "final_accounts" if str(value(row, "type", "")).endswith("#FinalAccounts") else "budget"


def department_total(s: SiteData) -> int:
    stats = statistics(s)
    if stats is not None:
        return stats.departments
    return int(value(s.select("web_department_count")[0], "n", 0))


def budget_iris(s: SiteData, limit: int, offset: int) -> list[str]:
    """One page of budget IRIs in catalog order (department name, newest year first, IRI)."""
    stats = statistics(s)
    if stats is not None:
        return [b.budget for b in stats.budgets[offset:offset + limit]]
    return [value(r, "budget") for r in s.budgets(limit=limit, offset=offset)]


def budget_rows(s: SiteData, limit: int, offset: int) -> list[dict]:
    """One page of budgets with their department and source document (rows of ``web_budgets.rq``)."""
    stats = statistics(s)
    if stats is None:
        return s.budgets(limit=limit, offset=offset)
    iris = budget_iris(s, limit, offset)
    if not iris:
        return []
    rows = {value(r, "budget"): r for r in s.select("web_budgets_listed", budgets=[rdflib.URIRef(b) for b in iris])}
    return [rows[b] for b in iris if b in rows]


def graph_dates(s: SiteData, graphs: list[str] | None = None) -> dict[str, dict]:
    """Document graph IRI → ``{"dataset": IRI, "issued": datetime, "modified": datetime}`` from the stored
    ingest records (only ``graphs``, if given)."""
    stats = statistics(s)
    if stats is not None:
        records = stats.records
        chosen = records if graphs is None else {g: records[g] for g in graphs if g in records}
        return {g: {"dataset": r.dataset, "issued": parse_datetime(r.issued), "modified": parse_datetime(r.modified)}
                for g, r in chosen.items()}
    rows = {value(r, "graph"): {"dataset": value(r, "dataset"),
                                **{key: parse_datetime(str(r[key])) for key in ("issued", "modified")}}
            for r in s.select("web_graph_dates")}
    return rows if graphs is None else {g: rows[g] for g in graphs if g in rows}


def dates_of_datasets(s: SiteData, datasets: list[str]) -> dict[str, dict]:
    """Data set IRI → ``{"issued", "modified"}`` for the data sets given (a page of the catalog)."""
    stats = statistics(s)
    if stats is not None:
        by = stats.records_by_dataset
        return {d: {"issued": parse_datetime(by[d].issued), "modified": parse_datetime(by[d].modified)}
                for d in datasets if d in by}
    wanted = set(datasets)
    return {d["dataset"]: d for d in graph_dates(s).values() if d["dataset"] in wanted}


def span(s: SiteData) -> tuple[dt.datetime, dt.datetime] | None:
    """(first published, last modified) over every budget's ingest record; None without records."""
    stats = statistics(s)
    if stats is not None:
        return None if stats.span is None else (parse_datetime(stats.span[0]), parse_datetime(stats.span[1]))
    dates = graph_dates(s)
    if not dates:
        return None
    return min(d["issued"] for d in dates.values()), max(d["modified"] for d in dates.values())


def size(s: SiteData) -> tuple[int, int] | None:
    """(quads, distinct subjects) of the whole store, or None for an empty one."""
    stats = statistics(s)
    if stats is not None:
        return stats.quads, stats.subjects
    rows = s.select("web_void_stats")
    if not rows:
        return None
    return int(value(rows[0], "triples", 0)), int(value(rows[0], "subjects", 0))


def graph_names(s: SiteData, limit: int, offset: int) -> tuple[list[str], int]:
    """One page of the named graphs (sorted) and how many there are."""
    stats = statistics(s)
    names = stats.graph_names if stats is not None else sorted(s.named_graphs())
    return names[offset:offset + limit], len(names)


def has_graph(s: SiteData, iri: str) -> bool:
    """Whether the store holds the named graph ``iri``."""
    return bool(held(s, [iri]))


def held(s: SiteData, iris: list[str]) -> set[str]:
    """Those of the named graphs ``iris`` the store holds (asked once for all of them)."""
    stats = statistics(s)
    if stats is not None:
        return {g for g in iris if g in stats.graphs}
    return set(iris) & set(s.named_graphs())


def pages(total: int, size: int) -> int:
    return max(1, -(-total // size))
