"""What every view needs at hand: the configured base, the IRI minter and the store (opened once, lazily).

Views reach the store only through :class:`SiteData` (``describe``, ``select``, ``construct``, ``dump``), which
speaks only the small store interface of ``store/base.py`` — so a remote SPARQL server can replace the
embedded store without touching a view.
"""

from __future__ import annotations

import threading
from pathlib import Path

import rdflib
from flask import current_app
from rdflib.namespace import SKOS

from budget_lod.rdf.iri import Minter
from budget_lod.web import queries

EXTENSION = "budget_lod"


class SiteData:
    """The store and minter of one app; ``store`` may be injected (tests, remote servers) or opened here."""

    def __init__(self, store_dir: Path, base_url: str, timeout: float, store: object | None = None,
                 store_options: dict | None = None):
        self.store_location = str(store_dir)  # a directory, or a remote SPARQL endpoint URL
        self.store_dir = Path(store_dir)
        self.minter = Minter(base_url)
        self.base = self.minter.base
        self.timeout = timeout
        self._store = store
        self._store_options = dict(store_options or {})  # workers, query_memory_mb, query_wait
        self._lock = threading.Lock()
        self._prefixes = queries.prefixes(self.minter.vocab, self.minter.shapes)
        self._vocab: rdflib.Graph | None = None

    @property
    def store(self):
        if self._store is None:
            with self._lock:
                if self._store is None:
                    from budget_lod.store import open_store

                    self._store = open_store(self.store_location, mode="read", base_iri=self.base,
                                             **self._store_options)
        return self._store

    def close(self) -> None:
        """Close the store if this app opened it (its query worker processes stop with it)."""
        close = getattr(self._store, "close", None)
        if close is not None:
            close()

    # --- the only ways views read data -------------------------------------------------------------
    def graph_of(self, iri: str) -> rdflib.URIRef | None:
        """The document graph of a resource inside a budget (``{base}id/budget/{dept}/{year}/{scope}…`` →
        ``{base}graph/{dept}/{year}/{scope}``) or final accounts (``{base}id/final-accounts/…`` →
        ``{base}graph/final-accounts/…``), where everything about it is stated; None for any other."""
        from budget_lod.web.uris import budget_prefix

        prefix = f"{self.base}id/"
        found = budget_prefix(iri[len(prefix):]) if iri.startswith(prefix) else None
        return rdflib.URIRef(f"{self.base}graph/{found.removeprefix('budget/')}") if found else None

    def describe(self, iri: str, graphs: list[str] | None = None) -> rdflib.Graph:
        """The resource's statements, its blank nodes' statements and the labels of what it points to.

        The same graph as the store's ``describe``, as one named CONSTRUCT query (an index lookup on the
        subject: ~25× faster than the store's generic DESCRIBE on 100 budgets, and any SPARQL server runs it).
        Read from ``graphs`` only when given; a resource inside a budget is read from its document and report
        graphs (the labels of what it points to too), so its cost does not grow with the store — one query
        over those graphs (:func:`queries.over_graphs`).
        """
        doc = self.graph_of(iri)
        if graphs is None and doc is not None:
            graphs = [str(doc), f"{doc}/report"]
        if not graphs:
            return self.construct("web_describe", iri=rdflib.URIRef(iri))
        return self.construct("web_describe_in", graphs=graphs, iri=rdflib.URIRef(iri))

    def sparql(self, name: str, graphs: list | None = None, **params: object) -> str:
        text = queries.load(name)
        return self._prefixes + (queries.bind(text, params) if graphs is None else
                                 queries.over_graphs(text, graphs, params))

    # Named queries are ours, read-only and bounded: they run without the public endpoint's time limit
    # (which would send each through a worker process); ``timeout`` is for anything user-supplied.
    def select(self, name: str, graphs: list | None = None, **params: object) -> list[dict]:
        """The rows of a named query; ``graphs``: the named graphs it reads (:func:`queries.over_graphs`)."""
        return queries.rows(self.store.query(self.sparql(name, graphs, **params)))

    def budgets(self, limit: int = 100000, offset: int = 0) -> list[dict]:
        """One row per budget (department, year, source), in catalog order."""
        rows = self.select("web_budgets", limit=limit, offset=offset)
        return list({queries.value(r, "budget"): r for r in rows}.values())

    def construct(self, name: str, graphs: list | None = None, **params: object) -> rdflib.Graph:
        return queries.to_graph(self.store.query(self.sparql(name, graphs, **params)))

    def dump(self, fmt: str) -> bytes:
        return self.store.dump(fmt)

    def named_graphs(self) -> list[str]:
        return list(self.store.named_graphs())

    # --- the vocabulary (static files, not the store): labels of code-list concepts -----------------
    @property
    def vocabulary(self) -> rdflib.Graph:
        """The ontology and its code lists under this base (empty until ``rdf/vocab.py`` is there)."""
        if self._vocab is None:
            try:
                from budget_lod.rdf.vocab import load_ontology
            except ImportError:
                self._vocab = rdflib.Graph()
            else:
                self._vocab = load_ontology(self.minter)
        return self._vocab

    def concept_label(self, iri: str | None, lang: str = "zh") -> str | None:
        """A code-list concept's label in ``lang`` (measures, table kinds, units, indicator levels)."""
        if not iri:
            return None
        labels = list(self.vocabulary.objects(rdflib.URIRef(iri), SKOS.prefLabel))
        return next((str(lbl) for lbl in labels if getattr(lbl, "language", None) == lang), None)

    def notation(self, iri: str | None) -> str | None:
        if not iri:
            return None
        n = self.vocabulary.value(rdflib.URIRef(iri), SKOS.notation)
        return str(n) if n is not None else None

    def source_pdf(self, sha256: str) -> Path | None:
        """The stored copy of a source PDF (``STORE_DIR/sources/<sha256>.pdf``), if the pipeline kept one."""
        if not (len(sha256) == 64 and all(c in "0123456789abcdef" for c in sha256)):
            return None
        if self.store_location.startswith(("http://", "https://")):
            return None
        path = self.store_dir / "sources" / f"{sha256}.pdf"
        return path if path.is_file() else None


def site() -> SiteData:
    return current_app.extensions[EXTENSION]
