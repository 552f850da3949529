"""Settings: every option of the CLI has an environment variable and a documented default.

=========================  ==============================  =====================================
setting                    environment variable            default
=========================  ==============================  =====================================
store directory or URL     ``BUDGET_LOD_STORE``            ``./budget-lod-store``
base URL of minted IRIs    ``BUDGET_LOD_BASE_URL``         ``http://127.0.0.1:8080/``
SPARQL query time limit    ``BUDGET_LOD_QUERY_TIMEOUT``    ``10`` (seconds)
SPARQL result row cap      ``BUDGET_LOD_MAX_ROWS``         ``10000``
server bind host / port    ``BUDGET_LOD_HOST`` / ``_PORT``  ``127.0.0.1`` / ``8080``
update endpoint (remote)   ``BUDGET_LOD_UPDATE_URL``       none
rendered pages kept (MB)   ``BUDGET_LOD_PAGE_CACHE_MB``    ``64`` (0: off; see ``web/cache.py``)
memory per SPARQL query    ``BUDGET_LOD_QUERY_MEMORY_MB``  ``1024`` (MB; the query is stopped past it)
SPARQL queries at once     ``BUDGET_LOD_QUERY_WORKERS``    ``2`` (worker processes)
wait for a query slot      ``BUDGET_LOD_QUERY_WAIT``       ``2`` (seconds; then 503 + Retry-After)
ingest processes           ``BUDGET_LOD_JOBS``             the number of CPU cores
documents per publication  ``BUDGET_LOD_BATCH``            ``100`` (ingest publishes a checkpoint per batch)
=========================  ==============================  =====================================

The store is a directory (embedded Oxigraph) or, when it outgrows one machine, the ``http(s)://`` URL
of an external SPARQL 1.1 server's query endpoint, with its update endpoint in ``BUDGET_LOD_UPDATE_URL``
(either URL may carry ``user:password@`` for servers that ask for Basic or Digest authentication).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from budget_lod.errors import ConfigError
from budget_lod.rdf.iri import DEFAULT_BASE, normalise_base

DEFAULTS = {
    "BUDGET_LOD_STORE": "./budget-lod-store",
    "BUDGET_LOD_BASE_URL": DEFAULT_BASE,
    "BUDGET_LOD_QUERY_TIMEOUT": "10",
    "BUDGET_LOD_MAX_ROWS": "10000",
    "BUDGET_LOD_HOST": "127.0.0.1",
    "BUDGET_LOD_PORT": "8080",
    "BUDGET_LOD_PAGE_CACHE_MB": "64",
    "BUDGET_LOD_QUERY_MEMORY_MB": "1024",
    "BUDGET_LOD_QUERY_WORKERS": "2",
    "BUDGET_LOD_QUERY_WAIT": "2",
    "BUDGET_LOD_JOBS": str(os.cpu_count() or 1),
    "BUDGET_LOD_BATCH": "100",
}


def setting(name: str, given: str | None = None) -> str:
    """The value of a setting: the option if given, else its environment variable, else the default."""
    if given is not None:
        return given
    return os.environ.get(name) or DEFAULTS[name]


def _store_location(value: str) -> Path | str:
    return value if value.startswith(("http://", "https://")) else Path(value)


@dataclass(frozen=True)
class Settings:
    store: Path | str  # a directory, or a remote SPARQL query endpoint URL
    base_url: str
    query_timeout: float
    max_rows: int
    host: str
    port: int
    page_cache_mb: float = 64.0
    query_memory_mb: float = 1024.0
    query_workers: int = 2
    query_wait: float = 2.0
    jobs: int = 1
    batch: int = 100

    @classmethod
    def load(cls, **given: str | None) -> "Settings":
        """Build settings from options (``store=``, ``base_url=`` …), environment and defaults."""

        def get(key: str, env: str) -> str:
            v = given.get(key)
            return setting(env, None if v is None else str(v))

        try:
            base = normalise_base(get("base_url", "BUDGET_LOD_BASE_URL"))
        except ValueError as exc:
            raise ConfigError(f"--base-url / BUDGET_LOD_BASE_URL: {exc}") from None
        try:
            timeout = float(get("query_timeout", "BUDGET_LOD_QUERY_TIMEOUT"))
            max_rows = int(get("max_rows", "BUDGET_LOD_MAX_ROWS"))
            port = int(get("port", "BUDGET_LOD_PORT"))
            page_cache_mb = float(get("page_cache_mb", "BUDGET_LOD_PAGE_CACHE_MB"))
            query_memory_mb = float(get("query_memory_mb", "BUDGET_LOD_QUERY_MEMORY_MB"))
            query_workers = int(get("query_workers", "BUDGET_LOD_QUERY_WORKERS"))
            query_wait = float(get("query_wait", "BUDGET_LOD_QUERY_WAIT"))
            jobs = int(get("jobs", "BUDGET_LOD_JOBS"))
            batch = int(get("batch", "BUDGET_LOD_BATCH"))
        except ValueError as exc:
            raise ConfigError(f"a numeric setting is not a number: {exc}") from None
        if timeout <= 0:
            raise ConfigError("BUDGET_LOD_QUERY_TIMEOUT must be > 0 seconds")
        for name, value in (("BUDGET_LOD_QUERY_MEMORY_MB", query_memory_mb), ("BUDGET_LOD_QUERY_WORKERS", query_workers),
                            ("--jobs / BUDGET_LOD_JOBS", jobs), ("--batch / BUDGET_LOD_BATCH", batch)):
            if value <= 0:
                raise ConfigError(f"{name} must be > 0")
        if query_wait < 0:
            raise ConfigError("BUDGET_LOD_QUERY_WAIT must be ≥ 0 seconds")
        return cls(
            store=_store_location(get("store", "BUDGET_LOD_STORE")),
            base_url=base,
            query_timeout=timeout,
            max_rows=max_rows,
            host=get("host", "BUDGET_LOD_HOST"),
            port=port,
            page_cache_mb=page_cache_mb,
            query_memory_mb=query_memory_mb,
            query_workers=query_workers,
            query_wait=query_wait,
            jobs=jobs,
            batch=batch,
        )
