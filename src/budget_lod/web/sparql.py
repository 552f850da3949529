"""The SPARQL endpoint ``/sparql`` (SPARQL 1.1 Protocol) and its query page, as the blueprint ``sparql_bp``.

* GET ``?query=``, POST form (``query=``) and POST ``application/sparql-query``; ``default-graph-uri`` and
  ``named-graph-uri`` as the protocol says. SELECT/ASK answer JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE
  answer Turtle, N-Triples, JSON-LD, RDF/XML — chosen by ``format=`` (name or media type), else ``Accept``
  (406 when nothing fits).
* Read-only: updates (also POSTed as ``update=`` or ``application/sparql-update``), LOAD and SERVICE get
  403 with a message saying why; text that does not parse gets 400.
* Every query has a time limit and a memory limit (503 naming the setting when exceeded; the worker
  running it is killed), and at most ``SPARQL_WORKERS`` run at once (the rest wait briefly, then 503
  with ``Retry-After``; see ``store/workers.py``), and a row cap (``X-Result-Truncated: true`` and
  ``X-Result-Limit`` headers when it cut the result).
* CORS: ``Access-Control-Allow-Origin: *`` on every answer, OPTIONS preflight.
* A browser (``Accept: text/html``) gets the query page with ready example queries (``queries/example_*.rq``).

app.config keys read (all optional):

================  ===========================================================================
``SPARQL_TIMEOUT``   seconds per query (default: the site's timeout, else BUDGET_LOD_QUERY_TIMEOUT)
``SPARQL_MAX_ROWS``  rows/triples per answer (default BUDGET_LOD_MAX_ROWS)
``SPARQL_WORKERS``   queries at once: worker processes (default BUDGET_LOD_QUERY_WORKERS, 2)
``QUERY_MEMORY_MB``  memory per query before it is stopped (default BUDGET_LOD_QUERY_MEMORY_MB, 1024)
``QUERY_WAIT``       seconds a query waits for a slot before 503 (default BUDGET_LOD_QUERY_WAIT, 2)
``BASE_URL``         base IRI relative IRIs in queries resolve against (default: the site's base,
                     else BUDGET_LOD_BASE_URL)
``STORE_DIR``        store directory when no store is provided (default BUDGET_LOD_STORE)
================  ===========================================================================

The store comes from ``app.extensions["budget_lod"].store`` (the site's ``SiteData``) when the app has
one, else from ``app.extensions["budget_lod_sparql_store"]`` (a test may put any Store there), else it is
opened read-only from ``STORE_DIR``.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import HTTP_STATUS_CODES, parse_accept_header
from werkzeug.wrappers import Request

from budget_lod.config import Settings
from budget_lod.store.formats import FORM_KIND, lookup, offered
from budget_lod.store.readonly import QueryRefused, QuerySyntaxError, check_query
from budget_lod.store.workers import QueryFailed, QueryStopped

sparql_bp = Blueprint("sparql", __name__)

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept",
    "Access-Control-Expose-Headers": "X-Result-Truncated, X-Result-Limit, X-Result-Count",
    "Access-Control-Max-Age": "86400",
}
# The query page runs YASGUI (static/vendor/yasgui) against this endpoint only: scripts and connections stay
# on this site (CodeMirror and YASR set inline styles, hence style-src 'unsafe-inline'; data: for icons).
QUERY_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
                               "base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
_OPEN_LOCK = threading.Lock()
STORE_KEY = "budget_lod_sparql_store"


# --- configuration (read per request from the app, so that it works with or without Flask's context) ---

def _site(app):
    return app.extensions.get("budget_lod")


@lru_cache(maxsize=1)
def _defaults() -> Settings:
    return Settings.load()


def _timeout(app) -> float:
    site = _site(app)
    return float(app.config.get("SPARQL_TIMEOUT") or getattr(site, "timeout", None) or _defaults().query_timeout)


def _max_rows(app) -> int:
    return int(app.config.get("SPARQL_MAX_ROWS") or _defaults().max_rows)


def _base(app) -> str:
    site = _site(app)
    return app.config.get("BASE_URL") or getattr(site, "base", None) or _defaults().base_url


def _store(app):
    site = _site(app)
    if site is not None and hasattr(site, "store"):
        return site.store
    ext = app.extensions
    if STORE_KEY not in ext:
        with _OPEN_LOCK:
            if STORE_KEY not in ext:
                from budget_lod.store import open_store

                path = app.config.get("STORE_DIR") or _defaults().store
                ext[STORE_KEY] = open_store(path, mode="read", base_iri=_base(app),
                                            workers=int(app.config.get("SPARQL_WORKERS") or _defaults().query_workers),
                                            query_memory_mb=app.config.get("QUERY_MEMORY_MB"),
                                            query_wait=app.config.get("QUERY_WAIT"))
    return ext[STORE_KEY]


# --- example queries -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Example:
    name: str
    title_zh: str
    title_en: str
    text: str


_HEADER = re.compile(r"^#\s*(title|title_en)\s*:\s*(.+?)\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def examples() -> tuple[Example, ...]:
    """The example queries ``budget_lod/queries/example_*.rq``; each starts with ``# title:`` and
    ``# title_en:`` comment lines (the page's labels), sorted by file name."""
    folder = resources.files("budget_lod") / "queries"
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("example_") and entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            meta = dict(_HEADER.findall(text))
            name = entry.name[len("example_"):-len(".rq")]
            out.append(Example(name, meta.get("title", name), meta.get("title_en", name), text))
    return tuple(out)


# --- protocol --------------------------------------------------------------------------------------------
# The protocol is answered by plain functions of a werkzeug ``Request`` (Flask's ``request`` is one), so
# that the same code serves the Flask view and :class:`ProtocolFastPath`, which answers protocol requests
# before the framework's routing and request context (a fixed ~0.2 ms every SPARQL request would pay).

Answer = tuple[int, list[tuple[str, str]], bytes]


def _error(status: int, message: str, extra: tuple[tuple[str, str], ...] = ()) -> Answer:
    return status, [("Content-Type", "text/plain; charset=utf-8"), *extra, *_CORS_VARY], \
        (message.rstrip() + "\n").encode("utf-8")


_CORS_VARY = (*CORS_HEADERS.items(), ("Vary", "Accept"))


def _wants_html(req) -> bool:
    """A browser: ``text/html`` named explicitly in Accept and preferred over the SPARQL types, no ``format=``."""
    return (req.method == "GET" and not req.args.get("format")
            and _accept_wants_html(req.headers.get("Accept", "")))


@lru_cache(maxsize=256)
def _accept_wants_html(header: str) -> bool:
    if "html" not in header:
        return False
    accept = parse_accept_header(header, MIMEAccept)
    if not any(value == "text/html" and q > 0 for value, q in accept):
        return False
    return accept.best_match(["text/html", "application/sparql-results+json", "text/turtle"]) == "text/html"


@lru_cache(maxsize=512)
def _format_for(kind: str, given: str, header: str):
    """The result format for a query of ``kind``: ``format=`` first, then Accept; None → 406.
    Remembered per (kind, format=, Accept): clients repeat them."""
    if given:
        fmt = lookup(given, kind)
        if fmt is not None:
            return fmt
    formats = offered(kind)
    accept = parse_accept_header(header, MIMEAccept)
    if not accept or not header:
        return formats[0]
    candidates, owner = [], {}
    for f in formats:
        for mt in (f.media_type, *[a for a in f.aliases if "/" in a]):
            candidates.append(mt)
            owner.setdefault(mt, f)
    best = accept.best_match(candidates)
    return owner[best] if best else None


def _read_query(req) -> tuple[str | None, Answer | None]:
    """The query text of a protocol request, or an error answer."""
    if req.method in ("GET", "HEAD"):
        if "update" in req.args:
            return None, _error(403, "SPARQL Update is not allowed: this endpoint is read-only.")
        return req.args.get("query"), None
    ctype = (req.mimetype or "").lower()
    if ctype == "application/sparql-update" or (ctype == "application/x-www-form-urlencoded" and "update" in req.form):
        return None, _error(403, "SPARQL Update is not allowed: this endpoint is read-only. "
                                 "Only SELECT, ASK, CONSTRUCT and DESCRIBE queries run here.")
    if ctype == "application/sparql-query":
        return req.get_data(as_text=True), None
    if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return req.form.get("query"), None
    return None, _error(415, f"unsupported Content-Type {ctype or '(none)'}: POST a form with query=… "
                             "or a body of type application/sparql-query")


def answer(app, req) -> Answer:
    """``(status, headers, body)`` for a SPARQL 1.1 Protocol request (not the HTML page) to ``app``'s store."""
    if req.method == "OPTIONS":
        # A CORS preflight. 200 with an empty body rather than 204: waitress closes the connection after every
        # 204 (it cannot tell a bodiless answer's end otherwise), and the query would have to reconnect.
        return 200, [*_CORS_VARY, ("Content-Length", "0")], b""
    sparql, problem = _read_query(req)
    if problem is not None:
        return problem
    if not sparql or not sparql.strip():
        return _error(400, "missing query: send ?query=… (GET), a form field query=… or an application/sparql-query body")
    try:
        form = check_query(sparql)
    except (QueryRefused, QuerySyntaxError) as exc:
        return _error(exc.status, str(exc))
    params = req.args if req.method in ("GET", "HEAD") else req.values
    kind = FORM_KIND[form]
    fmt = _format_for(kind, params.get("format") or params.get("output") or "", req.headers.get("Accept", ""))
    if fmt is None:
        types = ", ".join(f.media_type for f in offered(kind))
        return _error(406, f"cannot answer a {form} query in any type your Accept header allows; offered: {types}")
    limit = _max_rows(app)
    try:
        res = _store(app).query_serialized(
            sparql,
            results_format=fmt.name if kind == "results" else "json",
            graph_format=fmt.name if kind == "graph" else "turtle",
            timeout=_timeout(app), max_rows=limit,
            default_graphs=params.getlist("default-graph-uri"),
            named_graphs=params.getlist("named-graph-uri"),
            base_iri=_base(app),
        )
    except QueryStopped as exc:  # over time or memory, or no slot free: the endpoint protects itself
        return _error(503, str(exc), (("Retry-After", str(exc.retry_after)),))
    except (QueryFailed, QueryRefused, QuerySyntaxError) as exc:
        return _error(exc.status, str(exc))
    mimetype = res.media_type + ("; charset=utf-8" if res.media_type.startswith("text/") else "")
    headers = [("Content-Type", mimetype), ("Content-Length", str(len(res.body))), *_CORS_VARY,
               ("X-Result-Count", str(res.count))]
    if res.truncated:
        headers += [("X-Result-Truncated", "true"), ("X-Result-Limit", str(limit))]
    return 200, headers, res.body


class ProtocolFastPath:
    """WSGI middleware in front of the Flask app: protocol requests to ``/sparql`` are answered by
    :func:`answer` directly; the query page (a browser's GET), other methods (HEAD, 405s) and every other
    path go to the app.

    What it skips is only the framework's routing, context and response objects; the answer is the same
    as the view's (the tests run both)."""

    def __init__(self, app, path: str = "/sparql"):
        self.app = app
        self.inner = app.wsgi_app
        self.path = path

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if environ.get("PATH_INFO") != self.path or method not in ("GET", "POST", "OPTIONS") or (
                method == "GET" and _accept_wants_html(environ.get("HTTP_ACCEPT", ""))):
            return self.inner(environ, start_response)
        req = Request(environ)
        if _wants_html(req):
            return self.inner(environ, start_response)
        status, headers, body = answer(self.app, req)
        start_response(f"{status} {HTTP_STATUS_CODES.get(status, '')}", headers)
        return [body]


def install_fast_path(app) -> None:
    """Put :class:`ProtocolFastPath` in front of ``app`` (``create_app`` and :func:`standalone_app` do)."""
    if not isinstance(app.wsgi_app, ProtocolFastPath):
        app.wsgi_app = ProtocolFastPath(app)


@sparql_bp.after_request
def _cors(response: Response) -> Response:
    if response.headers.get("Access-Control-Allow-Origin") is None:  # answers made here carry them already
        for k, v in CORS_HEADERS.items():
            response.headers.setdefault(k, v)
        response.vary.add("Accept")
    return response


@sparql_bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def endpoint():
    if _wants_html(request):
        return page(request.args.get("query") or "")
    status, headers, body = answer(current_app, request)
    response = Response(body, status=status, headers=headers)
    if not any(name == "Content-Type" for name, _ in headers):  # a preflight has no type; Flask would add one
        del response.headers["Content-Type"]
    return response


def page(query: str = "") -> Response:
    """The query page: YASGUI with a tab per example query, results as a table or a chart (``static/sparql.js``);
    a plain form for browsers without JavaScript."""
    exs = examples()
    initial = query or (exs[0].text if exs else "SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    payload = [{"name": e.name, "title": e.title_zh, "title_en": e.title_en, "text": e.text} for e in exs]
    # H6's site layout when it exists; a minimal one of our own otherwise
    layout = current_app.jinja_env.select_template(["base.html", "sparql_layout.html"])
    html = render_template(
        "sparql.html", layout=layout, query=initial, autorun=bool(query), examples=exs,
        examples_json=json.dumps(payload, ensure_ascii=False).replace("</", "<\\/"),
        timeout=_timeout(current_app), max_rows=_max_rows(current_app), base=_base(current_app),
    )
    return Response(html, mimetype="text/html", headers=QUERY_PAGE_HEADERS)


def standalone_app(store_dir: str, base_url: str, **config):
    """A Flask app serving only ``/sparql`` over ``store_dir`` (tests, benchmarks, an endpoint-only deployment).

    The full site registers :data:`sparql_bp` in ``create_app`` instead.
    """
    import os
    from pathlib import Path

    from flask import Flask

    here = Path(__file__).resolve()
    given = os.environ.get("BUDGET_LOD_SITE")
    site = Path(given) if given else next(
        (p / "site" for p in here.parents if (p / "site" / "templates" / "sparql.html").is_file()), None)
    if site is None:
        raise RuntimeError(f"cannot find site/templates/sparql.html above {here.parent}; set BUDGET_LOD_SITE")
    app = Flask("budget_lod.web.sparql", template_folder=str(site / "templates"), static_folder=str(site / "static"))
    app.config.update(STORE_DIR=str(store_dir), BASE_URL=base_url, **config)
    app.register_blueprint(sparql_bp)
    install_fast_path(app)
    return app


# waitress spills an answer larger than its ``outbuf_overflow`` (1 MB by default) to a temporary file
# before sending it; a row-capped SPARQL answer is a few MB, which in memory is sent ~40 % faster
# (10 000 rows of JSON, 2.5 MB: 116 → 71 ms measured on the benchmark data).
OUTBUF_IN_MEMORY = 64 * 1024 * 1024


def serve_standalone(store_dir: str, base_url: str, host: str, port: int, **config) -> None:
    """Run :func:`standalone_app` on ``host:port`` on waitress, the server ``budget-lod serve`` uses (blocks)."""
    import waitress

    from budget_lod.web.serve import THREADS

    waitress.serve(standalone_app(store_dir, base_url, **config), host=host, port=port, threads=THREADS,
                   ident="budget-lod", _quiet=True, outbuf_overflow=OUTBUF_IN_MEMORY)
