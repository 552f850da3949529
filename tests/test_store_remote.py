"""RemoteStore writes: one atomic update per document, against a tiny SPARQL Update server in the test.

(Reads are tested against our own /sparql in ``test_sparql_endpoint.py``.) The server here applies each
POSTed update to an in-memory pyoxigraph store, which runs one update request as one transaction, and
answers queries; it stands in for Oxigraph server / Fuseki.
"""

from __future__ import annotations

import threading
import urllib.parse

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, Literal, Namespace
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from budget_lod.errors import StoreError
from budget_lod.store import RemoteStore

EX = Namespace("http://example.org/")


@pytest.fixture()
def update_server():
    db = ox.Store()
    requests = []

    @Request.application
    def app(request: Request) -> Response:
        if request.path == "/update":
            requests.append(request.form["update"])
            try:
                db.update(request.form["update"])
            except SyntaxError as exc:
                return Response(str(exc), status=400)
            return Response(status=204)
        result = db.query(request.form["query"])
        if isinstance(result, ox.QueryTriples):
            return Response(ox.serialize(result, format=ox.RdfFormat.N_TRIPLES), mimetype="application/n-triples")
        return Response(result.serialize(format=ox.QueryResultsFormat.JSON), mimetype="application/sparql-results+json")

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.port}"
    yield RemoteStore(base + "/query", base + "/update"), db, requests
    server.shutdown()


def doc(v):
    g = rdflib.Graph()
    g.add((EX.budget, RDF.type, EX.Budget))
    g.add((EX.budget, EX.version, Literal(v)))
    r = rdflib.Graph()
    r.add((EX.report, EX.version, Literal(v)))
    return g, r


def test_replace_document_is_one_update_request(update_server):
    remote, db, requests = update_server
    g, r = doc(1)
    remote.replace_document("http://example.org/g", g, "http://example.org/g/report", r)
    g, r = doc(2)
    remote.replace_document("http://example.org/g", g, "http://example.org/g/report", r)
    assert len(requests) == 2
    assert remote.named_graphs() == ["http://example.org/g", "http://example.org/g/report"]
    assert {str(o) for o in remote.graph("http://example.org/g").objects(EX.budget, EX.version)} == {"2"}
    assert [n for n, _ in remote.documents()] == ["http://example.org/g"]
    assert len(db) == 3


def test_refused_update_changes_nothing(update_server):
    remote, db, _ = update_server
    g, r = doc(1)
    remote.replace_document("http://example.org/g", g, "http://example.org/g/report", r)
    before = sorted(str(q) for q in db)
    g, r = doc(2)
    r.add((EX.report, EX.bad, rdflib.URIRef("relative/iri")))  # the server refuses the whole request
    with pytest.raises(StoreError, match="refused the update"):
        remote.replace_document("http://example.org/g", g, "http://example.org/g/report", r)
    assert sorted(str(q) for q in db) == before


def test_remote_queries_are_guarded_before_sending(update_server):
    remote, _, requests = update_server
    from budget_lod.store import QueryRefused

    with pytest.raises(QueryRefused):
        remote.query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    assert requests == []
