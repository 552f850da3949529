"""Ingest records: when a budget was first published in the store and when its content last changed.

The bundled sample PDF is ingested twice for real (same PDF → same content: nothing a harvester reads
moves), then a changed document graph under the same budget IRI (modified moves, issued stays), then the
same changed graph again (nothing moves). The clock is injected: each ingest reads it once per document
before extracting and once just before writing, one minute apart, so every expected time is known here.
The catalog, VoID and budget page read the dates back from the store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from budget_lod.config import Settings
from budget_lod.rdf.iri import Minter
from budget_lod.rdf.records import IngestRecord, content_sha256, next_record, parse_datetime, read_record
from budget_lod.rdf.vocab import PROV

BASE = "http://records.example.test/"
T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.timezone.utc)


def minute(n: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=n)


class StepClock:
    """Each call is one minute after the previous one (the first is T0 + 1 min)."""

    def __init__(self):
        self.calls = 0

    def __call__(self) -> dt.datetime:
        self.calls += 1
        return minute(self.calls)


def stored_record(store_dir, stored) -> IngestRecord | None:
    from budget_lod.store import open_store

    store = open_store(str(store_dir), mode="read")
    try:
        return read_record(store, budget=stored.budget_iri, graph_iri=stored.graph_iri,
                           report_graph=stored.report_iri, minter=Minter(BASE))
    finally:
        store.close()


def ingest_one(paths, settings, **options):
    """The one document an ingest stores (through its ``on_stored`` report), or None if it stored none."""
    import budget_lod.pipeline as pipeline

    done = []
    pipeline.ingest(paths, settings, on_stored=done.append, **options)
    assert len(done) <= 1
    return done[0] if done else None


def altered(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph with one amount changed by one cent (a corrected figure)."""
    g = rdflib.Graph()
    for t in graph:
        g.add(t)
    amount = URIRef(Minter(BASE).vocab + "amount")
    obs, old = sorted(graph.subject_objects(amount))[0]
    g.remove((obs, amount, old))
    g.add((obs, amount, Literal(str(Decimal(str(old)) + Decimal("0.01")), datatype=XSD.decimal)))
    return g


@pytest.fixture(scope="module")
def history(sample_pdf, tmp_path_factory):
    """Four ingests into one store: the sample, the sample again, a changed graph, the changed graph again."""
    import budget_lod.pipeline as pipeline

    store_dir = tmp_path_factory.mktemp("records-store")
    settings = Settings.load(store=str(store_dir), base_url=BASE)
    clock = StepClock()
    steps = {}
    first = ingest_one([sample_pdf], settings, clock=clock)  # clock: 1 start, 2 written
    steps["first"] = (first.record, stored_record(store_dir, first))
    steps["skipped"] = ingest_one([sample_pdf], settings, clock=clock)  # the same content: not even read
    again = ingest_one([sample_pdf], settings, clock=clock, force=True)  # 3, 4
    steps["again"] = (again.record, stored_record(store_dir, again))
    prepared = pipeline.prepare(sample_pdf, Minter(BASE))
    changed = replace(prepared, graph=altered(prepared.graph))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "prepare", lambda files, minter: changed)
        c1 = ingest_one([sample_pdf], settings, clock=clock, force=True)  # 5, 6
        steps["changed"] = (c1.record, stored_record(store_dir, c1))
        c2 = ingest_one([sample_pdf], settings, clock=clock, force=True)  # 7, 8
        steps["changed_again"] = (c2.record, stored_record(store_dir, c2))
    return {"store": store_dir, "steps": steps, "budget": first.graph_iri.replace("/graph/", "/id/budget/", 1),
            "prepared": prepared, "changed": changed}


# --- the record's rules, on their own ----------------------------------------------------------------

def test_content_hash_is_the_same_for_isomorphic_graphs_and_moves_with_any_change():
    ex = rdflib.Namespace("http://example.org/")

    def graph(label: str, a: str, b: str) -> rdflib.Graph:
        g = rdflib.Graph()
        for node, pos in ((BNode(a), 1), (BNode(b), 2)):
            g.add((ex.table, ex.column, node))
            g.add((node, ex.position, Literal(pos)))
            g.add((node, ex.label, Literal(label, lang="zh")))
        return g

    assert content_sha256(graph("合计", "x", "y")) == content_sha256(graph("合计", "q", "p"))
    assert content_sha256(graph("合计", "x", "y")) != content_sha256(graph("小计", "x", "y"))
    g = graph("合计", "x", "y")
    g.add((ex.table, ex.page, Literal(3)))
    assert content_sha256(g) != content_sha256(graph("合计", "x", "y"))


def test_next_record_carries_issued_and_moves_modified_only_on_new_content():
    first = next_record(None, "aaa", minute(0), minute(1))
    assert (first.issued, first.modified, first.started, first.ended) == (minute(1), minute(1), minute(0), minute(1))
    same = next_record(first, "aaa", minute(5), minute(6))
    assert (same.issued, same.modified, same.ended) == (minute(1), minute(1), minute(6))
    new = next_record(same, "bbb", minute(7), minute(8))
    assert (new.issued, new.modified) == (minute(1), minute(8))


def test_times_are_utc_whole_seconds():
    shanghai = dt.timezone(dt.timedelta(hours=8))
    r = next_record(None, "h", dt.datetime(2026, 3, 1, 16, 0, 0, 900, tzinfo=shanghai),
                    dt.datetime(2026, 3, 1, 16, 0, 5, 1, tzinfo=shanghai))
    assert r.issued == dt.datetime(2026, 3, 1, 8, 0, 5, tzinfo=dt.timezone.utc)
    assert parse_datetime("2026-03-01T16:00:05+08:00") == parse_datetime("2026-03-01T08:00:05Z") == r.issued


# --- through the real pipeline -----------------------------------------------------------------------

def test_first_ingest_issues_the_budget(history):
    returned, stored = history["steps"]["first"]
    assert returned == stored
    assert (stored.issued, stored.modified, stored.started, stored.ended) == (minute(2), minute(2), minute(1), minute(2))


def test_the_same_pdf_again_is_skipped_unless_forced(history):
    assert history["steps"]["skipped"] is None  # nothing stored: the store holds this content already


def test_ingesting_the_same_pdf_again_moves_neither_date(history):
    first, _ = history["steps"]["first"]
    _, stored = history["steps"]["again"]
    assert stored.content_sha256 == first.content_sha256  # the document graph is deterministic
    assert (stored.issued, stored.modified) == (minute(2), minute(2))
    assert (stored.started, stored.ended) == (minute(3), minute(4))  # the activity itself is the new one


def test_a_changed_document_moves_modified_not_issued(history):
    _, before = history["steps"]["again"]
    _, stored = history["steps"]["changed"]
    assert stored.content_sha256 != before.content_sha256
    assert (stored.issued, stored.modified) == (minute(2), minute(6))
    _, stored = history["steps"]["changed_again"]
    assert (stored.issued, stored.modified, stored.ended) == (minute(2), minute(6), minute(8))


def test_the_record_is_prov_in_the_report_graph_not_the_document_graph(history):
    from budget_lod.store import open_store

    store = open_store(str(history["store"]), mode="read")
    try:
        names = store.named_graphs()
        (doc_graph,) = [g for g in names if not g.endswith("/report")]
        report = store.graph(doc_graph + "/report")
        document = store.graph(doc_graph)
    finally:
        store.close()
    assert names == [doc_graph, doc_graph + "/report"]  # no new kind of graph
    activity = URIRef(history["budget"] + "/ingest")
    assert (activity, RDF.type, PROV.Activity) in report
    assert report.value(activity, PROV.generated) == URIRef(doc_graph)
    assert report.value(activity, PROV.used) == URIRef(history["budget"] + "/source")
    assert parse_datetime(str(report.value(activity, PROV.endedAtTime))) == minute(8)
    assert not list(document.triples((None, DCTERMS.modified, None)))
    assert not list(document.triples((activity, None, None)))


@pytest.fixture()
def sparql_server():
    """A tiny SPARQL 1.1 server (query + update) over an in-memory pyoxigraph store: ``(query URL, update URL)``."""
    from servers import start_mini_sparql

    server = start_mini_sparql()
    yield server.query_url, server.update_url
    server.stop()


def test_records_live_in_a_remote_sparql_store_too(history, sparql_server, monkeypatch, tmp_path, sample_pdf):
    import budget_lod.pipeline as pipeline

    query_url, update_url = sparql_server
    monkeypatch.setenv("BUDGET_LOD_UPDATE_URL", update_url)
    monkeypatch.chdir(tmp_path)  # nothing may be written beside a remote store
    settings = Settings.load(store=query_url, base_url=BASE)
    clock = StepClock()
    records = []
    for prepared in (history["prepared"], history["prepared"], history["changed"]):
        monkeypatch.setattr(pipeline, "prepare", lambda files, minter, p=prepared: p)
        stored = ingest_one([sample_pdf], settings, clock=clock, force=True)
        records.append(stored_record(query_url, stored))
    assert [(r.issued, r.modified) for r in records] == [(minute(2), minute(2)), (minute(2), minute(2)),
                                                        (minute(2), minute(6))]
    assert not list(tmp_path.iterdir())


# --- what the site shows -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(history):
    from budget_lod.web.app import create_app

    app = create_app({"STORE_DIR": str(history["store"]), "BASE_URL": BASE})
    yield app.test_client()
    from budget_lod.web.site import site

    with app.app_context():
        site().close()


def test_catalog_dates_are_the_record(client, history, standards):
    import pyshacl

    g = rdflib.Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    (ds,) = g.subjects(RDF.type, DCAT.Dataset)
    assert str(ds) == history["budget"] + "/dataset"
    issued, modified = g.value(ds, DCTERMS.issued), g.value(ds, DCTERMS.modified)
    assert issued.datatype == modified.datatype == XSD.dateTime
    assert (parse_datetime(str(issued)), parse_datetime(str(modified))) == (minute(2), minute(6))
    (catalog,) = g.subjects(RDF.type, DCAT.Catalog)
    assert parse_datetime(str(g.value(catalog, DCTERMS.modified))) == minute(6)  # its latest change
    shapes = rdflib.Graph()
    shapes.parse(standards / "dcat-ap-3.0.1.shapes.ttl")
    shapes.parse(standards / "dcat-ap-3.0.1.range.ttl")
    conforms, _, text = pyshacl.validate(g, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert conforms, text


def test_void_dates_the_whole_and_each_document_graph(client, history):
    g = rdflib.Graph().parse(data=client.get("/.well-known/void.ttl").data, format="turtle")
    (root,) = [s for s in g.subjects(RDF.type, VOID.Dataset) if g.value(s, VOID.sparqlEndpoint)]
    assert parse_datetime(str(g.value(root, DCTERMS.modified))) == minute(6)
    doc_graph = URIRef(history["budget"].replace("/id/budget/", "/graph/", 1))
    assert parse_datetime(str(g.value(doc_graph, DCTERMS.issued))) == minute(2)
    assert g.value(URIRef(str(doc_graph) + "/report"), DCTERMS.modified) is None


def test_budget_page_shows_the_dates(client, history):
    page = client.get(history["budget"].replace(BASE + "id/", "/doc/", 1), headers={"Accept": "text/html"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<time class="issued" datetime="2026-03-01T08:02:00+00:00">2026-03-01 08:02 UTC</time>' in text
    assert '<time class="modified" datetime="2026-03-01T08:06:00+00:00">2026-03-01 08:06 UTC</time>' in text
    assert '"dateModified": "2026-03-01T08:06:00+00:00"' in text
