"""Linked data: ``/id/…`` answers 303 See Other to ``/doc/…``, which serves the resource's description.

``/doc/…`` gets the data once (``describe``), then renders it in the negotiated format: HTML through the
page builder for its kind of URI, RDF through the format registry. A resource inside a budget is read from
its budget's graphs, a code concept from a few of the documents that state it (:data:`DESCRIBE_SAMPLE`),
so a document costs the same however many budgets are stored. The vocabulary and shapes are served
at their namespace documents ``/def/budget`` and ``/def/shapes``, and each named graph at ``/graph/…``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import rdflib
from flask import Blueprint, abort, redirect, render_template, request
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from budget_lod.rdf.iri import Minter
from budget_lod.web import conneg, listing, pages, uris
from budget_lod.web.formats import DATA_FORMATS, DOC_FORMATS, split_suffix
from budget_lod.web.site import site

bp = Blueprint("resources", __name__)

RDF_ONLY: tuple[str, ...] = ("turtle", "jsonld", "nt", "rdfxml")


def statements(graph: rdflib.Graph, subject: rdflib.term.Node, label_of=lambda iri: None) -> list[dict]:
    """The subject's statements for display: predicate (prefixed name), object (link or text).

    ``label_of(iri)`` names objects the graph does not label (code-list concepts from the vocabulary)."""
    nm = graph.namespace_manager
    out = []
    for p, o in sorted(graph.predicate_objects(subject), key=lambda po: (str(po[0]), str(po[1]))):
        item = {"predicate": nm.normalizeUri(p), "predicate_iri": str(p), "text": str(o), "href": None}
        if isinstance(o, rdflib.URIRef):
            item["href"] = str(o)
            label = graph.value(o, SKOS.prefLabel) or graph.value(o, RDFS.label)
            item["text"] = str(label) if label else (label_of(str(o)) or str(o))
        elif isinstance(o, rdflib.Literal) and o.language:
            item["text"] = f"{o} @{o.language}"
        out.append(item)
    return out


DESCRIBE_SAMPLE = 5  # documents a code concept's own statements are read from


def code_graphs(s, iri: str) -> list[str] | None:
    """A few of the graphs that state a code concept: every document using a code states it again (notation,
    labels, broader), so reading all would cost as much as the store is large. None: no graph states it."""
    rows = s.select("web_graphs_stating", iri=rdflib.URIRef(iri), limit=DESCRIBE_SAMPLE)
    return sorted(str(r["g"]) for r in rows) or None


@bp.route("/id/<path:path>")
def identifier(path: str):
    """A thing, not a document: 303 See Other to the document that describes it (on the public base)."""
    query = ("?" + request.query_string.decode("latin-1")) if request.query_string else ""
    return redirect(f"{site().base}doc/{path}{query}", code=303)


@bp.route("/doc/<path:path>")
def document(path: str):
    s = site()
    path, suffix_fmt = split_suffix(path)
    iri = f"{s.base}id/{path}"
    fmt = conneg.choose(suffix_fmt, DOC_FORMATS)
    kind, parts = uris.classify(path)
    graph = s.describe(iri, graphs=code_graphs(s, iri) if kind == "code" else None)
    if len(graph) == 0:  # code-list concepts (measures, units, table kinds …) live in the vocabulary files
        graph = rdflib.Graph()
        for triple in s.vocabulary.triples((rdflib.URIRef(iri), None, None)):
            graph.add(triple)
    if len(graph) == 0:
        abort(404, description=f"nothing is known about <{iri}>")
    conneg.bind_prefixes(graph, s.minter.vocab, s.minter.shapes)

    def html() -> str:
        ctx = pages.build(kind, s, iri, parts, graph)
        return render_template(ctx.pop("template"), iri=iri, kind=kind, doc_url=f"{s.base}doc/{path}",
                               statements=statements(graph, rdflib.URIRef(iri), s.concept_label), **ctx)

    return conneg.represent(graph, fmt, html, f"{s.base}doc/{path}", DOC_FORMATS)


# --- vocabularies ---------------------------------------------------------------------------------------

def _repo_file(*names: str) -> Path | None:
    here = Path(__file__).resolve()
    for parent in here.parents:
        for name in names:
            if (parent / name).is_file():
                return parent / name
    return None


@lru_cache(maxsize=8)
def vocabulary(which: str, base: str) -> rdflib.Graph:
    """The ontology (``budget``) or the shapes (``shapes``) with their IRIs under ``base``."""
    minter = Minter(base)
    try:
        from budget_lod.rdf import vocab
    except ImportError:  # until rdf/vocab.py lands: read the files, resolving relative IRIs under the base
        vocab = None
    if vocab is not None:
        return vocab.load_ontology(minter) if which == "budget" else vocab.load_shapes(minter)
    g = rdflib.Graph()
    folder = "ontology" if which == "budget" else "shapes"
    here = _repo_file(f"{folder}/budget.ttl") if which == "budget" else None
    files = [here] if here else []
    if which == "shapes":
        root = _repo_file("pyproject.toml")
        files = sorted((root.parent / "shapes").glob("*.ttl")) if root else []
    for f in files:
        g.parse(f, format="turtle", publicID=f"{minter.base}def/{which}")
    return g


@bp.route("/def/<name>")
def definitions(name: str):
    s = site()
    which, suffix_fmt = split_suffix(name)
    if which not in ("budget", "shapes"):
        abort(404)
    fmt = conneg.choose(suffix_fmt, DATA_FORMATS)
    graph = conneg.bind_prefixes(rdflib.Graph() + vocabulary(which, s.base), s.minter.vocab, s.minter.shapes)
    if len(graph) == 0:
        abort(404, description=f"the {which} vocabulary is not installed")

    def html() -> str:
        terms = []
        for t in sorted(set(graph.subjects(RDF.type, None)), key=str):
            if not isinstance(t, rdflib.URIRef):
                continue
            kinds = {graph.namespace_manager.normalizeUri(k) for k in graph.objects(t, RDF.type)}
            labels_ = {(l.language or ""): str(l) for l in graph.objects(t, RDFS.label)}
            terms.append({"iri": str(t), "name": graph.namespace_manager.normalizeUri(t), "kinds": sorted(kinds),
                          "zh": labels_.get("zh"), "en": labels_.get("en") or labels_.get(""),
                          "comment": next((str(c) for c in graph.objects(t, RDFS.comment)), None)})
        return render_template("vocabulary.html", which=which, terms=terms, doc_url=f"{s.base}def/{which}",
                               schema={"@type": "DefinedTermSet", "name": f"budget-lod {which}",
                                       "url": f"{s.base}def/{which}"},
                               kinds_of_note=[OWL.Class, RDF.Property, SH.NodeShape])

    return conneg.represent(graph, fmt, html, f"{s.base}def/{which}", DATA_FORMATS)


@bp.route("/graph/<path:path>")
def named_graph(path: str):
    """A document's named graph (or its report graph) as RDF."""
    s = site()
    path, suffix_fmt = split_suffix(path)
    iri = f"{s.base}graph/{path}"
    fmt = conneg.choose(suffix_fmt, RDF_ONLY)
    if not listing.has_graph(s, iri):
        abort(404, description=f"no graph <{iri}>")
    graph = conneg.bind_prefixes(s.construct("web_graph", graph=rdflib.URIRef(iri)), s.minter.vocab, s.minter.shapes)
    return conneg.represent(graph, fmt, lambda: "", f"{s.base}graph/{path}", RDF_ONLY)
