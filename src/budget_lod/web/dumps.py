"""Downloads: the whole store (N-Quads, TriG), each budget (Turtle, JSON-LD, CSV, Fiscal Data Package, CSVW)
and the source PDFs.

A budget's Turtle / JSON-LD holds its document graph and its validation report. Its CSV is the amounts CSV
of :mod:`budget_lod.export` (one line per amount, in 元, exact; the first columns those of ``budget-lod
extract --format csv``), described twice beside it: ``{scope}.datapackage.json`` (a Fiscal Data Package)
and ``{scope}.csv-metadata.json`` (CSVW, which turns the CSV back into RDF; the CSV's ``Link`` header
points to it, as CSVW's metadata discovery expects).
"""

from __future__ import annotations

import json

import rdflib
from flask import Blueprint, Response, abort, current_app, render_template, send_file

from budget_lod.web import conneg, listing
from budget_lod.web.formats import FORMATS
from budget_lod.web.queries import value
from budget_lod.web.site import site

bp = Blueprint("dumps", __name__)

WHOLE = {"all.nq": ("nquads", "application/n-quads"), "all.trig": ("trig", "application/trig")}
# a budget's files beside ``{scope}.csv``: suffix → media type
CSVM = "application/csvm+json"
DESCRIPTIONS = {".datapackage.json": "application/json", ".csv-metadata.json": CSVM}
# (budget_lod.export is imported where used: it reads the store with budget_lod.web.queries, whose package
# imports this module)


@bp.route("/dumps/")
def index():
    s = site()
    budgets = s.budgets()
    items = [{"label": value(b, "label") or value(b, "budget"), "url": f"{s.base}dumps/{value(b, 'budget')[len(s.base) + 3:]}"}
             for b in budgets]
    return render_template("dumps.html", whole=WHOLE, budgets=items, doc_url=f"{s.base}dumps/",
                           schema={"@type": "DataCatalog", "name": "budget-lod dumps", "url": f"{s.base}dumps/"})


@bp.route("/dumps/<name>")
def whole(name: str):
    if name not in WHOLE:
        abort(404)
    fmt, media_type = WHOLE[name]
    resp = Response(site().dump(fmt), mimetype=media_type)
    resp.headers["Content-Disposition"] = f'attachment; filename="budget-lod-{name}"'
    return conneg.finish(resp, None, ())


def _budget_graph_iris(path: str) -> tuple[str, str, str]:
    """(IRI, document graph IRI, report graph IRI) of ``budget/{dept}/{year}/{scope}`` or of final accounts
    ``final-accounts/{dept}/{year}/{scope}`` (graphs ``graph/{dept}/…`` and ``graph/final-accounts/{dept}/…``)."""
    s = site()
    rest = path.removeprefix("budget/")
    graph = f"{s.base}graph/{rest}"
    return f"{s.base}id/{path}", graph, graph + "/report"


def _split(scope_file: str) -> tuple[str, str]:
    """``department.csv-metadata.json`` → (``department``, ``.csv-metadata.json``); ``department.ttl`` → (…, ``.ttl``)."""
    for suffix in DESCRIPTIONS:
        if scope_file.endswith(suffix):
            return scope_file[: -len(suffix)], suffix
    scope, dot, ext = scope_file.rpartition(".")
    return scope, dot + ext


@bp.route("/dumps/<any(budget, 'final-accounts'):root>/<dept>/<year>/<scope_file>")
def budget(root: str, dept: str, year: str, scope_file: str):
    s = site()
    scope, suffix = _split(scope_file)
    path = f"{root}/{dept}/{year}/{scope}"
    if not scope or not year.isdigit():  # (a document that states no year is stored as year 0)
        abort(404)
    iri, graph_iri, report_iri = _budget_graph_iris(path)
    if not listing.has_graph(s, graph_iri):  # from the store's statistics: the same cost at any size
        abort(404, description=f"no budget <{iri}>")
    if suffix == ".csv":
        resp = Response(budget_csv(iri), mimetype="text/csv")
        resp.headers["Link"] = f'<{scope}.csv-metadata.json>; rel="describedby"; type="{CSVM}"'
        return conneg.finish(resp, None, ())
    if suffix in DESCRIPTIONS:
        data = budget_package(iri, scope) if suffix == ".datapackage.json" else budget_csvw(iri, scope)
        body = json.dumps(data, ensure_ascii=False, indent=1)
        return conneg.finish(Response(body, mimetype=DESCRIPTIONS[suffix]), None, ())
    fmt = {".ttl": FORMATS["turtle"], ".jsonld": FORMATS["jsonld"], ".nt": FORMATS["nt"], ".rdf": FORMATS["rdfxml"]}.get(suffix)
    if fmt is None:
        abort(404)
    g = s.construct("web_graph", graph=rdflib.URIRef(graph_iri))
    if listing.has_graph(s, report_iri):
        g += s.construct("web_graph", graph=rdflib.URIRef(report_iri))
    conneg.bind_prefixes(g, s.minter.vocab, s.minter.shapes)
    return conneg.finish(Response(conneg.serialize(g, fmt), mimetype=fmt.media_type), None, ())


def _budget(budget_iri: str):
    """(reader, budget) of the amounts export for a stored budget; 404 if the store has no such budget."""
    from budget_lod.export.amounts import AmountReader

    s = site()
    reader = AmountReader(s.store, s.base)
    found = reader.budget(budget_iri)
    if found is None:
        abort(404, description=f"no budget <{budget_iri}>")
    return reader, found


def budget_csv(budget_iri: str) -> str:
    """The budget's amounts CSV (:mod:`budget_lod.export.amounts`)."""
    from budget_lod.export.amounts import budget_csv as amounts_csv

    return amounts_csv(*_budget(budget_iri))


def budget_package(budget_iri: str, scope: str) -> dict:
    """The budget's Fiscal Data Package descriptor (its resource: ``{scope}.csv`` beside it)."""
    from budget_lod.export.package import budget_descriptor

    reader, found = _budget(budget_iri)
    return budget_descriptor(reader, found, f"{scope}.csv", current_app.config["LICENSE_URL"])


def budget_csvw(budget_iri: str, scope: str) -> dict:
    """The CSVW metadata of the budget's CSV (``{scope}.csv`` beside it)."""
    from budget_lod.export.csvw import metadata

    _, found = _budget(budget_iri)
    return metadata(f"{scope}.csv", site().base, found.label, current_app.config["LICENSE_URL"])


@bp.route("/sources/<sha>.pdf")
def source(sha: str):
    path = site().source_pdf(sha)
    if path is None:
        abort(404)
    return send_file(path, mimetype="application/pdf", conditional=True, etag=sha, max_age=86400)
