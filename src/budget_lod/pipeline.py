"""The ingest pipeline: disclosures → document model → RDF graph → SHACL report → store, streamed.

A run (:func:`ingest`) goes through these steps, in memory that does not grow with the number of
documents:

1. **Disclosures.** :func:`iter_pdfs` finds every PDF in the folders given (recursively) and
   :func:`~budget_lod.extract.pairing.pair_files` groups them into disclosures (one PDF, or a narrative
   PDF plus a tables PDF). A disclosure's identity is the sha256 of its file(s).
2. **Once each.** A disclosure given twice (a folder holding a copy) is read once and reported; one the
   store already holds with the same content (under this base) is skipped, unless ``force``.
3. **Extraction in parallel.** ``jobs`` worker processes extract, build and validate one disclosure
   each (:func:`stage_unit`) and hand back its graphs as N-Quads; at most two per worker are ahead of
   the store, and results are taken in input order.
4. **Streaming into the store.** Each document gets its ingest record (:mod:`budget_lod.rdf.records`),
   its source PDF is kept beside the store (``sources/<sha256>.pdf``), and it goes to the store's bulk
   writer (:mod:`budget_lod.store.bulk`), which publishes a batch — every ``batch`` documents or
   ``batch_seconds`` seconds — as one checkpoint. Only then are its documents reported stored.
5. **Failures.** An unreadable file is reported (file, reason) and skipped, the rest stored; two
   different files that claim the same budget are refused naming both (the first one given is kept).
   ``strict`` keeps the all-or-nothing batch instead: the first failure stops the run and the store stays
   as it was (nothing is published before the end).

**Atomicity.** Each document is stored all or nothing (its graph, report graph and ingest record
together), and readers see documents a published batch at a time. An ingest killed at any moment
leaves the store as its last published batch left it; documents reported stored are never lost, and
running the same ingest again skips them and stores the rest.

Time comes from a ``clock`` so tests can set it: read when a document's extraction starts, and when it
is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

import rdflib

from budget_lod.config import Settings
from budget_lod.errors import BudgetLodError, InputError
from budget_lod.extract.pairing import DisclosureFiles, pair_files
from budget_lod.model import Document
from budget_lod.rdf.iri import Minter
from budget_lod.rdf.records import Clock, IngestRecord, utc_now

BATCH_DOCUMENTS = 100
BATCH_SECONDS = 60.0
WORKER_TASKS = 100  # documents an extraction process reads before it is replaced (bounds what it may keep)


# --- one disclosure, in this process --------------------------------------------------------------------

@dataclass(frozen=True)
class Prepared:
    """One document ready to be stored."""

    path: Path
    document: Document
    graph_iri: str
    graph: rdflib.Graph
    report_iri: str
    outcome: object  # budget_lod.validate.Outcome
    record: IngestRecord | None = None


def read_disclosure(files: DisclosureFiles) -> Document:
    """The document model of one disclosure (its tables PDF, and its narrative PDF if separate): the one
    place its files are read."""
    from budget_lod.extract import extract_document

    return extract_document(files)


def _files(unit: DisclosureFiles | str | Path) -> DisclosureFiles:
    return unit if isinstance(unit, DisclosureFiles) else DisclosureFiles(Path(unit))


def prepare(files: DisclosureFiles | str | Path, minter: Minter) -> Prepared:
    """Extract, build and validate one disclosure. Raises ``InputError`` for unreadable input; touches nothing."""
    from budget_lod.rdf.build import build_graph
    from budget_lod.rdf.graphs import document_graph_iri, report_graph_iri
    from budget_lod.validate import validate_graph

    files = _files(files)
    doc = read_disclosure(files)
    graph = build_graph(doc, minter)
    outcome = validate_graph(graph, minter)
    return Prepared(files.main, doc, document_graph_iri(doc, minter), graph, report_graph_iri(doc, minter), outcome)


# --- what crosses from an extraction process to the writer --------------------------------------------------

@dataclass(frozen=True)
class Unit:
    """One disclosure to ingest and its identity (the sha256 of each of its files, in order)."""

    files: DisclosureFiles
    shas: tuple[str, ...]
    started: dt.datetime | None = None

    @property
    def identity(self) -> frozenset[str]:
        return frozenset(self.shas)


@dataclass(frozen=True)
class Staged:
    """A prepared document as the writer needs it (small, picklable): N-Quads and a summary."""

    unit: Unit
    graph_iri: str
    report_iri: str
    budget_iri: str
    content_sha256: str
    nquads: bytes  # the document graph and the validation report (without the ingest record)
    department: str
    fiscal_year: int
    tables: int
    projects: int
    findings: tuple[int, int, int]  # violations, warnings, notes
    report_text: str | None = None


@dataclass(frozen=True)
class Stored:
    """A document now stored and visible (what :func:`ingest` reports through ``on_stored``)."""

    files: DisclosureFiles
    graph_iri: str
    report_iri: str
    budget_iri: str
    record: IngestRecord
    department: str
    fiscal_year: int
    tables: int
    projects: int
    findings: tuple[int, int, int]
    report_text: str | None = None

    @property
    def path(self) -> Path:
        return self.files.main


@dataclass(frozen=True)
class Failure:
    """A disclosure that was not stored, and why (one line naming the file)."""

    files: DisclosureFiles
    reason: str

    def __str__(self) -> str:
        return self.reason


@dataclass
class IngestResult:
    """What a run did: documents stored; skipped as already stored; given twice; failed."""

    stored: int = 0
    unchanged: int = 0
    duplicates: list[tuple[DisclosureFiles, DisclosureFiles]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def _nquads(pairs: Iterable[tuple[str, rdflib.Graph]]) -> bytes:
    """Graphs as N-Quads, each blank node relabelled uniquely (labels are global in the store)."""
    import pyoxigraph as ox

    from budget_lod.store.convert import to_ox

    prefix = uuid.uuid4().hex
    labels: dict[rdflib.BNode, ox.BlankNode] = {}

    def term(t):
        if isinstance(t, rdflib.BNode):
            if t not in labels:
                labels[t] = ox.BlankNode(f"{prefix}x{len(labels)}")
            return labels[t]
        return to_ox(t)

    quads = [ox.Quad(term(s), term(p), term(o), ox.NamedNode(g)) for g, data in pairs for s, p, o in data]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def stage(unit: Unit, prepared: Prepared, minter: Minter, with_text: bool = False) -> Staged:
    """A prepared document as N-Quads and a summary."""
    from budget_lod.rdf.graphs import budget_iri
    from budget_lod.rdf.records import content_sha256

    doc, outcome = prepared.document, prepared.outcome
    counts = tuple(sum(1 for r in outcome.results if r.severity == s) for s in ("Violation", "Warning", "Info"))
    text = None
    if with_text:
        from budget_lod.validate import format_text

        text = format_text(outcome)
    return Staged(unit, prepared.graph_iri, prepared.report_iri, budget_iri(doc, minter), content_sha256(prepared.graph),
                  _nquads([(prepared.graph_iri, prepared.graph), (prepared.report_iri, outcome.report)]),
                  doc.department, doc.fiscal_year, len(doc.tables), len(doc.projects), counts, text)


_MINTERS: dict[str, Minter] = {}


def stage_unit(unit: Unit, base_url: str, with_text: bool = False) -> Staged | Failure:
    """Run in an extraction process: :func:`prepare` and :func:`stage` one disclosure, or its failure."""
    minter = _MINTERS.setdefault(base_url, Minter(base_url))
    try:
        return stage(unit, prepare(unit.files, minter), minter, with_text)
    except BudgetLodError as exc:
        return Failure(unit.files, str(exc))
    except Exception as exc:  # noqa: BLE001 — one document's unexpected failure must not stop thousands
        return Failure(unit.files, f"{unit.files}: could not be read ({type(exc).__name__}: {exc})")


# --- finding the disclosures ----------------------------------------------------------------------------

def iter_pdfs(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the PDFs they hold, at any depth (sorted); keep files as given."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() == ".pdf" and f.is_file()))
        else:
            out.append(p)
    return out


def file_sha256(path: Path) -> str:
    """The sha256 of a file (hex); ``InputError`` naming the file if it cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file: {exc.strerror or exc}") from None
    return h.hexdigest()


def units_of(paths: Iterable[str | Path]) -> Iterable[Unit | Failure]:
    """The disclosures among ``paths`` (files and folders), with their identity; a file that cannot be read
    is a :class:`Failure`."""
    for files in pair_files(iter_pdfs(paths)):
        try:
            yield Unit(files, tuple(file_sha256(p) for p in files.paths))
        except InputError as exc:
            yield Failure(files, str(exc))


# --- the writer side ------------------------------------------------------------------------------------

def sources_dir(store_dir: Path) -> Path:
    return Path(store_dir) / "sources"


def _keep_sources(files: DisclosureFiles, shas: Sequence[str], store_dir: Path) -> list[Path]:
    """Copy each PDF to ``sources/<sha256>.pdf`` atomically; returns the paths it added."""
    added = []
    for path, sha in zip(files.paths, shas):
        target = sources_dir(store_dir) / f"{sha}.pdf"
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        os.close(fd)
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)
        added.append(target)
    return added


class _Writer:
    """Records, sources and the store's bulk writer, for one run."""

    def __init__(self, settings: Settings, minter: Minter, clock: Clock, strict: bool, to_dir: Path | None,
                 batch: int, batch_seconds: float, on_linked: Callable | None = None):
        from budget_lod.store import is_remote, open_store

        self.minter, self.clock = minter, clock
        if to_dir is not None:
            from budget_lod.store.nquads_dir import NQuadsDirectory

            self.store = NQuadsDirectory(to_dir, minter.base)
            self.sources = None
        else:
            self.store = open_store(settings.store, mode="write", base_iri=settings.base_url)
            self.sources = None if is_remote(settings.store) else Path(settings.store)
        limit = float("inf") if strict else batch
        seconds = float("inf") if strict else batch_seconds
        self.bulk = self.store.bulk(max_documents=int(min(limit, 2**31)), max_seconds=seconds,
                                     linker=linker(minter, on_linked=on_linked))
        self.added: list[Path] = []  # sources copied for documents not yet published

    def stored_identities(self) -> dict[str, frozenset[str]]:
        """Document graph → identity (its source files' hashes) of every document stored under this base."""
        vocab = self.minter.vocab
        if hasattr(self.store, "identities"):
            return self.store.identities()
        query = (f"SELECT ?g ?sha WHERE {{ GRAPH ?g {{ {{ ?b <{vocab}sourceDocument> ?src }} UNION "
                 f"{{ ?b <{vocab}narrativeDocument> ?src }} ?src <{vocab}sha256> ?sha }} }}")
        by_graph: dict[str, set[str]] = {}
        for row in self.store.query(query):
            by_graph.setdefault(row["g"].value, set()).add(row["sha"].value)
        return {g: frozenset(v) for g, v in by_graph.items()}

    def add(self, staged: Staged) -> list[Stored]:
        from budget_lod.rdf.records import next_record, read_record, record_graph

        holder = self.store.document_store(staged.graph_iri) if hasattr(self.store, "document_store") else self.store
        previous = read_record(holder, budget=staged.budget_iri, graph_iri=staged.graph_iri,
                               report_graph=staged.report_iri, minter=self.minter)
        started = staged.unit.started or self.clock()
        record = next_record(previous, staged.content_sha256, started, self.clock())
        extra = _nquads([(staged.report_iri, record_graph(record, budget=staged.budget_iri, graph_iri=staged.graph_iri,
                                                           minter=self.minter))])
        if self.sources is not None:
            self.added += _keep_sources(staged.unit.files, staged.unit.shas, self.sources)
        done = Stored(staged.unit.files, staged.graph_iri, staged.report_iri, staged.budget_iri, record,
                      staged.department, staged.fiscal_year, staged.tables, staged.projects, staged.findings,
                      staged.report_text)
        from budget_lod.store.bulk import StagedDocument

        published = self.bulk.add(StagedDocument(staged.graph_iri, staged.report_iri, staged.nquads + extra, done,
                                                 staged.unit.shas))
        if published:
            self.added = []
        return published

    def finish(self) -> list[Stored]:
        published = self.bulk.commit()
        self.added = []
        return published

    def abort(self) -> None:
        self.bulk.abort()
        for path in self.added:  # copied for documents that were never published
            path.unlink(missing_ok=True)
        self.added = []

    def close(self) -> None:
        self.store.close()


def linker(minter: Minter, on_error: Callable[[str], None] | None = None, on_linked: Callable | None = None):
    """The link step (:mod:`budget_lod.validate.links`) as the store's bulk writers call it on every batch: given
    the database (the embedded writer's own, or a remote store) and the graphs the batch wrote, the links graphs
    to replace as N-Quads (``None``: drop). A pair that cannot be linked is reported on standard error; each pair
    linked is told to ``on_linked(final, budget, outcome, executions)``."""
    import sys

    import pyoxigraph as ox

    from budget_lod.validate.links import OxigraphSource, StoreSource, link_step

    def warn(message: str) -> None:
        sys.stderr.write(f"budget-lod: {message}\n")

    def run(store, graphs: set[str]) -> list[tuple[str, bytes | None]]:
        source = OxigraphSource(store) if isinstance(store, ox.Store) else StoreSource(store)
        return [(g, _nquads([(g, content)]) if content is not None else None)
                for g, content in link_step(source, graphs, minter, on_error or warn, on_linked)]

    return run


# --- the run -------------------------------------------------------------------------------------------

def _extracted(units: Iterable[Unit], base_url: str, jobs: int, with_text: bool,
               clock: Clock) -> Iterable[Staged | Failure]:
    """Each unit prepared and staged, in order: in this process (``jobs`` ≤ 1), else in ``jobs`` processes
    with at most two units per process ahead of the consumer."""
    if jobs <= 1:
        minter = Minter(base_url)
        for unit in units:
            unit = replace(unit, started=clock())
            try:
                yield stage(unit, prepare(unit.files, minter), minter, with_text)
            except BudgetLodError as exc:
                yield Failure(unit.files, str(exc))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                   max_tasks_per_child=WORKER_TASKS)

    pool = new_pool()
    todo = iter(units)
    ahead: list[list] = []  # [unit, future or None], in input order
    suspects = 0  # after a process died: this many disclosures are read one at a time, to find the one that kills
    try:
        while True:
            limit = 1 if suspects else 2 * jobs
            while len(ahead) < limit and (unit := next(todo, None)) is not None:
                ahead.append([replace(unit, started=clock()), None])
            if not ahead:
                return
            for entry in ahead[:limit]:
                if entry[1] is None:
                    entry[1] = pool.submit(stage_unit, entry[0], base_url, with_text)
            unit, future = ahead[0]
            try:
                result = future.result()
            except BrokenProcessPool:  # an extraction process died (a crash in a PDF library, out of memory …)
                pool.shutdown(wait=True, cancel_futures=True)
                pool = new_pool()
                for entry in ahead:
                    entry[1] = None
                if not suspects:
                    suspects = len(ahead)
                    continue
                ahead.pop(0)  # it died reading this one alone
                suspects -= 1
                yield Failure(unit.files, f"{unit.files}: the extraction process died reading it; not stored")
                continue
            ahead.pop(0)
            suspects = max(0, suspects - 1)
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def ingest(paths: Sequence[str | Path], settings: Settings, *, jobs: int = 1, strict: bool = False,
           force: bool = False, to_dir: str | Path | None = None, batch: int = BATCH_DOCUMENTS,
           batch_seconds: float = BATCH_SECONDS, clock: Clock = utc_now, with_text: bool = False,
           on_stored: Callable[[Stored], None] | None = None, on_failed: Callable[[Failure], None] | None = None,
           on_progress: Callable[[int, int], None] | None = None,
           on_linked: Callable | None = None) -> IngestResult:
    """Ingest the disclosures in ``paths`` (files or folders) into ``settings.store`` (or, with ``to_dir``, as
    one N-Quads file per document into that folder). See the module docstring.

    ``on_stored(stored)`` is called for each document once it is published, ``on_failed(failure)`` for each
    one that was not stored, ``on_progress(done, total)`` as disclosures are dealt with, ``on_linked(final, budget,
    outcome, executions)`` for each budget / final accounts pair linked (:mod:`budget_lod.validate.links`). With ``strict``, the
    first failure raises (:class:`~budget_lod.errors.BudgetLodError`, exit code 2) and nothing is stored.
    """
    minter = Minter(settings.base_url)
    result = IngestResult()
    todo: list[Unit] = []
    seen: dict[frozenset[str], DisclosureFiles] = {}

    def failed(f: Failure) -> None:
        if strict:
            raise BudgetLodError(f"{f.reason} (--strict: nothing was stored)")
        result.failures.append(f)
        if on_failed:
            on_failed(f)

    for unit in units_of(paths):
        if isinstance(unit, Failure):
            failed(unit)
        elif unit.identity in seen:
            result.duplicates.append((unit.files, seen[unit.identity]))
        else:
            seen[unit.identity] = unit.files
            todo.append(unit)
    writer = _Writer(settings, minter, clock, strict, Path(to_dir) if to_dir else None, batch, batch_seconds,
                     on_linked)
    total = len(todo) + len(result.failures)
    done = len(result.failures)

    def published(items: list[Stored]) -> None:
        result.stored += len(items)
        for s in items:
            if on_stored:
                on_stored(s)

    try:
        claimed: dict[str, DisclosureFiles] = {}  # document graph → the files of this run it came from
        if not force:
            stored = writer.stored_identities()
            # a budget stored from a file of this run (unchanged, so skipped) is that file's
            claimed = {graph: seen[identity] for graph, identity in stored.items() if identity in seen}
            already = set(stored.values())
            kept = [u for u in todo if u.identity not in already]
            result.unchanged, todo = len(todo) - len(kept), kept
            done += result.unchanged
        if on_progress:
            on_progress(done, total)
        # no more processes than disclosures (one alone is read here, without starting any)
        for item in _extracted(todo, settings.base_url, min(jobs, len(todo)), with_text, clock):
            done += 1
            if isinstance(item, Failure):
                failed(item)
            elif item.graph_iri in claimed and claimed[item.graph_iri] != item.unit.files:
                failed(Failure(item.unit.files, f"{item.unit.files}: claims the same budget <{item.budget_iri}> as "
                                                f"{claimed[item.graph_iri]} (different content); not stored — "
                                                "remove one of them"))
            else:
                claimed[item.graph_iri] = item.unit.files
                published(writer.add(item))
            if on_progress:
                on_progress(done, total)
        published(writer.finish())
    except BaseException:
        writer.abort()
        raise
    finally:
        writer.close()
    return result
