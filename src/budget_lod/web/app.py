"""The Flask app factory: configuration, blueprints, template helpers and one place for errors.

Config keys (``create_app({...})`` overrides; defaults come from settings and the environment):

=======================  =====================================================================
``STORE_DIR``            the store directory (``BUDGET_LOD_STORE``)
``BASE_URL``             public base of every minted URI, redirect and link (``BUDGET_LOD_BASE_URL``)
``SPARQL_TIMEOUT``       seconds a query may run (``BUDGET_LOD_QUERY_TIMEOUT``)
``MAX_ROWS``             result row cap of the SPARQL endpoint (``BUDGET_LOD_MAX_ROWS``)
``STORE``                an already opened store object (tests, a remote SPARQL store); else opened lazily
``SITE_DIR``             the ``site/`` folder (templates, static); found automatically
``HOME_PAGE_SIZE``       budgets per page of the home page (default 10; ``?page=``)
``CODE_PAGE_SIZE``       budgets per page of a code page's table, for codes used by many lines (default 10)
``CATALOG_PAGE_SIZE``    datasets per catalog page and subsets per VoID page (default 100; ``?page_size=`` up to the max)
``CATALOG_MAX_PAGE_SIZE``  largest page a client may ask for (default 1000)
``PAGE_CACHE_BYTES``     rendered pages kept per store checkpoint (``BUDGET_LOD_PAGE_CACHE_MB``; 0: off)
``SPARQL_WORKERS``       SPARQL queries at once (``BUDGET_LOD_QUERY_WORKERS``)
``QUERY_MEMORY_MB``      memory per SPARQL query (``BUDGET_LOD_QUERY_MEMORY_MB``)
``QUERY_WAIT``           seconds a SPARQL query waits for a slot (``BUDGET_LOD_QUERY_WAIT``)
``CATALOG_TITLE``, ``PUBLISHER_NAME``, ``LICENSE_URL``  catalog metadata
=======================  =====================================================================
"""

from __future__ import annotations

import json
from decimal import Decimal

import jinja2
from flask import Flask, abort, render_template, request
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from budget_lod.config import Settings
from budget_lod.rdf.iri import normalise_base
from budget_lod.web import catalog, dumps, listing, resources
from budget_lod.web.cache import PageCache
from budget_lod.web.execution import in_unit
from budget_lod.web.sparql import install_fast_path, sparql_bp
from budget_lod.web.paths import find_site_dir
from budget_lod.web.queries import value
from budget_lod.web.site import EXTENSION, SiteData, site

DEFAULTS = {
    "HOME_PAGE_SIZE": 10,
    "CODE_PAGE_SIZE": 10,
    "CATALOG_PAGE_SIZE": 100,
    "CATALOG_MAX_PAGE_SIZE": 1000,
    "CATALOG_TITLE": "部门预算公开数据目录",
    "PUBLISHER_NAME": "budget-lod 部门预算开放数据 (budget-lod open budget data)",
    "LICENSE_URL": "http://creativecommons.org/licenses/by/4.0/",
    "JSON_AS_ASCII": False,
}


def _settings_config() -> dict:
    s = Settings.load()
    return {"STORE_DIR": str(s.store), "BASE_URL": s.base_url, "SPARQL_TIMEOUT": s.query_timeout,
            "MAX_ROWS": s.max_rows, "PAGE_CACHE_BYTES": int(s.page_cache_mb * 1024 * 1024)} | _query_limits(s)


def _query_limits(s: Settings) -> dict:
    return {"SPARQL_WORKERS": s.query_workers, "QUERY_MEMORY_MB": s.query_memory_mb, "QUERY_WAIT": s.query_wait}


def amount(value_: Decimal | None, places: int = 2) -> str:
    """``Decimal('1234567.5')`` → ``'1,234,567.50'`` (exact; no float on the way); nothing for no value."""
    if value_ is None or isinstance(value_, jinja2.Undefined):
        return ""
    q = Decimal(value_).quantize(Decimal(1).scaleb(-places))
    return f"{q:,}"


def jsonld_script(data: dict) -> Markup:
    """A schema.org JSON-LD block for a page (``</`` escaped so it cannot close the script)."""
    doc = {"@context": "https://schema.org/", **{k: v for k, v in data.items() if v not in (None, "", [])}}
    text = json.dumps(doc, ensure_ascii=False, indent=1, default=str).replace("</", "<\\/")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def create_app(config: dict | None = None) -> Flask:
    cfg = dict(DEFAULTS)
    given = dict(config or {})
    if not {"STORE_DIR", "BASE_URL", "SPARQL_TIMEOUT", "MAX_ROWS"} <= given.keys():
        cfg.update(_settings_config())
    cfg.update(given)
    cfg["BASE_URL"] = normalise_base(cfg["BASE_URL"])
    cfg.setdefault("SPARQL_MAX_ROWS", cfg["MAX_ROWS"])  # the name the SPARQL blueprint reads
    site_dir = find_site_dir(cfg.get("SITE_DIR"))
    app = Flask(__name__, template_folder=str(site_dir / "templates"), static_folder=str(site_dir / "static"),
                static_url_path="/static")
    app.config.update(cfg)
    for key, limit in _query_limits(Settings.load()).items():
        cfg.setdefault(key, limit)
    app.extensions[EXTENSION] = SiteData(cfg["STORE_DIR"], cfg["BASE_URL"], float(cfg["SPARQL_TIMEOUT"]),
                                         store=cfg.get("STORE"),
                                         store_options={"workers": int(cfg["SPARQL_WORKERS"]),
                                                        "query_memory_mb": float(cfg["QUERY_MEMORY_MB"]),
                                                        "query_wait": float(cfg["QUERY_WAIT"])})
    app.jinja_env.filters["amount"] = amount
    app.jinja_env.filters["in_unit"] = in_unit
    app.jinja_env.globals["jsonld"] = jsonld_script
    app.jinja_env.globals["base_url"] = cfg["BASE_URL"]
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    app.register_blueprint(resources.bp)
    app.register_blueprint(catalog.bp)
    app.register_blueprint(dumps.bp)
    app.register_blueprint(sparql_bp)
    # in front of Flask, outermost first: the SPARQL protocol, then pages already built for this checkpoint
    data = app.extensions[EXTENSION]
    app.wsgi_app = PageCache(app.wsgi_app, lambda: getattr(data.store, "checkpoint", None),
                             int(cfg.get("PAGE_CACHE_BYTES", Settings.load().page_cache_mb * 1024 * 1024)))
    install_fast_path(app)

    @app.route("/")
    def home():
        """One page of budgets grouped by department (``?page=``; ``HOME_PAGE_SIZE`` budgets a page): what a
        page lists and counts comes from the store's statistics, so it costs the same at any size."""
        s = site()
        try:
            page = int(request.args.get("page", 1))
        except ValueError:
            abort(400, description="page must be a whole number")
        size = int(app.config["HOME_PAGE_SIZE"])
        total = listing.budget_total(s)
        last = listing.pages(total, size)
        if not 1 <= page <= last:
            abort(404, description=f"the list of budgets has {last} page(s)")
        rows = listing.budget_rows(s, size, (page - 1) * size)
        departments: dict[str, dict] = {}
        for r in rows:
            d = departments.setdefault(value(r, "dept"), {"iri": value(r, "dept"), "name": value(r, "deptName"),
                                                          "code": value(r, "deptCode"), "region": value(r, "region"),
                                                          "budgets": []})
            d["budgets"].append({**{k: value(r, k) for k in r}, "kind": listing.kind_of_row(r)})
        return render_template("home.html", departments=list(departments.values()), count=total,
                               kinds=listing.kind_totals(s),
                               department_count=listing.department_total(s), page=page, last=last,
                               previous=f"{s.base}?page={page - 1}" if page > 1 else None,
                               next=f"{s.base}?page={page + 1}" if page < last else None,
                               doc_url=s.base,
                               schema={"@type": "DataCatalog", "name": app.config["CATALOG_TITLE"], "url": s.base,
                                       "dataset": [{"@type": "Dataset", "name": value(r, "label"),
                                                    "url": value(r, "budget")} for r in rows]})

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        """Every error in one place: a page for browsers, plain text for everyone else."""
        if exc.code in (301, 302, 303, 304, 307, 308):
            return exc
        wants_html = request.accept_mimetypes.best_match(["text/plain", "text/html"]) == "text/html"
        headers = {"Vary": "Accept"}
        if wants_html:
            return render_template("error.html", error=exc, doc_url=None, schema=None), exc.code, headers
        return f"{exc.code} {exc.name}: {exc.description}\n", exc.code, {**headers, "Content-Type": "text/plain; charset=utf-8"}

    return app
