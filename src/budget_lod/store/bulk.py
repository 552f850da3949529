"""Writing many documents: Oxigraph's bulk loader, a checkpoint per batch, never half a document visible.

``EmbeddedStore.bulk()`` gives a :class:`BulkWriter`. Each :meth:`~BulkWriter.add` takes one document as
N-Quads (its graph and its report graph, :class:`StagedDocument`): the graphs it replaces are dropped,
its quads are buffered and handed to Oxigraph's bulk loader (``Store.bulk_load``: sorted files written
straight to disk, no transaction log — several times faster than a transaction per document) whenever
the buffer is full. Every ``max_documents`` documents or ``max_seconds`` seconds the batch is published
as ONE checkpoint (with its statistics), not one per document; :meth:`~BulkWriter.add` then returns the
batch's tokens: those documents are now stored and visible to readers, and only then should a caller
report them stored.

The bulk loader is not transactional, so the writer marks ``primary/`` unpublished before it touches it
(:func:`budget_lod.store.checkpoints.begin_unpublished`); publishing ends the mark. If the batch fails
(:meth:`~BulkWriter.abort`, also on an exception inside ``with``) or the process is killed, ``primary/``
is put back to the last published checkpoint — now, or when the store is next opened for writing. So a
document is all or nothing, and readers see documents batch by batch.

A ``linker`` (the link step, :mod:`budget_lod.validate.links`) runs on every batch before it is published:
given the database with the batch loaded and the graphs the batch wrote, it returns the graphs derived from them
(``(graph, N-Quads)`` to replace whole, or ``(graph, None)`` to drop) — written into the same checkpoint, so that
readers see documents and what links them together.

Memory: the buffer (``buffer_bytes`` of N-Quads) and one batch's bookkeeping, whatever the number of
documents.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

import pyoxigraph as ox

from budget_lod.errors import StoreError
from budget_lod.store import checkpoints
from budget_lod.store.statistics import Change

if TYPE_CHECKING:
    from budget_lod.store.oxigraph import EmbeddedStore

DEFAULT_MAX_DOCUMENTS = 100
DEFAULT_MAX_SECONDS = 60.0
DEFAULT_BUFFER_BYTES = 32 * 1024 * 1024

Linker = Callable[[ox.Store, set], Iterable[tuple[str, "bytes | None"]]]


@dataclass(frozen=True)
class StagedDocument:
    """One document ready to store: ``nquads`` holds the quads of ``graph`` and ``report_graph`` (and no
    other graph); blank node labels must be unique to the document. ``token`` is given back once the
    document is published; ``identity`` (the sha256 of its source files) is kept where the store keeps it
    apart from the data (a folder of N-Quads files)."""

    graph: str
    report_graph: str
    nquads: bytes
    token: object = None
    identity: tuple[str, ...] = ()


class BulkWriter:
    """Batches of documents into an embedded store opened for writing (see the module docstring)."""

    def __init__(self, store: "EmbeddedStore", *, max_documents: int = DEFAULT_MAX_DOCUMENTS,
                 max_seconds: float = DEFAULT_MAX_SECONDS, buffer_bytes: int = DEFAULT_BUFFER_BYTES,
                 clock: Callable[[], float] = time.monotonic, linker: Linker | None = None):
        if store.mode != "write":
            raise StoreError(f"{store.path}: opened read-only; open_store(path, mode='write') to ingest")
        self.store = store
        self.max_documents = max(1, max_documents)
        self.max_seconds = max_seconds
        self.buffer_bytes = buffer_bytes
        self.clock = clock
        self.linker = linker
        self.published = 0  # checkpoints published by this writer
        self._reset()

    def _reset(self) -> None:
        self._buffer: list[bytes] = []
        self._size = 0
        self._tokens: list = []
        self._graphs: set[str] = set()
        self._change = Change()
        self._since = self.clock()

    @property
    def pending(self) -> int:
        """Documents added and not yet published."""
        return len(self._tokens)

    def add(self, doc: StagedDocument) -> list:
        """Add one document; returns the tokens of the documents this call published (usually none)."""
        if doc.graph == doc.report_graph:
            raise ValueError("the document graph and its report graph must differ")
        names = (doc.graph, doc.report_graph)
        if self._graphs & set(names):
            raise ValueError(f"<{doc.graph}> is written twice in one batch")
        primary = self.store._writable()
        checkpoints.begin_unpublished(self.store.layout)
        self._change.before(primary, names)
        for g in names:
            primary.remove_graph(ox.NamedNode(g))
        self._graphs.update(names)
        self._buffer.append(doc.nquads)
        self._size += len(doc.nquads)
        self._tokens.append(doc.token)
        if self._size >= self.buffer_bytes:
            self._load()
        if len(self._tokens) >= self.max_documents or self.clock() - self._since >= self.max_seconds:
            return self.commit()
        return []

    def _load(self) -> None:
        if self._buffer:
            data = b"".join(self._buffer)
            self._buffer, self._size = [], 0
            try:
                self.store._writable().bulk_load(data, format=ox.RdfFormat.N_QUADS)
            except SyntaxError as exc:
                raise StoreError(f"a document of this batch is not valid N-Quads, the batch was not stored: {exc}") \
                    from None

    def commit(self) -> list:
        """Publish what was added (one checkpoint); returns the tokens of the documents now stored."""
        if not self._tokens:
            self._since = self.clock()
            return []
        self._load()
        primary = self.store._writable()
        if self.linker is not None:
            self._link(primary)
        stats = self._change.after(primary, self.store._statistics())
        self.store._publish(stats)
        self.published += 1
        tokens = self._tokens
        self._reset()
        return tokens

    def _link(self, primary: ox.Store) -> None:
        """The graphs the linker derives from the batch's, replaced (or dropped) in the batch's checkpoint."""
        for graph, nquads in self.linker(primary, set(self._graphs)):
            self._change.before(primary, [graph])
            primary.remove_graph(ox.NamedNode(graph))
            if nquads:
                try:
                    primary.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
                except SyntaxError as exc:
                    raise StoreError(f"<{graph}>: the linked graph is not valid N-Quads, the batch was not stored: "
                                     f"{exc}") from None

    def abort(self) -> None:
        """Forget what was added since the last commit: ``primary/`` goes back to the published checkpoint."""
        if self._tokens or self.store.layout.unpublished.exists():
            self.store._restore_from_checkpoint()
        self._reset()

    def __enter__(self) -> "BulkWriter":
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()
