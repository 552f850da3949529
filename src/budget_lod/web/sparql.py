"""The SPARQL endpoint ``/sparql`` (SPARQL 1.1 Protocol) and its query page, as the blueprint ``sparql_bp``.

* GET ``?query=``, POST form (``query=``) and POST ``application/sparql-query``; ``default-graph-uri`` and
  ``named-graph-uri`` as the protocol says. SELECT/ASK answer JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE
  answer Turtle, N-Triples, JSON-LD, RDF/XML — chosen by ``format=`` (name or media type), else ``Accept``
  (406 when nothing fits).
* Read-only: updates (also POSTed as ``update=`` or ``application/sparql-update``), LOAD and SERVICE get
  403 with a message saying why; text that does not parse gets 400.
* Every query has a time limit (503 naming it when exceeded; the worker running it is killed) and a row
  cap (``X-Result-Truncated: true`` and ``X-Result-Limit`` headers when it cut the result).
* CORS: ``Access-Control-Allow-Origin: *`` on every answer, OPTIONS preflight.
* A browser (``Accept: text/html``) gets the query page with ready example queries (``queries/example_*.rq``).

app.config keys read (all optional):

================  ===========================================================================
``SPARQL_TIMEOUT``   seconds per query (default: the site's timeout, else BUDGET_LOD_QUERY_TIMEOUT)
``SPARQL_MAX_ROWS``  rows/triples per answer (default BUDGET_LOD_MAX_ROWS)
``SPARQL_WORKERS``   query worker processes when this blueprint opens the store itself (default 2)
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
from werkzeug.http import parse_accept_header

from budget_lod.config import Settings
from budget_lod.store.formats import FORM_KIND, lookup, offered
from budget_lod.store.readonly import QueryRefused, QuerySyntaxError, check_query
from budget_lod.store.workers import QueryFailed, QueryTimeout

sparql_bp = Blueprint("sparql", __name__)

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept",
    "Access-Control-Expose-Headers": "X-Result-Truncated, X-Result-Limit, X-Result-Count",
    "Access-Control-Max-Age": "86400",
}
_OPEN_LOCK = threading.Lock()
STORE_KEY = "budget_lod_sparql_store"


# --- configuration ---------------------------------------------------------------------------------------

def _site():
    return current_app.extensions.get("budget_lod")


@lru_cache(maxsize=1)
def _defaults() -> Settings:
    return Settings.load()


def _timeout() -> float:
    site = _site()
    return float(current_app.config.get("SPARQL_TIMEOUT") or getattr(site, "timeout", None) or _defaults().query_timeout)


def _max_rows() -> int:
    return int(current_app.config.get("SPARQL_MAX_ROWS") or _defaults().max_rows)


def _base() -> str:
    site = _site()
    return current_app.config.get("BASE_URL") or getattr(site, "base", None) or _defaults().base_url


def _store():
    site = _site()
    if site is not None and hasattr(site, "store"):
        return site.store
    ext = current_app.extensions
    if STORE_KEY not in ext:
        with _OPEN_LOCK:
            if STORE_KEY not in ext:
                from budget_lod.store import open_store

                path = current_app.config.get("STORE_DIR") or _defaults().store
                ext[STORE_KEY] = open_store(path, mode="read", base_iri=_base(),
                                            workers=int(current_app.config.get("SPARQL_WORKERS") or 2))
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

def _error(status: int, message: str, **headers: str) -> Response:
    return Response(message.rstrip() + "\n", status=status, mimetype="text/plain", headers=headers)


def _wants_html() -> bool:
    """A browser: ``text/html`` named explicitly in Accept and preferred over the SPARQL types."""
    return _accept_wants_html(request.headers.get("Accept", ""))


@lru_cache(maxsize=256)
def _accept_wants_html(header: str) -> bool:
    accept = parse_accept_header(header, MIMEAccept)
    if not any(value == "text/html" and q > 0 for value, q in accept):
        return False
    return accept.best_match(["text/html", "application/sparql-results+json", "text/turtle"]) == "text/html"


def _choose_format(form: str, params):
    """The result format for a query of ``form``: ``format=`` first, then Accept; None → 406."""
    return _format_for(FORM_KIND[form], params.get("format") or params.get("output") or "",
                       request.headers.get("Accept", ""))


@lru_cache(maxsize=512)
def _format_for(kind: str, given: str, header: str):
    """The decision of :func:`_choose_format`, remembered per (kind, format=, Accept) — clients repeat them."""
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


def _read_request() -> tuple[str | None, Response | None]:
    """The query text of a protocol request, or an error response."""
    if request.method == "GET":
        if "update" in request.args:
            return None, _error(403, "SPARQL Update is not allowed: this endpoint is read-only.")
        return request.args.get("query"), None
    ctype = (request.mimetype or "").lower()
    if ctype == "application/sparql-update" or (ctype == "application/x-www-form-urlencoded" and "update" in request.form):
        return None, _error(403, "SPARQL Update is not allowed: this endpoint is read-only. "
                                 "Only SELECT, ASK, CONSTRUCT and DESCRIBE queries run here.")
    if ctype == "application/sparql-query":
        return request.get_data(as_text=True), None
    if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return request.form.get("query"), None
    return None, _error(415, f"unsupported Content-Type {ctype or '(none)'}: POST a form with query=… "
                             "or a body of type application/sparql-query")


@sparql_bp.after_request
def _cors(response: Response) -> Response:
    if response.headers.get("Access-Control-Allow-Origin") is None:  # answers made here carry them already
        for k, v in CORS_HEADERS.items():
            response.headers.setdefault(k, v)
        response.vary.add("Accept")
    return response


@sparql_bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def endpoint():
    if request.method == "OPTIONS":
        return Response(status=204)
    sparql, problem = _read_request()
    if problem is not None:
        return problem
    if request.method == "GET" and _wants_html() and not request.args.get("format"):
        return page(sparql or "")
    if not sparql or not sparql.strip():
        return _error(400, "missing query: send ?query=… (GET), a form field query=… or an application/sparql-query body")
    try:
        form = check_query(sparql)
    except (QueryRefused, QuerySyntaxError) as exc:
        return _error(exc.status, str(exc))
    params = request.args if request.method == "GET" else request.values
    fmt = _choose_format(form, params)
    if fmt is None:
        types = ", ".join(f.media_type for f in offered(FORM_KIND[form]))
        return _error(406, f"cannot answer a {form} query in any type your Accept header allows; offered: {types}")
    kind = FORM_KIND[form]
    limit = _max_rows()
    timeout = _timeout()
    try:
        res = _store().query_serialized(
            sparql,
            results_format=fmt.name if kind == "results" else "json",
            graph_format=fmt.name if kind == "graph" else "turtle",
            timeout=timeout, max_rows=limit,
            default_graphs=params.getlist("default-graph-uri"),
            named_graphs=params.getlist("named-graph-uri"),
            base_iri=_base(),
        )
    except QueryTimeout as exc:
        return _error(503, str(exc), **{"Retry-After": "5"})
    except (QueryFailed, QueryRefused, QuerySyntaxError) as exc:
        return _error(exc.status, str(exc))
    headers = {**CORS_HEADERS, "Vary": "Accept", "X-Result-Count": str(res.count)}
    if res.truncated:
        headers["X-Result-Truncated"] = "true"
        headers["X-Result-Limit"] = str(limit)
    mimetype = res.media_type + ("; charset=utf-8" if res.media_type.startswith("text/") else "")
    return Response(res.body, status=200, headers=headers, content_type=mimetype)


def page(query: str = "") -> Response:
    """The query page: editor, example queries, results table (``static/sparql.js``)."""
    exs = examples()
    initial = query or (exs[0].text if exs else "SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    payload = [{"name": e.name, "title": e.title_zh, "title_en": e.title_en, "text": e.text} for e in exs]
    # H6's site layout when it exists; a minimal one of our own otherwise
    layout = current_app.jinja_env.select_template(["base.html", "sparql_layout.html"])
    html = render_template(
        "sparql.html", layout=layout, query=initial, autorun=bool(query), examples=exs,
        examples_json=json.dumps(payload, ensure_ascii=False).replace("</", "<\\/"),
        timeout=_timeout(), max_rows=_max_rows(), base=_base(),
    )
    return Response(html, mimetype="text/html")


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
