"""Downloads: the whole store (N-Quads, TriG), each budget (Turtle, JSON-LD, CSV) and the source PDFs.

A budget's Turtle / JSON-LD holds its document graph and its validation report; its CSV has one line per
amount with the columns of ``budget-lod extract --format csv`` (amounts in 元, exact).
"""

from __future__ import annotations

import csv
import io

import rdflib
from flask import Blueprint, Response, abort, render_template, send_file

from budget_lod.web import conneg, pages, uris
from budget_lod.web.formats import FORMATS
from budget_lod.web.queries import value
from budget_lod.web.site import site

bp = Blueprint("dumps", __name__)

WHOLE = {"all.nq": ("nquads", "application/n-quads"), "all.trig": ("trig", "application/trig")}
CSV_COLUMNS = ("department", "fiscal_year", "table", "scheme", "code", "name", "measure", "amount_yuan", "page")


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
    """(budget IRI, document graph IRI, report graph IRI) of ``budget/{dept}/{year}/{scope}``."""
    s = site()
    rest = path[len("budget/"):]
    graph = f"{s.base}graph/{rest}"
    return f"{s.base}id/{path}", graph, graph + "/report"


@bp.route("/dumps/budget/<dept>/<year>/<scope_file>")
def budget(dept: str, year: str, scope_file: str):
    s = site()
    scope, _, ext = scope_file.rpartition(".")
    path = f"budget/{dept}/{year}/{scope}"
    if not scope or uris.classify(path)[0] != "budget":
        abort(404)
    iri, graph_iri, report_iri = _budget_graph_iris(path)
    graphs = set(s.named_graphs())
    if graph_iri not in graphs:
        abort(404, description=f"no budget <{iri}>")
    if ext == "csv":
        return conneg.finish(Response(budget_csv(iri), mimetype="text/csv"), None, ())
    fmt = {"ttl": FORMATS["turtle"], "jsonld": FORMATS["jsonld"], "nt": FORMATS["nt"], "rdf": FORMATS["rdfxml"]}.get(ext)
    if fmt is None:
        abort(404)
    g = s.construct("web_graph", graph=rdflib.URIRef(graph_iri))
    if report_iri in graphs:
        g += s.construct("web_graph", graph=rdflib.URIRef(report_iri))
    conneg.bind_prefixes(g, s.minter.vocab, s.minter.shapes)
    return conneg.finish(Response(conneg.serialize(g, fmt), mimetype=fmt.media_type), None, ())


def budget_csv(budget_iri: str) -> str:
    s = site()
    b = rdflib.URIRef(budget_iri)
    meta = s.select("web_budget_meta", budget=b)
    dept = value(meta[0], "deptName", "") if meta else ""
    year = value(meta[0], "year", "") if meta else ""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    tables = pages.load_tables(s, b)
    for t in tables:
        for row in t["rows"]:
            for measure, _label in t["measures"]:
                if measure in row["amounts"]:
                    w.writerow((dept, year, t["kind"], row["scheme"] or "", row["code"], row["name"], measure,
                                f"{row['amounts'][measure]:.2f}", row["page"] or ""))
    return out.getvalue()


@bp.route("/sources/<sha>.pdf")
def source(sha: str):
    path = site().source_pdf(sha)
    if path is None:
        abort(404)
    return send_file(path, mimetype="application/pdf", conditional=True, etag=sha, max_age=86400)
