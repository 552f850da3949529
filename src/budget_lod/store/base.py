"""The store interface the pipeline writes to and the web layer reads from.

Embedded Oxigraph (:class:`budget_lod.store.oxigraph.EmbeddedStore`) is the default; a remote SPARQL 1.1
server (:class:`budget_lod.store.remote.RemoteStore`, Query + Update protocols) can take its place
without touching the views. Everything the web layer needs goes through these few methods.

Every query is read-only: updates and SERVICE are refused before evaluation
(:func:`budget_lod.store.readonly.check_query`). The default graph of a query is the union of all named
graphs (each document is one named graph).
"""

from __future__ import annotations

from typing import Iterator, Protocol, Sequence

import rdflib

from budget_lod.store.results import SerializedResult


REPORT_SUFFIX = "/report"  # a report graph is its document graph + /report (rdf/iri.py)
LINKS_SEGMENT = "/graph/links/"  # a links graph, {base}graph/links/… (validate/links.py), is derived, no document


def document_graph_names(names: Sequence[str]) -> list[str]:
    """The document graphs among ``names``: every graph that is neither another one's report graph nor a links
    graph (a budget and its final accounts linked: derived from two documents, no document itself)."""
    known = set(names)
    return [g for g in names if not (g.endswith(REPORT_SUFFIX) and g[: -len(REPORT_SUFFIX)] in known)
            and LINKS_SEGMENT not in g]


class Store(Protocol):
    def replace_document(self, graph: str, data: rdflib.Graph, report_graph: str, report: rdflib.Graph) -> None:
        """Replace a document's named graph and its report graph in one transaction (all or nothing)."""

    def replace_documents(self, documents: "Sequence[tuple[str, rdflib.Graph, str, rdflib.Graph]]") -> None:
        """Replace several documents ``(graph, data, report_graph, report)`` in one transaction."""

    def query(self, sparql: str, *, timeout: float | None = None) -> object:
        """Run a read-only SPARQL query within ``timeout`` seconds: SELECT → ``pyoxigraph.QuerySolutions``
        (iterate; ``solution["var"]``; ``.variables``), ASK → ``bool``, CONSTRUCT/DESCRIBE → ``rdflib.Graph``."""

    def query_serialized(self, sparql: str, results_format: str = "json", graph_format: str = "turtle", *,
                         timeout: float | None = None, max_rows: int | None = None,
                         default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
                         base_iri: str | None = None) -> SerializedResult:
        """Run a read-only query; the result already written in a wire format (the SPARQL endpoint's path)."""

    def describe(self, iri: str) -> rdflib.Graph:
        """Everything the store says about ``iri`` (its outgoing triples across graphs, plus labels)."""

    def incoming_count(self, iri: str) -> int:
        """How many triples point at ``iri``."""

    def named_graphs(self) -> list[str]:
        """Every named graph IRI, sorted."""

    def graph(self, iri: str) -> rdflib.Graph:
        """One named graph's content."""

    def documents(self) -> Iterator[tuple[str, rdflib.Graph]]:
        """Each document graph (not report graphs) with its content."""

    def dump(self, fmt: str) -> bytes:
        """Everything stored, in ``fmt`` (``nquads``, ``trig``; ``turtle``/``nt``/``jsonld``/``rdfxml`` merged)."""

    def close(self) -> None:
        ...
