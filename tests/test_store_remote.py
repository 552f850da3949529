"""RemoteStore against a tiny in-test SPARQL server: staged writes and one switch, the registry, the dataset
sent with every read, and real servers' JSON dialects.

(Reads through our own /sparql are tested in ``test_sparql_endpoint.py``; the real Oxigraph server and
Virtuoso in ``test_remote_servers.py``.) The server here applies each POSTed update to an in-memory
pyoxigraph store (one request = one transaction) and answers queries with the SPARQL Protocol's
``default-graph-uri`` / ``named-graph-uri``, like a real server whose default graph is NOT the union.
"""

from __future__ import annotations


import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, BNode, Literal, Namespace
from rdflib.compare import isomorphic

from budget_lod.errors import StoreError
from budget_lod.store import QueryRefused, RemoteStore
from budget_lod.store.remote_results import parse_ask, parse_select
from budget_lod.store.remote_writes import REGISTRY, STAGING_PREFIX
from servers import start_mini_sparql

EX = Namespace("http://example.org/")
G, R = "http://example.org/g", "http://example.org/g/report"


@pytest.fixture()
def update_server():
    server = start_mini_sparql()
    yield RemoteStore(server.query_url, server.update_url, graphs_ttl=0), server.db, server.updates
    server.stop()


def doc(v):
    g = rdflib.Graph()
    g.add((EX.budget, RDF.type, EX.Budget))
    g.add((EX.budget, EX.version, Literal(v)))
    r = rdflib.Graph()
    r.add((EX.report, EX.version, Literal(v)))
    return g, r


def graph_names(db) -> set[str]:
    return {q.graph_name.value for q in db if isinstance(q.graph_name, ox.NamedNode)}


def test_replace_document_stages_then_switches(update_server):
    remote, db, requests = update_server
    remote.replace_document(G, *doc(1)[:1], R, doc(1)[1])
    remote.replace_document(G, doc(2)[0], R, doc(2)[1])
    assert len(requests) == 6  # per document: one staging request per graph (2 + 1 triples), one switch
    assert requests[2].startswith("MOVE SILENT GRAPH <" + STAGING_PREFIX)
    assert remote.named_graphs() == [G, R]
    assert {str(o) for o in remote.graph(G).objects(EX.budget, EX.version)} == {"2"}
    assert [n for n, _ in remote.documents()] == [G]
    assert graph_names(db) == {G, R, REGISTRY}  # no staging graph left behind
    assert len(db) == 3 + 2  # the document's 3 triples + 2 registry entries


def test_refused_update_changes_nothing(update_server):
    remote, db, _ = update_server
    remote.replace_document(G, doc(1)[0], R, doc(1)[1])
    before = sorted(str(q) for q in db)
    g, r = doc(2)
    r.add((EX.report, EX.bad, rdflib.URIRef("relative/iri")))  # the server refuses the request
    with pytest.raises(StoreError, match="refused the update, the store is unchanged"):
        remote.replace_document(G, g, R, r)
    assert sorted(str(q) for q in db) == before


def test_failure_in_a_later_chunk_leaves_the_store_and_no_staging(update_server):
    remote, db, requests = update_server
    remote.replace_document(G, doc(1)[0], R, doc(1)[1])
    before = sorted(str(q) for q in db)
    remote.max_triples = 2
    g = rdflib.Graph()
    for i in range(6):
        g.add((EX[f"s{i}"], EX.p, Literal(i)))
    g.add((EX.z, EX.bad, rdflib.URIRef("relative/iri")))  # sorted last by nothing: lands in some chunk
    sent = len(requests)
    with pytest.raises(StoreError, match="unchanged"):
        remote.replace_document(G, g, R, rdflib.Graph())
    assert len(requests) - sent >= 2  # at least one chunk went through before the refusal, or the clean-up ran
    assert sorted(str(q) for q in db) == before
    assert not any(n.startswith(STAGING_PREFIX) for n in graph_names(db))


def test_chunks_keep_blank_nodes_together(update_server):
    remote, db, requests = update_server
    remote.max_triples = 2
    g = rdflib.Graph()
    for i in range(5):  # five results, each a blank node with three statements (more than one chunk)
        b = BNode()
        g.add((EX.report, EX.result, b))
        g.add((b, EX.message, Literal(f"message {i}", lang="en")))
        g.add((b, EX.value, Literal(f"{i}.5", datatype=rdflib.XSD.decimal)))
    g.add((EX.report, EX.conforms, Literal(False)))
    remote.replace_document(G, g, R, rdflib.Graph())
    stage = [r for r in requests if "MOVE" not in r]
    assert len(stage) == 6  # 5 blank-node groups of 3 (over the limit of 2: one per request) + 1 plain triple
    stored = remote.graph(G)
    assert len(stored) == 16 and isomorphic(stored, g)
    assert remote.named_graphs() == [G]  # the empty report graph is not listed


def test_reads_see_only_our_graphs_with_the_default_graph_as_their_union(update_server):
    remote, db, _ = update_server
    db.update("INSERT DATA { GRAPH <http://other.example/system> "
              "{ <http://other.example/x> a <http://example.org/Budget> } }")
    db.update('INSERT DATA { <http://other.example/y> a <http://example.org/Budget> }')  # the server's default graph
    remote.replace_document(G, doc(1)[0], R, doc(1)[1])
    assert remote.named_graphs() == [G, R]
    rows = list(remote.query("SELECT ?b WHERE { ?b a <http://example.org/Budget> }"))
    assert [r["b"].value for r in rows] == [str(EX.budget)]
    rows = list(remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"))
    assert [r["g"].value for r in rows] == [G, R]
    assert remote.query("ASK { <http://other.example/x> ?p ?o }") is False
    # a query naming its own dataset keeps it
    assert remote.query("ASK FROM <http://other.example/system> { <http://other.example/x> ?p ?o }") is True
    assert len(remote.describe(str(EX.budget))) == 2
    assert remote.incoming_count(str(EX.Budget)) == 1


def test_remote_queries_are_guarded_before_sending(update_server):
    remote, _, requests = update_server
    with pytest.raises(QueryRefused):
        remote.query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    with pytest.raises(QueryRefused):
        remote.query_serialized("DROP GRAPH <http://example.org/g>")
    assert requests == []


def test_read_only_without_update_endpoint(update_server):
    remote, _, requests = update_server
    reader = RemoteStore(remote.query_endpoint)
    with pytest.raises(StoreError, match="read-only"):
        reader.replace_document(G, doc(1)[0], R, doc(1)[1])
    assert requests == []


# Virtuoso 7.2's JSON dialect, as it answered in the real server (test_remote_servers.py runs it for real)
VIRTUOSO_SELECT = b'''
{ "head": { "link": [], "vars": ["s", "o", "n"] },
  "results": { "distinct": false, "ordered": true, "bindings": [
    { "s": { "type": "bnode", "value": "nodeID://b10001" }\t, "o": { "type": "typed-literal",
      "datatype": "http://www.w3.org/2001/XMLSchema#decimal", "value": "0.1" }},
    { "s": { "type": "bnode", "value": "nodeID://b10001" }\t, "o": { "type": "literal", "xml:lang": "zh",
      "value": "\\u5E73\\u4E61" }, "n": { "type": "typed-literal",
      "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "3" }} ] } }'''


def test_virtuoso_json_dialect_is_read():
    result = parse_select(VIRTUOSO_SELECT)
    assert [v.value for v in result.variables] == ["s", "o", "n"]
    first, second = list(result)
    assert first["s"] == second["s"] and isinstance(first["s"], ox.BlankNode)
    assert first["o"] == ox.Literal("0.1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    assert first["n"] is None
    assert second["o"] == ox.Literal("平乡", language="zh")
    assert second["n"].value == "3"


def test_ask_answered_as_rows_is_read():
    row = b'{ "head": { "vars": ["__ASK_RETVAL"] }, "results": { "bindings": [ { "__ASK_RETVAL": ' \
          b'{ "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1" }} ] } }'
    assert parse_ask(row) is True
    assert parse_ask(b'{ "head": { "vars": ["__ASK_RETVAL"] }, "results": { "bindings": [ ] } }') is False
    assert parse_ask(b'{"head":{},"boolean":false}') is False
