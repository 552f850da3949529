"""The ingest record of a budget: when it was first published in this store, when its content last changed.

Kept in the store itself, in the document's report graph (so a remote SPARQL store keeps it too, and
the document graph stays a pure function of the PDF). Each ingest writes::

    <{budget}/ingest> a prov:Activity ;                     # the latest ingest of this budget
        prov:startedAtTime t0 ; prov:endedAtTime t1 ;
        prov:used <{budget}/source> ; prov:generated <{graph}> .
    <{graph}> a prov:Entity ; prov:wasGeneratedBy <{budget}/ingest> ;
        bud:contentSha256 "…" .                             # the document graph's content (content_sha256)
    <{budget}/dataset> dcterms:issued t ; dcterms:modified t .

``dcterms:issued`` is carried forward from the previous record; ``dcterms:modified`` too while the
document graph's content hash is unchanged (re-ingesting the same PDF moves nothing a harvester reads,
such as ckanext-dcat deciding whether to re-harvest). All times are ``xsd:dateTime`` in UTC, whole seconds.
A store written before these records existed simply has none: readers omit the dates, never invent them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Callable

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from budget_lod.rdf.iri import Minter
from budget_lod.rdf.vocab import PROV, terms

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The default clock: now, in UTC."""
    return dt.datetime.now(dt.timezone.utc)


def utc_seconds(when: dt.datetime) -> dt.datetime:
    """``when`` in UTC, whole seconds (a naive time is taken as UTC)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc).replace(microsecond=0)


def datetime_literal(when: dt.datetime) -> Literal:
    """An ``xsd:dateTime`` in UTC, whole seconds (``2026-11-26T08:00:00Z``; rdflib writes ``+00:00``)."""
    return Literal(utc_seconds(when).strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=XSD.dateTime)


def parse_datetime(text: str) -> dt.datetime:
    """An ``xsd:dateTime`` lexical form (``…Z`` or ``…+08:00``; none means UTC) as an aware UTC datetime."""
    return utc_seconds(dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00")))


def content_sha256(graph: rdflib.Graph) -> str:
    """SHA-256 of a graph's content, the same for isomorphic graphs (hex).

    Each blank node is named by a hash of what it says (its predicates and objects, nested blank nodes
    likewise), then the N-Triples lines are sorted and hashed. Exact for graphs whose blank nodes form
    trees, as the graph builder writes them (columns, notes); ~0.1 s for a 6,500-triple document, where a
    full canonicalisation (``rdflib.compare``) takes ten times as long.
    """
    names: dict[BNode, str] = {}

    def name(node: BNode, path: frozenset = frozenset()) -> str:
        if node in names:
            return names[node]
        if node in path:  # a cycle of blank nodes: named by its place only
            return "_:cycle"
        parts = sorted(f"{p.n3()} {name(o, path | {node}) if isinstance(o, BNode) else o.n3()}"
                       for p, o in graph.predicate_objects(node))
        names[node] = "_:" + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
        return names[node]

    def term(t) -> str:
        return name(t) if isinstance(t, BNode) else t.n3()

    lines = sorted(f"{term(s)} {p.n3()} {term(o)} ." for s, p, o in graph)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IngestRecord:
    """What the store says of a budget's publication (times in UTC, whole seconds)."""

    issued: dt.datetime  # first published in this store
    modified: dt.datetime  # its document graph's content last changed
    content_sha256: str  # of the document graph (content_sha256)
    started: dt.datetime | None = None  # the latest ingest's start and end
    ended: dt.datetime | None = None


def next_record(previous: IngestRecord | None, content: str, started: dt.datetime,
                ended: dt.datetime) -> IngestRecord:
    """The record after an ingest ending at ``ended`` that produced content hash ``content``."""
    ended, started = utc_seconds(ended), utc_seconds(started)
    if previous is None:
        return IngestRecord(ended, ended, content, started, ended)
    modified = previous.modified if previous.content_sha256 == content else ended
    return IngestRecord(previous.issued, modified, content, started, ended)


def record_graph(record: IngestRecord, *, budget: str, graph_iri: str, minter: Minter) -> rdflib.Graph:
    """The record's triples, to be stored in the budget's report graph."""
    B = terms(minter)
    g = rdflib.Graph()
    g.bind("prov", PROV)
    g.bind("dcterms", DCTERMS)
    activity, graph, dataset = URIRef(Minter.ingest(budget)), URIRef(graph_iri), URIRef(Minter.dataset(budget))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal("入库（抽取、建图、校验、存储）", lang="zh")))
    g.add((activity, RDFS.label, Literal("ingest (extract, build, validate, store)", lang="en")))
    if record.started is not None:
        g.add((activity, PROV.startedAtTime, datetime_literal(record.started)))
    if record.ended is not None:
        g.add((activity, PROV.endedAtTime, datetime_literal(record.ended)))
    g.add((activity, PROV.used, URIRef(Minter.source(budget))))
    g.add((activity, PROV.generated, graph))
    g.add((graph, RDF.type, PROV.Entity))
    g.add((graph, PROV.wasGeneratedBy, activity))
    g.add((graph, B.contentSha256, Literal(record.content_sha256)))
    g.add((dataset, DCTERMS.issued, datetime_literal(record.issued)))
    g.add((dataset, DCTERMS.modified, datetime_literal(record.modified)))
    return g


_READ = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?issued ?modified ?hash ?started ?ended WHERE {
  GRAPH <%(report)s> {
    <%(dataset)s> dcterms:issued ?issued ; dcterms:modified ?modified .
    <%(graph)s> <%(hash)s> ?hash .
    OPTIONAL { <%(activity)s> prov:startedAtTime ?started }
    OPTIONAL { <%(activity)s> prov:endedAtTime ?ended }
  }
} LIMIT 1
"""


def _iri(iri: str) -> str:
    if any(c in iri for c in '<>"{}|^`\\ \n'):
        raise ValueError(f"not a usable IRI: {iri!r}")
    return iri


def read_record(store, *, budget: str, graph_iri: str, report_graph: str, minter: Minter) -> IngestRecord | None:
    """The record a store holds for a budget (any store of ``store/base.py``), or None if it has none."""
    query = _READ % {"report": _iri(report_graph), "dataset": _iri(Minter.dataset(budget)), "graph": _iri(graph_iri),
                     "hash": terms(minter).contentSha256, "activity": _iri(Minter.ingest(budget))}
    for row in store.query(query):
        def text(key: str) -> str | None:
            term = row[key]
            return None if term is None else term.value

        started, ended = text("started"), text("ended")
        return IngestRecord(parse_datetime(text("issued")), parse_datetime(text("modified")), text("hash"),
                            parse_datetime(started) if started else None, parse_datetime(ended) if ended else None)
    return None
