"""Run the site: ``serve(settings)`` for ``budget-lod serve``, on waitress (a production WSGI server).

Why waitress rather than Flask's development server: it is pure Python (no compiler, installs from PyPI
anywhere the project does), multi-threaded so a slow SPARQL query does not block page requests, handles
HTTP/1.1 keep-alive and request buffering properly, and is documented for production use; Werkzeug's
server is explicitly not. ``trusted_proxy`` headers are not needed: every public link comes from
``BASE_URL``, never from the request's Host.
"""

from __future__ import annotations

import signal

from budget_lod.config import Settings
from budget_lod.web.site import EXTENSION

THREADS = 8


def serve(settings: Settings) -> None:
    """Serve the store at ``settings.store`` on ``settings.host:settings.port`` until interrupted."""
    import waitress

    from budget_lod.web.app import create_app
    from budget_lod.web.sparql import OUTBUF_IN_MEMORY  # large answers stay in memory, not a temp file

    app = create_app({
        "STORE_DIR": str(settings.store),
        "BASE_URL": settings.base_url,
        "SPARQL_TIMEOUT": settings.query_timeout,
        "MAX_ROWS": settings.max_rows,
        "PAGE_CACHE_BYTES": int(settings.page_cache_mb * 1024 * 1024),
        "SPARQL_WORKERS": settings.query_workers,
        "QUERY_MEMORY_MB": settings.query_memory_mb,
        "QUERY_WAIT": settings.query_wait,
    })

    def stop(signum, frame):  # SIGTERM (service managers, tests) ends like Ctrl-C: cleanup below runs
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    print(f"budget-lod: serving {settings.store} on http://{settings.host}:{settings.port}/ "
          f"(public base {settings.base_url})", flush=True)
    try:
        waitress.serve(app, host=settings.host, port=settings.port, threads=THREADS, ident="budget-lod",
                       clear_untrusted_proxy_headers=True, outbuf_overflow=OUTBUF_IN_MEMORY)
    finally:  # stop the store's query workers with the server
        app.extensions[EXTENSION].close()
