"""A remote SPARQL 1.1 server behind the same Store interface (Query + Update protocols).

Reads go to ``query_endpoint`` (SPARQL 1.1 Protocol, POST form), writes to ``update_endpoint`` as ONE
update request per document (DROP both graphs + INSERT DATA), which servers such as Oxigraph server and
Fuseki run as one transaction — the same all-or-nothing rule as the embedded store. Queries are checked
by the same read-only guard before they leave. The server's default graph is not assumed to be the
union of named graphs: the queries this class builds name their graphs.

Tested: reads against our own ``/sparql``; writes against a small in-test Update server. Not tested
against Fuseki/GraphDB/Virtuoso (their union-default-graph settings and transaction behaviour vary).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from itertools import islice
from typing import Iterator, Sequence

import pyoxigraph as ox
import rdflib

from budget_lod.errors import StoreError
from budget_lod.store.convert import graph_of
from budget_lod.store.formats import FORMATS
from budget_lod.store.base import document_graph_names
from budget_lod.store.oxigraph import RDFS_LABEL, SKOS_PREFLABEL, _insert_data, _iri
from budget_lod.store.readonly import check_query
from budget_lod.store.results import PREFIXES, SerializedResult, write_boolean, write_solutions
from budget_lod.store.workers import QueryFailed, QueryTimeout

_DESCRIBE = """
CONSTRUCT { ?s ?p ?o } WHERE {
  { BIND(<%(iri)s> AS ?s) GRAPH ?g { <%(iri)s> ?p ?o } }
  UNION { GRAPH ?g { <%(iri)s> ?via ?s . FILTER(isBlank(?s)) ?s ?p ?o } }
  UNION { GRAPH ?g0 { <%(iri)s> ?via ?s . FILTER(isIRI(?s)) } VALUES ?p { <%(label)s> <%(pref)s> } GRAPH ?g { ?s ?p ?o } }
}"""


class RemoteStore:
    """A SPARQL 1.1 server: ``query_endpoint`` for reads, ``update_endpoint`` (optional) for writes."""

    def __init__(self, query_endpoint: str, update_endpoint: str | None = None, *, timeout: float = 30.0,
                 headers: dict[str, str] | None = None):
        self.query_endpoint = query_endpoint
        self.update_endpoint = update_endpoint
        self.timeout = timeout
        self.headers = dict(headers or {})

    # --- HTTP ---------------------------------------------------------------------------------------
    def _post(self, url: str, field: str, text: str, accept: str, timeout: float | None) -> bytes:
        data = urllib.parse.urlencode({field: text}).encode()
        req = urllib.request.Request(url, data=data, method="POST", headers={
            **self.headers, "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        limit = timeout or self.timeout
        try:
            with urllib.request.urlopen(req, timeout=limit) as resp:
                if resp.headers.get("X-Result-Truncated") == "true":  # our own endpoint's row cap
                    raise StoreError(f"{url}: the server cut the result at {resp.headers.get('X-Result-Limit')} "
                                     "rows/triples; ask for less or raise its limit")
                return resp.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip()
            if err.code in (503, 504):
                raise QueryTimeout(f"{url}: {err.code} {detail}", limit) from None
            raise QueryFailed(f"{url} answered {err.code}: {detail}") from None
        except TimeoutError:
            raise QueryTimeout(f"{url}: no answer within {limit:g} s", limit) from None
        except OSError as exc:
            raise StoreError(f"{url}: cannot reach the SPARQL server: {exc}") from None

    def _select(self, sparql: str, timeout: float | None = None):
        body = self._post(self.query_endpoint, "query", sparql, FORMATS["json"].media_type, timeout)
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)

    def _construct(self, sparql: str, timeout: float | None = None) -> Iterator:
        body = self._post(self.query_endpoint, "query", sparql, FORMATS["nt"].media_type, timeout)
        return ox.parse(body, format=ox.RdfFormat.N_TRIPLES)

    # --- writing --------------------------------------------------------------------------------------
    def replace_document(self, graph: str, data: rdflib.Graph, report_graph: str, report: rdflib.Graph) -> None:
        """One update request: DROP both graphs and INSERT DATA the new content (atomic on the server)."""
        self.replace_documents([(graph, data, report_graph, report)])

    def replace_documents(self, documents: Sequence[tuple[str, rdflib.Graph, str, rdflib.Graph]]) -> None:
        """One update request for a whole batch: DROP every graph and INSERT DATA the new content."""
        if not self.update_endpoint:
            raise StoreError(f"{self.query_endpoint}: no update endpoint configured; this remote store is read-only")
        pairs = [pair for g, d, rg, r in documents for pair in ((g, d), (rg, r))]
        if not pairs:
            return
        first = pairs[0][0]
        try:
            update = _insert_data(pairs)
        except Exception as exc:
            raise StoreError(f"<{first}>: the graph cannot be stored, nothing was sent: {exc}") from None
        try:
            self._post(self.update_endpoint, "update", update, "*/*", None)
        except QueryFailed as exc:
            raise StoreError(f"<{first}>: the server refused the update: {exc}") from None

    # --- reading --------------------------------------------------------------------------------------
    def query(self, sparql: str, *, timeout: float | None = None):
        """SELECT → ``pyoxigraph.QuerySolutions``, ASK → ``bool``, CONSTRUCT/DESCRIBE → ``rdflib.Graph``."""
        form = check_query(sparql)
        if form == "SELECT":
            return self._select(sparql, timeout)
        if form == "ASK":
            return bool(self._select(sparql, timeout))
        return graph_of(self._construct(sparql, timeout))

    def query_serialized(self, sparql: str, results_format: str = "json", graph_format: str = "turtle", *,
                         timeout: float | None = None, max_rows: int | None = None,
                         default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
                         base_iri: str | None = None) -> SerializedResult:
        """Fetch JSON / N-Triples from the server and write the requested format here, with the row cap.

        ``default_graphs``/``named_graphs``/``base_iri`` are not forwarded (put FROM / BASE in the query).
        """
        form = check_query(sparql)
        if form == "ASK":
            fmt = FORMATS[results_format]
            return SerializedResult(write_boolean(bool(self._select(sparql, timeout)), fmt.name), fmt.media_type,
                                    form, 1, False)
        if form == "SELECT":
            fmt = FORMATS[results_format]
            result = self._select(sparql, timeout)
            names = [v.value for v in result.variables]
            rows = list(result if max_rows is None else islice(result, max_rows + 1))
            truncated = max_rows is not None and len(rows) > max_rows
            rows = rows[:max_rows] if truncated else rows
            return SerializedResult(write_solutions(names, rows, fmt.name), fmt.media_type, form, len(rows), truncated)
        fmt = FORMATS[graph_format]
        triples = list(self._construct(sparql, timeout))
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
        rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode))

    def graph(self, iri: str) -> rdflib.Graph:
        return graph_of(self._construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{_iri(iri)}> {{ ?s ?p ?o }} }}"))

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
            q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{_iri(g)}> {{ ?s ?p ?o }} }}"
            quads.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in self._construct(q))
        if f.kind == "dataset" or f.name == "jsonld":
            return ox.serialize(quads, format=f.rdf_format) or b""
        return ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=f.rdf_format) or b""

    def close(self) -> None:
        pass
