"""The SPARQL 1.1 Protocol of ``web/sparql.py`` in-process, over a store that records what it was asked: which
request reaches the store with which arguments, and what status, headers and body each answer has (the
fast path and the Flask view alike). Statuses are the protocol's: 200, 400, 403, 406, 415, 503."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from budget_lod.store.results import SerializedResult
from budget_lod.store.workers import QueryFailed, QueryTimeout
from budget_lod.web import sparql
from budget_lod.web.sparql import STORE_KEY, standalone_app

BASE = "http://lod.example.test/"
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type, Accept",
        "Access-Control-Expose-Headers": "X-Result-Truncated, X-Result-Limit, X-Result-Count",
        "Access-Control-Max-Age": "86400"}


class RecordingStore:
    """Answers every query with ``result`` (or raises ``error``) and remembers each call's arguments."""

    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        self.result = SerializedResult(b"BODY", "application/sparql-results+json", "SELECT", 3, False)
        self.error: Exception | None = None

    def query_serialized(self, sparql_text, **kwargs):
        self.calls.append((sparql_text, kwargs))
        if self.error is not None:
            raise self.error
        return self.result

    def close(self):
        pass


@pytest.fixture(params=["fast", "view"])
def setup(request, tmp_path, monkeypatch):
    monkeypatch.delenv("BUDGET_LOD_SITE", raising=False)
    app = standalone_app(str(tmp_path), BASE, SPARQL_TIMEOUT=4, SPARQL_MAX_ROWS=9)
    if request.param == "view":
        app.wsgi_app = app.wsgi_app.inner
    store = RecordingStore()
    app.extensions[STORE_KEY] = store
    return app.test_client(), store, app


def q(text: str, **params) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": text, **params})


def test_a_select_reaches_the_store_with_every_setting(setup):
    client, store, _ = setup
    r = client.get(q("SELECT * WHERE { ?s ?p ?o }") + "&default-graph-uri=http://g/1&default-graph-uri=http://g/2"
                   "&named-graph-uri=http://g/3", headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.data == b"BODY"
    assert store.calls == [("SELECT * WHERE { ?s ?p ?o }", {
        "results_format": "csv", "graph_format": "turtle", "timeout": 4.0, "max_rows": 9,
        "default_graphs": ["http://g/1", "http://g/2"], "named_graphs": ["http://g/3"], "base_iri": BASE})]
    assert r.headers["Content-Type"] == "application/sparql-results+json"  # the store's type, as the store says
    assert r.headers["Content-Length"] == "4" and r.headers["X-Result-Count"] == "3"
    assert "X-Result-Truncated" not in r.headers and "X-Result-Limit" not in r.headers
    for name, value in CORS.items():
        assert r.headers[name] == value
    assert r.headers["Vary"] == "Accept"


def test_a_construct_asks_for_a_graph_format(setup):
    client, store, _ = setup
    store.result = SerializedResult(b"<a> <b> <c> .\n", "text/turtle", "CONSTRUCT", 1, True)
    r = client.get(q("CONSTRUCT WHERE { ?s ?p ?o }", format="nt"))
    assert r.status_code == 200
    assert store.calls[0][1]["results_format"] == "json" and store.calls[0][1]["graph_format"] == "nt"
    assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"  # text/* types name their charset
    assert r.headers["X-Result-Truncated"] == "true" and r.headers["X-Result-Limit"] == "9"


@pytest.mark.parametrize("params, accept, expected", [
    ({"format": "csv"}, "application/sparql-results+json", "csv"),  # format= wins over Accept
    ({"format": "text/tab-separated-values"}, "", "tsv"),  # by media type
    ({"format": " XML "}, "", "xml"),  # trimmed, any case
    ({"output": "tsv"}, "", "tsv"),  # output= as some clients say
    ({"format": "nonsense"}, "text/csv", "csv"),  # an unknown format= falls back to Accept
    ({}, "", "json"),  # no Accept: the default
    ({}, "application/json", "json"),  # an alias
    ({}, "text/xml;q=0.5, text/csv;q=0.9", "csv"),
    ({}, "*/*", "json"),
    ({}, ",", "json"),  # an Accept naming no type is no preference
])
def test_the_results_format(setup, params, accept, expected):
    client, store, _ = setup
    r = client.get(q("SELECT * {}", **params), headers={"Accept": accept} if accept else {})
    assert r.status_code == 200
    assert store.calls[-1][1]["results_format"] == expected


def test_a_post_reads_format_from_the_form_or_the_url(setup):
    client, store, _ = setup
    r = client.post("/sparql?format=tsv", data="ASK {}", content_type="application/sparql-query")
    assert r.status_code == 200 and store.calls[-1] == ("ASK {}", {**store.calls[-1][1], "results_format": "tsv"})
    r = client.post("/sparql", data={"query": "ASK {}", "format": "xml", "default-graph-uri": "http://g/9"})
    assert r.status_code == 200
    assert store.calls[-1][1]["results_format"] == "xml" and store.calls[-1][1]["default_graphs"] == ["http://g/9"]
    r = client.post("/sparql", data={"query": "ASK {}"}, content_type="multipart/form-data")
    assert r.status_code == 200 and store.calls[-1][0] == "ASK {}"


def test_406_names_what_is_offered(setup):
    client, store, _ = setup
    r = client.get(q("SELECT * {}"), headers={"Accept": "image/png"})
    assert r.status_code == 406 and store.calls == []
    assert r.get_data(as_text=True) == ("cannot answer a SELECT query in any type your Accept header allows; offered: "
                                        "application/sparql-results+json, application/sparql-results+xml, text/csv, "
                                        "text/tab-separated-values\n")
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8" and r.headers["Access-Control-Allow-Origin"] == "*"
    r = client.get(q("DESCRIBE <http://a>"), headers={"Accept": "text/csv"})
    assert r.status_code == 406 and "a DESCRIBE query" in r.get_data(as_text=True)


@pytest.mark.parametrize("method, path, kwargs, status, message", [
    ("GET", "/sparql?update=DROP%20ALL", {}, 403, "SPARQL Update is not allowed: this endpoint is read-only.\n"),
    ("POST", "/sparql", {"data": {"update": "DROP ALL"}}, 403,
     "SPARQL Update is not allowed: this endpoint is read-only. Only SELECT, ASK, CONSTRUCT and DESCRIBE queries run here.\n"),
    ("POST", "/sparql", {"data": "DROP ALL", "content_type": "application/sparql-update"}, 403,
     "SPARQL Update is not allowed: this endpoint is read-only. Only SELECT, ASK, CONSTRUCT and DESCRIBE queries run here.\n"),
    ("POST", "/sparql", {"data": "ASK {}", "content_type": "text/plain"}, 415,
     "unsupported Content-Type text/plain: POST a form with query=… or a body of type application/sparql-query\n"),
    ("POST", "/sparql", {"data": b"ASK {}"}, 415,
     "unsupported Content-Type (none): POST a form with query=… or a body of type application/sparql-query\n"),
    ("GET", "/sparql", {}, 400,
     "missing query: send ?query=… (GET), a form field query=… or an application/sparql-query body\n"),
    ("GET", "/sparql?query=%20%0A", {}, 400,
     "missing query: send ?query=… (GET), a form field query=… or an application/sparql-query body\n"),
    ("POST", "/sparql", {"data": {"format": "json"}}, 400,
     "missing query: send ?query=… (GET), a form field query=… or an application/sparql-query body\n"),
])
def test_refusals(setup, method, path, kwargs, status, message):
    client, store, _ = setup
    r = client.open(path, method=method, headers={"Accept": "application/sparql-results+json"}, **kwargs)
    assert r.status_code == status and r.get_data(as_text=True) == message
    assert store.calls == []
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert r.headers["Access-Control-Allow-Origin"] == "*" and r.headers["Vary"] == "Accept"


def test_the_guard_refuses_before_the_store(setup):
    client, store, _ = setup
    assert client.get(q("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")).status_code == 403
    r = client.get(q("SELECT ?service WHERE { ?x"))
    assert r.status_code == 400 and r.get_data(as_text=True).startswith("not a valid SPARQL 1.1 query")
    assert store.calls == []


def test_store_errors(setup):
    client, store, _ = setup
    store.error = QueryTimeout("the query ran past the time limit of 4 s", 4.0)
    r = client.get(q("SELECT * {}"))
    assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    assert r.get_data(as_text=True) == "the query ran past the time limit of 4 s\n"
    store.error = QueryFailed("Oxigraph cannot evaluate this")
    r = client.get(q("SELECT * {}"))
    assert r.status_code == 400 and r.get_data(as_text=True) == "Oxigraph cannot evaluate this\n"
    assert "Retry-After" not in r.headers


def test_a_preflight(setup):
    client, store, _ = setup
    r = client.options("/sparql", headers={"Origin": "http://elsewhere.test", "Access-Control-Request-Method": "POST"})
    assert r.status_code == 200 and r.data == b"" and store.calls == []
    assert r.headers["Content-Length"] == "0" and "Content-Type" not in r.headers
    for name, value in CORS.items():
        assert r.headers[name] == value


@pytest.mark.parametrize("accept, page", [
    ("text/html,application/xhtml+xml,*/*;q=0.8", True),
    ("text/html", True),
    ("text/html;q=0.5, application/sparql-results+json", False),
    ("application/sparql-results+json, text/html;q=0.1", False),
    ("text/html;q=0", False),
    ("application/xhtml+xml", False),
    ("*/*", False),
    ("", False),
])
def test_a_browser_gets_the_query_page(setup, accept, page):
    client, store, _ = setup
    r = client.get("/sparql", headers={"Accept": accept} if accept else {})
    if page:
        assert r.status_code == 200 and r.mimetype == "text/html" and store.calls == []
        assert r.headers["Access-Control-Allow-Origin"] == "*" and "Accept" in r.headers["Vary"]
    else:
        assert r.status_code == 400  # a machine without a query


def test_the_page_runs_a_given_query_and_lists_the_examples(setup):
    client, store, _ = setup
    html = client.get(q("ASK { ?s ?p </script> }"), headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'data-autorun="true"' in html and store.calls == []
    assert "4.0 s" in html and "at most 9 rows" in html and BASE in html
    assert "<\\/script>" not in html  # the query goes into the editor, escaped by the template
    plain = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'data-autorun="false"' in plain
    payload = json.loads(plain.split('<script type="application/json" id="sparql-examples">')[1].split("</script>")[0])
    assert [e["name"] for e in payload] == [e.name for e in sparql.examples()]
    assert all(e["title"] and e["title_en"] and e["text"] for e in payload)
    assert "<\\/" in plain or "</" not in json.dumps(payload)  # no "</script>" can end the JSON early
    # a format= asks for results, not the page
    assert client.get(q("ASK {}", format="json"), headers={"Accept": "text/html"}).status_code == 200
    assert store.calls != []


def test_the_examples_are_read_from_their_files():
    exs = sparql.examples()
    assert [e.name for e in exs] == sorted(e.name for e in exs)
    assert {e.name for e in exs} >= {"largest_functional_classes", "three_public_by_department", "project_indicators",
                                     "violations"}
    for e in exs:
        assert e.title_zh != e.name and e.title_en != e.name and e.title_zh != e.title_en
        assert f"# title: {e.title_zh}" in e.text and f"# title_en: {e.title_en}" in e.text


def test_other_methods_and_paths_reach_the_app(setup):
    client, store, _ = setup
    assert client.put("/sparql", data="x").status_code == 405
    assert client.delete("/sparql").status_code == 405
    assert client.get("/sparql/").status_code == 404
    assert client.get("/elsewhere?query=ASK%7B%7D").status_code == 404
    head = client.head(q("ASK {}"))
    assert head.status_code == 200 and head.data == b""
    assert store.calls[-1][0] == "ASK {}"


def test_settings_come_from_the_app_then_the_site_then_the_environment(tmp_path, monkeypatch):
    from flask import Flask

    app = Flask("t")
    assert sparql._timeout(app) == sparql._defaults().query_timeout
    assert sparql._max_rows(app) == sparql._defaults().max_rows
    assert sparql._base(app) == sparql._defaults().base_url

    class Site:
        timeout = 7
        base = "http://site.test/"
        store = "the site's store"

    app.extensions["budget_lod"] = Site()
    assert sparql._timeout(app) == 7.0 and isinstance(sparql._timeout(app), float)
    assert sparql._base(app) == "http://site.test/"
    assert sparql._store(app) == "the site's store"
    app.config.update(SPARQL_TIMEOUT="2.5", SPARQL_MAX_ROWS="11", BASE_URL="http://app.test/")
    assert sparql._timeout(app) == 2.5 and sparql._max_rows(app) == 11 and sparql._base(app) == "http://app.test/"


def test_the_store_is_opened_once_read_only(tmp_path, monkeypatch):
    from flask import Flask

    opened = []

    def fake_open(path, mode, base_iri, workers, **limits):
        opened.append((path, mode, base_iri, workers, limits))
        return RecordingStore()

    import budget_lod.store as store_pkg

    monkeypatch.setattr(store_pkg, "open_store", fake_open)
    app = Flask("t")
    app.config.update(STORE_DIR=str(tmp_path), BASE_URL=BASE, SPARQL_WORKERS=3, QUERY_MEMORY_MB=300, QUERY_WAIT=5)
    first = sparql._store(app)
    assert sparql._store(app) is first
    assert opened == [(str(tmp_path), "read", BASE, 3, {"query_memory_mb": 300, "query_wait": 5})]
    other = Flask("u")
    other.config.update(STORE_DIR=str(tmp_path), BASE_URL=BASE)
    sparql._store(other)
    assert opened[-1] == (str(tmp_path), "read", BASE, sparql._defaults().query_workers,  # unless configured
                          {"query_memory_mb": None, "query_wait": None})


def test_the_fast_path_is_installed_once(tmp_path):
    app = standalone_app(str(tmp_path), BASE)
    fast = app.wsgi_app
    assert isinstance(fast, sparql.ProtocolFastPath) and fast.path == "/sparql"
    sparql.install_fast_path(app)
    assert app.wsgi_app is fast and not isinstance(fast.inner, sparql.ProtocolFastPath)
    assert app.config["STORE_DIR"] == str(tmp_path) and app.config["BASE_URL"] == BASE


def test_standalone_app_finds_its_templates_or_says_where_to_look(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_LOD_SITE", str(tmp_path / "nowhere"))
    app = standalone_app(str(tmp_path), BASE)
    assert app.template_folder == str(tmp_path / "nowhere" / "templates")
    assert app.static_folder == str(tmp_path / "nowhere" / "static")


def _editor(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(html.split('<textarea id="sparql-query" name="query" rows="16" spellcheck="false">')[1]
                             .split("</textarea>")[0])


def _examples_json(html: str) -> str:
    return html.split('<script type="application/json" id="sparql-examples">')[1].split("</script>")[0]


def test_the_editor_holds_the_given_query_else_the_first_example(setup):
    client, _, _ = setup
    given = client.get(q("ASK { ?s ?p </script> }"), headers={"Accept": "text/html"}).get_data(as_text=True)
    assert _editor(given) == "ASK { ?s ?p </script> }"
    page = client.get("/sparql", headers={"Accept": "text/html"})
    for name, value in dict(sparql.QUERY_PAGE_HEADERS).items():
        assert page.headers[name] == value
    assert page.mimetype == "text/html"
    plain = page.get_data(as_text=True)
    assert _editor(plain) == sparql.examples()[0].text
    for e in sparql.examples():  # the list to choose from
        assert f'data-example="{e.name}">{e.title_zh} · {e.title_en}</a>' in plain
    assert '<header class="site">' in plain  # the site's own layout (base.html)
    assert sparql.examples()[0].title_zh in _examples_json(plain)  # Chinese as is, not \\u escapes


def test_no_example_can_close_the_script_element(setup, monkeypatch):
    client, _, _ = setup
    odd = sparql.Example("odd", "怪", "odd", "# title: 怪\nSELECT * { ?s ?p \"</script><b>x</b>\" }")
    monkeypatch.setattr(sparql, "examples", lambda: (odd,))
    html = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    payload = _examples_json(html)
    assert json.loads(payload) == [{"name": "odd", "title": "怪", "title_en": "odd", "text": odd.text}]
    assert "</" not in payload and "<\\/script>" in payload


def test_without_the_sites_layout_the_page_has_its_own(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    site = Path(sparql.__file__).resolve().parents[3] / "site"
    mine = tmp_path / "site"
    (mine / "templates").mkdir(parents=True)
    for name in ("sparql.html", "sparql_layout.html"):
        shutil.copy(site / "templates" / name, mine / "templates" / name)
    monkeypatch.setenv("BUDGET_LOD_SITE", str(mine))
    app = standalone_app(str(tmp_path), BASE)
    app.extensions[STORE_KEY] = RecordingStore()
    html = app.test_client().get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<title>SPARQL 查询 · SPARQL query</title>" in html and '<header class="site">' not in html


def test_error_bodies_keep_the_message_less_trailing_space(setup):
    client, store, _ = setup
    store.error = QueryFailed("  Oxigraph: cannot evaluate this \n\n")
    r = client.get(q("SELECT * {}"))
    assert r.status_code == 400 and r.data == "  Oxigraph: cannot evaluate this\n".encode("utf-8")


def test_a_site_without_a_store_leaves_the_store_to_the_endpoint():
    from flask import Flask

    app = Flask("t")
    app.extensions["budget_lod"] = object()  # a site object that holds no store
    app.extensions[STORE_KEY] = "the endpoint's store"
    assert sparql._store(app) == "the endpoint's store"


def test_serve_standalone_runs_waitress_as_the_site_does(tmp_path, monkeypatch):
    import waitress

    from budget_lod.web.serve import THREADS

    calls = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: calls.append((app, kwargs)))
    sparql.serve_standalone(str(tmp_path), BASE, "127.0.0.9", 8123, SPARQL_MAX_ROWS=5)
    (app, kwargs), = calls
    assert isinstance(app.wsgi_app, sparql.ProtocolFastPath)
    assert app.config["STORE_DIR"] == str(tmp_path) and app.config["BASE_URL"] == BASE
    assert app.config["SPARQL_MAX_ROWS"] == 5
    assert kwargs == {"host": "127.0.0.9", "port": 8123, "threads": THREADS, "ident": "budget-lod", "_quiet": True,
                      "outbuf_overflow": 64 * 1024 * 1024}


def test_without_examples_the_editor_holds_a_plain_query(setup, monkeypatch):
    client, _, _ = setup
    monkeypatch.setattr(sparql, "examples", lambda: ())
    html = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert _editor(html) == "SELECT * WHERE { ?s ?p ?o } LIMIT 10" and _examples_json(html) == "[]"


@pytest.fixture()
def fast_only(tmp_path, monkeypatch):
    """The fast path in front of an app that answers 599 to everything: what reaches the app is visible."""
    monkeypatch.delenv("BUDGET_LOD_SITE", raising=False)
    app = standalone_app(str(tmp_path), BASE, SPARQL_TIMEOUT=4, SPARQL_MAX_ROWS=9)
    store = RecordingStore()
    app.extensions[STORE_KEY] = store
    reached = []

    def inner(environ, start_response):
        reached.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        start_response("599 Inner", [("Content-Type", "text/plain")])
        return [b"inner"]

    app.wsgi_app.inner = inner
    return app.test_client(), reached


@pytest.mark.parametrize("method, kwargs, status", [
    ("GET", {"query_string": {"query": "ASK {}"}}, "200 OK"),
    ("GET", {"query_string": {"update": "DROP ALL"}}, "403 FORBIDDEN"),
    ("POST", {"data": {"query": "ASK {}"}, "headers": {"Accept": "text/html"}}, "406 NOT ACCEPTABLE"),  # not the page
    ("POST", {"data": "ASK {}", "content_type": "text/plain"}, "415 UNSUPPORTED MEDIA TYPE"),
    ("OPTIONS", {}, "200 OK"),
    ("GET", {"headers": {"Accept": "application/sparql-results+json"}}, "400 BAD REQUEST"),
])
def test_protocol_requests_are_answered_in_front_of_the_app(fast_only, method, kwargs, status):
    client, reached = fast_only
    r = client.open("/sparql", method=method, **kwargs)
    assert r.status.upper() == status and reached == []


@pytest.mark.parametrize("method, path, headers", [
    ("GET", "/sparql", {"Accept": "text/html"}),  # the query page
    ("GET", "/sparql?query=ASK%7B%7D", {"Accept": "text/html,*/*;q=0.8"}),
    ("HEAD", "/sparql?query=ASK%7B%7D", {}),
    ("PUT", "/sparql", {}),
    ("GET", "/elsewhere?query=ASK%7B%7D", {}),
    ("GET", "/sparql/", {}),
])
def test_everything_else_reaches_the_app(fast_only, method, path, headers):
    client, reached = fast_only
    r = client.open(path, method=method, headers=headers)
    assert r.status == "599 Inner" and reached == [(method, path.split("?")[0])]


def test_the_fast_path_sends_the_full_status_line(fast_only):
    from werkzeug.test import EnvironBuilder

    client, _ = fast_only
    app = client.application
    lines = []
    for query in ({"query": "ASK {}"}, {"update": "DROP ALL"}):
        environ = EnvironBuilder(path="/sparql", query_string=query).get_environ()
        b"".join(app.wsgi_app(environ, lambda status, headers, exc_info=None: lines.append(status)))
    assert lines == ["200 OK", "403 Forbidden"]


def test_standalone_app_without_a_site_says_where_to_look(tmp_path, monkeypatch):
    monkeypatch.delenv("BUDGET_LOD_SITE", raising=False)
    monkeypatch.setattr(sparql, "__file__", str(tmp_path / "a" / "b" / "sparql.py"))
    with pytest.raises(RuntimeError) as info:
        standalone_app(str(tmp_path), BASE)
    assert str(info.value) == (f"cannot find site/templates/sparql.html above {tmp_path / 'a' / 'b'}; "
                               "set BUDGET_LOD_SITE")
