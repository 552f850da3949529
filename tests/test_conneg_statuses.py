"""Content negotiation (``web/conneg.py``) as HTTP says, with the page cache on and off: the suffix wins and
a suffix the resource does not offer is 404; an Accept nothing offered fits is 406; a matching
``If-None-Match`` is 304; every representation carries ``Vary: Accept``, its alternates and an ETag."""

from __future__ import annotations

import json
import random

import pytest
import rdflib
from werkzeug.exceptions import NotAcceptable, NotFound

from budget_lod.rdf.iri import Minter
from budget_lod.store import open_store, synthetic
from budget_lod.web import conneg
from budget_lod.web.app import create_app
from budget_lod.web.formats import FORMATS

BASE = "http://lod.example.test/"
MINTER = Minter(BASE)
BUDGET_ID = MINTER.budget("测试部门001", "901", 2025, "department")
BUDGET = "/doc/" + BUDGET_ID[len(BASE + "id/"):]
GRAPH = "/" + MINTER.document_graph("测试部门001", "901", 2025, "department")[len(BASE):]
TYPES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
         ".rdf": "application/rdf+xml", ".html": "text/html"}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("conneg") / "store"
    with open_store(d, mode="write") as store:
        store.replace_document(*synthetic.budget(MINTER, 1, 2025, 2, random.Random(1), synthetic.Facts()))
    return d


@pytest.fixture(scope="module", params=[8 * 1024 * 1024, 0], ids=["cache-on", "cache-off"])
def client(request, store_dir):
    app = create_app({"STORE_DIR": str(store_dir), "BASE_URL": BASE, "SPARQL_TIMEOUT": 10, "MAX_ROWS": 100,
                      "PAGE_CACHE_BYTES": request.param})
    yield app.test_client()
    app.extensions["budget_lod"].close()


@pytest.mark.parametrize("suffix", sorted(TYPES))
def test_the_suffix_chooses_the_format_whatever_accept_says(client, suffix):
    for _ in range(2):  # built, then (cache on) replayed
        r = client.get(BUDGET + suffix, headers={"Accept": "image/png"})
        assert r.status_code == 200 and r.mimetype == TYPES[suffix]
        assert r.headers["Vary"] == "Accept" and r.headers["ETag"]


@pytest.mark.parametrize("path", [GRAPH + ".html", BUDGET + ".html.ttl.pdf", "/.well-known/void.html"])
def test_a_suffix_not_offered_is_404(client, path):
    for _ in range(2):
        assert client.get(path).status_code == 404


def test_the_graph_is_served_in_the_rdf_formats_it_offers(client):
    for suffix in (".ttl", ".jsonld", ".nt", ".rdf"):
        r = client.get(GRAPH + suffix)
        assert r.status_code == 200 and r.mimetype == TYPES[suffix]
    assert client.get(GRAPH, headers={"Accept": "text/html"}).status_code == 406
    assert client.get(GRAPH).mimetype == "text/turtle"  # no Accept: the first format offered


@pytest.mark.parametrize("accept", ["application/pdf", "image/png, text/csv;q=0.5"])
def test_an_accept_nothing_offered_fits_is_406(client, accept):
    for _ in range(2):
        r = client.get(BUDGET, headers={"Accept": accept})
        assert r.status_code == 406
        body = r.get_data(as_text=True)
        assert "acceptable here: text/html, text/turtle, application/ld+json, application/n-triples, " \
               "application/rdf+xml" in body


@pytest.mark.parametrize("accept, mimetype", [
    ("text/turtle", "text/turtle"), ("application/x-turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml;q=0.9, text/turtle;q=0.5", "application/rdf+xml"), ("*/*", "text/html"),
    ("text/html", "text/html"),
])
def test_accept_chooses_among_the_formats_offered(client, accept, mimetype):
    assert client.get(BUDGET, headers={"Accept": accept}).mimetype == mimetype
    assert client.get(BUDGET).mimetype == "text/html"  # no Accept: the first offered


def test_every_representation_links_its_alternates(client):
    r = client.get(BUDGET, headers={"Accept": "text/turtle"})
    doc = BASE + BUDGET[1:]
    assert r.headers["Link"] == ", ".join(
        f'<{doc}{s}>; rel="alternate"; type="{TYPES[s]}"' for s in (".html", ".ttl", ".jsonld", ".nt", ".rdf"))


@pytest.mark.parametrize("path, headers", [(BUDGET, {"Accept": "text/turtle"}), (BUDGET + ".nt", {}),
                                           (BUDGET, {"Accept": "text/html"}), (GRAPH + ".jsonld", {})])
def test_a_matching_etag_is_304_and_another_is_200(client, path, headers):
    first = client.get(path, headers=headers)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    again = client.get(path, headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    other = client.get(path, headers={**headers, "If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.data == first.data


def test_an_etag_known_before_the_first_request_is_honoured(store_dir, tmp_path):
    """With the cache on, a conditional first request is answered by the app itself (nothing kept yet)."""
    apps = [create_app({"STORE_DIR": str(store_dir), "BASE_URL": BASE, "PAGE_CACHE_BYTES": size}) for size in (0, 1 << 23)]
    try:
        etag = apps[0].test_client().get(BUDGET + ".ttl").headers["ETag"]
        r = apps[1].test_client().get(BUDGET + ".ttl", headers={"If-None-Match": etag})
        assert r.status_code == 304 and r.data == b""
    finally:
        for app in apps:
            app.extensions["budget_lod"].close()


def test_jsonld_is_compacted_with_the_graphs_prefixes(client):
    data = json.loads(client.get(BUDGET + ".jsonld").data)
    assert data["@context"]["bud"] == BASE + "def/budget#"
    assert data["@context"]["bsh"] == BASE + "def/shapes#"


# --- the functions themselves --------------------------------------------------------------------------------


@pytest.fixture()
def ctx():
    from flask import Flask

    app = Flask(__name__)
    return lambda accept=None: app.test_request_context("/", headers={"Accept": accept} if accept else {})


def test_choose(ctx):
    with ctx("text/turtle"):
        assert conneg.choose(FORMATS["nt"], ("turtle", "nt")) is FORMATS["nt"]
        assert conneg.choose(None, ("html", "turtle")) is FORMATS["turtle"]
        with pytest.raises(NotFound):
            conneg.choose(FORMATS["html"], ("turtle", "nt"))
        with pytest.raises(NotAcceptable) as info:
            conneg.choose(None, ("html", "nt"))
        assert info.value.description == "acceptable here: text/html, application/n-triples"
    with ctx():
        assert conneg.choose(None, ("nt", "turtle")) is FORMATS["nt"]


def test_alternates_names_only_formats_with_a_suffix():
    assert conneg.alternates("http://x.test/doc/a", ("html", "nt")) == (
        '<http://x.test/doc/a.html>; rel="alternate"; type="text/html", '
        '<http://x.test/doc/a.nt>; rel="alternate"; type="application/n-triples"')
    assert conneg.alternates("http://x.test/doc/a", ()) == ""


def test_bind_prefixes_names_our_vocabulary_and_the_standard_ones():
    g = rdflib.Graph(bind_namespaces="none")
    conneg.bind_prefixes(g, "http://x.test/def/budget#", "http://x.test/def/shapes#")
    ns = dict(g.namespaces())
    assert str(ns["bud"]) == "http://x.test/def/budget#" and str(ns["bsh"]) == "http://x.test/def/shapes#"
    assert str(ns["skos"]) == "http://www.w3.org/2004/02/skos/core#"


def test_bind_prefixes_keeps_the_graphs_own_standard_prefixes_but_names_ours():
    g = rdflib.Graph(bind_namespaces="none")
    g.bind("mySkos", "http://www.w3.org/2004/02/skos/core#")  # the graph's own name for a standard vocabulary
    g.bind("ns1", "http://x.test/def/budget#")  # a generated name for ours
    g.bind("ns2", "http://x.test/def/shapes#")
    conneg.bind_prefixes(g, "http://x.test/def/budget#", "http://x.test/def/shapes#")
    names = {str(ns): p for p, ns in g.namespaces()}
    assert names["http://www.w3.org/2004/02/skos/core#"] == "mySkos"
    assert names["http://x.test/def/budget#"] == "bud" and names["http://x.test/def/shapes#"] == "bsh"


@pytest.mark.parametrize("name", ["jsonld", "turtle", "nt", "rdfxml"])
def test_serialize_gives_utf8_bytes(name):
    g = rdflib.Graph()
    g.add((rdflib.URIRef("http://x.test/id/a"), rdflib.RDFS.label, rdflib.Literal("甲")))
    body = conneg.serialize(g, FORMATS[name])
    assert isinstance(body, bytes) and "甲".encode("utf-8") in body


def test_represent_adds_what_every_representation_carries(ctx):
    g = rdflib.Graph()
    g.add((rdflib.URIRef("http://x.test/id/a"), rdflib.RDFS.label, rdflib.Literal("甲", lang="zh")))
    with ctx():
        page = conneg.represent(g, FORMATS["html"], lambda: "<p>甲</p>", "http://x.test/doc/a", ("html", "nt"))
        assert page.status_code == 200 and page.data == "<p>甲</p>".encode("utf-8")
        assert page.mimetype == "text/html" and page.headers["Vary"] == "Accept" and page.headers["ETag"]
        assert page.headers["Link"].startswith("<http://x.test/doc/a.html>")
        nt = conneg.represent(g, FORMATS["nt"], lambda: pytest.fail("no HTML for N-Triples"), None, ("nt",))
        assert nt.data.decode("utf-8").strip() == '<http://x.test/id/a> <http://www.w3.org/2000/01/rdf-schema#label> "甲"@zh .'
        assert "Link" not in nt.headers and nt.mimetype == "application/n-triples"
