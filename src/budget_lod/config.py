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
        except ValueError as exc:
            raise ConfigError(f"a numeric setting is not a number: {exc}") from None
        if timeout <= 0:
            raise ConfigError("BUDGET_LOD_QUERY_TIMEOUT must be > 0 seconds")
        return cls(
            store=_store_location(get("store", "BUDGET_LOD_STORE")),
            base_url=base,
            query_timeout=timeout,
            max_rows=max_rows,
            host=get("host", "BUDGET_LOD_HOST"),
            port=port,
            page_cache_mb=page_cache_mb,
        )
