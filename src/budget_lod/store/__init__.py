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
from budget_lod.store.workers import QueryBusy, QueryFailed, QueryOverMemory, QueryStopped, QueryTimeout


def is_remote(location: str | os.PathLike) -> bool:
    """A store location that is a SPARQL endpoint URL rather than a directory."""
    return isinstance(location, str) and location.startswith(("http://", "https://"))


def open_store(path: str | os.PathLike, mode: str = "read", *, base_iri: str | None = None,
               workers: int = 2, query_memory_mb: float | None = None,
               query_wait: float | None = None) -> EmbeddedStore | RemoteStore:
    """The store at ``path``: the embedded store in a directory, or a remote SPARQL 1.1 server.

    A ``path`` that is an ``http(s)://`` URL is the remote server's query endpoint; its update endpoint
    comes from ``BUDGET_LOD_UPDATE_URL`` (needed only to ingest). Otherwise ``path`` is a directory:

    ``mode="write"`` takes the exclusive write lock (waiting up to 30 s for another writer, then
    :class:`~budget_lod.errors.StoreError`) and creates the directory if needed. ``mode="read"`` needs
    an existing directory; ``workers`` query processes are started on the first timed query, each
    query stopped past ``query_memory_mb`` and refused after waiting ``query_wait`` s for a slot
    (:mod:`budget_lod.store.workers`). ``base_iri`` resolves relative IRIs in queries
    (``PREFIX bud: <def/budget#>``).
    """
    if is_remote(path):
        return RemoteStore(str(path), os.environ.get("BUDGET_LOD_UPDATE_URL") or None, base_iri=base_iri)
    return EmbeddedStore(path, mode, base_iri=base_iri, workers=workers, query_memory_mb=query_memory_mb,
                         query_wait=query_wait)


__all__ = ["Store", "EmbeddedStore", "RemoteStore", "open_store", "is_remote", "check_query", "QueryRefused", "QuerySyntaxError",
           "QueryTimeout", "QueryStopped", "QueryBusy", "QueryOverMemory", "QueryFailed", "SerializedResult"]
