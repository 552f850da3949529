"""A remote SPARQL 1.1 server behind the same Store interface (Query + Update protocols).

Tested against real servers started by the tests: Oxigraph server (``oxigraph serve``) and Virtuoso 7.2
(``virtuoso-t``), plus our own ``/sparql`` and a small in-test update server.

**Which graphs are ours.** A shared server holds other data too (Virtuoso always holds its own system
graphs), so every write also lists the graphs it wrote in a registry graph (``urn:x-budget-lod:graphs``,
see :mod:`budget_lod.store.remote_writes`). Reads then send that list as the SPARQL Protocol's
``default-graph-uri`` and ``named-graph-uri``: the default graph is the union of our graphs and
``GRAPH ?g`` sees only them, on any SPARQL 1.1 server, whatever its union-default-graph setting — the
same dataset the embedded store gives. A query that names its own dataset (``FROM``) or a request that
passes ``default_graphs``/``named_graphs`` keeps its own. A server without a registry (data loaded by
other means, e.g. ``budget-lod export`` bulk-loaded, or our own endpoint) is read as it is: all its named
graphs, and its default graph must then be the union of them (Oxigraph: ``--union-default-graph``;
Virtuoso: always). The list of graphs is cached for ``graphs_ttl`` seconds (another process's ingest
shows after at most that long; this store's own writes at once).

**Writes** (:meth:`RemoteStore.replace_documents`) stage the new content in graphs no reader sees, in
requests of at most ``max_triples`` triples, then switch it in with one small request (MOVE + registry).
A failure while staging (refused data, a server or network error) leaves the visible store exactly as it
was. The switch is one request: Oxigraph server runs it as one transaction (all or nothing, isolated).
Virtuoso does NOT: it commits each operation of a request separately (measured: an error in the 2nd
operation leaves the 1st applied), so a server crash in the middle of the switch can leave some graphs of
the batch replaced and others not, and a concurrent reader may see a graph between its DROP and MOVE;
re-running the ingest repairs it. There is no write lock on a remote server: run one ingest at a time.

**Server setup** an operator needs: the update endpoint must allow SPARQL Update — Oxigraph server:
``/update`` as it is; Virtuoso: either ``GRANT SPARQL_UPDATE TO "SPARQL";`` (anyone who can reach
``/sparql`` can then write: keep it off the public network) or ``/sparql-auth`` with a user that has
SPARQL_UPDATE, credentials in the URL (``http://user:pw@host:8890/sparql-auth``, HTTP Digest); and
Virtuoso's ``ResultSetMaxRows`` above the largest graph (a cut result is an error here, not a silent loss).

Numbers: servers keep ``xsd:decimal`` in canonical form (``"0.10"`` reads back ``"0.1"``, as the embedded
store does): values are exact, lexical forms of numbers are not kept. Source PDFs are not kept beside a
remote store (there is no directory), so the site links no PDF download.
"""

from __future__ import annotations

import time
from itertools import islice
from typing import Iterator, Sequence

import pyoxigraph as ox
import rdflib

from budget_lod.errors import BudgetLodError, StoreError
from budget_lod.store.base import document_graph_names
from budget_lod.store.convert import graph_of
from budget_lod.store.formats import FORMATS
from budget_lod.store.lexical import has_dataset_clause
from budget_lod.store.oxigraph import RDFS_LABEL, SKOS_PREFLABEL, _iri
from budget_lod.store.readonly import check_query
from budget_lod.store.remote_http import Endpoint
from budget_lod.store.remote_results import Solutions, parse_ask, parse_select
from budget_lod.store.remote_writes import DEFAULT_MAX_TRIPLES, REGISTERED_GRAPHS, plan_replace
from budget_lod.store.results import PREFIXES, SerializedResult, write_boolean, write_solutions
from budget_lod.store.workers import QueryFailed

_DESCRIBE = """
CONSTRUCT { ?s ?p ?o } WHERE {
  { BIND(<%(iri)s> AS ?s) GRAPH ?g { <%(iri)s> ?p ?o } }
  UNION { GRAPH ?g { <%(iri)s> ?via ?s . FILTER(isBlank(?s)) ?s ?p ?o } }
  UNION { GRAPH ?g0 { <%(iri)s> ?via ?s . FILTER(isIRI(?s)) }
          VALUES ?p { <%(label)s> <%(pref)s> } GRAPH ?g { ?s ?p ?o } }
}"""
_ALL_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_JSON = FORMATS["json"].media_type
_NTRIPLES = FORMATS["nt"].media_type


class RemoteStore:
    """A SPARQL 1.1 server: ``query_endpoint`` for reads, ``update_endpoint`` (optional) for writes.

    ``base_iri`` is prepended as ``BASE`` to queries that may use relative IRIs; ``timeout`` bounds every
    request (seconds); ``max_triples`` is the most triples sent in one update request; ``graphs_ttl`` how
    long the list of our graphs is reused before it is asked again.
    """

    def __init__(self, query_endpoint: str, update_endpoint: str | None = None, *, timeout: float = 30.0,
                 headers: dict[str, str] | None = None, base_iri: str | None = None,
                 max_triples: int = DEFAULT_MAX_TRIPLES, graphs_ttl: float = 2.0):
        self._query = Endpoint(query_endpoint, headers)
        self._update = Endpoint(update_endpoint, headers) if update_endpoint else None
        self.query_endpoint = self._query.url
        self.update_endpoint = self._update.url if self._update else None
        self.timeout = timeout
        self.base_iri = base_iri
        self.max_triples = max_triples
        self.graphs_ttl = graphs_ttl
        self._registered: tuple[float, list[str]] | None = None

    # --- the dataset -------------------------------------------------------------------------------
    def registered_graphs(self) -> list[str]:
        """The graphs this store wrote (the registry's list), sorted; empty on a server without a registry."""
        now = time.monotonic()
        if self._registered is None or now - self._registered[0] > self.graphs_ttl:
            body = self._query.post([("query", REGISTERED_GRAPHS)], _JSON, self.timeout)
            graphs = sorted(r["g"].value for r in parse_select(body, self.query_endpoint)
                            if isinstance(r["g"], ox.NamedNode))
            self._registered = (now, graphs)
        return list(self._registered[1])

    def _dataset(self, sparql: str, default_graphs: Sequence[str] = (),
                 named_graphs: Sequence[str] = ()) -> list[tuple[str, str]]:
        """The protocol's dataset fields for one query (see the module docstring)."""
        if not default_graphs and not named_graphs and has_dataset_clause(sparql):
            return []  # the query's own FROM / FROM NAMED
        ours = [] if default_graphs and named_graphs else self.registered_graphs()  # []: the server's own
        fields = [("default-graph-uri", g) for g in (default_graphs or ours)]
        fields += [("named-graph-uri", g) for g in (named_graphs or ours)]
        return fields

    def _ask_server(self, sparql: str, accept: str, timeout: float | None, default_graphs: Sequence[str] = (),
                    named_graphs: Sequence[str] = (), base_iri: str | None = None) -> bytes:
        base = base_iri or self.base_iri
        text = f"BASE <{_iri(base)}>\n{sparql}" if base else sparql
        fields = [("query", text), *self._dataset(sparql, default_graphs, named_graphs)]
        return self._query.post(fields, accept, timeout or self.timeout)

    def _select(self, sparql: str, timeout: float | None = None, **dataset) -> Solutions:
        return parse_select(self._ask_server(sparql, _JSON, timeout, **dataset), self.query_endpoint)

    def _ask(self, sparql: str, timeout: float | None = None, **dataset) -> bool:
        return parse_ask(self._ask_server(sparql, _JSON, timeout, **dataset), self.query_endpoint)

    def _construct(self, sparql: str, timeout: float | None = None, **dataset) -> list:
        body = self._ask_server(sparql, _NTRIPLES, timeout, **dataset)
        try:
            return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise QueryFailed(f"{self.query_endpoint}: the answer is not N-Triples: {exc}") from None

    # --- writing --------------------------------------------------------------------------------------
    def replace_document(self, graph: str, data: rdflib.Graph, report_graph: str, report: rdflib.Graph) -> None:
        """Replace a document's graph and report graph (staged, then switched in: see the module docstring)."""
        self.replace_documents([(graph, data, report_graph, report)])

    def replace_documents(self, documents: Sequence[tuple[str, rdflib.Graph, str, rdflib.Graph]]) -> None:
        """Replace several documents ``(graph, data, report_graph, report)``: stage all, then one switch."""
        if not self._update:
            raise StoreError(f"{self.query_endpoint}: no update endpoint configured (BUDGET_LOD_UPDATE_URL); "
                             "this remote store is read-only")
        pairs = [pair for g, d, rg, r in documents for pair in ((g, d), (rg, r))]
        if not pairs:
            return
        first = pairs[0][0]
        try:
            plan = plan_replace(pairs, self.max_triples)
        except Exception as exc:
            raise StoreError(f"<{first}>: the graph cannot be stored, nothing was sent: {exc}") from None
        try:
            try:
                for request in plan.stage:
                    self._update.post([("update", request)], "*/*", self.timeout)
            except BudgetLodError as exc:
                self._drop_staging(plan)
                raise StoreError(f"<{first}>: the server refused the update, the store is unchanged: {exc}") from None
            try:
                self._update.post([("update", plan.switch)], "*/*", self.timeout)
            except BudgetLodError as exc:
                self._drop_staging(plan)
                raise StoreError(f"<{first}>: the server refused the update at the final switch (Oxigraph: "
                                 f"unchanged; Virtuoso: check, and ingest again): {exc}") from None
        finally:
            self._registered = None

    def bulk(self, **options):
        """A :class:`~budget_lod.store.remote_bulk.RemoteBulkWriter`: documents staged one by one, a batch
        switched in with one request."""
        from budget_lod.store.remote_bulk import RemoteBulkWriter

        return RemoteBulkWriter(self, **options)

    def statistics(self):
        """None: a remote server's content is counted by queries, on request (it may change behind our back)."""
        return None

    def _drop_staging(self, plan) -> None:
        """Best effort: a staging graph left behind is invisible (not in the registry), only wasted space."""
        if plan.staging:
            try:
                self._update.post([("update", plan.cleanup())], "*/*", self.timeout)
            except Exception:  # noqa: BLE001 — the original error is the one to report
                pass

    # --- reading --------------------------------------------------------------------------------------
    def query(self, sparql: str, *, timeout: float | None = None):
        """SELECT → rows (``.variables``; ``row["var"]``), ASK → ``bool``, CONSTRUCT/DESCRIBE → rdflib Graph."""
        form = check_query(sparql)
        if form == "SELECT":
            return self._select(sparql, timeout)
        if form == "ASK":
            return self._ask(sparql, timeout)
        return graph_of(self._construct(sparql, timeout))

    def query_serialized(self, sparql: str, results_format: str = "json", graph_format: str = "turtle", *,
                         timeout: float | None = None, max_rows: int | None = None,
                         default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
                         base_iri: str | None = None) -> SerializedResult:
        """Fetch JSON / N-Triples from the server and write the requested format here, with the row cap."""
        form = check_query(sparql)
        dataset = {"default_graphs": default_graphs, "named_graphs": named_graphs, "base_iri": base_iri}
        if form == "ASK":
            fmt = FORMATS[results_format]
            return SerializedResult(write_boolean(self._ask(sparql, timeout, **dataset), fmt.name), fmt.media_type,
                                    form, 1, False)
        if form == "SELECT":
            fmt = FORMATS[results_format]
            result = self._select(sparql, timeout, **dataset)
            rows = list(result if max_rows is None else islice(result, max_rows + 1))
            truncated = max_rows is not None and len(rows) > max_rows
            rows = rows[:max_rows] if truncated else rows
            return SerializedResult(write_solutions(result.names, rows, fmt.name), fmt.media_type, form, len(rows),
                                    truncated)
        fmt = FORMATS[graph_format]
        triples = self._construct(sparql, timeout, **dataset)
        truncated = max_rows is not None and len(triples) > max_rows
        triples = triples[:max_rows] if truncated else triples
        body = ox.serialize(triples, format=fmt.rdf_format, prefixes=PREFIXES if fmt.name == "turtle" else None)
        return SerializedResult(body or b"", fmt.media_type, form, len(triples), truncated)

    def describe(self, iri: str) -> rdflib.Graph:
        q = _DESCRIBE % {"iri": _iri(iri), "label": RDFS_LABEL, "pref": SKOS_PREFLABEL}
        return graph_of(self._construct(q))

    def incoming_count(self, iri: str) -> int:
        (row,) = list(self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p <{_iri(iri)}> }} }}"))
        return int(row["n"].value)

    def named_graphs(self) -> list[str]:
        """Our named graphs (the registry's, see the module docstring), else every graph with triples."""
        ours = self.registered_graphs()
        if ours:
            return ours
        return sorted(r["g"].value for r in self._select(_ALL_GRAPHS) if isinstance(r["g"], ox.NamedNode))

    def graph(self, iri: str) -> rdflib.Graph:
        return graph_of(self._graph_triples(iri))

    def _graph_triples(self, iri: str) -> list:
        q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{_iri(iri)}> {{ ?s ?p ?o }} }}"
        return self._construct(q, named_graphs=[iri], default_graphs=[iri])

    def documents(self) -> Iterator[tuple[str, rdflib.Graph]]:
        for g in document_graph_names(self.named_graphs()):
            yield g, self.graph(g)

    def dump(self, fmt: str) -> bytes:
        """N-Quads or TriG assembled graph by graph; triple formats merge the graphs."""
        f = FORMATS.get(fmt)
        if f is None or f.rdf_format is None:
            raise StoreError(f"unknown dump format {fmt!r}; use nquads, trig, turtle, nt, jsonld or rdfxml")
        quads = []
        for g in self.named_graphs():
            name = ox.NamedNode(g)
            quads.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in self._graph_triples(g))
        if f.kind == "dataset" or f.name == "jsonld":
            return ox.serialize(quads, format=f.rdf_format) or b""
        return ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=f.rdf_format) or b""

    def dump_to(self, fmt: str, output) -> None:
        """:meth:`dump` written graph by graph to the binary file ``output`` (memory: one graph)."""
        f = FORMATS.get(fmt)
        if f is None or f.rdf_format is None:
            raise StoreError(f"unknown dump format {fmt!r}; use nquads, trig, turtle, nt, jsonld or rdfxml")
        if f.name not in ("nquads", "nt", "trig", "turtle"):
            output.write(self.dump(fmt))
            return
        for g in self.named_graphs():
            name = ox.NamedNode(g)
            triples = self._graph_triples(g)
            items = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples] if f.kind == "dataset" else triples
            output.write(ox.serialize(items, format=f.rdf_format) or b"")

    def close(self) -> None:
        pass

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
