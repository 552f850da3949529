"""The ingest pipeline: PDF → document model → RDF graph → SHACL report → store, all or nothing.

Every input is extracted, modelled and validated before the store is touched, so one unreadable file
refuses the whole batch and leaves the store exactly as it was. Each document then replaces its own
named graph and report graph in one store transaction, and its source PDF is kept beside the store
(``sources/<sha256>.pdf``) so the site can link every number to its page.

The report graph also carries the budget's ingest record (:mod:`budget_lod.rdf.records`): when it was
first published in this store (``dcterms:issued``, carried forward) and when its content last changed
(``dcterms:modified``, moved only when the document graph's content hash changes). Time comes from a
``clock`` so tests can set it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

import rdflib

from budget_lod.config import Settings
from budget_lod.model import Document
from budget_lod.rdf.iri import Minter
from budget_lod.rdf.records import Clock, IngestRecord, record_graph, utc_now


@dataclass(frozen=True)
class Prepared:
    """One document ready to be stored."""

    path: Path
    document: Document
    graph_iri: str
    graph: rdflib.Graph
    report_iri: str
    outcome: object  # budget_lod.validate.Outcome
    record: IngestRecord | None = None  # set by ingest(): the budget's publication record as stored


def prepare(path, minter: Minter) -> Prepared:
    """Extract, build and validate one disclosure (a PDF path, or a ``DisclosureFiles`` of two). Raises
    ``InputError`` for unreadable input; touches nothing."""
    from budget_lod.extract import extract_document
    from budget_lod.rdf.build import build_graph
    from budget_lod.rdf.graphs import document_graph_iri, report_graph_iri
    from budget_lod.validate import validate_graph

    doc = extract_document(path)
    graph = build_graph(doc, minter)
    outcome = validate_graph(graph, minter)
    main = Path(getattr(path, "main", path))
    return Prepared(main, doc, document_graph_iri(doc, minter), graph, report_graph_iri(doc, minter), outcome)


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


def ingest(paths: Sequence[str | Path], settings: Settings, on_prepared=None, *,
           clock: Clock = utc_now) -> list[Prepared]:
    """Ingest PDFs into the store at ``settings.store``; returns what was stored, in order, with its record.

    ``on_prepared(prepared)`` is called for each document once it is validated (for progress output).
    ``clock()`` gives the current time (aware or UTC): when each document's ingest starts, and one
    publication time for the batch, taken just before the store is written.
    """
    from budget_lod.rdf.graphs import budget_iri
    from budget_lod.rdf.records import content_sha256
    from budget_lod.store import is_remote, open_store

    minter = Minter(settings.base_url)
    prepared: list[Prepared] = []
    started: list[dt.datetime] = []
    hashes: list[str] = []
    for path in paths:
        started.append(clock())
        p = prepare(path, minter)
        prepared.append(p)
        hashes.append(content_sha256(p.graph))
        if on_prepared:
            on_prepared(p)
    store = open_store(settings.store, mode="write", base_iri=settings.base_url)
    added: list[Path] = []
    try:
        for p in prepared:
            kept = None if is_remote(settings.store) else _keep_source(p, Path(settings.store))
            if kept is not None:
                added.append(kept)
        published = clock()
        prepared = [replace(p, record=r) for p, r in zip(prepared, _records(store, prepared, started, hashes,
                                                                               published, minter))]
        reports = [p.outcome.report + record_graph(p.record, budget=budget_iri(p.document, minter),
                                                   graph_iri=p.graph_iri, minter=minter) for p in prepared]
        # one transaction and one published checkpoint for the whole batch
        store.replace_documents([(p.graph_iri, p.graph, p.report_iri, r) for p, r in zip(prepared, reports)])
    except BaseException:
        for path in added:
            path.unlink(missing_ok=True)
        raise
    finally:
        store.close()
    return prepared


def _records(store, prepared: list[Prepared], started: list[dt.datetime], hashes: list[str],
             published: dt.datetime, minter: Minter) -> list[IngestRecord]:
    """Each document's new record, from the one the store holds (or an earlier document of the batch for
    the same budget, which replaces it)."""
    from budget_lod.rdf.graphs import budget_iri
    from budget_lod.rdf.records import next_record, read_record

    latest: dict[str, IngestRecord | None] = {}
    out = []
    for p, t0, h in zip(prepared, started, hashes):
        if p.graph_iri not in latest:
            latest[p.graph_iri] = read_record(store, budget=budget_iri(p.document, minter), graph_iri=p.graph_iri,
                                              report_graph=p.report_iri, minter=minter)
        record = latest[p.graph_iri] = next_record(latest[p.graph_iri], h, t0, published)
        out.append(record)
    return out


def iter_pdfs(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the PDFs they hold (sorted), keep files as given."""
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.glob("*.pdf")) if p.is_dir() else [p])
    return out
