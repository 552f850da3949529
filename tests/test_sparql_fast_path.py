"""The SPARQL protocol answered in front of the framework (``ProtocolFastPath``) says exactly what the
Flask view says, request for request; the query page and other methods still reach the app."""

from __future__ import annotations

import urllib.parse

import pytest

from budget_lod.rdf.iri import Minter
from budget_lod.store import open_store, synthetic
from budget_lod.web.sparql import ProtocolFastPath, standalone_app

BASE = "http://lod.example.test/"
PREFIX = "PREFIX bud: <def/budget#>\n"


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("fastpath") / "store"
    with open_store(store_dir, mode="write") as store:
        facts = synthetic.fill(store, Minter(BASE), departments=2, years=(2025,), rows_per_class=3)
    fast = standalone_app(str(store_dir), BASE, SPARQL_TIMEOUT=5, SPARQL_MAX_ROWS=7, SPARQL_WORKERS=1)
    assert isinstance(fast.wsgi_app, ProtocolFastPath)
    plain = standalone_app(str(store_dir), BASE, SPARQL_TIMEOUT=5, SPARQL_MAX_ROWS=7, SPARQL_WORKERS=1)
    plain.wsgi_app = plain.wsgi_app.inner  # the Flask view alone
    yield fast.test_client(), plain.test_client(), facts
    for app in (fast, plain):
        store = app.extensions.get("budget_lod_sparql_store")
        if store is not None:
            store.close()


def q(text: str) -> str:
    return "/sparql?query=" + urllib.parse.quote(text)


# (method, path, headers, body, content type, the status the SPARQL 1.1 Protocol asks for)
REQUESTS = [
    ("GET", q("ASK { ?s a bud:Budget }".join([PREFIX, ""])), {"Accept": "application/sparql-results+json"}, None, None,
     200),
    ("GET", q(PREFIX + "SELECT ?b WHERE { ?b a bud:Budget } ORDER BY ?b"), {"Accept": "text/csv"}, None, None, 200),
    ("GET", q(PREFIX + "SELECT ?o ?a WHERE { ?o bud:amount ?a } ORDER BY ?o"), {}, None, None, 200),  # row cap
    ("GET", q(PREFIX + "SELECT ?b WHERE { ?b a bud:Budget }") + "&format=xml", {"Accept": "text/html"}, None, None,
     200),
    ("GET", q(PREFIX + "CONSTRUCT { ?b a bud:Budget } WHERE { ?b a bud:Budget }"), {"Accept": "application/n-triples"},
     None, None, 200),
    ("GET", q("SELECT * WHERE { ?s ?p ?o } LIMIT 1"), {"Accept": "image/png"}, None, None, 406),
    ("GET", q("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), {}, None, None, 403),
    ("GET", "/sparql?update=" + urllib.parse.quote("DROP ALL"), {}, None, None, 403),
    ("GET", "/sparql?update=" + urllib.parse.quote("DROP ALL") + "&query=ASK%7B%7D", {}, None, None, 403),
    ("GET", q("SELEKT nothing"), {}, None, None, 400),
    ("GET", "/sparql", {"Accept": "application/sparql-results+json"}, None, None, 400),  # missing query
    ("GET", q("  \n "), {"Accept": "application/sparql-results+json"}, None, None, 400),  # blank query
    ("POST", "/sparql", {"Accept": "text/tab-separated-values"}, PREFIX + "SELECT ?b WHERE { ?b a bud:Budget }",
     "application/sparql-query", 200),
    ("POST", "/sparql", {}, urllib.parse.urlencode({"query": "ASK {}"}), "application/x-www-form-urlencoded", 200),
    ("POST", "/sparql", {}, urllib.parse.urlencode({"update": "DROP ALL"}), "application/x-www-form-urlencoded", 403),
    ("POST", "/sparql", {}, "INSERT DATA { <a:b> <a:c> <a:d> }", "application/sparql-update", 403),
    ("POST", "/sparql", {}, "ASK {}", "text/plain", 415),
    ("POST", "/sparql", {}, "", None, 415),
    ("OPTIONS", "/sparql", {"Origin": "http://elsewhere.test"}, None, None, 200),
]


@pytest.mark.parametrize("method,path,headers,body,ctype,status", REQUESTS)
def test_fast_path_answers_as_the_view_does(apps, method, path, headers, body, ctype, status):
    fast, plain, _ = apps
    kwargs = {"headers": headers}
    if body is not None:
        kwargs.update(data=body, content_type=ctype)
    a = fast.open(path, method=method, **kwargs)
    b = plain.open(path, method=method, **kwargs)
    assert (a.status_code, b.status_code) == (status, status)
    assert a.data == b.data
    for name in ("Content-Type", "Access-Control-Allow-Origin", "X-Result-Count", "X-Result-Truncated",
                 "X-Result-Limit", "Retry-After"):
        assert a.headers.get(name) == b.headers.get(name), name
    assert "Accept" in a.headers.get("Vary", "")


def test_row_cap_and_answers(apps):
    fast, _, facts = apps
    capped = fast.get(REQUESTS[2][1])
    assert capped.headers["X-Result-Truncated"] == "true" and capped.headers["X-Result-Count"] == "7"
    budgets = fast.get(REQUESTS[1][1], headers=REQUESTS[1][2]).get_data(as_text=True).split()
    assert budgets[0] == "b" and len(budgets) - 1 == 2  # departments=2 × one year


def test_browsers_and_other_methods_reach_the_app(apps):
    fast, _, _ = apps
    page = fast.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert fast.head(q("ASK {}")).status_code == 200  # HEAD is the framework's (as GET, no body)
    assert fast.put("/sparql", data="x").status_code == 405
