"""The SPARQL endpoint as clients see it: a real server process, SPARQLWrapper and plain HTTP.

The server runs ``budget_lod.web.sparql.serve_standalone`` in a subprocess on a free loopback port over a
store filled through the Store API with synthetic budgets (``store/synthetic.py``); expectations are
computed from the generated figures, never from the endpoint's answers.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from budget_lod.rdf.iri import Minter
from budget_lod.errors import StoreError
from budget_lod.store import open_store, synthetic
from servers import Listener

TIMEOUT = 2.0
MAX_ROWS = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, store_dir, base: str, port: int, **config):
        self.url = f"http://127.0.0.1:{port}/sparql"
        self.base = base
        self.store_dir = store_dir
        code = ("import sys, json; from budget_lod.web.sparql import serve_standalone; "
                "serve_standalone(sys.argv[1], sys.argv[2], '127.0.0.1', int(sys.argv[3]), **json.loads(sys.argv[4]))")
        self.log = open(f"{store_dir}.log", "wb")
        self.process = subprocess.Popen([sys.executable, "-c", code, str(store_dir), base, str(port), json.dumps(config)],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, open(self.log.name).read()
            try:
                urllib.request.urlopen(self.url + "?query=ASK%7B%7D", timeout=2).read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start: " + open(self.log.name).read())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    store_dir = tmp_path_factory.mktemp("sparql") / "store"
    store = open_store(store_dir, mode="write")
    try:
        facts = synthetic.fill(store, Minter(base), departments=3, years=(2024, 2025), rows_per_class=40)
    finally:
        store.close()
    server = Server(store_dir, base, port, SPARQL_TIMEOUT=TIMEOUT, SPARQL_MAX_ROWS=MAX_ROWS, SPARQL_WORKERS=2)
    yield server, facts
    server.stop()


def _get(url: str, headers: dict | None = None, method: str = "GET", data: bytes | None = None):
    req = urllib.request.Request(url, headers=headers or {}, method=method, data=data)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def _wrapper(server, query: str, fmt) -> object:
    w = SPARQLWrapper(server.url)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    return w.query()


PREFIX = "PREFIX bud: <def/budget#>\n"
COUNT_BUDGETS = PREFIX + "SELECT (COUNT(?b) AS ?n) WHERE { ?b a bud:Budget }"


def test_select_in_every_results_format(served):
    server, facts = served
    data = _wrapper(server, COUNT_BUDGETS, JSON).convert()
    assert data["results"]["bindings"][0]["n"]["value"] == "6"  # 3 departments × 2 years
    xml = _wrapper(server, COUNT_BUDGETS, XML).convert()
    assert xml.getElementsByTagName("literal")[0].firstChild.data == "6"
    rows = list(csv.reader(io.StringIO(_wrapper(server, COUNT_BUDGETS, CSV).convert().decode())))
    assert rows == [["n"], ["6"]]
    tsv = _wrapper(server, COUNT_BUDGETS, TSV).convert().decode().splitlines()
    assert tsv == ["?n", "6"]  # an xsd:integer in its Turtle short form


def test_select_figures_match_generated_data(served):
    server, facts = served
    q = open_example("largest_functional_classes")
    data = _wrapper(server, q, JSON).convert()
    got = [(b["code"]["value"], Decimal(b["total_yuan"]["value"])) for b in data["results"]["bindings"]]
    expected = sorted(facts.class_totals.items(), key=lambda kv: -kv[1])
    assert got == expected


def open_example(name: str) -> str:
    from budget_lod.web.sparql import examples

    return next(e.text for e in examples() if e.name == name)


@pytest.mark.parametrize("name", ["largest_functional_classes", "three_public_by_department",
                                  "project_indicators", "violations"])
def test_every_example_query_answers_rows(served, name):
    server, facts = served
    data = _wrapper(server, open_example(name), JSON).convert()
    assert data["results"]["bindings"], name


def test_three_public_example_matches(served):
    server, facts = served
    data = _wrapper(server, open_example("three_public_by_department"), JSON).convert()
    got = {}
    for b in data["results"]["bindings"]:
        key = (b["department"]["value"], int(b["year"]["value"]))
        got.setdefault(key, {})[b["measure"]["value"].rsplit("/", 1)[1]] = Decimal(b["amount_yuan"]["value"])
    assert got == facts.three_public
    for figures in got.values():  # the generator's arithmetic, checked independently
        assert figures["vehicle_total"] == figures["vehicle_purchase"] + figures["vehicle_operation"]


def test_violations_example_counts(served):
    server, facts = served
    data = _wrapper(server, open_example("violations"), JSON).convert()
    assert len(data["results"]["bindings"]) == facts.violations == 6


def test_ask(served):
    server, _ = served
    assert _wrapper(server, PREFIX + "ASK { ?b a bud:Budget }", JSON).convert()["boolean"] is True
    assert _wrapper(server, PREFIX + "ASK { ?b a bud:Nothing }", JSON).convert()["boolean"] is False
    xml = _wrapper(server, PREFIX + "ASK { ?b a bud:Budget }", XML).convert()
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "true"


CONSTRUCT = PREFIX + "CONSTRUCT { ?b a bud:Budget ; bud:fiscalYear ?y } WHERE { ?b a bud:Budget ; bud:fiscalYear ?y }"


@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD, N3])
def test_construct_in_graph_formats(served, fmt):
    server, _ = served
    result = _wrapper(server, CONSTRUCT, fmt)
    # read the body ourselves: SPARQLWrapper's convert() builds a deprecated rdflib ConjunctiveGraph
    body = result.response.read()
    ctype = result.response.headers["Content-Type"].split(";")[0]
    g = rdflib.Graph().parse(data=body, format={"text/turtle": "turtle", "application/rdf+xml": "xml",
                                                "application/ld+json": "json-ld"}[ctype])
    budgets = set(g.subjects(rdflib.RDF.type, rdflib.URIRef(server.base + "def/budget#Budget")))
    assert len(budgets) == 6
    assert len(g) == 12


def test_describe(served):
    server, _ = served
    budget = _wrapper(server, PREFIX + "SELECT ?b WHERE { ?b a bud:Budget } LIMIT 1", JSON).convert()
    iri = budget["results"]["bindings"][0]["b"]["value"]
    g = rdflib.Graph().parse(data=_wrapper(server, f"DESCRIBE <{iri}>", TURTLE).response.read(), format="turtle")
    assert (rdflib.URIRef(iri), rdflib.RDF.type, rdflib.URIRef(server.base + "def/budget#Budget")) in g


def test_post_form_and_sparql_query_body(served):
    server, _ = served
    w = SPARQLWrapper(server.url)
    w.setMethod(POST)
    w.setQuery(COUNT_BUDGETS)
    w.setReturnFormat(JSON)
    assert w.query().convert()["results"]["bindings"][0]["n"]["value"] == "6"
    status, headers, body = _get(server.url, {"Content-Type": "application/sparql-query",
                                              "Accept": "text/csv"}, "POST", COUNT_BUDGETS.encode())
    assert status == 200 and body.decode().split() == ["n", "6"]


def test_format_parameter_and_406(served):
    server, _ = served
    q = urllib.parse.quote(COUNT_BUDGETS)
    status, headers, body = _get(f"{server.url}?query={q}&format=csv", {"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    status, _, body = _get(f"{server.url}?query={q}", {"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body
    status, headers, _ = _get(f"{server.url}?query={urllib.parse.quote(CONSTRUCT)}", {"Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <http://example.org/g>",
    "CREATE GRAPH <http://example.org/g>",
])
def test_updates_refused(served, text):
    server, _ = served
    status, _, body = _get(f"{server.url}?query={urllib.parse.quote(text)}")
    assert status == 403 and b"read-only" in body
    form = urllib.parse.urlencode({"update": text}).encode()
    status, _, body = _get(server.url, {"Content-Type": "application/x-www-form-urlencoded"}, "POST", form)
    assert status == 403
    status, _, body = _get(server.url, {"Content-Type": "application/sparql-update"}, "POST", text.encode())
    assert status == 403
    # and the data is untouched
    assert _wrapper(server, COUNT_BUDGETS, JSON).convert()["results"]["bindings"][0]["n"]["value"] == "6"


def test_syntax_error_is_400(served):
    server, _ = served
    status, _, body = _get(f"{server.url}?query={urllib.parse.quote('SELECT WHERE nonsense')}")
    assert status == 400 and b"not a valid SPARQL" in body


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ ?a ?b ?c OPTIONAL {{ service   silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <http://127.0.0.1:{port}/> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }} }}",
    "LOAD <http://127.0.0.1:{port}/data.ttl>",
    # SPARQL decodes \\u escapes before parsing: an escaped keyword is still SERVICE
    "SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
])
def test_service_and_load_never_connect(served, template):
    server, _ = served
    listener = Listener()
    try:
        text = template.format(port=listener.port)
        status, _, body = _get(f"{server.url}?query={urllib.parse.quote(text)}")
        assert status == 403
        form = urllib.parse.urlencode({"query": text}).encode()
        status, _, _ = _get(server.url, {"Content-Type": "application/x-www-form-urlencoded"}, "POST", form)
        assert status == 403
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()


def test_listener_does_see_connections():
    """The listener above can fail: a direct connection is counted."""
    listener = Listener()
    try:
        socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()
        time.sleep(0.5)
        assert listener.connections == 1
    finally:
        listener.close()


def test_service_inside_a_string_is_harmless(served):
    server, _ = served
    q = 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/> { }" AS ?x) }'
    data = _wrapper(server, q, JSON).convert()
    assert data["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


def test_cors(served):
    server, _ = served
    status, headers, _ = _get(server.url, {"Origin": "http://elsewhere.example",
                                           "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"}, "OPTIONS")
    assert status == 200 and headers["Content-Length"] == "0"  # an ok status, as CORS asks; not 204 (see answer())
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "content-type" in headers["Access-Control-Allow-Headers"].lower()
    status, headers, _ = _get(f"{server.url}?query={urllib.parse.quote(COUNT_BUDGETS)}", {"Origin": "http://x.example"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = _get(f"{server.url}?query=DROP%20ALL", {"Origin": "http://x.example"})
    assert status == 403 and headers["Access-Control-Allow-Origin"] == "*"


def test_row_cap(served):
    server, _ = served
    q = urllib.parse.quote("SELECT ?s WHERE { ?s ?p ?o }")
    status, headers, body = _get(f"{server.url}?query={q}", {"Accept": "application/sparql-results+json"})
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    assert headers["X-Result-Truncated"] == "true" and headers["X-Result-Limit"] == str(MAX_ROWS)
    status, headers, body = _get(f"{server.url}?query={urllib.parse.quote(COUNT_BUDGETS)}")
    assert "X-Result-Truncated" not in headers


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_heavy_query_is_stopped_while_others_are_served(served):
    """The heavy query runs in a worker until the limit kills it; a light one is answered meanwhile (how quickly:
    ``bench/bench_limits.py``)."""
    server, _ = served
    outcome = {}

    def heavy():
        outcome["heavy"] = _get(f"{server.url}?query={urllib.parse.quote(HEAVY)}")

    t = threading.Thread(target=heavy)
    t.start()
    time.sleep(0.3)  # the heavy query is running in a worker now
    status, _, body = _get(f"{server.url}?query={urllib.parse.quote(COUNT_BUDGETS)}",
                           {"Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "6"
    assert "heavy" not in outcome  # answered while the heavy query still ran
    t.join(30)
    status, headers, body = outcome["heavy"]
    assert status == 503 and headers["Retry-After"] == "5"
    assert f"time limit of {TIMEOUT:g} s" in body.decode()
    # the killed worker is replaced: later queries still run
    for _ in range(3):
        status, _, _ = _get(f"{server.url}?query={urllib.parse.quote(COUNT_BUDGETS)}")
        assert status == 200


def test_query_page_for_browsers(served):
    server, _ = served
    status, headers, body = _get(server.url, {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    html = body.decode()
    assert "SPARQL 查询" in html and "sparql.js" in html
    from budget_lod.web.sparql import examples

    for e in examples():
        assert e.title_zh in html and e.title_en in html
    status, headers, body = _get(server.url.replace("/sparql", "/static/sparql.js"))
    assert status == 200 and b"sparql-results+json" in body


def test_missing_query_for_machines_is_400(served):
    server, _ = served
    status, _, body = _get(server.url, {"Accept": "application/sparql-results+json"})
    assert status == 400 and b"missing query" in body


def test_ingest_beside_the_running_server_is_seen_without_restart(served):
    server, _ = served
    ask = "ASK { <http://example.org/new> a <http://example.org/Thing> }"
    assert _wrapper(server, ask, JSON).convert()["boolean"] is False
    g = rdflib.Graph()
    g.add((rdflib.URIRef("http://example.org/new"), rdflib.RDF.type, rdflib.URIRef("http://example.org/Thing")))
    store_dir = server.store_dir
    with open_store(store_dir, mode="write") as s:
        s.replace_document("http://example.org/graph/new", g, "http://example.org/graph/new/report", rdflib.Graph())
    for _ in range(4):  # every worker (each request may reach another one) sees it
        assert _wrapper(server, ask, JSON).convert()["boolean"] is True
    with open_store(store_dir, mode="write") as s:
        s.remove_document("http://example.org/graph/new", "http://example.org/graph/new/report")
    assert _wrapper(server, ask, JSON).convert()["boolean"] is False


def test_remote_store_reads_through_our_endpoint(served):
    from budget_lod.store import RemoteStore

    server, facts = served
    remote = RemoteStore(server.url)
    with open_store(server.store_dir, mode="read") as local:
        assert remote.named_graphs() == local.named_graphs()
        budget = next(r["b"].value for r in local.query("PREFIX bud: <%sdef/budget#> SELECT ?b WHERE { ?b a bud:Budget }"
                                                         % server.base))
        assert set(remote.describe(budget)) == set(local.describe(budget))
        report = next(g for g in local.named_graphs() if g.endswith("/report"))
        assert set(remote.graph(report)) == set(local.graph(report)) and len(local.graph(report)) > 3
        with pytest.raises(StoreError, match=f"cut the result at {MAX_ROWS}"):
            remote.graph(local.named_graphs()[0])  # larger than the endpoint's cap: an error, not silent loss
    rows = list(remote.query(f"PREFIX bud: <{server.base}def/budget#> SELECT (COUNT(?b) AS ?n) WHERE {{ ?b a bud:Budget }}"))
    assert rows[0]["n"].value == "6"
    assert remote.query("ASK { ?s ?p ?o }") is True
    res = remote.query_serialized("SELECT ?s WHERE { ?s ?p ?o } LIMIT 20", "csv", max_rows=7)
    assert res.truncated and res.body.decode().count("\r\n") == 8  # header + 7 rows
    with pytest.raises(StoreError, match="read-only"):
        remote.replace_document("http://example.org/g", rdflib.Graph(), "http://example.org/g/report", rdflib.Graph())


def test_from_clauses_are_graph_names_not_downloads(served):
    server, _ = served
    listener = Listener()
    try:
        q = (f"SELECT * FROM <http://127.0.0.1:{listener.port}/a.ttl> FROM NAMED <http://127.0.0.1:{listener.port}/b> "
             "WHERE { ?s ?p ?o }")
        status, _, body = _get(f"{server.url}?query={urllib.parse.quote(q)}", {"Accept": "application/sparql-results+json"})
        assert status == 200 and json.loads(body)["results"]["bindings"] == []
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()


def test_a_preflight_keeps_the_connection_for_the_query(served):
    """A browser's CORS preflight (OPTIONS) is followed by the query on the same keep-alive connection."""
    import http.client

    server, _ = served
    url = urllib.parse.urlsplit(server.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        conn.request("OPTIONS", url.path, headers={"Origin": "http://elsewhere.test",
                                                   "Access-Control-Request-Method": "GET"})
        pre = conn.getresponse()
        pre.read()
        assert pre.status == 200 and pre.getheader("Access-Control-Allow-Origin") == "*"
        assert pre.getheader("Connection") != "close" and conn.sock is not None
        sock = conn.sock
        conn.request("GET", url.path + "?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
        answer = conn.getresponse()
        assert answer.status == 200 and json.loads(answer.read()) == {"head": {}, "boolean": True}
        assert conn.sock is sock  # the same connection
    finally:
        conn.close()
