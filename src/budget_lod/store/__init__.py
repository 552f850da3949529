"""Stores: a small interface (``base.Store``), the embedded Oxigraph store, and a remote SPARQL server.

``open_store(path, mode)`` is how every step gets one: ``mode="write"`` (ingest; takes the directory's
write lock) or ``mode="read"`` (the server, export, validate --all; reads published checkpoints).
"""

from __future__ import annotations

import os

from budget_lod.store.base import Store
from budget_lod.store.oxigraph import EmbeddedStore
from budget_lod.store.remote import RemoteStore
from budget_lod.store.readonly import QueryRefused, QuerySyntaxError, check_query
from budget_lod.store.results import SerializedResult
from budget_lod.store.workers import QueryFailed, QueryTimeout


def open_store(path: str | os.PathLike, mode: str = "read", *, base_iri: str | None = None,
               workers: int = 2) -> EmbeddedStore:
    """The embedded store in directory ``path``.

    ``mode="write"`` takes the exclusive write lock (waiting up to 30 s for another writer, then
    :class:`~budget_lod.errors.StoreError`) and creates the directory if needed. ``mode="read"`` needs
    an existing directory; ``workers`` query processes are started on the first timed query.
    ``base_iri`` resolves relative IRIs in queries (``PREFIX bud: <def/budget#>``).
    """
    return EmbeddedStore(path, mode, base_iri=base_iri, workers=workers)


__all__ = ["Store", "EmbeddedStore", "RemoteStore", "open_store", "check_query", "QueryRefused", "QuerySyntaxError",
           "QueryTimeout", "QueryFailed", "SerializedResult"]
