"""The ingest pipeline: PDF → document model → RDF graph → SHACL report → store, all or nothing.

Every input is extracted, modelled and validated before the store is touched, so one unreadable file
refuses the whole batch and leaves the store exactly as it was. Each document then replaces its own
named graph and report graph in one store transaction, and its source PDF is kept beside the store
(``sources/<sha256>.pdf``) so the site can link every number to its page.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import rdflib

from budget_lod.config import Settings
from budget_lod.model import Document
from budget_lod.rdf.iri import Minter


@dataclass(frozen=True)
class Prepared:
    """One document ready to be stored."""

    path: Path
    document: Document
    graph_iri: str
    graph: rdflib.Graph
    report_iri: str
    outcome: object  # budget_lod.validate.Outcome


def prepare(path: str | Path, minter: Minter) -> Prepared:
    """Extract, build and validate one PDF. Raises ``InputError`` for unreadable input; touches nothing."""
    from budget_lod.extract import extract_document
    from budget_lod.rdf.build import build_graph
    from budget_lod.rdf.graphs import document_graph_iri, report_graph_iri
    from budget_lod.validate import validate_graph

    doc = extract_document(path)
    graph = build_graph(doc, minter)
    outcome = validate_graph(graph, minter)
    return Prepared(Path(path), doc, document_graph_iri(doc, minter), graph, report_graph_iri(doc, minter), outcome)


def sources_dir(store_dir: Path) -> Path:
    return Path(store_dir) / "sources"


def _keep_source(prepared: Prepared, store_dir: Path) -> Path | None:
    """Copy the PDF to ``sources/<sha256>.pdf`` atomically; returns the new path if it was not there."""
    target = sources_dir(store_dir) / f"{prepared.document.sha256}.pdf"
    if target.exists():
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(fd)
    shutil.copyfile(prepared.path, tmp)
    os.replace(tmp, target)
    return target


def ingest(paths: Sequence[str | Path], settings: Settings, on_prepared=None) -> list[Prepared]:
    """Ingest PDFs into the store at ``settings.store``; returns what was stored, in order.

    ``on_prepared(prepared)`` is called for each document once it is validated (for progress output).
    """
    from budget_lod.store import is_remote, open_store

    minter = Minter(settings.base_url)
    prepared: list[Prepared] = []
    for path in paths:
        p = prepare(path, minter)
        prepared.append(p)
        if on_prepared:
            on_prepared(p)
    store = open_store(settings.store, mode="write", base_iri=settings.base_url)
    added: list[Path] = []
    try:
        for p in prepared:
            kept = None if is_remote(settings.store) else _keep_source(p, Path(settings.store))
            if kept is not None:
                added.append(kept)
        # one transaction and one published checkpoint for the whole batch
        store.replace_documents([(p.graph_iri, p.graph, p.report_iri, p.outcome.report) for p in prepared])
    except BaseException:
        for path in added:
            path.unlink(missing_ok=True)
        raise
    finally:
        store.close()
    return prepared


def iter_pdfs(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the PDFs they hold (sorted), keep files as given."""
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.glob("*.pdf")) if p.is_dir() else [p])
    return out
