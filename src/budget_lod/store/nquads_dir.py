"""A folder of N-Quads files, one per document: what ``budget-lod ingest --to DIR`` writes for a bulk loader.

Extraction is per document, so it can run on any number of machines; the files it leaves are loaded
into an external SPARQL server by that server's own bulk loader (Virtuoso: ``ld_dir`` +
``rdf_loader_run``, see the README) and served with ``budget-lod serve --store URL``, which then gives
the same answers as the embedded store.

Layout of ``DIR``::

    <dept>_<year>_<scope>.nq   one document: its graph, its report graph and its ingest record
    graphs.nq                  the registry of budget-lod's graphs (urn:x-budget-lod:graphs), rewritten at the end
                               of every run, so that a server holding other data serves only these
    manifest.tsv               one line per file written: base, document graph, file, source sha256(s)

Each file is written under a temporary name and renamed (a killed run leaves whole files only); the
manifest line follows the rename, so a document whose line is missing is simply extracted again. A
later line for the same graph replaces an earlier one (a corrected PDF). The ingest record carries
``dcterms:issued`` forward from the file it replaces.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pyoxigraph as ox

from budget_lod.store.base import REPORT_SUFFIX
from budget_lod.store.bulk import StagedDocument
from budget_lod.store.remote_writes import NAMED_GRAPH, REGISTRY

MANIFEST = "manifest.tsv"
REGISTRY_FILE = "graphs.nq"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def file_name(graph: str) -> str:
    """``<dept>_<year>_<scope>.nq`` for ``{base}graph/<dept>/<year>/<scope>`` (anything else made safe)."""
    tail = graph.split("/graph/", 1)[-1] if "/graph/" in graph else graph
    return re.sub(r"[^A-Za-z0-9.-]+", "_", tail).strip("_") + ".nq"


class NQuadsDirectory:
    """The store-like target of ``ingest --to DIR`` (the writer's side of the store interface only)."""

    def __init__(self, path: str | os.PathLike, base: str):
        self.path = Path(path)
        self.base = base
        self.path.mkdir(parents=True, exist_ok=True)

    def _entries(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Document graph → (file, source hashes), the latest line of each graph under this base."""
        out: dict[str, tuple[str, tuple[str, ...]]] = {}
        try:
            lines = (self.path / MANIFEST).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return out
        for line in lines:
            fields = line.split("\t")
            if len(fields) == 4 and fields[0] == self.base:
                out[fields[1]] = (fields[2], tuple(fields[3].split("+")) if fields[3] else ())
        return out

    def identities(self) -> dict[str, frozenset[str]]:
        """Document graph → the sha256 of the source file(s) its file was written from."""
        return {graph: frozenset(shas) for graph, (_, shas) in self._entries().items() if shas}

    def document_store(self, graph: str) -> ox.Store:
        """The file written for ``graph`` before, in memory (empty if none): where its ingest record is read."""
        store = ox.Store()
        entry = self._entries().get(graph)
        if entry and (self.path / entry[0]).is_file():
            store.bulk_load(path=str(self.path / entry[0]), format=ox.RdfFormat.N_QUADS)
        return store

    def bulk(self, **_options) -> "NQuadsDirectory":
        return self

    # --- the bulk writer's interface -------------------------------------------------------------------
    pending = 0

    def add(self, doc: StagedDocument) -> list:
        name = file_name(doc.graph)
        target = self.path / name
        tmp = self.path / f".{name}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(doc.nquads)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        with open(self.path / MANIFEST, "a", encoding="utf-8") as f:
            f.write(f"{self.base}\t{doc.graph}\t{name}\t{'+'.join(doc.identity)}\n")
            f.flush()
            os.fsync(f.fileno())
        return [doc.token]

    def commit(self) -> list:
        """Rewrite the registry file: every document graph and report graph written under this base."""
        quads = []
        for graph in sorted(self._entries()):
            for g in (graph, graph + REPORT_SUFFIX):
                quads.append(ox.Quad(ox.NamedNode(g), ox.NamedNode(_RDF_TYPE), ox.NamedNode(NAMED_GRAPH),
                                     ox.NamedNode(REGISTRY)))
        tmp = self.path / f".{REGISTRY_FILE}.{os.getpid()}.tmp"
        tmp.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
        os.replace(tmp, self.path / REGISTRY_FILE)
        return []

    def abort(self) -> None:
        pass  # every file written is whole; the registry is rewritten by the next run

    def close(self) -> None:
        pass
