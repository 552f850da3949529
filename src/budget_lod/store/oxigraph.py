"""The embedded store: Oxigraph in a data directory, one writer, readers on published checkpoints.

``EmbeddedStore(path, mode="write")`` holds the directory's write lock and writes ``primary/``; every
successful :meth:`replace_document` publishes a checkpoint, and :meth:`bulk` writes many documents a
batch — one checkpoint — at a time (see :mod:`budget_lod.store.checkpoints`, :mod:`budget_lod.store.bulk`).
Every publication carries the store's statistics (:mod:`budget_lod.store.statistics`), updated for the
graphs the write changed. ``mode="read"`` never opens ``primary/``: it reads the CURRENT checkpoint and
follows new ones, and runs timed queries in killable worker processes (:mod:`budget_lod.store.workers`).

Queries see the union of all named graphs as their default graph (every document is a named graph);
``GRAPH ?g`` still names them. Relative IRIs in queries resolve against ``base_iri`` (the site's base
URL), so ``PREFIX bud: <def/budget#>`` works as in the ontology.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Sequence

import pyoxigraph as ox
import rdflib

from budget_lod.errors import StoreError
from budget_lod.store import checkpoints, statistics
from budget_lod.store.base import document_graph_names
from budget_lod.store.bulk import BulkWriter
from budget_lod.store.checkpoints import CheckpointReader, Layout, WriteLock
from budget_lod.store.convert import graph_of, to_rdflib
from budget_lod.store.formats import FORMATS
from budget_lod.store.readonly import QuerySyntaxError, check_query
from budget_lod.store.results import PREFIXES, QueryRequest, SerializedResult, execute, run
from budget_lod.store.statistics import Change, Statistics

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREFLABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"

_DESCRIBE = """
CONSTRUCT { ?s ?p ?o } WHERE {
  { BIND(<%(iri)s> AS ?s) <%(iri)s> ?p ?o }
  UNION { <%(iri)s> ?via ?s . FILTER(isBlank(?s)) ?s ?p ?o }
  UNION { <%(iri)s> ?via ?s . FILTER(isIRI(?s)) VALUES ?p { <%(label)s> <%(pref)s> } ?s ?p ?o }
}"""


def _iri(iri: str) -> str:
    """An IRI checked for use inside ``<…>`` in a SPARQL text (the one place we build SPARQL)."""
    if any(c in iri for c in '<>"{}|^`\\ \n\t\r') or not iri:
        raise ValueError(f"not a usable IRI: {iri!r}")
    return iri


def _insert_data(graphs: Sequence[tuple[str, rdflib.Graph]]) -> str:
    """One SPARQL update that drops ``graphs`` and inserts their new content (one transaction)."""
    parts = [f"DROP SILENT GRAPH <{_iri(g)}> ;\n" for g, _ in graphs]
    parts.append("INSERT DATA {\n")
    for g, data in graphs:
        parts.append(f"GRAPH <{_iri(g)}> {{\n")
        parts.extend(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in data)
        parts.append("}\n")
    parts.append("}")
    return "".join(parts)


class EmbeddedStore:
    """Oxigraph on disk behind the :class:`budget_lod.store.base.Store` interface."""

    def __init__(self, path: str | os.PathLike, mode: str = "read", *, base_iri: str | None = None,
                 workers: int = 2, lock_wait: float = checkpoints.LOCK_WAIT_SECONDS,
                 grace: float = checkpoints.GRACE_SECONDS, query_memory_mb: float | None = None,
                 query_wait: float | None = None):
        if mode not in ("read", "write"):
            raise ValueError(f"mode must be 'read' or 'write', not {mode!r}")
        self.path = Path(path)
        self.mode = mode
        self.base_iri = base_iri
        self.layout = Layout(self.path)
        self.grace = grace
        self._workers = workers
        self._pool = None
        self._lock: WriteLock | None = None
        self._primary: ox.Store | None = None
        self._reader: CheckpointReader | None = None
        self._stats: Statistics | None = None
        self.query_memory_mb = query_memory_mb
        self.query_wait = query_wait
        if mode == "write":
            self._lock = WriteLock(self.layout, wait=lock_wait)
            try:
                if self.layout.unpublished.exists():  # the last writer stopped between a write and its publication
                    checkpoints.restore_primary(self.layout)
                self._primary = ox.Store(str(self.layout.primary))
                if self.layout.read_current() is None:
                    self._stats = Statistics()
                    checkpoints.publish(self._primary, self.layout, grace, self._stats)
            except OSError as exc:
                self._lock.release()
                raise StoreError(f"{self.layout.primary}: cannot open the store for writing: {exc}") from None
        else:
            self._reader = CheckpointReader(self.path)
            self._reader.follow()

    # --- access -----------------------------------------------------------------------------------
    def _store(self) -> ox.Store:
        if self._primary is not None:
            return self._primary
        if self._reader is None:
            raise StoreError(f"{self.path}: the store is closed")
        return self._reader.store()

    def _writable(self) -> ox.Store:
        if self._primary is None:
            raise StoreError(f"{self.path}: opened read-only; open_store(path, mode='write') to ingest")
        return self._primary

    @property
    def checkpoint(self) -> int | None:
        """The checkpoint number readers see now (None before the first write)."""
        return self.layout.read_current()

    def statistics(self) -> Statistics | None:
        """What the store holds, counted at the last write (:mod:`budget_lod.store.statistics`); None for a
        store published without statistics (written by an older version: the next write adds them)."""
        if self._reader is not None:
            return self._reader.statistics()
        return self._statistics()

    def _statistics(self) -> Statistics:
        """The writer's statistics of the published state (counted once if the checkpoint has none)."""
        if self._stats is None:
            current = self.layout.read_current()
            loaded = Statistics.load(self.layout.stats(current)) if current is not None else None
            self._stats = loaded if loaded is not None else statistics.full(self._writable())
        return self._stats

    def _publish(self, stats: Statistics) -> int:
        n = checkpoints.publish(self._writable(), self.layout, self.grace, stats)
        self._stats = stats
        return n

    def _restore_from_checkpoint(self) -> None:
        """Put ``primary/`` back to the CURRENT checkpoint (closing and reopening the database)."""
        import gc

        self._primary = None
        gc.collect()  # the database closes when its last reference goes
        checkpoints.restore_primary(self.layout)
        self._primary = ox.Store(str(self.layout.primary))

    def bulk(self, **options) -> BulkWriter:
        """A :class:`~budget_lod.store.bulk.BulkWriter`: documents by the batch, one checkpoint per batch."""
        return BulkWriter(self, **options)

    # --- writing ----------------------------------------------------------------------------------
    def replace_document(self, graph: str, data: rdflib.Graph, report_graph: str, report: rdflib.Graph) -> None:
        """Replace a document's named graph and its report graph, all or nothing, and publish."""
        self.replace_documents([(graph, data, report_graph, report)])

    def replace_documents(self, documents: Sequence[tuple[str, rdflib.Graph, str, rdflib.Graph]]) -> None:
        """Replace several documents' graphs and reports in ONE transaction, and publish one checkpoint.

        Each item is ``(graph, data, report_graph, report)``. The new content is one SPARQL update (one
        Oxigraph transaction). If publishing the checkpoint fails afterwards, the old content of every
        graph is written back, so the store and what readers see stay exactly as before; the error is
        raised as :class:`StoreError`.
        """
        if self._primary is None:
            raise StoreError(f"{self.path}: opened read-only; open_store(path, mode='write') to ingest")
        pairs: list[tuple[str, rdflib.Graph]] = []
        for graph, data, report_graph, report in documents:
            if graph == report_graph:
                raise ValueError("the document graph and its report graph must differ")
            pairs += [(graph, data), (report_graph, report)]
        if len({g for g, _ in pairs}) != len(pairs):
            raise ValueError("the same graph is named twice in one batch")
        if not pairs:
            return
        first = pairs[0][0]
        try:
            update = _insert_data(pairs)  # fails before anything is touched
        except Exception as exc:  # rdflib raises a bare Exception for an IRI it cannot write
            raise StoreError(f"<{first}>: the graph cannot be stored, nothing was changed: {exc}") from None
        names = [ox.NamedNode(g) for g, _ in pairs]
        before = [q for g in names for q in self._primary.quads_for_pattern(None, None, None, g)]
        stats = self._statistics()
        change = Change()
        change.before(self._primary, [g for g, _ in pairs])
        checkpoints.begin_unpublished(self.layout)
        try:
            self._primary.update(update)
        except (SyntaxError, OSError) as exc:
            self.layout.unpublished.unlink(missing_ok=True)  # one transaction: nothing was written
            raise StoreError(f"<{first}>: the store refused the new graph, nothing was changed: {exc}") from None
        try:
            self._publish(change.after(self._primary, stats))
        except BaseException as exc:
            self._restore(names, before)
            if isinstance(exc, Exception):
                raise StoreError(f"<{first}>: could not publish the new checkpoint, the old content was put back: "
                                 f"{exc}") from exc
            raise

    def _restore(self, names: list, quads: list) -> None:
        for g in names:
            self._primary.remove_graph(g)
        self._primary.extend(quads)
        self._primary.flush()
        self.layout.unpublished.unlink(missing_ok=True)

    def remove_document(self, graph: str, report_graph: str) -> None:
        """Remove a document's graph and its report, and publish."""
        primary = self._writable()
        stats = self._statistics()
        change = Change()
        change.before(primary, [graph, report_graph])
        checkpoints.begin_unpublished(self.layout)
        primary.update(f"DROP SILENT GRAPH <{_iri(graph)}> ; DROP SILENT GRAPH <{_iri(report_graph)}>")
        self._publish(change.after(primary, stats))

    # --- reading ----------------------------------------------------------------------------------
    def query(self, sparql: str, *, timeout: float | None = None):
        """Run a read-only query: SELECT → ``pyoxigraph.QuerySolutions``, ASK → ``bool``,
        CONSTRUCT/DESCRIBE → ``rdflib.Graph``.

        Refuses updates and SERVICE (:class:`QueryRefused`). With ``timeout`` (read mode) it runs in a
        worker process and raises :class:`QueryTimeout` when over time; without, in this process.
        """
        form = check_query(sparql)
        if timeout is not None and self._reader is not None and self._workers > 0:
            res = self.query_serialized(sparql, "json", "nt", timeout=timeout)
            if form in ("SELECT", "ASK"):
                parsed = ox.parse_query_results(res.body, format=ox.QueryResultsFormat.JSON)
                return bool(parsed) if form == "ASK" else parsed
            return graph_of(ox.parse(res.body, format=ox.RdfFormat.N_TRIPLES))
        try:
            result = execute(self._store(), QueryRequest(sparql, base_iri=self.base_iri))
        except SyntaxError as exc:
            raise QuerySyntaxError(f"not a valid SPARQL 1.1 query: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            return result
        return graph_of(result)

    def query_serialized(self, sparql: str, results_format: str = "json", graph_format: str = "turtle", *,
                         timeout: float | None = None, max_rows: int | None = None,
                         default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
                         base_iri: str | None = None) -> SerializedResult:
        """Run a read-only query and return its result already written in the wire format.

        ``results_format`` answers SELECT/ASK, ``graph_format`` CONSTRUCT/DESCRIBE (names of
        :data:`budget_lod.store.formats.FORMATS`). At most ``max_rows`` rows/triples (``truncated`` says
        whether there were more). With ``timeout`` and read mode, runs in a killable worker. ``base_iri``
        overrides the store's base for relative IRIs in this query.
        """
        form = check_query(sparql)
        req = QueryRequest(sparql, results_format, graph_format, max_rows, base_iri or self.base_iri,
                           tuple(default_graphs), tuple(named_graphs))
        if timeout is not None and self._reader is not None and self._workers > 0:
            res = self._get_pool().run(req, timeout)
        else:
            try:
                res = run(self._store(), req)
            except SyntaxError as exc:
                raise QuerySyntaxError(f"not a valid SPARQL 1.1 query: {exc}") from None
        if form == "DESCRIBE":
            res = SerializedResult(res.body, res.media_type, form, res.count, res.truncated)
        return res

    def _get_pool(self):
        if self._pool is None:
            from budget_lod.store.workers import QueryPool

            self._pool = QueryPool(self.path, self._workers, memory_mb=self.query_memory_mb, wait=self.query_wait)
        return self._pool

    def describe(self, iri: str) -> rdflib.Graph:
        """Triples with ``iri`` as subject (all graphs), its blank-node objects' triples, and the
        rdfs:label / skos:prefLabel of the IRIs it points to. Empty graph: nothing known."""
        q = _DESCRIBE % {"iri": _iri(iri), "label": RDFS_LABEL, "pref": SKOS_PREFLABEL}
        return graph_of(self._store().query(q, use_default_graph_as_union=True))

    def incoming_count(self, iri: str) -> int:
        """How many triples (in all graphs) have ``iri`` as object."""
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p <{_iri(iri)}> }}"
        (row,) = list(self._store().query(q, use_default_graph_as_union=True))
        return int(row["n"].value)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store().named_graphs() if isinstance(g, ox.NamedNode))

    def graph(self, iri: str) -> rdflib.Graph:
        """One named graph as an rdflib graph (empty if absent)."""
        return graph_of(self._store().quads_for_pattern(None, None, None, ox.NamedNode(iri)))

    def documents(self) -> Iterator[tuple[str, rdflib.Graph]]:
        """Each document graph (not report graphs) with its content."""
        for g in document_graph_names(self.named_graphs()):
            yield g, self.graph(g)

    def dump(self, fmt: str) -> bytes:
        """Everything stored: ``nquads``/``trig`` keep the named graphs; ``turtle``/``nt``/``jsonld``/
        ``rdfxml`` merge them into one graph; (``jsonld`` keeps them as ``@graph`` objects)."""
        f = FORMATS.get({"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld"}.get(fmt, fmt))
        if f is None or f.rdf_format is None:
            raise StoreError(f"unknown dump format {fmt!r}; use nquads, trig, turtle, nt, jsonld or rdfxml")
        store = self._store()
        prefixes = PREFIXES if f.name in ("turtle", "trig") else None
        if f.kind == "dataset" or f.name == "jsonld":
            return store.dump(format=f.rdf_format, prefixes=prefixes) or b""
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in store)
        return ox.serialize(triples, format=f.rdf_format, prefixes=prefixes) or b""

    def dump_to(self, fmt: str, output) -> None:
        """:meth:`dump` written to the binary file ``output`` as it is read (constant memory)."""
        f = FORMATS.get({"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld"}.get(fmt, fmt))
        if f is None or f.rdf_format is None or f.name == "jsonld":
            output.write(self.dump(fmt))
            return
        store = self._store()
        prefixes = PREFIXES if f.name in ("turtle", "trig") else None
        if f.kind == "dataset":
            store.dump(output, format=f.rdf_format, prefixes=prefixes)
        else:
            ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in store), output, format=f.rdf_format,
                         prefixes=prefixes)

    def __len__(self) -> int:
        return len(self._store())

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        if self._primary is not None:
            self._primary.flush()
            self._primary = None  # released when garbage-collected; the lock goes with it
        if self._lock is not None:
            import gc

            gc.collect()
            self._lock.release()
            self._lock = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def __enter__(self) -> "EmbeddedStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


__all__ = ["EmbeddedStore", "to_rdflib"]
