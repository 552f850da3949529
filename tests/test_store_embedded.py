"""The embedded store: replace_document is all or nothing, describe/dump/query, the write lock, the guard."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib import RDF, RDFS, XSD, BNode, Literal, Namespace, URIRef

from budget_lod.errors import StoreError
from budget_lod.store import QueryRefused, QuerySyntaxError, checkpoints, open_store
from budget_lod.store.checkpoints import Layout

EX = Namespace("http://example.org/")
G1, R1 = "http://example.org/graph/a", "http://example.org/graph/a/report"


def doc(version: int) -> tuple[rdflib.Graph, rdflib.Graph]:
    g = rdflib.Graph()
    g.add((EX.budget, RDF.type, EX.Budget))
    g.add((EX.budget, RDFS.label, Literal(f"预算 v{version}", lang="zh")))
    g.add((EX.budget, EX.amount, Literal(f"{version}00.25", datatype=XSD.decimal)))
    g.add((EX.budget, EX.department, EX.dept))
    g.add((EX.dept, RDFS.label, Literal("测试部门", lang="zh")))
    b = BNode()
    g.add((EX.budget, EX.note, b))
    g.add((b, RDFS.comment, Literal(f'a "quoted"\nnote {version}')))
    r = rdflib.Graph()
    r.add((EX.report, RDF.type, EX.Report))
    r.add((EX.report, EX.version, Literal(version)))
    return g, r


def snapshot(path) -> tuple[list[str], str | None]:
    """Everything the primary database holds (as sorted N-Quads lines) and the CURRENT pointer."""
    layout = Layout(path)
    store = ox.Store.read_only(str(layout.primary))  # only while no writer is open
    lines = sorted(str(q) for q in store)
    del store
    return lines, layout.current.read_text() if layout.current.exists() else None


def visible(path) -> set[str]:
    with open_store(path, mode="read") as s:
        return {str(q) for q in ox.Store.read_only(str(Layout(path).checkpoint(s.checkpoint)))}


@pytest.fixture()
def filled(tmp_path):
    path = tmp_path / "store"
    with open_store(path, mode="write") as s:
        s.replace_document(G1, *_pair(1))
    return path


def test_replace_document_replaces_both_graphs(filled):
    with open_store(filled, mode="write") as s:
        s.replace_document(G1, *_pair(2))
        assert s.named_graphs() == [G1, R1]
        g = s.graph(G1)
    expected, _ = doc(2)
    assert len(g) == len(expected) == 7
    assert (EX.budget, RDFS.label, Literal("预算 v2", lang="zh")) in g
    assert not any(str(o) == "预算 v1" for o in g.objects())


def _pair(version):
    g, r = doc(version)
    return g, R1, r


def test_graph_round_trips_isomorphic(filled):
    with open_store(filled, mode="read") as s:
        g = s.graph(G1)
    expected, _ = doc(1)
    assert isomorphic(g, expected)


@pytest.mark.parametrize("bad", [
    URIRef("relative/iri"),  # rdflib writes it; Oxigraph refuses it inside the update, after the DROPs
    URIRef("http://example.org/a b"),  # rdflib refuses to write it
])
def test_failure_in_update_leaves_store_unchanged(filled, bad, caplog):
    before = snapshot(filled)
    seen_before = visible(filled)
    g, r = doc(2)
    r.add((EX.report, EX.broken, bad))  # late in the update: after both DROPs and the whole new data graph
    with open_store(filled, mode="write") as s:
        with pytest.raises(StoreError, match="nothing was changed|cannot be stored"):
            s.replace_document(G1, g, R1, r)
    assert snapshot(filled) == before
    assert visible(filled) == seen_before


class ExplodingGraph(rdflib.Graph):
    """A graph whose iteration fails half-way (like a builder bug or a full disk while converting)."""

    def __iter__(self):
        for n, t in enumerate(super().__iter__()):
            if n == 3:
                raise OSError("injected failure while reading the graph")
            yield t


def test_failure_while_reading_the_new_graph_leaves_store_unchanged(filled):
    before = snapshot(filled)
    g, r = doc(2)
    bad = ExplodingGraph()
    for t in r:
        bad.add(t)
    for n in range(5):
        bad.add((EX.extra, EX.n, Literal(n)))
    with open_store(filled, mode="write") as s:
        with pytest.raises(StoreError, match="injected failure while reading"):
            s.replace_document(G1, g, R1, bad)
    assert snapshot(filled) == before


def test_failure_after_commit_while_publishing_is_rolled_back(filled, monkeypatch):
    before = snapshot(filled)
    seen_before = visible(filled)

    def broken_publish(store, layout, grace=0, stats=None):
        raise OSError("injected: disk full while making the checkpoint")

    with open_store(filled, mode="write") as s:
        monkeypatch.setattr(checkpoints, "publish", broken_publish)
        with pytest.raises(StoreError, match="old content was put back"):
            s.replace_document(G1, *_pair(2))
        monkeypatch.undo()
    assert snapshot(filled) == before  # the very same quads, blank node ids included
    assert visible(filled) == seen_before


def test_describe_gives_outgoing_triples_blank_nodes_and_labels(filled):
    with open_store(filled, mode="read") as s:
        d = s.describe(str(EX.budget))
        assert s.incoming_count(str(EX.dept)) == 1
        assert len(s.describe("http://example.org/nothing")) == 0
    assert (EX.budget, EX.department, EX.dept) in d
    assert (EX.dept, RDFS.label, Literal("测试部门", lang="zh")) in d  # label of an object
    note = d.value(EX.budget, EX.note)
    assert isinstance(note, BNode) and d.value(note, RDFS.comment) == Literal('a "quoted"\nnote 1')
    assert (EX.report, None, None) not in d


def test_dump_formats(filled):
    with open_store(filled, mode="read") as s:
        ds = rdflib.Dataset()
        ds.parse(data=s.dump("nquads"), format="nquads")
        assert {str(g.identifier) for g in ds.graphs() if len(g)} == {G1, R1}
        ds2 = rdflib.Dataset()
        ds2.parse(data=s.dump("trig"), format="trig")
        sizes = {str(g.identifier): len(g) for g in ds.graphs() if len(g)}
        assert {str(g.identifier): len(g) for g in ds2.graphs() if len(g)} == sizes and set(sizes) == {G1, R1}
        merged = rdflib.Graph().parse(data=s.dump("turtle"), format="turtle")
        assert len(merged) == 9
        assert len(rdflib.Graph().parse(data=s.dump("nt"), format="nt")) == 9
        with pytest.raises(StoreError, match="unknown dump format"):
            s.dump("docx")


def test_documents_skip_report_graphs(filled):
    with open_store(filled, mode="read") as s:
        assert [name for name, _ in s.documents()] == [G1]


def test_query_forms_and_relative_base(filled):
    with open_store(filled, mode="read", base_iri="http://example.org/") as s:
        rows = list(s.query("SELECT ?l WHERE { <budget> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"))
        assert [r["l"].value for r in rows] == ["预算 v1"]
        assert s.query("ASK { <budget> a <Budget> }") is True
        g = s.query("CONSTRUCT WHERE { <budget> a ?t }")
        assert isinstance(g, rdflib.Graph) and len(g) == 1
        # the same through a worker with a time limit
        assert s.query("ASK { <budget> a <Budget> }", timeout=10) is True
        rows = list(s.query("SELECT ?l WHERE { <budget> <http://www.w3.org/2000/01/rdf-schema#label> ?l }", timeout=10))
        assert [r["l"].value for r in rows] == ["预算 v1"]


def test_query_refuses_updates_and_service(filled):
    with open_store(filled, mode="read") as s:
        with pytest.raises(QueryRefused):
            s.query("DELETE WHERE { ?s ?p ?o }")
        with pytest.raises(QueryRefused):
            s.query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
        with pytest.raises(QuerySyntaxError):
            s.query("SELECT nonsense")
        assert len(s) == 9


def test_read_mode_cannot_write(filled):
    with open_store(filled, mode="read") as s:
        with pytest.raises(StoreError, match="read-only"):
            s.replace_document(G1, *_pair(3))


def test_second_writer_fails_clearly(filled):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from budget_lod.store import open_store; "
                               "s = open_store(sys.argv[1], mode='write'); print('locked', flush=True); time.sleep(30)",
         str(filled)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError, match=rf"another process \(pid {holder.pid}\) is writing this store; waited 0.5 s"):
            open_store_with_wait(filled, 0.5)  # (that it gives up after the wait: bench/bench_limits.py)
    finally:
        holder.kill()
        holder.wait()
    with open_store(filled, mode="write") as s:  # the lock went with the process
        assert s.named_graphs() == [G1, R1]


def open_store_with_wait(path, wait):
    from budget_lod.store.oxigraph import EmbeddedStore

    return EmbeddedStore(path, "write", lock_wait=wait)


def test_read_mode_needs_a_directory(tmp_path):
    with pytest.raises(StoreError, match="no such store directory"):
        open_store(tmp_path / "missing", mode="read")


def test_empty_directory_reads_as_empty_store(tmp_path):
    with open_store(tmp_path, mode="read") as s:
        assert s.named_graphs() == [] and len(s) == 0


def test_batch_is_one_transaction_a_late_failure_changes_no_document(filled):
    """replace_documents: a bad second document leaves the first one untouched too (one ingest, one transaction)."""
    before = snapshot(filled)
    seen_before = visible(filled)
    g2, r2 = doc(2)
    g3, r3 = doc(3)
    r3.add((EX.report, EX.broken, URIRef("relative/iri")))  # refused by Oxigraph, inside the one update
    with open_store(filled, mode="write") as s:
        with pytest.raises(StoreError):
            s.replace_documents([(G1, g2, R1, r2), ("http://example.org/graph/b", g3,
                                                   "http://example.org/graph/b/report", r3)])
    assert snapshot(filled) == before
    assert visible(filled) == seen_before


def test_batch_publishes_every_document_at_once(filled):
    g2, r2 = doc(2)
    g3, r3 = doc(3)
    with open_store(filled, mode="write") as s:
        n = s.checkpoint
        s.replace_documents([(G1, g2, R1, r2), ("http://example.org/graph/b", g3, "http://example.org/graph/b/report", r3)])
        assert s.checkpoint == n + 1  # one checkpoint for the whole batch
    with open_store(filled, mode="read") as s:
        assert s.named_graphs() == [G1, R1, "http://example.org/graph/b", "http://example.org/graph/b/report"]
