"""The store interface the pipeline writes to and the web layer reads from.

Embedded Oxigraph is the default; a remote SPARQL 1.1 server (Query + Graph Store protocol) can take its
place without touching the views. Everything the web layer needs goes through these few methods.
"""

from __future__ import annotations

from typing import Protocol

import rdflib


class Store(Protocol):
    def replace_document(self, graph: str, data: rdflib.Graph, report_graph: str, report: rdflib.Graph) -> None:
        """Replace a document's named graph and its report graph in one transaction (all or nothing)."""

    def query(self, sparql: str, *, timeout: float | None = None) -> object:
        """Run a read-only SPARQL query (SELECT/ASK/CONSTRUCT/DESCRIBE) within ``timeout`` seconds."""

    def describe(self, iri: str) -> rdflib.Graph:
        """Everything the store says about ``iri`` (its outgoing triples across graphs, plus labels)."""

    def named_graphs(self) -> list[str]:
        ...

    def dump(self, fmt: str) -> bytes:
        """Everything stored, in ``fmt`` (``nquads``, ``trig``; per-graph formats for single graphs)."""
