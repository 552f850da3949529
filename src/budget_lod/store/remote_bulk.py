"""Writing many documents to a remote SPARQL server: each staged as it comes, a batch switched in at once.

``RemoteStore.bulk()`` gives a :class:`RemoteBulkWriter` with the interface of the embedded
:class:`~budget_lod.store.bulk.BulkWriter`: :meth:`~RemoteBulkWriter.add` sends one document's graphs to
staging graphs readers do not see (:mod:`budget_lod.store.remote_writes`), and every ``max_documents``
documents or ``max_seconds`` seconds one request switches the whole batch in and returns the batch's
tokens. A refused request drops the batch's staging graphs and leaves what readers see as it was (on
Virtuoso the switch itself is applied operation by operation: see :mod:`budget_lod.store.remote`).
Memory: one document at a time, plus the names of the batch's staging graphs.

A ``linker`` (the link step, as for the embedded writer) runs once a batch is switched in, on the server's
content: the links graphs it derives are then staged and switched in by a second request. So on a remote server
readers may see a batch's documents a moment before the links between them; a link step that fails leaves the
documents stored and is reported on standard error (``ingest --force`` of either document retries it).
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Callable

import pyoxigraph as ox

from budget_lod.errors import BudgetLodError, StoreError
from budget_lod.store.bulk import DEFAULT_MAX_DOCUMENTS, DEFAULT_MAX_SECONDS, Linker, StagedDocument
from budget_lod.store.convert import graph_of
from budget_lod.store.remote_writes import WritePlan, plan_replace, switch_of

if TYPE_CHECKING:
    from budget_lod.store.remote import RemoteStore


def split_graphs(doc: StagedDocument) -> list[tuple[str, object]]:
    """``[(graph, rdflib graph), (report graph, rdflib graph)]`` from a staged document's N-Quads."""
    quads = {doc.graph: [], doc.report_graph: []}
    try:
        for q in ox.parse(doc.nquads, format=ox.RdfFormat.N_QUADS):
            name = getattr(q.graph_name, "value", None)
            if name not in quads:
                raise StoreError(f"<{doc.graph}>: the document's quads name another graph <{name}>")
            quads[name].append(q)
    except SyntaxError as exc:
        raise StoreError(f"<{doc.graph}>: not valid N-Quads: {exc}") from None
    return [(name, graph_of(qs)) for name, qs in quads.items()]


class RemoteBulkWriter:
    """Batches of documents into a remote store (see the module docstring)."""

    def __init__(self, store: "RemoteStore", *, max_documents: int = DEFAULT_MAX_DOCUMENTS,
                 max_seconds: float = DEFAULT_MAX_SECONDS, clock: Callable[[], float] = time.monotonic,
                 linker: Linker | None = None, **_ignored):
        if not store._update:
            raise StoreError(f"{store.query_endpoint}: no update endpoint configured (BUDGET_LOD_UPDATE_URL); "
                             "this remote store is read-only")
        self.store = store
        self.max_documents = max(1, max_documents)
        self.max_seconds = max_seconds
        self.clock = clock
        self.linker = linker
        self.published = 0
        self._reset()

    def _reset(self) -> None:
        self._plans: list[WritePlan] = []
        self._tokens: list = []
        self._graphs: set[str] = set()
        self._since = self.clock()

    @property
    def pending(self) -> int:
        return len(self._tokens)

    def _send(self, request: str) -> None:
        self.store._update.post([("update", request)], "*/*", self.store.timeout)

    def add(self, doc: StagedDocument) -> list:
        if self._graphs & {doc.graph, doc.report_graph}:
            raise ValueError(f"<{doc.graph}> is written twice in one batch")
        try:
            plan = plan_replace(split_graphs(doc), self.store.max_triples)
        except ValueError as exc:
            raise StoreError(f"<{doc.graph}>: the graph cannot be stored, nothing was sent: {exc}") from None
        self._plans.append(plan)
        self._graphs |= {doc.graph, doc.report_graph}
        try:
            for request in plan.stage:
                self._send(request)
        except BudgetLodError as exc:
            self.abort()
            raise StoreError(f"<{doc.graph}>: the server refused the update, the store is unchanged: {exc}") from None
        self._tokens.append(doc.token)
        if len(self._tokens) >= self.max_documents or self.clock() - self._since >= self.max_seconds:
            return self.commit()
        return []

    def commit(self) -> list:
        if not self._tokens:
            self._since = self.clock()
            return []
        try:
            self._send(switch_of(self._plans))
        except BudgetLodError as exc:
            self.abort()
            raise StoreError(f"the server refused the final switch of a batch (Oxigraph: unchanged; Virtuoso: "
                             f"check, and ingest again): {exc}") from None
        finally:
            self.store._registered = None
        self.published += 1
        tokens, graphs = self._tokens, self._graphs
        self._reset()
        if self.linker is not None:
            self._link(graphs)
        return tokens

    def _link(self, graphs: set[str]) -> None:
        """The graphs the linker derives from the batch's, staged and switched in (see the module docstring)."""
        import rdflib

        plan = None
        try:
            derived = [(g, graph_of(ox.parse(nq, format=ox.RdfFormat.N_QUADS)) if nq else rdflib.Graph())
                       for g, nq in self.linker(self.store, graphs)]
            if not derived:
                return
            plan = plan_replace(derived, self.store.max_triples)
            for request in plan.stage:
                self._send(request)
            self._send(plan.switch)
        except (BudgetLodError, ValueError, SyntaxError) as exc:
            if plan is not None:
                try:
                    self._send(plan.cleanup())
                except Exception:  # noqa: BLE001 — the original error is the one to report
                    pass
            sys.stderr.write(f"budget-lod: the batch's documents are stored, the links between budgets and final "
                             f"accounts were not written ({exc}); `ingest --force` either document to retry\n")
        finally:
            self.store._registered = None

    def abort(self) -> None:
        """Drop the batch's staging graphs (best effort: a leftover one is invisible, only wasted space)."""
        staging = [s for p in self._plans for s in p.staging]
        if staging:
            try:
                self._send(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in staging))
            except Exception:  # noqa: BLE001 — the original error is the one to report
                pass
        self._reset()

    def __enter__(self) -> "RemoteBulkWriter":
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()
